package provider_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/walkme-community/terraform-provider-walkme/internal/acctest"
	"github.com/walkme-community/terraform-provider-walkme/internal/client"
	"github.com/walkme-community/terraform-provider-walkme/internal/membership"
	"github.com/walkme-community/terraform-provider-walkme/internal/sandbox"
)

const segAddr = "walkme_segment.test"

// segIDs returns n distinct user IDs: prefix + a zero-padded number + "@example.com".
func segIDs(prefix string, from, n int) []string {
	ids := make([]string, n)
	for i := range ids {
		ids[i] = fmt.Sprintf("%s%07d@example.com", prefix, from+i)
	}
	return ids
}

// segWriteFile writes a membership file (one ID per line) and returns its path.
func segWriteFile(t *testing.T, dir, name string, ids []string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(strings.Join(ids, "\n")+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// segInline is a walkme_segment with inline members.
func segInline(name string, ids []string, extra string) string {
	quoted := make([]string, len(ids))
	for i, id := range ids {
		quoted[i] = fmt.Sprintf("%q", id)
	}
	return fmt.Sprintf(`
resource "walkme_segment" "test" {
  name     = %q
  user_ids = [%s]
%s
}
`, name, strings.Join(quoted, ", "), extra)
}

// segFile is a walkme_segment with a membership file.
func segFile(name, file, extra string) string {
	return fmt.Sprintf(`
resource "walkme_segment" "test" {
  name          = %q
  user_ids_file = %q
%s
}
`, name, file, extra)
}

// segCheckMembers asserts the sandbox holds exactly want (any order) in the segment named
// name, and that the state's guid, member_count and digest agree with it.
func segCheckMembers(env *acctest.Env, name string, want []string) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		seg, got, err := env.SegmentNamed(name)
		if err != nil {
			return err
		}
		if err := acctest.SameMembers(got, want); err != nil {
			return fmt.Errorf("sandbox members of %q: %w", name, err)
		}
		w := membership.Normalize(slices.Clone(want))
		rs, ok := s.RootModule().Resources[segAddr]
		if !ok {
			return fmt.Errorf("%s not in state", segAddr)
		}
		attrs := rs.Primary.Attributes
		switch {
		case attrs["guid"] != seg.GUID:
			return fmt.Errorf("state guid %s, sandbox %s", attrs["guid"], seg.GUID)
		case attrs["id"] != sandbox.DefaultSystemGUID+"/"+seg.GUID:
			return fmt.Errorf("state id %s", attrs["id"])
		case attrs["member_count"] != fmt.Sprint(len(w)):
			return fmt.Errorf("state member_count %s, want %d", attrs["member_count"], len(w))
		case attrs["user_ids_sha256"] != membership.Digest(w):
			return fmt.Errorf("state user_ids_sha256 %s, want %s", attrs["user_ids_sha256"], membership.Digest(w))
		}
		return nil
	}
}

// segWrites is a snapshot of the sandbox's segment write counts.
type segWrites struct{ create, update, delete int }

func segCountWrites(env *acctest.Env) segWrites {
	return segWrites{
		env.Sandbox.Count(sandbox.EndpointSegmentCreate),
		env.Sandbox.Count(sandbox.EndpointSegmentUpdate),
		env.Sandbox.Count(sandbox.EndpointSegmentDelete),
	}
}

