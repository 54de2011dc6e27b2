package membership

import "fmt"

// Op is what one segment write request does.
type Op string

const (
	OpCreate   Op = "create"   // POST: creates the segment with these IDs
	OpAdd      Op = "add"      // PUT action "add"
	OpRemove   Op = "remove"   // PUT action "remove"
	OpOverride Op = "override" // PUT action "override": the segment becomes exactly these IDs
)

// Request is one segment write request of a plan. IDs is a sorted set of at most
// MaxIDsPerRequest IDs, a sub-slice of the planner's input: do not modify it.
type Request struct {
	Op  Op
	IDs []string
}

func (r Request) String() string { return fmt.Sprintf("%s %d IDs", r.Op, len(r.IDs)) }

// After returns the membership once r has succeeded on a segment whose membership was
// current (nil for OpCreate and OpOverride, which do not depend on it). It is how a
// part-way failure records exactly what was applied.
func (r Request) After(current []string) []string {
	switch r.Op {
	case OpAdd:
		return Union(current, r.IDs)
	case OpRemove:
		return Subtract(current, r.IDs)
	default:
		return append([]string{}, r.IDs...)
	}
}

// PlanCreate plans a new segment: the POST carries the first MaxIDsPerRequest IDs and
// the rest follow as "add" chunks. ceil(n/MaxIDsPerRequest) requests, and one for n = 0.
func PlanCreate(target []string) []Request {
	n := min(len(target), MaxIDsPerRequest)
	first := target[:n:n]
	return append([]Request{{Op: OpCreate, IDs: first}}, chunks(OpAdd, target[len(first):])...)
}

// PlanUpdate plans the change of a segment from current to target (both sorted sets):
// the exact delta, "add" chunks first so that no user who stays is ever missing, then
// "remove" chunks; or one "override" when target fits in one request and the delta
// needs more than one. An empty target is never sent as an override: WalkMe does not
// document an empty override, while removes are documented.
func PlanUpdate(current, target []string) []Request {
	add, remove := Delta(current, target)
	reqs := append(chunks(OpAdd, add), chunks(OpRemove, remove)...)
	if len(reqs) > 1 && len(target) > 0 && len(target) <= MaxIDsPerRequest {
		return []Request{{Op: OpOverride, IDs: target}}
	}
	return reqs
}

// PlanOverride plans setting a segment whose membership is unknown (after an import):
// one override with the first MaxIDsPerRequest IDs, then "add" chunks for the rest.
func PlanOverride(target []string) []Request {
	n := min(len(target), MaxIDsPerRequest)
	first := target[:n:n]
	return append([]Request{{Op: OpOverride, IDs: first}}, chunks(OpAdd, target[len(first):])...)
}

func chunks(op Op, ids []string) []Request {
	var out []Request
	for len(ids) > 0 {
		n := min(len(ids), MaxIDsPerRequest)
		out = append(out, Request{Op: op, IDs: ids[:n:n]})
		ids = ids[n:]
	}
	return out
}

// Replay returns the membership once reqs have succeeded, in order, on a segment that
// held current (ignored when the first request is OpCreate or OpOverride). It is what a
// part-way failure records. Consecutive add or remove requests over ascending chunks, as
// the planners make them, are merged into one pass: replaying the 40 requests of a
// million IDs costs O(n), not 40 passes.
func Replay(current []string, reqs []Request) []string {
	out := current
	for len(reqs) > 0 {
		op, j := reqs[0].Op, 1
		if op == OpAdd || op == OpRemove {
			for j < len(reqs) && reqs[j].Op == op && ascending(reqs[j-1].IDs, reqs[j].IDs) {
				j++
			}
		}
		ids := reqs[0].IDs
		if j > 1 {
			ids = make([]string, 0, len(ids)*j)
			for _, r := range reqs[:j] {
				ids = append(ids, r.IDs...)
			}
		}
		out = Request{Op: op, IDs: ids}.After(out)
		reqs = reqs[j:]
	}
	return out
}

// ascending reports whether b's IDs all sort after a's (both sorted sets).
func ascending(a, b []string) bool {
	return len(a) == 0 || len(b) == 0 || a[len(a)-1] < b[0]
}
