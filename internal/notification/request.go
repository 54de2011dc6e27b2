package notification

import (
	"strings"
	"time"

	"github.com/walkme-community/terraform-provider-walkme/internal/client"
)

// Build validates m against now and returns the request for WalkMe: dates as
// "YYYY-MM-DD hh:mm" in UTC, overrides sorted by key so the body is deterministic, and
// every optional attribute that is not set left out (the client's omitempty drops the
// empty ones). It returns the problems, and no request, when any is an error.
func Build(m Model, now time.Time) (client.Notification, Problems) {
	ps := Validate(m, now)
	for _, attr := range sortedKeys(m.Unknown) {
		if m.Unknown[attr] {
			ps = append(ps, errorf(attr, "Unknown "+attr, "%s is not known yet; a notification is only sent with known values.", attr))
		}
	}
	if ps.HasErrors() {
		return client.Notification{}, ps
	}
	n := client.Notification{
		SystemID:           deref(m.SystemID),
		TemplateID:         deref(m.TemplateID),
		EndUserIDs:         clone(m.EndUserIDs),
		AudienceIDs:        clone(m.AudienceIDs),
		Type:               strings.ToLower(deref(m.Type)), // any case accepted, sent as documented
		Title:              deref(m.Title),
		RuntimeTitle:       deref(m.RuntimeTitle),
		RuntimeDescription: deref(m.RuntimeDescription),
	}
	// Validate has parsed both dates already; errors cannot happen here.
	if m.StartAt != nil {
		n.StartAt, _ = NormalizeTime(*m.StartAt)
	}
	if m.EndAt != nil {
		n.EndAt, _ = NormalizeTime(*m.EndAt)
	}
	for _, k := range sortedKeys(m.Overrides) {
		n.Override = append(n.Override, client.OverrideEntry{Key: k, Value: m.Overrides[k]})
	}
	return n, ps
}

func deref(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

// clone keeps the request independent of the caller's slice; an empty list stays nil so
// that it is left out.
func clone(ids []string) []string {
	if len(ids) == 0 {
		return nil
	}
	return append([]string(nil), ids...)
}
