package provider

import (
	"context"
	"errors"
	"fmt"
	"time"

	actionschema "github.com/hashicorp/terraform-plugin-framework/action/schema"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	resourceschema "github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/listplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/mapplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/walkme-community/terraform-provider-walkme/internal/client"
	"github.com/walkme-community/terraform-provider-walkme/internal/notification"
)

// The walkme_send_notification action and the walkme_notification resource share one
// attribute list, one model, one validation (internal/notification) and one request builder.

type notificationAttrKind int

const (
	kindString notificationAttrKind = iota
	kindStringList
	kindStringMap
)

type notificationAttr struct {
	name     string
	kind     notificationAttrKind
	required bool
	desc     string
}

var notificationAttrs = []notificationAttr{
	{notification.AttrSystemID, kindString, false,
		"ID of the Workstation system (`systemId`), for example `bcf4c7f5682b4aa6875a0fc9bdfa21ca`. WalkMe requires it when the " +
			"account has more than one Workstation system. It is not a segment's `system_guid`: that names the WalkMe system " +
			"(web or desktop content) from its snippet URL, while this names the system of the Workstation app, another system " +
			"of the account; both are 32 hexadecimal characters. WalkMe's Notifications article names the field but not where " +
			"the ID is shown: ask your WalkMe administrator or WalkMe support for your Workstation system's ID."},
	{notification.AttrTemplateID, kindString, true,
		"ID of the custom notification template made in the Communication Center (`templateId`), e.g. `75cfcba6-c320-42cb-938e-4c2bd08a43a3`."},
	{notification.AttrEndUserIDs, kindStringList, false,
		"End user IDs to notify (`endUsersIds`): at most 100, and WalkMe recommends an audience beyond 10. " +
			"At least one of `end_user_ids` and `audience_ids` is required; both are allowed."},
	{notification.AttrAudienceIDs, kindStringList, false,
		"IDs of Communication Center audiences to notify (`audiencesIds`)."},
	{notification.AttrType, kindString, false,
		"`push` or `popup` (`notificationType`), in any case (WalkMe's reference lists them in lower case, its own example " +
			"sends `Push`); sent in lower case. WalkMe's default is `push`."},
	{notification.AttrTitle, kindString, false,
		"Title shown in the Communication Center's list (`title`)."},
	{notification.AttrRuntimeTitle, kindString, false,
		"Title shown to end users in the Workstation list and the push message (`runtimeTitle`)."},
	{notification.AttrRuntimeDescription, kindString, false,
		"Text shown to end users in the Workstation list and the push message (`runtimeDescription`)."},
	{notification.AttrStartAt, kindString, false,
		"When the notification starts: `YYYY-MM-DD hh:mm` (UTC), `YYYY-MM-DD` (00:00 UTC) or RFC 3339 with an offset " +
			"such as `2027-05-10T11:30:00+03:00`, to the minute. Sent as `YYYY-MM-DD hh:mm` in UTC (`startAt`). " +
			"WalkMe's default is now."},
	{notification.AttrEndAt, kindString, false,
		"When the notification ends, in the same formats; it must be after `start_at` (`endAt`). " +
			"WalkMe's default is 30 days from now."},
	{notification.AttrOverrides, kindStringMap, false,
		"Values for the template's placeholders (`override`): the key of `###URL###` is `URL`. Sent sorted by key."},
}

// notificationActionAttributes is the attribute list as the action schema.
func notificationActionAttributes() map[string]actionschema.Attribute {
	out := make(map[string]actionschema.Attribute, len(notificationAttrs))
	for _, a := range notificationAttrs {
		switch a.kind {
		case kindString:
			out[a.name] = actionschema.StringAttribute{Required: a.required, Optional: !a.required, MarkdownDescription: a.desc}
		case kindStringList:
			out[a.name] = actionschema.ListAttribute{ElementType: types.StringType, Required: a.required, Optional: !a.required, MarkdownDescription: a.desc}
		case kindStringMap:
			out[a.name] = actionschema.MapAttribute{ElementType: types.StringType, Required: a.required, Optional: !a.required, MarkdownDescription: a.desc}
		}
	}
	return out
}

// notificationResourceAttributes is the attribute list as resource attributes: every one
// forces a replacement, which is how a change sends the notification again.
func notificationResourceAttributes() map[string]resourceschema.Attribute {
	out := make(map[string]resourceschema.Attribute, len(notificationAttrs))
	for _, a := range notificationAttrs {
		desc := a.desc + " Changing it sends the notification again."
		switch a.kind {
		case kindString:
			out[a.name] = resourceschema.StringAttribute{Required: a.required, Optional: !a.required, MarkdownDescription: desc,
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()}}
		case kindStringList:
			out[a.name] = resourceschema.ListAttribute{ElementType: types.StringType, Required: a.required, Optional: !a.required, MarkdownDescription: desc,
				PlanModifiers: []planmodifier.List{listplanmodifier.RequiresReplace()}}
		case kindStringMap:
			out[a.name] = resourceschema.MapAttribute{ElementType: types.StringType, Required: a.required, Optional: !a.required, MarkdownDescription: desc,
				PlanModifiers: []planmodifier.Map{mapplanmodifier.RequiresReplace()}}
		}
	}
	return out
}