// segCheckWrites asserts the write requests since the last ResetLog, and that no
// request carried more than 25,000 IDs. actions lists the update actions in order.
func segCheckWrites(env *acctest.Env, want segWrites, actions ...string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		if got := segCountWrites(env); got != want {
			return fmt.Errorf("segment writes %+v, want %+v", got, want)
		}
		var got []string
		for _, r := range env.Sandbox.Requests() {
			if r.UserIDCount > membership.MaxIDsPerRequest {
				return fmt.Errorf("%s %s carried %d user IDs", r.Method, r.Path, r.UserIDCount)
			}
			if r.Endpoint == sandbox.EndpointSegmentUpdate {
				got = append(got, fmt.Sprintf("%s %d", r.Action, r.UserIDCount))
			}
		}
		// Add requests go out concurrently, so in any order among themselves, but all
		// before any remove.
		if i := slices.IndexFunc(got, func(a string) bool { return strings.HasPrefix(a, "remove") }); i >= 0 &&
			slices.ContainsFunc(got[i:], func(a string) bool { return strings.HasPrefix(a, "add") }) {
			return fmt.Errorf("update requests %q: an add after a remove", got)
		}
		if actions != nil && !slices.Equal(slices.Sorted(slices.Values(got)), slices.Sorted(slices.Values(actions))) {
			return fmt.Errorf("update requests %q, want %q", got, actions)
		}
		return nil
	}
}

// segCheckNoSegments is a CheckDestroy: destroy deleted every segment.
func segCheckNoSegments(env *acctest.Env) resource.TestCheckFunc {
	return func(*terraform.State) error {
		if segs := env.Sandbox.Segments(sandbox.DefaultSystemGUID); len(segs) != 0 {
			return fmt.Errorf("%d segments left after destroy", len(segs))
		}
		return nil
	}
}

func TestAccSegment_inlineLifecycle(t *testing.T) {
	env := acctest.NewEnv(t)
	first := []string{"john@company.com", "melissa@company.com"}
	second := []string{"melissa@company.com", "bill@company.com", "zoe@company.com"}
	acctest.ParallelTest(t, resource.TestCase{
		Steps: []resource.TestStep{
			{
				Config: env.Config(segInline("Beta testers", first, `external_id = "heap-4711"`)),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(segAddr, tfjsonpath.New("system_guid"), knownvalue.StringExact(sandbox.DefaultSystemGUID)),
					statecheck.ExpectKnownValue(segAddr, tfjsonpath.New("external_id"), knownvalue.StringExact("heap-4711")),
					statecheck.ExpectKnownValue(segAddr, tfjsonpath.New("membership_change").AtMapKey("summary"), knownvalue.StringExact("create with 2 user IDs")),
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					segCheckMembers(env, "Beta testers", first),
					segCheckWrites(env, segWrites{create: 1}),
				),
			},
			{
				PreConfig: env.Sandbox.ResetLog,
				Config:    env.Config(segInline("Beta testers", second, `external_id = "heap-4711"`)),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(segAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(segAddr, tfjsonpath.New("membership_change"), knownvalue.ObjectExact(map[string]knownvalue.Check{
						"summary":        knownvalue.StringExact("add 2, remove 1 user ID (2 → 3 members)"),
						"added":          knownvalue.Int64Exact(2),
						"removed":        knownvalue.Int64Exact(1),
						"added_sample":   knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact("bill@company.com"), knownvalue.StringExact("zoe@company.com")}),
						"removed_sample": knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact("john@company.com")}),
					})),
				}},
				// 2 adds and 1 remove would be 2 requests; one override of 3 IDs is fewer.
				Check: resource.ComposeAggregateTestCheckFunc(
					segCheckMembers(env, "Beta testers", second),
					segCheckWrites(env, segWrites{update: 1}, "override 3"),
				),
			},
			{
				// Order and repeats never diff.
				Config:   env.Config(segInline("Beta testers", []string{"zoe@company.com", "bill@company.com", "melissa@company.com", "zoe@company.com"}, `external_id = "heap-4711"`)),
				PlanOnly: true,
			},
		},
		CheckDestroy: segCheckNoSegments(env),
	})
}

// segCreateDirect creates a segment in the sandbox outside Terraform, as a WalkMe user
// would, and returns its GUID.
func segCreateDirect(t *testing.T, env *acctest.Env, name, externalID string, ids []string) string {
	t.Helper()
	c := env.Client(t)
	seg, err := c.CreateSegment(context.Background(), sandbox.DefaultSystemGUID, client.CreateSegmentInput{Name: name, ExternalID: externalID, UserIDs: ids})
	if err != nil {
		t.Fatal(err)
	}
	return seg.GUID
}

