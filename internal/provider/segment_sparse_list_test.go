package provider_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"

	"github.com/walkme-community/terraform-provider-walkme/internal/acctest"
	"github.com/walkme-community/terraform-provider-walkme/internal/sandbox"
)

// stripListExternalIDs serves segment lists without the external id ("id"), a plausible
// variant of WalkMe's undocumented list answer.
func stripListExternalIDs(_ *sandbox.Server, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet || !strings.HasSuffix(r.URL.Path, "/segment") {
			next.ServeHTTP(w, r)
			return
		}
		rec := httptest.NewRecorder()
		next.ServeHTTP(rec, r)
		var segs []map[string]any
		if rec.Code != http.StatusOK || json.Unmarshal(rec.Body.Bytes(), &segs) != nil {
			w.WriteHeader(rec.Code)
			_, _ = w.Write(rec.Body.Bytes())
			return
		}
		for _, s := range segs {
			delete(s, "id")
		}
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(segs)
	})
}

// A list answer that does not report external ids must not make Terraform replace
// segments that have one: the refresh keeps the state's value.
func TestAccSegment_sparseListKeepsExternalID(t *testing.T) {
	env := acctest.NewWrappedEnv(t, stripListExternalIDs)
	cfg := env.Config(segInline("Sparse", []string{"a@example.com"}, `  external_id = "heap-1"`))
	acctest.ParallelTest(t, resource.TestCase{
		Steps: []resource.TestStep{
			{
				Config: cfg,
				Check:  resource.TestCheckResourceAttr(segAddr, "external_id", "heap-1"),
			},
			{
				// Refresh through the sparse list, then plan: nothing to do.
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectEmptyPlan(),
				}},
				Check: resource.TestCheckResourceAttr(segAddr, "external_id", "heap-1"),
			},
		},
	})
	if n := len(env.Sandbox.Segments(sandbox.DefaultSystemGUID)); n != 0 {
		t.Errorf("%d segments left after destroy", n)
	}
}
