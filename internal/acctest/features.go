package acctest

import (
	"fmt"
	"os"
	"testing"

	"github.com/hashicorp/go-version"
)

// Feature is a Terraform language feature that some supported CLIs lack. A test of it calls
// Require, the one version gate of the suite.
type Feature struct {
	Name      string
	Terraform string // the first Terraform version that has it
	OpenTofu  string // the first OpenTofu version that has it; "" when OpenTofu has none
}

// The features the provider uses that not every supported CLI has. Actions and list
// resources are Terraform-only: OpenTofu rejects action blocks and has no `query` command.
// OpenTofu 1.12 (seen with 1.12.6) stores identities and imports by them.
var (
	Actions          = Feature{Name: "actions (action blocks, action_trigger, -invoke)", Terraform: "1.14.0"}
	ListResources    = Feature{Name: "list resources (terraform query)", Terraform: "1.14.0"}
	ResourceIdentity = Feature{Name: "resource identity (import blocks by identity)", Terraform: "1.12.0", OpenTofu: "1.12.0"}
)

// Supports reports whether the CLI has the feature, and if not, why.
func (c CLIInfo) Supports(f Feature) (bool, string) {
	minimum := f.Terraform
	if c.OpenTofu {
		minimum = f.OpenTofu
	}
	if minimum == "" {
		return false, fmt.Sprintf("%s: Terraform %s or later only, not OpenTofu", f.Name, f.Terraform)
	}
	if c.Version.LessThan(version.Must(version.NewVersion(minimum))) {
		product := "Terraform"
		if c.OpenTofu {
			product = "OpenTofu"
		}
		return false, fmt.Sprintf("%s: %s %s or later", f.Name, product, minimum)
	}
	return true, ""
}

// EnvRequireAll, set to 1, turns every feature gate into a failure: make testacc sets it for
// the newest Terraform, on which nothing may skip.
const EnvRequireAll = "WALKME_ACC_REQUIRE_ALL"

// Require runs the test only on a CLI that has the feature. On another it skips, saying which
// CLI lacks what, an expected skip on the oldest Terraform and on OpenTofu; with
// WALKME_ACC_REQUIRE_ALL=1 it fails instead. It also runs PreCheck: a missing CLI fails.
func Require(t testing.TB, f Feature) CLIInfo {
	t.Helper()
	c := AcceptanceCLI(t)
	ok, why := c.Supports(f)
	if ok {
		return c
	}
	if os.Getenv(EnvRequireAll) == "1" {
		t.Fatalf("%s lacks %s, but %s=1 requires every test to run", c.Name(), why, EnvRequireAll)
	}
	t.Skipf("expected on %s: %s", c.Name(), why)
	return c
}
