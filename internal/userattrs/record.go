package userattrs

import (
	"errors"
	"fmt"
)

// Schema builds records for one configuration; it is compiled once per apply so that building
// 10,000 records splits no name twice.
type Schema struct {
	idPath []string
	types  map[string]Type
	paths  map[string][]string
}

// NewSchema compiles a validated configuration's user ID property and attribute types. It
// fails on anything Validate reports about them.
func NewSchema(userIDProperty string, types map[string]string) (*Schema, error) {
	c := Config{UserIDProperty: userIDProperty, Types: types}
	if probs := Validate(c, nil); len(probs) > 0 {
		return nil, errors.New(probs[0].Detail)
	}
	s := &Schema{types: make(map[string]Type, len(types)), paths: make(map[string][]string, len(types))}
	s.idPath, _ = splitName(userIDProperty)
	for name, typeName := range types {
		s.types[name], _ = ParseType(typeName)
		s.paths[name], _ = splitName(name)
	}
	return s, nil
}

// Record is the complete JSON record of one user: the user ID property and every attribute,
// converted by its type and nested by its dotted name. It never contains nil.
func (s *Schema) Record(userID string, attrs map[string]string) (map[string]any, error) {
	if userID == "" {
		return nil, errors.New("empty user ID")
	}
	if len(attrs) == 0 {
		return nil, fmt.Errorf("user %q has no attributes", userID)
	}
	rec := make(map[string]any, len(attrs)+1)
	setPath(rec, s.idPath, userID)
	for name, value := range attrs {
		t, ok := s.types[name]
		if !ok {
			return nil, fmt.Errorf("user %q: attribute %q is not in attribute_types", userID, name)
		}
		v, err := Convert(t, value)
		if err != nil {
			return nil, fmt.Errorf("user %q: attribute %q = %q: %w", userID, name, value, err)
		}
		setPath(rec, s.paths[name], v)
	}
	return rec, nil
}
