package provider

import (
	"context"
	"fmt"
	"slices"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/walkme-community/terraform-provider-walkme/internal/client"
	"github.com/walkme-community/terraform-provider-walkme/internal/userattrs"
)

// uaPushFailed is the summary of every error of a push that WalkMe refused or did not answer.
const uaPushFailed = "Pushing user attributes to WalkMe failed"

// userAttributesApply is one apply of walkme_user_attributes: it pushes the change from
// prior (what WalkMe holds according to the state) to desired, then records in the new state
// exactly what WalkMe accepted. Create and Update fill it in, and say in their own lines what
// differs between them.
type userAttributesApply struct {
	uaPush
	data    *providerData
	planned userAttributesModel // the new state, as planned
	token   string
	schema  *userattrs.Schema
	// change is users_change where the plan could not know it (a file path unknown at plan).
	change types.Object

	// Set by send.
	done     []bool // the batches WalkMe accepted
	failed   int    // the batch that failed
	complete bool   // every batch was accepted: the planned values stand
}

// uaPush is what one apply pushes: the plan from prior to desired, and what building its
// records and recording the result need.
type uaPush struct {
	prior, desired userattrs.Config
	plan           userattrs.Plan
	// With a users file: table holds desired's users (desired.Users is nil), raw is the
	// file's RawDigest, and priorUsers, when set, is prior with its users decoded, which
	// only a part-way failure needs (prior.Users is nil).
	table      *userattrs.Table
	raw        string
	priorUsers func() userattrs.Config
}

// attrs is user id's declared attributes.
func (p *uaPush) attrs(id string) map[string]string {
	if p.table == nil {
		return p.desired.Users[id]
	}
	i, _ := p.table.Find(id)
	return p.table.User(i)
}

// newUserAttributesApply prepares push, and warns about what the API cannot do.
func newUserAttributesApply(ctx context.Context, data *providerData, planned userAttributesModel,
	push uaPush, diags *diag.Diagnostics) (*userAttributesApply, bool) {
	sch, err := userattrs.NewSchema(push.desired.UserIDProperty, push.desired.Types)
	if err != nil {
		diags.AddError("Invalid walkme_user_attributes", err.Error())
		return nil, false
	}
	a := &userAttributesApply{uaPush: push, data: data, planned: planned, token: planned.IntegrationToken.ValueString(), schema: sch}
	p := a.plan
	tflog.Debug(a.masked(ctx), "Pushing user attributes", map[string]any{
		"requests": len(p.Batches), "records": p.Records(), "added": len(p.Added),
		"changed": len(p.Changed), "removing": len(p.Removing), "forgotten": len(p.Forgotten),
		"companion": p.Companion, "max_concurrent_requests": data.maxConcurrent,
	})
	where := "users"
	if !planned.UsersFile.IsNull() {
		where = "users_file"
	}
	uaPlanWarnings(diags, p, where)
	return a, true
}

// masked is ctx with the integration token masked in every log entry.
func (a *userAttributesApply) masked(ctx context.Context) context.Context {
	return tflog.MaskMessageStrings(tflog.MaskAllFieldValuesStrings(ctx, a.token), a.token)
}

// setUpIntegration sends the one empty post WalkMe asks for after an integration is set up,
// so that its fields can be used in segmentation.
func (a *userAttributesApply) setUpIntegration(ctx context.Context) error {
	return a.data.client.PushEmptyUserData(a.masked(ctx), a.token)
}

// send pushes the batches, at most max_concurrent_requests at a time, and notes which ones
// WalkMe accepted, whatever order they completed in.
func (a *userAttributesApply) send(ctx context.Context) error {
	var err error
	a.done, a.failed, err = sendConcurrently(a.masked(ctx), len(a.plan.Batches), a.data.maxConcurrent, func(ctx context.Context, i int) error {
		records := make([]map[string]any, 0, len(a.plan.Batches[i]))
		for _, id := range a.plan.Batches[i] {
			rec, err := a.schema.Record(id, a.attrs(id))
			if err != nil {
				return fmt.Errorf("building the record of user %q: %w", id, err)
			}
			records = append(records, rec)
		}
		return a.data.client.PushUserData(ctx, a.token, records)
	})
	a.complete = err == nil
	return err
}

