package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/walkme-community/terraform-provider-walkme/internal/guid"
)

// walkme_segment's resource identity (Terraform and OpenTofu 1.12 and later): the system and
// the segment GUID, the two halves of the import ID. The CLI stores it beside the state,
// `import` blocks can name it instead of an ID, and `terraform query` (the list resource)
// reports it. Terraform 1.11 ignores it; import by ID keeps working there and everywhere.
//
// The identity is derived from the state after every operation, so it lives in this wrapper
// rather than in each operation of segmentResource.

var (
	_ resource.ResourceWithIdentity    = (*segmentIdentityResource)(nil)
	_ resource.ResourceWithImportState = (*segmentIdentityResource)(nil)
	_ resource.ResourceWithModifyPlan  = (*segmentIdentityResource)(nil)
)

// newSegmentResourceWithIdentity is walkme_segment as the provider registers it.
func newSegmentResourceWithIdentity() resource.Resource {
	return &segmentIdentityResource{segmentResource: &segmentResource{}}
}

type segmentIdentityResource struct{ *segmentResource }

// segmentIdentityModel is the identity's shape.
type segmentIdentityModel struct {
	SystemGUID  types.String `tfsdk:"system_guid"`
	SegmentGUID types.String `tfsdk:"segment_guid"`
}

func (r *segmentIdentityResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = identityschema.Schema{
		Attributes: map[string]identityschema.Attribute{
			"system_guid": identityschema.StringAttribute{
				RequiredForImport: true,
				Description:       "GUID of the WalkMe system that holds the segment.",
			},
			"segment_guid": identityschema.StringAttribute{
				RequiredForImport: true,
				Description:       "The segment's GUID in WalkMe.",
			},
		},
	}
}

func (r *segmentIdentityResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	r.segmentResource.Create(ctx, req, resp)
	setSegmentIdentity(ctx, resp.State, resp.Identity, &resp.Diagnostics)
}

func (r *segmentIdentityResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	r.segmentResource.Update(ctx, req, resp)
	setSegmentIdentity(ctx, resp.State, resp.Identity, &resp.Diagnostics)
}

func (r *segmentIdentityResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	r.segmentResource.Read(ctx, req, resp)
	// A segment deleted in WalkMe leaves the state; the framework still wants the identity
	// it had, which the prior state gives (on Terraform 1.11 no identity was ever stored).
	from := resp.State
	if resp.State.Raw.IsNull() {
		from = req.State
	}
	setSegmentIdentity(ctx, from, resp.Identity, &resp.Diagnostics)
}

// ImportState takes an import ID (`<system_guid>/<segment_guid>`, every CLI) or, from an
// `import` block's `identity` (Terraform and OpenTofu 1.12 and later), the two GUIDs.
func (r *segmentIdentityResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	if req.ID != "" || req.Identity == nil {
		r.segmentResource.ImportState(ctx, req, resp)
		return
	}
	var id segmentIdentityModel
	resp.Diagnostics.Append(req.Identity.Get(ctx, &id)...)
	if resp.Diagnostics.HasError() {
		return
	}
	// The same checks and state as an import by ID, with errors that name the identity's attributes.
	sys, segmentGUID := id.SystemGUID.ValueString(), id.SegmentGUID.ValueString()
	if sys == "" {
		resp.Diagnostics.AddAttributeError(path.Root("system_guid"), "Invalid import identity",
			"system_guid must be the GUID of the WalkMe system that holds the segment.")
	}
	if !guid.Valid(segmentGUID) {
		resp.Diagnostics.AddAttributeError(path.Root("segment_guid"), "Invalid import identity",
			fmt.Sprintf("segment_guid %q is not a segment GUID, for example 12345aeb-123c-4d83-8b38-a5a456789d0a "+
				"(terraform query with a walkme_segment list block, or the walkme_segments data source, lists them).", segmentGUID))
	}
	if resp.Diagnostics.HasError() {
		return
	}
	r.segmentResource.ImportState(ctx, resource.ImportStateRequest{ID: sys + "/" + segmentGUID}, resp)
}

// setSegmentIdentity sets the identity from a state's system_guid and guid. It does nothing
// when the framework gives no identity (the resource had none) or the state has no segment.
func setSegmentIdentity(ctx context.Context, state tfsdk.State, identity *tfsdk.ResourceIdentity, diags *diag.Diagnostics) {
	if identity == nil || diags.HasError() || state.Raw.IsNull() {
		return
	}
	var sys, guid types.String
	diags.Append(state.GetAttribute(ctx, path.Root("system_guid"), &sys)...)
	diags.Append(state.GetAttribute(ctx, path.Root("guid"), &guid)...)
	if diags.HasError() || sys.IsNull() || guid.IsNull() {
		return
	}
	diags.Append(identity.Set(ctx, segmentIdentityModel{SystemGUID: sys, SegmentGUID: guid})...)
}
