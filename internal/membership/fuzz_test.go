package membership

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzParse checks the parser's contract on arbitrary files: either a sorted set of
// valid IDs that are exactly the file's distinct trimmed non-blank lines (repeats counted
// and listed by line), or an *Error whose
// problems are in line order and point at real lines.
func FuzzParse(f *testing.F) {
	f.Add([]byte("john@company.com\nmelissa@company.com\n"))
	f.Add([]byte("\uFEFF a \r\n\n\tb\t\r\na\n"))
	f.Add([]byte(strings.Repeat("x", 101) + "\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		s := string(data)
		ids, rep, err := ParseWithRepeats(s)
		lines := strings.Split(strings.TrimPrefix(s, bom), "\n")
		if err != nil {
			var e *Error
			if !errors.As(err, &e) || len(e.Problems) == 0 || len(e.Problems) > MaxProblems {
				t.Fatalf("error %v is not a bounded *Error", err)
			}
			prev := 0
			for _, p := range e.Problems {
				if p.Line < prev || p.Line < 1 || p.Line > len(lines) {
					t.Fatalf("problem %s out of order or range (%d lines)", p, len(lines))
				}
				if trimLine(lines[p.Line-1]) == "" {
					t.Fatalf("problem %s points at a blank line", p)
				}
				prev = p.Line
			}
			return
		}
		if !IsSorted(ids) {
			t.Fatalf("not a sorted set: %q", ids)
		}
		var want []string
		for _, l := range lines {
			if id := trimLine(l); id != "" {
				want = append(want, id)
			}
		}
		slices.Sort(want)
		if n := len(want); rep.Lines != n-len(slices.Compact(slices.Clone(want))) || len(rep.Listed) > MaxRepeatsListed {
			t.Fatalf("repeats %+v of %d lines", rep, n)
		}
		for _, p := range rep.Listed {
			if p.Line < 1 || p.Line > len(lines) || trimLine(lines[p.Line-1]) == "" {
				t.Fatalf("repeat %s points at no ID", p)
			}
		}
		if want = slices.Compact(want); !slices.Equal(ids, want) {
			t.Fatalf("IDs %q, want the trimmed lines %q", ids, want)
		}
		for _, id := range ids {
			if err := ValidateID(id); err != nil || !utf8.ValidString(id) || strings.ContainsAny(id, "\n") {
				t.Fatalf("accepted invalid ID %q: %v", id, err)
			}
		}
		// The canonical rendering parses to the same set, and the encoding round-trips.
		again, err := ParseString(strings.Join(ids, "\n"))
		if err != nil || !slices.Equal(again, ids) || Digest(again) != Digest(ids) {
			t.Fatalf("canonical form does not re-parse: %v", err)
		}
		enc, err := Encode(ids)
		if err != nil {
			t.Fatal(err)
		}
		dec, err := Decode(enc)
		if err != nil || !slices.Equal(dec, ids) {
			t.Fatalf("encoding does not round-trip: %v", err)
		}
	})
}
