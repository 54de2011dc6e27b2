package provider_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

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
	list := "data.walkme_segments.all"
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
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttr(list, "system_guid", sandbox.DefaultSystemGUID),
					resource.TestCheckResourceAttr(list, "segments.#", "4"),
					resource.TestCheckResourceAttr(list, "segments.0.guid", alpha),
					resource.TestCheckResourceAttr(list, "segments.0.name", "Alpha"),
					resource.TestCheckResourceAttr(list, "segments.0.external_id", "a-1"),
					resource.TestCheckResourceAttr(list, "segments.1.guid", beta),
					resource.TestCheckNoResourceAttr(list, "segments.1.external_id"),
					resource.TestCheckResourceAttr(list, "segments.3.guid", dup2),

					resource.TestCheckResourceAttr("data.walkme_segment.by_name", "guid", alpha),
					resource.TestCheckResourceAttr("data.walkme_segment.by_name", "external_id", "a-1"),
					resource.TestCheckResourceAttr("data.walkme_segment.by_name", "system_guid", sandbox.DefaultSystemGUID),
					resource.TestCheckResourceAttr("data.walkme_segment.by_external_id", "guid", dup2),
					resource.TestCheckResourceAttr("data.walkme_segment.by_external_id", "name", "Dup"),
					resource.TestCheckResourceAttr("data.walkme_segment.by_guid", "guid", beta),
					resource.TestCheckResourceAttr("data.walkme_segment.by_guid", "name", "Beta"),
					resource.TestCheckNoResourceAttr("data.walkme_segment.by_guid", "external_id"),
				),
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
