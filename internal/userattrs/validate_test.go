package userattrs

import (
	"fmt"
	"strings"
	"testing"
)

func baseConfig() Config {
	return Config{
		UserIDProperty: "Email",
		Types:          map[string]string{"Status": "string", "ARR": "number", "RenewalDate": "date", "account.tier": "string"},
		Users: map[string]map[string]string{
			"john@walkme.com": {"Status": "New", "ARR": "1200", "RenewalDate": "2027-01-31", "account.tier": "gold"},
			"bill@walkme.com": {"Status": "Retired"},
		},
	}
}

func TestValidateAcceptsSpecExample(t *testing.T) {
	if probs := Validate(baseConfig(), nil); len(probs) != 0 {
		t.Fatalf("problems for a valid config: %+v", probs)
	}
}

// Every plan-time error locates itself and names the user, the attribute and the value.
func TestValidateProblems(t *testing.T) {
	tests := []struct {
		name   string
		mutate func(*Config)
		want   Problem  // Field, User, Attribute, Summary compared
		words  []string // must appear in Detail
	}{
		{"number value", func(c *Config) { c.Users["john@walkme.com"]["ARR"] = "12k" },
			Problem{Field: FieldUsers, User: "john@walkme.com", Attribute: "ARR", Summary: "Invalid user attribute value"},
			[]string{`"john@walkme.com"`, `"ARR"`, `"12k"`, "number"}},
		{"date value", func(c *Config) { c.Users["john@walkme.com"]["RenewalDate"] = "2027-02-30" },
			Problem{Field: FieldUsers, User: "john@walkme.com", Attribute: "RenewalDate", Summary: "Invalid user attribute value"},
			[]string{`"john@walkme.com"`, `"RenewalDate"`, `"2027-02-30"`, "date"}},
		{"undeclared attribute", func(c *Config) { c.Users["bill@walkme.com"]["Plan"] = "pro" },
			Problem{Field: FieldUsers, User: "bill@walkme.com", Attribute: "Plan", Summary: "Undeclared user attribute"},
			[]string{`"bill@walkme.com"`, `"Plan"`, "attribute_types"}},
		{"user without attributes", func(c *Config) { c.Users["ann@walkme.com"] = map[string]string{} },
			Problem{Field: FieldUsers, User: "ann@walkme.com", Summary: "User without attributes"},
			[]string{`"ann@walkme.com"`, "at least one attribute"}},
		{"empty user id", func(c *Config) { c.Users[""] = map[string]string{"Status": "x"} },
			Problem{Field: FieldUsers, User: "", Summary: "Empty user ID"},
			[]string{`users[""]`}},
		{"too many attributes", func(c *Config) {
			for i := range 97 {
				c.Types[fmt.Sprintf("extra%d", i)] = "string"
			}
		}, Problem{Field: FieldAttributeTypes, Summary: "Too many attributes"}, []string{"101", "100"}},
		{"unknown type name", func(c *Config) { c.Types["ARR"] = "integer" },
			Problem{Field: FieldAttributeTypes, Attribute: "ARR", Summary: "Unknown attribute type"},
			[]string{`"ARR"`, `"integer"`, `"number"`}},
		{"empty user_id_property", func(c *Config) { c.UserIDProperty = "" },
			Problem{Field: FieldUserIDProperty, Summary: "Invalid user_id_property"},
			[]string{`user_id_property = ""`, "empty"}},
		{"dotted user_id_property with an empty part", func(c *Config) { c.UserIDProperty = "properties..ID" },
			Problem{Field: FieldUserIDProperty, Summary: "Invalid user_id_property"},
			[]string{`"properties..ID"`}},
		{"attribute name with an empty part", func(c *Config) { c.Types["account."] = "string" },
			Problem{Field: FieldAttributeTypes, Attribute: "account.", Summary: "Invalid attribute name"},
			[]string{`"account."`}},
		{"attribute is the user id", func(c *Config) { c.Types["Email"] = "string" },
			Problem{Field: FieldAttributeTypes, Attribute: "Email", Summary: "Attribute is the user ID"},
			[]string{`"Email"`}},
		{"value and object at one name", func(c *Config) { c.Types["account"] = "string" },
			Problem{Field: FieldAttributeTypes, Attribute: "account.tier", Summary: "Conflicting property names"},
			[]string{`"account"`, `"account.tier"`}},
		{"attribute above the dotted user id", func(c *Config) {
			c.UserIDProperty = "properties.ID"
			c.Types["properties"] = "string"
		}, Problem{Field: FieldAttributeTypes, Attribute: "properties", Summary: "Conflicting property names"},
			[]string{`"properties"`, `"properties.ID"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := baseConfig()
			tt.mutate(&c)
			probs := Validate(c, nil)
			if len(probs) != 1 {
				t.Fatalf("want exactly one problem, got %+v", probs)
			}
			p := probs[0]
			if p.Field != tt.want.Field || p.User != tt.want.User || p.Attribute != tt.want.Attribute || p.Summary != tt.want.Summary {
				t.Errorf("got %+v, want %+v", p, tt.want)
			}
			for _, w := range tt.words {
				if !strings.Contains(p.Detail, w) {
					t.Errorf("detail %q lacks %s", p.Detail, w)
				}
			}
		})
	}
}

// A bad type name is reported once, on attribute_types, not again on every user using it.
func TestValidateBadTypeNotRepeatedPerUser(t *testing.T) {
	c := baseConfig()
	c.Types["Status"] = "text"
	probs := Validate(c, nil)
	if len(probs) != 1 || probs[0].Field != FieldAttributeTypes || probs[0].Attribute != "Status" {
		t.Fatalf("got %+v", probs)
	}
}

func TestValidateSortsProblems(t *testing.T) {
	c := baseConfig()
	c.Users["b"] = map[string]string{"ARR": "x", "RenewalDate": "y"}
	c.Users["a"] = map[string]string{"ARR": "z"}
	c.UserIDProperty = ""
	probs := Validate(c, nil)
	var got []string
	for _, p := range probs {
		got = append(got, fmt.Sprintf("%d/%s/%s", p.Field, p.User, p.Attribute))
	}
	want := "0//,2/a/ARR,2/b/ARR,2/b/RenewalDate"
	if strings.Join(got, ",") != want {
		t.Fatalf("order %v, want %s", got, want)
	}
}

// Unknown parts of the plan are skipped; what is known is still checked.
func TestValidateUnknowns(t *testing.T) {
	c := baseConfig()
	c.Users["john@walkme.com"]["ARR"] = "" // unknown value
	c.Types["Plan"] = ""                   // unknown type
	c.Users["bill@walkme.com"]["Plan"] = "pro"
	c.Users["ann@walkme.com"] = nil // unknown attribute map
	u := &Unknowns{
		TypeValues: map[string]bool{"Plan": true},
		UserMaps:   map[string]bool{"ann@walkme.com": true},
		Values:     map[string]map[string]bool{"john@walkme.com": {"ARR": true}},
	}
	if probs := Validate(c, u); len(probs) != 0 {
		t.Fatalf("unknowns reported: %+v", probs)
	}
	c.Users["bill@walkme.com"]["RenewalDate"] = "soon"
	if probs := Validate(c, u); len(probs) != 1 || probs[0].Attribute != "RenewalDate" {
		t.Fatalf("a known bad value next to unknowns: %+v", probs)
	}

	c = baseConfig()
	c.Users["john@walkme.com"]["Whatever"] = "12k"
	c.Types = nil
	if probs := Validate(c, &Unknowns{Types: true}); len(probs) != 0 {
		t.Fatalf("values checked against unknown attribute_types: %+v", probs)
	}
	c.Users["x"] = map[string]string{}
	if probs := Validate(c, &Unknowns{Types: true}); len(probs) != 1 || probs[0].Summary != "User without attributes" {
		t.Fatalf("known empty user with unknown types: %+v", probs)
	}
	c.UserIDProperty = ""
	if probs := Validate(c, &Unknowns{UserIDProperty: true, Users: true}); len(probs) != 0 {
		t.Fatalf("unknown user_id_property or users reported: %+v", probs)
	}
}
