package notification

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

var now = time.Date(2027, 5, 1, 12, 0, 0, 0, time.UTC)

func s(v string) *string { return &v }

func valid() Model {
	return Model{
		SystemID:    s("bcf4c7f5682b4aa6875a0fc9bdfa21ca"),
		TemplateID:  s("1e5afe51-2d2a-4b22-a60a-cf2d6c01d726"),
		EndUserIDs:  []string{"name@email.com"},
		AudienceIDs: []string{"cf0bd4c1-86fd-4c79-a46a-c730d6789e63"},
		Type:        s("popup"),
		Title:       s("Outage"),
		StartAt:     s("2027-05-10 11:30"),
		EndAt:       s("2027-05-11"),
		Overrides:   map[string]string{"URL": "https://status.example.com"},
	}
}

func TestValidateAcceptsValid(t *testing.T) {
	minimal := Model{TemplateID: s("t"), AudienceIDs: []string{"a"}}
	for name, m := range map[string]Model{"full": valid(), "minimal": minimal} {
		if ps := Validate(m, now); len(ps) != 0 {
			t.Errorf("%s: unexpected problems: %v", name, ps)
		}
	}
}

// Each case changes the valid model and expects exactly one problem, on the given
// attribute, whose detail contains every string in want.
func TestValidateRejects(t *testing.T) {
	many := func(n int) []string {
		ids := make([]string, n)
		for i := range ids {
			ids[i] = fmt.Sprintf("user%d@example.com", i)
		}
		return ids
	}
	cases := []struct {
		name   string
		mutate func(*Model)
		now    time.Time
		attr   string
		want   []string
	}{
		{"no recipients", func(m *Model) { m.EndUserIDs, m.AudienceIDs = nil, nil }, now, AttrEndUserIDs,
			[]string{"end_user_ids", "audience_ids", "at least one"}},
		{"empty recipient lists", func(m *Model) { m.EndUserIDs, m.AudienceIDs = []string{}, []string{} }, now, AttrEndUserIDs,
			[]string{"Neither end_user_ids nor audience_ids"}},
		{"101 end users", func(m *Model) { m.EndUserIDs = many(101) }, now, AttrEndUserIDs,
			[]string{"end_user_ids lists 101 IDs", "at most 100", "audience_ids", "audience"}},
		{"empty end user", func(m *Model) { m.EndUserIDs = []string{"a", ""} }, now, AttrEndUserIDs,
			[]string{`end_user_ids[1] = "" is empty`}},
		{"spaced end user", func(m *Model) { m.EndUserIDs = []string{" a@b.c"} }, now, AttrEndUserIDs,
			[]string{`end_user_ids[0] = " a@b.c"`, "spaces"}},
		{"duplicate end user", func(m *Model) { m.EndUserIDs = []string{"a", "b", "a"} }, now, AttrEndUserIDs,
			[]string{`end_user_ids[2] = "a" repeats end_user_ids[0]`}},
		{"empty audience", func(m *Model) { m.AudienceIDs = []string{""} }, now, AttrAudienceIDs,
			[]string{`audience_ids[0] = "" is empty`}},
		{"missing template", func(m *Model) { m.TemplateID = nil }, now, AttrTemplateID,
			[]string{"template_id is not set", "Communication Center"}},
		{"empty template", func(m *Model) { m.TemplateID = s("") }, now, AttrTemplateID,
			[]string{`template_id = "" is empty`, "Communication Center"}},
		{"empty system", func(m *Model) { m.SystemID = s("") }, now, AttrSystemID,
			[]string{`system_id = "" is empty`}},
		{"type banner", func(m *Model) { m.Type = s("banner") }, now, AttrType,
			[]string{`type = "banner" is not accepted`, `"push" or "popup"`}},
		{"empty title", func(m *Model) { m.Title = s("") }, now, AttrTitle,
			[]string{`title = "" is empty`, "leave title out"}},
		{"empty runtime_description", func(m *Model) { m.RuntimeDescription = s("") }, now, AttrRuntimeDescription,
			[]string{`runtime_description = "" is empty`}},
		{"impossible start", func(m *Model) { m.StartAt = s("2027-02-30") }, now, AttrStartAt,
			[]string{`start_at = "2027-02-30" is not a date`, "February 2027 has 28 days"}},
		{"malformed end", func(m *Model) { m.EndAt = s("11/05/2027") }, now, AttrEndAt,
			[]string{`end_at = "11/05/2027" is not a date in an accepted format`, "YYYY-MM-DD hh:mm"}},
		{"empty end", func(m *Model) { m.EndAt = s("") }, now, AttrEndAt,
			[]string{`end_at = "" is empty`}},
		{"end before start", func(m *Model) { m.EndAt = s("2027-05-09") }, now, AttrEndAt,
			[]string{`end_at = "2027-05-09" (2027-05-09 00:00 UTC) is not after start_at = "2027-05-10 11:30" (2027-05-10 11:30 UTC)`}},
		{"end equals start through an offset", func(m *Model) {
			m.StartAt, m.EndAt = s("2027-05-10 08:30"), s("2027-05-10T11:30:00+03:00")
		}, time.Time{}, AttrEndAt, []string{"is not after start_at"}},
		{"end past, start omitted", func(m *Model) { m.StartAt, m.EndAt = nil, s("2027-04-30 10:00") }, now, AttrEndAt,
			[]string{`end_at = "2027-04-30 10:00"`, "not after now (2027-05-01 12:00 UTC)", "start_at is omitted"}},
		{"both past", func(m *Model) { m.StartAt, m.EndAt = s("2027-01-01"), s("2027-02-01") }, now, AttrEndAt,
			[]string{`end_at = "2027-02-01"`, "not after now"}},
		{"start beyond default end", func(m *Model) { m.StartAt, m.EndAt = s("2027-06-01"), nil }, now, AttrStartAt,
			[]string{`start_at = "2027-06-01"`, "end_at is omitted", "30 days from now (2027-05-31 12:00 UTC)"}},
		{"empty override key", func(m *Model) { m.Overrides = map[string]string{"": "x", "URL": "u"} }, now, AttrOverrides,
			[]string{`overrides has an empty key ""`}},
		{"wrapped override key", func(m *Model) { m.Overrides = map[string]string{"###URL###": "u"} }, now, AttrOverrides,
			[]string{`overrides key "###URL###" includes the ### wrapping: write "URL"`}},
		{"null override value", func(m *Model) { m.NullOverrideKeys = []string{"OPP"} }, now, AttrOverrides,
			[]string{`overrides["OPP"] is null`}},
		{"spaced override key", func(m *Model) { m.Overrides = map[string]string{"URL ": "u"} }, now, AttrOverrides,
			[]string{`overrides key "URL " has leading or trailing spaces`}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m := valid()
			c.mutate(&m)
			ps := Validate(m, c.now)
			if len(ps) != 1 {
				t.Fatalf("want exactly one problem, got %d: %v", len(ps), ps)
			}
			p := ps[0]
			if p.Severity != SeverityError || p.Attribute != c.attr {
				t.Errorf("got %v on %q, want an error on %q", p.Severity, p.Attribute, c.attr)
			}
			for _, w := range c.want {
				if !strings.Contains(p.Detail, w) {
					t.Errorf("detail %q does not contain %q", p.Detail, w)
				}
			}
		})
	}
}

