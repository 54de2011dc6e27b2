package provider_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/walkme-community/terraform-provider-walkme/internal/acctest"
	"github.com/walkme-community/terraform-provider-walkme/internal/sandbox"
)

// Acceptance tests against the sandbox's segment list variants (ASSUMPTIONS.md:
// segment-list-shape, segment-list-empty, segment-list-paging, segment-list-lag): list
// answers WalkMe does not document, each of which the provider must survive.

// segCheckOne asserts the sandbox holds exactly one segment, named name, and that the
// state's guid is its GUID.
func segCheckOne(env *acctest.Env, name string) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		segs := env.Sandbox.Segments(sandbox.DefaultSystemGUID)
		if len(segs) != 1 || segs[0].Name != name {
			return fmt.Errorf("sandbox segments %+v, want exactly one named %q", segs, name)
		}
		if got := segStateGUID(s); got != segs[0].GUID {
			return fmt.Errorf("state guid %s, sandbox %s", got, segs[0].GUID)
		}
		return nil
	}
}

// Issue 10 item 1: an "id" in the list that is WalkMe's own (a number, or the GUID
// again) never becomes the external id, so it never plans a replacement.
func TestAccSegment_listIDNeverReplaces(t *testing.T) {
	for _, shape := range []string{"numericId", "guidId"} {
		t.Run(shape, func(t *testing.T) {
			env := acctest.NewEnv(t, func(c *sandbox.Config) { c.ListShape = shape })
			cfg := env.Config(segInline("Ids", []string{"a@example.com"}, `  external_id = "heap-1"`))
			acctest.ParallelTest(t, resource.TestCase{
				CheckDestroy: segCheckNoSegments(env),
				Steps: []resource.TestStep{
					{Config: cfg, Check: segCheckOne(env, "Ids")},
					{
						Config: cfg,
						ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
							plancheck.ExpectEmptyPlan(),
						}},
						Check: resource.ComposeAggregateTestCheckFunc(
							resource.TestCheckResourceAttr(segAddr, "external_id", "heap-1"),
							segCheckOne(env, "Ids"), env.CheckRequests(sandbox.EndpointSegmentCreate, 1),
						),
					},
				},
			})
		})
	}
}

// Issue 10 item 1: after an import, a list that does not report the external id leaves
// it to the configuration: an update in place, never a replacement.
func TestAccSegment_importWithoutListedExternalID(t *testing.T) {
	env := acctest.NewEnv(t, func(c *sandbox.Config) { c.ListShape = "sparse" })
	guid := segCreateDirect(t, env, "Hand made", "hm-1", []string{"a@example.com"})
	cfg := env.Config(segInline("Hand made", []string{"a@example.com"}, `  external_id = "hm-1"`))
	acctest.ParallelTest(t, resource.TestCase{
		Steps: []resource.TestStep{
			{
				Config:             cfg,
				ResourceName:       segAddr,
				ImportState:        true,
				ImportStateId:      sandbox.DefaultSystemGUID + "/" + guid,
				ImportStatePersist: true,
			},
			{
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(segAddr, plancheck.ResourceActionUpdate),
				}},
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttr(segAddr, "external_id", "hm-1"),
					resource.TestCheckResourceAttr(segAddr, "guid", guid),
					segCheckOne(env, "Hand made"), env.CheckRequests(sandbox.EndpointSegmentCreate, 1), // the direct create only
				),
			},
			{Config: cfg, PlanOnly: true},
		},
	})
}

// Issue 10 item 2: every form of an empty system lets the first segment be created.
func TestAccSegment_emptySystemForms(t *testing.T) {
	for _, form := range []string{"noContent", "emptyBody", "null", "object", "nullList"} {
		t.Run(form, func(t *testing.T) {
			env := acctest.NewEnv(t, func(c *sandbox.Config) { c.ListEmpty = form })
			acctest.ParallelTest(t, resource.TestCase{
				CheckDestroy: segCheckNoSegments(env),
				Steps: []resource.TestStep{{
					Config: env.Config(segInline("First", []string{"a@example.com"}, "")),
					Check:  resource.ComposeAggregateTestCheckFunc(segCheckOne(env, "First"), segCheckMembers(env, "First", []string{"a@example.com"})),
				}},
			})
		})
	}
}

