package provider

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/walkme-community/terraform-provider-walkme/internal/client"
	"github.com/walkme-community/terraform-provider-walkme/internal/userattrs"
)

var (
	_ resource.ResourceWithConfigure      = (*userAttributesResource)(nil)
	_ resource.ResourceWithValidateConfig = (*userAttributesResource)(nil)
	_ resource.ResourceWithModifyPlan     = (*userAttributesResource)(nil)
)

// NewUserAttributesResource is the walkme_user_attributes resource (End User Update API).
func NewUserAttributesResource() resource.Resource { return &userAttributesResource{} }

type userAttributesResource struct{ data *providerData }

type userAttributesModel struct {
	ID               types.String `tfsdk:"id"`
	IntegrationToken types.String `tfsdk:"integration_token"`
	UserIDProperty   types.String `tfsdk:"user_id_property"`
	AttributeTypes   types.Map    `tfsdk:"attribute_types"`
	Users            types.Map    `tfsdk:"users"`
}

// uaMaxListed bounds the user IDs and problems one diagnostic lists.
const uaMaxListed = 20

const uaDescription = `Pushes user attributes to WalkMe through the End User Update API, so that
segmentation, Insights filters and reports can use them.

WalkMe stores what it receives; this resource declares the result. Each apply sends only the users
whose declared attributes changed since the last apply, 100 records a request, each record complete
(the user ID property and every attribute declared for that user), typed by ` + "`attribute_types`" + `
(numbers as JSON numbers, dates checked as ` + "`YYYY-MM-DD`" + `, dotted names such as
` + "`account.tier`" + ` as nested JSON objects). A null (which WalkMe documents as making the whole
request ignored) or a value that does not fit its type (which the provider assumes WalkMe would drop) is a
plan-time error; nothing is sent.

**How removals work.** WalkMe's API has no delete. In a request with several users it deletes the
integration's properties a record leaves out; in a request with one user it keeps them. So:

* A user that loses an attribute is sent, complete, in a request with at least one other user: that
  deletes the attribute. When it is the only user to send, one unchanged user is re-sent beside it
  (one extra record, never an extra request). Users added to ` + "`users`" + ` are sent the same way, so values
  left in WalkMe from before are cleared. A user whose values changed, with nothing removed, may be
  sent alone.
* Requests never hold a single record when more than one is sent, so no removal can fall into a
  lone last request.
* Because records sent with other users replace the user's whole set of properties in this
  integration, this resource owns those users' attributes in the integration: values another tool
  pushes for them with the same integration token are deleted the next time they are sent.
* When the resource manages a single user, every request holds that user alone: removing one of
  its attributes is impossible (the plan and the apply warn, WalkMe keeps the value, and the state
  forgets it), and values WalkMe held for it before stay. Manage at least two users per resource
  to have WalkMe match the configuration exactly.
* Removing a user from ` + "`users`" + `, or destroying the resource, cannot clear WalkMe's values: the
  user is forgotten (the plan and the apply warn) and nothing is sent.

**State and import.** WalkMe has no endpoint to read attributes back, so the state holds what was
pushed (the token, the user ID property, the types and every user's values), and drift made
outside Terraform is not detected. Import is not possible: there is nothing to import from; declare
the users and apply, which pushes them. If an apply fails part-way, the state records the users
whose requests succeeded, and the next apply sends the rest (after a failed create, Terraform
marks the resource tainted and the next apply pushes every user again).

` + "`attribute_types`" + ` must name the integration's properties exactly as defined in WalkMe (Console → Data
Integrations; older accounts: Insights → Integrations → API to WalkMe). WalkMe does not document what it does with a
property its integration does not define; the provider assumes it is dropped without an error.

**Scale.** ` + "`users`" + ` is a map, which Terraform compares and renders by key, and the provider's own
work is linear (a few milliseconds for 10,000 users). Measured with Terraform 1.11 on a 2-core
machine, 10,000 users with 5 attributes each: create 16 s (100 requests), no-op plan 11 s, apply
of a one-user change 24 s (one request); one user: 0.35 s. Nearly all of it is Terraform and the
plugin framework handling 50,000 values. The framework's own TRACE logging would make that quadratic
(265 s for the same no-op plan), so the provider runs it at DEBUG unless ` + "`TF_LOG_SDK_FRAMEWORK`" + ` is
set. With tens of thousands of users, split them across several resources (with the same token,
each resource owns only its own users).`

