package provider_test

import (
	"fmt"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/walkme-community/terraform-provider-walkme/internal/acctest"
	"github.com/walkme-community/terraform-provider-walkme/internal/sandbox"
)

// The fault matrix: the real Terraform CLI applies segments, user attributes and
// notifications while the sandbox rate-limits, fails, loses responses, expires tokens or
// refuses permissions. Each case checks what WalkMe (the sandbox) holds afterwards, what
// reached it, and what the next plan proposes: nothing lost, nothing doubled, nothing
// claimed as applied that was not. The client's unit tests prove the mechanisms (backoff
// bounds, jitter, Retry-After parsing, token sharing under -race); these prove that the
// resources build on them correctly.

const (
	relSegAddr   = "walkme_segment.fault"
	relUsersAddr = "walkme_user_attributes.fault"
	relNotifAddr = "walkme_notification.fault"

	epCreate = sandbox.EndpointSegmentCreate
	epUpdate = sandbox.EndpointSegmentUpdate
	epDelete = sandbox.EndpointSegmentDelete
	epPush   = sandbox.EndpointUserDataPush
	epSend   = sandbox.EndpointNotificationSend
)

// Three versions of one configuration: create, update (one segment override, one user
// changed, the notification replaced so it sends again), and the segment removed.
func relCreateConfig(env *acctest.Env, seg string, notify bool) string {
	cfg := env.ProviderBlockWith(faultRetries) + relSegment(seg, "a@example.com", "b@example.com") + relUsers("New")
	if notify {
		cfg += relNotification("1")
	}
	return cfg
}

func relUpdateConfig(env *acctest.Env, seg string, notify bool) string {
	cfg := env.ProviderBlockWith(faultRetries) + relSegment(seg, "a@example.com", "c@example.com") + relUsers("Active")
	if notify {
		cfg += relNotification("2")
	}
	return cfg
}

func relDeleteConfig(env *acctest.Env, notify bool) string {
	cfg := env.ProviderBlockWith(faultRetries) + relUsers("Active")
	if notify {
		cfg += relNotification("2")
	}
	return cfg
}

var (
	relCreated = map[string]string{"u1@example.com": "New", "u2@example.com": "New"}
	relUpdated = map[string]string{"u1@example.com": "Active", "u2@example.com": "New"}
)

// relVerify is a PreConfig that checks what the previous (failed) step left in the
// sandbox, then clears the faults and the log for the next apply.
func relVerify(t *testing.T, env *acctest.Env, checks ...resource.TestCheckFunc) func() {
	return func() {
		for _, c := range checks {
			if err := c(nil); err != nil {
				t.Error(err)
			}
		}
		env.Sandbox.ClearFaults()
		env.Sandbox.ResetLog()
	}
}

// relCheckWaited asserts that every request of endpoint answered 429 with Retry-After
// was repeated no sooner than wait later. Without Retry-After, the provider's backoff
// would have repeated it within 20ms (retry_wait_min = 10ms).
func relCheckWaited(env *acctest.Env, endpoint string, wait time.Duration) resource.TestCheckFunc {
	return func(*terraform.State) error {
		var reqs []sandbox.RequestRecord
		for _, r := range env.Sandbox.Requests() {
			if r.Endpoint == endpoint {
				reqs = append(reqs, r)
			}
		}
		seen := false
		for i, r := range reqs {
			if r.Status != http.StatusTooManyRequests {
				continue
			}
			seen = true
			if i+1 == len(reqs) {
				return fmt.Errorf("%s: the 429 was never retried", endpoint)
			}
			if gap := reqs[i+1].Time.Sub(r.Time); gap < wait {
				return fmt.Errorf("%s: retried %v after a 429 with Retry-After %v", endpoint, gap, wait)
			}
		}
		if !seen {
			return fmt.Errorf("%s: no 429 in the log", endpoint)
		}
		return nil
	}
}

// relCheckStateGUID asserts that the state holds the GUID of the one segment named name.
func relCheckStateGUID(env *acctest.Env, name string) resource.TestCheckFunc {
	return resource.TestCheckResourceAttrWith(relSegAddr, "guid", func(guid string) error {
		seg, _, err := env.SegmentNamed(name)
		if err == nil && seg.GUID != guid {
			err = fmt.Errorf("state has guid %s, WalkMe's segment is %s", guid, seg.GUID)
		}
		return err
	})
}