// Issue 10 item 3: a segment on a later page is found; an answer that shows more pages
// without a way to them fails instead of reading the segment as deleted.
func TestAccSegment_paginatedList(t *testing.T) {
	for _, paging := range []string{"link", "page"} {
		t.Run(paging, func(t *testing.T) {
			env := acctest.NewEnv(t, func(c *sandbox.Config) { c.ListPaging = paging })
			for i := range 3 {
				segCreateDirect(t, env, fmt.Sprintf("Other %d", i), "", nil)
			}
			cfg := env.Config(segInline("Paged", []string{"a@example.com"}, `  external_id = "paged-1"`))
			acctest.ParallelTest(t, resource.TestCase{
				Steps: []resource.TestStep{
					{Config: cfg, Check: env.CheckRequests(sandbox.EndpointSegmentCreate, 4)},
					{
						// The refresh reads page 2.
						Config: cfg,
						ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
							plancheck.ExpectEmptyPlan(),
						}},
						Check: resource.ComposeAggregateTestCheckFunc(
							env.CheckRequests(sandbox.EndpointSegmentCreate, 4),
							resource.TestCheckResourceAttr(segAddr, "name", "Paged"),
							resource.TestCheckResourceAttr(segAddr, "external_id", "paged-1"),
						),
					},
				},
			})
			if n := len(env.Sandbox.Segments(sandbox.DefaultSystemGUID)); n != 3 {
				t.Errorf("%d segments after destroy, want the 3 others", n)
			}
		})
	}
	t.Run("unfollowable", func(t *testing.T) {
		env := acctest.NewEnv(t, func(c *sandbox.Config) { c.ListPaging = "unfollowable" })
		for i := range 3 {
			segCreateDirect(t, env, fmt.Sprintf("Other %d", i), "", nil)
		}
		acctest.ParallelTest(t, resource.TestCase{
			Steps: []resource.TestStep{{
				Config:      env.Config(segInline("Paged", []string{"a@example.com"}, "")),
				ExpectError: acctest.Phrases(`more pages (hasMore: true) but no next link or page number`),
			}},
		})
		if n := env.Sandbox.Count(sandbox.EndpointSegmentCreate); n != 3 {
			t.Errorf("%d creates, want only the 3 direct ones", n)
		}
	})
}

// Issue 10 item 4: a segment that a lagging list leaves out stays in the state and is
// never created again.
func TestAccSegment_laggingListKeepsSegment(t *testing.T) {
	env := acctest.NewEnv(t, func(c *sandbox.Config) { c.ListLag = 1 })
	cfg := env.Config(segInline("Lagging", []string{"a@example.com"}, ""))
	acctest.ParallelTest(t, resource.TestCase{
		CheckDestroy: segCheckNoSegments(env),
		Steps: []resource.TestStep{
			// After the apply, the refresh's first list leaves the new segment out.
			{Config: cfg, Check: resource.ComposeAggregateTestCheckFunc(segCheckOne(env, "Lagging"), env.CheckRequests(sandbox.EndpointSegmentCreate, 1))},
			{
				// Every segment is hidden from the next list again, as a lagging list might
				// after a restart of WalkMe's indexing.
				PreConfig: func() { env.Sandbox.HideFromNextLists(sandbox.DefaultSystemGUID, 1) },
				Config:    cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectEmptyPlan(),
				}},
				Check: resource.ComposeAggregateTestCheckFunc(segCheckOne(env, "Lagging"), env.CheckRequests(sandbox.EndpointSegmentCreate, 1)),
			},
		},
	})
}

// Issue 10 item 5: a create whose answer is lost, against a list that shows the new
// segment only two lists later, makes exactly one segment (the sandbox accepts duplicate
// names here, so a second POST would show as a second segment).
func TestAccSegment_lostCreateLaggingList(t *testing.T) {
	env := acctest.NewEnv(t, func(c *sandbox.Config) { c.ListLag = 2; c.AllowDuplicateSegmentNames = true })
	acctest.ParallelTest(t, resource.TestCase{
		CheckDestroy: segCheckNoSegments(env),
		Steps: []resource.TestStep{{
			PreConfig: func() {
				env.Sandbox.InjectFault(sandbox.Fault{Endpoint: sandbox.EndpointSegmentCreate, Drop: sandbox.DropAfter})
			},
			Config: env.Config(segInline("Lost", []string{"a@example.com"}, "")),
			Check:  resource.ComposeAggregateTestCheckFunc(segCheckOne(env, "Lost"), env.CheckRequests(sandbox.EndpointSegmentCreate, 1)),
		}},
	})
}

// Issue 16 item 1: a create whose answer is lost, against a list without external ids,
// adopts the segment it made instead of posting again.
func TestAccSegment_lostCreateSparseList(t *testing.T) {
	env := acctest.NewEnv(t, func(c *sandbox.Config) { c.ListShape = "sparse" })
	cfg := env.Config(segInline("Sparse lost", []string{"a@example.com"}, `  external_id = "heap-7"`))
	acctest.ParallelTest(t, resource.TestCase{
		CheckDestroy: segCheckNoSegments(env),
		Steps: []resource.TestStep{
			{
				PreConfig: func() {
					env.Sandbox.InjectFault(sandbox.Fault{Endpoint: sandbox.EndpointSegmentCreate, Drop: sandbox.DropAfter})
				},
				Config: cfg,
				Check: resource.ComposeAggregateTestCheckFunc(
					segCheckOne(env, "Sparse lost"), env.CheckRequests(sandbox.EndpointSegmentCreate, 1),
					resource.TestCheckResourceAttr(segAddr, "external_id", "heap-7"),
					func(*terraform.State) error {
						if ext := env.Sandbox.Segments(sandbox.DefaultSystemGUID)[0].ExternalID; ext != "heap-7" {
							return fmt.Errorf("sandbox external id %q", ext)
						}
						return nil
					},
				),
			},
			{Config: cfg, PlanOnly: true},
		},
	})
}

