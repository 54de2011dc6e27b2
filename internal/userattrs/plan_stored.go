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

// TableConfig is a configuration whose users are a Table: users from a file.
type TableConfig struct {
	UserIDProperty string
	Types          map[string]string
	Users          *Table
}

// Config is c with its users as maps.
func (c TableConfig) Config() Config {
	return Config{UserIDProperty: c.UserIDProperty, Types: c.Types, Users: c.Users.Users()}
}

// NewTablePlan is NewPlan to users from a file. Creating (nothing pushed before) needs no
// map a user; anything else is NewPlan's.
func NewTablePlan(prior Config, desired TableConfig) Plan {
	if len(prior.Users) > 0 && prior.UserIDProperty == desired.UserIDProperty {
		return NewPlan(prior, desired.Config())
	}
	p := Plan{Added: append([]string(nil), desired.Users.IDs()...)}
	p.batch(desired.Users.companion, nil, func(string) []string { return nil })
	return p
}

// companion is the smallest user other than lone, or "" when there is none.
func (t *Table) companion(lone string) string {
	for _, id := range t.ids[:min(2, len(t.ids))] {
		if id != lone {
			return id
		}
	}
	return ""
}

// Plan is NewPlan from the stored users (pushed under priorIDProperty and priorTypes) to
// desired, without decoding them: the stored users and the desired ones, both sorted by ID,
// are walked side by side and compared value by value. A plan of a changed 100,000-user
// file spends its time here; decoding the pushed users into maps only to compare them cost
// twice what the plan itself does. It also returns the stored users' Digest.
func (st *Stored) Plan(priorIDProperty string, priorTypes map[string]string, desired TableConfig) (Plan, string, error) {
	if priorIDProperty != desired.UserIDProperty { // as NewPlan: different records, nothing pushed
		return NewTablePlan(Config{UserIDProperty: priorIDProperty}, desired), "", nil
	}
	typesSame := maps.Equal(priorTypes, desired.Types)
	t := desired.Users
	k := len(t.names)
	var p Plan
	changedToo := map[string]bool{} // removing users whose values changed as well
	var firstRemoved []string       // what the first removing user loses: Unremovable's, if it is alone
	next := 0                       // the first desired user not yet met
	var col []int                   // col[c]: the table's column of stored name c, or -1
	_, digest, err := walkStored(st.raw, st.count, func(names []string, id string, vals []string, has []bool) {
		if col == nil {
			col = make([]int, len(names))
			for c, name := range names {
				if i, found := slices.BinarySearch(t.names, name); found {
					col[c] = i
				} else {
					col[c] = -1
				}
			}
		}
		for next < len(t.ids) && t.ids[next] < id {
			p.Added = append(p.Added, t.ids[next])
			next++
		}
		if next == len(t.ids) || t.ids[next] != id {
			p.Forgotten = append(p.Forgotten, id)
			return
		}
		i := next
		next++
		row, rowVals := t.has[i*k:(i+1)*k], t.vals[i*k:(i+1)*k]
		had, kept, changed := 0, 0, false
		for c, name := range names {
			if !has[c] {
				continue
			}
			had++
			if col[c] < 0 || !row[col[c]] {
				continue
			}
			kept++
			if rowVals[col[c]] != vals[c] || !typesSame && priorTypes[name] != desired.Types[name] {
				changed = true
			}
		}
		if t.valuesOf(i) > kept { // a value the user did not have
			changed = true
		}
		switch {
		case kept < had:
			if len(p.Removing) == 0 {
				for c, name := range names {
					if has[c] && (col[c] < 0 || !row[col[c]]) {
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
	p.Added = append(p.Added, t.ids[next:]...)
	p.batch(t.companion, changedToo, func(string) []string { return firstRemoved })
	return p, digest, nil
}
