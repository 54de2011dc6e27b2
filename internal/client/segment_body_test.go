package client

import (
	"bytes"
	"strings"
	"testing"
)

// segmentBodyCases are bodies whose strings take both paths of appendJSONString.
var segmentBodyCases = []struct {
	create createSegmentBody
	update updateSegmentBody
}{
	{createSegmentBody{Name: "n", UserIDs: []string{"a@x", "b"}}, updateSegmentBody{Action: SegmentAdd, UserIDs: []string{"a@x"}}},
	{createSegmentBody{ID: "ext-1", Name: "n", UserIDs: []string{}}, updateSegmentBody{Action: SegmentRemove, UserIDs: []string{}}},
	{createSegmentBody{Name: "n"}, updateSegmentBody{Action: SegmentOverride}}, // nil IDs encode as null
	{createSegmentBody{ID: `q"b\s`, Name: "<a&b>", UserIDs: []string{"café", "tab\there", "\u2028", "\x7f", "bad\xffutf8", `"`}},
		updateSegmentBody{Action: `x"y`, UserIDs: []string{"ünï", "a\\b", "ctl\x01", "ok", "0123456789abcdef<>&"}}},
}

// TestSegmentBodiesEncodeLikeEncodingJSON: the segment bodies encode themselves to the
// very bytes encoding/json makes of them, escapes and invalid UTF-8 included.
func TestSegmentBodiesEncodeLikeEncodingJSON(t *testing.T) {
	for _, tc := range segmentBodyCases {
		checkEncodesLikeReflect(t, tc.create)
		checkEncodesLikeReflect(t, tc.update)
	}
}

// FuzzSegmentBodies: the same, for any strings; ids is split at "|" into user IDs.
func FuzzSegmentBodies(f *testing.F) {
	for _, tc := range segmentBodyCases {
		f.Add(tc.create.ID, tc.create.Name, strings.Join(tc.create.UserIDs, "|"))
		f.Add(string(tc.update.Action), "", strings.Join(tc.update.UserIDs, "|"))
	}
	f.Fuzz(func(t *testing.T, id, name, ids string) {
		list := strings.Split(ids, "|")
		checkEncodesLikeReflect(t, createSegmentBody{ID: id, Name: name, UserIDs: list})
		checkEncodesLikeReflect(t, updateSegmentBody{Action: SegmentAction(name), UserIDs: list})
	})
}

func checkEncodesLikeReflect(t *testing.T, body jsonAppender) {
	t.Helper()
	want, err := encodeReflect(body)
	if err != nil {
		t.Fatal(err)
	}
	got, err := encodeBody(body)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%#v encodes to\n%s\nencoding/json makes\n%s", body, got, want)
	}
}
