package notification

import (
	"fmt"
	"regexp"
	"strconv"
	"time"
)

// WalkMeTimeLayout is the form WalkMe documents for startAt and endAt: minutes, UTC.
const WalkMeTimeLayout = "2006-01-02 15:04"

// AcceptedDateFormats describes, for error messages, the forms ParseTime accepts.
const AcceptedDateFormats = `"YYYY-MM-DD hh:mm" (UTC), "YYYY-MM-DD" (00:00 UTC) or RFC 3339 with an offset such as "2027-05-10T11:30:00+03:00"`

// The three accepted forms. \d is ASCII-only in Go's regexp, so no other digits slip in.
var (
	reDate       = regexp.MustCompile(`^(\d{4})-(\d{2})-(\d{2})$`)
	reDateMinute = regexp.MustCompile(`^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2})$`)
	reRFC3339    = regexp.MustCompile(`^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$`)
	reNoOffset   = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$`)
)

// ParseTime parses a start or end date as the provider accepts it and returns the
// instant in UTC. It is strict: impossible dates (2027-02-30), out-of-range times and
// seconds other than zero are errors, because WalkMe schedules to the minute and the
// provider must not round a user's value silently.
func ParseTime(s string) (time.Time, error) {
	if m := reDateMinute.FindStringSubmatch(s); m != nil {
		return build(s, m[1], m[2], m[3], m[4], m[5], "00", "", "")
	}
	if m := reDate.FindStringSubmatch(s); m != nil {
		return build(s, m[1], m[2], m[3], "00", "00", "00", "", "")
	}
	if m := reRFC3339.FindStringSubmatch(s); m != nil {
		return build(s, m[1], m[2], m[3], m[4], m[5], m[6], m[7], m[8])
	}
	if reNoOffset.MatchString(s) {
		return time.Time{}, fmt.Errorf("%q has no UTC offset: write RFC 3339 with an offset (\"2027-05-10T11:30:00+03:00\", or \"Z\" for UTC) or \"YYYY-MM-DD hh:mm\" in UTC", s)
	}
	return time.Time{}, fmt.Errorf("%q is not a date in an accepted format: %s", s, AcceptedDateFormats)
}

// FormatTime renders t as WalkMe's "YYYY-MM-DD hh:mm" in UTC.
func FormatTime(t time.Time) string {
	return t.UTC().Format(WalkMeTimeLayout)
}

// NormalizeTime parses s and renders it as WalkMe's "YYYY-MM-DD hh:mm" in UTC.
func NormalizeTime(s string) (string, error) {
	t, err := ParseTime(s)
	if err != nil {
		return "", err
	}
	return FormatTime(t), nil
}

func build(s, year, month, day, hour, minute, second, fraction, offset string) (time.Time, error) {
	y, mo, d := atoi(year), atoi(month), atoi(day)
	h, mi, sec := atoi(hour), atoi(minute), atoi(second)
	if mo < 1 || mo > 12 {
		return time.Time{}, fmt.Errorf("%q is not a date: month %s does not exist", s, month)
	}
	if n := daysIn(time.Month(mo), y); d < 1 || d > n {
		return time.Time{}, fmt.Errorf("%q is not a date: %s %d has %d days", s, time.Month(mo), y, n)
	}
	if h > 23 {
		return time.Time{}, fmt.Errorf("%q is not a time: hour %s is out of range 00-23", s, hour)
	}
	if mi > 59 {
		return time.Time{}, fmt.Errorf("%q is not a time: minute %s is out of range 00-59", s, minute)
	}
	if sec != 0 || !allZeroFraction(fraction) {
		return time.Time{}, fmt.Errorf("%q has seconds: WalkMe schedules to the minute, so the seconds must be 00", s)
	}
	loc := time.UTC
	if offset != "" && offset != "Z" && offset != "z" {
		oh, om := atoi(offset[1:3]), atoi(offset[4:6])
		if oh > 23 || om > 59 {
			return time.Time{}, fmt.Errorf("%q has an impossible offset %s", s, offset)
		}
		secs := oh*3600 + om*60
		if offset[0] == '-' {
			secs = -secs
		}
		loc = time.FixedZone(offset, secs)
	}
	t := time.Date(y, time.Month(mo), d, h, mi, 0, 0, loc).UTC()
	// An offset can push year 0000 or 9999 out of the four-digit form WalkMe expects.
	if t.Year() < 1 || t.Year() > 9999 {
		return time.Time{}, fmt.Errorf("%q is out of range: the UTC year must be between 0001 and 9999", s)
	}
	return t, nil
}

// atoi is only called on strings the regexps matched as ASCII digits.
func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}

func daysIn(m time.Month, year int) int {
	return time.Date(year, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

func allZeroFraction(f string) bool {
	for _, c := range f {
		if c != '.' && c != '0' {
			return false
		}
	}
	return true
}
