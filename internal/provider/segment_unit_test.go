package provider

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/walkme-community/terraform-provider-walkme/internal/client"
	"github.com/walkme-community/terraform-provider-walkme/internal/membership"
)

func userIDs(ids ...string) userIDsValue {
	elems := make([]attr.Value, len(ids))
	for i, id := range ids {
		elems[i] = types.StringValue(id)
	}
	return userIDsValue{SetValue: basetypes.NewSetValueMust(types.StringType, elems)}
}

func TestUserIDsValueEqualityIgnoresOrder(t *testing.T) {
	ctx := context.Background()
	a, b := userIDs("x", "y", "z"), userIDs("z", "x", "y")
	if !a.Equal(b) {
		t.Error("reordered sets are not Equal")
	}
	if eq, _ := a.SetSemanticEquals(ctx, b); !eq {
		t.Error("reordered sets are not semantically equal")
	}
	for _, other := range []userIDsValue{userIDs("x", "y"), userIDs("x", "y", "w"), userIDs("x", "x", "y")} {
		if a.Equal(other) {
			t.Errorf("%v Equal %v", a, other)
		}
		if eq, _ := a.SetSemanticEquals(ctx, other); eq {
			t.Errorf("%v semantically equal to %v", a, other)
		}
	}
	null := userIDsValue{SetValue: types.SetNull(types.StringType)}
	unknown := userIDsValue{SetValue: types.SetUnknown(types.StringType)}
	if !null.Equal(null) || null.Equal(unknown) || null.Equal(a) || a.Equal(unknown) {
		t.Error("null/unknown equality is wrong")
	}
	if a.Equal(a.SetValue) {
		t.Error("a plain SetValue must not equal the custom value")
	}
}

func TestUserIDsTypeConvertsAndValidates(t *testing.T) {
	ctx := context.Background()
	typ := newUserIDsType()
	setType := tftypes.Set{ElementType: tftypes.String}
	in := tftypes.NewValue(setType, []tftypes.Value{tftypes.NewValue(tftypes.String, "b"), tftypes.NewValue(tftypes.String, "a")})
	v, err := typ.ValueFromTerraform(ctx, in)
	if err != nil {
		t.Fatal(err)
	}
	uv, ok := v.(userIDsValue)
	if !ok || !uv.Equal(userIDs("a", "b")) || !uv.Type(ctx).Equal(typ) {
		t.Fatalf("ValueFromTerraform = %#v", v)
	}
	if diags := typ.Validate(ctx, in, path.Root("user_ids")); diags.HasError() {
		t.Errorf("valid set rejected: %v", diags)
	}
	// Terraform never sends repeats; a value built with one must still be caught.
	dup := tftypes.NewValue(setType, []tftypes.Value{tftypes.NewValue(tftypes.String, "a"), tftypes.NewValue(tftypes.String, "a")})
	diags := typ.Validate(ctx, dup, path.Root("user_ids"))
	if !diags.HasError() || !strings.Contains(diags[0].Detail(), `"a" twice`) {
		t.Errorf("repeat not reported: %v", diags)
	}
}

func TestUserIDsFromSortedRoundTrip(t *testing.T) {
	v := userIDsFromSorted([]string{"a", "b"})
	got, ok := v.stringsOf()
	if !ok || !slices.Equal(got, []string{"a", "b"}) {
		t.Errorf("stringsOf = %q, %v", got, ok)
	}
	if _, ok := (userIDsValue{SetValue: types.SetUnknown(types.StringType)}).stringsOf(); ok {
		t.Error("unknown set reported known")
	}
}

func TestUserIDsValidatorNamesValuesAndCaps(t *testing.T) {
	ctx := context.Background()
	ids := []string{"ok@example.com", "", " pad", strings.Repeat("é", 101)}
	for i := range 25 {
		ids = append(ids, fmt.Sprintf("x%d ", i))
	}
	req := validator.SetRequest{Path: path.Root("user_ids"), ConfigValue: userIDs(ids...).SetValue}
	var resp validator.SetResponse
	userIDsValidator{}.ValidateSet(ctx, req, &resp)
	if n := resp.Diagnostics.ErrorsCount(); n != maxIDProblems+1 {
		t.Fatalf("%d errors, want %d listed plus one summary", n, maxIDProblems+1)
	}
	all := ""
	for _, d := range resp.Diagnostics {
		all += d.Detail() + "\n"
	}
	for _, want := range []string{`user ID "" is empty`, `user ID " pad" has leading or trailing whitespace`, `is 101 characters long`, "8 more invalid user IDs not listed"} {
		if !strings.Contains(all, want) {
			t.Errorf("diagnostics miss %q:\n%s", want, all)
		}
	}
}