func TestValidateElementPaths(t *testing.T) {
	m := valid()
	m.EndUserIDs = []string{"a", "", "a"}
	m.Overrides = map[string]string{"#X": "1"}
	ps := Validate(m, now)
	var got []string
	for _, p := range ps {
		switch {
		case p.HasIndex:
			got = append(got, fmt.Sprintf("%s[%d]", p.Attribute, p.Index))
		case p.HasKey:
			got = append(got, fmt.Sprintf("%s[%q]", p.Attribute, p.Key))
		default:
			got = append(got, p.Attribute)
		}
	}
	want := `end_user_ids[1] end_user_ids[2] overrides["#X"]`
	if strings.Join(got, " ") != want {
		t.Errorf("paths = %v, want %s", got, want)
	}
}

func TestValidateWarnsBeyondTenEndUsers(t *testing.T) {
	m := valid()
	for i := range 11 {
		m.EndUserIDs = append(m.EndUserIDs, fmt.Sprintf("u%d", i))
	}
	ps := Validate(m, now)
	if len(ps) != 1 || ps[0].Severity != SeverityWarning || !strings.Contains(ps[0].Detail, "lists 12 IDs") {
		t.Fatalf("want one warning about 12 end users, got %v", ps)
	}
	if ps.HasErrors() || ps.Err() != nil {
		t.Errorf("a warning must not count as an error")
	}
}

// Configuration validation (zero now) must not depend on the clock, and unknown values
// wait: a config that is fine today must stay valid for the plans that follow.
func TestValidateWithoutClockAndUnknowns(t *testing.T) {
	m := valid()
	m.StartAt, m.EndAt = nil, s("2000-01-01")
	if ps := Validate(m, time.Time{}); len(ps) != 0 {
		t.Errorf("zero now: want no clock-dependent problem, got %v", ps)
	}
	if ps := Validate(m, now); len(ps) != 1 {
		t.Errorf("real now: want the past end_at reported, got %v", ps)
	}

	u := Model{
		SystemID: s(""), Type: s("Push"), StartAt: s("bad"), EndAt: s("bad"),
		EndUserIDs: []string{""}, Overrides: map[string]string{"": ""},
		Unknown: map[string]bool{AttrSystemID: true, AttrTemplateID: true, AttrEndUserIDs: true, AttrAudienceIDs: true,
			AttrType: true, AttrStartAt: true, AttrEndAt: true, AttrOverrides: true},
	}
	if ps := Validate(u, now); len(ps) != 0 {
		t.Errorf("unknown attributes must not be checked, got %v", ps)
	}
	// One list unknown: the other may still be empty, so "no recipients" must wait.
	u = Model{TemplateID: s("t"), Unknown: map[string]bool{AttrAudienceIDs: true}}
	if ps := Validate(u, now); len(ps) != 0 {
		t.Errorf("an unknown audience_ids may hold recipients, got %v", ps)
	}
}

func TestProblemsErr(t *testing.T) {
	m := valid()
	m.TemplateID, m.Type = s(""), s("banner")
	err := Validate(m, now).Err()
	if err == nil || !strings.Contains(err.Error(), `template_id = "" is empty`) || !strings.Contains(err.Error(), `type = "banner"`) {
		t.Fatalf("Err() = %v: want both problems", err)
	}
}

func TestDescribe(t *testing.T) {
	for _, c := range []struct {
		u, a int
		want string
	}{
		{3, 1, "Sending notification to 3 end users and 1 audience"},
		{1, 0, "Sending notification to 1 end user"},
		{0, 2, "Sending notification to 2 audiences"},
	} {
		if got := Describe(c.u, c.a); got != c.want {
			t.Errorf("Describe(%d, %d) = %q, want %q", c.u, c.a, got, c.want)
		}
	}
}
