package membership

import (
	"math/rand/v2"
	"strconv"
	"strings"
)

var (
	firstNames = []string{"john", "mary", "anna", "peter", "li", "mohammed", "olga", "juan", "sara", "david", "emma", "noah", "liam", "ava", "mia", "lucas", "chloe", "ethan", "zoé", "omar"}
	lastNames  = []string{"smith", "johnson", "garcia", "müller", "kim", "nguyen", "cohen", "rossi", "silva", "ivanov", "tanaka", "brown", "lee", "martin", "dubois", "novak", "kowalski", "haddad", "singh", "jones"}
	domains    = []string{"company.com", "walkme.com", "example.org", "corp.example.net", "subsidiary.co.uk"}
)

// testIDs returns n distinct, realistic user IDs (e-mail addresses, ~30 characters) in
// random order, the same for the same seed.
func testIDs(n int, seed uint64) []string {
	r := rand.New(rand.NewPCG(seed, 1))
	ids := make([]string, n)
	var b strings.Builder
	for i := range ids {
		b.Reset()
		b.WriteString(firstNames[r.IntN(len(firstNames))])
		b.WriteByte('.')
		b.WriteString(lastNames[r.IntN(len(lastNames))])
		b.WriteString(strconv.Itoa(r.IntN(1000)))
		b.WriteByte('.')
		b.WriteString(strconv.Itoa(i))
		b.WriteByte('@')
		b.WriteString(domains[r.IntN(len(domains))])
		ids[i] = b.String()
	}
	return ids
}

// fileOf renders ids as a membership file.
func fileOf(ids []string) string { return strings.Join(ids, "\n") + "\n" }
