package sandbox

import (
	"encoding/json"
	"maps"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"
)

const sendPath = "/public/v1/notifications/send"

// WalkMe's own example, from the Workstation Notifications API article.
const walkmeExample = `{"notification": {
	"systemId": "bcf4c7f5682b4aa6875a0fc9bdfa21ca",
	"templateId": "1e5afe51-2d2a-4b22-a60a-cf2d6c01d726",
	"endUsersIds": ["name@email.com"],
	"runtimeTitle": "API Test 3",
	"notificationType": "Push",
	"override": [{"key": "URL", "value": "www.someurl.com"}]
}}`

func notification(fields map[string]any) map[string]any {
	n := map[string]any{"templateId": DefaultTemplateID, "endUsersIds": []string{"a@x"}}
	for k, v := range fields {
		if v == nil {
			delete(n, k)
			continue
		}
		n[k] = v
	}
	return map[string]any{"notification": n}
}

func TestNotificationAccepted(t *testing.T) {
	h := newHarness(t)
	resp := h.call(http.MethodPost, sendPath, h.token(), walkmeExample)
	expectStatus(t, resp, http.StatusOK)
	m := resp.json(t)
	if id, _ := m["notificationId"].(string); !guidPattern.MatchString(id) || m["status"] != "sent" {
		t.Errorf("response %s", resp.body)
	}
	got := h.s.Notifications()
	if len(got) != 1 {
		t.Fatalf("%d notifications", len(got))
	}
	n := got[0]
	start := epoch.Truncate(time.Second)
	if n.SystemID != DefaultWorkstationSystem || n.TemplateID != DefaultTemplateID || n.Type != "push" ||
		!slices.Equal(n.EndUserIDs, []string{"name@email.com"}) || n.AudienceIDs != nil ||
		!maps.Equal(n.Override, map[string]string{"URL": "www.someurl.com"}) ||
		!n.StartAt.Equal(start) || !n.EndAt.Equal(start.AddDate(0, 0, 30)) || !n.ReceivedAt.Equal(epoch) {
		t.Errorf("stored %+v", n)
	}
	var raw map[string]any
	if err := json.Unmarshal(n.Raw, &raw); err != nil || raw["runtimeTitle"] != "API Test 3" {
		t.Errorf("Raw %s: %v", n.Raw, err)
	}
	if rec := lastRecord(h); rec.UserIDCount != 1 || rec.Endpoint != EndpointNotificationSend {
		t.Errorf("record %+v", rec)
	}

	// Audiences alone, popup, every optional text field.
	expectStatus(t, h.call(http.MethodPost, sendPath, h.token(), notification(map[string]any{
		"endUsersIds": nil, "audiencesIds": []string{"cf0bd4c1-86fd-4c79-a46a-c730d6789e63"}, "notificationType": "popup",
		"title": "t", "runtimeTitle": "rt", "runtimeDescription": "rd",
	})), http.StatusOK)
	if n := h.s.Notifications()[1]; n.Type != "popup" || len(n.AudienceIDs) != 1 {
		t.Errorf("stored %+v", n)
	}
}

func TestNotificationDatesNormalised(t *testing.T) {
	h := newHarness(t)
	tok := h.token()
	tests := []struct {
		start, end string
		wantStart  time.Time
		wantEnd    time.Time
	}{
		{"2023-05-10 11:30", "2023-05-11 00:00", time.Date(2023, 5, 10, 11, 30, 0, 0, time.UTC), time.Date(2023, 5, 11, 0, 0, 0, 0, time.UTC)},
		// endAt left out: 30 days from now (the fake clock), not from startAt, as WalkMe documents.
		{"2023-05-10", "", time.Date(2023, 5, 10, 0, 0, 0, 0, time.UTC), epoch.Add(30 * 24 * time.Hour)},
		{"2023-05-10T11:30:00+03:00", "2023-05-10T12:00:00Z", time.Date(2023, 5, 10, 8, 30, 0, 0, time.UTC), time.Date(2023, 5, 10, 12, 0, 0, 0, time.UTC)},
		{"2023-05-10T11:30+03:00", "2023-05-10T23:30:00.5-04:00", time.Date(2023, 5, 10, 8, 30, 0, 0, time.UTC), time.Date(2023, 5, 11, 3, 30, 0, 5e8, time.UTC)},
	}
	for i, tt := range tests {
		fields := map[string]any{"startAt": tt.start}
		if tt.end != "" {
			fields["endAt"] = tt.end
		}
		expectStatus(t, h.call(http.MethodPost, sendPath, tok, notification(fields)), http.StatusOK)
		n := h.s.Notifications()[i]
		if !n.StartAt.Equal(tt.wantStart) || !n.EndAt.Equal(tt.wantEnd) || n.StartAt.Location() != time.UTC {
			t.Errorf("%s..%s: stored %v..%v, want %v..%v", tt.start, tt.end, n.StartAt, n.EndAt, tt.wantStart, tt.wantEnd)
		}
	}
	for _, bad := range []string{"2023-02-30", "2023-05-10 25:00", "2023-05-10 9:30", "10/05/2023", "2023-05-10T11:30:00", "2023-05-10T11:30:00+3:00", "tomorrow"} {
		t.Run(bad, func(t *testing.T) {
			expectStatus(t, h.call(http.MethodPost, sendPath, tok, notification(map[string]any{"startAt": bad})), http.StatusBadRequest, "notification.startAt")
			expectStatus(t, h.call(http.MethodPost, sendPath, tok, notification(map[string]any{"endAt": bad})), http.StatusBadRequest, "notification.endAt")
		})
	}
}

