package membership

import (
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// validInline is an independent statement of the inline ID rules: non-empty valid UTF-8 of
// at most MaxIDLength runes, no control character, and nothing invisible at either end.
func validInline(id string) bool {
	if id == "" || !utf8.ValidString(id) || utf8.RuneCountInString(id) > MaxIDLength {
		return false
	}
	invisible := func(r rune) bool { return unicode.IsSpace(r) || unicode.Is(unicode.Cf, r) }
	rs := []rune(id)
	if invisible(rs[0]) || invisible(rs[len(rs)-1]) {
		return false
	}
	return !slices.ContainsFunc(rs, unicode.IsControl)
}

// FuzzValidateID checks inline user ID validation against validInline, and that every
// rejection quotes (a prefix of) the value it rejects.
func FuzzValidateID(f *testing.F) {
	for _, s := range []string{"john@company.com", "", " john", "john\u200b", strings.Repeat("é", 100),
		strings.Repeat("é", 101), "a\tb", "\xff", "Ünïcødé 用户"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, id string) {
		err := ValidateID(id)
		if want := validInline(id); (err == nil) != want {
			t.Fatalf("ValidateID(%q) = %v, want valid=%v", id, err, want)
		}
		if err != nil && !strings.Contains(err.Error(), strings.TrimSuffix(Quote(id), "…")) {
			t.Fatalf("error %q does not quote the value %q", err, id)
		}
	})
}

// FuzzNormalize checks that an inline membership (IDs separated by NUL in the fuzz input)
// normalises to the sorted set of its IDs, whatever their order and repeats.
func FuzzNormalize(f *testing.F) {
	f.Add("b\x00a\x00b")
	f.Add("john@company.com\x00melissa@company.com\x00john@company.com")
	f.Add("")
	f.Fuzz(func(t *testing.T, joined string) {
		ids := strings.Split(joined, "\x00")
		set := map[string]bool{}
		for _, id := range ids {
			set[id] = true
		}
		got := Normalize(slices.Clone(ids))
		if !IsSorted(got) || len(got) != len(set) {
			t.Fatalf("Normalize(%q) = %q: not the sorted set of %d IDs", ids, got, len(set))
		}
		for _, id := range got {
			if !set[id] {
				t.Fatalf("Normalize(%q) invented %q", ids, id)
			}
		}
		if Digest(got) != Digest(Normalize(slices.Clone(got))) {
			t.Fatal("the digest of a normalised set changes when normalised again")
		}
	})
}
