package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/walkme-community/terraform-provider-walkme/internal/client"
)

// privateExternalIDKey marks, in private state, a segment whose external_id the provider
// neither applied nor saw reported for sure: after an import, when WalkMe's list shows no
// external id or only an "id" that may be WalkMe's own. Until an apply records the
// configured external_id, a difference there is an update in place, never a replacement.
const privateExternalIDKey = "external_id_unconfirmed"

var externalIDUnconfirmedMark = []byte(`{"unconfirmed":true}`)

func markExternalIDUnconfirmed(ctx context.Context, private privateSetter, diags *diag.Diagnostics) {
	diags.Append(private.SetKey(ctx, privateExternalIDKey, externalIDUnconfirmedMark)...)
}

func clearExternalIDUnconfirmed(ctx context.Context, private privateSetter, diags *diag.Diagnostics) {
	diags.Append(private.SetKey(ctx, privateExternalIDKey, nil)...)
}

func externalIDUnconfirmed(ctx context.Context, private privateGetter) bool {
	raw, diags := private.GetKey(ctx, privateExternalIDKey)
	return !diags.HasError() && len(raw) > 0
}

// readExternalID refreshes external_id from the list. WalkMe does not document the list:
// a value under an explicit external-id field is taken; one read from "id" may be
// WalkMe's own id, so it never overrides an external_id that was applied (the difference
// is logged); a list that reports none keeps the state's value.
func readExternalID(ctx context.Context, state *segmentModel, s client.Segment, get privateGetter, set privateSetter, diags *diag.Diagnostics) {
	applied := state.ExternalID
	switch {
	case s.ExternalID == "":
	case !s.ExternalIDUnsure:
		state.ExternalID = types.StringValue(s.ExternalID)
		clearExternalIDUnconfirmed(ctx, set, diags)
	case applied.IsNull() && externalIDUnconfirmed(ctx, get):
		// After an import: the best guess, still unconfirmed.
		state.ExternalID = types.StringValue(s.ExternalID)
	case applied.ValueString() != s.ExternalID:
		tflog.Warn(ctx, "WalkMe's segment list shows an \"id\" that differs from the applied external_id; it may be WalkMe's own id, so the state keeps the applied value",
			map[string]any{"segment_guid": s.GUID, "listed_id": s.ExternalID, "external_id": applied.ValueString()})
	}
}

// externalIDRequiresReplace replaces the segment when external_id changes (WalkMe cannot
// change it), unless the state's value was never confirmed (see privateExternalIDKey).
func externalIDRequiresReplace() planmodifier.String {
	const desc = "Changing external_id replaces the segment, except after an import while WalkMe's list has not confirmed the segment's external id."
	return stringplanmodifier.RequiresReplaceIf(func(ctx context.Context, req planmodifier.StringRequest, resp *stringplanmodifier.RequiresReplaceIfFuncResponse) {
		if req.Private != nil && externalIDUnconfirmed(ctx, req.Private) {
			tflog.Info(ctx, "external_id of an imported segment is not confirmed by WalkMe's list: the configured value is recorded without replacing the segment",
				map[string]any{"state": req.StateValue.ValueString(), "config": req.ConfigValue.ValueString()})
			return
		}
		resp.RequiresReplace = true
	}, desc, desc)
}
