package sandbox

import (
	"maps"
	"math/rand/v2"
	"slices"
	"strconv"
	"testing"
)

// TestMemberSetCollisions runs memberSets on hashes that collide all the time against a
// plain map, through random adds and removes: the set stays exact whatever the hash. The
// hashes give few places, some at the end of the table, so that runs wrap around and
// removes shift entries back across the end.
func TestMemberSetCollisions(t *testing.T) {
	saved := memberHash
	t.Cleanup(func() { memberHash = saved })
	hashes := map[string]func(string) uint64{
		"3 values": func(id string) uint64 { return uint64(len(id) % 3) },
		"places near the end": func(id string) uint64 {
			n, _ := strconv.Atoi(id)
			return uint64(1<<31-3+n%7) << 32 // top bits 2^31-3 … 2^31+3: the last places, then 0, 1, 2, 3
		},
		"same top bits, different low bits": func(id string) uint64 { return uint64(len(id)) },
		"maphash":                           saved,
	}
	for name, hash := range hashes {
		t.Run(name, func(t *testing.T) {
			memberHash = hash
			rng := rand.New(rand.NewPCG(1, 2))
			for _, start := range []int{0, 5, 400} {
				m, want := newMemberSet(start), map[string]struct{}{}
				for step := range 6000 {
					id := strconv.Itoa(rng.IntN(300))
					switch op := rng.IntN(10); {
					case op < 4:
						m.remove(id)
						delete(want, id)
					case op == 4 && step%500 == 0: // now and then an override
						m, want = newMemberSet(3), map[string]struct{}{}
					default:
						m.add(id)
						want[id] = struct{}{}
					}
					if m.len() != len(want) {
						t.Fatalf("step %d: len %d, want %d", step, m.len(), len(want))
					}
				}
				got := m.list()
				slices.Sort(got)
				if w := slices.Sorted(maps.Keys(want)); !slices.Equal(got, w) {
					t.Fatalf("members %v, want %v", got, w)
				}
				for id := range want {
					if _, found := m.find(id, memberHash(id)); !found {
						t.Fatalf("member %s not found", id)
					}
				}
			}
		})
	}
}

// TestMemberSetZero: the zero set takes removes and adds.
func TestMemberSetZero(t *testing.T) {
	var m memberSet
	m.remove("a")
	m.add("a")
	m.add("a")
	if m.len() != 1 || !slices.Equal(m.list(), []string{"a"}) {
		t.Fatalf("members %v", m.list())
	}
	m.remove("a")
	m.remove("a")
	if m.len() != 0 {
		t.Fatalf("members %v", m.list())
	}
}

// TestMemberSetManyChunks grows a set over several chunks of its list, then empties most
// of it in random order (removes move the last member into the freed index, across
// chunks, and drop emptied chunks), and refills it.
func TestMemberSetManyChunks(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	m, want := newMemberSet(10), map[string]struct{}{}
	check := func(when string) {
		t.Helper()
		got := m.list()
		slices.Sort(got)
		if w := slices.Sorted(maps.Keys(want)); m.len() != len(want) || !slices.Equal(got, w) {
			t.Fatalf("%s: %d members, want %d", when, m.len(), len(want))
		}
		for id := range want {
			if _, found := m.find(id, memberHash(id)); !found {
				t.Fatalf("%s: member %s not found", when, id)
			}
		}
	}
	for i := range 3*(1<<memberChunkBits) + 7 {
		id := "id-" + strconv.Itoa(i)
		m.add(id)
		want[id] = struct{}{}
	}
	check("after adds")
	for _, i := range rng.Perm(3*(1<<memberChunkBits) + 7)[:2*(1<<memberChunkBits)+100] {
		id := "id-" + strconv.Itoa(i)
		m.remove(id)
		delete(want, id)
	}
	check("after removes")
	if len(m.ids.chunks) != 1 {
		t.Errorf("%d chunks for %d members", len(m.ids.chunks), m.len())
	}
	for i := range 5000 {
		id := "again-" + strconv.Itoa(i)
		m.add(id)
		want[id] = struct{}{}
	}
	check("after adding again")
}

// TestMemberSetAddAll: adding a request's IDs at once (duplicates within the batch and
// with members included, on hashes that collide and on maphash, growing the table or
// not) gives the set that adding them one by one gives.
func TestMemberSetAddAll(t *testing.T) {
	saved := memberHash
	t.Cleanup(func() { memberHash = saved })
	for name, hash := range map[string]func(string) uint64{
		"3 values": func(id string) uint64 { return uint64(len(id) % 3) },
		"maphash":  saved,
	} {
		t.Run(name, func(t *testing.T) {
			memberHash = hash
			rng := rand.New(rand.NewPCG(5, 6))
			all, one := newMemberSet(0), newMemberSet(0)
			for range 40 {
				batch := make([]string, rng.IntN(100))
				for i := range batch {
					batch[i] = strconv.Itoa(rng.IntN(1000))
				}
				all.addAll(batch)
				for _, id := range batch {
					one.add(id)
				}
				for _, id := range batch[:len(batch)/3] {
					all.remove(id)
					one.remove(id)
				}
				got, want := all.list(), one.list()
				slices.Sort(got)
				slices.Sort(want)
				if !slices.Equal(got, want) {
					t.Fatalf("addAll %v, add one by one %v", got, want)
				}
				for _, id := range want {
					if _, found := all.find(id, memberHash(id)); !found {
						t.Fatalf("member %s not found", id)
					}
				}
			}
		})
	}
}
