package acctest

import "testing"

// Diagnostics as Terraform 1.11 prints them at 80 columns: wrapped, every line behind the
// margin; two of them, the users' and the segment's.
const wrappedDiagnostics = `
╷
│ Error: Pushing user attributes to WalkMe failed
│
│   with walkme_user_attributes.fault,
│   on terraform_plugin_test.tf line 22, in resource "walkme_user_attributes" "fault":
│   22: resource "walkme_user_attributes" "fault" {
│
│ 503 Service Unavailable: the service is unavailable. Nothing was
│ pushed.
╵
╷
│ Error: Cannot create segment
│
│ WalkMe answered 503 Service Unavailable (request id 42) after 3
│ retries.
╵
`

func TestPhrasesMatchWrappedMarginedOutput(t *testing.T) {
	for _, c := range []struct {
		name    string
		phrases []string
		match   bool
	}{
		{"a sentence broken across the margin", []string{"Nothing was pushed."}, true},
		{"phrases in order", []string{"Pushing user attributes", "Nothing was pushed.", "Cannot create segment"}, true},
		{"a gap inside a phrase", []string{"Cannot create segment ... after 3 retries."}, true},
		{"phrases out of order", []string{"Cannot create segment", "Pushing user attributes"}, false},
		{"a near miss: one word differs", []string{"Nothing was sent."}, false},
		{"a near miss: words run together", []string{"Nothingwas pushed."}, false},
		{"punctuation is literal", []string{"request id (42)"}, false},
		{"a gap never spans a phrase's words", []string{"Service Unavailable: Nothing was pushed."}, false},
	} {
		if got := Phrases(c.phrases...).MatchString(wrappedDiagnostics); got != c.match {
			t.Errorf("%s: Phrases(%q) matched %v, want %v", c.name, c.phrases, got, c.match)
		}
	}
}
