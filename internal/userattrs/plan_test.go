package userattrs

import (
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

func users(n int, attrs map[string]string) map[string]map[string]string {
	out := make(map[string]map[string]string, n)
	for i := range n {
		out[fmt.Sprintf("user%05d@walkme.com", i)] = maps.Clone(attrs)
	}
	return out
}

func cloneConfig(c Config) Config {
	out := Config{UserIDProperty: c.UserIDProperty, Types: maps.Clone(c.Types), Users: map[string]map[string]string{}}
	for id, a := range c.Users {
		out.Users[id] = maps.Clone(a)
	}
	return out
}

var threeTypes = map[string]string{"Status": "string", "ARR": "number", "RenewalDate": "date"}

func sizes(p Plan) []int {
	var s []int
	for _, b := range p.Batches {
		s = append(s, len(b))
	}
	return s
}

func TestPlanCreate250(t *testing.T) {
	desired := Config{UserIDProperty: "Email", Types: threeTypes,
		Users: users(250, map[string]string{"Status": "New", "ARR": "1", "RenewalDate": "2027-01-31"})}
	p := NewPlan(Config{}, desired)
	if got := sizes(p); !slices.Equal(got, []int{100, 100, 50}) {
		t.Fatalf("batches %v, want [100 100 50]", got)
	}
	if len(p.Added) != 250 || p.Companion != "" || len(p.Changed)+len(p.Removing)+len(p.Forgotten) != 0 {
		t.Fatalf("plan %+v", p)
	}
	all := slices.Concat(p.Batches...)
	if !slices.IsSorted(all) || len(all) != 250 {
		t.Fatal("records are not each user once, in order")
	}
}

func TestPlanShapes(t *testing.T) {
	base := Config{UserIDProperty: "Email", Types: threeTypes, Users: map[string]map[string]string{
		"a": {"Status": "New", "ARR": "1"},
		"b": {"Status": "New", "ARR": "2"},
		"c": {"Status": "Old", "RenewalDate": "2027-01-31"},
	}}
	tests := []struct {
		name      string
		edit      func(*Config)
		batches   string // users per request, "|" between requests; with a companion, the lone user
		companion string // "*": any unchanged user, sent in one request beside the lone user
		unremov   string
	}{
		{"no change", func(*Config) {}, "", "", ""},
		{"one value changes: that user alone", func(c *Config) { c.Users["b"]["ARR"] = "3" }, "b", "", ""},
		{"one attribute added: that user alone", func(c *Config) { c.Users["c"]["ARR"] = "3" }, "c", "", ""},
		{"one removal: paired with an unchanged user", func(c *Config) { delete(c.Users["b"], "ARR") }, "b", "*", ""},
		{"removal and change on one user: paired", func(c *Config) {
			delete(c.Users["a"], "ARR")
			c.Users["a"]["Status"] = "Gone"
		}, "a", "*", ""},
		{"two removals: together, no companion", func(c *Config) {
			delete(c.Users["a"], "ARR")
			delete(c.Users["c"], "Status")
		}, "a,c", "", ""},
		{"removal beside a change: one request", func(c *Config) {
			delete(c.Users["a"], "ARR")
			c.Users["c"]["Status"] = "x"
		}, "a,c", "", ""},
		{"one user added: paired so stale values go", func(c *Config) {
			c.Users["0new"] = map[string]string{"Status": "New"}
		}, "0new", "*", ""},
		{"user removed: forgotten, nothing sent", func(c *Config) { delete(c.Users, "c") }, "", "", ""},
		{"type change re-sends its holders", func(c *Config) {
			c.Types = map[string]string{"Status": "string", "ARR": "string", "RenewalDate": "date"}
		}, "a,b", "", ""},
		{"type change of an unused attribute sends nothing", func(c *Config) {
			c.Types = map[string]string{"Status": "string", "ARR": "number", "RenewalDate": "string"}
			delete(c.Users, "c")
		}, "", "", ""},
		{"new user id property: everything again", func(c *Config) { c.UserIDProperty = "properties.ID" }, "a,b,c", "", ""},
		{"only user loses an attribute: impossible, nothing sent", func(c *Config) {
			delete(c.Users, "a")
			delete(c.Users, "b")
			delete(c.Users["c"], "RenewalDate")
		}, "", "", "c:RenewalDate"},
		{"only user loses one attribute and changes another: sent alone", func(c *Config) {
			c.Users = map[string]map[string]string{"a": {"Status": "Changed"}}
		}, "a", "", "a:ARR"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			desired := cloneConfig(base)
			tt.edit(&desired)
			p := NewPlan(base, desired)
			var got []string
			for _, b := range p.Batches {
				got = append(got, strings.Join(b, ","))
			}
			if tt.companion == "*" {
				// Any user whose values did not change may go beside the lone one.
				old, declared := base.Users[p.Companion]
				if !declared || !maps.Equal(old, desired.Users[p.Companion]) || p.Companion == tt.batches {
					t.Errorf("companion %q is not an unchanged user", p.Companion)
				}
				want := []string{tt.batches, p.Companion}
				slices.Sort(want)
				if len(p.Batches) != 1 || !slices.Equal(p.Batches[0], want) {
					t.Errorf("batches %v, want one request of %v", p.Batches, want)
				}
			} else if strings.Join(got, "|") != tt.batches || p.Companion != tt.companion {
				t.Errorf("batches %q companion %q, want %q %q", got, p.Companion, tt.batches, tt.companion)
			}
			var un []string
			for _, r := range p.Unremovable {
				un = append(un, r.User+":"+strings.Join(r.Attributes, "+"))
			}
			if strings.Join(un, ",") != tt.unremov {
				t.Errorf("unremovable %v, want %q", un, tt.unremov)
			}
		})
	}
}

