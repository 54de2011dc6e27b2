package provider_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/walkme-community/terraform-provider-walkme/internal/acctest"
)

// Issue 15 point 10: the demo's data source must not make a plan that changes a segment
// show the demo's outputs as changing. The test applies examples/demo itself (with the
// provider block and the file path overridden for the test's sandbox and directory).
func TestAccDemo_segmentChangeLeavesOutputsAlone(t *testing.T) {
	env := acctest.NewEnv(t)
	cli := acctest.NewCLIRunner(t)
	demo, err := os.ReadFile(filepath.Join("..", "..", "examples", "demo", "main.tf"))
	if err != nil {
		t.Fatal(err)
	}
	// The test serves the provider under the address Terraform assumes without a source.
	cli.Write("main.tf", strings.ReplaceAll(string(demo), `source = "walkme-community/walkme"`, `source = "hashicorp/walkme"`))
	members := filepath.Join(cli.Dir, "beta-users.txt")
	cli.Write("beta-users.txt", "user-1@example.com\nuser-2@example.com\n")
	cli.Write("override.tf", env.ProviderBlockWith(faultRetries)+`
resource "walkme_segment" "customers" {
  user_ids_file = "`+members+`"
}
`)
	cli.Must("init", "-no-color")
	cli.Must("apply", "-auto-approve", "-no-color")

	cli.Write("beta-users.txt", "user-1@example.com\nuser-2@example.com\nuser-3@example.com\n")
	out := cli.Must("plan", "-no-color")
	if !strings.Contains(out, "walkme_segment.customers will be updated in-place") {
		t.Fatalf("plan does not update the segment:\n%s", out)
	}
	// member_count changes, as it should; nothing else in the outputs.
	if _, outputs, _ := strings.Cut(out, "Changes to Outputs:"); strings.Contains(outputs, "known after apply") {
		t.Errorf("a membership change shows the demo's data source outputs as changing:\n%s", out)
	}
}