// Issue 10 item 6: a 404 on DELETE while the list still shows the segment is an error,
// and the segment stays in the state.
func TestAccSegment_delete404StillListed(t *testing.T) {
	var wrongEndpoint atomic.Bool
	wrongEndpoint.Store(true)
	// A DELETE that answers 404 without acting: the endpoint WalkMe really uses differs.
	wrap := func(_ *sandbox.Server, next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Method == http.MethodDelete && wrongEndpoint.Load() && strings.Contains(r.URL.Path, "/segment/") {
				w.Header().Set("Content-Type", "application/json")
				w.WriteHeader(http.StatusNotFound)
				_, _ = w.Write([]byte(`{"message":"Cannot DELETE","statusCode":404}`))
				return
			}
			next.ServeHTTP(w, r)
		})
	}
	env := acctest.NewWrappedEnv(t, wrap)
	cfg := env.Config(segInline("Undeletable", []string{"a@example.com"}, ""))
	acctest.ParallelTest(t, resource.TestCase{
		CheckDestroy: segCheckNoSegments(env),
		Steps: []resource.TestStep{
			{Config: cfg, Check: segCheckOne(env, "Undeletable")},
			{
				Config:      cfg,
				Destroy:     true,
				ExpectError: acctest.Phrases("segment still exists", "delete endpoint may differ"),
			},
			{
				// Still in the state: nothing to do; then the real endpoint works again.
				PreConfig: func() { wrongEndpoint.Store(false) },
				Config:    cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectEmptyPlan(),
				}},
				Check: segCheckOne(env, "Undeletable"),
			},
		},
	})
}

// Issue 10 item 8: after an import, an empty membership would need an override with no
// user IDs, which WalkMe does not document: the plan refuses, and nothing is sent.
func TestAccSegment_importEmptyFileNoEmptyOverride(t *testing.T) {
	env := acctest.NewEnv(t)
	guid := segCreateDirect(t, env, "Imported", "", []string{"stranger@example.com"})
	file := segWriteFile(t, t.TempDir(), "members.txt", nil)
	cfg := env.Config(segFile("Imported", file, ""))
	acctest.ParallelTest(t, resource.TestCase{
		Steps: []resource.TestStep{
			{
				Config:             cfg,
				ResourceName:       segAddr,
				ImportState:        true,
				ImportStateId:      sandbox.DefaultSystemGUID + "/" + guid,
				ImportStatePersist: true,
			},
			{
				Config:      cfg,
				ExpectError: acctest.Phrases(`Cannot empty an imported segment`),
			},
			{
				Config:      env.Config(segInline("Imported", nil, "")),
				ExpectError: acctest.Phrases(`Cannot empty an imported segment`),
			},
		},
	})
	if n := env.Sandbox.Count(sandbox.EndpointSegmentUpdate); n != 0 {
		t.Errorf("%d segment updates sent, want none", n)
	}
}

// Issue 16 items 1 and 2: when the list does not report external ids and another segment
// with the same name appeared while the create's answer was lost, the provider cannot
// tell which is its own: it stops with an error naming both, and never posts again (the
// sandbox accepts duplicate names here).
func TestAccSegment_lostCreateSparseListCandidates(t *testing.T) {
	var raced atomic.Bool
	// Someone creates a segment of the same name just before the provider's create.
	wrap := func(_ *sandbox.Server, next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, "/segment") && !raced.Swap(true) {
				other := httptest.NewRequestWithContext(r.Context(), http.MethodPost, r.URL.Path,
					strings.NewReader(`{"name":"Twin","id":"someone-else","userIds":[]}`))
				other.Header = r.Header.Clone()
				rec := httptest.NewRecorder()
				next.ServeHTTP(rec, other)
				if rec.Code != http.StatusCreated {
					t.Errorf("the other create: %d %s", rec.Code, rec.Body)
				}
			}
			next.ServeHTTP(w, r)
		})
	}
	env := acctest.NewWrappedEnv(t, wrap, func(c *sandbox.Config) { c.ListShape = "sparse"; c.AllowDuplicateSegmentNames = true })
	acctest.ParallelTest(t, resource.TestCase{
		Steps: []resource.TestStep{{
			PreConfig: func() {
				// The other create passes; the provider's acts, and its answer is lost.
				env.Sandbox.InjectFault(sandbox.Fault{Endpoint: sandbox.EndpointSegmentCreate, Skip: 1, Drop: sandbox.DropAfter})
			},
			Config:      env.Config(segInline("Twin", []string{"a@example.com"}, `  external_id = "mine"`)),
			ExpectError: acctest.Phrases(`2 segments named "Twin" could be the one this create made`),
		}},
	})
	segs := env.Sandbox.Segments(sandbox.DefaultSystemGUID)
	if len(segs) != 2 || env.Sandbox.Count(sandbox.EndpointSegmentCreate) != 2 {
		t.Errorf("sandbox holds %+v after %d creates; want the other one and ours, one POST each", segs, env.Sandbox.Count(sandbox.EndpointSegmentCreate))
	}
}