func TestPlanForgottenAndCategories(t *testing.T) {
	prior := Config{UserIDProperty: "Email", Types: threeTypes, Users: map[string]map[string]string{
		"keep": {"Status": "x"}, "gone": {"Status": "x"}, "chg": {"Status": "x"}, "rm": {"Status": "x", "ARR": "1"},
	}}
	desired := cloneConfig(prior)
	delete(desired.Users, "gone")
	desired.Users["chg"]["Status"] = "y"
	delete(desired.Users["rm"], "ARR")
	desired.Users["new"] = map[string]string{"Status": "z"}
	p := NewPlan(prior, desired)
	if !slices.Equal(p.Forgotten, []string{"gone"}) || !slices.Equal(p.Changed, []string{"chg"}) ||
		!slices.Equal(p.Removing, []string{"rm"}) || !slices.Equal(p.Added, []string{"new"}) {
		t.Fatalf("plan %+v", p)
	}
	if got := sizes(p); !slices.Equal(got, []int{3}) || p.Records() != 3 {
		t.Fatalf("batches %v", p.Batches)
	}
}

func TestChunkNeverLeavesOneAlone(t *testing.T) {
	for n, want := range map[int][]int{
		1: {1}, 2: {2}, 100: {100}, 101: {99, 2}, 102: {100, 2}, 200: {100, 100}, 201: {100, 99, 2}, 250: {100, 100, 50},
	} {
		ids := make([]string, n)
		for i := range ids {
			ids[i] = fmt.Sprintf("%04d", i)
		}
		out := chunk(ids)
		var got []int
		for _, b := range out {
			got = append(got, len(b))
		}
		if !slices.Equal(got, want) || !slices.Equal(slices.Concat(out...), ids) {
			t.Errorf("chunk(%d) = %v, want %v", n, got, want)
		}
	}
}

// walkme models the End User Update API's documented rule for one integration: a request
// with several records deletes the integration's properties a record leaves out; a request
// with one record keeps them. Values are stored with their type, so a type change shows.
type walkme map[string]map[string]string

func (w walkme) push(t *testing.T, types map[string]string, batch []string, cfg map[string]map[string]string) {
	t.Helper()
	if len(batch) == 0 || len(batch) > MaxRecordsPerRequest {
		t.Fatalf("request with %d records", len(batch))
	}
	seen := map[string]bool{}
	for _, id := range batch {
		if seen[id] {
			t.Fatalf("user %q twice in one request", id)
		}
		seen[id] = true
		attrs := cfg[id]
		if len(attrs) == 0 {
			t.Fatalf("record for %q has no attributes", id)
		}
		stored := w[id]
		if stored == nil {
			stored = map[string]string{}
			w[id] = stored
		}
		if len(batch) > 1 {
			for name := range stored {
				if _, ok := attrs[name]; !ok {
					delete(stored, name)
				}
			}
		}
		for name, v := range attrs {
			stored[name] = types[name] + ":" + v
		}
	}
}

func (w walkme) apply(t *testing.T, c Config, p Plan, n int) {
	for _, b := range p.Batches[:n] {
		w.push(t, c.Types, b, c.Users)
	}
}

func (w walkme) clone() walkme {
	out := walkme{}
	for id, a := range w {
		out[id] = maps.Clone(a)
	}
	return out
}

// check asserts that WalkMe holds exactly the declared attributes of every declared user,
// except what the plan reported it cannot do.
func (w walkme) check(t *testing.T, desired Config, p Plan, lonelyNew bool) {
	t.Helper()
	unremovable := map[string]bool{}
	for _, r := range p.Unremovable {
		for _, a := range r.Attributes {
			unremovable[r.User+"/"+a] = true
		}
	}
	for id, attrs := range desired.Users {
		got := w[id]
		for name, v := range attrs {
			if got[name] != desired.Types[name]+":"+v {
				t.Fatalf("user %q attribute %q: WalkMe has %q, config says %s:%s", id, name, got[name], desired.Types[name], v)
			}
		}
		for name := range got {
			if _, ok := attrs[name]; !ok && !unremovable[id+"/"+name] && !lonelyNew {
				t.Fatalf("user %q keeps attribute %q = %q the config does not declare", id, name, got[name])
			}
		}
	}
}

