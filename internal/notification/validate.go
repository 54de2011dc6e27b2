package notification

import (
	"fmt"
	"sort"
	"strings"
	"time"
)

// Validate checks m and returns every problem found, in attribute order.
//
// now is the clock for the checks that depend on it: an end that is already past, and
// WalkMe's defaults (start = now when start_at is omitted, end = now + 30 days when end_at
// is omitted, as WalkMe documents). A zero now skips them: configuration validation
// passes zero so that a configuration does not turn invalid as time goes by (a resource
// would then block every later plan); the checks right before a send pass time.Now().
func Validate(m Model, now time.Time) Problems {
	var ps Problems
	known := func(attr string) bool { return !m.Unknown[attr] }

	if known(AttrSystemID) && m.SystemID != nil {
		ps = append(ps, checkID(AttrSystemID, *m.SystemID, "leave system_id out if the account has one Workstation system")...)
	}
	if known(AttrTemplateID) {
		const hint = "it is the ID of a custom template in the Communication Center, e.g. \"75cfcba6-c320-42cb-938e-4c2bd08a43a3\""
		if m.TemplateID == nil {
			ps = append(ps, errorf(AttrTemplateID, "Missing template_id", "template_id is not set: %s.", hint))
		} else {
			ps = append(ps, checkID(AttrTemplateID, *m.TemplateID, hint)...)
		}
	}
	ps = append(ps, checkRecipients(m, known)...)
	if known(AttrType) && m.Type != nil {
		ps = append(ps, checkType(*m.Type)...)
	}
	for _, a := range []struct {
		name string
		v    *string
	}{{AttrTitle, m.Title}, {AttrRuntimeTitle, m.RuntimeTitle}, {AttrRuntimeDescription, m.RuntimeDescription}} {
		if known(a.name) && a.v != nil && *a.v == "" {
			ps = append(ps, errorf(a.name, "Empty "+a.name,
				"%s = \"\" is empty: leave %s out instead (WalkMe wants unused fields omitted, not sent empty).", a.name, a.name))
		}
	}
	ps = append(ps, checkWindow(m, known, now)...)
	if known(AttrOverrides) {
		ps = append(ps, checkOverrides(m.Overrides, m.NullOverrideKeys)...)
	}
	return ps
}

func checkID(attr, v, hint string) Problems {
	switch {
	case v == "":
		return Problems{errorf(attr, "Empty "+attr, "%s = \"\" is empty: %s.", attr, hint)}
	case strings.TrimSpace(v) != v:
		return Problems{errorf(attr, "Invalid "+attr, "%s = %q has leading or trailing spaces; WalkMe matches IDs exactly.", attr, v)}
	}
	return nil
}

func checkRecipients(m Model, known func(string) bool) Problems {
	var ps Problems
	if known(AttrEndUserIDs) && known(AttrAudienceIDs) && len(m.EndUserIDs) == 0 && len(m.AudienceIDs) == 0 {
		ps = append(ps, errorf(AttrEndUserIDs, "No recipients",
			"Neither end_user_ids nor audience_ids names a recipient: set at least one of them (both are allowed)."))
	}
	if known(AttrEndUserIDs) {
		switch n := len(m.EndUserIDs); {
		case n > MaxEndUsers:
			ps = append(ps, errorf(AttrEndUserIDs, "Too many end users",
				"end_user_ids lists %d IDs, but WalkMe accepts at most %d end users per notification. Put these users in an audience in the Communication Center and list it in audience_ids instead (WalkMe recommends an audience beyond %d users).",
				n, MaxEndUsers, RecommendedMaxEndUsers))
		case n > RecommendedMaxEndUsers:
			p := errorf(AttrEndUserIDs, "Consider an audience",
				"end_user_ids lists %d IDs; WalkMe recommends an audience (audience_ids) beyond %d end users.", n, RecommendedMaxEndUsers)
			p.Severity = SeverityWarning
			ps = append(ps, p)
		}
		ps = append(ps, checkIDList(AttrEndUserIDs, m.EndUserIDs)...)
	}
	if known(AttrAudienceIDs) {
		ps = append(ps, checkIDList(AttrAudienceIDs, m.AudienceIDs)...)
	}
	return ps
}

func checkIDList(attr string, ids []string) Problems {
	var ps Problems
	first := make(map[string]int, len(ids))
	for i, id := range ids {
		var p *Problem
		switch {
		case id == "":
			p = ptr(errorf(attr, "Empty ID in "+attr, "%s[%d] = \"\" is empty.", attr, i))
		case strings.TrimSpace(id) != id:
			p = ptr(errorf(attr, "Invalid ID in "+attr, "%s[%d] = %q has leading or trailing spaces; WalkMe matches IDs exactly.", attr, i, id))
		default:
			if j, dup := first[id]; dup {
				p = ptr(errorf(attr, "Duplicate ID in "+attr, "%s[%d] = %q repeats %s[%d].", attr, i, id, attr, j))
			} else {
				first[id] = i
			}
		}
		if p != nil {
			p.HasIndex, p.Index = true, i
			ps = append(ps, *p)
		}
	}
	return ps
}

