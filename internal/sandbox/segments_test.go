package sandbox

import (
	"encoding/json"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"
)

var guidPattern = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)

func TestCreateSegment(t *testing.T) {
	h := newHarness(t)
	tok := h.token()
	resp := h.call(http.MethodPost, segPath, tok, map[string]any{"id": "heap-42", "name": "Beta", "userIds": []string{"b@x", "a@x", "a@x"}})
	expectStatus(t, resp, http.StatusCreated)
	m := resp.json(t)
	guid, _ := m["guid"].(string)
	if !guidPattern.MatchString(guid) || m["name"] != "Beta" || m["id"] != "heap-42" {
		t.Fatalf("create response %s", resp.body)
	}
	members, ok := h.s.Members(DefaultSystemGUID, guid)
	if !ok || !slices.Equal(members, []string{"a@x", "b@x"}) {
		t.Errorf("members %v %v, want the set [a@x b@x]", members, ok)
	}
	got := h.s.Segments(DefaultSystemGUID)
	want := []SegmentInfo{{GUID: guid, Name: "Beta", ExternalID: "heap-42", MemberCount: 2}}
	if !slices.Equal(got, want) {
		t.Errorf("Segments %+v, want %+v", got, want)
	}
	recs := h.s.Requests()
	if last := recs[len(recs)-1]; last.Endpoint != EndpointSegmentCreate || last.UserIDCount != 3 || last.Status != 201 {
		t.Errorf("record %+v", last)
	}

	// Without an external id the response leaves id out.
	resp = h.call(http.MethodPost, segPath, tok, map[string]any{"name": "Empty", "userIds": []string{}})
	expectStatus(t, resp, http.StatusCreated)
	if _, ok := resp.json(t)["id"]; ok {
		t.Errorf("id present without an external id: %s", resp.body)
	}
}

func TestCreateResponseVariants(t *testing.T) {
	for _, variant := range []string{"empty", "wrapped", "segmentId"} {
		t.Run(variant, func(t *testing.T) {
			h := newHarness(t, func(c *Config) { c.CreateResponse = variant })
			resp := h.call(http.MethodPost, segPath, h.token(), map[string]any{"name": "S", "userIds": []string{"u"}})
			expectStatus(t, resp, http.StatusCreated)
			guid := h.s.Segments(DefaultSystemGUID)[0].GUID
			switch variant {
			case "empty":
				if len(resp.body) != 0 {
					t.Errorf("body %q, want none", resp.body)
				}
			case "wrapped":
				seg, _ := resp.json(t)["segment"].(map[string]any)
				if seg["guid"] != guid || seg["name"] != "S" {
					t.Errorf("body %s", resp.body)
				}
			case "segmentId":
				if m := resp.json(t); m["segmentId"] != guid || len(m) != 1 {
					t.Errorf("body %s", resp.body)
				}
			}
		})
	}
}

func TestListShapes(t *testing.T) {
	for _, shape := range []string{"array", "wrapped", "data"} {
		t.Run(shape, func(t *testing.T) {
			h := newHarness(t, func(c *Config) { c.ListShape = shape })
			tok := h.token()
			var guids []string
			for _, n := range []string{"zeta", "alpha", "mid"} {
				body := map[string]any{"name": n, "userIds": []string{"u1", "u2"}}
				if n == "alpha" {
					body["id"] = "ext-alpha"
				}
				h.call(http.MethodPost, segPath, tok, body)
			}
			for _, sg := range h.s.Segments(DefaultSystemGUID) {
				guids = append(guids, sg.GUID)
			}
			resp := h.call(http.MethodGet, segPath, tok, nil)
			expectStatus(t, resp, http.StatusOK)
			if strings.Contains(string(resp.body), "u1") {
				t.Fatalf("list reveals members: %s", resp.body)
			}
			var items []map[string]string
			guidKey, extKey := "guid", "id"
			switch shape {
			case "array":
				mustUnmarshal(t, resp.body, &items)
			case "wrapped":
				var w struct{ Segments []map[string]string }
				mustUnmarshal(t, resp.body, &w)
				items, guidKey, extKey = w.Segments, "segmentGuid", "externalId"
			case "data":
				var w struct{ Data []map[string]string }
				mustUnmarshal(t, resp.body, &w)
				items = w.Data
			}
			if len(items) != 3 {
				t.Fatalf("items %v", items)
			}
			for i, name := range []string{"zeta", "alpha", "mid"} { // creation order
				if items[i]["name"] != name || items[i][guidKey] != guids[i] {
					t.Errorf("item %d = %v, want %s %s", i, items[i], name, guids[i])
				}
			}
			if items[1][extKey] != "ext-alpha" {
				t.Errorf("external id missing: %v", items[1])
			}
			if _, ok := items[0][extKey]; ok {
				t.Errorf("external id present on a segment without one: %v", items[0])
			}
		})
	}
}

