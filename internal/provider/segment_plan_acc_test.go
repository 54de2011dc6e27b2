package provider_test

import (
	"context"
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/walkme-community/terraform-provider-walkme/internal/acctest"
	"github.com/walkme-community/terraform-provider-walkme/internal/sandbox"
)

// These tests check what a reviewer reads in a plan and what a user sees in an error.

// segExpectNoPriorChange asserts that the plan's prior value of membership_change is
// null: the plan shows this change alone (`+ membership_change = {...}`), never the
// summary of an earlier apply turning into this one.
type segExpectNoPriorChange struct{ addr string }

func (e segExpectNoPriorChange) CheckPlan(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	for _, rc := range req.Plan.ResourceChanges {
		if rc.Address != e.addr {
			continue
		}
		before, _ := rc.Change.Before.(map[string]any)
		if before == nil {
			resp.Error = fmt.Errorf("%s: no prior value", e.addr)
			return
		}
		if v := before["membership_change"]; v != nil {
			resp.Error = fmt.Errorf("%s: the plan shows the previous membership_change %v turning into this change's", e.addr, v)
		}
		return
	}
	resp.Error = fmt.Errorf("%s not in the plan", e.addr)
}

// Issue 15 point 1: a change's plan names exactly the IDs this change adds and removes.
func TestAccSegment_planShowsOnlyThisChange(t *testing.T) {
	env := acctest.NewEnv(t)
	dir := t.TempDir()
	five := []string{"alice", "bob", "carol", "dave", "erin"}
	swapped := []string{"alice", "bob", "carol", "dave", "frank"}
	file := segWriteFile(t, dir, "members.txt", segIDs("cust-", 0, 30))
	fileCfg := func() string {
		return env.Config(segInline("Inline", swapped, "") + strings.ReplaceAll(segFile("File", file, ""), `"test"`, `"file"`))
	}
	acctest.ParallelTest(t, resource.TestCase{
		Steps: []resource.TestStep{
			{
				Config: env.Config(segInline("Inline", []string{"alice"}, "")),
				Check:  resource.TestCheckResourceAttr(segAddr, "membership_change.summary", "create with 1 user ID"),
			},
			{
				Config: env.Config(segInline("Inline", five, "")),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					segExpectNoPriorChange{segAddr},
					plancheck.ExpectKnownValue(segAddr, tfjsonpath.New("membership_change").AtMapKey("added_sample"),
						acctest.StringList("bob", "carol", "dave", "erin")),
				}},
			},
			{
				Config: env.Config(segInline("Inline", swapped, "")),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					segExpectNoPriorChange{segAddr},
					plancheck.ExpectKnownValue(segAddr, tfjsonpath.New("membership_change"), knownvalue.ObjectExact(map[string]knownvalue.Check{
						"summary":        knownvalue.StringExact("add 1, remove 1 user ID (5 → 5 members)"),
						"added":          knownvalue.Int64Exact(1),
						"removed":        knownvalue.Int64Exact(1),
						"added_sample":   acctest.StringList("frank"),
						"removed_sample": acctest.StringList("erin"),
					})),
				}},
			},
			{
				Config: fileCfg(),
			},
			{
				PreConfig: func() { segWriteFile(t, dir, "members.txt", append(segIDs("cust-", 1, 29), "new-001")) },
				Config:    fileCfg(),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("walkme_segment.file", plancheck.ResourceActionUpdate),
					segExpectNoPriorChange{"walkme_segment.file"},
					plancheck.ExpectKnownValue("walkme_segment.file", tfjsonpath.New("membership_change").AtMapKey("summary"),
						knownvalue.StringExact("add 1, remove 1 user ID (30 → 30 members)")),
					plancheck.ExpectKnownValue("walkme_segment.file", tfjsonpath.New("membership_change").AtMapKey("added_sample"), acctest.StringList("new-001")),
					plancheck.ExpectKnownValue("walkme_segment.file", tfjsonpath.New("membership_change").AtMapKey("removed_sample"),
						acctest.StringList("cust-0000000@example.com")),
				}},
			},
			{
				// No change: an empty plan.
				Config:   fileCfg(),
				PlanOnly: true,
			},
		},
		CheckDestroy: segCheckNoSegments(env),
	})
}

