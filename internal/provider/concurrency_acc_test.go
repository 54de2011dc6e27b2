package provider_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/walkme-community/terraform-provider-walkme/internal/acctest"
	"github.com/walkme-community/terraform-provider-walkme/internal/membership"
	"github.com/walkme-community/terraform-provider-walkme/internal/sandbox"
)

// concWriteMembers writes n user IDs, one a line.
func concWriteMembers(t *testing.T, file string, n int) {
	t.Helper()
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "member%07d@walkme.com\n", i)
	}
	if err := os.WriteFile(file, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
}

// concMaxInFlight asserts the most requests the sandbox saw at once at an endpoint.
func concMaxInFlight(sb *sandbox.Server, endpoint string, want int) resource.TestCheckFunc {
	return func(*terraform.State) error {
		if got := sb.InFlight().MaxByRoute[endpoint]; got != want {
			return fmt.Errorf("at most %d %s requests in flight at once, want %d", got, endpoint, want)
		}
		return nil
	}
}

// TestAccConcurrency_bound: with every write held 300 ms by the sandbox, the requests of one
// apply overlap exactly up to max_concurrent_requests: 10 End User Update batches, and the 4
// add requests of a 100,001-member segment (after its create), whatever else runs.
func TestAccConcurrency_bound(t *testing.T) {
	for _, limit := range []int{1, 3} {
		t.Run(fmt.Sprintf("max_concurrent_requests=%d", limit), func(t *testing.T) {
			env := acctest.NewEnv(t)
			sb, tok, types := env.Sandbox, sandbox.DefaultIntegrationToken, uaDefaultTypes
			dir := t.TempDir()
			users, members := filepath.Join(dir, "users.csv"), filepath.Join(dir, "members.txt")
			uaWriteCSV(t, users, types, uaMany(1000))
			concWriteMembers(t, members, 4*25000+1)
			for _, ep := range []string{sandbox.EndpointUserDataPush, sandbox.EndpointSegmentUpdate} {
				sb.InjectFault(sandbox.Fault{Endpoint: ep, Times: 1000, Delay: 300 * time.Millisecond})
			}
			provider := env.ProviderBlockWith(fmt.Sprintf("max_concurrent_requests = %d", limit))
			// The segment waits for the user attributes, so each resource's own requests are counted.
			body := uaFileConfig(tok, "Email", types, users) + fmt.Sprintf(`
resource "walkme_segment" "big" {
  name          = "Concurrency bound"
  user_ids_file = %q
  depends_on    = [walkme_user_attributes.test]
}
`, members)
			acctest.Test(t, resource.TestCase{
				Steps: []resource.TestStep{{
					Config: provider + body,
					Check: resource.ComposeAggregateTestCheckFunc(
						concMaxInFlight(sb, sandbox.EndpointUserDataPush, limit),
						concMaxInFlight(sb, sandbox.EndpointSegmentUpdate, limit),
						uaCheckRequests(sb, types, 0, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100),
						func(*terraform.State) error {
							segs := sb.Segments(sandbox.DefaultSystemGUID)
							if len(segs) != 1 {
								return fmt.Errorf("%d segments", len(segs))
							}
							m, _ := sb.Members(sandbox.DefaultSystemGUID, segs[0].GUID)
							if len(m) != 4*25000+1 || sb.Count(sandbox.EndpointSegmentUpdate) != 4 {
								return fmt.Errorf("%d members after %d updates", len(m), sb.Count(sandbox.EndpointSegmentUpdate))
							}
							return nil
						},
					),
				}},
			})
		})
	}
}

