package provider

import (
	"context"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/action/schema"

	"github.com/walkme-community/terraform-provider-walkme/internal/notification"
)

var (
	_ action.ActionWithConfigure      = (*sendNotificationAction)(nil)
	_ action.ActionWithValidateConfig = (*sendNotificationAction)(nil)
	_ action.ActionWithModifyPlan     = (*sendNotificationAction)(nil)
)

// NewSendNotificationAction is the walkme_send_notification action (Terraform >= 1.14).
func NewSendNotificationAction() action.Action {
	return &sendNotificationAction{}
}

type sendNotificationAction struct {
	data *providerData
}

func (a *sendNotificationAction) Metadata(_ context.Context, req action.MetadataRequest, resp *action.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_send_notification"
}

func (a *sendNotificationAction) Schema(_ context.Context, _ action.SchemaRequest, resp *action.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Sends a WalkMe Workstation notification through the Notifications API, once per " +
			"invocation, and reports progress. Needs Terraform 1.14 or later; for older Terraform and for " +
			"OpenTofu, the `walkme_notification` resource sends on create and on change. WalkMe has no " +
			"idempotency key: a failure after the request reached WalkMe is reported, never retried.",
		Attributes: notificationActionAttributes(),
	}
}

func (a *sendNotificationAction) Configure(_ context.Context, req action.ConfigureRequest, resp *action.ConfigureResponse) {
	a.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

// ValidateConfig checks what does not depend on the clock, so that a declared action
// does not turn invalid as time passes.
func (a *sendNotificationAction) ValidateConfig(ctx context.Context, req action.ValidateConfigRequest, resp *action.ValidateConfigResponse) {
	var cfg notificationConfigModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	cfg.validate(time.Time{}, &resp.Diagnostics)
}

// ModifyPlan runs when an invocation is planned: the clock-dependent checks (an end
// already past, WalkMe's default start and end) belong here.
func (a *sendNotificationAction) ModifyPlan(ctx context.Context, req action.ModifyPlanRequest, resp *action.ModifyPlanResponse) {
	var cfg notificationConfigModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	cfg.validate(time.Now(), &resp.Diagnostics)
}

func (a *sendNotificationAction) Invoke(ctx context.Context, req action.InvokeRequest, resp *action.InvokeResponse) {
	var cfg notificationConfigModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	n, ok := cfg.request(time.Now(), &resp.Diagnostics)
	if !ok {
		return
	}
	resp.SendProgress(action.InvokeProgressEvent{Message: notification.Describe(len(n.EndUserIDs), len(n.AudienceIDs)) + "…"})
	res, ok := sendNotification(ctx, a.data, n, &resp.Diagnostics)
	if !ok {
		return
	}
	msg := "Notification sent (WalkMe returned no id)"
	if res.ID != "" {
		msg = "Notification sent (id " + res.ID + ")"
	}
	resp.SendProgress(action.InvokeProgressEvent{Message: msg})
}