func mustUnmarshal(t *testing.T, data []byte, v any) {
	t.Helper()
	if err := json.Unmarshal(data, v); err != nil {
		t.Fatalf("%s: %v", data, err)
	}
}

func TestSegmentUserIDLimits(t *testing.T) {
	h := newHarness(t)
	tok := h.token()
	guid := h.createSegment(tok, map[string]any{"name": "limits", "userIds": []string{}})
	update := func(ids []string) response {
		return h.call(http.MethodPut, segPath+"/"+guid, tok, map[string]any{"action": "add", "userIds": ids})
	}
	create := func(name string, ids []string) response {
		return h.call(http.MethodPost, segPath, tok, map[string]any{"name": name, "userIds": ids})
	}

	expectStatus(t, create("max", ids("u", 25000)), http.StatusCreated)
	expectStatus(t, create("over", ids("u", 25001)), http.StatusBadRequest, "25001", "25000")
	expectStatus(t, update(ids("v", 25000)), http.StatusOK)
	expectStatus(t, update(ids("w", 25001)), http.StatusBadRequest, "25001", "25000")

	long := map[string]string{
		"ascii":      "a",
		"two-byte":   "é",
		"three-byte": "日",
		"emoji":      "😀",
	}
	for name, ch := range long {
		t.Run(name, func(t *testing.T) {
			ok, tooLong := strings.Repeat(ch, 100), strings.Repeat(ch, 101)
			expectStatus(t, update([]string{"x", ok}), http.StatusOK)
			expectStatus(t, update([]string{"x", tooLong}), http.StatusBadRequest, "userIds[1]", "101 characters", "100")
			expectStatus(t, create("long-"+name, []string{tooLong}), http.StatusBadRequest, "userIds[0]", tooLong)
		})
	}
	members, _ := h.s.Members(DefaultSystemGUID, guid)
	if len(members) != 25000+1+4 {
		t.Errorf("%d members after the rejected requests, want %d", len(members), 25005)
	}

	for name, body := range map[string]string{
		"empty id":  `{"action":"add","userIds":["a",""]}`,
		"null id":   `{"action":"add","userIds":["a",null]}`,
		"number id": `{"action":"add","userIds":["a",7]}`,
		"not array": `{"action":"add","userIds":"a"}`,
		"null list": `{"action":"add","userIds":null}`,
		"missing":   `{"action":"add"}`,
	} {
		t.Run(name, func(t *testing.T) {
			expectStatus(t, h.call(http.MethodPut, segPath+"/"+guid, tok, body), http.StatusBadRequest, "userIds")
		})
	}
}

func TestCreateSegmentValidation(t *testing.T) {
	h := newHarness(t)
	tok := h.token()
	tests := map[string]struct{ body, want string }{
		"unknown field":     {`{"name":"a","userIds":[],"description":"x"}`, `unknown field "description"`},
		"field name case":   {`{"Name":"a","userIds":[]}`, `unknown field "Name"`},
		"missing name":      {`{"userIds":[]}`, "name is required"},
		"empty name":        {`{"name":"","userIds":[]}`, "name must not be empty"},
		"blank name":        {`{"name":"  ","userIds":[]}`, "name must not be empty"},
		"name not string":   {`{"name":5,"userIds":[]}`, "name must be a string"},
		"null name":         {`{"name":null,"userIds":[]}`, "name must be a string"},
		"missing userIds":   {`{"name":"a"}`, "userIds is required"},
		"empty external id": {`{"id":"","name":"a","userIds":[]}`, "id must not be empty"},
		"numeric id":        {`{"id":42,"name":"a","userIds":[]}`, "id must be a string"},
		"trailing data":     {`{"name":"a","userIds":[]} {}`, "data after"},
		"array body":        {`[]`, "JSON object"},
		"null body":         {`null`, "JSON object"},
		"empty body":        {``, "empty"},
		"bad JSON":          {`{"name":`, "not valid JSON"},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			expectStatus(t, h.call(http.MethodPost, segPath, tok, tt.body), http.StatusBadRequest, tt.want)
		})
	}
	req, _ := http.NewRequestWithContext(t.Context(), http.MethodPost, h.ts.URL+segPath, strings.NewReader(`{"name":"a","userIds":[]}`))
	req.Header.Set("Authorization", "Bearer "+tok)
	req.Header.Set("Content-Type", "text/plain")
	expectStatus(t, h.send(req), http.StatusUnsupportedMediaType, "application/json")
	if n := len(h.s.Segments(DefaultSystemGUID)); n != 0 {
		t.Errorf("%d segments after invalid requests", n)
	}
}

