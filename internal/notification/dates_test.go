package notification

import (
	"strings"
	"testing"
)

func TestNormalizeTimeAccepts(t *testing.T) {
	for in, want := range map[string]string{
		"2027-05-10 11:30":          "2027-05-10 11:30",
		"2027-05-10":                "2027-05-10 00:00",
		"2027-05-10T11:30:00+03:00": "2027-05-10 08:30", // WalkMe's own example: UTC+3 is 08:30 UTC
		"2027-05-10T11:30:00-02:30": "2027-05-10 14:00",
		"2027-05-10T01:30:00+03:00": "2027-05-09 22:30", // the offset moves the day back
		"2027-12-31T23:30:00-01:00": "2028-01-01 00:30", // and the year forward
		"2027-05-10T11:30:00Z":      "2027-05-10 11:30",
		"2027-05-10t11:30:00z":      "2027-05-10 11:30", // RFC 3339 allows lower case T and Z
		"2027-05-10T11:30:00.000Z":  "2027-05-10 11:30",
		"2028-02-29":                "2028-02-29 00:00", // leap year
		"2027-05-10 23:59":          "2027-05-10 23:59",
		"2027-05-10T11:30:00-00:00": "2027-05-10 11:30",
	} {
		got, err := NormalizeTime(in)
		if err != nil {
			t.Errorf("NormalizeTime(%q): %v", in, err)
			continue
		}
		if got != want {
			t.Errorf("NormalizeTime(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestParseTimeRejects(t *testing.T) {
	for in, want := range map[string]string{
		"2027-02-30":                "February 2027 has 28 days",
		"2027-02-29 10:00":          "February 2027 has 28 days",
		"2027-04-31T10:00:00Z":      "April 2027 has 30 days",
		"2027-13-01":                "month 13 does not exist",
		"2027-00-10":                "month 00 does not exist",
		"2027-05-00":                "May 2027 has 31 days",
		"2027-05-10 24:00":          "hour 24 is out of range",
		"2027-05-10 11:60":          "minute 60 is out of range",
		"2027-05-10T11:30:45+03:00": "seconds must be 00",
		"2027-05-10T11:30:00.5Z":    "seconds must be 00",
		"2027-05-10T11:30:00+24:00": "impossible offset +24:00",
		"2027-05-10T11:30:00+03:60": "impossible offset +03:60",
		"2027-05-10T11:30:00":       "has no UTC offset",
		"2027-05-10T11:30":          "has no UTC offset",
		"2027-05-10 11:30:00":       "has no UTC offset",
		"":                          "not a date in an accepted format",
		"10/05/2027":                "not a date in an accepted format",
		"2027-5-10":                 "not a date in an accepted format",
		"2027-05-10 1:30":           "not a date in an accepted format",
		" 2027-05-10":               "not a date in an accepted format",
		"2027-05-10 ":               "not a date in an accepted format",
		"2027-05-10 11:30 UTC":      "not a date in an accepted format",
		"2027-05-10T11:30:00+0300":  "not a date in an accepted format",
		"２０２７-05-10":                "not a date in an accepted format", // full-width digits
		"tomorrow":                  "not a date in an accepted format",
		"0000-01-01T00:30:00+01:00": "out of range",
		"9999-12-31T23:30:00-01:00": "out of range",
	} {
		_, err := ParseTime(in)
		if err == nil {
			t.Errorf("ParseTime(%q) succeeded, want an error containing %q", in, want)
			continue
		}
		if !strings.Contains(err.Error(), want) {
			t.Errorf("ParseTime(%q) = %q, want it to contain %q", in, err, want)
		}
		// Every message names the value, so a plan error shows what was wrong.
		if !strings.Contains(err.Error(), `"`+in+`"`) {
			t.Errorf("ParseTime(%q) error %q does not quote the value", in, err)
		}
	}
}
