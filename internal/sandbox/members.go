package sandbox

import (
	"hash/maphash"
	"maps"
	"slices"
)

// memberSet is a segment's members: an exact set of user IDs, indexed by a 64-bit hash
// of each ID rather than by the ID itself.
//
// Why not a map[string]struct{}: a million-member segment grows its map over 40 requests,
// and every growth step rehashes the keys it moves, reading each ID's bytes from wherever
// its request put them. Those cache misses made building a million-member segment cost
// the sandbox about 18 ms per 25,000-ID request (BenchmarkSegmentMillion), on the same
// cores as the provider sending them. A uint64 key is hashed from the map's own memory.
//
// Exactness does not rest on the hash: an ID whose hash another member already holds
// goes to clash, keyed by the ID itself. With a 64-bit seeded hash that stays empty in
// practice; TestMemberSetClashes runs the set on a hash that collides all the time.
type memberSet struct {
	byHash map[uint64]string   // hash → the member holding it
	clash  map[string]struct{} // members whose hash another member holds
}

var memberSeed = maphash.MakeSeed()

// memberHash hashes a user ID; tests swap it for one that collides.
var memberHash = func(id string) uint64 { return maphash.String(memberSeed, id) }

// newMemberSet returns a set with room for n members.
func newMemberSet(n int) memberSet {
	return memberSet{byHash: make(map[uint64]string, n)}
}

// add puts id in the set; an ID already there stays.
func (m *memberSet) add(id string) {
	h := memberHash(id)
	cur, ok := m.byHash[h]
	switch {
	case !ok:
		if m.byHash == nil {
			m.byHash = map[uint64]string{}
		}
		m.byHash[h] = id
	case cur != id:
		if m.clash == nil {
			m.clash = map[string]struct{}{}
		}
		m.clash[id] = struct{}{}
	}
}

// remove takes id out of the set; an ID not there is no error.
func (m *memberSet) remove(id string) {
	h := memberHash(id)
	if cur, ok := m.byHash[h]; !ok || cur != id {
		delete(m.clash, id)
		return
	}
	delete(m.byHash, h)
	// A clashing member with the same hash takes the freed place, so that every member
	// is found where add and remove look first.
	for c := range m.clash {
		if memberHash(c) == h {
			m.byHash[h] = c
			delete(m.clash, c)
			return
		}
	}
}

func (m *memberSet) len() int { return len(m.byHash) + len(m.clash) }

// list returns the members in no particular order.
func (m *memberSet) list() []string {
	out := make([]string, 0, m.len())
	out = slices.AppendSeq(out, maps.Values(m.byHash))
	return slices.AppendSeq(out, maps.Keys(m.clash))
}
