package provider

import (
	"context"
	"encoding/json"
)

// privateJSON decodes the private state's value under key into v; false when there is none
// or it is unreadable (an edited or older state), which every caller treats as "not known".
func privateJSON(ctx context.Context, private privateGetter, key string, v any) bool {
	if private == nil {
		return false
	}
	raw, diags := private.GetKey(ctx, key)
	return !diags.HasError() && len(raw) > 0 && json.Unmarshal(raw, v) == nil
}

// fileRecord, in private state, ties the bytes of a file applied in full (membership file,
// users file) to the digest of what they gave, so that a plan whose file holds the same
// bytes can skip parsing it. V is the resource's parsing-rules version: a file parsed by an
// older provider is parsed (and validated) again.
type fileRecord struct {
	V      int    `json:"v"`
	Raw    string `json:"raw_sha256"`
	SHA256 string `json:"sha256"`
}

// fileRecordOf is the fileRecord to keep after an apply of the file bytes raw (a RawDigest)
// gave digest; nil when there is no file (raw is "").
func fileRecordOf(version int, raw, digest string) []byte {
	if raw == "" {
		return nil
	}
	b, _ := json.Marshal(fileRecord{V: version, Raw: raw, SHA256: digest}) // cannot fail: strings and an int
	return b
}

// fileApplied reports whether the fileRecord under key says that the file bytes raw, parsed
// by the rules of version, were applied in full and gave digest.
func fileApplied(ctx context.Context, private privateGetter, key string, version int, raw, digest string) bool {
	var rec fileRecord
	return privateJSON(ctx, private, key, &rec) && rec.V == version && rec.Raw == raw && rec.SHA256 == digest
}

// appliedFileRaw is the raw digest of the file last applied in full, from the fileRecord
// under key; "" when there is none.
func appliedFileRaw(ctx context.Context, private privateGetter, key string) string {
	var rec fileRecord
	if !privateJSON(ctx, private, key, &rec) {
		return ""
	}
	return rec.Raw
}

// fileChangedSinceRefresh reports whether a file changed between the refresh of this run, which
// read the bytes seen, and now (raw). A record left from an earlier run (a no-op apply keeps
// the refreshed private state; a later plan with -refresh=false does not refresh) holds the
// bytes applied last, so seen equal to applied is not evidence. All three are raw digests;
// seen is "" when the refresh recorded nothing.
func fileChangedSinceRefresh(seen, applied, raw string) bool {
	return seen != "" && seen != raw && seen != applied
}
