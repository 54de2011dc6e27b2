package userattrs

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
)

// TestParseTableIsParseFile: for random valid CSV files (columns in any order, empty cells,
// quoted commas, quotes and line ends, IDs in any order, BOM, CRLF), the table holds exactly
// ParseFile's users, and its canonical and stored forms are those of the users as maps.
func TestParseTableIsParseFile(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	values := map[string][]string{
		"Status":       {"Active", "a, b", `say "hi"`, "two\nlines", "x"},
		"ARR":          {"0", "-1.5", "1200", "1e3", "12345678901234567890"},
		"RenewalDate":  {"2027-01-31", "2024-02-29", "2000-12-01"},
		"account.tier": {"gold", "", "silver"},
	}
	quote := func(v string) string {
		if strings.ContainsAny(v, ",\"\n") || rng.IntN(4) == 0 {
			return `"` + strings.ReplaceAll(v, `"`, `""`) + `"`
		}
		return v
	}
	compared := 0
	for i := range 300 {
		cols := []string{"Email"}
		for _, c := range []string{"Status", "ARR", "RenewalDate", "account.tier"} {
			if rng.IntN(4) > 0 {
				cols = append(cols, c)
			}
		}
		rng.Shuffle(len(cols), func(a, b int) { cols[a], cols[b] = cols[b], cols[a] })
		eol := []string{"\n", "\r\n"}[rng.IntN(2)]
		var b strings.Builder
		if rng.IntN(3) == 0 {
			b.WriteString("\uFEFF")
		}
		b.WriteString(strings.Join(cols, ",") + eol)
		ids := rng.Perm(rng.IntN(60))
		for _, id := range ids {
			cells := make([]string, len(cols))
			some := false
			for c, col := range cols {
				if col == "Email" {
					cells[c] = fmt.Sprintf("user%02d@example.com", id)
					continue
				}
				if v := values[col][rng.IntN(len(values[col]))]; v != "" && rng.IntN(5) > 0 {
					cells[c], some = quote(v), true
				}
			}
			if !some && len(cols) > 1 {
				c := 1 + rng.IntN(len(cols)-1)
				if cols[c] == "Email" {
					c = 0
				}
				cells[c] = quote(values[cols[c]][0])
			}
			b.WriteString(strings.Join(cells, ",") + eol)
		}
		content := b.String()
		users, err := ParseFile(FormatCSV, content, "Email", fileTypes)
		if err != nil {
			continue // the rules' own tests cover problems; here only valid files compare
		}
		table, ok := csvTable(content, "Email", fileTypes)
		if !ok {
			t.Fatalf("case %d: a valid file was not read into a table:\n%s", i, content)
		}
		if got := table.Users(); !reflect.DeepEqual(got, users) {
			t.Fatalf("case %d:\n%s\ntable %v\nmaps  %v", i, content, got, users)
		}
		if table.Digest() != Digest(users) {
			t.Fatalf("case %d: digest %s, of the maps %s", i, table.Digest(), Digest(users))
		}
		got, _ := table.Encode()
		want, _ := Encode(users)
		if !bytes.Equal(got, want) {
			t.Fatalf("case %d: stored forms differ", i)
		}
		compared++
	}
	if compared < 200 {
		t.Fatalf("only %d valid files of 300", compared)
	}
}

// TestCSVTableRefusesRepeatedIDs: a user repeated in the file, in order or not, is left to
// ParseFile, which names both lines.
func TestCSVTableRefusesRepeatedIDs(t *testing.T) {
	for _, content := range []string{"Email,Status\na,x\na,y\nb,z\n", "Email,Status\nb,x\na,y\nb,z\n"} {
		if _, ok := csvTable(content, "Email", fileTypes); ok {
			t.Errorf("%q: read into a table", content)
		}
		if _, err := ParseTable(FormatCSV, content, "Email", fileTypes); err == nil || !strings.Contains(err.Error(), "is repeated: it is also on line") {
			t.Errorf("%q: %v", content, err)
		}
	}
}

// TestTableOfKeepsEveryUser: users as maps survive a table, an empty value apart from no
// value, and a user without attributes.
func TestTableOfKeepsEveryUser(t *testing.T) {
	users := map[string]map[string]string{"b": {"x": "", "y": "1"}, "a": {"y": "2"}, "c": {}}
	table := TableOf(users)
	if got := table.Users(); !reflect.DeepEqual(got, users) {
		t.Fatalf("got %v, want %v", got, users)
	}
	if ids := table.IDs(); !reflect.DeepEqual(ids, []string{"a", "b", "c"}) {
		t.Fatalf("IDs %v", ids)
	}
	if i, ok := table.Find("b"); !ok || !reflect.DeepEqual(table.User(i), users["b"]) {
		t.Fatalf("Find(b) = %d, %v", i, ok)
	}
	if _, ok := table.Find("d"); ok {
		t.Fatal("found d")
	}
}
