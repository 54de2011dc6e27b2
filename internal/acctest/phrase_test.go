package acctest

import "testing"

// A diagnostic as Terraform 1.11 prints it at 80 columns: wrapped, every line behind the
// margin, and two of them, the segment's and the users', in the order they failed.
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

func TestAllPhrasesIgnoresOrderButNotAbsence(t *testing.T) {
	users := "Pushing user attributes to WalkMe failed ... 503 Service Unavailable ... Nothing was pushed."
	segment := "Cannot create segment ... 503 Service Unavailable"
	for _, c := range []struct {
		name    string
		phrases []string
		match   bool
	}{
		{"the order printed", []string{users, segment}, true},
		{"the other order", []string{segment, users}, true},
		{"three, one repeated in another diagnostic", []string{"Error: Cannot create", "Error: Pushing", "retries."}, true},
		{"one phrase missing", []string{segment, users, "Cannot delete segment"}, false},
		{"a near miss", []string{segment, "Nothing was sent."}, false},
	} {
		if got := AllPhrases(c.phrases...).MatchString(wrappedDiagnostics); got != c.match {
			t.Errorf("%s: AllPhrases(%q) matched %v, want %v", c.name, c.phrases, got, c.match)
		}
	}
}

func TestAllPhrasesRefusesMoreThanItCanOrder(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("AllPhrases accepted five phrases (120 orders)")
		}
	}()
	AllPhrases("a", "b", "c", "d", "e")
}