func relFaults(f sandbox.Fault, endpoints ...string) []sandbox.Fault {
	out := make([]sandbox.Fault, len(endpoints))
	for i, e := range endpoints {
		out[i] = f
		out[i].Endpoint = e
	}
	return out
}

// relBurst is 500, 502 and 503 in a row on each endpoint: three failures, within the
// budget of max_retries = 3.
func relBurst(endpoints ...string) []sandbox.Fault {
	var out []sandbox.Fault
	for _, status := range []int{500, 502, 503} {
		out = append(out, relFaults(sandbox.Fault{Status: status}, endpoints...)...)
	}
	return out
}

// TestAccFaults_rateLimited: a 429 with Retry-After on every write is waited out as asked,
// then the request succeeds; each write reaches WalkMe exactly once more.
func TestAccFaults_rateLimited(t *testing.T) {
	env := acctest.NewEnv(t)
	const name = "Rate limited"
	limited := sandbox.Fault{Status: http.StatusTooManyRequests, RetryAfter: "1"}
	acctest.ParallelTest(t, resource.TestCase{
		Steps: []resource.TestStep{
			{
				PreConfig: relInject(env, relFaults(limited, epCreate, epPush, epSend)...),
				Config:    relCreateConfig(env, name, true),
				Check: resource.ComposeAggregateTestCheckFunc(
					relCheckStatus(env, epCreate, "429", "201"),
					relCheckStatus(env, epPush, "429", "200", "200"),
					relCheckStatus(env, epSend, "429", "200"),
					relCheckWaited(env, epCreate, time.Second),
					relCheckWaited(env, epPush, time.Second),
					relCheckWaited(env, epSend, time.Second),
					env.CheckSegmentMembers(name, "a@example.com", "b@example.com"),
					relCheckUsers(env, relCreated),
					relCheckNotifications(env, 1),
				),
			},
			{
				PreConfig: relInject(env, relFaults(limited, epUpdate, epPush, epSend)...),
				Config:    relUpdateConfig(env, name, true),
				Check: resource.ComposeAggregateTestCheckFunc(
					relCheckStatus(env, epUpdate, "429", "200"),
					relCheckStatus(env, epPush, "429", "200"),
					relCheckStatus(env, epSend, "429", "200"),
					relCheckWaited(env, epUpdate, time.Second),
					env.CheckSegmentMembers(name, "a@example.com", "c@example.com"),
					relCheckUsers(env, relUpdated),
					relCheckNotifications(env, 2),
				),
			},
			{
				PreConfig: relInject(env, relFaults(limited, epDelete)...),
				Config:    relDeleteConfig(env, true),
				Check: resource.ComposeAggregateTestCheckFunc(
					relCheckStatus(env, epDelete, "429", "204"),
					relCheckWaited(env, epDelete, time.Second),
					relCheckNoSegment(env, name),
					relCheckStatus(env, epSend), // the notification is not sent again
					relCheckNotifications(env, 2),
				),
			},
		},
	})
}

// TestAccFaults_serverErrorsWithinBudget: 500, 502 and 503 in a row (three failures,
// max_retries = 3) on every segment and user attribute write end in success, with one
// segment and the data declared. A failed segment create is answered without acting, so
// the provider lists, finds nothing and sends it again.
func TestAccFaults_serverErrorsWithinBudget(t *testing.T) {
	env := acctest.NewEnv(t)
	const name = "Server errors within budget"
	acctest.ParallelTest(t, resource.TestCase{
		Steps: []resource.TestStep{
			{
				PreConfig: relInject(env, relBurst(epCreate, epPush)...),
				Config:    relCreateConfig(env, name, false),
				Check: resource.ComposeAggregateTestCheckFunc(
					relCheckStatus(env, epCreate, "500", "502", "503", "201"),
					relCheckStatus(env, epPush, "500", "502", "503", "200", "200"),
					env.CheckSegmentMembers(name, "a@example.com", "b@example.com"),
					relCheckStateGUID(env, name),
					relCheckUsers(env, relCreated),
				),
			},
			{
				PreConfig: relInject(env, relBurst(epUpdate, epPush)...),
				Config:    relUpdateConfig(env, name, false),
				Check: resource.ComposeAggregateTestCheckFunc(
					relCheckStatus(env, epUpdate, "500", "502", "503", "200"),
					relCheckStatus(env, epPush, "500", "502", "503", "200"),
					env.CheckSegmentMembers(name, "a@example.com", "c@example.com"),
					relCheckUsers(env, relUpdated),
				),
			},
			{
				PreConfig: relInject(env, relBurst(epDelete)...),
				Config:    relDeleteConfig(env, false),
				Check: resource.ComposeAggregateTestCheckFunc(
					relCheckStatus(env, epDelete, "500", "502", "503", "204"),
					relCheckNoSegment(env, name),
				),
			},
		},
	})
}