func segStateGUID(s *terraform.State) string {
	return s.RootModule().Resources[segAddr].Primary.Attributes["guid"]
}

func TestAccSegment_fileLifecycle(t *testing.T) {
	env := acctest.NewEnv(t)
	dir := t.TempDir()
	first := []string{"a@example.com", "b@example.com", "c@example.com"}
	second := []string{"b@example.com", "c@example.com", "d@example.com"}
	file := segWriteFile(t, dir, "members.txt", first)
	cfg := env.Config(segFile("Churn risk", file, ""))
	acctest.ParallelTest(t, resource.TestCase{
		Steps: []resource.TestStep{
			{
				Config: cfg,
				Check: resource.ComposeAggregateTestCheckFunc(
					segCheckMembers(env, "Churn risk", first),
					resource.TestCheckNoResourceAttr(segAddr, "user_ids.#"),
					resource.TestCheckResourceAttr(segAddr, "user_ids_file", file),
					segCheckWrites(env, segWrites{create: 1}),
				),
			},
			{
				// Reordered, CRLF, blank lines, spaces and tabs: no change.
				PreConfig: func() {
					if err := os.WriteFile(file, []byte("\r\n  c@example.com\t\r\n\r\na@example.com \r\n\tb@example.com\r\n\r\n"), 0o600); err != nil {
						t.Fatal(err)
					}
				},
				Config:   cfg,
				PlanOnly: true,
			},
			{
				PreConfig: func() { segWriteFile(t, dir, "members.txt", second); env.Sandbox.ResetLog() },
				Config:    cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(segAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(segAddr, tfjsonpath.New("membership_change").AtMapKey("summary"),
						knownvalue.StringExact("add 1, remove 1 user ID (3 → 3 members)")),
					plancheck.ExpectKnownValue(segAddr, tfjsonpath.New("membership_change").AtMapKey("added_sample"),
						knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact("d@example.com")})),
					plancheck.ExpectKnownValue(segAddr, tfjsonpath.New("membership_change").AtMapKey("removed_sample"),
						knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact("a@example.com")})),
				}},
				Check: resource.ComposeAggregateTestCheckFunc(
					segCheckMembers(env, "Churn risk", second),
					segCheckWrites(env, segWrites{update: 1}, "override 3"),
				),
			},
			{
				// Same members inline: the mode changes, nothing is sent.
				PreConfig: env.Sandbox.ResetLog,
				Config:    env.Config(segInline("Churn risk", second, "")),
				Check: resource.ComposeAggregateTestCheckFunc(
					segCheckMembers(env, "Churn risk", second),
					resource.TestCheckResourceAttr(segAddr, "user_ids.#", "3"),
					resource.TestCheckNoResourceAttr(segAddr, "user_ids_file"),
					segCheckWrites(env, segWrites{}),
				),
			},
			{
				// And back to the file, again without a request.
				PreConfig: env.Sandbox.ResetLog,
				Config:    cfg,
				Check: resource.ComposeAggregateTestCheckFunc(
					segCheckMembers(env, "Churn risk", second),
					segCheckWrites(env, segWrites{}),
				),
			},
		},
		CheckDestroy: segCheckNoSegments(env),
	})
}

