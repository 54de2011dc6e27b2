package membership

import (
	"encoding/json"
	"runtime"
	"strings"
	"testing"
)

// absurd is a valid encoding of {"a","b","c"} whose announced count and size are
// replaced, as a corrupt or hostile private state could carry them.
func absurd(t *testing.T, count, size int64) []byte {
	t.Helper()
	good, err := Encode([]string{"a", "b", "c"})
	if err != nil {
		t.Fatal(err)
	}
	var e map[string]any
	if err := json.Unmarshal(good, &e); err != nil {
		t.Fatal(err)
	}
	e["count"], e["bytes"] = count, size
	b, _ := json.Marshal(e)
	return b
}

// TestDecodeAbsurdSizeAllocatesLittle: sizes announced by the private state are
// bounded before anything is allocated, absolutely and by the data actually
// there, so a corrupt state is an error and never an out-of-memory crash.
func TestDecodeAbsurdSizeAllocatesLittle(t *testing.T) {
	cases := []struct {
		name         string
		count, bytes int64
		want         string
	}{
		{"plausible ratio, a GiB", 10_000_000, 1 << 30, "implausible size"},
		{"within the cap, not backed by the data", 1_000_000, 200 << 20, "3 IDs, expected 1000000"},
		{"count times size overflows", 1 << 57, 1 << 50, "implausible size"},
		{"count beyond the size", 1 << 40, 5, "implausible size"},
		{"beyond the absolute cap", 1 << 20, MaxFileBytes + 1, "implausible size"},
	}
	for _, tc := range cases {
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		_, err := Decode(absurd(t, tc.count, tc.bytes))
		runtime.ReadMemStats(&after)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: Decode error = %v, want one containing %q", tc.name, err, tc.want)
		}
		if n := after.TotalAlloc - before.TotalAlloc; n > 16<<20 {
			t.Errorf("%s: decoding 3 IDs allocated %d MiB", tc.name, n>>20)
		}
	}
}
