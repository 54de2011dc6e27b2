package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/resourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/walkme-community/terraform-provider-walkme/internal/client"
	"github.com/walkme-community/terraform-provider-walkme/internal/guid"
	"github.com/walkme-community/terraform-provider-walkme/internal/membership"
)

var (
	_ resource.ResourceWithConfigure        = (*segmentResource)(nil)
	_ resource.ResourceWithConfigValidators = (*segmentResource)(nil)
	_ resource.ResourceWithValidateConfig   = (*segmentResource)(nil)
	_ resource.ResourceWithModifyPlan       = (*segmentResource)(nil)
	_ resource.ResourceWithImportState      = (*segmentResource)(nil)
)

// NewSegmentResource is the walkme_segment resource.
func NewSegmentResource() resource.Resource { return &segmentResource{} }

type segmentResource struct{ data *providerData }

type segmentModel struct {
	ID               types.String `tfsdk:"id"`
	GUID             types.String `tfsdk:"guid"`
	SystemGUID       types.String `tfsdk:"system_guid"`
	Name             types.String `tfsdk:"name"`
	ExternalID       types.String `tfsdk:"external_id"`
	UserIDs          userIDsValue `tfsdk:"user_ids"`
	UserIDsFile      types.String `tfsdk:"user_ids_file"`
	MemberCount      types.Int64  `tfsdk:"member_count"`
	UserIDsSHA256    types.String `tfsdk:"user_ids_sha256"`
	MembershipChange types.Object `tfsdk:"membership_change"`
}

const segmentDescription = `A WalkMe segment: a static list of user IDs, managed through WalkMe's Segments API, that
WalkMe content can target (Editor: User attributes → External segment → the segment's name → Is → "true";
a new segment takes up to 10 minutes to appear there).`

func (r *segmentResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_segment"
}

func (r *segmentResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	replace := []planmodifier.String{stringplanmodifier.RequiresReplace()}
	resp.Schema = schema.Schema{
		MarkdownDescription: segmentDescription,
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "`<system_guid>/<segment_guid>`, the import ID.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"guid": schema.StringAttribute{
				MarkdownDescription: "The segment's GUID in WalkMe.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"system_guid": schema.StringAttribute{
				MarkdownDescription: "GUID of the WalkMe system (from the snippet URL `https://cdn.walkme.com/users/<SYSTEM GUID>/test/...`). " +
					"Defaults to the provider's `system_guid` (or `" + envSystemGUID + "`). Changing it forces replacement.",
				Optional:      true,
				Computed:      true,
				PlanModifiers: replace,
				Validators:    []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"name": schema.StringAttribute{
				MarkdownDescription: "Name shown in the WalkMe Editor. WalkMe cannot rename a segment: changing it forces replacement.",
				Required:            true,
				PlanModifiers:       replace,
				Validators:          []validator.String{notBlank{}},
			},
			"external_id": schema.StringAttribute{
				MarkdownDescription: "Optional external id (for example the segment's id in Heap), sent to WalkMe as `id`. " +
					"Changing it forces replacement.",
				Optional:      true,
				PlanModifiers: []planmodifier.String{externalIDRequiresReplace()},
				Validators:    []validator.String{notBlank{}},
			},
			"user_ids": schema.SetAttribute{
				MarkdownDescription: "The members, inline. Each ID is 1 to 100 characters without surrounding whitespace. " +
					"For more than 1,000 IDs use `user_ids_file`.",
				Optional:    true,
				ElementType: types.StringType,
				CustomType:  newUserIDsType(),
				Validators:  []validator.Set{userIDsValidator{}},
			},
			"user_ids_file": schema.StringAttribute{
				MarkdownDescription: "Path of a file with the members, one ID per line (use `${path.module}/...`). Blank lines, " +
					"spaces and tabs around IDs, CRLF line ends, a UTF-8 byte order mark and repeated IDs are ignored. Read at plan time " +
					"and again at apply, which refuses to send anything if the file changed in between. It must be a " +
					fmt.Sprintf("regular file (not a named pipe or a device) of at most %d MiB.", membership.MaxFileBytes>>20),
				Optional:   true,
				Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"member_count": schema.Int64Attribute{
				MarkdownDescription: "Number of members applied.",
				Computed:            true,
			},
			"user_ids_sha256": schema.StringAttribute{
				MarkdownDescription: "SHA-256 (hex) of the applied members, sorted and joined by newlines; the same for inline " +
					"and file membership. Null after an import, until an apply sets the members.",
				Computed: true,
			},
			"membership_change": schema.SingleNestedAttribute{
				MarkdownDescription: "The membership change that this plan makes: what a reviewer reads in the plan. " +
					"A refresh clears it (null), so that each plan shows its own change alone; a plan that changes no member shows none.",
				Computed: true,
				Attributes: map[string]schema.Attribute{
					"summary":        schema.StringAttribute{Computed: true, MarkdownDescription: "The change in words."},
					"added":          schema.Int64Attribute{Computed: true, MarkdownDescription: "User IDs added."},
					"removed":        schema.Int64Attribute{Computed: true, MarkdownDescription: "User IDs removed; null when the previous members are unknown (after an import)."},
					"added_sample":   schema.ListAttribute{Computed: true, ElementType: types.StringType, MarkdownDescription: "The first 10 added IDs, sorted."},
					"removed_sample": schema.ListAttribute{Computed: true, ElementType: types.StringType, MarkdownDescription: "The first 10 removed IDs, sorted."},
				},
			},
		},
	}
}

