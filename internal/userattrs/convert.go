// Package userattrs turns a declared set of user attributes into End User Update API
// requests: typed value conversion, nested records for dotted property names, validation of
// the API's limits, and the change plan that makes WalkMe end up exactly as declared despite
// the API's rule that a request with several users deletes the fields it leaves out while a
// request with one user keeps them.
//
// It imports nothing from Terraform; internal/provider maps its results to diagnostics.
package userattrs

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"
)

const (
	// MaxRecordsPerRequest is the End User Update API's limit of records in one request.
	MaxRecordsPerRequest = 100
	// MaxAttributes is WalkMe's limit of attributes across all incoming integrations of an
	// account, so no single integration can declare more.
	MaxAttributes = 100
)

// Type is a property type of an End User Update integration.
type Type string

// The property types WalkMe supports.
const (
	String Type = "string"
	Number Type = "number"
	Date   Type = "date"
)

// TypeNames lists the accepted type names, for messages and docs.
const TypeNames = `"string", "number" or "date"`

// ParseType accepts exactly the lower-case names, so that the configuration has one spelling
// per type and a typo is caught at plan time instead of being sent.
func ParseType(name string) (Type, error) {
	switch t := Type(name); t {
	case String, Number, Date:
		return t, nil
	}
	return "", fmt.Errorf("unknown attribute type %q: use %s", name, TypeNames)
}

// Convert turns a configured string into the JSON value WalkMe expects for the type:
// a string as is, a number as a JSON number literal (json.Number, so no precision is lost on
// the way), a date as its validated YYYY-MM-DD string. It never returns nil.
func Convert(t Type, value string) (any, error) {
	if err := Check(t, value); err != nil {
		return nil, err
	}
	if t == Number {
		return json.Number(value), nil
	}
	return value, nil
}

// Check is Convert without the converted value: parsing a file checks a million cells and
// keeps them as strings, so boxing each value would only cost allocations.
func Check(t Type, value string) error {
	switch t {
	case String:
		return nil
	case Number:
		return checkNumber(value)
	case Date:
		return checkDate(value)
	}
	return fmt.Errorf("unknown attribute type %q: use %s", string(t), TypeNames)
}

var errNumberSyntax = errors.New(`not a decimal number: write it as JSON does, e.g. "1200", "-3.5" or "1.5e3" ` +
	`(no "+", leading zeros, hex, spaces, NaN or Infinity)`)

// checkNumber accepts exactly JSON's number grammar and rejects values beyond float64's
// range, which WalkMe could only store as infinity.
func checkNumber(s string) error {
	i, n := 0, len(s)
	if i < n && s[i] == '-' {
		i++
	}
	switch {
	case i < n && s[i] == '0':
		i++
	case i < n && s[i] >= '1' && s[i] <= '9':
		i = skipDigits(s, i)
	default:
		return errNumberSyntax
	}
	if i < n && s[i] == '.' {
		j := skipDigits(s, i+1)
		if j == i+1 {
			return errNumberSyntax
		}
		i = j
	}
	exponent := i < n && (s[i] == 'e' || s[i] == 'E')
	if exponent {
		i++
		if i < n && (s[i] == '+' || s[i] == '-') {
			i++
		}
		j := skipDigits(s, i)
		if j == i {
			return errNumberSyntax
		}
		i = j
	}
	if i != n {
		return errNumberSyntax
	}
	if !exponent && n <= maxPlainDigits { // far below float64's range: nothing to parse
		return nil
	}
	if _, err := strconv.ParseFloat(s, 64); err != nil {
		var ne *strconv.NumError
		if errors.As(err, &ne) && errors.Is(ne.Err, strconv.ErrRange) {
			f, _ := strconv.ParseFloat(s, 64)
			if f > 1 || f < -1 { // overflow; an underflow to zero is only a rounding
				return errors.New("number out of range: WalkMe stores numbers as 64-bit floating point")
			}
			return nil
		}
		return errNumberSyntax
	}
	return nil
}

// maxPlainDigits is the longest number without an exponent that checkNumber accepts
// without parsing it: float64 reaches 1.8e308, so 300 characters cannot overflow it, and
// without an exponent nothing underflows. Users files hold hundreds of thousands of numbers.
const maxPlainDigits = 300

func skipDigits(s string, i int) int {
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	return i
}

// checkDate accepts YYYY-MM-DD naming a real calendar day.
func checkDate(s string) error {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' || skipDigits(s[:4], 0) != 4 ||
		skipDigits(s[5:7], 0) != 2 || skipDigits(s[8:], 0) != 2 {
		return errors.New(`not a date in the form YYYY-MM-DD, e.g. "2027-01-31"`)
	}
	if m, d := s[5:7], s[8:]; m >= "01" && m <= "12" && d >= "01" && d <= "28" {
		return nil // a day of every month: no calendar needed (most dates, in a users file)
	}
	if _, err := time.Parse(time.DateOnly, s); err != nil {
		return errors.New("not a calendar date (month 01-12, day within the month)")
	}
	return nil
}
