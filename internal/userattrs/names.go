package userattrs

import (
	"errors"
	"fmt"
	"sort"
	"strings"
)

// splitName splits a property name at its dots: WalkMe reads "account.tier" as the field
// "tier" of the JSON object "account".
func splitName(name string) ([]string, error) {
	if name == "" {
		return nil, errors.New("empty property name")
	}
	parts := strings.Split(name, ".")
	for _, p := range parts {
		if p == "" {
			return nil, fmt.Errorf("property name %q has an empty part between dots", name)
		}
	}
	return parts, nil
}

// nameConflicts reports pairs of names that cannot live in one JSON record because one is a
// prefix path of the other (or they are the same path): "a" with "a.b" would need "a" to be
// both a value and an object. names are already split; the result is sorted.
func nameConflicts(names map[string][]string) [][2]string {
	var out [][2]string
	for name, parts := range names {
		for i := 1; i < len(parts); i++ {
			prefix := strings.Join(parts[:i], ".")
			if _, ok := names[prefix]; ok {
				out = append(out, [2]string{prefix, name})
			}
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i][0] != out[j][0] {
			return out[i][0] < out[j][0]
		}
		return out[i][1] < out[j][1]
	})
	return out
}

// setPath stores v at the nested path in rec, creating the objects on the way. Paths were
// checked for conflicts, so an existing non-object on the way is a bug.
func setPath(rec map[string]any, parts []string, v any) {
	for _, p := range parts[:len(parts)-1] {
		next, ok := rec[p].(map[string]any)
		if !ok {
			next = make(map[string]any, 1)
			rec[p] = next
		}
		rec = next
	}
	rec[parts[len(parts)-1]] = v
}