func (r *userAttributesResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_user_attributes"
}

func (r *userAttributesResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: uaDescription,
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "Random identifier of this set of pushed attributes (not the integration token).",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"integration_token": schema.StringAttribute{
				MarkdownDescription: "The integration token WalkMe shows when the End User Update integration is " +
					"created (not an API access token). It identifies the integration. A different token is a " +
					"different integration, so changing it forces replacement: every user is pushed to the new " +
					"one, and the old one keeps its values.",
				Required:      true,
				Sensitive:     true,
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"user_id_property": schema.StringAttribute{
				MarkdownDescription: "The integration's user identifier property, e.g. `Email`; a dotted name " +
					"such as `properties.ID` is sent as a nested JSON object. Changing it forces replacement, " +
					"which pushes every user again.",
				Required:      true,
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"attribute_types": schema.MapAttribute{
				MarkdownDescription: "The type of each attribute, as the integration defines it: `string`, " +
					"`number` or `date` (`YYYY-MM-DD`). At most 100 (WalkMe's limit across all incoming " +
					"integrations of an account). Dotted names address nested JSON objects. Changing a type " +
					"re-sends the users that have the attribute.",
				Required:    true,
				ElementType: types.StringType,
			},
			"users": schema.MapAttribute{
				MarkdownDescription: "The attributes of each user: user ID → attribute name → value, written as " +
					"a string (numbers and dates too; Terraform converts numbers). Every user needs at least " +
					"one attribute, and every attribute must be in `attribute_types`.",
				Required:    true,
				ElementType: types.MapType{ElemType: types.StringType},
			},
		},
	}
}

