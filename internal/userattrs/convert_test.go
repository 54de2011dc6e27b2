package userattrs

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestParseType(t *testing.T) {
	for _, name := range []string{"string", "number", "date"} {
		if got, err := ParseType(name); err != nil || string(got) != name {
			t.Errorf("ParseType(%q) = %q, %v", name, got, err)
		}
	}
	for _, name := range []string{"", "String", "NUMBER", "integer", "datetime", " date"} {
		_, err := ParseType(name)
		if err == nil || !strings.Contains(err.Error(), `"`+name+`"`) {
			t.Errorf("ParseType(%q) error = %v, want one naming the value", name, err)
		}
	}
}

func TestConvertNumber(t *testing.T) {
	good := []string{"0", "-0", "7", "1200", "-3.5", "0.25", "1.5e3", "1E-2", "2e+10", "-0.0e0",
		"123456789012345678901234567890", "3.14159265358979323846264338327950288", "1e-400", "1.7976931348623157e308"}
	for _, s := range good {
		v, err := Convert(Number, s)
		if err != nil {
			t.Errorf("Convert(number, %q): %v", s, err)
			continue
		}
		// The literal reaches the wire unchanged, as a JSON number (no quotes, no rounding).
		b, err := json.Marshal(map[string]any{"n": v})
		if err != nil || string(b) != `{"n":`+s+`}` {
			t.Errorf("Convert(number, %q) marshals to %s, %v", s, b, err)
		}
	}
	bad := []string{"", " 1", "1 ", "+1", "01", "-01", "1.", ".5", "-", "0x10", "0X1F", "1_000", "1,5",
		"NaN", "nan", "Inf", "-Infinity", "infinity", "1e", "1e+", "1e-", "--1", "1.2.3", "1e5.5", "١٢",
		"1e400", "-1e400", "2e308", "12k", "true", "null"}
	for _, s := range bad {
		if v, err := Convert(Number, s); err == nil {
			t.Errorf("Convert(number, %q) = %v, want an error", s, v)
		}
	}
}

func TestConvertDate(t *testing.T) {
	for _, s := range []string{"2027-01-31", "2024-02-29", "2000-02-29", "1999-12-31", "0001-01-01"} {
		v, err := Convert(Date, s)
		if err != nil || v != s {
			t.Errorf("Convert(date, %q) = %v, %v", s, v, err)
		}
	}
	for _, s := range []string{"", "2023-02-29", "1900-02-29", "2027-04-31", "2027-13-01", "2027-00-10",
		"2027-01-00", "2027-1-31", "27-01-31", "2027-01-31T00:00:00Z", " 2027-01-31", "2027-01-31 ",
		"2027/01/31", "31.01.2027", "+027-01-31", "2027-01-3a", "２０２７-01-31"} {
		if v, err := Convert(Date, s); err == nil {
			t.Errorf("Convert(date, %q) = %v, want an error", s, v)
		}
	}
}

func TestConvertString(t *testing.T) {
	for _, s := range []string{"", "New", "null", " spaced ", "日本語", "2027-01-31", "12"} {
		v, err := Convert(String, s)
		if err != nil || v != s {
			t.Errorf("Convert(string, %q) = %#v, %v", s, v, err)
		}
	}
	if _, err := Convert(Type("integer"), "1"); err == nil {
		t.Error("Convert with an unknown type succeeded")
	}
}

// TestCheckShortcutsMatchParsing: checkDate and checkNumber skip time.Parse and
// strconv.ParseFloat where the answer cannot depend on them; every month and day of leap and
// common years, and numbers around the length where parsing starts, get the parsers' answer.
func TestCheckShortcutsMatchParsing(t *testing.T) {
	for _, y := range []string{"0000", "1900", "2000", "2023", "2024", "9999"} {
		for m := range 100 {
			for d := range 100 {
				s := fmt.Sprintf("%s-%02d-%02d", y, m, d)
				_, perr := time.Parse(time.DateOnly, s)
				if err := checkDate(s); (err == nil) != (perr == nil) {
					t.Fatalf("checkDate(%q) = %v, time.Parse: %v", s, err, perr)
				}
			}
		}
	}
	digits := func(n int) string { return "1" + strings.Repeat("0", n-1) }
	for _, s := range []string{digits(maxPlainDigits), "-" + digits(maxPlainDigits-1), digits(maxPlainDigits-2) + ".5",
		digits(308), digits(309), digits(310), "-" + digits(309), digits(309) + ".0", "1e308", "1e309", "1e-400", "0.0"} {
		f, perr := strconv.ParseFloat(s, 64)
		want := perr == nil || !math.IsInf(f, 0)
		if err := checkNumber(s); (err == nil) != want {
			t.Errorf("checkNumber(%d characters, %.12s…) = %v, want accepted = %v", len(s), s, err, want)
		}
	}
}