// TestPlanConvergesInModel drives random histories through the model: after one apply, and
// after an apply that failed part-way followed by another, WalkMe holds exactly the config.
func TestPlanConvergesInModel(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	names := []string{"A", "B", "C", "D", "E"}
	typeNames := []string{"string", "number", "date"}
	randTypes := func() map[string]string {
		out := map[string]string{}
		for _, n := range names {
			out[n] = typeNames[r.IntN(2)]
		}
		return out
	}
	randAttrs := func() map[string]string {
		out := map[string]string{}
		for len(out) == 0 {
			for _, n := range names {
				if r.IntN(2) == 0 {
					out[n] = fmt.Sprint(r.IntN(3))
				}
			}
		}
		return out
	}
	for trial := range 3000 {
		n := r.IntN(6)
		if trial%50 == 0 {
			n = 150 + r.IntN(150)
		}
		prior := Config{UserIDProperty: "Email", Types: randTypes(), Users: map[string]map[string]string{}}
		w := walkme{}
		for i := range n {
			id := fmt.Sprintf("u%03d", i)
			prior.Users[id] = randAttrs()
			w.push(t, prior.Types, []string{id}, prior.Users)
		}
		// Values WalkMe holds from elsewhere for users the config may add.
		for i := range 3 {
			id := fmt.Sprintf("s%d", i)
			w[id] = map[string]string{"E": "string:stale"}
		}

		desired := cloneConfig(prior)
		if r.IntN(4) == 0 {
			desired.Types = randTypes()
		}
		for id := range desired.Users {
			switch r.IntN(6) {
			case 0:
				delete(desired.Users, id)
			case 1:
				desired.Users[id] = randAttrs()
			case 2:
				a := desired.Users[id]
				for k := range a {
					if len(a) > 1 && r.IntN(2) == 0 {
						delete(a, k)
					}
				}
			}
		}
		for i := range r.IntN(3) {
			desired.Users[fmt.Sprintf("s%d", i)] = randAttrs()
		}

		p := NewPlan(prior, desired)
		total := p.Records()
		for _, b := range p.Batches {
			if total > 1 && len(b) < 2 {
				t.Fatalf("trial %d: request with one record among %d: %v", trial, total, sizes(p))
			}
		}
		lonelyNew := len(desired.Users) == 1 && len(p.Added) == 1

		done := w.clone()
		done.apply(t, desired, p, len(p.Batches))
		done.check(t, desired, p, lonelyNew)

		if len(p.Batches) == 0 {
			continue
		}
		// Fail part-way: k requests succeed; the next one may or may not have acted.
		k := r.IntN(len(p.Batches))
		partial := w.clone()
		partial.apply(t, desired, p, k)
		if r.IntN(2) == 0 {
			partial.push(t, desired.Types, p.Batches[k], desired.Users)
		}
		rec := p.Recorded(prior, desired, k)
		for id, attrs := range rec.Users {
			for name := range attrs {
				if _, ok := rec.Types[name]; !ok {
					t.Fatalf("trial %d: recorded user %q has attribute %q without a type", trial, id, name)
				}
			}
		}
		p2 := NewPlan(rec, desired)
		partial.apply(t, desired, p2, len(p2.Batches))
		partial.check(t, desired, p2, lonelyNew || (len(desired.Users) == 1 && len(p2.Added) == 1))
		if p2.Records() > total+1 {
			t.Fatalf("trial %d: the second apply sends %d records, the first planned %d", trial, p2.Records(), total)
		}
	}
}

func TestRecordedKeepsPendingUsersAsBefore(t *testing.T) {
	prior := Config{UserIDProperty: "Email", Types: map[string]string{"Status": "string", "ARR": "number"},
		Users: users(150, map[string]string{"Status": "old", "ARR": "1"})}
	prior.Users["gone"] = map[string]string{"Status": "x"}
	desired := cloneConfig(prior)
	delete(desired.Users, "gone")
	for id := range desired.Users {
		desired.Users[id]["Status"] = "new"
	}
	desired.Users["zz-new"] = map[string]string{"Status": "new"}
	desired.Types["ARR"] = "string"
	p := NewPlan(prior, desired)
	if got := sizes(p); !slices.Equal(got, []int{100, 51}) {
		t.Fatalf("batches %v", got)
	}
	rec := p.Recorded(prior, desired, 1)
	if _, ok := rec.Users["gone"]; ok {
		t.Error("a forgotten user is still recorded")
	}
	if _, ok := rec.Users["zz-new"]; ok {
		t.Error("an unsent new user is recorded")
	}
	if rec.Users[p.Batches[0][0]]["Status"] != "new" || rec.Users[p.Batches[1][0]]["Status"] != "old" {
		t.Error("sent users must be recorded as declared, pending ones as before")
	}
	if rec.Types["ARR"] != "number" {
		t.Errorf("a changed type must keep its old name until all holders are re-sent, got %q", rec.Types["ARR"])
	}
	if full := p.Recorded(prior, desired, 2); full.Types["ARR"] != "string" || len(full.Users) != 151 {
		t.Error("a complete apply records the config")
	}
}