func TestAccSegment_replacement(t *testing.T) {
	env := acctest.NewEnv(t)
	ids := []string{"a@example.com", "b@example.com"}
	var guid string
	acctest.ParallelTest(t, resource.TestCase{
		Steps: []resource.TestStep{
			{
				Config: env.Config(segInline("Old name", ids, `external_id = "ext-1"`)),
				Check: func(s *terraform.State) error {
					guid = segStateGUID(s)
					return segCheckMembers(env, "Old name", ids)(s)
				},
			},
			{
				Config: env.Config(segInline("New name", ids, `external_id = "ext-1"`)),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(segAddr, plancheck.ResourceActionDestroyBeforeCreate),
				}},
				Check: func(s *terraform.State) error {
					if segStateGUID(s) == guid {
						return fmt.Errorf("guid unchanged: not replaced")
					}
					guid = segStateGUID(s)
					if n := len(env.Sandbox.Segments(sandbox.DefaultSystemGUID)); n != 1 {
						return fmt.Errorf("%d segments, want 1", n)
					}
					return segCheckMembers(env, "New name", ids)(s)
				},
			},
			{
				// Same name, new external id: the old segment is not mistaken for a taken name.
				Config: env.Config(segInline("New name", ids, `external_id = "ext-2"`)),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(segAddr, plancheck.ResourceActionDestroyBeforeCreate),
				}},
				Check: func(s *terraform.State) error {
					if segStateGUID(s) == guid {
						return fmt.Errorf("guid unchanged: not replaced")
					}
					seg, _, err := env.SegmentNamed("New name")
					if err != nil {
						return err
					}
					if seg.ExternalID != "ext-2" {
						return fmt.Errorf("external id %q", seg.ExternalID)
					}
					return segCheckMembers(env, "New name", ids)(s)
				},
			},
		},
	})
}

func TestAccSegment_import(t *testing.T) {
	env := acctest.NewEnv(t)
	// Someone made the segment by hand; its members are unknown to Terraform.
	guid := segCreateDirect(t, env, "Hand made", "hm-1", []string{"stranger@example.com", "a@example.com"})
	want := []string{"a@example.com", "b@example.com", "c@example.com"}
	cfg := env.Config(segInline("Hand made", want, `external_id = "hm-1"`))
	acctest.ParallelTest(t, resource.TestCase{
		Steps: []resource.TestStep{
			{
				Config:        cfg,
				ResourceName:  segAddr,
				ImportState:   true,
				ImportStateId: sandbox.DefaultSystemGUID + "/not-a-guid",
				ExpectError:   acctest.Phrases(`Import ID "` + sandbox.DefaultSystemGUID + `/not-a-guid" is not <system_guid>/<segment_guid>`),
			},
			{
				Config:             cfg,
				ResourceName:       segAddr,
				ImportState:        true,
				ImportStateId:      sandbox.DefaultSystemGUID + "/" + strings.ToUpper(guid),
				ImportStatePersist: true,
				ImportStateCheck: func(states []*terraform.InstanceState) error {
					a := states[0].Attributes
					switch {
					case a["name"] != "Hand made" || a["external_id"] != "hm-1":
						return fmt.Errorf("imported name %q external_id %q", a["name"], a["external_id"])
					case a["guid"] != guid || a["id"] != sandbox.DefaultSystemGUID+"/"+guid:
						return fmt.Errorf("imported guid %q id %q, want %s", a["guid"], a["id"], guid)
					case a["user_ids_sha256"] != "" || a["member_count"] != "":
						return fmt.Errorf("imported membership should be unknown (null), got sha %q count %q", a["user_ids_sha256"], a["member_count"])
					}
					return nil
				},
			},
			{
				PreConfig: env.Sandbox.ResetLog,
				Config:    cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(segAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(segAddr, tfjsonpath.New("membership_change").AtMapKey("removed"), knownvalue.Null()),
					plancheck.ExpectKnownValue(segAddr, tfjsonpath.New("membership_change").AtMapKey("summary"),
						knownvalue.StringRegexp(regexp.MustCompile(`^set to exactly 3 user IDs with override`))),
				}},
				// One override pass replaces whatever the segment held.
				Check: resource.ComposeAggregateTestCheckFunc(
					segCheckMembers(env, "Hand made", want),
					segCheckWrites(env, segWrites{update: 1}, "override 3"),
				),
			},
			{Config: cfg, PlanOnly: true},
		},
	})
}

