package client

import (
	"context"
	"encoding/json"
	"errors"
	"net"
	"net/http"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
)

var outage = Notification{TemplateID: "1e5afe51-2d2a-4b22-a60a-cf2d6c01d726", EndUserIDs: []string{"name@email.com"}}

const maybeSent = "the notification may or may not have been sent; check the Communication Center before sending again"

func TestSendNotification(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, http.StatusOK, `{"data":{"notificationId":4711},"message":"sent"}`)
	})
	c := newTestClient(t, f)
	res, err := c.SendNotification(context.Background(), outage)
	if err != nil {
		t.Fatal(err)
	}
	if res.ID != "4711" || res.Raw != `{"data":{"notificationId":4711},"message":"sent"}` {
		t.Errorf("result = %+v", res)
	}
	want := `{"notification":{"templateId":"1e5afe51-2d2a-4b22-a60a-cf2d6c01d726","endUsersIds":["name@email.com"]}}`
	assertJSON(t, f.body("POST", notificationsPath), want)
}

func TestSendNotificationAnyBody(t *testing.T) {
	for _, body := range []string{``, `ok`, `[]`, `{"id":"n-1"}`, `{"notification_id":"n-2"}`, `null`} {
		f := newFake(t, func(w http.ResponseWriter, _ *http.Request) { writeJSON(w, http.StatusOK, body) })
		c := newTestClient(t, f)
		res, err := c.SendNotification(context.Background(), outage)
		if err != nil || res.Raw != body {
			t.Errorf("body %q: %+v, %v", body, res, err)
		}
	}
}

func TestNotificationJSONLeavesOutEmptyFields(t *testing.T) {
	full := Notification{
		SystemID: "bcf4c7f5682b4aa6875a0fc9bdfa21ca", TemplateID: "t", EndUserIDs: []string{"a@b.c"},
		AudienceIDs: []string{"aud"}, Type: "popup", Title: "T", RuntimeTitle: "RT", RuntimeDescription: "RD",
		StartAt: "2027-05-10 11:30", EndAt: "2027-05-10T11:30:00+03:00",
		Override: []OverrideEntry{{Key: "URL", Value: "https://x.example/?a=1&b=2"}},
	}
	cases := []struct {
		n    Notification
		want string
	}{
		{Notification{TemplateID: "t", AudienceIDs: []string{"aud"}, EndUserIDs: []string{}, Override: []OverrideEntry{}},
			`{"notification":{"templateId":"t","audiencesIds":["aud"]}}`},
		{full, `{"notification":{"systemId":"bcf4c7f5682b4aa6875a0fc9bdfa21ca","templateId":"t","endUsersIds":["a@b.c"],` +
			`"audiencesIds":["aud"],"notificationType":"popup","title":"T","runtimeTitle":"RT","runtimeDescription":"RD",` +
			`"startAt":"2027-05-10 11:30","endAt":"2027-05-10T11:30:00+03:00","override":[{"key":"URL","value":"https://x.example/?a=1&b=2"}]}}`},
	}
	for _, tc := range cases {
		b, err := encodeBody(notificationBody{Notification: tc.n})
		if err != nil {
			t.Fatal(err)
		}
		if string(b) != tc.want {
			t.Errorf("JSON\n got %s\nwant %s", b, tc.want)
		}
		if !json.Valid(b) {
			t.Errorf("invalid JSON %s", b)
		}
	}
}

func TestSendNotification503NotRetried(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, http.StatusServiceUnavailable, `{"message":"overloaded"}`)
	})
	c := newTestClient(t, f)
	_, err := c.SendNotification(context.Background(), outage)
	if !errors.Is(err, ErrNotificationMaybeSent) || !hasStatus(err, http.StatusServiceUnavailable) {
		t.Fatalf("error = %v", err)
	}
	if !strings.Contains(err.Error(), maybeSent) || !strings.Contains(err.Error(), "overloaded") {
		t.Errorf("error text: %v", err)
	}
	if n := f.count("POST", notificationsPath); n != 1 {
		t.Errorf("%d attempts, want 1", n)
	}
}

func TestSendNotificationLostResponseNotRetried(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, _ *http.Request) { dropConnection(t, w) })
	c := newTestClient(t, f)
	_, err := c.SendNotification(context.Background(), outage)
	if !errors.Is(err, ErrNotificationMaybeSent) || !strings.Contains(err.Error(), maybeSent) {
		t.Fatalf("error = %v", err)
	}
	if n := f.count("POST", notificationsPath); n != 1 {
		t.Errorf("%d attempts, want 1", n)
	}
}

func TestSendNotification429Retried(t *testing.T) {
	var calls atomic.Int32
	f := newFake(t, func(w http.ResponseWriter, _ *http.Request) {
		if calls.Add(1) == 1 {
			w.Header().Set("Retry-After", "0")
			writeJSON(w, http.StatusTooManyRequests, `{"message":"slow down"}`)
			return
		}
		writeJSON(w, http.StatusOK, `{"message":"sent"}`)
	})
	c := newTestClient(t, f)
	if _, err := c.SendNotification(context.Background(), outage); err != nil {
		t.Fatal(err)
	}
	if n := calls.Load(); n != 2 {
		t.Errorf("%d attempts, want 2", n)
	}
}

func TestSendNotificationConnectionRefusedRetried(t *testing.T) {
	var calls atomic.Int32
	ft := &failFirstTransport{err: &net.OpError{Op: "dial", Net: "tcp", Err: syscall.ECONNREFUSED}}
	f := newFake(t, func(w http.ResponseWriter, _ *http.Request) {
		calls.Add(1)
		writeJSON(w, http.StatusOK, `{}`)
	})
	ft.base = f.srv.Client().Transport
	c := newTestClient(t, f, func(cfg *Config) { cfg.HTTPClient = &http.Client{Transport: ft} })
	if _, err := c.SendNotification(context.Background(), outage); err != nil {
		t.Fatal(err)
	}
	if !ft.failed.Load() || calls.Load() != 1 {
		t.Errorf("failed first: %v, server saw %d", ft.failed.Load(), calls.Load())
	}
}

func TestSendNotification4xxIsNotMaybeSent(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, http.StatusBadRequest, `{"message":"templateId unknown"}`)
	})
	c := newTestClient(t, f)
	_, err := c.SendNotification(context.Background(), outage)
	if errors.Is(err, ErrNotificationMaybeSent) || !strings.Contains(err.Error(), "templateId unknown") {
		t.Errorf("error = %v", err)
	}
}

func TestSendNotificationValidation(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, _ *http.Request) { t.Error("request sent for invalid input") })
	c := newTestClient(t, f)
	cases := []struct {
		n    Notification
		want string
	}{
		{Notification{EndUserIDs: []string{"a"}}, "template ID is empty"},
		{Notification{TemplateID: "t"}, "no recipients"},
		{Notification{TemplateID: "t", EndUserIDs: make([]string, 101)}, "101 end users"},
		{Notification{TemplateID: "t", AudienceIDs: []string{"a"}, Override: []OverrideEntry{{Value: "v"}}}, "empty key"},
	}
	for _, tc := range cases {
		if _, err := c.SendNotification(context.Background(), tc.n); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("error %v, want %q", err, tc.want)
		}
	}
}
