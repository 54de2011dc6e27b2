package userattrs

import (
	"fmt"
	"maps"
	"slices"
)

// Stored is what Encode stored, unpacked and verified: OpenStored can run while the
// declared users are still being read, and Plan then compares them with it.
type Stored struct {
	raw   string
	count int
}

// OpenStored unpacks and verifies Encode's output. It fails where Decode does.
func OpenStored(data []byte) (*Stored, error) {
	raw, count, err := openStored(data)
	if err != nil {
		return nil, err
	}
	return &Stored{raw: raw, count: count}, nil
}

// Plan is NewPlan from the stored users (pushed under priorIDProperty and priorTypes) to
// desired, without decoding them: the stored users are walked in ID order and compared
// value by value with the declared ones. A plan of a changed 100,000-user file spends its
// time here, and decoding the pushed users into maps (a map a user) only to compare them
// cost twice what the plan itself does; the users declared need not even be sorted. It
// also returns the stored users' Digest.
func (st *Stored) Plan(priorIDProperty string, priorTypes map[string]string, desired Config) (Plan, string, error) {
	raw, count := st.raw, st.count
	if priorIDProperty != desired.UserIDProperty { // as NewPlan: different records, nothing pushed
		return NewPlan(Config{UserIDProperty: priorIDProperty}, desired), "", nil
	}
	typesSame := maps.Equal(priorTypes, desired.Types)
	var p Plan
	changedToo := map[string]bool{} // removing users whose values changed as well
	var firstRemoved []string       // what the first removing user loses: Unremovable's, if it is alone
	met := 0                        // desired users found among the stored ones
	stored, digest, err := walkStored(raw, count, func(names []string, id string, vals []string, has []bool) {
		attrs, ok := desired.Users[id]
		if !ok {
			p.Forgotten = append(p.Forgotten, id)
			return
		}
		met++
		had, kept, changed := 0, 0, false
		for c, name := range names {
			if !has[c] {
				continue
			}
			had++
			v, ok := attrs[name]
			if !ok {
				continue
			}
			kept++
			if v != vals[c] || !typesSame && priorTypes[name] != desired.Types[name] {
				changed = true
			}
		}
		if len(attrs) > kept { // a value the user did not have
			changed = true
		}
		switch {
		case kept < had:
			if len(p.Removing) == 0 {
				for c, name := range names {
					if _, ok := attrs[name]; has[c] && !ok {
						firstRemoved = append(firstRemoved, name)
					}
				}
			}
			p.Removing = append(p.Removing, id)
			if changed {
				changedToo[id] = true
			}
		case changed:
			p.Changed = append(p.Changed, id)
		}
	})
	if err != nil {
		return Plan{}, "", fmt.Errorf("decoding users: %w", err)
	}
	if met < len(desired.Users) { // some are new: sorting only them spares sorting every user
		for id := range desired.Users {
			if _, found := slices.BinarySearch(stored, id); !found {
				p.Added = append(p.Added, id)
			}
		}
		slices.Sort(p.Added)
	}
	p.batch(desired.Users, changedToo, func(string) []string { return firstRemoved })
	return p, digest, nil
}
