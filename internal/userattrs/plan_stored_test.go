package userattrs

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"testing"
)

// TestPlanStoredIsNewPlan: for random pushed and desired users (removals, changes, types
// changed, users added and forgotten, lone records with and without a companion), planning
// against the stored form (Stored.Plan) gives exactly NewPlan against the decoded users, and
// so does NewTablePlan from nothing and from users as maps.
func TestPlanStoredIsNewPlan(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	names := []string{"a", "b", "c", "d"}
	users := func(n int) map[string]map[string]string {
		out := map[string]map[string]string{}
		for range n {
			attrs := map[string]string{}
			for _, name := range names {
				if rng.IntN(3) > 0 {
					attrs[name] = fmt.Sprint(rng.IntN(3))
				}
			}
			if len(attrs) == 0 {
				attrs["a"] = "x"
			}
			out[fmt.Sprintf("u%02d", rng.IntN(40))] = attrs
		}
		return out
	}
	types := func() map[string]string {
		out := map[string]string{}
		for _, name := range names {
			out[name] = []string{"string", "number"}[rng.IntN(2)]
		}
		return out
	}
	for i := range 1000 {
		prior := Config{UserIDProperty: "id", Types: types(), Users: users(rng.IntN(30))}
		desired := Config{UserIDProperty: "id", Types: prior.Types, Users: users(rng.IntN(30))}
		switch i % 5 {
		case 1: // one user changed, added or removed, or one attribute gone: lone records
			desired.Users = map[string]map[string]string{}
			for id, attrs := range prior.Users {
				c := map[string]string{}
				for k, v := range attrs {
					c[k] = v
				}
				desired.Users[id] = c
			}
			for id, attrs := range desired.Users {
				switch rng.IntN(4) {
				case 0:
					attrs["a"] = "changed"
				case 1:
					delete(desired.Users, id)
				case 2:
					if len(attrs) > 1 {
						for k := range attrs {
							delete(attrs, k)
							break
						}
					}
				case 3:
					desired.Users["new"] = map[string]string{"b": "1"}
				}
				break
			}
		case 2:
			desired.Types = types()
		case 3:
			desired.UserIDProperty = "email"
		}
		data, err := Encode(prior.Users)
		if err != nil {
			t.Fatal(err)
		}
		st, err := OpenStored(data)
		if err != nil {
			t.Fatal(err)
		}
		tc := TableConfig{UserIDProperty: desired.UserIDProperty, Types: desired.Types, Users: TableOf(desired.Users)}
		got, digest, err := st.Plan(prior.UserIDProperty, prior.Types, tc)
		if err != nil {
			t.Fatal(err)
		}
		if want := NewPlan(prior, desired); !reflect.DeepEqual(got, want) {
			t.Fatalf("case %d:\nprior   %v %v\ndesired %v %v\nPlanStored %+v\nNewPlan    %+v", i, prior.Types, prior.Users, desired.Types, desired.Users, got, want)
		}
		if desired.UserIDProperty == prior.UserIDProperty && digest != Digest(prior.Users) {
			t.Fatalf("case %d: digest %s, want %s", i, digest, Digest(prior.Users))
		}
		nothing := Config{UserIDProperty: desired.UserIDProperty}
		if got, want := NewTablePlan(nothing, tc), NewPlan(nothing, desired); !reflect.DeepEqual(got, want) {
			t.Fatalf("case %d: creating from %v\nNewTablePlan %+v\nNewPlan      %+v", i, desired.Users, got, want)
		}
		if got, want := NewTablePlan(prior, tc), NewPlan(prior, desired); !reflect.DeepEqual(got, want) {
			t.Fatalf("case %d: from inline users\nNewTablePlan %+v\nNewPlan      %+v", i, got, want)
		}
	}
}

// TestOpenStoredFailsAsDecode: a stored form Decode refuses is refused here too.
func TestOpenStoredFailsAsDecode(t *testing.T) {
	for _, bad := range []string{`garbage`, `{"v":1,"count":0,"sha256":"","data":""}`} {
		if _, err := OpenStored([]byte(bad)); err == nil {
			t.Errorf("%s: opened", bad)
		}
	}
}
