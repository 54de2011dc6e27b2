package provider

import (
	"context"
	"encoding/json"
	"testing"
)

// What an apply records of a file is what the next plan recognises, and nothing else.
func TestFileRecordOfIsWhatFileAppliedRecognises(t *testing.T) {
	ctx := context.Background()
	if fileRecordOf(1, "", "d") != nil {
		t.Fatal("a record without a file (inline members)")
	}
	private := fakePrivate{"k": fileRecordOf(2, "raw", "digest")}
	if !fileApplied(ctx, private, "k", 2, "raw", "digest") {
		t.Fatal("the record just written is not recognised")
	}
	for name, tc := range map[string]struct {
		version          int
		key, raw, digest string
	}{
		"other key":     {2, "other", "raw", "digest"},
		"older version": {1, "k", "raw", "digest"},
		"other bytes":   {2, "k", "raw2", "digest"},
		"other digest":  {2, "k", "raw", "digest2"},
	} {
		if fileApplied(ctx, private, tc.key, tc.version, tc.raw, tc.digest) {
			t.Errorf("%s: recognised", name)
		}
	}
	if fileApplied(ctx, nil, "k", 2, "raw", "digest") || appliedFileRaw(ctx, nil, "k") != "" {
		t.Error("no private state (a create) recognised as a record")
	}
	if got := appliedFileRaw(ctx, private, "k"); got != "raw" {
		t.Errorf("appliedFileRaw = %q, want raw", got)
	}
}

// walkme_user_attributes: the file the refresh read stops the apply when it differs from
// the file now, unless it is the file applied last (a record left from an earlier run).
func TestUsersFileMovedSinceRefresh(t *testing.T) {
	ctx := context.Background()
	seen := func(raw string) []byte { b, _ := json.Marshal(raw); return b }
	applied := fileRecordOf(uaFileRecordVersion, "r0", "s0")
	for name, tc := range map[string]struct {
		private fakePrivate
		want    bool
	}{
		"no refresh record":        {fakePrivate{uaPrivateFile: applied}, false},
		"same bytes as the plan":   {fakePrivate{uaPrivateSeen: seen("r2"), uaPrivateFile: applied}, false},
		"changed since refresh":    {fakePrivate{uaPrivateSeen: seen("r1"), uaPrivateFile: applied}, true},
		"changed, never applied":   {fakePrivate{uaPrivateSeen: seen("r1")}, true},
		"record of the last apply": {fakePrivate{uaPrivateSeen: seen("r0"), uaPrivateFile: applied}, false},
		"garbage":                  {fakePrivate{uaPrivateSeen: []byte("{")}, false},
	} {
		if got := uaFileMoved(ctx, tc.private, "r2"); got != tc.want {
			t.Errorf("%s: uaFileMoved = %v, want %v", name, got, tc.want)
		}
	}
}