func (r *userAttributesResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

func (r *userAttributesResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var m userAttributesModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if !m.IntegrationToken.IsUnknown() && !m.IntegrationToken.IsNull() && m.IntegrationToken.ValueString() == "" {
		resp.Diagnostics.AddAttributeError(path.Root("integration_token"), "Empty integration token",
			`integration_token = "": set it to the token WalkMe shows for the End User Update integration.`)
	}
	cfg, unknowns, probs := uaConfigOf(m)
	probs = append(probs, userattrs.Validate(cfg, unknowns)...)
	uaAddProblems(&resp.Diagnostics, probs)
}

// uaAddProblems turns plan-time problems into attribute errors, at most uaMaxListed of them.
func uaAddProblems(diags *diag.Diagnostics, probs []userattrs.Problem) {
	for i, p := range probs {
		if i == uaMaxListed {
			diags.AddAttributeError(path.Root("users"), "More invalid user attributes",
				fmt.Sprintf("%d more problems like the ones above are not listed.", len(probs)-uaMaxListed))
			return
		}
		at := path.Root("user_id_property")
		switch p.Field {
		case userattrs.FieldAttributeTypes:
			at = path.Root("attribute_types")
			if p.Attribute != "" {
				at = at.AtMapKey(p.Attribute)
			}
		case userattrs.FieldUsers:
			at = path.Root("users").AtMapKey(p.User)
			if p.Attribute != "" {
				at = at.AtMapKey(p.Attribute)
			}
		}
		diags.AddAttributeError(at, p.Summary, p.Detail)
	}
}

// uaConfigOf reads the model into plain values. Unknown parts (during plan) are marked, and nulls,
// which WalkMe would answer by ignoring the whole request, are problems.
func uaConfigOf(m userAttributesModel) (userattrs.Config, *userattrs.Unknowns, []userattrs.Problem) {
	var probs []userattrs.Problem
	u := &userattrs.Unknowns{
		UserIDProperty: m.UserIDProperty.IsUnknown() || m.UserIDProperty.IsNull(),
		Types:          m.AttributeTypes.IsUnknown() || m.AttributeTypes.IsNull(),
		Users:          m.Users.IsUnknown() || m.Users.IsNull(),
	}
	c := userattrs.Config{UserIDProperty: m.UserIDProperty.ValueString()}
	if !u.Types {
		c.Types = make(map[string]string, len(m.AttributeTypes.Elements()))
		for name, v := range m.AttributeTypes.Elements() {
			s, _ := v.(types.String)
			switch {
			case s.IsUnknown():
				uaMarkUnknown(&u.TypeValues, name)
			case s.IsNull():
				uaMarkUnknown(&u.TypeValues, name) // reported here, not again per user
				probs = append(probs, userattrs.Problem{Field: userattrs.FieldAttributeTypes, Attribute: name,
					Summary: "Null attribute type", Detail: fmt.Sprintf("attribute_types[%q] is null: set %s.", name, userattrs.TypeNames)})
			}
			c.Types[name] = s.ValueString()
		}
	}
	if u.Users {
		return c, u, probs
	}
	c.Users = make(map[string]map[string]string, len(m.Users.Elements()))
	for id, v := range m.Users.Elements() {
		um, _ := v.(types.Map)
		if um.IsUnknown() {
			uaMarkUnknown(&u.UserMaps, id)
			c.Users[id] = nil
			continue
		}
		attrs := make(map[string]string, len(um.Elements()))
		for name, av := range um.Elements() {
			s, _ := av.(types.String)
			switch {
			case s.IsUnknown():
				uaMarkValue(u, id, name)
			case s.IsNull():
				uaMarkValue(u, id, name) // reported here, not converted
				probs = append(probs, userattrs.Problem{Field: userattrs.FieldUsers, User: id, Attribute: name,
					Summary: "Null user attribute", Detail: fmt.Sprintf("users[%q][%q] is null: WalkMe ignores a whole "+
						"request containing a null. To remove the attribute, leave it out of the user's map.", id, name)})
			}
			attrs[name] = s.ValueString()
		}
		c.Users[id] = attrs
	}
	return c, u, probs
}

func uaMarkUnknown(m *map[string]bool, k string) {
	if *m == nil {
		*m = map[string]bool{}
	}
	(*m)[k] = true
}

func uaMarkValue(u *userattrs.Unknowns, user, attr string) {
	if u.Values == nil {
		u.Values = map[string]map[string]bool{}
	}
	if u.Values[user] == nil {
		u.Values[user] = map[string]bool{}
	}
	u.Values[user][attr] = true
}

// uaKnownConfig reads a model whose values are all known (state, or a plan at apply time).
func uaKnownConfig(m userAttributesModel) (userattrs.Config, error) {
	c, u, probs := uaConfigOf(m)
	if u.UserIDProperty || u.Types || u.Users || len(u.TypeValues)+len(u.UserMaps)+len(u.Values) > 0 || len(probs) > 0 {
		return c, errors.New("the user attributes contain unknown or null values")
	}
	return c, nil
}

// ModifyPlan warns, at plan time, about what the API cannot do: forget users, keep the
// attributes of a lone user, keep everything on destroy.
func (r *userAttributesResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.State.Raw.IsNull() {
		return
	}
	var prior userAttributesModel
	resp.Diagnostics.Append(req.State.Get(ctx, &prior)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if req.Plan.Raw.IsNull() {
		resp.Diagnostics.AddWarning("WalkMe keeps the pushed user attributes", uaDestroyWarning(len(prior.Users.Elements())))
		return
	}
	var planned userAttributesModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &planned)...)
	if resp.Diagnostics.HasError() {
		return
	}
	priorCfg, err := uaKnownConfig(prior)
	if err != nil {
		return
	}
	desired, err := uaKnownConfig(planned)
	if err != nil || planned.IntegrationToken.IsUnknown() {
		return // not known yet: the apply warns
	}
	if !planned.IntegrationToken.Equal(prior.IntegrationToken) || desired.UserIDProperty != priorCfg.UserIDProperty {
		resp.Diagnostics.AddWarning("WalkMe keeps the values pushed before the replacement",
			fmt.Sprintf("A new integration_token or user_id_property replaces this resource: all %s are pushed "+
				"again as new records, and what was pushed under the old token or user ID property stays in "+
				"WalkMe (the API cannot delete it).", uaPlural(len(desired.Users), "user", "users")))
		return
	}
	uaPlanWarnings(&resp.Diagnostics, userattrs.NewPlan(priorCfg, desired))
}

