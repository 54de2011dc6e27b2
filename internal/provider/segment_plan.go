package provider

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/walkme-community/terraform-provider-walkme/internal/membership"
)

const (
	// privateMembershipKey holds the applied membership of a file-mode segment.
	privateMembershipKey = "membership"
	// privateFileKey holds the fileRecord of the membership file last applied in full.
	privateFileKey = "membership_file"
	// inlineWarnAbove is where Terraform's own quadratic set handling starts to cost
	// seconds per plan (DESIGN.md, "What large collections cost in Terraform"), whatever
	// the provider does.
	inlineWarnAbove = 1000
	// sampleSize is how many IDs of each kind a change summary lists (membership_change,
	// users_change).
	sampleSize = 10
)

var membershipChangeAttrTypes = map[string]attr.Type{
	"summary":        types.StringType,
	"added":          types.Int64Type,
	"removed":        types.Int64Type,
	"added_sample":   types.ListType{ElemType: types.StringType},
	"removed_sample": types.ListType{ElemType: types.StringType},
}

// membershipState is what the resource knows of a segment's members: ids is a sorted set,
// meaningful only when known (after an import, WalkMe cannot tell us).
type membershipState struct {
	ids   []string
	known bool
}

func (r *segmentResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var ids userIDsValue
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("user_ids"), &ids)...)
	if resp.Diagnostics.HasError() || ids.IsNull() || ids.IsUnknown() {
		return
	}
	if n := len(ids.Elements()); n > inlineWarnAbove {
		resp.Diagnostics.AddAttributeWarning(path.Root("user_ids"), "Large inline membership",
			fmt.Sprintf("user_ids holds %d user IDs. Terraform itself compares and renders sets in quadratic time, "+
				"so plans and applies slow down by seconds from about %d elements, whatever the provider does. "+
				"Put the IDs in a file, one per line, and set user_ids_file instead: its plan carries only a "+
				"digest, a count and a summary of the change.", n, inlineWarnAbove))
	}
}

func (r *segmentResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		return // destroy
	}
	var plan, config segmentModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	var state *segmentModel
	if !req.State.Raw.IsNull() {
		state = &segmentModel{}
		resp.Diagnostics.Append(req.State.Get(ctx, state)...)
	}
	if resp.Diagnostics.HasError() {
		return
	}

	if plan.SystemGUID.IsUnknown() && config.SystemGUID.IsNull() && r.data != nil {
		if r.data.systemGUID == "" {
			resp.Diagnostics.AddAttributeError(path.Root("system_guid"), "Missing system GUID",
				"Set system_guid on the resource, or a default with the provider's system_guid attribute or the "+
					envSystemGUID+" environment variable. "+snippetGUIDHint)
			return
		}
		plan.SystemGUID = types.StringValue(r.data.systemGUID)
	}

	r.planMembership(ctx, &plan, &config, state, req.Private, &resp.Diagnostics)
	r.refuseEmptyOverride(ctx, &plan, state, req.Private, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	// A replacement is planned twice: as an update, then, once Terraform sees that it
	// replaces, as a create with the update's private state; Terraform shows only the
	// errors of the second. So the update checks the name, and the create only when it
	// replaces nothing (a plain create, or a tainted segment's replacement).
	if state == nil {
		if replacedGUID(ctx, req.Private) == "" {
			r.checkNameAtPlan(ctx, &plan, "", &resp.Diagnostics)
		}
	} else {
		if !plan.Name.Equal(state.Name) || !plan.ExternalID.Equal(state.ExternalID) || !plan.SystemGUID.Equal(state.SystemGUID) {
			r.checkNameAtPlan(ctx, &plan, state.GUID.ValueString(), &resp.Diagnostics)
		}
		guid, _ := json.Marshal(state.GUID.ValueString()) // private state values are JSON
		resp.Diagnostics.Append(resp.Private.SetKey(ctx, privateReplacesKey, guid)...)
	}
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.Plan.Set(ctx, plan)...)
}

