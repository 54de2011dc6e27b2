package membership

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
)

func shape(reqs []Request) []string {
	out := make([]string, len(reqs))
	for i, r := range reqs {
		out[i] = r.String()
	}
	return out
}

// run applies reqs in order as the API would, starting from current.
func run(t *testing.T, current []string, reqs []Request) []string {
	t.Helper()
	for _, r := range reqs {
		if len(r.IDs) > MaxIDsPerRequest {
			t.Fatalf("%s exceeds %d IDs", r, MaxIDsPerRequest)
		}
		if !IsSorted(r.IDs) {
			t.Fatalf("%s is not a sorted set", r)
		}
		current = r.After(current)
	}
	return current
}

func TestPlanCreate(t *testing.T) {
	for _, tc := range []struct {
		n    int
		want []string
	}{
		{0, []string{"create 0 IDs"}},
		{1, []string{"create 1 IDs"}},
		{25000, []string{"create 25000 IDs"}},
		{25001, []string{"create 25000 IDs", "add 1 IDs"}},
		{60001, []string{"create 25000 IDs", "add 25000 IDs", "add 10001 IDs"}},
		{100000, []string{"create 25000 IDs", "add 25000 IDs", "add 25000 IDs", "add 25000 IDs"}},
	} {
		target := Normalize(testIDs(tc.n, 1))
		reqs := PlanCreate(target)
		if got := shape(reqs); !slices.Equal(got, tc.want) {
			t.Errorf("PlanCreate(%d) = %q, want %q", tc.n, got, tc.want)
		}
		if got := run(t, nil, reqs); !slices.Equal(got, target) {
			t.Errorf("PlanCreate(%d) does not reach the target", tc.n)
		}
	}
}

func TestPlanUpdate(t *testing.T) {
	big := Normalize(testIDs(60001, 1))
	extra := Normalize(testIDs(30000, 2)) // disjoint from big: different random letters and indices may collide, so filter
	extra = Subtract(extra, big)
	small := big[:10]
	for _, tc := range []struct {
		name            string
		current, target []string
		want            []string
	}{
		{"unchanged", big, big, nil},
		{"add 1000 to 60001", big, Union(big, extra[:1000]), []string{"add 1000 IDs"}},
		{"remove 1000 of 60001", big, big[1000:], []string{"remove 1000 IDs"}},
		{"swap 500 in 60001", big, Union(big[500:], extra[:500]), []string{"add 500 IDs", "remove 500 IDs"}},
		{"add 30000 to 60001", big, Union(big, extra), []string{"add 25000 IDs", fmt.Sprintf("add %d IDs", len(extra)-25000)}},
		// target fits one request and the delta needs two: one override instead
		{"swap 1 in 10", small, Union(small[1:], extra[:1]), []string{"override 10 IDs"}},
		// a one-request delta stays a delta: same count, smaller payload
		{"add 1 to 10", small, Union(small, extra[:1]), []string{"add 1 IDs"}},
		// 60001 → 20000: removes need 2 requests; one override of the 20000 is fewer
		{"shrink to 20000", big, big[:20000], []string{"override 20000 IDs"}},
		// an empty target is never an override
		{"empty all", big, nil, []string{"remove 25000 IDs", "remove 25000 IDs", "remove 10001 IDs"}},
		{"empty one", small, nil, []string{"remove 10 IDs"}},
	} {
		reqs := PlanUpdate(tc.current, tc.target)
		if got := shape(reqs); !slices.Equal(got, tc.want) {
			t.Errorf("%s: PlanUpdate = %q, want %q", tc.name, got, tc.want)
		}
		if got := run(t, tc.current, reqs); !slices.Equal(got, tc.target) {
			t.Errorf("%s: plan does not reach the target", tc.name)
		}
	}
}

