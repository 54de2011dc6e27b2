package userattrs

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestRecordTypesAndNesting(t *testing.T) {
	s, err := NewSchema("properties.ID", map[string]string{
		"Status": "string", "ARR": "number", "RenewalDate": "date",
		"account.tier": "string", "account.seats": "number", "a.b.c": "date",
	})
	if err != nil {
		t.Fatal(err)
	}
	rec, err := s.Record("john@walkme.com", map[string]string{
		"Status": "New", "ARR": "1200.50", "RenewalDate": "2027-01-31",
		"account.tier": "gold", "account.seats": "12", "a.b.c": "2024-02-29",
	})
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(rec)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"ARR":1200.50,"RenewalDate":"2027-01-31","Status":"New","a":{"b":{"c":"2024-02-29"}},` +
		`"account":{"seats":12,"tier":"gold"},"properties":{"ID":"john@walkme.com"}}`
	if string(b) != want {
		t.Fatalf("record\n got %s\nwant %s", b, want)
	}
	if strings.Contains(string(b), "null") {
		t.Fatal("record contains null")
	}
}

// A record holds exactly the attributes given: leaving one out is how a multi-user request
// deletes it.
func TestRecordOnlyGivenAttributes(t *testing.T) {
	s, err := NewSchema("Email", map[string]string{"Status": "string", "ARR": "number"})
	if err != nil {
		t.Fatal(err)
	}
	rec, err := s.Record("bill", map[string]string{"Status": "Retired"})
	if err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(rec)
	if string(b) != `{"Email":"bill","Status":"Retired"}` {
		t.Fatalf("record %s", b)
	}
}

func TestRecordErrors(t *testing.T) {
	s, err := NewSchema("Email", map[string]string{"ARR": "number"})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		id    string
		attrs map[string]string
		words []string
	}{
		{"", map[string]string{"ARR": "1"}, []string{"empty user ID"}},
		{"u", map[string]string{}, []string{`"u"`, "no attributes"}},
		{"u", map[string]string{"Plan": "x"}, []string{`"u"`, `"Plan"`}},
		{"u", map[string]string{"ARR": "1,5"}, []string{`"u"`, `"ARR"`, `"1,5"`}},
	} {
		_, err := s.Record(tc.id, tc.attrs)
		if err == nil {
			t.Errorf("Record(%q, %v) succeeded", tc.id, tc.attrs)
			continue
		}
		for _, w := range tc.words {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("Record(%q, %v) error %q lacks %s", tc.id, tc.attrs, err, w)
			}
		}
	}
}

func TestNewSchemaRejectsInvalid(t *testing.T) {
	for _, tc := range []struct {
		id    string
		types map[string]string
	}{
		{"", map[string]string{"A": "string"}},
		{"Email", map[string]string{"A": "bool"}},
		{"Email", map[string]string{"a": "string", "a.b": "string"}},
		{"Email", map[string]string{"Email.x": "string"}},
	} {
		if _, err := NewSchema(tc.id, tc.types); err == nil {
			t.Errorf("NewSchema(%q, %v) succeeded", tc.id, tc.types)
		}
	}
}
