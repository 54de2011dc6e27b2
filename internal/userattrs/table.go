package userattrs

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"maps"
	"slices"
	"sync"
)

// Table is a set of users column by column, sorted by user ID: the form a users file is
// parsed into, and the one the canonical form (Digest) and the stored form (Encode) are
// written from. A map a user (the form inline users have) costs 100,000 allocations, and
// most of a plan's time, at 100,000 users; a table costs a few, and is walked in ID order
// beside the stored users without sorting or looking anything up.
type Table struct {
	names []string // the columns: attribute names, sorted
	ids   []string // user IDs, sorted, each once
	vals  []string // vals[i*len(names)+c] is user ids[i]'s value of names[c] ...
	has   []bool   // ... where has[i*len(names)+c]: "" is a value, so absence is apart

	digestOnce sync.Once
	digest     string
}

// rows are users in file order: row r is ids[r], with its values at vals[r*k:] where has
// says (k columns).
type rows struct {
	ids  []string
	vals []string
	has  []bool
}

// sorted is the rows sorted by ID, or false when an ID is repeated.
func (r rows) sorted(k int) (rows, bool) {
	if slices.IsSorted(r.ids) { // exports usually are: no permutation to build
		for i := 1; i < len(r.ids); i++ {
			if r.ids[i] == r.ids[i-1] {
				return rows{}, false
			}
		}
		return r, true
	}
	order := make([]int32, len(r.ids))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortFunc(order, func(a, b int32) int { return cmp.Compare(r.ids[a], r.ids[b]) })
	out := rows{ids: make([]string, len(r.ids)), vals: make([]string, len(r.vals)), has: make([]bool, len(r.has))}
	for i, o := range order {
		if i > 0 && r.ids[o] == out.ids[i-1] {
			return rows{}, false
		}
		out.ids[i] = r.ids[o]
		copy(out.vals[i*k:(i+1)*k], r.vals[int(o)*k:])
		copy(out.has[i*k:(i+1)*k], r.has[int(o)*k:])
	}
	return out, true
}

// merge is the sorted rows a and b as one, or false when they share an ID.
func merge(a, b rows, k int) (rows, bool) {
	switch {
	case len(b.ids) == 0:
		return a, true
	case len(a.ids) == 0:
		return b, true
	case a.ids[len(a.ids)-1] < b.ids[0]: // a file sorted by ID: one after the other
		return rows{append(a.ids, b.ids...), append(a.vals, b.vals...), append(a.has, b.has...)}, true
	}
	n := len(a.ids) + len(b.ids)
	out := rows{ids: make([]string, 0, n), vals: make([]string, 0, n*k), has: make([]bool, 0, n*k)}
	i, j := 0, 0
	for i < len(a.ids) || j < len(b.ids) {
		from, r := &a, i
		switch {
		case i == len(a.ids) || j < len(b.ids) && b.ids[j] < a.ids[i]:
			from, r = &b, j
			j++
		case j < len(b.ids) && b.ids[j] == a.ids[i]:
			return rows{}, false
		default:
			i++
		}
		out.ids = append(out.ids, from.ids[r])
		out.vals = append(out.vals, from.vals[r*k:(r+1)*k]...)
		out.has = append(out.has, from.has[r*k:(r+1)*k]...)
	}
	return out, true
}

// TableOf is users (user ID → attribute → value) as a table.
func TableOf(users map[string]map[string]string) *Table {
	names := attributeNames(users)
	col := make(map[string]int, len(names))
	for c, n := range names {
		col[n] = c
	}
	k := len(names)
	t := &Table{names: names, ids: slices.Sorted(maps.Keys(users))}
	t.vals, t.has = make([]string, len(t.ids)*k), make([]bool, len(t.ids)*k)
	for i, id := range t.ids {
		for name, v := range users[id] {
			c := i*k + col[name]
			t.vals[c], t.has[c] = v, true
		}
	}
	return t
}

// Len is the number of users.
func (t *Table) Len() int { return len(t.ids) }

// IDs are the users' IDs, sorted. The caller must not modify them.
func (t *Table) IDs() []string { return t.ids }

// Find is the index of user id, or false.
func (t *Table) Find(id string) (int, bool) { return slices.BinarySearch(t.ids, id) }

// User is user i's attributes, in a new map.
func (t *Table) User(i int) map[string]string {
	k := len(t.names)
	attrs := make(map[string]string, k)
	for c, name := range t.names {
		if t.has[i*k+c] {
			attrs[name] = t.vals[i*k+c]
		}
	}
	return attrs
}

// valuesOf is how many values user i has.
func (t *Table) valuesOf(i int) int {
	k, n := len(t.names), 0
	for _, ok := range t.has[i*k : (i+1)*k] {
		if ok {
			n++
		}
	}
	return n
}

// Users is the table as user ID → attribute → value.
func (t *Table) Users() map[string]map[string]string {
	users := make(map[string]map[string]string, len(t.ids))
	for i, id := range t.ids {
		users[id] = t.User(i)
	}
	return users
}

// Digest is the hex SHA-256 of the users' canonical form (see canonical.go), computed once.
func (t *Table) Digest() string {
	t.digestOnce.Do(func() {
		h := sha256.New()
		_ = t.writeCanonical(h) // a hash never fails to write
		t.digest = hex.EncodeToString(h.Sum(nil))
	})
	return t.digest
}

// present is the columns holding at least one value: the users' attribute names, which
// both the canonical and the stored form start with.
func (t *Table) present() []int {
	k := len(t.names)
	seen := make([]bool, k)
	found := 0
	for r := 0; r < len(t.has) && found < k; r += k {
		for c, ok := range t.has[r : r+k] {
			if ok && !seen[c] {
				seen[c] = true
				found++
			}
		}
	}
	cols := make([]int, 0, found)
	for c, ok := range seen {
		if ok {
			cols = append(cols, c)
		}
	}
	return cols
}
