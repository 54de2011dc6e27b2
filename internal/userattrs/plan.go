package userattrs

import (
	"maps"
	"reflect"
	"sort"
)

// Plan is what one apply sends, computed from what was pushed before (prior) and what the
// configuration declares (desired), in O(n) plus sorting the users it sends.
//
// The API's rule decides the shape: in a request with several records, WalkMe deletes the
// integration's fields a record leaves out; in a request with one record it keeps them; a
// request cannot delete a whole user. So every record is complete (all the user's declared
// attributes), which makes a multi-user request leave the user exactly as declared, and:
//   - a user that lost an attribute must be sent in a multi-user request: that is the only
//     way to delete the attribute;
//   - a user new to this resource is sent in a multi-user request too, so that values left
//     in WalkMe from before (another tool, or an earlier removal from this resource) go;
//   - when such a user would be the only record, an unchanged user is re-sent beside it
//     (the Companion): one extra record, never an extra request;
//   - a user whose values changed, with nothing removed, may go alone: its record already
//     holds every attribute this resource ever set for it.
//
// Requests hold at most 100 records, and at least 2 whenever more than one record is sent,
// so no user with a pending removal ever ends up alone in the last request.
type Plan struct {
	Batches     [][]string // user IDs per request, in sending order
	Companion   string     // unchanged user added to make a lone record multi-user, or ""
	Added       []string   // users not pushed by this resource before
	Changed     []string   // users with changed values or types and nothing removed
	Removing    []string   // users with at least one attribute removed
	Forgotten   []string   // users no longer declared: WalkMe keeps their values
	Unremovable []Removal  // removals the API cannot make: the resource manages one user only
}

// Removal names attributes that stay in WalkMe although the configuration dropped them.
type Removal struct {
	User       string
	Attributes []string
}

// Records is how many records the plan sends.
func (p Plan) Records() int {
	n := 0
	for _, b := range p.Batches {
		n += len(b)
	}
	return n
}

// NewPlan computes the requests that take WalkMe from prior to desired. A different user ID
// property means different records, so prior counts as nothing pushed.
func NewPlan(prior, desired Config) Plan {
	if prior.UserIDProperty != desired.UserIDProperty {
		prior = Config{UserIDProperty: desired.UserIDProperty}
	}
	var p Plan
	changedToo := map[string]bool{} // removing users whose values changed as well
	typesSame := maps.Equal(prior.Types, desired.Types)
	for id, attrs := range desired.Users {
		old, ok := prior.Users[id]
		if !ok {
			p.Added = append(p.Added, id)
			continue
		}
		if typesSame && sameMap(old, attrs) {
			continue // one map for both (DecodeLike): unchanged
		}
		changed, kept := false, 0
		for name, v := range attrs {
			ov, had := old[name]
			if had {
				kept++
			}
			if !had || ov != v || prior.Types[name] != desired.Types[name] {
				changed = true
			}
		}
		switch {
		case kept < len(old):
			p.Removing = append(p.Removing, id)
			if changed {
				changedToo[id] = true
			}
		case changed:
			p.Changed = append(p.Changed, id)
		}
	}
	for id := range prior.Users {
		if _, ok := desired.Users[id]; !ok {
			p.Forgotten = append(p.Forgotten, id)
		}
	}
	for _, s := range [][]string{p.Added, p.Changed, p.Removing, p.Forgotten} {
		sort.Strings(s)
	}
	p.batch(func(lone string) string { return companion(desired.Users, lone) }, changedToo,
		func(id string) []string { return removed(prior.Users[id], desired.Users[id]) })
	return p
}