func TestNotificationValidation(t *testing.T) {
	h := newHarness(t)
	tok := h.token()
	many := make([]string, 101)
	for i := range many {
		many[i] = "u" + strings.Repeat("x", i)
	}
	tests := map[string]struct {
		body any
		want string
	}{
		"unknown field":          {notification(map[string]any{"priority": "high"}), `unknown field "priority"`},
		"field name case":        {notification(map[string]any{"TemplateId": "x"}), `unknown field "TemplateId"`},
		"unknown top field":      {`{"notification":{"templateId":"1e5afe51-2d2a-4b22-a60a-cf2d6c01d726","endUsersIds":["a"]},"dryRun":true}`, `unknown field "dryRun"`},
		"missing notification":   {`{}`, `{"notification": {...}}`},
		"notification not obj":   {`{"notification":[]}`, "notification must be a JSON object"},
		"missing templateId":     {notification(map[string]any{"templateId": nil}), "templateId is required"},
		"empty title":            {notification(map[string]any{"title": ""}), "notification.title is empty"},
		"empty runtimeTitle":     {notification(map[string]any{"runtimeTitle": ""}), "notification.runtimeTitle is empty"},
		"empty startAt":          {notification(map[string]any{"startAt": ""}), "notification.startAt is empty"},
		"empty endUsersIds":      {notification(map[string]any{"endUsersIds": []string{}, "audiencesIds": []string{"a"}}), "notification.endUsersIds is empty"},
		"empty audiencesIds":     {notification(map[string]any{"audiencesIds": []string{}}), "notification.audiencesIds is empty"},
		"empty override":         {notification(map[string]any{"override": []any{}}), "notification.override is empty"},
		"null title":             {`{"notification":{"templateId":"1e5afe51-2d2a-4b22-a60a-cf2d6c01d726","endUsersIds":["a"],"title":null}}`, "notification.title must be a string"},
		"no audience":            {notification(map[string]any{"endUsersIds": nil}), "endUsersIds or audiencesIds"},
		"empty end user id":      {notification(map[string]any{"endUsersIds": []string{"a", ""}}), "endUsersIds[1] must be a non-empty string"},
		"101 end users":          {notification(map[string]any{"endUsersIds": many}), "101 IDs; at most 100"},
		"unknown type":           {notification(map[string]any{"notificationType": "email"}), `notificationType "email"`},
		"end before start":       {notification(map[string]any{"startAt": "2030-01-02", "endAt": "2030-01-01"}), "endAt"},
		"end equals start":       {notification(map[string]any{"startAt": "2030-01-01 10:00", "endAt": "2030-01-01T12:00:00+02:00"}), "must be after startAt"},
		"end before now":         {notification(map[string]any{"endAt": "2020-01-01"}), "must be after startAt"},
		"unknown template":       {notification(map[string]any{"templateId": "75cfcba6-c320-42cb-938e-4c2bd08a43a3"}), "not a template"},
		"override not key":       {notification(map[string]any{"override": []any{map[string]any{"key": "###URL###", "value": "v"}}}), `key "###URL###" is not a placeholder`},
		"override empty key":     {notification(map[string]any{"override": []any{map[string]any{"key": "", "value": "v"}}}), "override[0].key must not be empty"},
		"override missing value": {notification(map[string]any{"override": []any{map[string]any{"key": "URL"}}}), "override[0].value is required"},
		"override extra field":   {notification(map[string]any{"override": []any{map[string]any{"key": "URL", "value": "v", "x": 1}}}), `unknown field "x"`},
		"override twice":         {notification(map[string]any{"override": []any{map[string]any{"key": "URL", "value": "a"}, map[string]any{"key": "URL", "value": "b"}}}), "given twice"},
		"override not array":     {notification(map[string]any{"override": map[string]any{"URL": "v"}}), "override must be an array"},
		"unknown systemId":       {notification(map[string]any{"systemId": "0000"}), "not a Workstation system"},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			expectStatus(t, h.call(http.MethodPost, sendPath, tok, tt.body), http.StatusBadRequest, tt.want)
		})
	}
	if n := len(h.s.Notifications()); n != 0 {
		t.Errorf("%d notifications stored by rejected requests", n)
	}
	// The limits themselves are allowed.
	expectStatus(t, h.call(http.MethodPost, sendPath, tok, notification(map[string]any{"endUsersIds": many[:100], "notificationType": "POPUP"})), http.StatusOK)
	expectStatus(t, h.call(http.MethodPost, sendPath, tok, notification(map[string]any{"override": []any{
		map[string]any{"key": "URL", "value": ""}, map[string]any{"key": "OPP_NAME_ATTRIBUTE", "value": "Acme"},
	}})), http.StatusOK)
}

func TestNotificationSystemIDRequiredWithSeveralSystems(t *testing.T) {
	h := newHarness(t, func(c *Config) { c.WorkstationSystems = []string{"sys-a", "sys-b"} })
	tok := h.token()
	expectStatus(t, h.call(http.MethodPost, sendPath, tok, notification(nil)), http.StatusBadRequest, "systemId is required")
	expectStatus(t, h.call(http.MethodPost, sendPath, tok, notification(map[string]any{"systemId": "sys-c"})), http.StatusBadRequest, "not a Workstation system")
	expectStatus(t, h.call(http.MethodPost, sendPath, tok, notification(map[string]any{"systemId": "sys-b"})), http.StatusOK)

	// Without configured systems or templates anything goes.
	open := newHarness(t, func(c *Config) { c.WorkstationSystems, c.Templates = nil, nil })
	tok = open.token()
	expectStatus(t, open.call(http.MethodPost, sendPath, tok, notification(map[string]any{
		"systemId": "any", "templateId": "any", "override": []any{map[string]any{"key": "ANY", "value": "v"}},
	})), http.StatusOK)
}
