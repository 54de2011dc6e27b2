package provider_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/querycheck"
	"github.com/hashicorp/terraform-plugin-testing/querycheck/queryfilter"

	"github.com/walkme-community/terraform-provider-walkme/internal/acctest"
	"github.com/walkme-community/terraform-provider-walkme/internal/sandbox"
)

// listIdentity is the identity a listed segment must carry.
func listIdentity(guid string) map[string]knownvalue.Check {
	return map[string]knownvalue.Check{
		"system_guid":  knownvalue.StringExact(sandbox.DefaultSystemGUID),
		"segment_guid": knownvalue.StringExact(guid),
	}
}

// listRequests is a query check on the sandbox: how many segment list requests the query sent.
type listRequests struct {
	env  *acctest.Env
	want int
}

func (c listRequests) CheckQuery(_ context.Context, _ querycheck.CheckQueryRequest, resp *querycheck.CheckQueryResponse) {
	if n := c.env.Sandbox.Count(sandbox.EndpointSegmentList); n != c.want {
		resp.Error = fmt.Errorf("the query sent %d segment list requests, want %d (one per system)", n, c.want)
	}
}

// `terraform query` lists a system's segments, those made in WalkMe and those Terraform
// manages, filtered by name prefix or external id, each with its identity and name; two
// list blocks on one system cost one list request.
func TestAccSegmentList_query(t *testing.T) {
	acctest.Require(t, acctest.ListResources)
	env := acctest.NewEnv(t)
	beta1 := segCreateDirect(t, env, "Beta users", "beta-1", []string{"a@example.com"})
	beta2 := segCreateDirect(t, env, "Beta testers", "", []string{"b@example.com"})
	alpha := segCreateDirect(t, env, "Alpha", "alpha-1", []string{"c@example.com"})
	// The query runs in the working directory of the first step, whose configuration holds
	// the provider block.
	query := func(blocks string) string { return blocks }
	acctest.ParallelTest(t, resource.TestCase{
		Steps: []resource.TestStep{
			{Config: env.Config(segInline("Beta managed", []string{"d@example.com"}, ""))},
			{
				PreConfig: env.Sandbox.ResetLog,
				Query:     true,
				Config: query(`
list "walkme_segment" "beta" {
  provider = walkme
  config {
    name_prefix = "Beta "
  }
}

list "walkme_segment" "alpha" {
  provider = walkme
  config {
    system_guid = "` + sandbox.DefaultSystemGUID + `"
    external_id = "alpha-1"
  }
}
`),
				QueryResultChecks: []querycheck.QueryResultCheck{
					querycheck.ExpectLength("walkme_segment.beta", 3),
					querycheck.ExpectIdentity("walkme_segment.beta", listIdentity(beta1)),
					querycheck.ExpectIdentity("walkme_segment.beta", listIdentity(beta2)),
					querycheck.ExpectResourceDisplayName("walkme_segment.beta",
						queryfilter.ByResourceIdentity(listIdentity(beta2)), knownvalue.StringExact("Beta testers")),
					querycheck.ExpectResourceDisplayName("walkme_segment.beta",
						queryfilter.ByDisplayName(knownvalue.StringExact("Beta managed")), knownvalue.StringExact("Beta managed")),
					querycheck.ExpectLength("walkme_segment.alpha", 1),
					querycheck.ExpectIdentity("walkme_segment.alpha", listIdentity(alpha)),
					listRequests{env: env, want: 1},
				},
			},
			{
				Query: true,
				Config: query(`
list "walkme_segment" "none" {
  provider = walkme
  config {
    name_prefix = "Gamma"
  }
}
`),
				QueryResultChecks: []querycheck.QueryResultCheck{querycheck.ExpectLength("walkme_segment.none", 0)},
			},
		},
	})
}

// What a user does to adopt existing segments: `terraform query -generate-config-out=FILE`
// writes an import block (by identity) and a resource block per segment; without a
// membership the configuration is refused at plan time, naming the attributes to add; with
// one, the first apply imports the segment and sets its members with one override pass, and
// the plan after it is empty.
func TestAccSegmentList_generateConfig(t *testing.T) {
	acctest.Require(t, acctest.ListResources)
	env := acctest.NewEnv(t)
	guid := segCreateDirect(t, env, "Beta users", "beta-1", []string{"stranger@example.com", "a@example.com"})
	segCreateDirect(t, env, "Other", "", nil)
	cli := acctest.NewCLIRunner(t)
	cli.Write("main.tf", env.ProviderBlock())
	cli.Write("adopt.tfquery.hcl", `
list "walkme_segment" "beta" {
  provider = walkme
  config {
    name_prefix = "Beta"
  }
}
`)
	cli.Must("init", "-input=false", "-no-color")
	out := cli.Must("query", "-no-color", "-generate-config-out=generated.tf")
	if !strings.Contains(out, guid) || !strings.Contains(out, "Beta users") || strings.Contains(out, "Other") {
		t.Errorf("terraform query output does not list exactly the Beta segment %s:\n%s", guid, out)
	}
	body, err := os.ReadFile(filepath.Join(cli.Dir, "generated.tf"))
	if err != nil {
		t.Fatal(err)
	}
	generated := string(body)
	for _, want := range []*regexp.Regexp{
		regexp.MustCompile(`(?s)import \{.*to\s+= walkme_segment\.beta_0.*identity\s+= \{.*segment_guid\s+= "` + guid + `".*system_guid\s+= "` + sandbox.DefaultSystemGUID + `"`),
		regexp.MustCompile(`(?s)resource "walkme_segment" "beta_0" \{.*external_id\s+= "beta-1".*name\s+= "Beta users"`),
	} {
		if !want.MatchString(generated) {
			t.Errorf("generated.tf does not match %s:\n%s", want, generated)
		}
	}
	t.Logf("generated.tf:\n%s", generated)

	// As generated, the segment has no membership: the plan says what to add.
	_, errOut, err := cli.Run("plan", "-input=false", "-no-color")
	if err == nil || !acctest.Phrases("Exactly one of these attributes must be configured", "user_ids", "user_ids_file").MatchString(errOut) {
		t.Fatalf("plan of the generated configuration without a membership: err %v, want the exactly-one-of error:\n%s", err, errOut)
	}

	// The user adds the membership to the generated block.
	withMembers := regexp.MustCompile(`(resource "walkme_segment" "beta_0" \{)`).
		ReplaceAllString(generated, "$1\n  user_ids = [\"a@example.com\", \"b@example.com\"]")
	withMembers = regexp.MustCompile(`(?m)^\s*user_ids\s+= null\n|^\s*user_ids_file\s+= null\n`).ReplaceAllString(withMembers, "")
	cli.Write("generated.tf", withMembers)
	env.Sandbox.ResetLog()
	out = cli.Must("apply", "-auto-approve", "-input=false", "-no-color")
	if !strings.Contains(out, "1 imported, 0 added, 1 changed, 0 destroyed") {
		t.Errorf("apply did not import and update the segment:\n%s", out)
	}
	if err := env.CheckSegmentMembers("Beta users", "a@example.com", "b@example.com")(nil); err != nil {
		t.Error(err)
	}
	if err := segCheckWrites(env, segWrites{update: 1}, "override 2")(nil); err != nil {
		t.Error(err)
	}
	if _, errOut, err := cli.Run("plan", "-detailed-exitcode", "-input=false", "-no-color"); err != nil {
		t.Errorf("plan after the adopting apply is not empty: %v\n%s", err, errOut)
	}
}