// Issue 15 point 2: a membership file changed between a saved plan and its apply stops
// the apply with one error that names the file and says to plan again; nothing is sent.
func TestAccSegment_fileChangedAfterSavedPlan(t *testing.T) {
	env := acctest.NewEnv(t)
	cli := acctest.NewCLIRunner(t)
	cli.Write("members.txt", "a@example.com\nb@example.com\n")
	cli.Write("main.tf", env.ProviderBlockWith(faultRetries)+`
resource "walkme_segment" "churn" {
  name          = "Churn risk"
  user_ids_file = "`+filepath.Join(cli.Dir, "members.txt")+`"
}
`)
	cli.Must("init", "-no-color")
	cli.Must("apply", "-auto-approve", "-no-color")
	cli.Write("members.txt", "a@example.com\nb@example.com\nc@example.com\n")
	cli.Must("plan", "-no-color", "-out=tfplan")
	cli.Write("members.txt", "a@example.com\nd@example.com\n")
	env.Sandbox.ResetLog()

	out, errOut, err := cli.Run("apply", "-no-color", "tfplan")
	if err == nil {
		t.Fatalf("apply of a stale plan succeeded:\n%s", out)
	}
	all := out + errOut
	if n := strings.Count(all, "Error: "); n != 1 {
		t.Errorf("%d errors, want 1:\n%s", n, all)
	}
	if strings.Contains(all, "inconsistent final plan") {
		t.Errorf("Terraform's inconsistent-plan error instead of the provider's:\n%s", all)
	}
	if want := acctest.Phrases(`Membership file changed since the plan`, `user_ids_file "`+filepath.Join(cli.Dir, "members.txt")+`"`, `terraform plan`); !want.MatchString(all) {
		t.Errorf("error does not match %s:\n%s", want, all)
	}
	if w := segCountWrites(env); w != (segWrites{}) {
		t.Errorf("a stale plan sent writes: %+v", w)
	}
	// Planning again applies the file as it is now.
	cli.Must("apply", "-auto-approve", "-no-color")
	if err := env.CheckSegmentMembers("Churn risk", "a@example.com", "d@example.com")(nil); err != nil {
		t.Error(err)
	}
}

// Issue 15 point 5: a missing file names the absolute path tried and suggests
// ${path.module}; respelling the path of the same file sends nothing and says so.
func TestAccSegment_filePaths(t *testing.T) {
	env := acctest.NewEnv(t)
	dir := t.TempDir()
	file := segWriteFile(t, dir, "members.txt", []string{"a@example.com", "b@example.com"})
	respelled := dir + "/./members.txt" // filepath.Join would clean it
	acctest.ParallelTest(t, resource.TestCase{
		Steps: []resource.TestStep{
			{
				Config:      env.Config(segFile("S", "crm/missing.txt", "")),
				PlanOnly:    true,
				ExpectError: acctest.Phrases(`user_ids_file "crm/missing.txt"`, `/crm/missing.txt`, `${path.module}/crm/missing.txt`),
			},
			{Config: env.Config(segFile("S", file, ""))},
			{
				PreConfig: env.Sandbox.ResetLog,
				Config:    env.Config(segFile("S", respelled, "")),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(segAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(segAddr, tfjsonpath.New("membership_change"), knownvalue.ObjectExact(map[string]knownvalue.Check{
						"summary":        knownvalue.StringRegexp(regexp.MustCompile(`^no change: the same 2 user IDs; no request is sent`)),
						"added":          knownvalue.Int64Exact(0),
						"removed":        knownvalue.Int64Exact(0),
						"added_sample":   acctest.StringList(),
						"removed_sample": acctest.StringList(),
					})),
				}},
				Check: resource.ComposeAggregateTestCheckFunc(
					segCheckMembers(env, "S", []string{"a@example.com", "b@example.com"}),
					resource.TestCheckResourceAttr(segAddr, "user_ids_file", respelled),
					segCheckWrites(env, segWrites{}),
				),
			},
		},
		CheckDestroy: segCheckNoSegments(env),
	})
}

