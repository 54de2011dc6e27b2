package client

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
)

const notificationsPath = "/public/v1/notifications/send"

// ErrNotificationMaybeSent is wrapped by SendNotification errors after which the
// notification may have reached its recipients; errors.Is tells them apart.
var ErrNotificationMaybeSent = errors.New("the notification may or may not have been sent; check the Communication Center before sending again")

// Notification is a Workstation notification. WalkMe wants unused optional
// fields left out, never sent empty: hence omitempty on each of them.
type Notification struct {
	SystemID           string          `json:"systemId,omitempty"`
	TemplateID         string          `json:"templateId"`
	EndUserIDs         []string        `json:"endUsersIds,omitempty"`
	AudienceIDs        []string        `json:"audiencesIds,omitempty"`
	Type               string          `json:"notificationType,omitempty"`
	Title              string          `json:"title,omitempty"`
	RuntimeTitle       string          `json:"runtimeTitle,omitempty"`
	RuntimeDescription string          `json:"runtimeDescription,omitempty"`
	StartAt            string          `json:"startAt,omitempty"`
	EndAt              string          `json:"endAt,omitempty"`
	Override           []OverrideEntry `json:"override,omitempty"`
}

// OverrideEntry fills a template placeholder: ###KEY### in the template is Key.
type OverrideEntry struct {
	Key   string `json:"key"`
	Value string `json:"value"`
}

// NotificationResult is what WalkMe answered; its shape is undocumented, so ID
// is set only when the body names one.
type NotificationResult struct {
	ID  string
	Raw string // the response body, trimmed and cut to 4 KiB
}

type notificationBody struct {
	Notification Notification `json:"notification"`
}

// SendNotification sends n once. WalkMe has no idempotency key, so only a 429
// or a connection that never reached WalkMe is retried; after a 5xx or a lost
// response the error wraps ErrNotificationMaybeSent.
func (c *Client) SendNotification(ctx context.Context, n Notification) (NotificationResult, error) {
	if err := validateNotification(n); err != nil {
		return NotificationResult{}, err
	}
	r := c.newRequest(http.MethodPost, notificationsPath, permNotifications)
	r.body, r.policy = notificationBody{Notification: n}, retryUnsent
	res, err := c.do(ctx, r)
	if err != nil {
		if mayHaveActed(err) {
			return NotificationResult{}, fmt.Errorf("sending notification: %w; %w", err, ErrNotificationMaybeSent)
		}
		return NotificationResult{}, fmt.Errorf("sending notification: %w", err)
	}
	return NotificationResult{
		ID:  c.redact(decodeNotificationID(res.body)),
		Raw: cut(c.redact(string(bytes.TrimSpace(res.body))), maxLoggedBody), // redacted before cut
	}, nil
}

func validateNotification(n Notification) error {
	switch {
	case n.TemplateID == "":
		return errors.New("notification template ID is empty")
	case len(n.EndUserIDs) == 0 && len(n.AudienceIDs) == 0:
		return errors.New("notification has no recipients: set end user IDs, audience IDs or both")
	case len(n.EndUserIDs) > MaxNotificationEndUsers:
		return fmt.Errorf("%d end users in one notification; WalkMe accepts at most %d (use an audience for more)", len(n.EndUserIDs), MaxNotificationEndUsers)
	}
	for i, o := range n.Override {
		if o.Key == "" {
			return fmt.Errorf("notification override %d has an empty key", i)
		}
	}
	return nil
}