// fakeLister counts calls and blocks each until release is closed.
type fakeLister struct {
	calls   atomic.Int32
	release chan struct{}
	segs    []client.Segment
	err     error
}

func (f *fakeLister) ListSegments(context.Context, string) ([]client.Segment, error) {
	f.calls.Add(1)
	<-f.release
	return slices.Clone(f.segs), f.err
}

func TestSegmentListCacheSharesOneRequest(t *testing.T) {
	ctx := context.Background()
	f := &fakeLister{release: make(chan struct{}), segs: []client.Segment{{GUID: "g1", Name: "One"}}}
	var c segmentListCache
	var wg sync.WaitGroup
	results := make([][]client.Segment, 8)
	for i := range results {
		wg.Go(func() {
			segs, err := c.list(ctx, f, "sys")
			if err != nil {
				t.Error(err)
			}
			results[i] = segs
		})
	}
	for f.calls.Load() == 0 {
		runtime.Gosched() // until the first caller is in flight
	}
	close(f.release)
	wg.Wait()
	if n := f.calls.Load(); n != 1 {
		t.Fatalf("%d list requests for 8 concurrent readers, want 1", n)
	}
	for _, r := range results {
		if len(r) != 1 || r[0].GUID != "g1" {
			t.Fatalf("reader got %v", r)
		}
	}
	// Writes of this process keep the cached list current, without a request.
	c.created("sys", client.Segment{GUID: "g2", Name: "Two"})
	c.deleted("sys", "G1")
	segs, _ := c.list(ctx, f, "sys")
	if len(segs) != 1 || segs[0].GUID != "g2" || f.calls.Load() != 1 {
		t.Errorf("after create and delete: %v, %d requests", segs, f.calls.Load())
	}
	// Another system has its own list.
	if _, err := c.list(ctx, f, "other"); err != nil || f.calls.Load() != 2 {
		t.Errorf("second system: %v, %d requests", err, f.calls.Load())
	}
}

func TestSegmentListCacheDoesNotKeepFailures(t *testing.T) {
	ctx := context.Background()
	f := &fakeLister{release: make(chan struct{}), err: errors.New("503")}
	close(f.release)
	var c segmentListCache
	if _, err := c.list(ctx, f, "sys"); err == nil {
		t.Fatal("error lost")
	}
	f.err = nil
	if _, err := c.list(ctx, f, "sys"); err != nil || f.calls.Load() != 2 {
		t.Errorf("after a failure: %v, %d requests, want a new request", err, f.calls.Load())
	}
}

func TestSegmentListCacheDropsListInFlightOnWrite(t *testing.T) {
	ctx := context.Background()
	f := &fakeLister{release: make(chan struct{})}
	var c segmentListCache
	done := make(chan struct{})
	go func() { _, _ = c.list(ctx, f, "sys"); close(done) }()
	for f.calls.Load() == 0 {
		runtime.Gosched()
	}
	c.created("sys", client.Segment{GUID: "g9"}) // may or may not be in the list in flight
	close(f.release)
	<-done
	if _, err := c.list(ctx, f, "sys"); err != nil || f.calls.Load() != 2 {
		t.Errorf("%v, %d requests: a list in flight during a write must not be kept", err, f.calls.Load())
	}
}

func TestTaken(t *testing.T) {
	segs := []client.Segment{{GUID: "g1", Name: "Same", ExternalID: "e1"}, {GUID: "g2", Name: "Plain"}}
	if s, ok := taken(segs, "Same", ""); !ok || s.GUID != "g1" {
		t.Error("same name not taken")
	}
	if s, ok := taken(segs, "Other", "e1"); !ok || s.GUID != "g1" {
		t.Error("same external id not taken")
	}
	if _, ok := taken(segs, "Other", ""); ok {
		t.Error("a new name without external id is taken: an empty external id matched")
	}
}