// notificationConfigModel holds the shared attributes; the resource embeds it.
type notificationConfigModel struct {
	SystemID           types.String `tfsdk:"system_id"`
	TemplateID         types.String `tfsdk:"template_id"`
	EndUserIDs         types.List   `tfsdk:"end_user_ids"`
	AudienceIDs        types.List   `tfsdk:"audience_ids"`
	Type               types.String `tfsdk:"type"`
	Title              types.String `tfsdk:"title"`
	RuntimeTitle       types.String `tfsdk:"runtime_title"`
	RuntimeDescription types.String `tfsdk:"runtime_description"`
	StartAt            types.String `tfsdk:"start_at"`
	EndAt              types.String `tfsdk:"end_at"`
	Overrides          types.Map    `tfsdk:"overrides"`
}

// model converts the Terraform values; unknown values (plan time) are marked so that
// their checks wait.
func (c notificationConfigModel) model() notification.Model {
	m := notification.Model{Unknown: map[string]bool{}}
	str := func(name string, v types.String) *string {
		switch {
		case v.IsUnknown():
			m.Unknown[name] = true
		case !v.IsNull():
			s := v.ValueString()
			return &s
		}
		return nil
	}
	m.SystemID = str(notification.AttrSystemID, c.SystemID)
	m.TemplateID = str(notification.AttrTemplateID, c.TemplateID)
	m.Type = str(notification.AttrType, c.Type)
	m.Title = str(notification.AttrTitle, c.Title)
	m.RuntimeTitle = str(notification.AttrRuntimeTitle, c.RuntimeTitle)
	m.RuntimeDescription = str(notification.AttrRuntimeDescription, c.RuntimeDescription)
	m.StartAt = str(notification.AttrStartAt, c.StartAt)
	m.EndAt = str(notification.AttrEndAt, c.EndAt)

	var ok bool
	if m.EndUserIDs, ok = knownStrings(c.EndUserIDs.IsUnknown(), c.EndUserIDs.Elements()); !ok {
		m.Unknown[notification.AttrEndUserIDs] = true
	}
	if m.AudienceIDs, ok = knownStrings(c.AudienceIDs.IsUnknown(), c.AudienceIDs.Elements()); !ok {
		m.Unknown[notification.AttrAudienceIDs] = true
	}
	if c.Overrides.IsUnknown() {
		m.Unknown[notification.AttrOverrides] = true
	} else if !c.Overrides.IsNull() {
		m.Overrides = make(map[string]string, len(c.Overrides.Elements()))
		for k, v := range c.Overrides.Elements() {
			s, isString := v.(types.String)
			switch {
			case !isString || s.IsUnknown():
				m.Unknown[notification.AttrOverrides] = true
			case s.IsNull():
				m.NullOverrideKeys = append(m.NullOverrideKeys, k)
			default:
				m.Overrides[k] = s.ValueString()
			}
		}
	}
	return m
}

// knownStrings returns the elements of a list of strings, or false when any is unknown.
func knownStrings(unknown bool, elems []attr.Value) ([]string, bool) {
	if unknown {
		return nil, false
	}
	out := make([]string, 0, len(elems))
	for _, e := range elems {
		s, ok := e.(types.String)
		if !ok || s.IsUnknown() {
			return nil, false
		}
		out = append(out, s.ValueString())
	}
	return out, true
}

// validate reports the model's problems as diagnostics on their attributes. A zero now
// leaves out the clock-dependent checks (see notification.Validate).
func (c notificationConfigModel) validate(now time.Time, diags *diag.Diagnostics) {
	addNotificationProblems(diags, notification.Validate(c.model(), now))
}

// request validates against now and builds the request; false when there are errors.
func (c notificationConfigModel) request(now time.Time, diags *diag.Diagnostics) (client.Notification, bool) {
	n, ps := notification.Build(c.model(), now)
	addNotificationProblems(diags, ps)
	return n, !ps.HasErrors()
}

func addNotificationProblems(diags *diag.Diagnostics, ps notification.Problems) {
	for _, p := range ps {
		at := path.Root(p.Attribute)
		switch {
		case p.HasIndex:
			at = at.AtListIndex(p.Index)
		case p.HasKey:
			at = at.AtMapKey(p.Key)
		}
		if p.Severity == notification.SeverityWarning {
			diags.AddAttributeWarning(at, p.Summary, p.Detail)
		} else {
			diags.AddAttributeError(at, p.Summary, p.Detail)
		}
	}
}

// sendNotification sends n with the provider's client and turns failures into diagnostics.
func sendNotification(ctx context.Context, pd *providerData, n client.Notification, diags *diag.Diagnostics) (client.NotificationResult, bool) {
	if !configured(pd, diags) {
		return client.NotificationResult{}, false
	}
	tflog.Info(ctx, "sending WalkMe notification", map[string]any{
		"template_id": n.TemplateID, "end_users": len(n.EndUserIDs), "audiences": len(n.AudienceIDs),
	})
	res, err := pd.client.SendNotification(ctx, n)
	if err != nil {
		summary := "Sending the notification failed"
		if errors.Is(err, client.ErrNotificationMaybeSent) {
			summary = "The notification may have been sent"
		}
		diags.AddError(summary, fmt.Sprintf("Template %s: %v", n.TemplateID, err))
		return client.NotificationResult{}, false
	}
	tflog.Info(ctx, "sent WalkMe notification", map[string]any{"notification_id": res.ID})
	return res, true
}
