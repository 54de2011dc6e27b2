package acctest

import (
	"strings"
	"testing"

	"github.com/walkme-community/terraform-provider-walkme/internal/client"
	"github.com/walkme-community/terraform-provider-walkme/internal/sandbox"
)

func TestSameMembers(t *testing.T) {
	got := []string{"a@x.com", "b@x.com", "c@x.com"}
	for _, want := range [][]string{
		{"a@x.com", "b@x.com", "c@x.com"},
		{"c@x.com", "a@x.com", "b@x.com", "a@x.com"}, // any order; a repeat counts once
	} {
		if err := SameMembers(got, want); err != nil {
			t.Errorf("SameMembers(%q, %q): %v", got, want, err)
		}
	}
	for _, c := range []struct {
		want []string
		says string
	}{
		{[]string{"a@x.com", "b@x.com"}, `3 members, want 2: missing none; extra "c@x.com"`},
		{[]string{"a@x.com", "b@x.com", "c@x.com", "d@x.com"}, `missing "d@x.com"; extra none`},
		{[]string{"A@x.com", "b@x.com", "c@x.com"}, `missing "A@x.com"; extra "a@x.com"`}, // IDs are case-sensitive
		{nil, `3 members, want 0: missing none; extra "a@x.com", "b@x.com", "c@x.com"`},
		{[]string{"a@x.com", "e", "f", "g", "h", "b@x.com", "c@x.com"}, `missing "e", "f", "g", and 1 more`},
	} {
		err := SameMembers(got, c.want)
		if err == nil || !strings.Contains(err.Error(), c.says) {
			t.Errorf("SameMembers(%q, %q) = %v, want an error saying %s", got, c.want, err, c.says)
		}
	}
}

// CheckSegmentMembers reads the sandbox: the members a segment holds, and that there is
// exactly one of the name.
func TestCheckSegmentMembers(t *testing.T) {
	env := NewEnv(t, func(c *sandbox.Config) { c.AllowDuplicateSegmentNames = true })
	c := env.Client(t)
	create := func(name string, ids ...string) {
		t.Helper()
		in := client.CreateSegmentInput{Name: name, UserIDs: ids}
		if _, err := c.CreateSegment(t.Context(), sandbox.DefaultSystemGUID, in); err != nil {
			t.Fatal(err)
		}
	}
	create("Beta", "b@x.com", "a@x.com")
	create("Twin")
	create("Twin")

	if err := env.CheckSegmentMembers("Beta", "a@x.com", "b@x.com")(nil); err != nil {
		t.Error(err)
	}
	for _, c := range []struct {
		name string
		want []string
		says string
	}{
		{"Beta", []string{"a@x.com"}, `segment "Beta": 2 members, want 1`},
		{"Gamma", nil, `0 segments named "Gamma"`},
		{"Twin", nil, `2 segments named "Twin"`},
	} {
		err := env.CheckSegmentMembers(c.name, c.want...)(nil)
		if err == nil || !strings.Contains(err.Error(), c.says) {
			t.Errorf("CheckSegmentMembers(%q, %q) = %v, want an error saying %s", c.name, c.want, err, c.says)
		}
	}
}
