package provider_test

import (
	"fmt"
	"maps"
	"net"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/walkme-community/terraform-provider-walkme/internal/acctest"
	"github.com/walkme-community/terraform-provider-walkme/internal/sandbox"
)

// This file holds the provider-level acceptance tests and the helpers that the reliability
// tests (faults_acc_test.go, parallelism_acc_test.go, secrets_acc_test.go) share.

// faultRetries: three retries, and a retry_wait_max above the Retry-After the tests send
// ("1"), so that it is honoured rather than capped.
const faultRetries = "  max_retries    = 3\n  retry_wait_max = \"3s\""

// relProviderAs is a provider block with faultRetries and other credentials.
func relProviderAs(env *acctest.Env, clientID, clientSecret string) string {
	return env.ProviderBlockWith(fmt.Sprintf("%s\n  client_id = %q\n  client_secret = %q", faultRetries, clientID, clientSecret))
}

// relSegment is a walkme_segment in the provider's default system.
func relSegment(name string, members ...string) string {
	q := make([]string, len(members))
	for i, m := range members {
		q[i] = fmt.Sprintf("%q", m)
	}
	return fmt.Sprintf(`
resource "walkme_segment" "fault" {
  name     = %q
  user_ids = [%s]
}
`, name, strings.Join(q, ", "))
}

// relUsers pushes two users of the sandbox's default integration; u1's Status varies.
func relUsers(status string) string {
	return fmt.Sprintf(`
resource "walkme_user_attributes" "fault" {
  integration_token = %q
  user_id_property  = "Email"
  attribute_types   = { Status = "string" }
  users = {
    "u1@example.com" = { Status = %q }
    "u2@example.com" = { Status = "New" }
  }
}
`, sandbox.DefaultIntegrationToken, status)
}

// relNotification sends again whenever trigger changes.
func relNotification(trigger string) string {
	return fmt.Sprintf(`
resource "walkme_notification" "fault" {
  system_id     = %q
  template_id   = %q
  end_user_ids  = ["u1@example.com"]
  runtime_title = "Fault matrix"
  start_at      = "2030-05-10 11:30"
  end_at        = "2030-05-11 11:30"
  triggers      = { send = %q }
}
`, sandbox.DefaultWorkstationSystem, sandbox.DefaultTemplateID, trigger)
}

// relCheckNoSegment asserts that the system holds no segment named name.
func relCheckNoSegment(env *acctest.Env, name string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		for _, s := range env.Sandbox.Segments(sandbox.DefaultSystemGUID) {
			if s.Name == name {
				return fmt.Errorf("the sandbox still holds segment %q (%s)", name, s.GUID)
			}
		}
		return nil
	}
}

// relCheckStatus asserts what the sandbox logged for endpoint since its log was reset:
// one entry per request, the status it answered, suffixed "+dropped" when the connection
// was then closed without an answer.
func relCheckStatus(env *acctest.Env, endpoint string, want ...string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		got := []string{}
		for _, r := range env.Sandbox.Requests() {
			if r.Endpoint != endpoint {
				continue
			}
			s := fmt.Sprint(r.Status)
			if strings.HasPrefix(r.Fault, "drop") {
				s += "+dropped"
			}
			got = append(got, s)
		}
		if strings.Join(got, " ") != strings.Join(want, " ") {
			return fmt.Errorf("%s requests answered %q, want %q", endpoint, got, want)
		}
		return nil
	}
}

// relCheckUsers asserts the Status stored for each user of the default integration.
func relCheckUsers(env *acctest.Env, want map[string]string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		for user, status := range want {
			attrs, ok := env.Sandbox.UserAttributes(sandbox.DefaultIntegrationToken, user)
			if !ok {
				return fmt.Errorf("the sandbox has no attributes for %s", user)
			}
			if attrs["Status"] != status {
				return fmt.Errorf("%s has Status %v, want %q", user, attrs["Status"], status)
			}
		}
		return nil
	}
}

// relCheckNotifications asserts how many notifications the sandbox accepted in all.
func relCheckNotifications(env *acctest.Env, want int) resource.TestCheckFunc {
	return func(*terraform.State) error {
		if n := len(env.Sandbox.Notifications()); n != want {
			return fmt.Errorf("the sandbox holds %d notifications, want %d", n, want)
		}
		return nil
	}
}

