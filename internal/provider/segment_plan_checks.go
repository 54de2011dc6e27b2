package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/walkme-community/terraform-provider-walkme/internal/client"
	"github.com/walkme-community/terraform-provider-walkme/internal/guid"
	"github.com/walkme-community/terraform-provider-walkme/internal/membership"
	"github.com/walkme-community/terraform-provider-walkme/internal/regularfile"
)

// Private state keys of the plan-time checks. Both are cleared by every apply.
const (
	// privateRefreshKey holds a refreshRecord: the membership file as the refresh of
	// this run found it.
	privateRefreshKey = "membership_file_at_refresh"
	// privateReplacesKey holds the GUID of the segment that a replacement deletes. The
	// framework's update plan writes it; Terraform passes it to the create plan that
	// follows when it decides to replace.
	privateReplacesKey = "replaces_segment"
)

// snippetGUIDHint says where a system GUID is found; every "missing system GUID" error ends with it.
const snippetGUIDHint = "It is the GUID in the snippet URL https://cdn.walkme.com/users/<SYSTEM GUID>/test/walkme_<...>."

// refreshRecord ties a membership file's bytes, as the refresh read them, to its path.
//
// Why: Terraform plans every resource again at apply, with the state the plan refreshed
// (private state included) but without the plan's own values. A file changed between a
// saved plan and its apply therefore plans other values at apply, which Terraform reports
// as one "Provider produced inconsistent final plan" error per attribute. The refresh is
// the one step that runs at plan time only and whose output reaches the apply's plan:
// what it records lets that plan see the change and stop with one clear error.
type refreshRecord struct {
	Path string `json:"path"`
	Raw  string `json:"raw_sha256"`
}

// refreshed is what Read adds to a segment it found: the previous apply's change summary is
// dropped, so that the next plan shows its own change alone (`+ membership_change`) rather
// than the previous one turning into it; the GUID is noted as managed by this
// configuration; and the membership file is recorded as it is now.
func (r *segmentResource) refreshed(ctx context.Context, state *segmentModel, private privateSetter, diags *diag.Diagnostics) {
	state.MembershipChange = types.ObjectNull(membershipChangeAttrTypes)
	r.data.managed.add(state.SystemGUID.ValueString(), state.GUID.ValueString())
	var rec []byte
	if file := state.UserIDsFile; !file.IsNull() && !file.IsUnknown() {
		// membership.RawDigest, without holding the file
		if raw, err := regularfile.FileDigest(file.ValueString(), membership.MaxFileBytes); err == nil {
			rec, _ = json.Marshal(refreshRecord{Path: file.ValueString(), Raw: raw})
		}
	}
	diags.Append(private.SetKey(ctx, privateRefreshKey, rec)...)
}

// changedSinceRefresh reports an error when the membership file now holds other bytes
// than the refresh of this run found. At plan time the two reads are milliseconds apart;
// at the apply of a saved plan it means the file changed after the plan was made
// (fileChangedSinceRefresh says when the refresh's record is evidence of that).
func changedSinceRefresh(ctx context.Context, file, raw string, private privateGetter, diags *diag.Diagnostics) bool {
	var rec refreshRecord
	if !privateJSON(ctx, private, privateRefreshKey, &rec) || rec.Path != file ||
		!fileChangedSinceRefresh(rec.Raw, appliedFileRaw(ctx, private, privateFileKey), raw) {
		return false
	}
	diags.AddAttributeError(path.Root("user_ids_file"), "Membership file changed since the plan",
		fmt.Sprintf("user_ids_file %q changed after the plan read it (its bytes had SHA-256 %s, now %s). "+
			"Nothing was sent. Run terraform plan again to review the membership the file holds now, then apply that plan.",
			file, rec.Raw, raw))
	return true
}

// managedSegments are the segment GUIDs that the refresh of this run found in the state:
// segments some walkme_segment of this configuration manages.
type managedSegments struct {
	mu    sync.Mutex
	guids map[string]bool // "<system>/<guid>", GUID lower case without hyphens
}

