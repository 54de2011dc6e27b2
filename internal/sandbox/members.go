package sandbox

import (
	"hash/maphash"
	"math/bits"
)

// memberSet is a segment's members: an exact set of user IDs, kept as a list of the IDs
// and a hash table of 8-byte entries pointing into it.
//
// Why not a Go map: building a million-member segment takes 40 requests of 25,000 IDs,
// and on the 2 cores the provider shares with the sandbox in the benchmarks the map's
// inserts were most of the sandbox's time per request. A map[string]struct{} rehashes the
// keys it moves at every growth step, reading each ID's bytes from wherever its request
// put them (BenchmarkSegmentMillion: 24 ms per request); keyed by a 64-bit hash it still
// misses the caches on control words, keys and values of 24-byte slots. Here an insert of
// a new ID reads one 8-byte entry, and growth moves entries without reading any ID.
//
// Each table entry is the top 32 bits of the ID's hash (which also pick its place, by
// linear probing) and its index in ids plus one; 0 is an empty entry. An entry whose
// hash bits match is confirmed by comparing the IDs themselves, so the set is exact
// whatever the hash: TestMemberSetCollisions runs it on a hash that collides all the time.
type memberSet struct {
	ids     memberList // the members, in no particular order
	table   []uint64   // a power of two long, at most 3/4 full
	touched uint64     // addAll's early reads end here, meaning nothing
}

var memberSeed = maphash.MakeSeed()

// memberHash hashes a user ID; tests swap it for one that collides.
var memberHash = func(id string) uint64 { return maphash.String(memberSeed, id) }

// newMemberSet returns a set with room for n members.
func newMemberSet(n int) memberSet {
	m := memberSet{table: make([]uint64, tableSize(n))}
	if n > 0 {
		m.ids.chunks = [][]string{make([]string, 0, min(n, 1<<memberChunkBits))}
	}
	return m
}

// tableSize is the smallest power of two that holds n entries at most 3/4 full (at least 8).
func tableSize(n int) int {
	return max(8, 1<<bits.Len(uint(n*4/3)))
}

// find returns the table position of id (found) or of the empty entry where it would go.
func (m *memberSet) find(id string, h uint64) (pos int, found bool) {
	top := uint32(h >> 32)
	mask := len(m.table) - 1
	for pos = int(top) & mask; ; pos = (pos + 1) & mask {
		e := m.table[pos]
		if e == 0 {
			return pos, false
		}
		if uint32(e>>32) == top && m.ids.at(int(uint32(e))-1) == id {
			return pos, true
		}
	}
}

// add puts id in the set; an ID already there stays.
func (m *memberSet) add(id string) {
	if m.ids.n+1 > len(m.table)/4*3 {
		m.rebuild(2 * (m.ids.n + 1))
	}
	m.insert(id, memberHash(id))
}

// insert adds id, whose hash is h, to a table with room for it.
func (m *memberSet) insert(id string, h uint64) {
	pos, found := m.find(id, h)
	if found {
		return
	}
	m.ids.push(id)
	m.table[pos] = h>>32<<32 | uint64(m.ids.n)
}

// addAll adds ids as add does, one by one, but reads the table entries of each group of
// IDs before it inserts them: the reads are independent, so the CPU overlaps their cache
// misses, which one insert after another (each waiting for its entry) did not.
func (m *memberSet) addAll(ids []string) {
	if need := m.ids.n + len(ids); need > len(m.table)/4*3 {
		m.rebuild(2 * need) // room for all: no growth inside a group
	}
	const group = 32
	var hashes [group]uint64
	mask := len(m.table) - 1
	for len(ids) > 0 {
		batch := ids[:min(group, len(ids))]
		ids = ids[len(batch):]
		var touched uint64
		for i, id := range batch {
			hashes[i] = memberHash(id)
			touched |= m.table[int(hashes[i]>>32)&mask]
		}
		m.touched |= touched // used, so that the reads are not left out
		for i, id := range batch {
			m.insert(id, hashes[i])
		}
	}
}

// remove takes id out of the set; an ID not there is no error.
func (m *memberSet) remove(id string) {
	if m.ids.n == 0 {
		return
	}
	pos, found := m.find(id, memberHash(id))
	if !found {
		return
	}
	idx := int(uint32(m.table[pos])) - 1
	m.deleteEntry(pos)
	// The last member takes the freed index, so that ids has no holes.
	if last := m.ids.n - 1; idx != last {
		moved := m.ids.at(last)
		p, _ := m.find(moved, memberHash(moved))
		m.table[p] = m.table[p]>>32<<32 | uint64(idx+1)
		m.ids.set(idx, moved)
	}
	m.ids.pop()
}

// deleteEntry empties the table entry at pos by backward-shift deletion: every later
// entry of the run that the gap would cut off from its place moves up, so that lookups
// never need tombstones.
func (m *memberSet) deleteEntry(pos int) {
	mask := len(m.table) - 1
	for next := (pos + 1) & mask; m.table[next] != 0; next = (next + 1) & mask {
		home := int(m.table[next]>>32) & mask
		if (next-home)&mask < (next-pos)&mask {
			continue // its place lies cyclically in (pos, next]: the gap does not cut it off
		}
		m.table[pos] = m.table[next]
		pos = next
	}
	m.table[pos] = 0
}

// rebuild makes a table with room for n members and moves every entry to it. An entry
// carries the hash bits that place it, so no ID is read (nor hashed) again.
func (m *memberSet) rebuild(n int) {
	old := m.table
	m.table = make([]uint64, tableSize(max(n, m.ids.n)))
	mask := len(m.table) - 1
	for _, e := range old {
		if e == 0 {
			continue
		}
		pos := int(e>>32) & mask
		for m.table[pos] != 0 {
			pos = (pos + 1) & mask
		}
		m.table[pos] = e
	}
}

func (m *memberSet) len() int { return m.ids.n }

// list returns the members in no particular order.
func (m *memberSet) list() []string {
	out := make([]string, 0, m.ids.n)
	for _, c := range m.ids.chunks {
		out = append(out, c...)
	}
	return out
}

// memberList is a list of IDs kept in chunks of 4096, so that it grows without copying
// itself: doubling a million-member slice, with the GC's write barriers, was a sixth of
// the sandbox's CPU in the bench's profile.
type memberList struct {
	chunks [][]string // all full but the last, which is not empty
	n      int
}

const memberChunkBits = 12 // 4096 IDs, 64 KiB of string headers

func (l *memberList) at(i int) string { return l.chunks[i>>memberChunkBits][i&(1<<memberChunkBits-1)] }
func (l *memberList) set(i int, id string) {
	l.chunks[i>>memberChunkBits][i&(1<<memberChunkBits-1)] = id
}

func (l *memberList) push(id string) {
	c := l.n >> memberChunkBits
	switch {
	case c == len(l.chunks) && c == 0:
		l.chunks = append(l.chunks, nil) // grows by append: small segments stay small
	case c == len(l.chunks):
		l.chunks = append(l.chunks, make([]string, 0, 1<<memberChunkBits))
	}
	l.chunks[c] = append(l.chunks[c], id)
	l.n++
}

// pop drops the last ID.
func (l *memberList) pop() {
	l.n--
	c := l.n >> memberChunkBits
	last := l.chunks[c]
	last[len(last)-1] = "" // the request text it points into may go
	if l.chunks[c] = last[:len(last)-1]; len(l.chunks[c]) == 0 {
		l.chunks[c] = nil
		l.chunks = l.chunks[:c]
	}
}
