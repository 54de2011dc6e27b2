package provider_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/walkme-community/terraform-provider-walkme/internal/acctest"
	"github.com/walkme-community/terraform-provider-walkme/internal/sandbox"
)

func TestAccSegmentDataSources(t *testing.T) {
	// WalkMe may let names repeat; the sandbox models that worst case here.
	env := acctest.NewEnv(t, func(c *sandbox.Config) { c.AllowDuplicateSegmentNames = true })
	alpha := segCreateDirect(t, env, "Alpha", "a-1", []string{"a@example.com"})
	beta := segCreateDirect(t, env, "Beta", "", nil)
	dup1 := segCreateDirect(t, env, "Dup", "d-1", nil)
	dup2 := segCreateDirect(t, env, "Dup", "d-2", nil)
	compactBeta := strings.ToUpper(strings.ReplaceAll(beta, "-", ""))

	lookup := func(attr, value string) string {
		return env.Config(fmt.Sprintf(`
data "walkme_segment" "x" {
  %s = %q
}
`, attr, value))
	}
	const (
		list         = "data.walkme_segments.all"
		byName       = "data.walkme_segment.by_name"
		byExternalID = "data.walkme_segment.by_external_id"
		byGUID       = "data.walkme_segment.by_guid"
	)
	acctest.ParallelTest(t, resource.TestCase{
		Steps: []resource.TestStep{
			{
				Config: env.Config(fmt.Sprintf(`
data "walkme_segments" "all" {}

data "walkme_segment" "by_name" {
  name = "Alpha"
}

data "walkme_segment" "by_external_id" {
  external_id = "d-2"
}

data "walkme_segment" "by_guid" {
  system_guid = %q
  guid        = %q
}
`, sandbox.DefaultSystemGUID, compactBeta)),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(list, tfjsonpath.New("system_guid"), knownvalue.StringExact(sandbox.DefaultSystemGUID)),
					statecheck.ExpectKnownValue(list, tfjsonpath.New("segments"), knownvalue.ListPartial(map[int]knownvalue.Check{
						0: knownvalue.ObjectPartial(map[string]knownvalue.Check{
							"guid": knownvalue.StringExact(alpha), "name": knownvalue.StringExact("Alpha"), "external_id": knownvalue.StringExact("a-1"),
						}),
						1: knownvalue.ObjectPartial(map[string]knownvalue.Check{"guid": knownvalue.StringExact(beta), "external_id": knownvalue.Null()}),
						3: knownvalue.ObjectPartial(map[string]knownvalue.Check{"guid": knownvalue.StringExact(dup2)}),
					})),
					statecheck.ExpectKnownValue(list, tfjsonpath.New("segments"), knownvalue.ListSizeExact(4)),

					statecheck.ExpectKnownValue(byName, tfjsonpath.New("guid"), knownvalue.StringExact(alpha)),
					statecheck.ExpectKnownValue(byName, tfjsonpath.New("external_id"), knownvalue.StringExact("a-1")),
					statecheck.ExpectKnownValue(byName, tfjsonpath.New("system_guid"), knownvalue.StringExact(sandbox.DefaultSystemGUID)),
					statecheck.ExpectKnownValue(byExternalID, tfjsonpath.New("guid"), knownvalue.StringExact(dup2)),
					statecheck.ExpectKnownValue(byExternalID, tfjsonpath.New("name"), knownvalue.StringExact("Dup")),
					statecheck.ExpectKnownValue(byGUID, tfjsonpath.New("guid"), knownvalue.StringExact(beta)),
					statecheck.ExpectKnownValue(byGUID, tfjsonpath.New("name"), knownvalue.StringExact("Beta")),
					statecheck.ExpectKnownValue(byGUID, tfjsonpath.New("external_id"), knownvalue.Null()),
				},
			},
			{
				Config:      lookup("name", "Nope"),
				PlanOnly:    true,
				ExpectError: acctest.Phrases(`System ` + sandbox.DefaultSystemGUID + ` has no segment named "Nope" (4 segments listed)`),
			},
			{
				Config:      lookup("external_id", "zz-9"),
				PlanOnly:    true,
				ExpectError: acctest.Phrases(`has no segment with external id "zz-9"`),
			},
			{
				Config:      lookup("guid", "00000000-0000-4000-8000-000000000000"),
				PlanOnly:    true,
				ExpectError: acctest.Phrases(`has no segment with guid "00000000-0000-4000-8000-000000000000"`),
			},
			{
				Config:      lookup("name", "Dup"),
				PlanOnly:    true,
				ExpectError: acctest.Phrases(`has 2 segments named "Dup": ` + dup1 + `, ` + dup2 + `. Look the segment up by guid instead`),
			},
			{
				Config: env.Config(`
data "walkme_segment" "x" {
  name        = "Alpha"
  external_id = "a-1"
}
`),
				PlanOnly:    true,
				ExpectError: acctest.Phrases(`Exactly one of these attributes must be configured: [guid,name,external_id]`),
			},
			{
				Config:      env.Config(`data "walkme_segment" "x" {}`),
				PlanOnly:    true,
				ExpectError: acctest.Phrases(`Exactly one of these attributes must be configured: [guid,name,external_id]`),
			},
			{
				// The sandbox knows only its default system: WalkMe answers 404.
				Config:      env.Config(`data "walkme_segments" "other" { system_guid = "0123456789abcdef0123456789abcdef" }`),
				PlanOnly:    true,
				ExpectError: acctest.Phrases(`Cannot list segments`, `0123456789abcdef0123456789abcdef`),
			},
		},
	})
}
