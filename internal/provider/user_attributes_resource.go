package provider

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/resourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/walkme-community/terraform-provider-walkme/internal/regularfile"
	"github.com/walkme-community/terraform-provider-walkme/internal/userattrs"
)

var (
	_ resource.ResourceWithConfigure        = (*userAttributesResource)(nil)
	_ resource.ResourceWithValidateConfig   = (*userAttributesResource)(nil)
	_ resource.ResourceWithModifyPlan       = (*userAttributesResource)(nil)
	_ resource.ResourceWithConfigValidators = (*userAttributesResource)(nil)
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
	UsersFile        types.String `tfsdk:"users_file"`
	UsersSHA256      types.String `tfsdk:"users_sha256"`
	UserCount        types.Int64  `tfsdk:"user_count"`
	UsersChange      types.Object `tfsdk:"users_change"`
}

// uaMaxListed bounds the user IDs and problems one diagnostic lists.
const uaMaxListed = 20

const uaDescription = `Pushes user attributes to WalkMe through the End User Update API, so that
segmentation, Insights filters and reports can use them.`

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
					"one attribute, and every attribute must be in `attribute_types`. Exactly one of `users` and " +
					"`users_file`; above " + strconv.Itoa(uaInlineWarnAbove) + " users the plan warns and points to `users_file`.",
				Optional:    true,
				ElementType: types.MapType{ElemType: types.StringType},
			},
			"users_file": schema.StringAttribute{
				MarkdownDescription: "A file holding the users, for many of them (a CRM or warehouse export): " +
					"`.csv` with a header row (the column named as `user_id_property` holds the user ID, every " +
					"other column is an attribute of `attribute_types`, an empty cell means no value; RFC 4180 " +
					"quoting, CRLF or LF, an optional UTF-8 byte order mark), or `.jsonl` / `.ndjson` (one JSON " +
					"object a line, numbers as JSON numbers, dotted names as nested objects or dotted keys). The " +
					"users themselves are never in the plan or the state: see `users_sha256`, `user_count` and " +
					"`users_change`. Exactly one of `users` and `users_file`.",
				Optional: true,
			},
			"users_sha256": schema.StringAttribute{
				MarkdownDescription: "With `users_file`: SHA-256 of the users' canonical form (sorted users, sorted " +
					"attributes), the same whatever the file's format, order or line ends. Null with `users`.",
				Computed: true,
			},
			"user_count": schema.Int64Attribute{
				MarkdownDescription: "With `users_file`: how many users the file declares. Null with `users`.",
				Computed:            true,
			},
			"users_change": schema.SingleNestedAttribute{
				MarkdownDescription: "With `users_file`: what the plan changes, for the reviewer. It describes the " +
					"last planned change and keeps its value while the file's content does not change. Null with `users`.",
				Computed: true,
				Attributes: map[string]schema.Attribute{
					"summary":          schema.StringAttribute{Computed: true, MarkdownDescription: "The change in words."},
					"requests":         schema.Int64Attribute{Computed: true, MarkdownDescription: "How many End User Update requests the apply sends."},
					"added":            schema.Int64Attribute{Computed: true, MarkdownDescription: "Users new to this resource."},
					"changed":          schema.Int64Attribute{Computed: true, MarkdownDescription: "Users whose values or types changed, or who lost an attribute."},
					"forgotten":        schema.Int64Attribute{Computed: true, MarkdownDescription: "Users removed from the file: WalkMe keeps their values; nothing is sent for them."},
					"added_sample":     schema.ListAttribute{Computed: true, ElementType: types.StringType, MarkdownDescription: "The first 10 added user IDs, sorted."},
					"changed_sample":   schema.ListAttribute{Computed: true, ElementType: types.StringType, MarkdownDescription: "The first 10 changed user IDs, sorted."},
					"forgotten_sample": schema.ListAttribute{Computed: true, ElementType: types.StringType, MarkdownDescription: "The first 10 forgotten user IDs, sorted."},
				},
			},
		},
	}
}