func managedKey(sys, segmentGUID string) string {
	return sys + "/" + guid.Key(segmentGUID)
}

func (m *managedSegments) add(sys, guid string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.guids == nil {
		m.guids = map[string]bool{}
	}
	m.guids[managedKey(sys, guid)] = true
}

func (m *managedSegments) has(sys, guid string) bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.guids[managedKey(sys, guid)]
}

// checkNameAtPlan reports, when a plan creates a segment, a segment of that name or
// external id that WalkMe already has; replaces is the GUID of the segment the create
// replaces, if any. The list is the one Read shares, so the check costs no request in a
// run that refreshes. Create checks again at apply.
func (r *segmentResource) checkNameAtPlan(ctx context.Context, plan *segmentModel, replaces string, diags *diag.Diagnostics) {
	sys, name, extID := plan.SystemGUID, plan.Name, plan.ExternalID
	if r.data == nil || sys.IsUnknown() || name.IsUnknown() || extID.IsUnknown() {
		return
	}
	segs, err := r.data.segmentLists.list(ctx, r.data.client, sys.ValueString())
	if err != nil {
		// The apply would need the same list (and the same credentials): fail now.
		diags.AddError("Cannot check for an existing segment", err.Error())
		return
	}
	seg, ok := taken(segs, name.ValueString(), extID.ValueString())
	if !ok {
		return
	}
	attr, what := takenWhat(seg, name.ValueString(), extID.ValueString())
	switch {
	case replaces != "" && guid.Equal(replaces, seg.GUID):
		diags.AddAttributeWarning(attr, "Segment replaced by one of the same name",
			fmt.Sprintf("System %s has a segment %s (guid %s): this resource's own, which this replacement deletes "+
				"before it creates the new one. Its members are sent again with the new segment. "+
				"(With create_before_destroy the create would fail: the name is still taken.)",
				sys.ValueString(), what, seg.GUID))
	case r.data.managed.has(sys.ValueString(), seg.GUID):
		diags.AddAttributeWarning(attr, "Segment name already in use",
			fmt.Sprintf("System %s already has a segment %s (guid %s), and another walkme_segment of this "+
				"configuration manages it (this run read it from the state), unless it is this resource's own "+
				"tainted segment, which the apply deletes first. If two resources declare it, give one of them another "+
				"name: the apply does not create a second segment with a name or external id the system already has.", sys.ValueString(), what, seg.GUID))
	default:
		addTakenError(diags, attr, sys.ValueString(), seg, what)
	}
}

// addTakenError explains what to do about a segment that exists already.
func addTakenError(diags *diag.Diagnostics, attr path.Path, sys string, seg client.Segment, what string) {
	id := sys + "/" + seg.GUID
	diags.AddAttributeError(attr, "Segment already exists",
		fmt.Sprintf("System %s already has a segment %s (guid %s).\n\n"+
			"If another walkme_segment of this configuration declares it, give one of them another name. "+
			"Otherwise, to manage the existing segment with Terraform, import it:\n\n"+
			"  terraform import <resource address> %s\n\nor add an import block:\n\n"+
			"  import {\n    to = <resource address>\n    id = %q\n  }\n\n"+
			"Its current members cannot be read from WalkMe: the first apply after the import sets them with one override pass.",
			sys, what, seg.GUID, id, id))
}

// clearPlanKeys removes what the refresh and the plan recorded for the apply: an apply has
// used it, and a later plan must not mistake it for its own.
func clearPlanKeys(ctx context.Context, private privateSetter, diags *diag.Diagnostics) {
	diags.Append(private.SetKey(ctx, privateRefreshKey, nil)...)
	diags.Append(private.SetKey(ctx, privateReplacesKey, nil)...)
}

// replacedGUID is the GUID of the segment that the plan replaces, from the private state
// the update plan wrote; "" when it replaces none.
func replacedGUID(ctx context.Context, private privateGetter) string {
	var guid string
	privateJSON(ctx, private, privateReplacesKey, &guid) // unreadable: not known to replace anything
	return guid
}