// Issue 15 point 6: repeated IDs in a file are common in exports. The file is a set; the
// plan warns with the count and the first lines, and the apply sends each ID once.
func TestAccSegment_fileRepeatsWarn(t *testing.T) {
	env := acctest.NewEnv(t)
	cli := acctest.NewCLIRunner(t)
	cli.Write("members.txt", "a@example.com\nb@example.com\n\n  a@example.com\nc@example.com\nb@example.com\n")
	cli.Write("main.tf", env.ProviderBlockWith(faultRetries)+`
resource "walkme_segment" "crm" {
  name          = "CRM export"
  user_ids_file = "`+filepath.Join(cli.Dir, "members.txt")+`"
}
`)
	cli.Must("init", "-no-color")
	out := cli.Must("plan", "-no-color")
	if want := acctest.Phrases(`Warning: Repeated user IDs`, `user_ids_file "`+filepath.Join(cli.Dir, "members.txt")+`" lists 2 user IDs more than once`,
		`line 4: user ID "a@example.com" repeats line 1; line 6: user ID "b@example.com" repeats line 2`); !want.MatchString(out) {
		t.Errorf("plan does not match %s:\n%s", want, out)
	}
	if want := acctest.Phrases(`summary = "create with 3 user IDs"`); !want.MatchString(out) {
		t.Errorf("plan does not match %s:\n%s", want, out)
	}
	cli.Must("apply", "-auto-approve", "-no-color")
	if err := env.CheckSegmentMembers("CRM export", "a@example.com", "b@example.com", "c@example.com")(nil); err != nil {
		t.Error(err)
	}
	// The refresh clears membership_change; Terraform reports that only where something
	// refers to it, so the no-op plan stays empty and quiet.
	if out := cli.Must("plan", "-no-color", "-detailed-exitcode"); !strings.Contains(out, "No changes.") ||
		strings.Contains(out, "changed outside of Terraform") {
		t.Errorf("no-op plan:\n%s", out)
	}
}

// Issue 15 point 3: a name WalkMe already has is reported at plan, with the GUID and the
// import command, and nothing is sent.
func TestAccSegment_nameTakenAtPlan(t *testing.T) {
	env := acctest.NewEnv(t)
	existing := segCreateDirect(t, env, "Taken", "", nil)
	importID := sandbox.DefaultSystemGUID + "/" + existing
	acctest.ParallelTest(t, resource.TestCase{
		Steps: []resource.TestStep{
			{
				// Made outside this configuration, as far as the provider can tell: both possibilities.
				Config:   env.Config(segInline("Taken", []string{"a@example.com"}, "")),
				PlanOnly: true,
				ExpectError: acctest.Phrases(`Segment already exists`, `already has a segment named "Taken" (guid `+existing+`)`,
					`If another walkme_segment of this configuration`, `terraform import <resource address> `+importID),
			},
			{
				// Imported, it is managed; TestAccSegment_nameTakenWarnings goes on from here.
				Config: env.Config(`
import {
  to = walkme_segment.first
  id = "` + importID + `"
}
resource "walkme_segment" "first" {
  name     = "Taken"
  user_ids = ["a@example.com"]
}
`),
			},
		},
		CheckDestroy: func(*terraform.State) error {
			if n := env.Sandbox.Count(sandbox.EndpointSegmentCreate); n != 1 { // the segment made by hand
				return fmt.Errorf("plan-time errors sent %d creates", n)
			}
			return nil
		},
	})
}

