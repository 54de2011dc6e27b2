package guid

import (
	"regexp"
	"testing"
)

// The rule the client used to hold as regular expressions: Valid must agree with it.
var (
	hyphenated = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)
	compact    = regexp.MustCompile(`^[0-9a-fA-F]{32}$`)
)

var samples = []string{
	"", "x", "12345aeb-123c-4d83-8b38-a5a456789d0a", "12345AEB123C4D838B38A5A456789D0A",
	"12345aeb123c4d838b38a5a456789d0a", "12345aeb-123c-4d83-8b38-a5a456789d0", "12345aeb-123c-4d83-8b38-a5a456789d0a0",
	"12345aeb-123c4-d83-8b38-a5a456789d0a", "12345aeb_123c_4d83_8b38_a5a456789d0a", "g2345aeb-123c-4d83-8b38-a5a456789d0a",
	"12345aeb123c4d838b38a5a456789d0a\n", " 12345aeb123c4d838b38a5a456789d0a", "12345aeb123c4d838b38a5a456789d0é",
	"--------------------------------", "12345aeb-123c-4d83-8b38-a5a456789-0a",
}

func TestValid_agreesWithTheRegularExpressions(t *testing.T) {
	for _, s := range samples {
		if got, want := Valid(s), hyphenated.MatchString(s) || compact.MatchString(s); got != want {
			t.Errorf("Valid(%q) = %v, want %v", s, got, want)
		}
	}
}

func FuzzValid(f *testing.F) {
	for _, s := range samples {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := Valid(s), hyphenated.MatchString(s) || compact.MatchString(s); got != want {
			t.Errorf("Valid(%q) = %v, want %v", s, got, want)
		}
	})
}

func TestHyphenated(t *testing.T) {
	for in, want := range map[string]string{
		"12345AEB123C4D838B38A5A456789D0A":     "12345AEB-123C-4D83-8B38-A5A456789D0A",
		"12345aeb-123c-4d83-8b38-a5a456789d0a": "12345aeb-123c-4d83-8b38-a5a456789d0a",
		"not-a-guid":                           "not-a-guid",
		"12345aeb123c4d838b38a5a456789d0g":     "12345aeb123c4d838b38a5a456789d0g",
	} {
		if got := Hyphenated(in); got != want {
			t.Errorf("Hyphenated(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestKeyAndEqual(t *testing.T) {
	a, b := "12345AEB123C4D838B38A5A456789D0A", "12345aeb-123c-4d83-8b38-a5a456789d0a"
	if Key(a) != Key(b) || !Equal(a, b) {
		t.Errorf("%q and %q must be one GUID: keys %q, %q", a, b, Key(a), Key(b))
	}
	if c := "22345aeb-123c-4d83-8b38-a5a456789d0a"; Key(a) == Key(c) || Equal(a, c) {
		t.Errorf("%q and %q must differ", a, c)
	}
}

func TestValid(t *testing.T) {
	for s, want := range map[string]bool{
		"12345aeb-123c-4d83-8b38-a5a456789d0a": true,
		"12345AEB123C4D838B38A5A456789D0A":     true,
		"12345aeb-123c-4d83-8b38-a5a456789d0":  false,
		"12345aeb-123c-4d83-8b38-a5a456789d0g": false,
		"12345aeb--123c4d83-8b38-a5a456789d0a": false,
		"":                                     false,
	} {
		if got := Valid(s); got != want {
			t.Errorf("Valid(%q) = %v", s, got)
		}
	}
}