func TestSegmentConflicts(t *testing.T) {
	h := newHarness(t)
	tok := h.token()
	h.createSegment(tok, map[string]any{"id": "e1", "name": "Beta", "userIds": []string{}})
	expectStatus(t, h.call(http.MethodPost, segPath, tok, map[string]any{"name": "Beta", "userIds": []string{}}), http.StatusConflict, "Beta")
	expectStatus(t, h.call(http.MethodPost, segPath, tok, map[string]any{"id": "e1", "name": "Other", "userIds": []string{}}), http.StatusConflict, "e1")
	h.createSegment(tok, map[string]any{"name": "beta", "userIds": []string{}}) // names are case-sensitive

	lax := newHarness(t, func(c *Config) { c.AllowDuplicateSegmentNames = true })
	tok = lax.token()
	lax.createSegment(tok, map[string]any{"id": "e1", "name": "Beta", "userIds": []string{}})
	lax.createSegment(tok, map[string]any{"name": "Beta", "userIds": []string{}})
	expectStatus(t, lax.call(http.MethodPost, segPath, tok, map[string]any{"id": "e1", "name": "Beta", "userIds": []string{}}), http.StatusConflict, "e1")
	if n := len(lax.s.Segments(DefaultSystemGUID)); n != 2 {
		t.Errorf("%d segments, want 2", n)
	}
}

func TestUpdateSegmentActions(t *testing.T) {
	h := newHarness(t)
	tok := h.token()
	guid := h.createSegment(tok, map[string]any{"name": "S", "userIds": []string{"a", "b"}})
	steps := []struct {
		action string
		ids    []string
		want   []string
	}{
		{"add", []string{"c", "a", "c"}, []string{"a", "b", "c"}},
		{"remove", []string{"a", "zz"}, []string{"b", "c"}},
		{"override", []string{"x", "y"}, []string{"x", "y"}},
		{"override", []string{}, []string{}},
		{"add", []string{}, []string{}},
	}
	for _, st := range steps {
		resp := h.call(http.MethodPut, segPath+"/"+guid, tok, map[string]any{"action": st.action, "userIds": st.ids})
		expectStatus(t, resp, http.StatusOK)
		if string(resp.body) != "{}" {
			t.Errorf("body %q, want {}", resp.body)
		}
		got, _ := h.s.Members(DefaultSystemGUID, guid)
		if !slices.Equal(got, st.want) {
			t.Errorf("after %s %v: members %v, want %v", st.action, st.ids, got, st.want)
		}
		recs := h.s.Requests()
		if last := recs[len(recs)-1]; last.Action != st.action || last.UserIDCount != len(st.ids) || last.Endpoint != EndpointSegmentUpdate {
			t.Errorf("record %+v", last)
		}
	}
	// GUIDs are matched case-insensitively.
	expectStatus(t, h.call(http.MethodPut, segPath+"/"+strings.ToUpper(guid), tok, map[string]any{"action": "add", "userIds": []string{"u"}}), http.StatusOK)
}

func TestUpdateSegmentValidation(t *testing.T) {
	h := newHarness(t)
	tok := h.token()
	guid := h.createSegment(tok, map[string]any{"name": "S", "userIds": []string{"a"}})
	add := map[string]any{"action": "add", "userIds": []string{"b"}}
	expectStatus(t, h.call(http.MethodPut, segPath+"/"+strings.ReplaceAll(guid, "-", ""), tok, add), http.StatusBadRequest, "hyphenated")
	expectStatus(t, h.call(http.MethodPut, segPath+"/not-a-guid", tok, add), http.StatusBadRequest, "not a GUID")
	expectStatus(t, h.call(http.MethodPut, segPath+"/12345aeb-123c-4d83-8b38-a5a456789d0a", tok, add), http.StatusNotFound)
	for name, tt := range map[string]struct{ body, want string }{
		"other action":   {`{"action":"replace","userIds":["b"]}`, `action "replace"`},
		"upper action":   {`{"action":"ADD","userIds":["b"]}`, `action "ADD"`},
		"missing action": {`{"userIds":["b"]}`, "action is required"},
		"rename":         {`{"action":"add","userIds":["b"],"name":"New"}`, `unknown field "name"`},
		"external id":    {`{"action":"add","userIds":["b"],"id":"e"}`, `unknown field "id"`},
	} {
		t.Run(name, func(t *testing.T) {
			expectStatus(t, h.call(http.MethodPut, segPath+"/"+guid, tok, tt.body), http.StatusBadRequest, tt.want)
		})
	}
	if got, _ := h.s.Members(DefaultSystemGUID, guid); !slices.Equal(got, []string{"a"}) {
		t.Errorf("members %v changed by rejected updates", got)
	}
}