// TestPlanUpdateAddsBeforeRemoving: a user who stays is never missing between requests.
func TestPlanUpdateAddsBeforeRemoving(t *testing.T) {
	big := Normalize(testIDs(80000, 1))
	reqs := PlanUpdate(big[:50000], big[30000:])
	if got, want := shape(reqs), []string{"add 25000 IDs", "add 5000 IDs", "remove 25000 IDs", "remove 5000 IDs"}; !slices.Equal(got, want) {
		t.Fatalf("PlanUpdate = %q, want %q", got, want)
	}
	current := big[:50000]
	stay := big[30000:50000]
	for _, r := range reqs {
		current = r.After(current)
		if len(Subtract(stay, current)) != 0 {
			t.Fatalf("after %s a staying user is missing", r)
		}
	}
}

func TestPlanOverride(t *testing.T) {
	target := Normalize(testIDs(60001, 1))
	reqs := PlanOverride(target)
	if got, want := shape(reqs), []string{"override 25000 IDs", "add 25000 IDs", "add 10001 IDs"}; !slices.Equal(got, want) {
		t.Errorf("PlanOverride = %q, want %q", got, want)
	}
	// Whatever the segment held before, the pass converges.
	if got := run(t, []string{"stranger@x.com"}, reqs); !slices.Equal(got, target) {
		t.Error("PlanOverride does not reach the target")
	}
	if got := shape(PlanOverride(nil)); !slices.Equal(got, []string{"override 0 IDs"}) {
		t.Errorf("PlanOverride(empty) = %q", got)
	}
}

// TestPlansAreMinimalAndConverge checks random pairs: every plan reaches its target and
// uses no more requests than either strategy's count.
func TestPlansAreMinimalAndConverge(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	universe := Normalize(testIDs(120000, 9))
	for range 30 {
		a, b := randomSet(r, universe), randomSet(r, universe)
		a = a[:r.IntN(len(a)+1)]
		b = b[:r.IntN(len(b)+1)]
		reqs := PlanUpdate(a, b)
		if got := run(t, a, reqs); !slices.Equal(got, b) {
			t.Fatalf("PlanUpdate(%d → %d) does not converge", len(a), len(b))
		}
		add, remove := Delta(a, b)
		deltaCount := ceilDiv(len(add)) + ceilDiv(len(remove))
		want := deltaCount
		if len(b) > 0 && len(b) <= MaxIDsPerRequest && deltaCount > 1 {
			want = 1
		}
		if len(reqs) != want {
			t.Fatalf("PlanUpdate(%d → %d) = %d requests, want %d", len(a), len(b), len(reqs), want)
		}
	}
}

func ceilDiv(n int) int { return (n + MaxIDsPerRequest - 1) / MaxIDsPerRequest }

// The chunks are capped sub-slices: appending to one must not overwrite the next.
func TestChunksDoNotAlias(t *testing.T) {
	target := Normalize(testIDs(50001, 1))
	reqs := PlanCreate(target)
	next := reqs[1].IDs[0]
	_ = append(reqs[0].IDs, "zzz")
	if reqs[1].IDs[0] != next || target[25000] != next {
		t.Error("appending to a chunk overwrote the next one")
	}
}

// Replay equals applying the requests one by one, for every prefix of every kind of plan.
func TestReplayMatchesSequentialApplication(t *testing.T) {
	big := Normalize(testIDs(80000, 1))
	current, target := big[:50000], big[20000:]
	for name, plan := range map[string][]Request{
		"create":   PlanCreate(target),
		"update":   PlanUpdate(current, target),
		"override": PlanOverride(target),
		"mixed": {
			{Op: OpAdd, IDs: big[60000:60010]}, {Op: OpAdd, IDs: big[10:20]}, // not ascending
			{Op: OpRemove, IDs: big[0:5]}, {Op: OpAdd, IDs: big[70000:70001]},
		},
	} {
		for n := 0; n <= len(plan); n++ {
			want := slices.Clone(current)
			for _, r := range plan[:n] {
				want = r.After(want)
			}
			if got := Replay(current, plan[:n]); !slices.Equal(got, want) {
				t.Errorf("%s: Replay of %d requests differs from applying them one by one", name, n)
			}
		}
	}
}