func (r *userAttributesResource) ConfigValidators(context.Context) []resource.ConfigValidator {
	return []resource.ConfigValidator{
		resourcevalidator.ExactlyOneOf(path.MatchRoot("users"), path.MatchRoot("users_file")),
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
	if n := len(m.Users.Elements()); n > uaInlineWarnAbove {
		resp.Diagnostics.AddAttributeWarning(path.Root("users"), "Many inline users",
			fmt.Sprintf("users holds %d users. Terraform and the plugin framework compare and render the map value "+
				"by value, so plans and applies slow down by seconds from about %d users (minutes at 100,000), "+
				"whatever the provider does. Put the users in a CSV or JSON Lines file and set users_file instead: "+
				"its plan carries only a digest, a count and a summary of the change, and switching sends no "+
				"unchanged user again.", n, uaInlineWarnAbove))
	}
	if f := m.UsersFile; !f.IsNull() && !f.IsUnknown() {
		if _, err := userattrs.FormatOf(f.ValueString()); err != nil {
			resp.Diagnostics.AddAttributeError(path.Root("users_file"), "Invalid users_file",
				fmt.Sprintf("users_file %q: %v.", f.ValueString(), err))
		}
	}
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

// memory is what this configured provider remembers of users files; nil when not configured.
func (r *userAttributesResource) memory() *uaMemory {
	if r.data == nil {
		return nil
	}
	return &r.data.usersFiles
}

// ModifyPlan plans users_sha256, user_count and users_change in file mode, and warns, at plan
// time, about what the API cannot do: forget users, keep the attributes of a lone user, keep
// everything on destroy.
func (r *userAttributesResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	var prior *userAttributesModel
	if !req.State.Raw.IsNull() {
		prior = &userAttributesModel{}
		resp.Diagnostics.Append(req.State.Get(ctx, prior)...)
	}
	if resp.Diagnostics.HasError() {
		return
	}
	if req.Plan.Raw.IsNull() {
		if prior != nil {
			resp.Diagnostics.AddWarning("WalkMe keeps the pushed user attributes", uaDestroyWarning(uaUserCount(*prior)))
		}
		return
	}
	var planned userAttributesModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &planned)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if planned.UsersFile.IsNull() {
		planned.UsersSHA256 = types.StringNull()
		planned.UserCount = types.Int64Null()
		planned.UsersChange = types.ObjectNull(uaChangeAttrTypes)
		resp.Diagnostics.Append(resp.Plan.Set(ctx, planned)...)
		if prior != nil {
			uaWarnInline(ctx, r.memory(), *prior, planned, req.Private, &resp.Diagnostics)
		}
		return
	}
	uaPlanFile(ctx, r.memory(), prior, &planned, req.Private, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.Plan.Set(ctx, planned)...)
}

// uaWarnInline warns about an inline change the API cannot make exactly.
func uaWarnInline(ctx context.Context, mem *uaMemory, prior, planned userAttributesModel, private privateGetter, diags *diag.Diagnostics) {
	desired, err := uaKnownConfig(planned)
	if err != nil || planned.IntegrationToken.IsUnknown() {
		return // not known yet: the apply warns
	}
	if uaReplacing(prior, planned) {
		uaReplacementWarning(diags, len(desired.Users))
		return
	}
	priorCfg, ok := uaPriorConfig(ctx, mem, prior, private, desired.Users)
	if !ok {
		return
	}
	uaPlanWarnings(diags, userattrs.NewPlan(priorCfg, desired), "users")
}

func uaReplacing(prior, planned userAttributesModel) bool {
	return !planned.IntegrationToken.Equal(prior.IntegrationToken) || !planned.UserIDProperty.Equal(prior.UserIDProperty)
}

func uaReplacementWarning(diags *diag.Diagnostics, users int) {
	diags.AddWarning("WalkMe keeps the values pushed before the replacement",
		fmt.Sprintf("A new integration_token or user_id_property replaces this resource: all %s are pushed "+
			"again as new records, and what was pushed under the old token or user ID property stays in "+
			"WalkMe (the API cannot delete it).", uaPlural(users, "user", "users")))
}

// uaPriorConfig is what the state says WalkMe holds; false when the state's types or users
// cannot be read (then nothing is known to have been pushed).
func uaPriorConfig(ctx context.Context, mem *uaMemory, prior userAttributesModel, private privateGetter, like map[string]map[string]string) (userattrs.Config, bool) {
	c := userattrs.Config{UserIDProperty: prior.UserIDProperty.ValueString()}
	var ok bool
	if c.Types, ok = uaTypesOf(prior); !ok {
		return c, false
	}
	c.Users, ok = uaPriorUsers(ctx, mem, prior, private, like)
	return c, ok
}

// uaTypesOf reads attribute_types; false while any of it is unknown or null.
func uaTypesOf(m userAttributesModel) (map[string]string, bool) {
	if m.AttributeTypes.IsNull() || m.AttributeTypes.IsUnknown() {
		return nil, false
	}
	out := make(map[string]string, len(m.AttributeTypes.Elements()))
	for name, v := range m.AttributeTypes.Elements() {
		s, ok := v.(types.String)
		if !ok || s.IsNull() || s.IsUnknown() {
			return nil, false
		}
		out[name] = s.ValueString()
	}
	return out, true
}

func uaUserCount(m userAttributesModel) int {
	if !m.UsersFile.IsNull() {
		return int(m.UserCount.ValueInt64())
	}
	return len(m.Users.Elements())
}

// uaPlanFile plans a users file: it reads the file, parses it unless its bytes are the ones
// applied last, and plans the digest, the count and the change summary.
func uaPlanFile(ctx context.Context, mem *uaMemory, prior, planned *userAttributesModel, private privateGetter, diags *diag.Diagnostics) {
	typesDeclared, typesKnown := uaTypesOf(*planned)
	if planned.UsersFile.IsUnknown() || planned.UserIDProperty.IsUnknown() || planned.IntegrationToken.IsUnknown() || !typesKnown {
		planned.UsersSHA256 = types.StringUnknown()
		planned.UserCount = types.Int64Unknown()
		planned.UsersChange = types.ObjectUnknown(uaChangeAttrTypes)
		return
	}
	name, idProperty := planned.UsersFile.ValueString(), planned.UserIDProperty.ValueString()
	content, err := uaReadFile(name)
	if err != nil {
		diags.AddAttributeError(path.Root("users_file"), "Cannot read users_file", err.Error())
		return
	}
	raw := userattrs.RawDigest(content)
	fileBefore := prior != nil && !prior.UsersFile.IsNull()
	if fileBefore && uaFileMoved(ctx, private, raw) {
		uaFileChangedError(diags, name)
		return
	}
	replacing := prior != nil && uaReplacing(*prior, *planned)
	unchangedSetup := fileBefore && !replacing && prior.AttributeTypes.Equal(planned.AttributeTypes)
	keep := func() { // nothing changes: the last summary stays, so the plan is empty
		planned.UsersSHA256 = prior.UsersSHA256
		planned.UserCount = prior.UserCount
		planned.UsersChange = prior.UsersChange
	}
	if unchangedSetup && fileApplied(ctx, private, uaPrivateFile, uaFileRecordVersion, raw, prior.UsersSHA256.ValueString()) {
		keep() // the bytes applied last: no need to parse them
		return
	}
	creating := prior == nil || replacing
	if !creating && uaPlanFromRefresh(ctx, mem, name, content, raw, *prior, planned, private, diags) {
		return
	}
	var opened func() (*userattrs.Stored, bool)
	if !creating {
		opened = uaOpenPrior(ctx, mem, *prior, private) // while the file is parsed
	}
	table, err := uaParseFile(ctx, mem, name, content, raw, idProperty, typesDeclared)
	if err != nil {
		diags.AddAttributeError(path.Root("users_file"), "Invalid users file", err.Error())
		return
	}
	go table.Digest() // on another core, while the plan compares the users
	desired := userattrs.TableConfig{UserIDProperty: idProperty, Types: typesDeclared, Users: table}
	var p userattrs.Plan
	if creating {
		p = userattrs.NewTablePlan(userattrs.Config{UserIDProperty: idProperty}, desired)
	} else {
		p = uaPlanFromPrior(ctx, mem, *prior, private, desired, opened)
	}
	digest := table.Digest()
	if unchangedSetup && digest == prior.UsersSHA256.ValueString() {
		keep()
		return
	}
	planned.UsersSHA256 = types.StringValue(digest)
	planned.UserCount = types.Int64Value(int64(table.Len()))
	planned.UsersChange = uaChange(p, creating, uaRequests(p, creating))
	if replacing {
		uaReplacementWarning(diags, table.Len())
		return
	}
	uaPlanWarnings(diags, p, "users_file")
}

func uaDestroyWarning(n int) string {
	users := uaPlural(n, "user", "users")
	return fmt.Sprintf("The End User Update API cannot delete user attributes, so WalkMe keeps the values pushed "+
		"for %s; Terraform only forgets them. Nothing is sent. To change the values in WalkMe, push new "+
		"ones (for example from another walkme_user_attributes resource with the same integration token).", users)
}

// uaPlanWarnings warns about what the API cannot do; where is "users" or "users_file".
func uaPlanWarnings(diags *diag.Diagnostics, p userattrs.Plan, where string) {
	if len(p.Forgotten) > 0 {
		diags.AddAttributeWarning(path.Root(where), "WalkMe keeps the attributes of removed users",
			fmt.Sprintf("%s no longer in %s: %s. The End User Update API cannot delete a user's "+
				"attributes, so WalkMe keeps them and Terraform forgets them. Nothing is sent for these users.",
				uaPlural(len(p.Forgotten), "user is", "users are"), where, uaListIDs(p.Forgotten)))
	}
	for _, rm := range p.Unremovable {
		at, who := path.Root(where), fmt.Sprintf("user %q of %s", rm.User, where)
		if where == "users" {
			at, who = at.AtMapKey(rm.User), fmt.Sprintf("users[%q]", rm.User)
		}
		diags.AddAttributeWarning(at, "Attribute cannot be removed in WalkMe",
			fmt.Sprintf("%s no longer has %s, but WalkMe deletes attributes only in a request with several "+
				"users, and this resource manages only this one. WalkMe keeps the value and Terraform forgets "+
				"it. Add another user to this resource to have removals applied.", who, uaQuoteAll(rm.Attributes)))
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
	if resp.Diagnostics.HasError() || !configured(r.data, &resp.Diagnostics) {
		return
	}
	id, err := uaRandomID()
	if err != nil {
		resp.Diagnostics.AddError("Creating walkme_user_attributes", err.Error())
		return
	}
	planned.ID = types.StringValue(id)
	desired, ok := uaDesiredAtApply(ctx, r.memory(), planned, nil, &resp.Diagnostics)
	if !ok {
		return
	}
	nothing := userattrs.Config{UserIDProperty: desired.UserIDProperty} // a new resource has pushed nothing yet
	push := desired.from(nothing)
	if desired.table != nil {
		push.plan = userattrs.NewTablePlan(nothing, desired.tableConfig())
	}
	a, ok := newUserAttributesApply(ctx, r.data, planned, push, &resp.Diagnostics)
	if !ok {
		return
	}
	a.change = uaChange(a.plan, true, uaRequests(a.plan, true)) // "create: …", the empty post counted
	if err := a.setUpIntegration(ctx); err != nil {
		resp.Diagnostics.AddError(uaPushFailed, uaRequestFailed("The first request (the empty post WalkMe asks "+
			"for when an integration is set up)", err)+"Nothing was pushed.")
		return
	}
	if err := a.send(ctx); err != nil {
		if !a.accepted() {
			resp.Diagnostics.AddError(uaPushFailed, a.failure(err)+".")
			return // no user reached WalkMe: no resource
		}
		resp.Diagnostics.AddError(uaPushFailed, a.failure(err)+
			"; Terraform marks the resource tainted, and the next apply pushes every user again.")
	}
	a.record(ctx, &resp.State, resp.Private, &resp.Diagnostics)
}

func (r *userAttributesResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var state, planned userAttributesModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	resp.Diagnostics.Append(req.Plan.Get(ctx, &planned)...)
	if resp.Diagnostics.HasError() || !configured(r.data, &resp.Diagnostics) {
		return
	}
	planned.ID = state.ID
	var noted uaPlanned // the refresh's plan, when it holds for the file read now
	desired, ok := uaDesiredAtApply(ctx, r.memory(), planned, func(raw string) bool {
		n, ok := uaPlannedAtRefresh(ctx, req.Private, raw, state, planned)
		if ok && n.SHA256 == planned.UsersSHA256.ValueString() {
			noted = n
			return true
		}
		return false
	}, &resp.Diagnostics)
	if !ok {
		return
	}
	var push uaPush
	if desired.table == nil {
		prior, _ := uaPriorConfig(ctx, r.memory(), state, req.Private, desired.Users) // unreadable: every user is sent again
		push = desired.from(prior)
	} else { // what WalkMe holds is compared in its stored form, and decoded only for a part-way failure
		push = desired.from(userattrs.Config{UserIDProperty: state.UserIDProperty.ValueString()})
		if noted.Key != "" {
			push.plan = noted.Plan
		} else {
			push.plan = uaPlanFromPrior(ctx, r.memory(), state, req.Private, desired.tableConfig(), nil)
		}
		push.priorUsers = func() userattrs.Config {
			prior, _ := uaPriorConfig(ctx, r.memory(), state, req.Private, nil)
			return prior
		}
	}
	a, ok := newUserAttributesApply(ctx, r.data, planned, push, &resp.Diagnostics)
	if !ok {
		return
	}
	a.change = uaChange(a.plan, false, uaRequests(a.plan, false)) // "update: …"
	if err := a.send(ctx); err != nil {
		next := "; the next apply sends the rest."
		if !a.accepted() {
			next = "; the next apply tries again."
		}
		resp.Diagnostics.AddError(uaPushFailed, a.failure(err)+next)
	}
	a.record(ctx, &resp.State, resp.Private, &resp.Diagnostics)
}

// uaDesired is what the configuration declares: inline users, or a users file's (table)
// with the file's RawDigest (raw).
type uaDesired struct {
	userattrs.Config // Users is nil with a users file
	table            *userattrs.Table
	raw              string
}

func (d uaDesired) tableConfig() userattrs.TableConfig {
	return userattrs.TableConfig{UserIDProperty: d.UserIDProperty, Types: d.Types, Users: d.table}
}

// from is the push from prior to d; with a users file, its plan is the caller's to make.
func (d uaDesired) from(prior userattrs.Config) uaPush {
	p := uaPush{prior: prior, desired: d.Config, table: d.table, raw: d.raw}
	if d.table == nil {
		p.plan = userattrs.NewPlan(prior, d.Config)
	}
	return p
}

// uaDesiredAtApply is the configuration to push: the planned users, or the users file read
// again, which must still hold what the plan read. vouched, when not nil, reports whether
// the file's bytes (their RawDigest) are known to give the planned users_sha256: the digest
// need not be computed before anything is sent (Encode computes it meanwhile).
func uaDesiredAtApply(ctx context.Context, mem *uaMemory, planned userAttributesModel, vouched func(raw string) bool,
	diags *diag.Diagnostics) (uaDesired, bool) {
	if planned.UsersFile.IsNull() {
		desired, err := uaKnownConfig(planned)
		if err != nil {
			diags.AddError("Reading the planned walkme_user_attributes", err.Error())
			return uaDesired{}, false
		}
		return uaDesired{Config: desired}, true
	}
	types, _ := uaTypesOf(planned)
	desired := uaDesired{Config: userattrs.Config{UserIDProperty: planned.UserIDProperty.ValueString(), Types: types}}
	name := planned.UsersFile.ValueString()
	content, err := uaReadFile(name)
	if err != nil {
		diags.AddAttributeError(path.Root("users_file"), "Cannot read users_file", err.Error()+"\n\nNothing was sent.")
		return desired, false
	}
	desired.raw = userattrs.RawDigest(content)
	if desired.table, err = uaParseFile(ctx, mem, name, content, desired.raw, desired.UserIDProperty, types); err != nil {
		diags.AddAttributeError(path.Root("users_file"), "Invalid users file", err.Error()+"\n\nNothing was sent.")
		return desired, false
	}
	if vouched != nil && vouched(desired.raw) {
		return desired, true
	}
	if p := planned.UsersSHA256; !p.IsUnknown() && p.ValueString() != desired.table.Digest() {
		uaFileChangedError(diags, name)
		return desired, false
	}
	return desired, true
}

func uaRandomID() (string, error) {
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("generating an id: %w", err)
	}
	return hex.EncodeToString(b), nil
}

// Read has nothing to read: WalkMe cannot return pushed attributes, so the state stays what
// was pushed. In file mode it notes, in private state, the file's bytes as this refresh reads
// them: the apply that follows the plan can then tell that the file changed in between. When
// they changed since the last apply, it also notes their plan (uaPlanAtRefresh).
func (r *userAttributesResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state userAttributesModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || state.UsersFile.IsNull() || state.UsersFile.IsUnknown() {
		return
	}
	name := state.UsersFile.ValueString()
	raw, err := regularfile.FileDigest(name, uaMaxFileBytes) // RawDigest, without holding the file
	if err != nil {
		return // the plan reports it
	}
	var planned []byte
	if raw != appliedFileRaw(ctx, req.Private, uaPrivateFile) {
		if content, err := uaReadFile(name); err == nil {
			raw = userattrs.RawDigest(content)
			planned = uaPlanAtRefresh(ctx, r.memory(), state, req.Private, content, raw)
		}
	}
	seen, _ := json.Marshal(raw)
	resp.Diagnostics.Append(resp.Private.SetKey(ctx, uaPrivateSeen, seen)...)
	resp.Diagnostics.Append(resp.Private.SetKey(ctx, uaPrivatePlanned, planned)...)
}

// Delete sends nothing: the API cannot delete attributes. The plan has warned (ModifyPlan);
// a second warning here would repeat it in the same terraform destroy.
func (r *userAttributesResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var m userAttributesModel
	resp.Diagnostics.Append(req.State.Get(ctx, &m)...)
	tflog.Info(ctx, "walkme_user_attributes removed from state; WalkMe keeps the pushed values", map[string]any{"users": uaUserCount(m)})
}
