// Package guid owns the one rule for WalkMe GUIDs (system and segment GUIDs): what
// counts as one, the form WalkMe's URLs take, and when two name the same thing. The
// client, the provider and its caches ask it; none keeps a copy of the rule.
package guid

import "strings"

// Valid accepts a GUID, hyphenated (8-4-4-4-12) or compact (32 hex digits), in any case.
func Valid(s string) bool {
	switch len(s) {
	case 32:
		return hexOnly(s)
	case 36:
		return s[8] == '-' && s[13] == '-' && s[18] == '-' && s[23] == '-' &&
			hexOnly(s[0:8]+s[9:13]+s[14:18]+s[19:23]+s[24:36])
	}
	return false
}

// Hyphenated gives a compact (32-hex-digit) GUID its hyphens: segment URLs need them.
// Anything else is returned unchanged, case included.
func Hyphenated(s string) string {
	if len(s) != 32 || !hexOnly(s) {
		return s
	}
	return s[0:8] + "-" + s[8:12] + "-" + s[12:16] + "-" + s[16:20] + "-" + s[20:32]
}

// Key is the form in which two spellings of one GUID are equal: lower case, no hyphens.
// It is meant for map keys and comparisons, never for URLs.
func Key(s string) string { return strings.ToLower(strings.ReplaceAll(s, "-", "")) }

// Equal compares GUIDs the way WalkMe does: case-insensitively, hyphens optional.
func Equal(a, b string) bool {
	return strings.EqualFold(strings.ReplaceAll(a, "-", ""), strings.ReplaceAll(b, "-", ""))
}

func hexOnly(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if (c < '0' || c > '9') && (c < 'a' || c > 'f') && (c < 'A' || c > 'F') {
			return false
		}
	}
	return true
}
