package userattrs

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"
)

var fileTypes = map[string]string{"Status": "string", "ARR": "number", "RenewalDate": "date", "account.tier": "string"}

func TestParseFileCSV(t *testing.T) {
	// BOM, CRLF, RFC 4180 quoting (a comma, a quote and a line break inside cells), an
	// empty cell (no value), columns in any order.
	content := "\uFEFFStatus,Email,ARR,account.tier\r\n" +
		"\"New, really\",john@walkme.com,1200,gold\r\n" +
		"\"say \"\"hi\"\"\",bill@walkme.com,,\"multi\nline\"\r\n"
	got, err := ParseFile(FormatCSV, content, "Email", fileTypes)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]map[string]string{
		"john@walkme.com": {"Status": "New, really", "ARR": "1200", "account.tier": "gold"},
		"bill@walkme.com": {"Status": `say "hi"`, "account.tier": "multi\nline"},
	}
	if !equalUsers(got, want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	lf := strings.ReplaceAll(strings.TrimPrefix(content, "\uFEFF"), "\r\n", "\n")
	got2, err := ParseFile(FormatCSV, lf, "Email", fileTypes)
	if err != nil || Digest(got2) != Digest(got) {
		t.Fatalf("LF without BOM parsed differently: %v %v", got2, err)
	}
}

func TestParseFileJSONL(t *testing.T) {
	content := `{"Email": "john@walkme.com", "ARR": 1200.50, "account": {"tier": "gold"}, "RenewalDate": "2027-01-31"}` + "\r\n" +
		"\n" +
		`{"Email": "bill@walkme.com", "account.tier": "silver"}` + "\n"
	got, err := ParseFile(FormatJSONL, content, "Email", fileTypes)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]map[string]string{
		"john@walkme.com": {"ARR": "1200.50", "account.tier": "gold", "RenewalDate": "2027-01-31"},
		"bill@walkme.com": {"account.tier": "silver"},
	}
	if !equalUsers(got, want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	// Nested user ID property.
	got, err = ParseFile(FormatJSONL, `{"properties": {"ID": "u1"}, "Status": "x"}`, "properties.ID", fileTypes)
	if err != nil || got["u1"]["Status"] != "x" {
		t.Fatalf("nested id: %v %v", got, err)
	}
}

func TestParseFileErrors(t *testing.T) {
	tests := []struct {
		name    string
		format  Format
		content string
		want    []string // each must appear in the error
	}{
		{"csv bad number", FormatCSV, "Email,ARR\na,1\nb,12x\n", []string{`line 3, column 2 ("ARR")`, `"12x"`, "number"}},
		{"csv bad date", FormatCSV, "Email,RenewalDate\na,2027-02-30\n", []string{"line 2", `"2027-02-30"`, "calendar"}},
		{"csv repeated user", FormatCSV, "Email,Status\na,x\nb,y\na,z\n", []string{"line 4", `"a" is repeated`, "line 2"}},
		{"csv unknown column", FormatCSV, "Email,Plan\na,x\n", []string{"line 1, column 2", `"Plan"`, "attribute_types"}},
		{"csv no id column", FormatCSV, "Mail,Status\na,x\n", []string{`no column is named "Email"`}},
		{"csv user without values", FormatCSV, "Email,Status\na,\n", []string{"line 2", `"a" has no attribute values`}},
		{"csv empty id", FormatCSV, "Email,Status\n,x\n", []string{"line 2, column 1", "empty"}},
		{"csv field count", FormatCSV, "Email,Status\na,x,y\n", []string{"line 2", "wrong number of fields"}},
		{"csv bare quote", FormatCSV, "Email,Status\na,x\"y\n", []string{"line 2", "quote"}},
		{"csv empty file", FormatCSV, "", []string{"empty"}},
		{"jsonl null", FormatJSONL, `{"Email":"a","Status":null}`, []string{`line 1, key "Status"`, "null"}},
		{"jsonl string for number", FormatJSONL, `{"Email":"a","ARR":"12"}`, []string{`key "ARR"`, `"12"`, "JSON number"}},
		{"jsonl number for string", FormatJSONL, `{"Email":"a","Status":12}`, []string{`key "Status"`, "12", "JSON string"}},
		{"jsonl undeclared", FormatJSONL, `{"Email":"a","Plan":"x"}`, []string{`key "Plan"`, "attribute_types"}},
		{"jsonl syntax", FormatJSONL, "{\"Email\":\"a\",\"Status\":\"x\"}\n{\"Email\":", []string{"line 2", "not a JSON object"}},
		{"jsonl repeated", FormatJSONL, "{\"Email\":\"a\",\"Status\":\"x\"}\n\n{\"Email\":\"a\",\"Status\":\"y\"}", []string{"line 3", "line 1", "repeated"}},
		{"jsonl id not string", FormatJSONL, `{"Email":7,"Status":"x"}`, []string{`key "Email"`, "7", "JSON string"}},
		{"jsonl no id", FormatJSONL, `{"Status":"x"}`, []string{`no key "Email"`}},
		{"jsonl flat and nested", FormatJSONL, `{"Email":"a","account.tier":"x","account":{"tier":"y"}}`, []string{`key "account.tier"`, "twice"}},
		{"jsonl huge number", FormatJSONL, `{"Email":"a","ARR":1e999}`, []string{`key "ARR"`, "1e999", "range"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseFile(tt.format, tt.content, "Email", fileTypes)
			if err == nil {
				t.Fatal("no error")
			}
			if _, terr := ParseTable(tt.format, tt.content, "Email", fileTypes); terr == nil || terr.Error() != err.Error() {
				t.Errorf("ParseTable: %v\nParseFile:  %v", terr, err)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not contain %q", err, w)
				}
			}
		})
	}
}