// checkType accepts push and popup in any case: WalkMe's reference lists them in lower
// case, its own example sends "Push". Build sends the lower-case form.
func checkType(t string) Problems {
	if l := strings.ToLower(t); l == TypePush || l == TypePopup {
		return nil
	}
	return Problems{errorf(AttrType, "Invalid type",
		"type = %q is not accepted: use \"push\" or \"popup\" (any case; sent in lower case). Leave type out for WalkMe's default, push.", t)}
}

// checkWindow parses start_at and end_at and checks that the notification would show.
func checkWindow(m Model, known func(string) bool, now time.Time) Problems {
	var ps Problems
	parse := func(attr string, v *string) (time.Time, bool) {
		if !known(attr) || v == nil {
			return time.Time{}, false
		}
		if *v == "" {
			ps = append(ps, errorf(attr, "Empty "+attr, "%s = \"\" is empty: leave %s out for WalkMe's default, or write %s.", attr, attr, AcceptedDateFormats))
			return time.Time{}, false
		}
		t, err := ParseTime(*v)
		if err != nil {
			ps = append(ps, errorf(attr, "Invalid "+attr, "%s = %v.", attr, err))
			return time.Time{}, false
		}
		return t, true
	}
	start, hasStart := parse(AttrStartAt, m.StartAt)
	end, hasEnd := parse(AttrEndAt, m.EndAt)
	startOmitted := known(AttrStartAt) && m.StartAt == nil
	endOmitted := known(AttrEndAt) && m.EndAt == nil

	switch {
	case hasStart && hasEnd && !end.After(start):
		ps = append(ps, errorf(AttrEndAt, "end_at is not after start_at",
			"end_at = %q (%s UTC) is not after start_at = %q (%s UTC): the notification would never show.",
			*m.EndAt, FormatTime(end), *m.StartAt, FormatTime(start)))
	case now.IsZero():
	case hasEnd && !end.After(now):
		why := "the notification would never show"
		if startOmitted {
			why = "start_at is omitted, so WalkMe starts the notification now, and it would never show"
		}
		ps = append(ps, errorf(AttrEndAt, "end_at is past",
			"end_at = %q (%s UTC) is not after now (%s UTC): %s.", *m.EndAt, FormatTime(end), FormatTime(now), why))
	case hasStart && endOmitted && !now.AddDate(0, 0, DefaultDurationDays).After(start):
		ps = append(ps, errorf(AttrStartAt, "start_at is after WalkMe's default end",
			"start_at = %q (%s UTC) is %d days or more from now, and end_at is omitted: WalkMe then ends the notification %d days from now (%s UTC), before it starts. Set end_at.",
			*m.StartAt, FormatTime(start), DefaultDurationDays, DefaultDurationDays, FormatTime(now.AddDate(0, 0, DefaultDurationDays))))
	}
	return ps
}

func checkOverrides(overrides map[string]string, nullKeys []string) Problems {
	all := make(map[string]bool, len(overrides)+len(nullKeys))
	for k := range overrides {
		all[k] = false
	}
	for _, k := range nullKeys {
		all[k] = true
	}
	var ps Problems
	for _, k := range sortedKeys(all) {
		var p *Problem
		switch {
		case all[k]:
			p = ptr(errorf(AttrOverrides, "Null override value",
				"overrides[%q] is null: give it a value (\"\" is allowed) or leave the key out.", k))
		case k == "":
			p = ptr(errorf(AttrOverrides, "Empty override key",
				"overrides has an empty key \"\": a key is a template placeholder's name (the key of ###URL### is URL)."))
		case strings.HasPrefix(k, "#") || strings.HasSuffix(k, "#"):
			p = ptr(errorf(AttrOverrides, "Invalid override key",
				"overrides key %q includes the ### wrapping: write %q (the key of ###URL### is URL).", k, strings.Trim(k, "#")))
		case strings.TrimSpace(k) != k:
			p = ptr(errorf(AttrOverrides, "Invalid override key",
				"overrides key %q has leading or trailing spaces; it must match the template's placeholder exactly.", k))
		}
		if p != nil {
			p.HasKey, p.Key = true, k
			ps = append(ps, *p)
		}
	}
	return ps
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func errorf(attr, summary, format string, args ...any) Problem {
	return Problem{Severity: SeverityError, Attribute: attr, Summary: summary, Detail: fmt.Sprintf(format, args...)}
}

func ptr[T any](v T) *T { return &v }