func TestAccSegment_recreatedWhenDeletedInWalkMe(t *testing.T) {
	env := acctest.NewEnv(t)
	ids := []string{"a@example.com"}
	cfg := env.Config(segInline("Fragile", ids, ""))
	var guid string
	acctest.ParallelTest(t, resource.TestCase{
		Steps: []resource.TestStep{
			{
				Config: cfg,
				Check: func(s *terraform.State) error {
					guid = segStateGUID(s)
					return segCheckMembers(env, "Fragile", ids)(s)
				},
			},
			{
				PreConfig: func() {
					// Deleted in WalkMe by a user, outside Terraform.
					if err := env.Client(t).DeleteSegment(context.Background(), sandbox.DefaultSystemGUID, guid); err != nil {
						t.Fatal(err)
					}
				},
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(segAddr, plancheck.ResourceActionCreate),
				}},
				Check: func(s *terraform.State) error {
					if segStateGUID(s) == guid {
						return fmt.Errorf("guid %s unchanged after recreation", guid)
					}
					return segCheckMembers(env, "Fragile", ids)(s)
				},
			},
		},
	})
}

func TestAccSegment_planTimeErrors(t *testing.T) {
	env := acctest.NewEnv(t)
	dir := t.TempDir()
	long := strings.Repeat("x", 95) + "@e.com" // 101 characters
	tooLong := segWriteFile(t, dir, "long.txt", []string{"a@example.com", long})
	repeated := segWriteFile(t, dir, "repeated.txt", []string{"a@example.com", "b@example.com", "", "  a@example.com"})
	invisible := segWriteFile(t, dir, "invisible.txt", []string{"a@example.com", "\u00a0"})
	existing := segCreateDirect(t, env, "Taken", "", nil)
	x40 := strings.Repeat("x", 40)
	step := func(body string, want ...string) resource.TestStep {
		return resource.TestStep{Config: env.Config(body), PlanOnly: true, ExpectError: acctest.Phrases(want...)}
	}
	acctest.ParallelTest(t, resource.TestCase{
		Steps: []resource.TestStep{
			step(segInline("S", []string{"a@example.com", ""}, ""), `user_ids: user ID "" is empty`),
			step(segInline("S", []string{long}, ""), `user_ids: user ID "`+x40+`"… is 101 characters long; WalkMe allows at most 100`),
			step(segInline("S", []string{" john@example.com"}, ""), `user ID " john@example.com" has leading or trailing whitespace`),
			step(segFile("S", tooLong, ""), `line 2: user ID "`+x40+`"… is 101 characters long`),
			step(segFile("S", invisible, ""), `line 2: user ID "\u00a0" has leading or trailing whitespace`),
			step(segFile("S", filepath.Join(dir, "missing.txt"), ""), `user_ids_file " ... missing.txt" ... no such file`),
			step(`resource "walkme_segment" "test" { name = "S" }`, `Exactly one of these attributes must be configured: [user_ids,user_ids_file]`),
			step(fmt.Sprintf(`resource "walkme_segment" "test" {
  name          = "S"
  user_ids      = ["a@example.com"]
  user_ids_file = %q
}`, repeated), `Invalid Attribute Combination`, `Exactly one of these attributes must be configured: [user_ids,user_ids_file]`),
			{
				// Checked at plan (TestAccSegment_nameTakenAtPlan has the details).
				Config: env.Config(segInline("Taken", []string{"a@example.com"}, "")),
				ExpectError: acctest.Phrases(`already has a segment named "Taken"`,
					`terraform import <resource address> `+sandbox.DefaultSystemGUID+"/"+existing),
			},
			{
				// Nothing above reached WalkMe's write endpoints.
				Config:   env.Config(""),
				PlanOnly: true,
				PreConfig: func() {
					if w := segCountWrites(env); w != (segWrites{create: 1}) { // the segment made by hand
						t.Errorf("plan-time errors sent writes: %+v", w)
					}
				},
			},
		},
	})
}

