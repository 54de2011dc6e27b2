package membership

import (
	"crypto/sha256"
	"encoding/hex"
	"slices"
	"strings"
	"testing"
)

func TestValidateID(t *testing.T) {
	for _, tc := range []struct {
		id, want string // want: substring of the error, "" for valid
	}{
		{"john@company.com", ""},
		{"with inner space", ""},
		{strings.Repeat("é", 100), ""}, // 200 bytes, 100 characters
		{"", "is empty"},
		{strings.Repeat("x", 101), `"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"… is 101 characters long; WalkMe allows at most 100`},
		{strings.Repeat("é", 101), "is 101 characters long"},
		{" john", `user ID " john" has leading or trailing whitespace`},
		{"john\t", `"john\t" has leading or trailing whitespace`},
		{"\u00a0john", `"\u00a0john" has leading or trailing whitespace`},
		{"jo\xffhn", `"jo\xffhn" is not valid UTF-8`},
		{"jo\x00hn", `"jo\x00hn" contains a control character`},
		{"jo\u0085hn", `contains a control character`},
		{"\u200bjohn", `has leading or trailing whitespace or an invisible character`},
		{"john\ufeff", `has leading or trailing whitespace or an invisible character`},
		{"jo\u200dhn", ""}, // joiners inside an ID are legitimate (emoji, scripts)
	} {
		err := ValidateID(tc.id)
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("ValidateID(%q) = %v, want nil", tc.id, err)
		case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
			t.Errorf("ValidateID(%q) = %v, want error containing %s", tc.id, err, tc.want)
		}
	}
}

func TestQuoteCutsLongValues(t *testing.T) {
	long := strings.Repeat("ü", 41)
	if got, want := Quote(long), `"`+strings.Repeat("ü", 40)+`"…`; got != want {
		t.Errorf("Quote = %s, want %s", got, want)
	}
	if got := Quote("a\nb"); got != `"a\nb"` {
		t.Errorf("Quote = %s", got)
	}
}

func TestDigestIsSHA256OfSortedJoined(t *testing.T) {
	ids := Normalize([]string{"b", "a", "c", "a"})
	if !slices.Equal(ids, []string{"a", "b", "c"}) {
		t.Fatalf("Normalize = %q", ids)
	}
	sum := sha256.Sum256([]byte("a\nb\nc"))
	if got, want := Digest(ids), hex.EncodeToString(sum[:]); got != want {
		t.Errorf("Digest = %s, want %s", got, want)
	}
	if got := Digest(nil); got != "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" {
		t.Errorf("Digest(empty) = %s", got)
	}
	// Larger than writeJoined's buffer, so the flushes are exercised.
	big := Normalize(testIDs(10000, 7))
	sum = sha256.Sum256([]byte(strings.Join(big, "\n")))
	if got, want := Digest(big), hex.EncodeToString(sum[:]); got != want {
		t.Errorf("Digest(10000) = %s, want %s", got, want)
	}
}

func TestIsSorted(t *testing.T) {
	if !IsSorted(nil) || !IsSorted([]string{"a", "b"}) {
		t.Error("sorted set reported unsorted")
	}
	if IsSorted([]string{"b", "a"}) || IsSorted([]string{"a", "a"}) {
		t.Error("unsorted or repeated reported sorted")
	}
}

// Above parallelSortAbove the halves are sorted apart and merged: same result, and a
// repeat split across the halves is still found.
func TestNormalizeLargeMatchesSort(t *testing.T) {
	ids := testIDs(2*parallelSortAbove, 3)
	ids = append(ids, ids[0], ids[len(ids)-1]) // repeats, likely in the other half
	want := slices.Clone(ids)
	slices.Sort(want)
	want = slices.Compact(want)
	if got := Normalize(slices.Clone(ids)); !slices.Equal(got, want) {
		t.Fatal("Normalize differs from slices.Sort + Compact")
	}
	got, rep, err := ParseWithRepeats(fileOf(ids))
	if err != nil || rep.Lines != 2 || !slices.Equal(got, want) {
		t.Fatalf("repeats across halves: %d repeats, %v", rep.Lines, err)
	}
}