// TestAccConcurrency_invalid: a bad max_concurrent_requests fails the plan, naming it and the
// value, from the attribute or the environment.
func TestAccConcurrency_invalid(t *testing.T) {
	env := acctest.NewEnv(t)
	body := uaConfig(sandbox.DefaultIntegrationToken, "Email", uaDefaultTypes, uaMany(2))
	acctest.Test(t, resource.TestCase{
		Steps: []resource.TestStep{
			{
				Config:      env.ProviderBlockWith("max_concurrent_requests = 0") + body,
				PlanOnly:    true,
				ExpectError: acctest.Phrases("max_concurrent_requests", "between 1 and 32, got: 0"),
			},
			{
				PreConfig:   func() { t.Setenv("WALKME_MAX_CONCURRENT_REQUESTS", "many") },
				Config:      env.Config(body),
				PlanOnly:    true,
				ExpectError: acctest.Phrases("Invalid max_concurrent_requests", `WALKME_MAX_CONCURRENT_REQUESTS="many"`, "1 to 32"),
			},
		},
	})
}

// TestAccConcurrency_segmentPartialFailure: of four concurrent add requests, two succeed and
// two fail; the state records exactly the members WalkMe holds, whichever finished first, and
// the next apply sends only the two missing adds.
func TestAccConcurrency_segmentPartialFailure(t *testing.T) {
	env := acctest.NewEnv(t)
	dir := t.TempDir()
	file := segWriteFile(t, dir, "members.txt", segIDs("member", 0, 1))
	cfg := env.ProviderBlockWith("max_concurrent_requests = 4") + segFile("Concurrent", file, "")
	target := append(segIDs("member", 0, 1), segIDs("joiner", 0, 100000)...)
	var held int
	var heldDigest string
	acctest.Test(t, resource.TestCase{
		Steps: []resource.TestStep{
			{Config: cfg},
			{
				PreConfig: func() {
					segWriteFile(t, dir, "members.txt", target)
					env.Sandbox.ResetLog()
					env.Sandbox.InjectFault(sandbox.Fault{Endpoint: sandbox.EndpointSegmentUpdate, Skip: 2, Times: 100, Status: 500})
				},
				Config:      cfg,
				ExpectError: acctest.Phrases("Segment membership update incomplete", "The state records the members applied so far"),
			},
			{
				PreConfig: func() {
					segs := env.Sandbox.Segments(sandbox.DefaultSystemGUID)
					m, _ := env.Sandbox.Members(sandbox.DefaultSystemGUID, segs[0].GUID)
					held = len(m)
					heldDigest = membership.Digest(membership.Normalize(m))
					env.Sandbox.ClearFaults()
					env.Sandbox.ResetLog()
				},
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					// The state recorded exactly what WalkMe holds, whichever adds succeeded...
					concPriorAttr(segAddr, "user_ids_sha256", func() string { return heldDigest }),
					// ...so the plan shows exactly what WalkMe lacks: two of the four 25,000-ID adds.
					plancheck.ExpectKnownValue(segAddr, tfjsonpath.New("membership_change").AtMapKey("added"), knownvalue.Int64Exact(50000)),
				}},
				Check: resource.ComposeAggregateTestCheckFunc(
					func(*terraform.State) error {
						if held != 50001 {
							return fmt.Errorf("WalkMe held %d members after the failed apply, want 50001", held)
						}
						return nil
					},
					segCheckMembers(env, "Concurrent", target),
					segCheckWrites(env, segWrites{update: 2}, "add 25000", "add 25000"),
				),
			},
		},
	})
}

// concPriorAttr is a plan check: the plan's prior state holds want() in attr of addr.
func concPriorAttr(addr, attr string, want func() string) plancheck.PlanCheck {
	return acctest.PlanCheckFunc(func(req plancheck.CheckPlanRequest) error {
		if req.Plan.PriorState == nil || req.Plan.PriorState.Values == nil {
			return fmt.Errorf("no prior state")
		}
		for _, r := range req.Plan.PriorState.Values.RootModule.Resources {
			if r.Address == addr {
				if got := r.AttributeValues[attr]; got != want() {
					return fmt.Errorf("%s.%s = %v in the state, want %q", addr, attr, got, want())
				}
				return nil
			}
		}
		return fmt.Errorf("%s not in the prior state", addr)
	})
}