func TestMembershipChangeSummaries(t *testing.T) {
	get := func(o types.Object, k string) string { return o.Attributes()[k].String() }
	created := membershipChange(true, membershipState{known: true}, []string{"a", "b"})
	if get(created, "summary") != `"create with 2 user IDs"` || get(created, "added") != "2" || get(created, "removed") != "0" {
		t.Errorf("create: %v", created)
	}
	imported := membershipChange(false, membershipState{}, []string{"a"})
	if !strings.Contains(get(imported, "summary"), "override") || !imported.Attributes()["removed"].IsNull() {
		t.Errorf("after import: %v", imported)
	}
	var target []string
	for i := range 30 {
		target = append(target, fmt.Sprintf("n%02d", i))
	}
	changed := membershipChange(false, membershipState{ids: []string{"gone", "n00"}, known: true}, target)
	if get(changed, "summary") != `"add 29, remove 1 user ID (2 → 30 members)"` {
		t.Errorf("change: %v", get(changed, "summary"))
	}
	if n := len(changed.Attributes()["added_sample"].(types.List).Elements()); n != sampleSize {
		t.Errorf("added_sample has %d IDs, want %d", n, sampleSize)
	}
}

// segmentConfig builds a walkme_segment configuration value from attribute values
// (missing attributes are null).
func segmentConfig(t *testing.T, vals map[string]tftypes.Value) tfsdk.Config {
	t.Helper()
	ctx := context.Background()
	var sresp resource.SchemaResponse
	(&segmentResource{}).Schema(ctx, resource.SchemaRequest{}, &sresp)
	objType := sresp.Schema.Type().TerraformType(ctx).(tftypes.Object)
	all := map[string]tftypes.Value{}
	for name, typ := range objType.AttributeTypes {
		if v, ok := vals[name]; ok {
			all[name] = v
		} else {
			all[name] = tftypes.NewValue(typ, nil)
		}
	}
	return tfsdk.Config{Schema: sresp.Schema, Raw: tftypes.NewValue(objType, all)}
}

func TestSegmentValidateConfigWarnsAboveThousandInlineIDs(t *testing.T) {
	for _, n := range []int{inlineWarnAbove, inlineWarnAbove + 1} {
		elems := make([]tftypes.Value, n)
		for i := range elems {
			elems[i] = tftypes.NewValue(tftypes.String, fmt.Sprintf("user%d@example.com", i))
		}
		cfg := segmentConfig(t, map[string]tftypes.Value{
			"name":     tftypes.NewValue(tftypes.String, "S"),
			"user_ids": tftypes.NewValue(tftypes.Set{ElementType: tftypes.String}, elems),
		})
		var resp resource.ValidateConfigResponse
		(&segmentResource{}).ValidateConfig(context.Background(), resource.ValidateConfigRequest{Config: cfg}, &resp)
		warned := resp.Diagnostics.WarningsCount() == 1 && strings.Contains(resp.Diagnostics[0].Detail(), "user_ids_file")
		if warned != (n > inlineWarnAbove) || resp.Diagnostics.HasError() {
			t.Errorf("%d inline IDs: diagnostics %v", n, resp.Diagnostics)
		}
	}
}