func TestParseFileBoundsProblems(t *testing.T) {
	var b strings.Builder
	b.WriteString("Email,ARR\n")
	for range 100 {
		b.WriteString("a,x\n")
	}
	_, err := ParseFile(FormatCSV, b.String(), "Email", fileTypes)
	var fe *FileError
	if !errors.As(err, &fe) || len(fe.Problems) != MaxFileProblems {
		t.Fatalf("error %v", err)
	}
}

func TestFormatOf(t *testing.T) {
	for name, want := range map[string]Format{"a.csv": FormatCSV, "B.CSV": FormatCSV, "x.jsonl": FormatJSONL, "x.ndjson": FormatJSONL} {
		if got, err := FormatOf(name); err != nil || got != want {
			t.Errorf("%s: %v %v", name, got, err)
		}
	}
	if _, err := FormatOf("users.json"); err == nil {
		t.Error("users.json accepted")
	}
}

func TestEncodeDecodeRoundTrip(t *testing.T) {
	users := map[string]map[string]string{"b": {"x": "1", "y": "é\n\"q\""}, "a": {"z": "<&>"}}
	data, err := Encode(users)
	if err != nil {
		t.Fatal(err)
	}
	got, digest, err := Decode(data)
	if err != nil || !equalUsers(got, users) || digest != Digest(users) {
		t.Fatalf("got %v, %v", got, err)
	}
	if Digest(got) != Digest(users) {
		t.Fatal("digest changed")
	}
	empty, err := Encode(nil)
	if err != nil {
		t.Fatal(err)
	}
	if got, _, err := Decode(empty); err != nil || len(got) != 0 {
		t.Fatalf("empty: %v %v", got, err)
	}
	for _, bad := range []string{`{"v":1,"count":2,"sha256":"x","data":"AAAA"}`, `garbage`, `{"v":9}`} {
		if _, _, err := Decode([]byte(bad)); err == nil {
			t.Errorf("%s decoded", bad)
		}
	}
}

func TestDigestIndependentOfOrder(t *testing.T) {
	a := map[string]map[string]string{"a": {"x": "1", "y": "2"}, "b": {"x": "3"}}
	b := map[string]map[string]string{"b": {"x": "3"}, "a": {"y": "2", "x": "1"}}
	if Digest(a) != Digest(b) {
		t.Fatal("digest depends on order")
	}
	b["b"]["x"] = "4"
	if Digest(a) == Digest(b) {
		t.Fatal("digest ignores a value")
	}
}

func equalUsers(a, b map[string]map[string]string) bool {
	return maps.EqualFunc(a, b, func(x, y map[string]string) bool { return maps.Equal(x, y) })
}

// TestEncodeDecodeManyUsers: a realistic set (10 attributes, values shorter than the last
// attribute index) survives the round trip; short values once broke the decoder's bounds.
func TestEncodeDecodeManyUsers(t *testing.T) {
	users, err := ParseFile(FormatCSV, benchCSV(300), "Email", benchTypes)
	if err != nil {
		t.Fatal(err)
	}
	data, err := Encode(users)
	if err != nil {
		t.Fatal(err)
	}
	got, digest, err := Decode(data)
	if err != nil || !equalUsers(got, users) || digest != Digest(users) {
		t.Fatalf("round trip: %v", err)
	}
}

// TestDecodeLikeSharesUnchangedUsers: users equal to like share its maps, changed ones get
// their own, and the plan is the same as from a plain Decode.
func TestDecodeLikeSharesUnchangedUsers(t *testing.T) {
	prior := map[string]map[string]string{"a": {"x": "1"}, "b": {"x": "2", "y": "3"}, "c": {"x": "4"}, "d": {"x": "5"}}
	data, err := Encode(prior)
	if err != nil {
		t.Fatal(err)
	}
	desired := map[string]map[string]string{"a": {"x": "1"}, "b": {"x": "2"}, "c": {"x": "9"}, "e": {"x": "6"}}
	got, digest, err := DecodeLike(data, desired)
	if err != nil || !equalUsers(got, prior) || digest != Digest(prior) {
		t.Fatalf("DecodeLike: %v %v", got, err)
	}
	if !sameMap(got["a"], desired["a"]) || sameMap(got["b"], desired["b"]) || sameMap(got["c"], desired["c"]) {
		t.Fatal("maps shared wrongly")
	}
	plain, _, _ := Decode(data)
	types := map[string]string{"x": "string", "y": "string"}
	p1 := NewPlan(Config{UserIDProperty: "id", Types: types, Users: got}, Config{UserIDProperty: "id", Types: types, Users: desired})
	p2 := NewPlan(Config{UserIDProperty: "id", Types: types, Users: plain}, Config{UserIDProperty: "id", Types: types, Users: desired})
	if fmt.Sprint(p1) != fmt.Sprint(p2) {
		t.Fatalf("plans differ:\n%+v\n%+v", p1, p2)
	}
	// A type change re-sends holders even when their maps are shared.
	retyped := map[string]string{"x": "number", "y": "string"}
	p3 := NewPlan(Config{UserIDProperty: "id", Types: types, Users: got}, Config{UserIDProperty: "id", Types: retyped, Users: desired})
	if !slices.Contains(p3.Changed, "a") {
		t.Fatalf("a type change did not re-send a shared user: %+v", p3)
	}
}
