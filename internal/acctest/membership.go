package acctest

import (
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/walkme-community/terraform-provider-walkme/internal/membership"
	"github.com/walkme-community/terraform-provider-walkme/internal/sandbox"
)

// SegmentNamed returns the one segment named name in the sandbox's default system, with
// its members (sorted). No such segment, or more than one, is an error: a create that ran
// twice shows as two.
func (e *Env) SegmentNamed(name string) (sandbox.SegmentInfo, []string, error) {
	var found []sandbox.SegmentInfo
	for _, s := range e.Sandbox.Segments(sandbox.DefaultSystemGUID) {
		if s.Name == name {
			found = append(found, s)
		}
	}
	if len(found) != 1 {
		return sandbox.SegmentInfo{}, nil, fmt.Errorf("the sandbox holds %d segments named %q, want exactly 1: %+v", len(found), name, found)
	}
	members, _ := e.Sandbox.Members(sandbox.DefaultSystemGUID, found[0].GUID)
	return found[0], members, nil
}

// CheckSegmentMembers checks that the sandbox's default system holds exactly one segment
// named name, and that its members are want (see SameMembers).
func (e *Env) CheckSegmentMembers(name string, want ...string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		_, got, err := e.SegmentNamed(name)
		if err != nil {
			return err
		}
		if err := SameMembers(got, want); err != nil {
			return fmt.Errorf("segment %q: %w", name, err)
		}
		return nil
	}
}

// SameMembers reports whether got, a segment's members, are exactly the user IDs of want:
// in any order, an ID repeated in want counting once (as the provider sends it). The error
// counts both and names a few IDs missing and extra, which suits segments of 100,000.
func SameMembers(got, want []string) error {
	g := membership.Normalize(slices.Clone(got))
	w := membership.Normalize(slices.Clone(want))
	if slices.Equal(g, w) {
		return nil
	}
	missing, extra := membership.Delta(g, w)
	return fmt.Errorf("%d members, want %d: missing %s; extra %s", len(g), len(w), sampleIDs(missing), sampleIDs(extra))
}

// sampleIDs names the first few IDs of ids and how many more there are.
func sampleIDs(ids []string) string {
	const shown = 3
	if len(ids) == 0 {
		return "none"
	}
	q := make([]string, 0, shown)
	for _, id := range ids[:min(shown, len(ids))] {
		q = append(q, fmt.Sprintf("%q", id))
	}
	if len(ids) > shown {
		q = append(q, fmt.Sprintf("and %d more", len(ids)-shown))
	}
	return strings.Join(q, ", ")
}
