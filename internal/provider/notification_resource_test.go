package provider_test

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/walkme-community/terraform-provider-walkme/internal/acctest"
	"github.com/walkme-community/terraform-provider-walkme/internal/sandbox"
)

const notificationAddr = "walkme_notification.outage"

func notificationConfig(release, runtimeTitle, extra string) string {
	return fmt.Sprintf(`
resource "walkme_notification" "outage" {
  system_id     = %q
  template_id   = %q
  end_user_ids  = ["john@example.com", "melissa@example.com"]
  type          = "push"
  runtime_title = %q
  start_at      = "2030-05-10 11:30"
  end_at        = "2030-05-10T23:00:00+02:00"
  overrides     = { URL = "https://status.example.com", OPP_NAME_ATTRIBUTE = "Acme" }
  triggers      = { release = %q }
}
%s`, sandbox.DefaultWorkstationSystem, sandbox.DefaultTemplateID, runtimeTitle, release, extra)
}

// checkLastBody asserts the last send's body, compared as canonical JSON.
func checkLastBody(t *testing.T, env *acctest.Env, want string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		var last []byte
		for _, r := range env.Sandbox.Requests() {
			if r.Endpoint == sandbox.EndpointNotificationSend {
				last = r.Body
			}
		}
		if last == nil {
			return fmt.Errorf("no notification send recorded")
		}
		assertJSON(t, last, want)
		return nil
	}
}

func captureID(dst *string) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		rs, ok := s.RootModule().Resources[notificationAddr]
		if !ok {
			return fmt.Errorf("%s not in state", notificationAddr)
		}
		*dst = rs.Primary.ID
		return nil
	}
}

func checkIDChanged(prev *string) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		id := s.RootModule().Resources[notificationAddr].Primary.ID
		if id == *prev {
			return fmt.Errorf("id %s did not change: the notification was not sent again", id)
		}
		*prev = id
		return nil
	}
}

func sentBody(runtimeTitle string) string {
	return fmt.Sprintf(`{"notification":{"systemId":%q,"templateId":%q,
		"endUsersIds":["john@example.com","melissa@example.com"],"notificationType":"push","runtimeTitle":%q,
		"startAt":"2030-05-10 11:30","endAt":"2030-05-10 21:00",
		"override":[{"key":"OPP_NAME_ATTRIBUTE","value":"Acme"},{"key":"URL","value":"https://status.example.com"}]}}`,
		sandbox.DefaultWorkstationSystem, sandbox.DefaultTemplateID, runtimeTitle)
}

var uuidRe = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)

// Send on create; an unrelated change sends nothing; a triggers change and an argument
// change each send once more; destroy sends nothing.
func TestAccNotificationResource_lifecycle(t *testing.T) {
	env := acctest.NewEnv(t)
	var id string
	acctest.Test(t, resource.TestCase{
		Steps: []resource.TestStep{
			{
				Config: env.Config(notificationConfig("1", "Maintenance tonight", "")),
				Check: resource.ComposeAggregateTestCheckFunc(
					env.CheckRequests(sandbox.EndpointNotificationSend, 1),
					checkLastBody(t, env, sentBody("Maintenance tonight")),
					resource.TestMatchResourceAttr(notificationAddr, "id", uuidRe),
					resource.TestMatchResourceAttr(notificationAddr, "sent_at", regexp.MustCompile(`^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$`)),
					resource.TestCheckResourceAttr(notificationAddr, "start_at", "2030-05-10 11:30"), // as written, not normalised
					captureID(&id),
				),
			},
			{
				Config: env.Config(notificationConfig("1", "Maintenance tonight", `
resource "terraform_data" "unrelated" {
  input = "anything"
}`)),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(notificationAddr, plancheck.ResourceActionNoop),
				}},
				Check: env.CheckRequests(sandbox.EndpointNotificationSend, 1),
			},
			{
				Config: env.Config(notificationConfig("2", "Maintenance tonight", "")),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(notificationAddr, plancheck.ResourceActionDestroyBeforeCreate),
				}},
				Check: resource.ComposeAggregateTestCheckFunc(
					env.CheckRequests(sandbox.EndpointNotificationSend, 2),
					checkLastBody(t, env, sentBody("Maintenance tonight")),
					checkIDChanged(&id),
				),
			},
			{
				Config: env.Config(notificationConfig("2", "Maintenance moved to Friday", "")),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(notificationAddr, plancheck.ResourceActionDestroyBeforeCreate),
				}},
				Check: resource.ComposeAggregateTestCheckFunc(
					env.CheckRequests(sandbox.EndpointNotificationSend, 3),
					checkLastBody(t, env, sentBody("Maintenance moved to Friday")),
					checkIDChanged(&id),
				),
			},
		},
		CheckDestroy: env.CheckRequests(sandbox.EndpointNotificationSend, 3),
	})
}

// Every invalid configuration fails the plan with a message naming the attribute and the
// value, and nothing reaches WalkMe.
func TestAccNotificationResource_planErrors(t *testing.T) {
	env := acctest.NewEnv(t)
	cfg := func(attrs string) string {
		return env.Config(fmt.Sprintf(`
resource "walkme_notification" "bad" {
%s
}`, attrs))
	}
	const tmpl = `  template_id = "` + sandbox.DefaultTemplateID + `"` + "\n"
	const users = `  end_user_ids = ["john@example.com"]` + "\n"
	cases := []struct {
		attrs string
		want  string
	}{
		{tmpl, "Neither end_user_ids nor audience_ids names a recipient"},
		{tmpl + `  end_user_ids = [for i in range(101) : "user${i}@example.com"]`,
			"end_user_ids lists 101 IDs, but WalkMe accepts at most 100 end users per notification. Put these users in an audience"},
		{tmpl + users + `  start_at = "10/05/2030"`, `start_at = "10/05/2030" is not a date in an accepted format`},
		{tmpl + users + `  start_at = "2030-05-10 25:00"`, `start_at = "2030-05-10 25:00" is not a time: hour 25 is out of range`},
		{tmpl + users + `  end_at = "2030-02-30"`, `end_at = "2030-02-30" is not a date: February 2030 has 28 days`},
		{tmpl + users + `  start_at = "2030-05-10"` + "\n" + `  end_at = "2030-05-09 23:59"`,
			`end_at = "2030-05-09 23:59" (2030-05-09 23:59 UTC) is not after start_at = "2030-05-10"`},
		{tmpl + users + `  type = "banner"`, `type = "banner" is not accepted`},
		{tmpl + users + `  overrides = { "" = "x" }`, `overrides has an empty key ""`},
		{tmpl + users + `  overrides = { "###URL###" = "x" }`, `overrides key "###URL###" includes the ### wrapping: write "URL"`},
		{users, `The argument "template_id" is required`},
		{`  template_id = ""` + "\n" + users, `template_id = "" is empty`},
		// Clock-dependent: checked when the plan would send.
		{tmpl + users + `  end_at = "2020-01-01"`, `end_at = "2020-01-01" (2020-01-01 00:00 UTC) is not after now`},
	}
	steps := make([]resource.TestStep, len(cases))
	for i, c := range cases {
		steps[i] = resource.TestStep{Config: cfg(c.attrs), PlanOnly: true, ExpectError: acctest.Phrases(c.want)}
	}
	acctest.Test(t, resource.TestCase{Steps: steps})
	if n := env.Sandbox.Count(sandbox.EndpointNotificationSend); n != 0 {
		t.Errorf("invalid configurations reached WalkMe %d times", n)
	}
}