// accepted reports whether WalkMe accepted any batch.
func (a *userAttributesApply) accepted() bool { return slices.Contains(a.done, true) }

// failure explains a failed batch and what WalkMe accepted, in a sentence that the caller
// ends by saying what happens next.
func (a *userAttributesApply) failure(err error) string {
	msg := uaRequestFailed(fmt.Sprintf("Request %d of %d (%s)", a.failed+1, len(a.plan.Batches),
		uaPlural(len(a.plan.Batches[a.failed]), "user", "users")), err)
	if !a.accepted() {
		return msg + "Nothing was pushed"
	}
	users, requests := 0, 0
	for i, ok := range a.done {
		if ok {
			users += len(a.plan.Batches[i])
			requests++
		}
	}
	return msg + fmt.Sprintf("WalkMe accepted %s (%s) and they are recorded", uaPlural(users, "user", "users"),
		uaPlural(requests, "request", "requests"))
}

// uaRequestFailed explains a failed request, and what to check when WalkMe refused the token.
func uaRequestFailed(request string, err error) string {
	msg := fmt.Sprintf("%s failed: %v.\n\n", request, err)
	if client.IsIntegrationTokenRejected(err) {
		msg += "Check integration_token: it must be the token WalkMe shows for the End User Update integration " +
			"(Insights → Integrations → API to WalkMe), not an API access token.\n\n"
	}
	return msg
}

// record saves what WalkMe accepted: all of desired when every batch was, else exactly the
// users whose batches were; in state, and in file mode in private state.
func (a *userAttributesApply) record(ctx context.Context, state *tfsdk.State, private privateSetter, diags *diag.Diagnostics) {
	ctx = a.masked(ctx)
	m := a.planned
	var recorded *userattrs.Table // what WalkMe holds now, with a users file
	var d diag.Diagnostics
	if a.complete {
		recorded = a.table
	} else {
		prior, desired := a.prior, a.desired
		if a.table != nil {
			desired.Users = a.table.Users()
			if a.priorUsers != nil {
				prior = a.priorUsers()
			}
		}
		done := a.plan.RecordedDone(prior, desired, a.done)
		m.AttributeTypes, d = types.MapValueFrom(ctx, types.StringType, done.Types)
		diags.Append(d...)
		if m.UsersFile.IsNull() {
			m.Users, d = types.MapValueFrom(ctx, types.MapType{ElemType: types.StringType}, done.Users)
			diags.Append(d...)
		} else {
			recorded = userattrs.TableOf(done.Users)
		}
	}
	var pushed, record []byte
	if !m.UsersFile.IsNull() {
		var err error
		if pushed, err = recorded.Encode(); err != nil { // first: it computes the digest meanwhile
			diags.AddError("Cannot record the pushed users", err.Error())
			return
		}
		digest := recorded.Digest()
		m.UsersSHA256 = types.StringValue(digest)
		m.UserCount = types.Int64Value(int64(recorded.Len()))
		if m.UsersChange.IsUnknown() {
			m.UsersChange = a.change
		}
		if a.complete {
			record = fileRecordOf(uaFileRecordVersion, a.raw, digest)
		}
	}
	diags.Append(private.SetKey(ctx, uaPrivateUsers, pushed)...)
	diags.Append(private.SetKey(ctx, uaPrivateFile, record)...)
	diags.Append(private.SetKey(ctx, uaPrivateSeen, nil)...)
	diags.Append(private.SetKey(ctx, uaPrivatePlanned, nil)...)
	diags.Append(state.Set(ctx, m)...)
}