// batch sorts the users to send into requests, from the users p names (each list sorted):
// a lone record gets a companion (companionOf: the smallest declared user other than it),
// or, when it would only remove, is not sent (Unremovable then names what removedOf says it
// cannot remove). changedToo holds the removing users whose values changed as well.
func (p *Plan) batch(companionOf func(lone string) string, changedToo map[string]bool, removedOf func(id string) []string) {
	send := make([]string, 0, len(p.Added)+len(p.Changed)+len(p.Removing)+1)
	send = append(append(append(send, p.Added...), p.Changed...), p.Removing...)
	if len(send) == 1 && len(p.Changed) == 0 {
		lone := send[0]
		p.Companion = companionOf(lone)
		switch {
		case p.Companion != "":
			send = append(send, p.Companion)
		case len(p.Removing) == 1:
			p.Unremovable = []Removal{{User: lone, Attributes: removedOf(lone)}}
			if !changedToo[lone] {
				send = nil // alone it would delete nothing and change nothing
			}
		}
	}
	sort.Strings(send)
	p.Batches = chunk(send)
}

// sameMap reports whether a and b are the same map object.
func sameMap(a, b map[string]string) bool {
	return reflect.ValueOf(a).UnsafePointer() == reflect.ValueOf(b).UnsafePointer()
}

// companion is the smallest declared user other than lone, or "" when there is none.
func companion(users map[string]map[string]string, lone string) string {
	best := ""
	for id := range users {
		if id != lone && (best == "" || id < best) {
			best = id
		}
	}
	return best
}

func removed(old, now map[string]string) []string {
	var out []string
	for name := range old {
		if _, ok := now[name]; !ok {
			out = append(out, name)
		}
	}
	sort.Strings(out)
	return out
}

// chunk splits ids into requests of at most MaxRecordsPerRequest, moving one record forward
// when the last request would otherwise hold a single record among several.
func chunk(ids []string) [][]string {
	var out [][]string
	for i := 0; i < len(ids); i += MaxRecordsPerRequest {
		out = append(out, ids[i:min(i+MaxRecordsPerRequest, len(ids))])
	}
	if k := len(out); k > 1 && len(out[k-1]) == 1 {
		n := len(ids)
		out[k-2] = ids[n-1-MaxRecordsPerRequest : n-2]
		out[k-1] = ids[n-2:]
	}
	return out
}

// Recorded is what the state must hold after the first sent batches of the plan succeeded
// and the rest were not sent (or failed, so whether WalkMe acted is unknown): users sent or
// unchanged as declared, users still pending as before, forgotten users gone. The next plan
// then shows exactly the rest, and the next apply finishes it.
func (p Plan) Recorded(prior, desired Config, sent int) Config {
	done := make([]bool, len(p.Batches))
	for i := range min(sent, len(done)) {
		done[i] = true
	}
	return p.RecordedDone(prior, desired, done)
}

// RecordedDone is Recorded for batches sent in any order: done[i] says whether WalkMe
// accepted batch i. Batches are independent (each record is complete, and every batch that
// removes something holds several records), so any subset of them is a consistent result.
func (p Plan) RecordedDone(prior, desired Config, done []bool) Config {
	pending := make(map[string]bool)
	for i, b := range p.Batches {
		if i < len(done) && done[i] {
			continue
		}
		for _, id := range b {
			pending[id] = true
		}
	}
	if len(pending) == 0 {
		return desired
	}
	if prior.UserIDProperty != desired.UserIDProperty {
		prior = Config{UserIDProperty: desired.UserIDProperty}
	}
	out := Config{
		UserIDProperty: desired.UserIDProperty,
		Types:          make(map[string]string, len(desired.Types)+len(prior.Types)),
		Users:          make(map[string]map[string]string, len(desired.Users)),
	}
	// A type that changed keeps its old name until every user holding it was re-sent; the
	// next plan re-sends the users already done, which is harmless.
	for name, t := range desired.Types {
		out.Types[name] = t
	}
	for name, t := range prior.Types {
		out.Types[name] = t
	}
	for id, attrs := range desired.Users {
		if !pending[id] {
			out.Users[id] = attrs
		} else if old, ok := prior.Users[id]; ok {
			out.Users[id] = old
		}
	}
	return out
}
