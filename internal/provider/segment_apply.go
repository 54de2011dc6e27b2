package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/walkme-community/terraform-provider-walkme/internal/client"
	"github.com/walkme-community/terraform-provider-walkme/internal/membership"
)

// segmentApply is one apply of a segment's membership: it sends the requests that take the
// segment from before to target, then records in the new state exactly what WalkMe applied.
// Create and Update fill it in, and say in their own lines what differs between them.
type segmentApply struct {
	data      *providerData
	sys, guid string
	before    membershipState // the members before this apply: none for a new segment
	target    []string        // the members to apply, a sorted set
	raw       string          // the membership file's RawDigest; "" with inline user_ids
	// newSegment makes a membership_change that the apply fills in read "create with N"
	// rather than a change from before.
	newSegment bool

	// Set by send.
	applied  membershipState // what the segment holds now
	complete bool            // every request succeeded: the planned values stand
}

// send runs reqs, which follow the requests already done (a create's own request), and sets
// what the segment holds: the target when every request succeeds; after a failure, before
// with exactly the requests done and succeeded replayed on it, so that the next plan shows
// the rest. The membership before a failed request is always safe to record, whether or not
// WalkMe acted on it: add and remove are idempotent, and an override is sent again.
//
// The leading add requests are independent of each other and go out concurrently (at most
// max_concurrent_requests in flight), all of them before any remove; the rest run in order.
func (a *segmentApply) send(ctx context.Context, done, reqs []membership.Request) error {
	total := len(done) + len(reqs)
	succeeded := done[:len(done):len(done)] // capped: appending must not write over reqs, which may share done's array
	update := func(ctx context.Context, i int) error {
		rq := reqs[i]
		if err := a.data.client.UpdateSegment(ctx, a.sys, a.guid, client.SegmentAction(rq.Op), rq.IDs); err != nil {
			return err
		}
		tflog.Debug(ctx, "updated WalkMe segment", map[string]any{"segment_guid": a.guid, "request": len(done) + i + 1, "of": total, "action": string(rq.Op), "user_ids": len(rq.IDs)})
		return nil
	}
	failed := func(i int, err error) error {
		a.applied = appliedAfter(a.before, succeeded)
		return fmt.Errorf("request %d of %d (%s) failed after %d succeeded: %w", len(done)+i+1, total, reqs[i], len(succeeded), err)
	}
	adds := 0
	for adds < len(reqs) && reqs[adds].Op == membership.OpAdd {
		adds++
	}
	ok, first, err := sendConcurrently(ctx, adds, a.data.maxConcurrent, update)
	for i, o := range ok {
		if o {
			succeeded = append(succeeded, reqs[i])
		}
	}
	if err != nil {
		return failed(first, err)
	}
	for i := adds; i < len(reqs); i++ {
		if err := update(ctx, i); err != nil {
			return failed(i, err)
		}
		succeeded = append(succeeded, reqs[i])
	}
	a.applied, a.complete = membershipState{ids: a.target, known: true}, true
	return nil
}

// appliedAfter is the membership once the requests done have succeeded on a segment
// whose membership was before.
func appliedAfter(before membershipState, done []membership.Request) membershipState {
	if len(done) == 0 {
		return before
	}
	if op := done[0].Op; !before.known && op != membership.OpOverride && op != membership.OpCreate {
		return before // cannot happen: an unknown membership is only ever overridden first
	}
	return membershipState{ids: membership.Replay(before.ids, done), known: true}
}

// record puts what the segment holds into plan (which becomes the new state) and the
// private state. When every request succeeded the planned values stand; after a failure
// they describe exactly what was applied, so the next plan shows the rest.
func (a *segmentApply) record(ctx context.Context, plan *segmentModel, private privateSetter, diags *diag.Diagnostics) {
	fileMode := plan.UserIDs.IsNull()
	switch {
	case !a.applied.known:
		// Not one request of an override pass succeeded: still unknown.
		plan.MemberCount = types.Int64Null()
		plan.UserIDsSHA256 = types.StringNull()
		plan.MembershipChange = types.ObjectNull(membershipChangeAttrTypes)
		if !fileMode {
			plan.UserIDs = userIDsValue{SetValue: types.SetNull(types.StringType)}
		}
	case a.complete:
		// The plan's values stand; computed ones left unknown (a file path unknown at plan) are filled in.
		if plan.MemberCount.IsUnknown() || plan.UserIDsSHA256.IsUnknown() {
			plan.MemberCount = types.Int64Value(int64(len(a.applied.ids)))
			plan.UserIDsSHA256 = types.StringValue(membership.Digest(a.applied.ids))
		}
		if plan.MembershipChange.IsUnknown() {
			plan.MembershipChange = membershipChange(a.newSegment, a.before, a.applied.ids)
		}
	default:
		plan.MemberCount = types.Int64Value(int64(len(a.applied.ids)))
		plan.UserIDsSHA256 = types.StringValue(membership.Digest(a.applied.ids))
		plan.MembershipChange = membershipChange(a.newSegment, a.before, a.applied.ids)
		if !fileMode {
			plan.UserIDs = userIDsFromSorted(a.applied.ids)
		}
	}
	var value, record []byte // inline mode: the state's user_ids are the membership
	if fileMode && a.applied.known {
		var err error
		if value, err = membership.Encode(a.applied.ids); err != nil {
			diags.AddError("Cannot record the applied membership", err.Error())
			return
		}
	}
	if fileMode && a.complete {
		record = fileRecordOf(fileRecordVersion, a.raw, plan.UserIDsSHA256.ValueString())
	}
	diags.Append(private.SetKey(ctx, privateMembershipKey, value)...)
	diags.Append(private.SetKey(ctx, privateFileKey, record)...)
	clearPlanKeys(ctx, private, diags)
}
