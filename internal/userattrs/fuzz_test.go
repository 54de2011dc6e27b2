package userattrs

import (
	"encoding/json"
	"math"
	"regexp"
	"strconv"
	"testing"
	"time"
)

var (
	jsonNumber = regexp.MustCompile(`^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$`)
	isoDate    = regexp.MustCompile(`^[0-9]{4}-[0-9]{2}-[0-9]{2}$`)
)

// FuzzConvert checks Convert against independent definitions: JSON's number grammar within
// float64's range, and a YYYY-MM-DD string that is a real day. Whatever it accepts must
// marshal to valid JSON that is never null and carries the value unchanged.
func FuzzConvert(f *testing.F) {
	for _, s := range []string{"1200", "-3.5", "1.5e3", "01", "+1", "NaN", "0x1F", "1e400", "1e-400",
		"2027-01-31", "2023-02-29", "2027-1-31", "", " 1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, err := Convert(Number, s)
		fl, perr := strconv.ParseFloat(s, 64)
		wantNumber := jsonNumber.MatchString(s) && (perr == nil || !math.IsInf(fl, 0))
		if (err == nil) != wantNumber {
			t.Fatalf("Convert(number, %q) error = %v, want accepted = %v", s, err, wantNumber)
		}
		if err == nil {
			b, merr := json.Marshal([]any{v})
			if merr != nil || string(b) != "["+s+"]" {
				t.Fatalf("number %q marshals to %s, %v", s, b, merr)
			}
		}

		v, err = Convert(Date, s)
		_, terr := time.Parse(time.DateOnly, s)
		wantDate := isoDate.MatchString(s) && terr == nil
		if (err == nil) != wantDate {
			t.Fatalf("Convert(date, %q) error = %v, want accepted = %v", s, err, wantDate)
		}
		if err == nil && v != s {
			t.Fatalf("date %q became %v", s, v)
		}

		v, err = Convert(String, s)
		if err != nil || v != s {
			t.Fatalf("Convert(string, %q) = %v, %v", s, v, err)
		}
	})
}