func uaDestroyWarning(n int) string {
	users := uaPlural(n, "user", "users")
	return fmt.Sprintf("The End User Update API cannot delete user attributes, so WalkMe keeps the values pushed "+
		"for %s; Terraform only forgets them. Nothing is sent. To change the values in WalkMe, push new "+
		"ones (for example from another walkme_user_attributes resource with the same integration token).", users)
}

func uaPlanWarnings(diags *diag.Diagnostics, p userattrs.Plan) {
	if len(p.Forgotten) > 0 {
		diags.AddAttributeWarning(path.Root("users"), "WalkMe keeps the attributes of removed users",
			fmt.Sprintf("%s no longer in users: %s. The End User Update API cannot delete a user's "+
				"attributes, so WalkMe keeps them and Terraform forgets them. Nothing is sent for these users.",
				uaPlural(len(p.Forgotten), "user is", "users are"), uaListIDs(p.Forgotten)))
	}
	for _, rm := range p.Unremovable {
		diags.AddAttributeWarning(path.Root("users").AtMapKey(rm.User), "Attribute cannot be removed in WalkMe",
			fmt.Sprintf("users[%q] no longer has %s, but WalkMe deletes attributes only in a request with several "+
				"users, and this resource manages only this one. WalkMe keeps the value and Terraform forgets "+
				"it. Add another user to this resource to have removals applied.", rm.User, uaQuoteAll(rm.Attributes)))
	}
}

// uaPlural is "1 user" or "2 users".
func uaPlural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

func uaListIDs(ids []string) string {
	if len(ids) <= uaMaxListed {
		return uaQuoteAll(ids)
	}
	return fmt.Sprintf("%s and %d more", uaQuoteAll(ids[:uaMaxListed]), len(ids)-uaMaxListed)
}

func uaQuoteAll(s []string) string {
	q := make([]string, len(s))
	for i, v := range s {
		q[i] = fmt.Sprintf("%q", v)
	}
	return strings.Join(q, ", ")
}

func (r *userAttributesResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var planned userAttributesModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &planned)...)
	if resp.Diagnostics.HasError() {
		return
	}
	id, err := uaRandomID()
	if err != nil {
		resp.Diagnostics.AddError("Creating walkme_user_attributes", err.Error())
		return
	}
	planned.ID = types.StringValue(id)
	prior := userAttributesModel{ID: planned.ID, IntegrationToken: planned.IntegrationToken, UserIDProperty: planned.UserIDProperty}
	r.push(ctx, prior, planned, &resp.State, &resp.Diagnostics, true)
}

func (r *userAttributesResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var prior, planned userAttributesModel
	resp.Diagnostics.Append(req.State.Get(ctx, &prior)...)
	resp.Diagnostics.Append(req.Plan.Get(ctx, &planned)...)
	if resp.Diagnostics.HasError() {
		return
	}
	planned.ID = prior.ID
	r.push(ctx, prior, planned, &resp.State, &resp.Diagnostics, false)
}

// uaStateSetter is the part of tfsdk.State that push needs.
type uaStateSetter interface {
	Set(ctx context.Context, val any) diag.Diagnostics
}

