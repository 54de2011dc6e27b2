package acctest

import (
	"regexp"
	"strings"
)

// Terraform prints a diagnostic wrapped at the terminal width, each line behind a "│ "
// margin, so a sentence of the provider's may reach a test broken across lines at any
// space. A test names the phrases it expects; the matchers below find them however the
// CLI broke the lines. They are the suite's one way to expect text in Terraform's output.

// wordGap is what may stand between two words of a phrase: white space and the margin.
const wordGap = `[\s│]+`

// phrasePattern is one phrase as a pattern: its words, quoted, joined by wordGap; " ... "
// inside a phrase matches anything.
func phrasePattern(phrase string) string {
	parts := strings.Split(phrase, " ... ")
	for i, part := range parts {
		words := strings.Fields(part)
		for j, w := range words {
			words[j] = regexp.QuoteMeta(w)
		}
		parts[i] = strings.Join(words, wordGap)
	}
	return strings.Join(parts, ".*")
}

// Phrases matches text that holds the phrases in this order, with anything between them,
// for TestStep.ExpectError or for output a test captured itself.
//
// The diagnostics of resources applied concurrently come in a fixed order too: Terraform
// and OpenTofu sort diagnostics by their place in the configuration before printing them
// (tfdiags.Diagnostics.Sort), so a test names them in the order of its configuration. No
// any-order matcher is needed, and a regexp could not be one without an alternative per
// order: Go's regexp has neither lookahead nor intersection.
func Phrases(phrases ...string) *regexp.Regexp {
	pats := make([]string, len(phrases))
	for i, p := range phrases {
		pats[i] = phrasePattern(p)
	}
	return regexp.MustCompile(`(?s)` + strings.Join(pats, ".*"))
}
