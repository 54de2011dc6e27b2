package acctest

import "github.com/hashicorp/terraform-plugin-testing/knownvalue"

// StringList is a known-value check for a list of exactly these strings, in this order:
// the samples a plan shows of IDs added, removed or changed.
func StringList(values ...string) knownvalue.Check {
	checks := make([]knownvalue.Check, len(values))
	for i, v := range values {
		checks[i] = knownvalue.StringExact(v)
	}
	return knownvalue.ListExact(checks)
}