// TestAccFaults_serverErrorsBeyondBudget: four 503s in a row (one more than max_retries)
// fail the apply with WalkMe's status and message. Nothing is claimed as applied: the
// sandbox and the state both still hold what they held, and the next plan proposes the
// same change again, which the next apply makes.
func TestAccFaults_serverErrorsBeyondBudget(t *testing.T) {
	env := acctest.NewEnv(t)
	const name = "Server errors beyond budget"
	down := sandbox.Fault{Status: http.StatusServiceUnavailable, Times: 4}
	const unavailable = "503 Service Unavailable"
	acctest.ParallelTest(t, resource.TestCase{
		Steps: []resource.TestStep{
			{
				PreConfig: relInject(env, relFaults(down, epCreate, epPush)...),
				Config:    relCreateConfig(env, name, false),
				// Both diagnostics, in the order of the configuration (see acctest.Phrases).
				ExpectError: acctest.Phrases("Cannot create segment ... "+unavailable,
					"Pushing user attributes to WalkMe failed ... "+unavailable+" ... Nothing was pushed."),
			},
			{
				PreConfig: relVerify(t, env,
					relCheckStatus(env, epCreate, "503", "503", "503", "503"),
					relCheckStatus(env, epPush, "503", "503", "503", "503"),
					relCheckNoSegment(env, name)),
				Config: relCreateConfig(env, name, false),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(relSegAddr, plancheck.ResourceActionCreate),
					plancheck.ExpectResourceAction(relUsersAddr, plancheck.ResourceActionCreate),
				}},
				Check: resource.ComposeAggregateTestCheckFunc(
					relCheckStatus(env, epCreate, "201"),
					env.CheckSegmentMembers(name, "a@example.com", "b@example.com"),
					relCheckUsers(env, relCreated),
				),
			},
			{
				PreConfig: relInject(env, relFaults(down, epUpdate, epPush)...),
				Config:    relUpdateConfig(env, name, false),
				ExpectError: acctest.Phrases("Segment membership update incomplete ... "+unavailable+" ... The state records the members applied so far",
					"Pushing user attributes to WalkMe failed ... "+unavailable+" ... Nothing was pushed"),
			},
			{
				PreConfig: relVerify(t, env,
					relCheckStatus(env, epUpdate, "503", "503", "503", "503"),
					env.CheckSegmentMembers(name, "a@example.com", "b@example.com"),
					relCheckUsers(env, relCreated)),
				Config: relUpdateConfig(env, name, false),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(relSegAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectResourceAction(relUsersAddr, plancheck.ResourceActionUpdate),
				}},
				Check: resource.ComposeAggregateTestCheckFunc(
					relCheckStatus(env, epUpdate, "200"),
					env.CheckSegmentMembers(name, "a@example.com", "c@example.com"),
					relCheckUsers(env, relUpdated),
				),
			},
			{
				PreConfig:   relInject(env, relFaults(down, epDelete)...),
				Config:      relDeleteConfig(env, false),
				ExpectError: acctest.Phrases("Cannot delete segment", unavailable),
			},
			{
				PreConfig: relVerify(t, env,
					relCheckStatus(env, epDelete, "503", "503", "503", "503"),
					env.CheckSegmentMembers(name, "a@example.com", "c@example.com")),
				Config:           relDeleteConfig(env, false),
				ConfigPlanChecks: relPlanIs(relSegAddr, plancheck.ResourceActionDestroy),
				Check: resource.ComposeAggregateTestCheckFunc(
					relCheckStatus(env, epDelete, "204"),
					relCheckNoSegment(env, name),
				),
			},
		},
	})
}