// planMembership plans member_count, user_ids_sha256 and membership_change.
func (r *segmentResource) planMembership(ctx context.Context, plan, config, state *segmentModel, private privateGetter, diags *diag.Diagnostics) {
	unchanged := func() { // the same members: no request; an empty plan unless the source moved
		plan.MemberCount = state.MemberCount
		plan.UserIDsSHA256 = state.UserIDsSHA256
		plan.MembershipChange = state.MembershipChange
		if !config.UserIDsFile.Equal(state.UserIDsFile) || config.UserIDs.IsNull() != state.UserIDs.IsNull() {
			plan.MembershipChange = noMembershipChange(state.MemberCount.ValueInt64())
		}
	}
	var file *membershipFile
	if f := config.UserIDsFile; !f.IsNull() && !f.IsUnknown() {
		var err error
		if file, err = readMembershipFile(ctx, f.ValueString()); err != nil {
			diags.AddAttributeError(path.Root("user_ids_file"), "Invalid membership file", err.Error())
			return
		}
		if changedSinceRefresh(ctx, f.ValueString(), file.raw, private, diags) {
			return
		}
		if state != nil && fileUnchanged(ctx, file, state, private) {
			unchanged()
			return
		}
	}
	target, ok := targetMembership(ctx, config, file, diags)
	if diags.HasError() {
		return
	}
	if !ok {
		plan.MemberCount = types.Int64Unknown()
		plan.UserIDsSHA256 = types.StringUnknown()
		plan.MembershipChange = types.ObjectUnknown(membershipChangeAttrTypes)
		return
	}
	switch digest := membership.Digest(target); {
	case state != nil && state.UserIDsSHA256.ValueString() == digest:
		unchanged()
	default:
		current := membershipState{known: true}
		if state != nil {
			current = r.currentMembership(ctx, state, private)
		}
		plan.MemberCount = types.Int64Value(int64(len(target)))
		plan.UserIDsSHA256 = types.StringValue(digest)
		plan.MembershipChange = membershipChange(state == nil, current, target)
		if len(target) == 0 && (!current.known || len(current.ids) > 0) && !config.UserIDsFile.IsNull() {
			diags.AddAttributeWarning(path.Root("user_ids_file"), "Empty membership file",
				fmt.Sprintf("user_ids_file %q holds no user IDs: this apply removes every member of the segment.",
					config.UserIDsFile.ValueString()))
		}
	}
}

// fileRecordVersion changes whenever parsing rules change, so that a file parsed by an
// older provider is parsed (and validated) again.
const fileRecordVersion = 1

// fileUnchanged reports whether the configured membership file holds exactly the bytes
// applied last: then its membership is the state's, and the plan skips parsing and
// sorting it (most of a no-op plan's provider time at a million IDs).
func fileUnchanged(ctx context.Context, file *membershipFile, state *segmentModel, private privateGetter) bool {
	return !state.UserIDsSHA256.IsNull() &&
		fileApplied(ctx, private, privateFileKey, fileRecordVersion, file.raw, state.UserIDsSHA256.ValueString())
}

// targetMembership is the configured membership as a sorted set (file is the configured
// membership file, read); false when it is not known yet (an unknown value or file path
// during plan).
func targetMembership(ctx context.Context, config *segmentModel, file *membershipFile, diags *diag.Diagnostics) ([]string, bool) {
	switch {
	case !config.UserIDs.IsNull():
		ids, ok := config.UserIDs.stringsOf()
		if !ok {
			return nil, false
		}
		return membership.Normalize(ids), true
	case file != nil:
		ids, err := file.parse(ctx)
		if err != nil {
			diags.AddAttributeError(path.Root("user_ids_file"), "Invalid membership file", err.Error())
			return nil, false
		}
		if file.repeats.Lines > 0 {
			diags.AddAttributeWarning(path.Root("user_ids_file"), "Repeated user IDs",
				fmt.Sprintf("user_ids_file %q lists %s more than once: %s. The file is a set, so each counts once.",
					file.path, countIDs(file.repeats.Lines), file.repeats))
		}
		return ids, true
	}
	return nil, false // unknown, or neither: the config validator reports it
}

// membershipFile is a membership file as read: its path as configured, its content and
// the RawDigest of its bytes (which apply records for the next plan's shortcut).
type membershipFile struct {
	path, content, raw string
	repeats            membership.Repeats // set by parse
}

// readMembershipFile reads a membership file, with the path in every error.
func readMembershipFile(_ context.Context, file string) (*membershipFile, error) {
	content, err := membership.ReadFile(file)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, missingFileError(file)
		}
		return nil, fmt.Errorf("user_ids_file %q: %w", file, err)
	}
	return &membershipFile{path: file, content: content, raw: membership.RawDigest(content)}, nil
}

// missingFileError names the absolute path tried: a relative path is read from the
// directory Terraform runs in, which is not the module's directory in a child module.
func missingFileError(file string) error {
	abs, err := filepath.Abs(file)
	if err != nil {
		abs = file
	}
	msg := fmt.Sprintf("user_ids_file %q: no such file: %s", file, abs)
	if !filepath.IsAbs(file) {
		msg += fmt.Sprintf(". A relative path is read from the directory Terraform runs in; to name a file "+
			"next to the configuration, write \"${path.module}/%s\"", filepath.ToSlash(filepath.Clean(file)))
	}
	return errors.New(msg)
}

