package acctest

import (
	"fmt"
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
func Phrases(phrases ...string) *regexp.Regexp {
	pats := make([]string, len(phrases))
	for i, p := range phrases {
		pats[i] = phrasePattern(p)
	}
	return regexp.MustCompile(`(?s)` + strings.Join(pats, ".*"))
}

// maxAnyOrder bounds AllPhrases: its pattern has one alternative per order.
const maxAnyOrder = 4

// AllPhrases matches text that holds every phrase, in any order: Terraform reports the
// diagnostics of resources applied concurrently in no fixed order.
//
// TestStep.ExpectError takes only a *regexp.Regexp, and Go's regexp has neither lookahead
// nor intersection, so "all of these, in any order" is one alternative per order. The
// alternatives share their compiled phrases, and more than four phrases (24 orders) are
// refused: a test that expects more diagnostics should check them in its own code.
func AllPhrases(phrases ...string) *regexp.Regexp {
	if len(phrases) > maxAnyOrder {
		panic(fmt.Sprintf("AllPhrases: %d phrases, at most %d", len(phrases), maxAnyOrder))
	}
	pats := make([]string, len(phrases))
	for i, p := range phrases {
		pats[i] = phrasePattern(p)
	}
	var orders []string
	var permute func(order []string, rest []string)
	permute = func(order, rest []string) {
		if len(rest) == 0 {
			orders = append(orders, strings.Join(order, ".*"))
			return
		}
		for i := range rest {
			others := append(append([]string{}, rest[:i]...), rest[i+1:]...)
			permute(append(order[:len(order):len(order)], rest[i]), others)
		}
	}
	permute(nil, pats)
	return regexp.MustCompile(`(?s)(?:` + strings.Join(orders, "|") + `)`)
}
