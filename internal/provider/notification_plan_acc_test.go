package provider_test

import (
	"strings"
	"testing"

	"github.com/walkme-community/terraform-provider-walkme/internal/acctest"
	"github.com/walkme-community/terraform-provider-walkme/internal/sandbox"
)

// Issue 15 point 4: a plan that creates or replaces walkme_notification says that applying
// sends it, to whom, with its runtime title. Issue 10 item 10: "Push", as WalkMe's own
// example writes it, is accepted and sent as "push".
func TestAccNotificationResource_planSaysItSends(t *testing.T) {
	env := acctest.NewEnv(t)
	cli := acctest.NewCLIRunner(t)
	cfg := func(release string) string {
		return env.ProviderBlockWith(faultRetries) + `
resource "walkme_notification" "outage" {
  system_id     = "` + sandbox.DefaultWorkstationSystem + `"
  template_id   = "` + sandbox.DefaultTemplateID + `"
  end_user_ids  = ["john@example.com", "melissa@example.com"]
  audience_ids  = ["cf0bd4c1-86fd-4c79-a46a-c730d6789e63"]
  type          = "Push"
  runtime_title = "Maintenance tonight"
  start_at      = "2030-05-10 11:30"
  end_at        = "2030-05-11 11:30"
  triggers      = { release = "` + release + `" }
}
`
	}
	cli.Write("main.tf", cfg("1"))
	cli.Must("init", "-no-color")
	want := acctest.Phrases(`Warning: Applying sends a notification`,
		`Applying this plan sends the Workstation notification "Maintenance tonight" to 2 end users and 1 audience`)
	out := cli.Must("plan", "-no-color")
	if !want.MatchString(out) {
		t.Errorf("create plan does not match %s:\n%s", want, out)
	}
	out = cli.Must("apply", "-auto-approve", "-no-color")
	if n := strings.Count(out, "Warning: Applying sends a notification"); n != 1 {
		t.Errorf("apply shows the warning %d times, want 1:\n%s", n, out)
	}
	var body string
	for _, r := range env.Sandbox.Requests() {
		if r.Endpoint == sandbox.EndpointNotificationSend {
			body = string(r.Body)
		}
	}
	if !strings.Contains(body, `"notificationType":"push"`) {
		t.Errorf("sent %s, want notificationType push", body)
	}

	// No change: no warning.
	if out := cli.Must("plan", "-no-color"); strings.Contains(out, "Applying sends") || !strings.Contains(out, "No changes.") {
		t.Errorf("no-op plan:\n%s", out)
	}
	// A triggers change replaces it: the plan says it sends again, once.
	cli.Write("main.tf", cfg("2"))
	out = cli.Must("plan", "-no-color")
	if !want.MatchString(out) || strings.Count(out, "Warning: Applying sends a notification") != 1 {
		t.Errorf("replacement plan does not match %s once:\n%s", want, out)
	}
	// Destroy sends nothing and says nothing about sending.
	out = cli.Must("destroy", "-auto-approve", "-no-color")
	if strings.Contains(out, "Applying sends") {
		t.Errorf("destroy warns about sending:\n%s", out)
	}
}

// Issue 15 point 10: a destroy of walkme_user_attributes warns once (at plan), not twice.
func TestAccUserAttributes_destroyWarnsOnce(t *testing.T) {
	env := acctest.NewEnv(t)
	cli := acctest.NewCLIRunner(t)
	cli.Write("main.tf", env.ProviderBlockWith(faultRetries)+relUsers("New"))
	cli.Must("init", "-no-color")
	cli.Must("apply", "-auto-approve", "-no-color")
	out, errOut, err := cli.Run("destroy", "-auto-approve", "-no-color")
	if err != nil {
		t.Fatalf("destroy: %v\n%s\n%s", err, out, errOut)
	}
	if n := strings.Count(out+errOut, "Warning: WalkMe keeps the pushed user attributes"); n != 1 {
		t.Errorf("destroy warns %d times, want once:\n%s", n, out)
	}
}
