package sandbox

import (
	"net/http"
	"slices"
	"testing"
)

// GET /_sandbox/ answers an index: every inspection and control endpoint, described, and
// what a configuration of one's own needs (issue 15 point 7).
func TestControlIndex(t *testing.T) {
	h := newHarness(t)
	for _, path := range []string{"/", ""} {
		var idx Index
		if st := h.control(http.MethodGet, path, "", &idx); st != http.StatusOK {
			t.Fatalf("GET /_sandbox%s: %d", path, st)
		}
		var routes []string
		for _, e := range idx.Endpoints {
			routes = append(routes, e.Method+" "+e.Path)
			if e.Description == "" || e.Description == undocumented {
				t.Errorf("%s %s has no description", e.Method, e.Path)
			}
		}
		for _, want := range []string{"GET /_sandbox/state", "GET /_sandbox/requests/counts", "POST /_sandbox/faults",
			"DELETE /_sandbox/faults", "POST /_sandbox/tokens/expire", "POST /_sandbox/reset", "GET /_sandbox/assumptions",
			"GET /_sandbox/inflight", "POST /_sandbox/inflight/reset"} {
			if !slices.Contains(routes, want) {
				t.Errorf("index lacks %s: %v", want, routes)
			}
		}
		c := idx.Configuration
		if len(c.Clients) != 1 || c.Clients[0].ID != DefaultClientID || !slices.Contains(c.Systems, DefaultSystemGUID) ||
			!slices.Contains(c.WorkstationSystems, DefaultWorkstationSystem) ||
			!slices.Equal(c.Templates[DefaultTemplateID], []string{"URL", "OPP_NAME_ATTRIBUTE"}) ||
			len(c.Integrations) != 1 || c.Integrations[0].Properties["ARR"] != PropertyNumber {
			t.Errorf("configuration %+v", c)
		}
		if idx.Faults.Example == "" || len(idx.Faults.Endpoints) != len(endpointNames) {
			t.Errorf("faults %+v", idx.Faults)
		}
	}
}