// TestAccSegment_missingSystemGUID runs without a provider default (not parallel: it
// clears the environment variable).
func TestAccSegment_missingSystemGUID(t *testing.T) {
	t.Setenv("WALKME_SYSTEM_GUID", "")
	env := acctest.NewEnv(t)
	provider := fmt.Sprintf(`
provider "walkme" {
  api_url       = %q
  client_id     = %q
  client_secret = %q
}
`, env.URL, sandbox.DefaultClientID, sandbox.DefaultClientSecret)
	acctest.Test(t, resource.TestCase{
		Steps: []resource.TestStep{{
			Config:      provider + segInline("S", []string{"a@example.com"}, ""),
			PlanOnly:    true,
			ExpectError: acctest.Phrases("system_guid", "WALKME_SYSTEM_GUID", "snippet URL"),
		}, {
			// The data sources give the same hint (issue 15 point 10).
			Config:      provider + `data "walkme_segments" "all" {}`,
			PlanOnly:    true,
			ExpectError: acctest.Phrases("system_guid", "WALKME_SYSTEM_GUID", "snippet URL https://cdn.walkme.com/users/<SYSTEM GUID>"),
		}},
	})
}

func TestAccSegment_largeFileMinimalRequests(t *testing.T) {
	env := acctest.NewEnv(t)
	dir := t.TempDir()
	initial := segIDs("member", 0, 60001)
	file := segWriteFile(t, dir, "members.txt", initial)
	cfg := env.Config(segFile("Everyone", file, ""))
	// Change by 1,000 IDs: 500 leave, 500 join. The target is over 25,000, so no
	// override: one add and one remove is the minimum.
	changed := append(slices.Clone(initial[500:]), segIDs("joiner", 0, 500)...)
	acctest.ParallelTest(t, resource.TestCase{
		Steps: []resource.TestStep{
			{
				Config: cfg,
				Check: resource.ComposeAggregateTestCheckFunc(
					segCheckMembers(env, "Everyone", initial),
					// POST with 25,000, then add 25,000 and add 10,001.
					segCheckWrites(env, segWrites{create: 1, update: 2}, "add 25000", "add 10001"),
				),
			},
			{
				PreConfig: func() {
					shuffled := slices.Clone(changed)
					slices.Reverse(shuffled)
					segWriteFile(t, dir, "members.txt", shuffled)
					env.Sandbox.ResetLog()
				},
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectKnownValue(segAddr, tfjsonpath.New("membership_change"), knownvalue.ObjectPartial(map[string]knownvalue.Check{
						"added":   knownvalue.Int64Exact(500),
						"removed": knownvalue.Int64Exact(500),
						"summary": knownvalue.StringExact("add 500, remove 500 user IDs (60001 → 60001 members)"),
					})),
					plancheck.ExpectKnownValue(segAddr, tfjsonpath.New("membership_change").AtMapKey("removed_sample").AtSliceIndex(0),
						knownvalue.StringExact("member0000000@example.com")),
				}},
				Check: resource.ComposeAggregateTestCheckFunc(
					segCheckMembers(env, "Everyone", changed),
					segCheckWrites(env, segWrites{update: 2}, "add 500", "remove 500"),
				),
			},
		},
	})
}

func TestAccSegment_partialFailureResumes(t *testing.T) {
	env := acctest.NewEnv(t)
	dir := t.TempDir()
	initial := segIDs("member", 0, 60001)
	file := segWriteFile(t, dir, "members.txt", initial)
	// One request at a time, so that the failing request is always the second add.
	cfg := env.ProviderBlockWith("max_concurrent_requests = 1") + segFile("Resumable", file, "")
	// 30,000 join and 30,000 leave: add 25,000, add 5,000, remove 25,000, remove 5,000.
	target := append(slices.Clone(initial[30000:]), segIDs("joiner", 0, 30000)...)
	acctest.ParallelTest(t, resource.TestCase{
		Steps: []resource.TestStep{
			{
				Config: cfg,
				Check:  segCheckMembers(env, "Resumable", initial),
			},
			{
				PreConfig: func() {
					segWriteFile(t, dir, "members.txt", target)
					// The second request fails, retries included.
					env.Sandbox.InjectFault(sandbox.Fault{Endpoint: sandbox.EndpointSegmentUpdate, Skip: 1, Times: 100, Status: 500})
				},
				Config:      cfg,
				ExpectError: acctest.Phrases(`request 2 of 4 (add 5000 IDs) failed after 1 succeeded`),
			},
			{
				PreConfig: func() { env.Sandbox.ClearFaults(); env.Sandbox.ResetLog() },
				Config:    cfg,
				// The state recorded the first add: the plan shows only the rest.
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectKnownValue(segAddr, tfjsonpath.New("membership_change"), knownvalue.ObjectPartial(map[string]knownvalue.Check{
						"added":   knownvalue.Int64Exact(5000),
						"removed": knownvalue.Int64Exact(30000),
					})),
				}},
				Check: resource.ComposeAggregateTestCheckFunc(
					segCheckMembers(env, "Resumable", target),
					segCheckWrites(env, segWrites{update: 3}, "add 5000", "remove 25000", "remove 5000"),
				),
			},
			{Config: cfg, PlanOnly: true},
		},
	})
}