// relInject is a PreConfig: reset the log and the faults, then queue faults.
func relInject(env *acctest.Env, faults ...sandbox.Fault) func() {
	return func() {
		env.Sandbox.ClearFaults()
		env.Sandbox.ResetLog()
		for _, f := range faults {
			env.Sandbox.InjectFault(f)
		}
	}
}

func relPlanIs(addr string, action plancheck.ResourceActionType) resource.ConfigPlanChecks {
	return resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, action)}}
}

// TestAccProvider_wrongCredentials: a secret WalkMe rejects stops at the first request with
// an error that names the attributes and the environment variables to fix, and nothing
// else is attempted.
func TestAccProvider_wrongCredentials(t *testing.T) {
	env := acctest.NewEnv(t)
	acctest.ParallelTest(t, resource.TestCase{
		Steps: []resource.TestStep{{
			Config: relProviderAs(env, sandbox.DefaultClientID, "not-the-secret") + relSegment("Wrong credentials", "a@example.com"),
			ExpectError: acctest.Phrases("WalkMe rejected the client credentials", "401",
				"client_id", "client_secret", "WALKME_CLIENT_ID", "WALKME_CLIENT_SECRET"),
		}},
	})
	if n := env.Sandbox.Count(sandbox.EndpointToken); n != 1 {
		t.Errorf("%d token requests, want 1: rejected credentials are not retried", n)
	}
	for _, e := range []string{sandbox.EndpointSegmentList, sandbox.EndpointSegmentCreate} {
		if n := env.Sandbox.Count(e); n != 0 {
			t.Errorf("%d %s requests without a token", n, e)
		}
	}
}

// TestAccProvider_plainHTTPRefused: an api_url with plain http to a host that is not
// loopback is refused before anything is sent, naming the attribute and the value. The URL
// points at a server of this test on a non-loopback address, so an accepted URL would
// show as requests there. (Every other acceptance test proves that http to loopback, the
// sandbox, is accepted.)
func TestAccProvider_plainHTTPRefused(t *testing.T) {
	var hits atomic.Int32
	url := relNonLoopbackServer(t, http.HandlerFunc(func(http.ResponseWriter, *http.Request) { hits.Add(1) }))
	acctest.ParallelTest(t, resource.TestCase{
		Steps: []resource.TestStep{{
			Config: fmt.Sprintf(`
provider "walkme" {
  api_url       = %q
  client_id     = "id"
  client_secret = "secret"
  system_guid   = %q
}
`, url, sandbox.DefaultSystemGUID) + relSegment("Plain http", "a@example.com") + relUsers("New"),
			ExpectError: acctest.Phrases("api_url", url, "plain http", "only https is allowed, except for loopback hosts"),
		}},
	})
	if n := hits.Load(); n != 0 {
		t.Errorf("%d requests were sent over plain http", n)
	}
}

// relNonLoopbackServer serves h on this machine's first non-loopback IPv4 address and
// returns its http URL; without one, a name that does not resolve.
func relNonLoopbackServer(t *testing.T, h http.Handler) string {
	t.Helper()
	addrs, _ := net.InterfaceAddrs()
	for _, a := range addrs {
		ipnet, ok := a.(*net.IPNet)
		if !ok || ipnet.IP.IsLoopback() || ipnet.IP.To4() == nil {
			continue
		}
		var lc net.ListenConfig
		l, err := lc.Listen(t.Context(), "tcp", ipnet.IP.String()+":0")
		if err != nil {
			continue
		}
		srv := httptest.NewUnstartedServer(h)
		srv.Listener = l
		srv.Start()
		t.Cleanup(srv.Close)
		return srv.URL
	}
	t.Log("no non-loopback address to listen on: using a name that does not resolve")
	return "http://walkme.plain-http.invalid:8080"
}

