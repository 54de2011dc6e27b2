package membership

import (
	"math/rand/v2"
	"slices"
	"testing"
)

func TestDelta(t *testing.T) {
	add, remove := Delta([]string{"a", "b", "d", "f"}, []string{"b", "c", "d", "e", "g"})
	if !slices.Equal(add, []string{"c", "e", "g"}) || !slices.Equal(remove, []string{"a", "f"}) {
		t.Errorf("add %q remove %q", add, remove)
	}
	add, remove = Delta(nil, []string{"a"})
	if !slices.Equal(add, []string{"a"}) || remove != nil {
		t.Errorf("from empty: add %q remove %q", add, remove)
	}
	add, remove = Delta([]string{"a"}, []string{"a"})
	if add != nil || remove != nil {
		t.Errorf("unchanged: add %q remove %q", add, remove)
	}
}

// randomSet returns a sorted set drawn from a small universe, so sets overlap.
func randomSet(r *rand.Rand, universe []string) []string {
	var out []string
	for _, id := range universe {
		if r.IntN(2) == 0 {
			out = append(out, id)
		}
	}
	return out
}

func TestSetOperationsAgreeWithMaps(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	universe := Normalize(testIDs(200, 5))
	for range 200 {
		a, b := randomSet(r, universe), randomSet(r, universe)
		inA, inB := map[string]bool{}, map[string]bool{}
		for _, id := range a {
			inA[id] = true
		}
		for _, id := range b {
			inB[id] = true
		}
		var wantAdd, wantRemove, wantUnion, wantSub []string
		for _, id := range universe {
			if inB[id] && !inA[id] {
				wantAdd = append(wantAdd, id)
			}
			if inA[id] && !inB[id] {
				wantRemove = append(wantRemove, id)
				wantSub = append(wantSub, id)
			}
			if inA[id] || inB[id] {
				wantUnion = append(wantUnion, id)
			}
		}
		add, remove := Delta(a, b)
		if !slices.Equal(add, wantAdd) || !slices.Equal(remove, wantRemove) {
			t.Fatalf("Delta(%q, %q) = %q, %q", a, b, add, remove)
		}
		if got := Union(a, b); !slices.Equal(got, wantUnion) {
			t.Fatalf("Union = %q, want %q", got, wantUnion)
		}
		if got := Subtract(a, b); !slices.Equal(got, wantSub) {
			t.Fatalf("Subtract = %q, want %q", got, wantSub)
		}
	}
}

func TestSampleCopies(t *testing.T) {
	ids := []string{"a", "b", "c"}
	s := Sample(ids, 2)
	s[0] = "z"
	if ids[0] != "a" || len(s) != 2 || len(Sample(ids, 10)) != 3 {
		t.Errorf("Sample aliases or miscounts: %q %q", ids, s)
	}
}
