package provider

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/walkme-community/terraform-provider-walkme/internal/client"
)

// Every kind of object that needs the provider's client (resource, data source, action,
// ephemeral resource) reports a missing one with the same error.
func TestNotConfiguredIsOneError(t *testing.T) {
	ctx := context.Background()
	got := map[string]diag.Diagnostics{}

	var seg diag.Diagnostics
	configured((&segmentResource{}).data, &seg)
	got["walkme_segment"] = seg

	var list diag.Diagnostics
	listForDataSource(ctx, nil, types.StringNull(), &list)
	got["walkme_segments"] = list

	var send diag.Diagnostics
	sendNotification(ctx, &providerData{}, client.Notification{}, &send)
	got["walkme_notification"] = send

	var push diag.Diagnostics
	configured((&userAttributesResource{}).data, &push)
	got["walkme_user_attributes"] = push

	var open ephemeral.OpenResponse
	(&accessTokenEphemeralResource{}).Open(ctx, ephemeral.OpenRequest{}, &open)
	got["walkme_access_token"] = open.Diagnostics

	for name, diags := range got {
		if len(diags) != 1 || diags[0].Summary() != notConfiguredSummary || diags[0].Detail() != notConfiguredDetail {
			t.Errorf("%s: diagnostics %v, want the one error %q: %q", name, diags, notConfiguredSummary, notConfiguredDetail)
		}
	}
}