// TestAccProvider_unknownCredentialsAtPlan: credentials that come from another resource
// are unknown during plan; the plan succeeds without calling WalkMe, and the apply, once
// they are known, creates everything.
func TestAccProvider_unknownCredentialsAtPlan(t *testing.T) {
	env := acctest.NewEnv(t)
	cfg := fmt.Sprintf(`
resource "terraform_data" "secret" {
  input = %q
}

provider "walkme" {
  api_url        = %q
  client_id      = %q
  client_secret  = terraform_data.secret.output
  system_guid    = %q
  retry_wait_min = "10ms"
  retry_wait_max = "50ms"
}
`, sandbox.DefaultClientSecret, env.URL, sandbox.DefaultClientID, sandbox.DefaultSystemGUID) +
		relSegment("Unknown credentials", "a@example.com", "b@example.com") + relUsers("New") + relNotification("1")
	acctest.ParallelTest(t, resource.TestCase{
		Steps: []resource.TestStep{
			{
				Config:             cfg,
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{
					plancheck.ExpectUnknownValue("walkme_segment.fault", tfjsonpath.New("system_guid")),
					relNoRequests(env),
				}},
			},
			{
				Config: cfg,
				Check: resource.ComposeAggregateTestCheckFunc(
					env.CheckSegmentMembers("Unknown credentials", "a@example.com", "b@example.com"),
					relCheckUsers(env, map[string]string{"u1@example.com": "New", "u2@example.com": "New"}),
					relCheckNotifications(env, 1),
				),
			},
		},
	})
}

// relNoRequests is a plan check that the sandbox has seen no request at all.
func relNoRequests(env *acctest.Env) plancheck.PlanCheck {
	return acctest.PlanCheckFunc(func(plancheck.CheckPlanRequest) error {
		if reqs := env.Sandbox.Requests(); len(reqs) != 0 {
			return fmt.Errorf("the plan sent %d requests to WalkMe, the first %s %s; want none while credentials are unknown",
				len(reqs), reqs[0].Method, reqs[0].Path)
		}
		return nil
	})
}

// TestAccProvider_userAgent: every request, the token requests included, names the
// provider's version and the version of the Terraform CLI that runs it.
func TestAccProvider_userAgent(t *testing.T) {
	var mu sync.Mutex
	agents := map[string]map[string]bool{} // endpoint → User-Agent values
	env := acctest.NewWrappedEnv(t, func(sb *sandbox.Server, next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			ep := relEndpoint(r)
			mu.Lock()
			if agents[ep] == nil {
				agents[ep] = map[string]bool{}
			}
			agents[ep][r.UserAgent()] = true
			mu.Unlock()
			next.ServeHTTP(w, r)
		})
	})
	// OpenTofu tells providers the Terraform version it is compatible with, not its own
	// (1.13.0 from OpenTofu 1.12.6): the provider can only pass that on.
	want := regexp.MustCompile(`^terraform-provider-walkme/test terraform/\d+\.\d+\.\d+$`)
	if tf := acctest.AcceptanceCLI(t); !tf.OpenTofu {
		want = regexp.MustCompile("^" + regexp.QuoteMeta("terraform-provider-walkme/test terraform/"+tf.Version.String()) + "$")
	}
	acctest.ParallelTest(t, resource.TestCase{
		Steps: []resource.TestStep{{
			Config: env.ProviderBlockWith(faultRetries) + relSegment("User agent", "a@example.com") + relUsers("New") + relNotification("1"),
			Check: func(*terraform.State) error {
				mu.Lock()
				defer mu.Unlock()
				all := map[string]bool{}
				for _, ep := range []string{"token", "segment.list", "segment.create", "userdata.push", "notification.send"} {
					if ua := slices.Sorted(maps.Keys(agents[ep])); len(ua) != 1 || !want.MatchString(ua[0]) {
						return fmt.Errorf("%s requests carried User-Agent %v, want only one matching %s", ep, ua, want)
					}
					all[slices.Sorted(maps.Keys(agents[ep]))[0]] = true
				}
				if len(all) != 1 {
					return fmt.Errorf("requests carried different User-Agents: %v", slices.Sorted(maps.Keys(all)))
				}
				return nil
			},
		}},
	})
}

// relEndpoint names a request the way the sandbox's log does, for the few it needs.
func relEndpoint(r *http.Request) string {
	switch p := r.URL.Path; {
	case p == "/accounts/connect/token":
		return "token"
	case p == "/public/v1/user/data":
		return "userdata.push"
	case p == "/public/v1/notifications/send":
		return "notification.send"
	case strings.HasSuffix(p, "/segment") && r.Method == http.MethodGet:
		return "segment.list"
	case strings.HasSuffix(p, "/segment") && r.Method == http.MethodPost:
		return "segment.create"
	case strings.Contains(p, "/segment/") && r.Method == http.MethodPut:
		return "segment.update"
	case strings.Contains(p, "/segment/") && r.Method == http.MethodDelete:
		return "segment.delete"
	}
	return "other"
}