func (r *segmentResource) ConfigValidators(context.Context) []resource.ConfigValidator {
	return []resource.ConfigValidator{
		resourcevalidator.ExactlyOneOf(path.MatchRoot("user_ids"), path.MatchRoot("user_ids_file")),
	}
}

func (r *segmentResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

func (r *segmentResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan segmentModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() || !configured(r.data, &resp.Diagnostics) {
		return
	}
	target, raw, ok := r.applyTarget(ctx, plan, &resp.Diagnostics)
	if !ok {
		return
	}
	sys, name, extID := plan.SystemGUID.ValueString(), plan.Name.ValueString(), plan.ExternalID.ValueString()
	// An existing segment with this name or external id is for import, not create. The
	// plan checks it too (checkNameAtPlan); this check sees the list after this run's
	// deletes, so that a replacement's own old segment no longer counts.
	segs, err := r.data.segmentLists.list(ctx, r.data.client, sys)
	if err != nil {
		resp.Diagnostics.AddError("Cannot check for an existing segment", err.Error())
		return
	}
	if seg, ok := taken(segs, name, extID); ok {
		attr, what := takenWhat(seg, name, extID)
		addTakenError(&resp.Diagnostics, attr, sys, seg, what)
		return
	}

	// A new segment: created with the first request, then the rest of its members added.
	a := segmentApply{data: r.data, sys: sys, before: membershipState{known: true}, target: target, raw: raw, newSegment: true}
	reqs := membership.PlanCreate(target)
	seg, err := r.data.client.CreateSegment(ctx, sys, client.CreateSegmentInput{Name: name, ExternalID: extID, UserIDs: reqs[0].IDs})
	if err != nil {
		resp.Diagnostics.AddError("Cannot create segment", err.Error())
		return
	}
	r.data.segmentLists.created(sys, seg)
	tflog.Info(ctx, "created WalkMe segment", map[string]any{"segment_guid": seg.GUID, "user_ids": len(reqs[0].IDs), "requests": len(reqs)})
	a.guid = seg.GUID
	plan.GUID = types.StringValue(seg.GUID)
	plan.ID = types.StringValue(sys + "/" + seg.GUID)

	err = a.send(ctx, reqs[:1], reqs[1:])
	a.record(ctx, &plan, resp.Private, &resp.Diagnostics)
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
	if err != nil {
		// The segment exists with the members recorded: Terraform keeps it in state, tainted.
		resp.Diagnostics.AddError("Segment created, membership incomplete", err.Error()+
			"\n\nWalkMe created the segment; Terraform marks it tainted, so the next apply replaces it. "+
			"To keep it and add the missing members instead, run terraform untaint on it, then apply.")
	}
}

func (r *segmentResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state segmentModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || !configured(r.data, &resp.Diagnostics) {
		return
	}
	target, raw, ok := r.applyTarget(ctx, plan, &resp.Diagnostics)
	if !ok {
		return
	}
	a := segmentApply{data: r.data, sys: state.SystemGUID.ValueString(), guid: state.GUID.ValueString(),
		before: r.currentMembership(ctx, &state, req.Private), target: target, raw: raw}
	if !a.before.known && len(target) == 0 {
		addEmptyOverrideError(&state, &plan, &resp.Diagnostics) // the plan refuses it; this guards apply
		return
	}
	var reqs []membership.Request
	if a.before.known {
		reqs = membership.PlanUpdate(a.before.ids, target)
	} else {
		reqs = membership.PlanOverride(target) // unknown members (after an import) are set, not changed
	}
	err := a.send(ctx, nil, reqs)
	a.record(ctx, &plan, resp.Private, &resp.Diagnostics)
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
	clearExternalIDUnconfirmed(ctx, resp.Private, &resp.Diagnostics) // the configured external_id is now the applied one
	if err != nil {
		resp.Diagnostics.AddError("Segment membership update incomplete", err.Error()+
			"\n\nThe state records the members applied so far: the next plan shows the rest, and the next apply sends it.")
	}
}

// applyTarget is the membership to apply: the planned user_ids, or the membership file
// read again, which must still be what the plan saw (then raw is the file's RawDigest).
func (r *segmentResource) applyTarget(ctx context.Context, plan segmentModel, diags *diag.Diagnostics) (ids []string, raw string, ok bool) {
	if !plan.UserIDs.IsNull() {
		ids, ok := plan.UserIDs.stringsOf()
		if !ok {
			diags.AddAttributeError(path.Root("user_ids"), "Unknown user_ids", "user_ids is still unknown at apply. This is a bug in the provider.")
			return nil, "", false
		}
		return membership.Normalize(ids), "", true
	}
	file := plan.UserIDsFile.ValueString()
	f, err := readMembershipFile(ctx, file)
	if err == nil {
		ids, err = f.parse(ctx)
	}
	if err != nil {
		diags.AddAttributeError(path.Root("user_ids_file"), "Invalid membership file", err.Error()+"\n\nNothing was sent.")
		return nil, "", false
	}
	if planned := plan.UserIDsSHA256; !planned.IsUnknown() && planned.ValueString() != membership.Digest(ids) {
		diags.AddAttributeError(path.Root("user_ids_file"), "Membership file changed since the plan",
			fmt.Sprintf("user_ids_file %q now holds %d user IDs with SHA-256 %s, but the plan was made for %d user IDs with "+
				"SHA-256 %s. Nothing was sent. Run terraform plan again to review the new membership.",
				file, len(ids), membership.Digest(ids), plan.MemberCount.ValueInt64(), planned.ValueString()))
		return nil, "", false
	}
	return ids, f.raw, true
}

// privateSetter is the write side of the framework's private state.
type privateSetter interface {
	SetKey(ctx context.Context, key string, value []byte) diag.Diagnostics
}

func (r *segmentResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state segmentModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if r.data == nil {
		// The provider configuration is not known yet (credentials from another resource):
		// keep the state as it is rather than fail the plan.
		tflog.Warn(ctx, "WalkMe provider not configured yet; segment not refreshed")
		return
	}
	sys, guid := state.SystemGUID.ValueString(), state.GUID.ValueString()
	segs, err := r.data.segmentLists.list(ctx, r.data.client, sys)
	if err != nil {
		resp.Diagnostics.AddError("Cannot read segment", err.Error())
		return
	}
	s, found := listedSegment(segs, guid)
	if !found {
		// Absence from one list is weak evidence: WalkMe's list may lag behind writes.
		if segs, err = r.data.segmentLists.confirm(ctx, r.data.client, sys); err != nil {
			resp.Diagnostics.AddError("Cannot read segment", fmt.Sprintf("Segment %s is missing from the segment list of system %s; "+
				"listing again to confirm failed: %s", guid, sys, err))
			return
		}
		if s, found = listedSegment(segs, guid); !found {
			tflog.Warn(ctx, "WalkMe segment no longer exists (missing from two lists); removing it from the state", map[string]any{"segment_guid": guid, "system_guid": sys})
			resp.State.RemoveResource(ctx)
			return
		}
	}
	state.GUID = types.StringValue(s.GUID)
	state.ID = types.StringValue(sys + "/" + s.GUID)
	// The list's shape is undocumented: a field it does not report keeps the state's
	// value, so a sparser answer than expected never plans a replacement.
	if s.Name != "" {
		state.Name = types.StringValue(s.Name)
	}
	readExternalID(ctx, &state, s, req.Private, resp.Private, &resp.Diagnostics)
	r.refreshed(ctx, &state, resp.Private, &resp.Diagnostics)
	resp.Diagnostics.Append(resp.State.Set(ctx, state)...)
}

func (r *segmentResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state segmentModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || !configured(r.data, &resp.Diagnostics) {
		return
	}
	sys, guid := state.SystemGUID.ValueString(), state.GUID.ValueString()
	if err := r.data.client.DeleteSegment(ctx, sys, guid); err != nil {
		resp.Diagnostics.AddError("Cannot delete segment", err.Error())
		return
	}
	r.data.segmentLists.deleted(sys, guid)
}

func (r *segmentResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	sys, segmentGUID, ok := strings.Cut(req.ID, "/")
	if !ok || strings.TrimSpace(sys) == "" || !guid.Valid(segmentGUID) {
		resp.Diagnostics.AddError("Invalid import ID",
			fmt.Sprintf("Import ID %q is not <system_guid>/<segment_guid>, for example "+
				"5f8c4d2a9b7e4c1d8a3f6e2b1c9d7a40/12345aeb-123c-4d83-8b38-a5a456789d0a "+
				"(the walkme_segments data source lists a system's segment GUIDs).", req.ID))
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), req.ID)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("system_guid"), sys)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("guid"), segmentGUID)...)
	markExternalIDUnconfirmed(ctx, resp.Private, &resp.Diagnostics)
	// user_ids, user_ids_sha256 and member_count stay null: the members are unknown, and
	// the next apply sets them with one override pass.
}

// takenWhat names the attribute and the phrase by which seg clashes with name or externalID.
func takenWhat(seg client.Segment, name, externalID string) (path.Path, string) {
	if seg.Name != name {
		return path.Root("external_id"), fmt.Sprintf("with external id %q", externalID)
	}
	return path.Root("name"), fmt.Sprintf("named %q", name)
}

// notBlank rejects empty and whitespace-only strings, naming the attribute.
type notBlank struct{}

func (notBlank) Description(context.Context) string { return "must not be empty or only whitespace" }

func (v notBlank) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (notBlank) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if strings.TrimSpace(req.ConfigValue.ValueString()) == "" {
		resp.Diagnostics.AddAttributeError(req.Path, "Blank value",
			fmt.Sprintf("%s = %q: must not be empty or only whitespace.", req.Path, req.ConfigValue.ValueString()))
	}
}