func TestDeleteSegment(t *testing.T) {
	h := newHarness(t)
	tok := h.token()
	guid := h.createSegment(tok, map[string]any{"name": "S", "userIds": []string{"a"}})
	resp := h.call(http.MethodDelete, segPath+"/"+guid, tok, nil)
	expectStatus(t, resp, http.StatusNoContent)
	if len(resp.body) != 0 {
		t.Errorf("body %q", resp.body)
	}
	expectStatus(t, h.call(http.MethodDelete, segPath+"/"+guid, tok, nil), http.StatusNotFound)
	expectStatus(t, h.call(http.MethodDelete, segPath+"/"+strings.ReplaceAll(guid, "-", ""), tok, nil), http.StatusBadRequest, "hyphenated")
	if n := len(h.s.Segments(DefaultSystemGUID)); n != 0 {
		t.Errorf("%d segments after delete", n)
	}
	// The name is free again.
	h.createSegment(tok, map[string]any{"name": "S", "userIds": []string{}})
}

func TestUnknownSystem(t *testing.T) {
	h := newHarness(t)
	tok := h.token()
	other := "/public/v1/user/system/00000000000000000000000000000000/segment"
	expectStatus(t, h.call(http.MethodGet, other, tok, nil), http.StatusNotFound, "system")
	expectStatus(t, h.call(http.MethodPost, other, tok, map[string]any{"name": "a", "userIds": []string{}}), http.StatusNotFound)
	expectStatus(t, h.call(http.MethodPut, other+"/12345aeb-123c-4d83-8b38-a5a456789d0a", tok, map[string]any{"action": "add", "userIds": []string{}}), http.StatusNotFound)

	open := newHarness(t, func(c *Config) { c.Systems = nil })
	tok = open.token()
	expectStatus(t, open.call(http.MethodGet, other, tok, nil), http.StatusOK)
	expectStatus(t, open.call(http.MethodPost, other, tok, map[string]any{"name": "a", "userIds": []string{}}), http.StatusCreated)
	if n := len(open.s.Segments("00000000000000000000000000000000")); n != 1 {
		t.Errorf("%d segments", n)
	}
}

func TestRouting(t *testing.T) {
	h := newHarness(t)
	tok := h.token()
	for _, path := range []string{"/", "/public/v1/user/system", segPath + "/", "/public/v1/user/data/", "/public/v2/notifications/send", "/public/v1/user/system//segment"} {
		resp := h.call(http.MethodGet, path, tok, nil)
		expectStatus(t, resp, http.StatusNotFound)
		if m := resp.json(t); m["statusCode"] != float64(404) || m["message"] == "" {
			t.Errorf("%s: body %s", path, resp.body)
		}
	}
	resp := h.call(http.MethodPatch, segPath, tok, "{}")
	expectStatus(t, resp, http.StatusMethodNotAllowed)
	if got := resp.header.Get("Allow"); got != "GET, POST" {
		t.Errorf("Allow %q", got)
	}
	expectStatus(t, h.call(http.MethodGet, "/public/v1/user/data", tok, nil), http.StatusMethodNotAllowed)
	expectStatus(t, h.call(http.MethodGet, segPath+"/12345aeb-123c-4d83-8b38-a5a456789d0a", tok, nil), http.StatusMethodNotAllowed)
}

func TestMillionMemberSegment(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a 1,000,000-member segment")
	}
	h := newHarness(t)
	tok := h.token()
	guid := h.createSegment(tok, map[string]any{"name": "huge", "userIds": []string{}})
	for i := range 40 {
		batch := ids("user-"+string(rune('a'+i%26))+strings.Repeat("x", i/26)+"-", 25000)
		expectStatus(t, h.call(http.MethodPut, segPath+"/"+guid, tok, map[string]any{"action": "add", "userIds": batch}), http.StatusOK)
	}
	if got := h.s.Segments(DefaultSystemGUID)[0].MemberCount; got != 1_000_000 {
		t.Fatalf("MemberCount %d", got)
	}
	// Small updates and listing stay cheap on a big segment.
	expectStatus(t, h.call(http.MethodPut, segPath+"/"+guid, tok, map[string]any{"action": "remove", "userIds": []string{"user-a-0"}}), http.StatusOK)
	expectStatus(t, h.call(http.MethodGet, segPath, tok, nil), http.StatusOK)
	if got := h.s.Segments(DefaultSystemGUID)[0].MemberCount; got != 999_999 {
		t.Fatalf("MemberCount %d", got)
	}
}

func TestBodyLimit(t *testing.T) {
	if testing.Short() {
		t.Skip("sends 64 MiB")
	}
	h := newHarness(t)
	body := `{"name":"big","userIds":[]}` + strings.Repeat(" ", maxBodyBytes)
	expectStatus(t, h.call(http.MethodPost, segPath, h.token(), body), http.StatusRequestEntityTooLarge)
	if n := len(h.s.Segments(DefaultSystemGUID)); n != 0 {
		t.Errorf("%d segments", n)
	}
}
