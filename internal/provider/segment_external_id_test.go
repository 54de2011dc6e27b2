package provider

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/walkme-community/terraform-provider-walkme/internal/client"
	"github.com/walkme-community/terraform-provider-walkme/internal/membership"
)

// privateRW is a private state that can be read and written.
type privateRW map[string][]byte

func (p privateRW) GetKey(_ context.Context, key string) ([]byte, diag.Diagnostics) {
	return p[key], nil
}

func (p privateRW) SetKey(_ context.Context, key string, value []byte) diag.Diagnostics {
	if len(value) == 0 {
		delete(p, key)
	} else {
		p[key] = value
	}
	return nil
}

// Issue 10 item 1, in process: which listed external id Read takes.
func TestReadExternalID(t *testing.T) {
	ctx := context.Background()
	const guid = "12345aeb-123c-4d83-8b38-a5a456789d0a"
	cases := []struct {
		name       string
		state      types.String
		imported   bool
		listed     client.Segment
		want       types.String
		wantMarked bool
	}{
		{"not reported keeps the applied value", types.StringValue("heap-1"), false, client.Segment{GUID: guid}, types.StringValue("heap-1"), false},
		{"an unsure id never overrides the applied value", types.StringValue("heap-1"), false,
			client.Segment{GUID: guid, ExternalID: "1000", ExternalIDUnsure: true}, types.StringValue("heap-1"), false},
		{"an unsure id never fills a value applied as null", types.StringNull(), false,
			client.Segment{GUID: guid, ExternalID: "1000", ExternalIDUnsure: true}, types.StringNull(), false},
		{"after an import an unsure id is the best guess, still unconfirmed", types.StringNull(), true,
			client.Segment{GUID: guid, ExternalID: "hm-1", ExternalIDUnsure: true}, types.StringValue("hm-1"), true},
		{"after an import nothing reported stays unconfirmed", types.StringNull(), true, client.Segment{GUID: guid}, types.StringNull(), true},
		{"a sure value is taken and confirms", types.StringNull(), true,
			client.Segment{GUID: guid, ExternalID: "hm-1"}, types.StringValue("hm-1"), false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			private := privateRW{}
			var diags diag.Diagnostics
			if tc.imported {
				markExternalIDUnconfirmed(ctx, private, &diags)
			}
			state := segmentModel{ExternalID: tc.state}
			readExternalID(ctx, &state, tc.listed, private, private, &diags)
			if diags.HasError() {
				t.Fatal(diags)
			}
			if !state.ExternalID.Equal(tc.want) {
				t.Errorf("external_id %s, want %s", state.ExternalID, tc.want)
			}
			if got := externalIDUnconfirmed(ctx, private); got != tc.wantMarked {
				t.Errorf("unconfirmed %t, want %t", got, tc.wantMarked)
			}
		})
	}
}

// Issue 10 item 8, in process: only an unknown membership emptied is refused.
func TestRefuseEmptyOverride(t *testing.T) {
	ctx := context.Background()
	r := &segmentResource{}
	imported := &segmentModel{GUID: types.StringValue("g"), UserIDsSHA256: types.StringNull(), UserIDs: userIDsValue{SetValue: types.SetNull(types.StringType)}}
	empty := &segmentModel{MemberCount: types.Int64Value(0), UserIDsFile: types.StringValue("members.txt")}
	var diags diag.Diagnostics
	r.refuseEmptyOverride(ctx, empty, imported, privateRW{}, &diags)
	if !diags.HasError() || diags[0].Summary() != "Cannot empty an imported segment" {
		t.Errorf("diags %v, want the refusal", diags)
	}
	for name, tc := range map[string]struct{ plan, state *segmentModel }{
		"create":           {empty, nil},
		"members planned":  {&segmentModel{MemberCount: types.Int64Value(2)}, imported},
		"count unknown":    {&segmentModel{MemberCount: types.Int64Unknown()}, imported},
		"known membership": {empty, &segmentModel{UserIDsSHA256: types.StringValue(membership.Digest(nil)), UserIDs: userIDsFromSorted(nil)}},
	} {
		var diags diag.Diagnostics
		r.refuseEmptyOverride(ctx, tc.plan, tc.state, privateRW{}, &diags)
		if diags.HasError() {
			t.Errorf("%s: refused: %v", name, diags)
		}
	}
}
