package sandbox

import (
	"net/http"
	"strings"
	"testing"
)

// The list variants of the assumptions segment-list-shape, segment-list-empty,
// segment-list-paging and segment-list-lag.

func TestListShapeIDVariants(t *testing.T) {
	for shape, want := range map[string]string{
		"sparse":    `[{"guid":"G","name":"a"}]`,
		"numericId": `[{"guid":"G","id":1001,"name":"a"}]`,
		"guidId":    `[{"guid":"G","id":"G","name":"a"}]`,
	} {
		t.Run(shape, func(t *testing.T) {
			h := newHarness(t, func(c *Config) { c.ListShape = shape })
			tok := h.token()
			guid := h.createSegment(tok, map[string]any{"name": "a", "id": "ext-a", "userIds": []string{}})
			resp := h.call(http.MethodGet, segPath, tok, nil)
			expectStatus(t, resp, http.StatusOK)
			if got, want := string(resp.body), strings.ReplaceAll(want, "G", guid); got != want {
				t.Errorf("list %s, want %s", got, want)
			}
		})
	}
}

func TestListEmptyVariants(t *testing.T) {
	for variant, want := range map[string]struct {
		status int
		body   string
	}{
		"array":     {http.StatusOK, `[]`},
		"noContent": {http.StatusNoContent, ``},
		"emptyBody": {http.StatusOK, ``},
		"null":      {http.StatusOK, `null`},
		"object":    {http.StatusOK, `{}`},
		"nullList":  {http.StatusOK, `{"segments":null}`},
	} {
		t.Run(variant, func(t *testing.T) {
			h := newHarness(t, func(c *Config) { c.ListEmpty = variant })
			tok := h.token()
			resp := h.call(http.MethodGet, segPath, tok, nil)
			if resp.status != want.status || string(resp.body) != want.body {
				t.Errorf("empty list: %d %q, want %d %q", resp.status, resp.body, want.status, want.body)
			}
			h.createSegment(tok, map[string]any{"name": "a", "userIds": []string{}})
			resp = h.call(http.MethodGet, segPath, tok, nil)
			if resp.status != http.StatusOK || !strings.Contains(string(resp.body), `"name":"a"`) {
				t.Errorf("list with a segment: %d %s", resp.status, resp.body)
			}
		})
	}
}

func TestListPagingVariants(t *testing.T) {
	cases := map[string][]string{
		"link": {
			`{"next":"` + segPath + `?page=2","segments":[{"guid":"G1","name":"s1"},{"guid":"G2","name":"s2"}]}`,
			`{"next":"` + segPath + `?page=3","segments":[{"guid":"G3","name":"s3"},{"guid":"G4","name":"s4"}]}`,
			`{"next":null,"segments":[{"guid":"G5","name":"s5"}]}`,
		},
		"page": {
			`{"page":1,"segments":[{"guid":"G1","name":"s1"},{"guid":"G2","name":"s2"}],"totalPages":3}`,
			`{"page":2,"segments":[{"guid":"G3","name":"s3"},{"guid":"G4","name":"s4"}],"totalPages":3}`,
			`{"page":3,"segments":[{"guid":"G5","name":"s5"}],"totalPages":3}`,
		},
		"unfollowable": {
			`{"hasMore":true,"segments":[{"guid":"G1","name":"s1"},{"guid":"G2","name":"s2"}]}`,
		},
	}
	for paging, pages := range cases {
		t.Run(paging, func(t *testing.T) {
			h := newHarness(t, func(c *Config) { c.ListPaging = paging })
			tok := h.token()
			guids := map[string]string{}
			for _, n := range []string{"1", "2", "3", "4", "5"} {
				guids["G"+n] = h.createSegment(tok, map[string]any{"name": "s" + n, "userIds": []string{}})
			}
			for i, want := range pages {
				path := segPath
				if i > 0 {
					path += "?page=" + string(rune('1'+i))
				}
				for g, guid := range guids {
					want = strings.ReplaceAll(want, `"`+g+`"`, `"`+guid+`"`)
				}
				resp := h.call(http.MethodGet, path, tok, nil)
				if resp.status != http.StatusOK || string(resp.body) != want {
					t.Errorf("page %d: %d %s\nwant %s", i+1, resp.status, resp.body, want)
				}
			}
		})
	}
	h := newHarness(t, func(c *Config) { c.ListPaging = "page" })
	expectStatus(t, h.call(http.MethodGet, segPath+"?page=0", h.token(), nil), http.StatusBadRequest, "page")
}

func TestListLag(t *testing.T) {
	h := newHarness(t, func(c *Config) { c.ListLag = 2 })
	tok := h.token()
	guid := h.createSegment(tok, map[string]any{"name": "a", "userIds": []string{}})
	list := func() string { return string(h.call(http.MethodGet, segPath, tok, nil).body) }
	for i := range 2 {
		if got := list(); got != `[]` {
			t.Errorf("list %d after the create: %s, want the new segment left out", i+1, got)
		}
	}
	if got := list(); !strings.Contains(got, guid) {
		t.Errorf("list 3 after the create: %s, want the segment", got)
	}
	expectStatus(t, h.call(http.MethodDelete, segPath+"/"+guid, tok, nil), http.StatusNoContent)
	for i := range 2 {
		if got := list(); !strings.Contains(got, guid) {
			t.Errorf("list %d after the delete: %s, want the deleted segment lingering", i+1, got)
		}
	}
	if got := list(); got != `[]` {
		t.Errorf("list 3 after the delete: %s, want it gone", got)
	}
	// Inspection and the API's own checks see the truth at once.
	expectStatus(t, h.call(http.MethodDelete, segPath+"/"+guid, tok, nil), http.StatusNotFound)
	if n := len(h.s.Segments(DefaultSystemGUID)); n != 0 {
		t.Errorf("%d segments", n)
	}
}

func TestListVariantsValidated(t *testing.T) {
	for _, mutate := range []func(*Config){
		func(c *Config) { c.ListShape = "csv" },
		func(c *Config) { c.ListEmpty = "nothing" },
		func(c *Config) { c.ListPaging = "cursor" },
		func(c *Config) { c.ListPageSize = -1 },
		func(c *Config) { c.ListLag = -1 },
	} {
		cfg := DefaultConfig()
		mutate(&cfg)
		if _, err := New(cfg); err == nil {
			t.Errorf("config %+v accepted", cfg)
		}
	}
}

func TestHideFromNextLists(t *testing.T) {
	h := newHarness(t)
	tok := h.token()
	guid := h.createSegment(tok, map[string]any{"name": "a", "userIds": []string{}})
	h.s.HideFromNextLists(DefaultSystemGUID, 1)
	if got := string(h.call(http.MethodGet, segPath, tok, nil).body); got != `[]` {
		t.Errorf("first list %s, want the segment hidden", got)
	}
	if got := string(h.call(http.MethodGet, segPath, tok, nil).body); !strings.Contains(got, guid) {
		t.Errorf("second list %s, want the segment", got)
	}
}