// push sends the plan from prior to planned and records what WalkMe received: all of planned
// on success, and after a failure the users whose requests succeeded (on create with nothing
// sent, no state at all).
func (r *userAttributesResource) push(ctx context.Context, prior, planned userAttributesModel, state uaStateSetter, diags *diag.Diagnostics, creating bool) {
	if r.data == nil || r.data.client == nil {
		diags.AddError("WalkMe provider not configured",
			"The provider has no credentials yet (client_id, client_secret); it cannot push user attributes.")
		return
	}
	desired, err := uaKnownConfig(planned)
	if err != nil {
		diags.AddError("Reading the planned walkme_user_attributes", err.Error())
		return
	}
	priorCfg := userattrs.Config{UserIDProperty: desired.UserIDProperty}
	if !creating {
		if priorCfg, err = uaKnownConfig(prior); err != nil {
			diags.AddError("Reading the walkme_user_attributes state", err.Error())
			return
		}
	}
	sch, err := userattrs.NewSchema(desired.UserIDProperty, desired.Types)
	if err != nil {
		diags.AddError("Invalid walkme_user_attributes", err.Error())
		return
	}
	plan := userattrs.NewPlan(priorCfg, desired)
	token := planned.IntegrationToken.ValueString()
	ctx = tflog.MaskMessageStrings(tflog.MaskAllFieldValuesStrings(ctx, token), token)
	tflog.Debug(ctx, "Pushing user attributes", map[string]any{
		"requests": len(plan.Batches), "records": plan.Records(), "added": len(plan.Added),
		"changed": len(plan.Changed), "removing": len(plan.Removing), "forgotten": len(plan.Forgotten),
		"companion": plan.Companion,
	})
	uaPlanWarnings(diags, plan)

	for i, batch := range plan.Batches {
		records := make([]map[string]any, 0, len(batch))
		for _, id := range batch {
			rec, err := sch.Record(id, desired.Users[id])
			if err != nil {
				diags.AddError("Building a user attributes record", err.Error())
				r.record(ctx, plan, priorCfg, desired, planned, i, state, diags, creating)
				return
			}
			records = append(records, rec)
		}
		if err := r.data.client.PushUserData(ctx, token, records); err != nil {
			diags.AddError("Pushing user attributes to WalkMe failed", uaPushFailure(err, plan, i, creating))
			r.record(ctx, plan, priorCfg, desired, planned, i, state, diags, creating)
			return
		}
	}
	diags.Append(state.Set(ctx, planned)...)
}

// record saves what the first sent requests of plan pushed.
func (r *userAttributesResource) record(ctx context.Context, plan userattrs.Plan, prior, desired userattrs.Config,
	planned userAttributesModel, sent int, state uaStateSetter, diags *diag.Diagnostics, creating bool) {
	if creating && sent == 0 {
		return // nothing reached WalkMe: no resource
	}
	done := plan.Recorded(prior, desired, sent)
	m := planned
	var d diag.Diagnostics
	m.AttributeTypes, d = types.MapValueFrom(ctx, types.StringType, done.Types)
	diags.Append(d...)
	m.Users, d = types.MapValueFrom(ctx, types.MapType{ElemType: types.StringType}, done.Users)
	diags.Append(d...)
	diags.Append(state.Set(ctx, m)...)
}

func uaPushFailure(err error, plan userattrs.Plan, failed int, creating bool) string {
	sent := 0
	for _, b := range plan.Batches[:failed] {
		sent += len(b)
	}
	msg := fmt.Sprintf("Request %d of %d (%s) failed: %v.\n\n", failed+1, len(plan.Batches),
		uaPlural(len(plan.Batches[failed]), "user", "users"), err)
	var ae *client.APIError
	if errors.As(err, &ae) && (ae.StatusCode == http.StatusBadRequest || ae.StatusCode == http.StatusNotFound) &&
		strings.Contains(strings.ToLower(ae.Message), "token") {
		msg += "Check integration_token: it must be the token WalkMe shows for the End User Update integration " +
			"(Insights → Integrations → API to WalkMe), not an API access token.\n\n"
	}
	switch {
	case failed == 0 && creating:
		msg += "Nothing was pushed."
	case failed == 0:
		msg += "Nothing was pushed; the next apply tries again."
	case creating:
		msg += fmt.Sprintf("The %s of the earlier requests were pushed and are recorded; Terraform marks the "+
			"resource tainted, and the next apply pushes every user again.", uaPlural(sent, "user", "users"))
	default:
		msg += fmt.Sprintf("The %s of the earlier requests were pushed and are recorded; the next apply "+
			"sends the rest.", uaPlural(sent, "user", "users"))
	}
	return msg
}

func uaRandomID() (string, error) {
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("generating an id: %w", err)
	}
	return hex.EncodeToString(b), nil
}

// Read has nothing to read: WalkMe cannot return pushed attributes, so the state stays what
// was pushed.
func (r *userAttributesResource) Read(context.Context, resource.ReadRequest, *resource.ReadResponse) {
}

// Delete sends nothing: the API cannot delete attributes. The plan has warned (ModifyPlan);
// a second warning here would repeat it in the same terraform destroy.
func (r *userAttributesResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var users types.Map
	resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("users"), &users)...)
	tflog.Info(ctx, "walkme_user_attributes removed from state; WalkMe keeps the pushed values", map[string]any{"users": len(users.Elements())})
}
