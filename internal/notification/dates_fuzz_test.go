package notification

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"
)

var reWalkMeTime = regexp.MustCompile(`^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$`)

// FuzzParseTime checks ParseTime against its contract and against the standard library.
// The seed corpus is in testdata/fuzz/FuzzParseTime.
func FuzzParseTime(f *testing.F) {
	f.Add("2027-05-10T11:30:00+03:00")
	f.Fuzz(func(t *testing.T, s string) {
		got, err := ParseTime(s)
		if err != nil {
			if !strings.Contains(err.Error(), fmt.Sprintf("%q", s)) {
				t.Fatalf("ParseTime(%q): error %q does not name the value", s, err)
			}
			if reDateMinute.MatchString(s) {
				if _, perr := time.Parse(WalkMeTimeLayout, s); perr == nil {
					t.Fatalf("ParseTime(%q) rejected a time the standard library accepts: %v", s, err)
				}
			}
			return
		}
		if got.Location() != time.UTC || got.Second() != 0 || got.Nanosecond() != 0 {
			t.Fatalf("ParseTime(%q) = %v: want UTC, whole minutes", s, got)
		}
		out := FormatTime(got)
		if !reWalkMeTime.MatchString(out) {
			t.Fatalf("FormatTime(ParseTime(%q)) = %q: not WalkMe's YYYY-MM-DD hh:mm", s, out)
		}
		again, err := ParseTime(out)
		if err != nil || !again.Equal(got) {
			t.Fatalf("normalised %q -> %q does not parse back to the same instant: %v, %v", s, out, again, err)
		}
		// Independent oracle: the standard library reads the same instant.
		var want time.Time
		var perr error
		switch {
		case reDateMinute.MatchString(s):
			want, perr = time.Parse(WalkMeTimeLayout, s)
		case reDate.MatchString(s):
			want, perr = time.Parse(time.DateOnly, s)
		default:
			want, perr = time.Parse(time.RFC3339Nano, strings.ToUpper(s))
		}
		if perr != nil || !want.Equal(got) {
			t.Fatalf("ParseTime(%q) = %v, the standard library says %v, %v", s, got, want, perr)
		}
	})
}