// The provider's own check at apply: the membership file must still be what the plan saw.
func TestApplyTargetRefusesChangedFile(t *testing.T) {
	file := filepath.Join(t.TempDir(), "members.txt")
	if err := os.WriteFile(file, []byte("b@example.com\na@example.com\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	plan := segmentModel{
		UserIDs:       userIDsValue{SetValue: types.SetNull(types.StringType)},
		UserIDsFile:   types.StringValue(file),
		MemberCount:   types.Int64Value(2),
		UserIDsSHA256: types.StringValue(membership.Digest([]string{"a@example.com", "b@example.com"})),
	}
	r := &segmentResource{}
	var diags diag.Diagnostics
	ids, raw, ok := r.applyTarget(context.Background(), plan, &diags)
	if !ok || diags.HasError() || !slices.Equal(ids, []string{"a@example.com", "b@example.com"}) ||
		raw != membership.RawDigest("b@example.com\na@example.com\n") {
		t.Fatalf("unchanged file: %q %s %v", ids, raw, diags)
	}
	if err := os.WriteFile(file, []byte("a@example.com\nc@example.com\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, _, ok := r.applyTarget(context.Background(), plan, &diags); ok || !diags.HasError() ||
		!strings.Contains(diags[0].Detail(), "Nothing was sent") || !strings.Contains(diags[0].Summary(), "changed since the plan") {
		t.Errorf("changed file accepted: %v", diags)
	}
	// Unknown at plan (a path computed by another resource): nothing to compare with.
	plan.UserIDsSHA256 = types.StringUnknown()
	diags = nil
	if _, _, ok := r.applyTarget(context.Background(), plan, &diags); !ok || diags.HasError() {
		t.Errorf("digest unknown at plan: %v", diags)
	}
}

func TestAppliedAfter(t *testing.T) {
	before := membershipState{ids: []string{"a", "b"}, known: true}
	reqs := membership.PlanUpdate(before.ids, []string{"b", "c"}) // one override
	if got := appliedAfter(before, nil); !slices.Equal(got.ids, before.ids) || !got.known {
		t.Errorf("no request done: %v", got)
	}
	if got := appliedAfter(before, reqs); !slices.Equal(got.ids, []string{"b", "c"}) {
		t.Errorf("after %v: %v", reqs, got)
	}
	unknown := membershipState{}
	if got := appliedAfter(unknown, nil); got.known {
		t.Error("unknown membership became known without a request")
	}
	pass := membership.PlanOverride([]string{"x"})
	if got := appliedAfter(unknown, pass); !got.known || !slices.Equal(got.ids, []string{"x"}) {
		t.Errorf("after an override pass: %v", got)
	}
	if got := appliedAfter(unknown, []membership.Request{{Op: membership.OpAdd, IDs: []string{"x"}}}); got.known {
		t.Error("an add made an unknown membership known")
	}
}

// fakePrivate is a private state of fixed keys.
type fakePrivate map[string][]byte

func (p fakePrivate) GetKey(_ context.Context, key string) ([]byte, diag.Diagnostics) {
	return p[key], nil
}

func TestFileUnchangedNeedsSameBytesAndDigest(t *testing.T) {
	ctx := context.Background()
	file := filepath.Join(t.TempDir(), "members.txt")
	content := "b@example.com\na@example.com\n"
	if err := os.WriteFile(file, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	digest := membership.Digest([]string{"a@example.com", "b@example.com"})
	config, err := readMembershipFile(ctx, file)
	if err != nil {
		t.Fatal(err)
	}
	state := &segmentModel{UserIDsSHA256: types.StringValue(digest)}
	record := func(v int, raw, sha string) fakePrivate {
		b, _ := json.Marshal(fileRecord{V: v, Raw: raw, SHA256: sha})
		return fakePrivate{privateFileKey: b}
	}
	good := record(fileRecordVersion, membership.RawDigest(content), digest)
	if !fileUnchanged(ctx, config, state, good) {
		t.Fatal("identical bytes with the state's digest not recognised")
	}
	for name, p := range map[string]fakePrivate{
		"no record":    {},
		"other bytes":  record(fileRecordVersion, membership.RawDigest("a@example.com\nb@example.com\n"), digest),
		"other digest": record(fileRecordVersion, membership.RawDigest(content), membership.Digest([]string{"a@example.com"})),
		"older parser": record(fileRecordVersion-1, membership.RawDigest(content), digest),
		"not JSON":     {privateFileKey: []byte("{")},
	} {
		if fileUnchanged(ctx, config, state, p) {
			t.Errorf("%s: reported unchanged", name)
		}
	}
	if fileUnchanged(ctx, config, &segmentModel{UserIDsSHA256: types.StringNull()}, good) {
		t.Error("unknown membership (after import) reported unchanged")
	}
}

// The refresh's record of a membership file stops the apply of a plan made before the file
// changed; a record left from an earlier run's no-op apply (the applied bytes) does not.
func TestChangedSinceRefresh(t *testing.T) {
	ctx := context.Background()
	rec := func(path, raw string) []byte { b, _ := json.Marshal(refreshRecord{Path: path, Raw: raw}); return b }
	applied, _ := json.Marshal(fileRecord{V: fileRecordVersion, Raw: "r0", SHA256: "s0"})
	for name, tc := range map[string]struct {
		private fakePrivate
		want    bool
	}{
		"no record":                {fakePrivate{}, false},
		"same bytes":               {fakePrivate{privateRefreshKey: rec("m.txt", "r2")}, false},
		"changed since refresh":    {fakePrivate{privateRefreshKey: rec("m.txt", "r1"), privateFileKey: applied}, true},
		"other path":               {fakePrivate{privateRefreshKey: rec("other.txt", "r1")}, false},
		"record of the last apply": {fakePrivate{privateRefreshKey: rec("m.txt", "r0"), privateFileKey: applied}, false},
		"garbage":                  {fakePrivate{privateRefreshKey: []byte("{")}, false},
	} {
		var diags diag.Diagnostics
		got := changedSinceRefresh(ctx, "m.txt", "r2", tc.private, &diags)
		if got != tc.want || diags.HasError() != tc.want {
			t.Errorf("%s: %v, %v", name, got, diags)
		}
		if got && !strings.Contains(errorText(diags), `user_ids_file "m.txt" changed after the plan read it`) {
			t.Errorf("%s: %s", name, errorText(diags))
		}
	}
}
