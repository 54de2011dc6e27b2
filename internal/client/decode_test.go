package client

import (
	"reflect"
	"strings"
	"testing"
)

const (
	g1 = "12345aeb-123c-4d83-8b38-a5a456789d0a"
	g2 = "22345aeb-123c-4d83-8b38-a5a456789d0b"
)

func TestDecodeSegmentListShapes(t *testing.T) {
	beta := []Segment{{GUID: g1, Name: "Beta", ExternalID: "heap-1"}}
	betaUnsure := []Segment{{GUID: g1, Name: "Beta", ExternalID: "heap-1", ExternalIDUnsure: true}}
	cases := []struct {
		name string
		body string
		want []Segment
	}{
		{"top-level array", `[{"guid":"` + g1 + `","name":"Beta","externalId":"heap-1"}]`, beta},
		{"segments key", `{"segments":[{"guid":"` + g1 + `","name":"Beta","external_id":"heap-1"}]}`, beta},
		{"data key", `{"data":[{"segmentGuid":"` + g1 + `","name":"Beta","id":"heap-1"}],"total":1}`, betaUnsure},
		{"items key", `{"items":[{"segmentId":"` + g1 + `","name":"Beta","id":"heap-1"}]}`, betaUnsure},
		{"results key", `{"results":[{"_id":"` + g1 + `","name":"Beta","externalId":"heap-1"}]}`, beta},
		{"nested data.segments", `{"data":{"segments":[{"guid":"` + g1 + `","name":"Beta","externalId":"heap-1"}]}}`, beta},
		{"case-insensitive keys", `{"Segments":[{"GUID":"` + g1 + `","Name":"Beta","ExternalID":"heap-1"}]}`, beta},
		{"empty array", `[]`, []Segment{}},
		{"empty segments", `{"segments":[]}`, []Segment{}},
		{"id is the GUID when no other GUID field", `[{"id":"` + g1 + `","name":"Beta","externalId":"heap-1"}]`, beta},
		{"id may be the external id when a GUID field exists", `[{"guid":"` + g1 + `","id":"heap-1","name":"Beta"}]`, betaUnsure},
		{"GUID-like external id beside a GUID field", `[{"guid":"` + g1 + `","id":"` + g2 + `","name":"Beta"}]`,
			[]Segment{{GUID: g1, Name: "Beta", ExternalID: g2, ExternalIDUnsure: true}}},
		{"no external id", `[{"guid":"` + g1 + `","name":"Beta"}]`, []Segment{{GUID: g1, Name: "Beta"}}},
		{"numeric id is WalkMe's own", `[{"guid":"` + g1 + `","name":"Beta","id":4711}]`, []Segment{{GUID: g1, Name: "Beta"}}},
		{"numeric explicit external id", `[{"guid":"` + g1 + `","name":"Beta","externalId":4711}]`, []Segment{{GUID: g1, Name: "Beta", ExternalID: "4711"}}},
		{"compact GUID gets hyphens", `[{"guid":"12345aeb123c4d838b38a5a456789d0a","name":"Beta","externalId":"heap-1"}]`, beta},
		{"unknown fields and wrong types ignored", `[{"guid":"` + g1 + `","name":"Beta","externalId":"heap-1","users":null,"created":{"at":1},"segmentName":7}]`, beta},
		{"segmentName", `[{"guid":"` + g1 + `","segmentName":"Beta","externalId":"heap-1"}]`, beta},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := decodeSegmentList([]byte(tc.body))
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got %+v, want %+v", got, tc.want)
			}
		})
	}
}

func TestDecodeSegmentListErrors(t *testing.T) {
	cases := map[string]string{
		`"x"`:                              "got a string",
		`{"total":0}`:                      "keys: total",
		`{"segments":{"a":1}}`:             "keys: segments",
		`[1]`:                              "entry 0 is a number",
		`[{"name":"No GUID","id":"heap"}]`: `entry 0 (name "No GUID") has no GUID`,
		`[{"guid":"` + g1 + `"}] x`:        "unexpected data",
		`[{"guid":`:                        "unexpected EOF",
		`<html>502</html>`:                 "invalid character",
	}
	for body, want := range cases {
		_, err := decodeSegmentList([]byte(body))
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: error %v, want %q", body, err, want)
		}
	}
}

func TestDecodeCreatedGUID(t *testing.T) {
	cases := []struct {
		body, ext, want string
	}{
		{`{"guid":"` + g1 + `"}`, "", g1},
		{`{"segmentGuid":"` + g1 + `","id":"heap-1"}`, "heap-1", g1},
		{`{"segment":{"guid":"` + g1 + `"}}`, "", g1},
		{`{"data":{"_id":"` + g1 + `"}}`, "", g1},
		{`{"id":"` + g1 + `"}`, "", g1},
		{`{"id":"` + g1 + `"}`, g1, ""}, // our own external id echoed back
		{`{"id":"heap-1"}`, "heap-1", ""},
		{`"` + g1 + `"`, "", g1},
		{`"12345aeb123c4d838b38a5a456789d0a"`, "", g1},
		{``, "", ""},
		{`Created`, "", ""},
		{`{"message":"ok"}`, "", ""},
		{`{"data":[1,2]}`, "", ""},
		{`[]`, "", ""},
		{`{"guid":12}`, "", ""}, // not a GUID
	}
	for _, tc := range cases {
		if got := decodeCreatedGUID([]byte(tc.body), tc.ext); got != tc.want {
			t.Errorf("decodeCreatedGUID(%s, %q) = %q, want %q", tc.body, tc.ext, got, tc.want)
		}
	}
}

func TestDecodeNotificationID(t *testing.T) {
	cases := map[string]string{
		`{"notificationId":"n1"}`:           "n1",
		`{"id":7}`:                          "7",
		`{"notification_id":"n3"}`:          "n3",
		`{"notification":{"id":"n4"}}`:      "n4",
		`{"message":"Notification queued"}`: "",
		``:                                  "",
		`[1]`:                               "",
	}
	for body, want := range cases {
		if got := decodeNotificationID([]byte(body)); got != want {
			t.Errorf("%q: %q, want %q", body, got, want)
		}
	}
}

func FuzzDecode(f *testing.F) {
	for _, seed := range []string{`[]`, `{"segments":[{"guid":"` + g1 + `","id":3}]}`, `{"data":{"data":{"data":[]}}}`,
		`[{"id":null,"guid":[1],"name":{"a":1}}]`, `"x"`, `{"segment":[]}`, `[[[[]]]]`} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		_, _ = decodeSegmentList(body)
		_ = decodeCreatedGUID(body, "x")
		_ = decodeNotificationID(body)
		_ = extractMessage(body)
	})
}
