package sandbox

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"time"
)

// ReceivedNotification is a notification the sandbox accepted, with its times in UTC.
type ReceivedNotification struct {
	Raw         json.RawMessage   `json:"raw"` // the "notification" object as sent, compacted
	SystemID    string            `json:"systemId,omitempty"`
	TemplateID  string            `json:"templateId"`
	Type        string            `json:"type"` // "push" or "popup", lower case
	EndUserIDs  []string          `json:"endUserIds,omitempty"`
	AudienceIDs []string          `json:"audienceIds,omitempty"`
	StartAt     time.Time         `json:"startAt"`
	EndAt       time.Time         `json:"endAt"`
	Override    map[string]string `json:"override,omitempty"`
	ReceivedAt  time.Time         `json:"receivedAt"`
}

var notificationFields = []string{
	"systemId", "templateId", "endUsersIds", "audiencesIds", "notificationType",
	"title", "runtimeTitle", "runtimeDescription", "startAt", "endAt", "override",
}

var (
	dateMinute = regexp.MustCompile(`^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$`)
	isoOffset  = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$`)
)

// handleNotification is POST /public/v1/notifications/send.
func (s *Server) handleNotification(req *apiRequest) reply {
	n, err := s.parseNotification(req.body)
	if err != nil {
		return errorReply(http.StatusBadRequest, "%v", err)
	}
	req.rec.UserIDCount = len(n.EndUserIDs)
	n.ReceivedAt = s.now()
	s.notifications = append(s.notifications, n)
	return s.persisted(jsonReply(http.StatusOK, map[string]string{"notificationId": newGUID(), "status": "sent"}))
}

func (s *Server) parseNotification(body []byte) (ReceivedNotification, error) {
	var n ReceivedNotification
	outer, err := decodeObject(body, "request body", "notification")
	if err != nil {
		return n, err
	}
	raw, ok := outer["notification"]
	if !ok {
		return n, fmt.Errorf(`request body must be {"notification": {...}}`)
	}
	obj, err := decodeObject(raw, "notification", notificationFields...)
	if err != nil {
		return n, err
	}
	var compact bytes.Buffer
	if err := json.Compact(&compact, raw); err != nil {
		return n, fmt.Errorf("notification: %w", err)
	}
	n.Raw = compact.Bytes()

	// Optional fields that are sent must carry a value: WalkMe asks for unused fields to
	// be left out, not sent empty.
	str := map[string]string{}
	for _, f := range []string{"systemId", "templateId", "notificationType", "title", "runtimeTitle", "runtimeDescription", "startAt", "endAt"} {
		raw, ok := obj[f]
		if !ok {
			continue
		}
		v, err := decodeString(raw, "notification."+f)
		if err != nil {
			return n, fmt.Errorf("%w (leave optional fields out rather than sending null)", err)
		}
		if v == "" {
			return n, fmt.Errorf("notification.%s is empty: optional fields that are not used must be left out, not sent empty", f)
		}
		str[f] = v
	}
	if n.EndUserIDs, err = idList(obj, "endUsersIds"); err != nil {
		return n, err
	}
	if n.AudienceIDs, err = idList(obj, "audiencesIds"); err != nil {
		return n, err
	}

	n.TemplateID = str["templateId"]
	if n.TemplateID == "" {
		return n, fmt.Errorf("notification.templateId is required")
	}
	n.SystemID = str["systemId"]
	ws := s.cfg.WorkstationSystems
	switch {
	case n.SystemID == "" && len(ws) > 1:
		return n, fmt.Errorf("notification.systemId is required: the account has %d Workstation systems", len(ws))
	case n.SystemID != "" && len(ws) > 0 && !slices.Contains(ws, n.SystemID):
		return n, fmt.Errorf("notification.systemId %q is not a Workstation system of the account", n.SystemID)
	}
	if len(n.EndUserIDs) == 0 && len(n.AudienceIDs) == 0 {
		return n, fmt.Errorf("notification needs endUsersIds or audiencesIds (or both)")
	}
	if len(n.EndUserIDs) > MaxNotificationEndUsers {
		return n, fmt.Errorf("notification.endUsersIds has %d IDs; at most %d are allowed (use an audience instead)", len(n.EndUserIDs), MaxNotificationEndUsers)
	}

	n.Type = "push"
	if t, ok := str["notificationType"]; ok {
		n.Type = strings.ToLower(t) // WalkMe's own example sends "Push" (ASSUMED: notification-type-case)
		if n.Type != "push" && n.Type != "popup" {
			return n, fmt.Errorf("notification.notificationType %q: want push or popup", t)
		}
	}

	now := s.now().UTC().Truncate(time.Second)
	n.StartAt = now
	if v, ok := str["startAt"]; ok {
		if n.StartAt, err = parseNotificationTime(v); err != nil {
			return n, fmt.Errorf("notification.startAt: %w", err)
		}
	}
	n.EndAt = now.Add(notificationDefaultDuration) // documented: 30 days from now, not from startAt
	if v, ok := str["endAt"]; ok {
		if n.EndAt, err = parseNotificationTime(v); err != nil {
			return n, fmt.Errorf("notification.endAt: %w", err)
		}
	}
	if !n.EndAt.After(n.StartAt) {
		return n, fmt.Errorf("notification.endAt (%s) must be after startAt (%s)", n.EndAt.Format(time.RFC3339), n.StartAt.Format(time.RFC3339))
	}

	if raw, ok := obj["override"]; ok {
		if n.Override, err = s.parseOverride(raw, n.TemplateID); err != nil {
			return n, err
		}
	} else if err := s.checkTemplate(n.TemplateID); err != nil {
		return n, err
	}
	return n, nil
}

// idList decodes an optional array of non-empty ID strings; present means non-empty.
func idList(obj map[string]json.RawMessage, field string) ([]string, error) {
	raw, ok := obj[field]
	if !ok {
		return nil, nil
	}
	var ptrs []*string
	if isNull(raw) || json.Unmarshal(raw, &ptrs) != nil {
		return nil, fmt.Errorf("notification.%s must be an array of strings", field)
	}
	if len(ptrs) == 0 {
		return nil, fmt.Errorf("notification.%s is empty: optional fields that are not used must be left out, not sent empty", field)
	}
	ids := make([]string, len(ptrs))
	for i, p := range ptrs {
		if p == nil || *p == "" {
			return nil, fmt.Errorf("notification.%s[%d] must be a non-empty string", field, i)
		}
		ids[i] = *p
	}
	return ids, nil
}

func (s *Server) checkTemplate(templateID string) error {
	if s.cfg.Templates == nil {
		return nil
	}
	if _, ok := s.cfg.Templates[templateID]; !ok {
		return fmt.Errorf("notification.templateId %q is not a template of the account", templateID)
	}
	return nil
}

// parseOverride decodes [{"key": ..., "value": ...}] and checks the keys against the
// template's placeholders when templates are configured (ASSUMED: notification-templates).
func (s *Server) parseOverride(raw json.RawMessage, templateID string) (map[string]string, error) {
	if err := s.checkTemplate(templateID); err != nil {
		return nil, err
	}
	var items []json.RawMessage
	if isNull(raw) || json.Unmarshal(raw, &items) != nil {
		return nil, fmt.Errorf(`notification.override must be an array of {"key": ..., "value": ...}`)
	}
	if len(items) == 0 {
		return nil, fmt.Errorf("notification.override is empty: optional fields that are not used must be left out, not sent empty")
	}
	placeholders, checkKeys := s.cfg.Templates[templateID]
	out := make(map[string]string, len(items))
	for i, item := range items {
		what := fmt.Sprintf("notification.override[%d]", i)
		obj, err := decodeObject(item, what, "key", "value")
		if err != nil {
			return nil, err
		}
		kraw, ok := obj["key"]
		if !ok {
			return nil, fmt.Errorf("%s.key is required", what)
		}
		key, err := decodeString(kraw, what+".key")
		if err != nil {
			return nil, err
		}
		if key == "" {
			return nil, fmt.Errorf("%s.key must not be empty", what)
		}
		vraw, ok := obj["value"]
		if !ok {
			return nil, fmt.Errorf("%s.value is required", what)
		}
		value, err := decodeString(vraw, what+".value")
		if err != nil {
			return nil, err
		}
		if _, dup := out[key]; dup {
			return nil, fmt.Errorf("%s: key %q is given twice", what, key)
		}
		if checkKeys && !slices.Contains(placeholders, key) {
			return nil, fmt.Errorf("%s: key %q is not a placeholder of template %s (placeholders: %s); keys must match exactly, without the ### markers",
				what, key, templateID, strings.Join(placeholders, ", "))
		}
		out[key] = value
	}
	return out, nil
}

// parseNotificationTime accepts WalkMe's formats: "YYYY-MM-DD hh:mm" in UTC, a date alone
// (00:00 UTC), or ISO 8601 with an offset. The result is UTC.
func parseNotificationTime(v string) (time.Time, error) {
	var t time.Time
	var err error
	switch {
	case dateMinute.MatchString(v):
		t, err = time.Parse("2006-01-02 15:04", v)
	case dateOnly.MatchString(v):
		t, err = time.Parse(time.DateOnly, v)
	case isoOffset.MatchString(v):
		layout := "2006-01-02T15:04Z07:00"
		if strings.Count(v[:min(len(v), 19)], ":") == 2 {
			layout = time.RFC3339Nano
		}
		t, err = time.Parse(layout, v)
	default:
		return t, fmt.Errorf("%q: want YYYY-MM-DD hh:mm (UTC), YYYY-MM-DD, or ISO 8601 with an offset like 2023-05-10T11:30:00+03:00", v)
	}
	if err != nil {
		return t, fmt.Errorf("%q is not a real date and time", v)
	}
	return t.UTC(), nil
}
