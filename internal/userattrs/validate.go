package userattrs

import (
	"fmt"
	"sort"
)

// Config is one resource's attributes in plain values: what the configuration declares, or
// what the state records as pushed.
type Config struct {
	UserIDProperty string
	Types          map[string]string            // attribute name → type name
	Users          map[string]map[string]string // user ID → attribute name → value
}

// Field says which part of the configuration a Problem is about.
type Field int

// The configuration's parts.
const (
	FieldUserIDProperty Field = iota
	FieldAttributeTypes
	FieldUsers
)

// Problem is one plan-time error. User and Attribute locate it; Detail names the user, the
// attribute and the offending value in words, for readers of the CLI output.
type Problem struct {
	Field     Field
	User      string // FieldUsers: the user ID
	Attribute string // FieldAttributeTypes: the key, or "" for the whole map; FieldUsers: the attribute, or "" for the user
	Summary   string
	Detail    string
}

// Unknowns marks the parts of a Config that are not known yet during plan; they are not
// checked, and nothing that depends on them fails.
type Unknowns struct {
	UserIDProperty bool
	Types          bool                       // the whole attribute_types map
	TypeValues     map[string]bool            // attribute → its type name is unknown
	Users          bool                       // the whole users map
	UserMaps       map[string]bool            // user → its attribute map is unknown
	Values         map[string]map[string]bool // user → attribute → its value is unknown
}

// Validate checks everything the API would reject or silently ignore, in one O(n) pass over
// the values. u may be nil when everything is known. Problems come sorted by location.
func Validate(c Config, u *Unknowns) []Problem {
	if u == nil {
		u = &Unknowns{}
	}
	var probs []Problem
	add := func(p Problem) { probs = append(probs, p) }

	var idParts []string
	if !u.UserIDProperty {
		var err error
		if idParts, err = splitName(c.UserIDProperty); err != nil {
			add(Problem{Field: FieldUserIDProperty, Summary: "Invalid user_id_property",
				Detail: fmt.Sprintf("user_id_property = %q: %v. Set it to the integration's user identifier "+
					"property, e.g. \"Email\" or \"properties.ID\".", c.UserIDProperty, err)})
		}
	}

	var types map[string]Type // nil while attribute_types is unknown
	if !u.Types {
		types = validateTypes(c, idParts, u, add)
	}

	if !u.Users {
		for id, attrs := range c.Users {
			if u.UserMaps[id] {
				if id == "" {
					add(emptyUserProblem())
				}
				continue
			}
			validateUser(id, attrs, c.Types, types, u, add)
		}
	}

	sort.SliceStable(probs, func(i, j int) bool {
		a, b := probs[i], probs[j]
		if a.Field != b.Field {
			return a.Field < b.Field
		}
		if a.User != b.User {
			return a.User < b.User
		}
		return a.Attribute < b.Attribute
	})
	return probs
}

// validateTypes returns the parsed types (unknown ones left out).
func validateTypes(c Config, idParts []string, u *Unknowns, add func(Problem)) map[string]Type {
	if len(c.Types) > MaxAttributes {
		add(Problem{Field: FieldAttributeTypes, Summary: "Too many attributes",
			Detail: fmt.Sprintf("attribute_types declares %d attributes; WalkMe allows at most %d attributes "+
				"across all incoming integrations of an account.", len(c.Types), MaxAttributes)})
	}
	types := make(map[string]Type, len(c.Types))
	paths := make(map[string][]string, len(c.Types)+1)
	for name, typeName := range c.Types {
		parts, err := splitName(name)
		if err != nil {
			add(Problem{Field: FieldAttributeTypes, Attribute: name, Summary: "Invalid attribute name",
				Detail: fmt.Sprintf("attribute_types[%q]: %v.", name, err)})
			continue
		}
		paths[name] = parts
		if u.TypeValues[name] {
			continue
		}
		t, err := ParseType(typeName)
		if err != nil {
			add(Problem{Field: FieldAttributeTypes, Attribute: name, Summary: "Unknown attribute type",
				Detail: fmt.Sprintf("attribute_types[%q] = %q: %v.", name, typeName, err)})
			continue
		}
		types[name] = t
	}
	if idParts != nil {
		if _, ok := paths[c.UserIDProperty]; ok {
			add(Problem{Field: FieldAttributeTypes, Attribute: c.UserIDProperty, Summary: "Attribute is the user ID",
				Detail: fmt.Sprintf("attribute_types[%q]: %q is the user_id_property; the user ID comes from the keys "+
					"of users and cannot also be an attribute.", c.UserIDProperty, c.UserIDProperty)})
		} else {
			paths[c.UserIDProperty] = idParts
		}
	}
	for _, pair := range nameConflicts(paths) {
		attr := pair[1]
		if attr == c.UserIDProperty {
			attr = pair[0]
		}
		add(Problem{Field: FieldAttributeTypes, Attribute: attr, Summary: "Conflicting property names",
			Detail: fmt.Sprintf("%q and %q cannot both be set: in the JSON record %q would have to be both a value "+
				"and an object holding %q (user_id_property counts too).", pair[0], pair[1], pair[0], pair[1])})
	}
	return types
}

// validateUser checks one user. declared is attribute_types as written; types holds the
// valid, known ones (nil while attribute_types is unknown).
func validateUser(id string, attrs, declared map[string]string, types map[string]Type, u *Unknowns, add func(Problem)) {
	if id == "" {
		add(emptyUserProblem())
	}
	if len(attrs) == 0 {
		add(Problem{Field: FieldUsers, User: id, Summary: "User without attributes",
			Detail: fmt.Sprintf("users[%q] has no attributes: WalkMe needs at least one attribute besides the user "+
				"ID in every record. To stop managing the user, remove it from users.", id)})
		return
	}
	if types == nil {
		return
	}
	unknown := u.Values[id]
	for name, value := range attrs {
		t, ok := types[name]
		if !ok {
			// A declared name whose type is unknown or already reported is not this user's error.
			if _, isDeclared := declared[name]; !isDeclared {
				add(Problem{Field: FieldUsers, User: id, Attribute: name, Summary: "Undeclared user attribute",
					Detail: fmt.Sprintf("users[%q][%q]: attribute %q is not in attribute_types; declare it there "+
						"with its type (%s), as the integration defines it.", id, name, name, TypeNames)})
			}
			continue
		}
		if unknown[name] {
			continue
		}
		if _, err := Convert(t, value); err != nil {
			add(Problem{Field: FieldUsers, User: id, Attribute: name, Summary: "Invalid user attribute value",
				Detail: fmt.Sprintf("users[%q][%q] = %q: attribute %q is a %s: %v.", id, name, value, name, t, err)})
		}
	}
}

func emptyUserProblem() Problem {
	return Problem{Field: FieldUsers, User: "", Summary: "Empty user ID",
		Detail: `users[""]: a user ID is empty; every record must identify its user.`}
}
