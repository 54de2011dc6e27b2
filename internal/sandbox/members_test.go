package sandbox

import (
	"maps"
	"math/rand/v2"
	"slices"
	"strconv"
	"testing"
)

// TestMemberSetClashes runs a memberSet whose hash puts IDs in 3 buckets, so that nearly
// every ID clashes with another, against a plain map through random adds and removes: the
// set stays exact whatever the hash.
func TestMemberSetClashes(t *testing.T) {
	saved := memberHash
	t.Cleanup(func() { memberHash = saved })
	memberHash = func(id string) uint64 { return uint64(len(id) % 3) }

	rng := rand.New(rand.NewPCG(1, 2))
	m, want := newMemberSet(0), map[string]struct{}{}
	for step := range 5000 {
		id := strconv.Itoa(rng.IntN(300))
		if rng.IntN(3) == 0 {
			m.remove(id)
			delete(want, id)
		} else {
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
	if len(m.clash) == 0 {
		t.Fatal("no clash happened: the test hash did not collide")
	}
}

// TestMemberSetZero: the zero set (a segment loaded without members) takes adds.
func TestMemberSetZero(t *testing.T) {
	var m memberSet
	m.remove("a")
	m.add("a")
	m.add("a")
	if m.len() != 1 || !slices.Equal(m.list(), []string{"a"}) {
		t.Fatalf("members %v", m.list())
	}
}
