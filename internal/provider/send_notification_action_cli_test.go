package provider_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/walkme-community/terraform-provider-walkme/internal/acctest"
	"github.com/walkme-community/terraform-provider-walkme/internal/sandbox"
)

// actionConfig is a walkme_send_notification action "x" with the given config attributes.
func actionConfig(env *acctest.Env, attrs string) string {
	return env.Config(`
action "walkme_send_notification" "x" {
  config {
` + attrs + `
  }
}
`)
}

// `terraform apply -invoke` sends the notification once, with exactly the configured body,
// and reports the progress messages; a plain plan or apply of the same configuration sends
// nothing.
func TestAccSendNotificationAction_invoke(t *testing.T) {
	acctest.Require(t, acctest.Actions)
	env := acctest.NewEnv(t)
	cli := acctest.NewCLIRunner(t)
	cli.Write("main.tf", actionConfig(env, fmt.Sprintf(`
    system_id           = %q
    template_id         = %q
    end_user_ids        = ["john@example.com", "melissa@example.com"]
    type                = "popup"
    runtime_title       = "The CRM is down"
    runtime_description = "We are working on it."
    start_at            = "2030-05-10T11:30:00+03:00"
    end_at              = "2030-05-11"
    overrides           = { URL = "https://status.example.com" }
`, sandbox.DefaultWorkstationSystem, sandbox.DefaultTemplateID)))
	cli.Must("init", "-input=false", "-no-color")
	if out := cli.Must("apply", "-auto-approve", "-input=false", "-no-color"); strings.Contains(out, "Notification sent") {
		t.Errorf("an apply without -invoke ran the action:\n%s", out)
	}
	if err := env.CheckRequests(sandbox.EndpointNotificationSend, 0)(nil); err != nil {
		t.Fatal(err)
	}

	out := cli.Must("apply", "-auto-approve", "-input=false", "-no-color", "-invoke=action.walkme_send_notification.x")
	for _, want := range []string{"Sending notification to 2 end users", "Notification sent"} {
		if !strings.Contains(out, want) {
			t.Errorf("apply -invoke output lacks %q:\n%s", want, out)
		}
	}
	body := `{"notification":{"systemId":"` + sandbox.DefaultWorkstationSystem + `","templateId":"` + sandbox.DefaultTemplateID + `",` +
		`"endUsersIds":["john@example.com","melissa@example.com"],"notificationType":"popup",` +
		`"runtimeTitle":"The CRM is down","runtimeDescription":"We are working on it.",` +
		`"startAt":"2030-05-10 08:30","endAt":"2030-05-11 00:00",` +
		`"override":[{"key":"URL","value":"https://status.example.com"}]}}`
	if err := env.CheckRequests(sandbox.EndpointNotificationSend, 1)(nil); err != nil {
		t.Fatal(err)
	}
	if err := checkLastBody(t, env, body)(nil); err != nil {
		t.Fatal(err)
	}
	if _, errOut, err := cli.Run("plan", "-detailed-exitcode", "-input=false", "-no-color"); err != nil {
		t.Errorf("plan after the invoke is not empty: %v\n%s", err, errOut)
	}
	if err := env.CheckRequests(sandbox.EndpointNotificationSend, 1)(nil); err != nil {
		t.Fatal(err)
	}
}

// The action's validation errors reach the user through the CLI, naming the attribute and
// the value: `terraform validate` and `plan` for what does not depend on the clock, and
// `plan -invoke` for an end date already past. Nothing is sent.
func TestAccSendNotificationAction_validationErrorsInCLI(t *testing.T) {
	acctest.Require(t, acctest.Actions)
	env := acctest.NewEnv(t)
	cli := acctest.NewCLIRunner(t)
	cli.Write("main.tf", actionConfig(env, fmt.Sprintf(`
    template_id  = %q
    end_user_ids = ["a@example.com", "a@example.com"]
    type         = "toast"
`, sandbox.DefaultTemplateID)))
	cli.Must("init", "-input=false", "-no-color")
	for _, cmd := range [][]string{{"validate", "-no-color"}, {"plan", "-input=false", "-no-color"}} {
		_, errOut, err := cli.Run(cmd...)
		if err == nil {
			t.Fatalf("terraform %s accepted an invalid action", cmd[0])
		}
		for _, want := range []*struct{ phrases []string }{
			{[]string{`type = "toast" is not accepted: use "push" or "popup"`}},
			{[]string{`end_user_ids[1] = "a@example.com" repeats end_user_ids[0]`}},
		} {
			if !acctest.Phrases(want.phrases...).MatchString(errOut) {
				t.Errorf("terraform %s output lacks %q:\n%s", cmd[0], want.phrases, errOut)
			}
		}
	}

	cli.Write("main.tf", actionConfig(env, fmt.Sprintf(`
    template_id  = %q
    end_user_ids = ["a@example.com"]
    end_at       = "2020-01-01"
`, sandbox.DefaultTemplateID)))
	cli.Must("validate", "-no-color") // a past date is valid until the action is planned
	_, errOut, err := cli.Run("plan", "-input=false", "-no-color", "-invoke=action.walkme_send_notification.x")
	if err == nil || !acctest.Phrases("end_at is past", `end_at = "2020-01-01"`, "is not after now").MatchString(errOut) {
		t.Errorf("plan -invoke with a past end_at: err %v, want the past-date error:\n%s", err, errOut)
	}
	if n := env.Sandbox.Count(sandbox.EndpointNotificationSend); n != 0 {
		t.Errorf("invalid actions reached WalkMe %d times", n)
	}
}