// TestAccFaults_lostResponses: WalkMe acts, then the connection drops before the answer.
// The create is not sent again: the provider finds the segment in the list and adopts it.
// An update, a push and a delete are repeated, which leaves the same result (a repeated
// delete answers 404, which counts as deleted).
func TestAccFaults_lostResponses(t *testing.T) {
	env := acctest.NewEnv(t)
	const name = "Lost responses"
	lost := sandbox.Fault{Drop: sandbox.DropAfter}
	acctest.ParallelTest(t, resource.TestCase{
		Steps: []resource.TestStep{
			{
				PreConfig: relInject(env, relFaults(lost, epCreate, epPush)...),
				Config:    relCreateConfig(env, name, false),
				Check: resource.ComposeAggregateTestCheckFunc(
					relCheckStatus(env, epCreate, "201+dropped"),
					env.CheckSegmentMembers(name, "a@example.com", "b@example.com"),
					relCheckStateGUID(env, name),
					relCheckStatus(env, epPush, "200+dropped", "200", "200"),
					relCheckUsers(env, relCreated),
				),
			},
			{
				PreConfig: relInject(env, relFaults(lost, epUpdate, epPush)...),
				Config:    relUpdateConfig(env, name, false),
				Check: resource.ComposeAggregateTestCheckFunc(
					relCheckStatus(env, epUpdate, "200+dropped", "200"),
					env.CheckSegmentMembers(name, "a@example.com", "c@example.com"),
					relCheckStatus(env, epPush, "200+dropped", "200"),
					relCheckUsers(env, relUpdated),
				),
			},
			{
				PreConfig:        relInject(env, relFaults(lost, epDelete)...),
				Config:           relDeleteConfig(env, false),
				ConfigPlanChecks: relPlanIs(relSegAddr, plancheck.ResourceActionDestroy),
				Check: resource.ComposeAggregateTestCheckFunc(
					relCheckStatus(env, epDelete, "204+dropped", "404"),
					relCheckNoSegment(env, name),
				),
			},
		},
	})
}

// TestAccFaults_notificationNotRetried: WalkMe has no idempotency key, so a send that
// may have reached it is never repeated, whatever the retry budget. After a 503 (here
// answered without acting) or a lost response (acted on), the apply fails saying the
// notification may have been sent, and the state claims nothing. The next apply sends
// again, as its plan shows: after a lost response that is a second notification, which
// only the user, checking the Communication Center, can rule out.
func TestAccFaults_notificationNotRetried(t *testing.T) {
	env := acctest.NewEnv(t)
	maybeSent := acctest.Phrases("The notification may have been sent",
		"may or may not have been sent; check the Communication Center before sending again")
	acctest.ParallelTest(t, resource.TestCase{
		Steps: []resource.TestStep{
			{
				PreConfig:   relInject(env, sandbox.Fault{Endpoint: epSend, Status: http.StatusServiceUnavailable}),
				Config:      env.ProviderBlockWith(faultRetries) + relNotification("1"),
				ExpectError: maybeSent,
			},
			{
				PreConfig: relVerify(t, env,
					relCheckStatus(env, epSend, "503"), // not retried, though max_retries = 3
					relCheckNotifications(env, 0)),
				Config:           env.ProviderBlockWith(faultRetries) + relNotification("1"),
				ConfigPlanChecks: relPlanIs(relNotifAddr, plancheck.ResourceActionCreate),
				Check: resource.ComposeAggregateTestCheckFunc(
					relCheckStatus(env, epSend, "200"),
					relCheckNotifications(env, 1),
				),
			},
			{
				PreConfig:   relInject(env, sandbox.Fault{Endpoint: epSend, Drop: sandbox.DropAfter}),
				Config:      env.ProviderBlockWith(faultRetries) + relNotification("2"),
				ExpectError: maybeSent,
			},
			{
				PreConfig: relVerify(t, env,
					relCheckStatus(env, epSend, "200+dropped"), // sent once, not repeated
					relCheckNotifications(env, 2)),
				Config:             env.ProviderBlockWith(faultRetries) + relNotification("2"),
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(relNotifAddr, plancheck.ResourceActionCreate),
				}},
			},
		},
	})
}

