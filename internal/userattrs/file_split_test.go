package userattrs

import (
	"fmt"
	"strings"
	"testing"
)

// bigCSV is a CSV file of n users, larger than splitCSVAbove from about 20,000 users on,
// whose Note values hold quotes, commas and line ends (RFC 4180 quoting).
func bigCSV(n int, line func(i int) string) string {
	var b strings.Builder
	b.WriteString("Email,Note,Seats\n")
	for i := range n {
		if line != nil {
			if s := line(i); s != "" {
				b.WriteString(s)
				continue
			}
		}
		fmt.Fprintf(&b, "user%06d@example.com,\"say \"\"hi\"\",\nthen, a new line %d\",%d\n", i, i, i%50)
	}
	return b.String()
}

var bigTypes = map[string]string{"Note": "string", "Seats": "number"}

// TestParseCSVHalvesSameUsers: a file parsed in two halves gives every user, with values
// holding quotes and line ends intact on both sides of the split.
func TestParseCSVHalvesSameUsers(t *testing.T) {
	const n = 30000
	content := bigCSV(n, nil)
	if len(content) < splitCSVAbove+1000 {
		t.Fatalf("the file is %d bytes: too small to be split", len(content))
	}
	users, err := ParseFile(FormatCSV, content, "Email", bigTypes)
	if err != nil {
		t.Fatal(err)
	}
	if len(users) != n {
		t.Fatalf("%d users, want %d", len(users), n)
	}
	for _, i := range []int{0, n/2 - 1, n / 2, n/2 + 1, n - 1} {
		id := fmt.Sprintf("user%06d@example.com", i)
		want := map[string]string{"Note": fmt.Sprintf("say \"hi\",\nthen, a new line %d", i), "Seats": fmt.Sprint(i % 50)}
		if got := users[id]; fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("%s: %q, want %q", id, got, want)
		}
	}
}

// TestParseCSVHalvesProblems: problems in a split file are those of one pass: the line of a
// bad value in the second half, and a user repeated across the halves named with both lines.
func TestParseCSVHalvesProblems(t *testing.T) {
	const n = 30000
	// Every record takes two lines (the Note holds a line end); the header is line 1.
	lineOf := func(i int) int { return 2 + 2*i }
	cases := map[string]struct {
		line func(i int) string
		want string
	}{
		"bad value in the second half": {func(i int) string {
			if i == n-10 {
				return fmt.Sprintf("user%06d@example.com,\"x\ny\",many\n", i)
			}
			return ""
		}, fmt.Sprintf(`line %d, column 3 ("Seats"): "many": attribute "Seats" is a number`, lineOf(n-10))},
		"user repeated across the halves": {func(i int) string {
			if i == n-5 {
				return "user000003@example.com,\"x\ny\",1\n"
			}
			return ""
		}, fmt.Sprintf(`line %d: user ID "user000003@example.com" is repeated: it is also on line %d`, lineOf(n-5), lineOf(3))},
		"bare quote in the first half": {func(i int) string {
			if i == 100 {
				return "user000100@example.com,a\"b,1\n"
			}
			return ""
		}, fmt.Sprintf(`line %d, column 25: bare " in non-quoted-field`, lineOf(100))},
	}
	for name, c := range cases {
		_, err := ParseFile(FormatCSV, bigCSV(n, c.line), "Email", bigTypes)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v\nwant %s", name, err, c.want)
		}
	}
}

func TestSplitPoint(t *testing.T) {
	cases := map[string]int{
		"a,b\nc,d\ne,f\n":           8,  // after the first line end past the middle
		"x,y\na,\"b\nc\nd\",e\nf\n": 16, // line ends inside quotes are skipped
		"a,\"b\nc\nd\ne\n":          0,  // an unterminated quote: no split
		"abcdef\n":                  0,  // the only line end is the last byte
	}
	for s, want := range cases {
		if got := splitPoint(s); got != want {
			t.Errorf("splitPoint(%q) = %d, want %d", s, got, want)
		}
	}
}
