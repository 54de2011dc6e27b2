package membership

import (
	"bytes"
	"compress/gzip"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"testing"
)

func TestEncodeRoundTrip(t *testing.T) {
	for _, ids := range [][]string{nil, {"a"}, {"a", "b c", "ü"}, Normalize(testIDs(100000, 4))} {
		data, err := Encode(ids)
		if err != nil {
			t.Fatal(err)
		}
		// The framework only accepts JSON as a private state value.
		var obj map[string]any
		if err := json.Unmarshal(data, &obj); err != nil {
			t.Fatalf("Encode(%d) is not JSON: %v", len(ids), err)
		}
		if obj["v"] != float64(1) || obj["count"] != float64(len(ids)) || obj["sha256"] != Digest(ids) {
			t.Errorf("Encode(%d) header = v %v count %v sha256 %v", len(ids), obj["v"], obj["count"], obj["sha256"])
		}
		got, err := Decode(data)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(got, ids) || (len(ids) == 0) != (len(got) == 0) {
			t.Errorf("round trip of %d IDs gave %d", len(ids), len(got))
		}
	}
}

func TestEncodeIsCompact(t *testing.T) {
	ids := Normalize(testIDs(100000, 4))
	data, err := Encode(ids)
	if err != nil {
		t.Fatal(err)
	}
	if raw := joinedLen(ids); len(data)*2 > raw {
		t.Errorf("encoded %d bytes for %d bytes of IDs: less than 2x smaller", len(data), raw)
	}
}

func TestDecodeRejectsDamage(t *testing.T) {
	good, err := Encode([]string{"a", "b", "c"})
	if err != nil {
		t.Fatal(err)
	}
	var e encoded
	if err := json.Unmarshal(good, &e); err != nil {
		t.Fatal(err)
	}
	otherGzip := func() string {
		d, _ := Encode([]string{"a", "b", "d"})
		var o encoded
		_ = json.Unmarshal(d, &o)
		return o.Data
	}()
	unsorted := func() string {
		var gz bytes.Buffer
		zw := gzip.NewWriter(&gz)
		_ = frontCode(zw, []string{"b", "a", "c"})
		_ = zw.Close()
		return base64.StdEncoding.EncodeToString(gz.Bytes())
	}()
	for name, tc := range map[string]struct {
		mutate func(*encoded)
		want   string
	}{
		"version":  {func(e *encoded) { e.V = 2 }, "unknown encoding version 2"},
		"count":    {func(e *encoded) { e.Count = 2 }, "3 IDs, expected 2"},
		"digest":   {func(e *encoded) { e.Data = otherGzip }, "digest"},
		"unsorted": {func(e *encoded) { e.Data = unsorted }, "not a sorted set"},
		"base64":   {func(e *encoded) { e.Data = "!!!" }, "decoding membership"},
		"size":     {func(e *encoded) { e.Count, e.Bytes = 2, 3 }, "more than the 3 bytes announced"},
		"too many": {func(e *encoded) { e.Count = 4 }, "implausible size 5 bytes for 4 IDs"},
		"huge":     {func(e *encoded) { e.Bytes = 1 << 40 }, "implausible size"},
	} {
		c := e
		tc.mutate(&c)
		data, _ := json.Marshal(c)
		if _, err := Decode(data); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: Decode = %v, want error containing %q", name, err, tc.want)
		}
	}
	if _, err := Encode([]string{"b", "a"}); err == nil {
		t.Error("Encode accepted an unsorted slice")
	}
	if _, err := Encode([]string{"a\nb"}); err == nil || !strings.Contains(err.Error(), "line break") {
		t.Errorf("Encode of an ID with a line break: %v", err)
	}
	if _, err := Decode([]byte(`"not an object"`)); err == nil {
		t.Error("Decode accepted a JSON string")
	}
}

// A membership of several gzip members round-trips, and its encoding does not depend on
// how many cores compressed it.
func TestEncodeSeveralMembersDeterministic(t *testing.T) {
	ids := make([]string, 2*memberIDs+1)
	for i := range ids {
		ids[i] = fmt.Sprintf("user%08d@example.com", i)
	}
	a, err := Encode(ids)
	if err != nil {
		t.Fatal(err)
	}
	prev := runtime.GOMAXPROCS(1)
	b, err := Encode(ids)
	runtime.GOMAXPROCS(prev)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a, b) {
		t.Error("the encoding differs with GOMAXPROCS")
	}
	got, err := Decode(a)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got, ids) {
		t.Errorf("round trip of %d IDs in 3 members gave %d", len(ids), len(got))
	}
}