// parse parses the file's content, with the path in every error.
func (f *membershipFile) parse(ctx context.Context) ([]string, error) {
	ids, rep, err := membership.ParseWithRepeats(f.content)
	var perr *membership.Error
	switch {
	case errors.As(err, &perr):
		return nil, fmt.Errorf("user_ids_file %q: %s", f.path, perr.Error())
	case err != nil:
		return nil, fmt.Errorf("user_ids_file %q: %w", f.path, err)
	}
	f.repeats = rep
	tflog.Debug(ctx, "parsed membership file", map[string]any{"path": f.path, "user_ids": len(ids), "repeated_lines": rep.Lines})
	return ids, nil
}

// currentMembership is what the segment holds according to the state: the state's
// user_ids in inline mode, the private state in file mode, unknown after an import (or
// if the two disagree, which an edited state could cause: the next apply then sets the
// membership with one override pass rather than trust either).
func (r *segmentResource) currentMembership(ctx context.Context, state *segmentModel, private privateGetter) membershipState {
	if state.UserIDsSHA256.IsNull() || state.UserIDsSHA256.IsUnknown() {
		return membershipState{}
	}
	var ids []string
	if !state.UserIDs.IsNull() {
		s, ok := state.UserIDs.stringsOf()
		if !ok {
			return membershipState{}
		}
		ids = membership.Normalize(s)
	} else {
		raw, diags := private.GetKey(ctx, privateMembershipKey)
		if diags.HasError() || len(raw) == 0 {
			tflog.Warn(ctx, "no applied membership in private state; the next apply sets it with an override pass")
			return membershipState{}
		}
		var err error
		if ids, err = membership.Decode(raw); err != nil {
			tflog.Warn(ctx, "unreadable applied membership in private state; the next apply sets it with an override pass", map[string]any{"error": err.Error()})
			return membershipState{}
		}
	}
	if membership.Digest(ids) != state.UserIDsSHA256.ValueString() {
		tflog.Warn(ctx, "applied membership does not match user_ids_sha256; the next apply sets it with an override pass")
		return membershipState{}
	}
	return membershipState{ids: ids, known: true}
}

// privateGetter is the read side of the framework's private state.
type privateGetter interface {
	GetKey(ctx context.Context, key string) ([]byte, diag.Diagnostics)
}

// countIDs is "1 user ID" or "n user IDs".
func countIDs(n int) string { return uaPlural(n, "user ID", "user IDs") }

// membershipChange summarises a change for the reviewer of a plan.
func membershipChange(creating bool, current membershipState, target []string) types.Object {
	vals := map[string]attr.Value{
		"added":          types.Int64Value(int64(len(target))),
		"added_sample":   stringList(membership.Sample(target, sampleSize)),
		"removed":        types.Int64Value(0),
		"removed_sample": stringList(nil),
	}
	switch {
	case creating:
		vals["summary"] = types.StringValue("create with " + countIDs(len(target)))
	case !current.known:
		vals["summary"] = types.StringValue(fmt.Sprintf("set to exactly %s with override: the current "+
			"members are unknown (WalkMe cannot list them; after an import, for example); any others are removed", countIDs(len(target))))
		vals["removed"] = types.Int64Null()
		vals["removed_sample"] = types.ListNull(types.StringType)
	default:
		add, remove := membership.Delta(current.ids, target)
		vals["summary"] = types.StringValue(fmt.Sprintf("add %d, remove %s (%d → %d members)",
			len(add), countIDs(len(remove)), len(current.ids), len(target)))
		vals["added"] = types.Int64Value(int64(len(add)))
		vals["added_sample"] = stringList(membership.Sample(add, sampleSize))
		vals["removed"] = types.Int64Value(int64(len(remove)))
		vals["removed_sample"] = stringList(membership.Sample(remove, sampleSize))
	}
	return types.ObjectValueMust(membershipChangeAttrTypes, vals)
}

// noMembershipChange is the summary of a plan that changes where the members are
// configured (the file's path, or inline versus file) but not the members.
func noMembershipChange(members int64) types.Object {
	return types.ObjectValueMust(membershipChangeAttrTypes, map[string]attr.Value{
		"summary": types.StringValue(fmt.Sprintf("no change: the same %s; no request is sent (only where "+
			"the members are configured changed)", countIDs(int(members)))),
		"added":          types.Int64Value(0),
		"removed":        types.Int64Value(0),
		"added_sample":   stringList(nil),
		"removed_sample": stringList(nil),
	})
}

func stringList(ss []string) types.List {
	elems := make([]attr.Value, len(ss))
	for i, s := range ss {
		elems[i] = types.StringValue(s)
	}
	return types.ListValueMust(types.StringType, elems)
}
