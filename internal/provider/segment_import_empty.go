package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
)

// refuseEmptyOverride stops a plan that would empty a segment whose members are unknown
// (after an import): that takes an override with no user IDs, which WalkMe does not
// document. A known membership is emptied with documented remove requests instead (see
// membership.PlanUpdate), so only the unknown case is refused.
func (r *segmentResource) refuseEmptyOverride(ctx context.Context, plan, state *segmentModel, private privateGetter, diags *diag.Diagnostics) {
	if state == nil || plan.MemberCount.IsUnknown() || plan.MemberCount.IsNull() || plan.MemberCount.ValueInt64() != 0 {
		return
	}
	if r.currentMembership(ctx, state, private).known {
		return
	}
	addEmptyOverrideError(state, plan, diags)
}

func addEmptyOverrideError(state, plan *segmentModel, diags *diag.Diagnostics) {
	attr := path.Root("user_ids")
	if !plan.UserIDsFile.IsNull() {
		attr = path.Root("user_ids_file")
	}
	diags.AddAttributeError(attr, "Cannot empty an imported segment",
		fmt.Sprintf("Segment %s was imported, and WalkMe cannot list its members, so they are unknown. Emptying it would take an "+
			"\"override\" with no user IDs, which WalkMe does not document, so the provider does not send one. Nothing was sent.\n\n"+
			"Configure at least one user ID for the first apply after the import (later applies remove members with documented "+
			"\"remove\" requests, down to none), or delete the segment and let Terraform create it empty.", state.GUID.ValueString()))
}