// TestAccSegment_failedCreateIsTaintedAndReplaced: a create that fails after WalkMe made
// the segment leaves it in the state (tainted), so nothing is orphaned and the next apply
// replaces it.
func TestAccSegment_failedCreateIsTaintedAndReplaced(t *testing.T) {
	env := acctest.NewEnv(t)
	ids := segIDs("member", 0, 25001) // the POST, then one add
	file := segWriteFile(t, t.TempDir(), "members.txt", ids)
	cfg := env.Config(segFile("Half made", file, ""))
	var guid string
	acctest.ParallelTest(t, resource.TestCase{
		Steps: []resource.TestStep{
			{
				PreConfig: func() {
					env.Sandbox.InjectFault(sandbox.Fault{Endpoint: sandbox.EndpointSegmentUpdate, Times: 100, Status: 500})
				},
				Config:      cfg,
				ExpectError: acctest.Phrases(`Segment created, membership incomplete`, `request 2 of 2 (add 1 IDs) failed after 1 succeeded`, `terraform untaint`),
			},
			{
				PreConfig: func() {
					env.Sandbox.ClearFaults()
					seg, _, err := env.SegmentNamed("Half made")
					if err != nil {
						t.Fatal(err)
					}
					guid = seg.GUID
				},
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(segAddr, plancheck.ResourceActionDestroyBeforeCreate),
				}},
				Check: func(s *terraform.State) error {
					if segStateGUID(s) == guid {
						return fmt.Errorf("the tainted segment %s was kept", guid)
					}
					return segCheckMembers(env, "Half made", ids)(s)
				},
			},
		},
		CheckDestroy: segCheckNoSegments(env),
	})
}

// TestAccSegment_failedInlineUpdateKeepsState: a failed request leaves the state at what
// WalkMe holds, so the next apply sends the change again.
func TestAccSegment_failedInlineUpdateKeepsState(t *testing.T) {
	env := acctest.NewEnv(t)
	first := []string{"a@example.com"}
	second := []string{"a@example.com", "b@example.com"}
	cfg := func(ids []string) string { return env.Config(segInline("Inline", ids, "")) }
	acctest.ParallelTest(t, resource.TestCase{
		Steps: []resource.TestStep{
			{Config: cfg(first), Check: segCheckMembers(env, "Inline", first)},
			{
				PreConfig: func() {
					env.Sandbox.InjectFault(sandbox.Fault{Endpoint: sandbox.EndpointSegmentUpdate, Times: 100, Status: 503})
				},
				Config:      cfg(second),
				ExpectError: acctest.Phrases(`request 1 of 1 (add 1 IDs) failed after 0 succeeded`),
			},
			{
				PreConfig: func() { env.Sandbox.ClearFaults(); env.Sandbox.ResetLog() },
				Config:    cfg(second),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectKnownValue(segAddr, tfjsonpath.New("membership_change").AtMapKey("added"), knownvalue.Int64Exact(1)),
				}},
				Check: resource.ComposeAggregateTestCheckFunc(
					segCheckMembers(env, "Inline", second),
					segCheckWrites(env, segWrites{update: 1}, "add 1"),
				),
			},
		},
	})
}