// TestAccFaults_tokenExpiredMidApply: every token WalkMe issued is revoked when the first
// segment create arrives. That create answers 401; the provider fetches one new token,
// repeats the create once, and the apply completes with every resource in place.
func TestAccFaults_tokenExpiredMidApply(t *testing.T) {
	const name = "Token expired mid-apply"
	var once sync.Once
	var issuedAtExpiry atomic.Int64
	issuedAtExpiry.Store(-1)
	env := acctest.NewWrappedEnv(t, func(sb *sandbox.Server, next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if relEndpoint(r) == epCreate {
				once.Do(func() {
					sb.ExpireTokens()
					issuedAtExpiry.Store(int64(sb.TokensIssued()))
				})
			}
			next.ServeHTTP(w, r)
		})
	})
	acctest.ParallelTest(t, resource.TestCase{
		Steps: []resource.TestStep{{
			Config: relCreateConfig(env, name, true),
			Check: resource.ComposeAggregateTestCheckFunc(
				relCheckStatus(env, epCreate, "401", "201"),
				func(*terraform.State) error {
					at := issuedAtExpiry.Load()
					if at < 0 {
						return fmt.Errorf("no segment create reached the sandbox")
					}
					if n := int64(env.Sandbox.TokensIssued()) - at; n != 1 {
						return fmt.Errorf("%d tokens issued after the expiry, want exactly 1 renewal", n)
					}
					return nil
				},
				env.CheckSegmentMembers(name, "a@example.com", "b@example.com"),
				relCheckUsers(env, relCreated),
				relCheckNotifications(env, 1),
			),
		}},
	})
}

// TestAccFaults_missingPermission: an API key without a permission fails with a 403 that
// names the permission to enable in WalkMe's Admin Center, for each API; nothing is
// created and a 403 is not retried.
func TestAccFaults_missingPermission(t *testing.T) {
	env := acctest.NewEnv(t, func(c *sandbox.Config) {
		c.Clients = append(c.Clients,
			sandbox.Client{ID: "read-only", Secret: "read-only-secret", Scopes: []string{sandbox.ScopeSegmentsRead}},
			sandbox.Client{ID: "no-segments", Secret: "no-segments-secret",
				Scopes: []string{sandbox.ScopeEndUserUpdateWrite, sandbox.DefaultNotificationScope}})
	})
	const name = "Missing permission"
	segment := relSegment(name, "a@example.com")
	acctest.ParallelTest(t, resource.TestCase{
		Steps: []resource.TestStep{
			{
				// Listing is allowed; every write is refused. Three diagnostics, in the order
				// of the configuration.
				Config: relProviderAs(env, "read-only", "read-only-secret") + segment + relUsers("New") + relNotification("1"),
				ExpectError: acctest.Phrases(`enable the API key permission "Segments API: Write and Read"`,
					`enable the API key permission "End User Update API"`,
					`enable the API key permission "Notifications API: Write"`),
			},
			{
				// A segment create lists the system's segments first.
				Config:      relProviderAs(env, "no-segments", "no-segments-secret") + segment,
				ExpectError: acctest.Phrases(`403 Forbidden`, `enable the API key permission "Segments API: Read"`),
			},
		},
	})
	for _, e := range []string{epCreate, epPush, epSend} {
		if n := env.Sandbox.Count(e); n != 1 {
			t.Errorf("%d %s requests, want 1: a 403 is not retried", n, e)
		}
	}
	if segs := env.Sandbox.Segments(sandbox.DefaultSystemGUID); len(segs) != 0 {
		t.Errorf("segments were created: %+v", segs)
	}
	if n := len(env.Sandbox.Notifications()); n != 0 {
		t.Errorf("%d notifications were sent", n)
	}
	if _, ok := env.Sandbox.UserAttributes(sandbox.DefaultIntegrationToken, "u1@example.com"); ok {
		t.Error("user attributes were stored")
	}
}
