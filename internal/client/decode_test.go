package client

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"
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

// FuzzDecode: decoding never panics, and what it returns survives a round trip:
// segments re-encoded in the sandbox's list shape, a created GUID or a notification
// id re-encoded as a plain object, decode to the same values; an error message is
// within its limit and holds no secret.
func FuzzDecode(f *testing.F) {
	for _, seed := range []string{`[]`, `{"segments":[{"guid":"` + g1 + `","id":3}]}`, `{"data":{"data":{"data":[]}}}`,
		`[{"id":null,"guid":[1],"name":{"a":1}}]`, `"x"`, `{"segment":[]}`, `[[[[]]]]`,
		`[{"guid":"` + strings.ReplaceAll(g1, "-", "") + `","name":" Beta ","externalId":"h"}]`,
		`{"message":"bad ` + fuzzSecret + `"}`, strings.Repeat("x", maxMessage-3) + fuzzSecret} {
		f.Add([]byte(seed))
	}
	c, err := New(Config{ClientID: "id", ClientSecret: fuzzSecret})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		if segs, err := decodeSegmentList(body); err == nil {
			again, err := decodeSegmentList(reencodeList(t, segs))
			if err != nil || !reflect.DeepEqual(again, segs) {
				t.Fatalf("list %q decoded to %+v, re-encoded to %+v (%v)", body, segs, again, err)
			}
		}
		// The other way round: a list in the sandbox's shape, with the input as name
		// and external id, decodes to exactly what was encoded.
		if text := strings.TrimSpace(string(body)); utf8.ValidString(text) {
			want := []Segment{{GUID: g1, Name: text, ExternalID: text}, {GUID: g2, Name: text}}
			if got, err := decodeSegmentList(reencodeList(t, want)); err != nil || !reflect.DeepEqual(got, want) {
				t.Fatalf("encoded %+v, decoded %+v (%v)", want, got, err)
			}
		}
		if g := decodeCreatedGUID(body, "x"); g != "" {
			if again := decodeCreatedGUID(mustJSON(t, map[string]string{"guid": g}), "x"); again != g {
				t.Fatalf("created GUID %q re-encoded to %q", g, again)
			}
		}
		if id := decodeNotificationID(body); id != "" {
			if again := decodeNotificationID(mustJSON(t, map[string]string{"notificationId": id})); again != id {
				t.Fatalf("notification id %q re-encoded to %q", id, again)
			}
		}
		msg := c.errorMessage(body)
		if len(msg) > maxMessage+len("…") || strings.Contains(msg, fuzzSecret) {
			t.Fatalf("error message of %d bytes from %q: %q", len(msg), body, msg)
		}
	})
}

const fuzzSecret = "fuzz-secret-0123456789"

// reencodeList writes segments as the sandbox lists them.
func reencodeList(t *testing.T, segs []Segment) []byte {
	list := make([]map[string]string, len(segs))
	for i, s := range segs {
		list[i] = map[string]string{"guid": s.GUID, "name": s.Name}
		switch {
		case s.ExternalID == "":
		case s.ExternalIDUnsure: // read from "id", which may or may not be the external id
			list[i]["id"] = s.ExternalID
		default:
			list[i]["externalId"] = s.ExternalID
		}
	}
	return mustJSON(t, list)
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
