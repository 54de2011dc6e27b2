package notification

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
)

// body renders a request exactly as the client sends it.
func body(t *testing.T, m Model) string {
	t.Helper()
	n, ps := Build(m, now)
	if ps.HasErrors() {
		t.Fatalf("Build: %v", ps.Err())
	}
	b, err := json.Marshal(map[string]any{"notification": n})
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestBuildFull(t *testing.T) {
	m := valid()
	m.RuntimeTitle, m.RuntimeDescription = s("Service down"), s("We are on it")
	m.StartAt, m.EndAt = s("2027-05-10T11:30:00+03:00"), s("2027-05-11")
	m.Overrides = map[string]string{"URL": "https://status.example.com", "OPP_NAME_ATTRIBUTE": "Acme", "EMPTY": ""}
	want := `{"notification":{"systemId":"bcf4c7f5682b4aa6875a0fc9bdfa21ca","templateId":"1e5afe51-2d2a-4b22-a60a-cf2d6c01d726",` +
		`"endUsersIds":["name@email.com"],"audiencesIds":["cf0bd4c1-86fd-4c79-a46a-c730d6789e63"],"notificationType":"popup",` +
		`"title":"Outage","runtimeTitle":"Service down","runtimeDescription":"We are on it",` +
		`"startAt":"2027-05-10 08:30","endAt":"2027-05-11 00:00",` +
		`"override":[{"key":"EMPTY","value":""},{"key":"OPP_NAME_ATTRIBUTE","value":"Acme"},{"key":"URL","value":"https://status.example.com"}]}}`
	if got := body(t, m); got != want {
		t.Errorf("body:\n got %s\nwant %s", got, want)
	}
}

// Optional attributes that are not set, or set to an empty list or map, are left out.
func TestBuildLeavesOutUnset(t *testing.T) {
	for name, m := range map[string]Model{
		"nil":   {TemplateID: s("t"), AudienceIDs: []string{"a"}},
		"empty": {TemplateID: s("t"), AudienceIDs: []string{"a"}, EndUserIDs: []string{}, Overrides: map[string]string{}},
	} {
		if got, want := body(t, m), `{"notification":{"templateId":"t","audiencesIds":["a"]}}`; got != want {
			t.Errorf("%s: body %s, want %s", name, got, want)
		}
	}
}

// The override order does not depend on map iteration: the body is the same every time.
func TestBuildDeterministic(t *testing.T) {
	m := valid()
	m.Overrides = map[string]string{}
	for _, k := range strings.Fields("q w e r t y u i o p a s d f g h j k l z") {
		m.Overrides[k] = k
	}
	first := body(t, m)
	for range 20 {
		if got := body(t, m); got != first {
			t.Fatalf("bodies differ:\n%s\n%s", first, got)
		}
	}
	if !strings.Contains(first, `"override":[{"key":"a","value":"a"},{"key":"d","value":"d"}`) {
		t.Errorf("overrides not sorted by key: %s", first)
	}
}

func TestBuildRefusesInvalidOrUnknown(t *testing.T) {
	m := valid()
	m.EndAt = s("2027-02-30")
	if n, ps := Build(m, now); !ps.HasErrors() || n.TemplateID != "" {
		t.Errorf("invalid model: got request %+v, problems %v", n, ps)
	}
	m = valid()
	m.Unknown = map[string]bool{AttrTitle: true}
	if _, ps := Build(m, now); !ps.HasErrors() || !strings.Contains(ps.Err().Error(), "title is not known yet") {
		t.Errorf("unknown title: problems %v", ps)
	}
	// Clock-dependent checks apply when sending.
	m = valid()
	m.StartAt, m.EndAt = nil, s("2027-04-01")
	if _, ps := Build(m, now); !ps.HasErrors() {
		t.Errorf("past end_at: want an error")
	}
	if _, ps := Build(m, time.Date(2027, 3, 1, 0, 0, 0, 0, time.UTC)); ps.HasErrors() {
		t.Errorf("future end_at: unexpected %v", ps)
	}
}

// The request does not share the caller's slices.
func TestBuildCopies(t *testing.T) {
	m := valid()
	n, _ := Build(m, now)
	m.EndUserIDs[0] = "changed"
	if n.EndUserIDs[0] != "name@email.com" {
		t.Errorf("request shares the model's slice")
	}
}

// WalkMe's own example sends "Push": any case is accepted and sent in lower case, as
// WalkMe's reference lists the values.
func TestBuildTypeInAnyCaseSentLowerCase(t *testing.T) {
	for typ, want := range map[string]string{"Push": "push", "POPUP": "popup", "popup": "popup", "pUsH": "push"} {
		m := valid()
		m.Type = s(typ)
		if ps := Validate(m, now); len(ps) != 0 {
			t.Errorf("type = %q: %v", typ, ps)
			continue
		}
		if got := body(t, m); !strings.Contains(got, `"notificationType":"`+want+`"`) {
			t.Errorf("type = %q sent as %s", typ, got)
		}
	}
}
