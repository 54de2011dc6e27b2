package userattrs

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// bigCSV is a CSV file of n users, larger than splitAbove from about 20,000 users on,
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

// TestParseCSVHalvesSameUsers: a file read into a table in two halves gives every user, with
// values holding quotes and line ends intact on both sides of the split.
func TestParseCSVHalvesSameUsers(t *testing.T) {
	const n = 30000
	content := bigCSV(n, nil)
	if len(content) < splitAbove+1000 {
		t.Fatalf("the file is %d bytes: too small to be split", len(content))
	}
	table, ok := csvTable(content, "Email", bigTypes)
	if !ok {
		t.Fatal("a valid file was not read into a table")
	}
	users := table.Users()
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

// TestParseCSVHalvesProblems: problems in a file read in two halves are those of one pass:
// the line of a bad value in the second half, and a user repeated across the halves named
// with both lines.
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
		_, err := ParseTable(FormatCSV, bigCSV(n, c.line), "Email", bigTypes)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v\nwant %s", name, err, c.want)
		}
	}
}

func TestCSVSplitPoint(t *testing.T) {
	cases := map[string]int{
		"a,b\nc,d\ne,f\n":           8,  // after the first line end past the middle
		"x,y\na,\"b\nc\nd\",e\nf\n": 16, // line ends inside quotes are skipped
		"a,\"b\nc\nd\ne\n":          0,  // an unterminated quote: no split
		"abcdef\n":                  0,  // the only line end is the last byte
	}
	for s, want := range cases {
		if got := csvSplitPoint(s); got != want {
			t.Errorf("csvSplitPoint(%q) = %d, want %d", s, got, want)
		}
	}
}

// TestParseJSONLInHalves: a JSON Lines file parsed in two halves gives every user, and a
// problem in the second half is reported with the file's line number.
func TestParseJSONLInHalves(t *testing.T) {
	const n = 30000
	file := func(bad int) string {
		var b strings.Builder
		for i := range n {
			seats := fmt.Sprint(i % 50)
			if i == bad {
				seats = `"many"`
			}
			fmt.Fprintf(&b, `{"Email":"user%06d@example.com","Note":"say \"hi\"\nthen %d","Seats":%s}`+"\n", i, i, seats)
		}
		return b.String()
	}
	content := file(-1)
	if len(content) < splitAbove+1000 {
		t.Fatalf("the file is %d bytes: too small to be split", len(content))
	}
	users, err := ParseFile(FormatJSONL, content, "Email", bigTypes)
	if err != nil {
		t.Fatal(err)
	}
	if len(users) != n || users["user029999@example.com"]["Note"] != "say \"hi\"\nthen 29999" || users["user000000@example.com"]["Seats"] != "0" {
		t.Fatalf("%d users; last %q", len(users), users["user029999@example.com"])
	}
	_, err = ParseFile(FormatJSONL, file(n-3), "Email", bigTypes)
	if want := fmt.Sprintf("line %d", n-2); err == nil || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), `"Seats"`) {
		t.Fatalf("a bad value on line %d: %v", n-2, err)
	}
}

func TestLinesSplitPoint(t *testing.T) {
	cases := map[string]int{"{}\n{}\n{}\n": 6, "{}\n": 0, "{\"a\":1}": 0}
	for s, want := range cases {
		if got := linesSplitPoint(s); got != want {
			t.Errorf("linesSplitPoint(%q) = %d, want %d", s, got, want)
		}
	}
}

// TestInHalvesTaken: a large valid file does take the two-halves path (the tests above
// would pass through the one pass as well).
func TestInHalvesTaken(t *testing.T) {
	var b strings.Builder
	for i := range 30000 {
		fmt.Fprintf(&b, `{"Email":"user%06d@example.com","Seats":%d}`+"\n", i, i%50)
	}
	p := &fileParser{idProperty: "Email", types: map[string]Type{"Seats": Number},
		users: map[string]map[string]string{}, lines: map[string]int{}}
	if !p.inHalves(b.String(), linesSplitPoint, (*fileParser).parseJSONLines) || len(p.users) != 30000 {
		t.Fatalf("not parsed in halves: %d users, problems %v", len(p.users), p.err.Problems)
	}
	repeated := b.String() + `{"Email":"user000001@example.com","Seats":1}` + "\n"
	p = &fileParser{idProperty: "Email", types: map[string]Type{"Seats": Number},
		users: map[string]map[string]string{}, lines: map[string]int{}}
	if p.inHalves(repeated, linesSplitPoint, (*fileParser).parseJSONLines) || len(p.users) != 0 {
		t.Fatalf("a user repeated across the halves: taken, %d users left", len(p.users))
	}
}

// TestParseCSVHalvesUnsorted: a large file in no order is read in two halves, each sorted on
// its own core and then merged: the table holds exactly the one pass's users, and a user
// repeated across the halves is still refused (ParseFile then names both lines).
func TestParseCSVHalvesUnsorted(t *testing.T) {
	const n = 30000
	perm := rand.New(rand.NewPCG(5, 6)).Perm(n)
	line := func(i int) string {
		return fmt.Sprintf("user%06d@example.com,\"note %d\",%d\n", perm[i], i, perm[i]%50)
	}
	content := bigCSV(n, line)
	table, ok := csvTable(content, "Email", bigTypes)
	if !ok {
		t.Fatal("a valid file was not read into a table")
	}
	users, err := ParseFile(FormatCSV, content, "Email", bigTypes)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(table.Users(), users) || !slices.IsSorted(table.IDs()) {
		t.Fatal("the table is not the one pass's users, in ID order")
	}
	repeated := bigCSV(n, func(i int) string {
		if i == n-3 {
			return line(10) // the user of line 10, again in the second half
		}
		return line(i)
	})
	if _, ok := csvTable(repeated, "Email", bigTypes); ok {
		t.Fatal("a user repeated across the halves was read into a table")
	}
	if _, err := ParseTable(FormatCSV, repeated, "Email", bigTypes); err == nil || !strings.Contains(err.Error(), "is repeated: it is also on line") {
		t.Fatalf("error %v", err)
	}
}