// Issue 15 point 3, the warnings: where the segment that has the name may be this
// resource's own (a replacement) or another resource's of this configuration, the plan
// warns, and never advises an import.
func TestAccSegment_nameTakenWarnings(t *testing.T) {
	env := acctest.NewEnv(t)
	cli := acctest.NewCLIRunner(t)
	first := func(ext string) string {
		return `
resource "walkme_segment" "first" {
  name        = "Taken"
  external_id = "` + ext + `"
  user_ids    = ["a@example.com"]
}
`
	}
	cli.Write("main.tf", env.ProviderBlockWith(faultRetries)+first("e1"))
	cli.Must("init", "-no-color")
	cli.Must("apply", "-auto-approve", "-no-color")
	guid := env.Sandbox.Segments(sandbox.DefaultSystemGUID)[0].GUID

	// A new external id replaces the segment, which keeps its name: its own.
	cli.Write("main.tf", env.ProviderBlockWith(faultRetries)+first("e2"))
	out := cli.Must("plan", "-no-color")
	if want := acctest.Phrases(`Warning: Segment replaced by one of the same name`, `(guid `+guid+`): this resource's own, which this replacement deletes before it creates the new one`); !want.MatchString(out) {
		t.Errorf("replacement plan does not match %s:\n%s", want, out)
	}
	if strings.Contains(out, "terraform import") {
		t.Errorf("replacement plan advises an import:\n%s", out)
	}

	// A second resource declares the same name; the first is read before it is planned.
	cli.Write("main.tf", env.ProviderBlockWith(faultRetries)+first("e1")+`
resource "walkme_segment" "second" {
  name       = "Taken"
  user_ids   = ["b@example.com"]
  depends_on = [walkme_segment.first]
}
`)
	out = cli.Must("plan", "-no-color")
	if want := acctest.Phrases(`Warning: Segment name already in use`, `(guid `+guid+`), and another walkme_segment of this configuration manages it`); !want.MatchString(out) {
		t.Errorf("plan does not match %s:\n%s", want, out)
	}
	if strings.Contains(out, "terraform import") {
		t.Errorf("plan advises an import:\n%s", out)
	}
}

// The limit of TestAccSegment_fileChangedAfterSavedPlan: a plan made with -refresh=false
// leaves no record of the file, and Terraform's re-plan at apply cannot see the plan's
// values, so the provider cannot tell. Terraform then reports its own errors, one per
// attribute that differs (member_count, user_ids_sha256 and membership_change's fields);
// nothing is sent either way.
func TestAccSegment_fileChangedAfterSavedPlanWithoutRefresh(t *testing.T) {
	env := acctest.NewEnv(t)
	cli := acctest.NewCLIRunner(t)
	file := filepath.Join(cli.Dir, "members.txt")
	cli.Write("members.txt", "a@example.com\nb@example.com\n")
	cli.Write("main.tf", env.ProviderBlockWith(faultRetries)+`
resource "walkme_segment" "churn" {
  name          = "Churn risk"
  user_ids_file = "`+file+`"
}
`)
	cli.Must("init", "-no-color")
	cli.Must("apply", "-auto-approve", "-no-color")
	cli.Write("members.txt", "a@example.com\nb@example.com\nc@example.com\n")
	cli.Must("plan", "-no-color", "-refresh=false", "-out=tfplan")
	cli.Write("members.txt", "a@example.com\nd@example.com\n")
	env.Sandbox.ResetLog()

	out, errOut, err := cli.Run("apply", "-no-color", "tfplan")
	all := out + errOut
	if err == nil || !strings.Contains(all, "Provider produced inconsistent final plan") {
		t.Fatalf("apply: %v\n%s", err, all)
	}
	for _, attr := range []string{".member_count", ".user_ids_sha256", ".membership_change"} {
		if !strings.Contains(all, attr) {
			t.Errorf("no error for %s:\n%s", attr, all)
		}
	}
	if w := segCountWrites(env); w != (segWrites{}) {
		t.Errorf("a stale plan sent writes: %+v", w)
	}
}