func TestAccSegment_droppedCreateResponseMakesOneSegment(t *testing.T) {
	env := acctest.NewEnv(t)
	ids := []string{"a@example.com", "b@example.com"}
	acctest.ParallelTest(t, resource.TestCase{
		Steps: []resource.TestStep{{
			// WalkMe creates the segment, then the connection drops before the answer.
			PreConfig: func() {
				env.Sandbox.InjectFault(sandbox.Fault{Endpoint: sandbox.EndpointSegmentCreate, Drop: sandbox.DropAfter})
			},
			Config: env.Config(segInline("Dropped", ids, "")),
			Check: resource.ComposeAggregateTestCheckFunc(
				segCheckMembers(env, "Dropped", ids), // exactly one segment of that name
				func(*terraform.State) error {
					if n := len(env.Sandbox.Segments(sandbox.DefaultSystemGUID)); n != 1 {
						return fmt.Errorf("%d segments, want 1", n)
					}
					if n := env.Sandbox.Count(sandbox.EndpointSegmentCreate); n != 1 {
						return fmt.Errorf("%d create requests, want 1 (the dropped one, then adopted)", n)
					}
					return nil
				},
			),
		}},
	})
}

func TestAccSegment_fileChangedAfterPlanSendsNothing(t *testing.T) {
	env := acctest.NewEnv(t)
	dir := t.TempDir()
	file := segWriteFile(t, dir, "members.txt", []string{"a@example.com"})
	acctest.ParallelTest(t, resource.TestCase{
		Steps: []resource.TestStep{{
			Config: env.Config(segFile("Moving target", file, "")),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				acctest.BetweenPlanAndApply(func() { segWriteFile(t, dir, filepath.Base(file), []string{"a@example.com", "b@example.com"}) }),
			}},
			// Terraform plans again at apply and refuses a saved plan whose values changed:
			// the file's digest and count name the change.
			ExpectError: acctest.Phrases(`inconsistent final plan`, `.user_ids_sha256: was`),
		}, {
			Config:   env.Config(""),
			PlanOnly: true,
			PreConfig: func() {
				if w := segCountWrites(env); w != (segWrites{}) {
					t.Errorf("writes after the refused apply: %+v", w)
				}
			},
		}},
	})
}

// TestAccSegment_oneListPerRun: every Terraform command that reads segments runs in a
// provider process of its own, which fetches one token; with the shared list, each
// makes exactly one list request however many segments it reads.
func TestAccSegment_oneListPerRun(t *testing.T) {
	env := acctest.NewEnv(t)
	var body strings.Builder
	for i := range 5 {
		fmt.Fprintf(&body, `
resource "walkme_segment" "s%d" {
  name     = "Segment %d"
  user_ids = ["user%d@example.com"]
}
`, i, i, i)
	}
	body.WriteString(`
data "walkme_segments" "all" {
  depends_on = [walkme_segment.s0, walkme_segment.s1, walkme_segment.s2, walkme_segment.s3, walkme_segment.s4]
}
`)
	cfg := env.Config(body.String())
	checkOnePerProcess := func() {
		lists, tokens := env.Sandbox.Count(sandbox.EndpointSegmentList), env.Sandbox.Count(sandbox.EndpointToken)
		if lists == 0 || lists != tokens {
			t.Errorf("%d list requests in %d provider processes (token requests), want one per process", lists, tokens)
		}
	}
	acctest.ParallelTest(t, resource.TestCase{
		Steps: []resource.TestStep{
			{
				Config: cfg,
				Check:  resource.TestCheckResourceAttr("data.walkme_segments.all", "segments.#", "5"),
			},
			{PreConfig: env.Sandbox.ResetLog, Config: cfg, PlanOnly: true},
			{PreConfig: checkOnePerProcess, Config: cfg, PlanOnly: true},
		},
	})
}
