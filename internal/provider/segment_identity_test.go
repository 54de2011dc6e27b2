package provider_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/walkme-community/terraform-provider-walkme/internal/acctest"
	"github.com/walkme-community/terraform-provider-walkme/internal/sandbox"
)

// segImportByIdentity is an import block that names the segment by its identity.
func segImportByIdentity(system, segment string) string {
	return fmt.Sprintf(`
import {
  to       = walkme_segment.test
  identity = {
    system_guid  = %q
    segment_guid = %q
  }
}
`, system, segment)
}

// A segment that Terraform creates has the identity {system_guid, segment_guid}, equal to
// the state's system_guid and guid, and it stays the same across updates and refreshes.
func TestAccSegment_identity(t *testing.T) {
	acctest.Require(t, acctest.ResourceIdentity)
	env := acctest.NewEnv(t)
	identity := []statecheck.StateCheck{
		statecheck.ExpectIdentityValue(segAddr, tfjsonpath.New("system_guid"), knownvalue.StringExact(sandbox.DefaultSystemGUID)),
		statecheck.ExpectIdentityValueMatchesStateAtPath(segAddr, tfjsonpath.New("segment_guid"), tfjsonpath.New("guid")),
		statecheck.ExpectIdentityValueMatchesStateAtPath(segAddr, tfjsonpath.New("system_guid"), tfjsonpath.New("system_guid")),
	}
	acctest.ParallelTest(t, resource.TestCase{
		Steps: []resource.TestStep{
			{Config: env.Config(segInline("Identity", []string{"a@example.com"}, "")), ConfigStateChecks: identity},
			{Config: env.Config(segInline("Identity", []string{"a@example.com", "b@example.com"}, "")), ConfigStateChecks: identity},
			{Config: env.Config(segInline("Identity", []string{"a@example.com", "b@example.com"}, "")), PlanOnly: true},
		},
	})
}

// An import block that names a hand-made segment by its identity (Terraform 1.12 and later)
// adopts it: the plan imports it and updates its members, the apply sets them with one
// override pass, and the next plan is empty. A malformed identity is refused at plan time,
// naming the attribute and the value.
func TestAccSegment_importByIdentity(t *testing.T) {
	acctest.Require(t, acctest.ResourceIdentity)
	env := acctest.NewEnv(t)
	guid := segCreateDirect(t, env, "Hand made", "hm-1", []string{"stranger@example.com", "a@example.com"})
	want := []string{"a@example.com", "b@example.com"}
	resourceCfg := segInline("Hand made", want, `external_id = "hm-1"`)
	acctest.ParallelTest(t, resource.TestCase{
		Steps: []resource.TestStep{
			{
				Config:      env.Config(segImportByIdentity(sandbox.DefaultSystemGUID, "not-a-guid") + resourceCfg),
				ExpectError: acctest.Phrases(`segment_guid "not-a-guid" is not a segment GUID`),
			},
			{
				PreConfig: env.Sandbox.ResetLog,
				// WalkMe compares GUIDs case-insensitively; so does the import.
				Config: env.Config(segImportByIdentity(sandbox.DefaultSystemGUID, strings.ToUpper(guid)) + resourceCfg),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(segAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(segAddr, tfjsonpath.New("guid"), knownvalue.StringExact(guid)),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectIdentityValue(segAddr, tfjsonpath.New("segment_guid"), knownvalue.StringExact(guid)),
					statecheck.ExpectKnownValue(segAddr, tfjsonpath.New("member_count"), knownvalue.Int64Exact(2)),
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					segCheckMembers(env, "Hand made", want),
					segCheckWrites(env, segWrites{update: 1}, "override 2"),
				),
			},
			{Config: env.Config(resourceCfg), PlanOnly: true},
		},
	})
}
