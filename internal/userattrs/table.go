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

// newTable makes a table of rows given in any order: row r is ids[r], with its values at
// vals[r*len(names):] (names sorted). It reports false when an ID is repeated.
func newTable(names, ids, vals []string, has []bool) (*Table, bool) {
	t := &Table{names: names, ids: ids, vals: vals, has: has}
	if slices.IsSorted(ids) { // exports usually are: no permutation to build
		for i := 1; i < len(ids); i++ {
			if ids[i] == ids[i-1] {
				return nil, false
			}
		}
		return t, true
	}
	order := make([]int32, len(ids))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortFunc(order, func(a, b int32) int { return cmp.Compare(ids[a], ids[b]) })
	k := len(names)
	t.ids, t.vals, t.has = make([]string, len(ids)), make([]string, len(vals)), make([]bool, len(has))
	for i, r := range order {
		if i > 0 && ids[r] == t.ids[i-1] {
			return nil, false
		}
		t.ids[i] = ids[r]
		copy(t.vals[i*k:(i+1)*k], vals[int(r)*k:])
		copy(t.has[i*k:(i+1)*k], has[int(r)*k:])
	}
	return t, true
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
