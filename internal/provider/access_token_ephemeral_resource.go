package provider

import (
	"context"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var _ ephemeral.EphemeralResourceWithConfigure = (*accessTokenEphemeralResource)(nil)

// NewAccessTokenEphemeralResource exposes the provider's access token to configurations that
// call other WalkMe APIs, without it ever reaching plan or state.
func NewAccessTokenEphemeralResource() ephemeral.EphemeralResource {
	return &accessTokenEphemeralResource{}
}

type accessTokenEphemeralResource struct {
	data *providerData
}

type accessTokenModel struct {
	AccessToken types.String `tfsdk:"access_token"`
	ExpiresAt   types.String `tfsdk:"expires_at"`
}

func (r *accessTokenEphemeralResource) Metadata(_ context.Context, req ephemeral.MetadataRequest, resp *ephemeral.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_access_token"
}

func (r *accessTokenEphemeralResource) Schema(_ context.Context, _ ephemeral.SchemaRequest, resp *ephemeral.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "The provider's OAuth2 access token, for calling other WalkMe APIs in the same run, through a " +
			"provider configured with it (Terraform accepts an ephemeral value in a provider block, not in a data " +
			"source's arguments such as `data \"http\"`'s `request_headers`). It is the one token the provider already holds, so " +
			"opening it makes no extra token request while the token is valid. Ephemeral: it is never " +
			"stored in the plan or the state. Needs Terraform 1.10 or newer.",
		Attributes: map[string]schema.Attribute{
			"access_token": schema.StringAttribute{
				MarkdownDescription: "The bearer token, for an `Authorization: Bearer …` header.",
				Computed:            true,
				Sensitive:           true,
			},
			"expires_at": schema.StringAttribute{
				MarkdownDescription: "When the token expires (RFC 3339, UTC).",
				Computed:            true,
			},
		},
	}
}

func (r *accessTokenEphemeralResource) Configure(_ context.Context, req ephemeral.ConfigureRequest, resp *ephemeral.ConfigureResponse) {
	r.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

func (r *accessTokenEphemeralResource) Open(ctx context.Context, _ ephemeral.OpenRequest, resp *ephemeral.OpenResponse) {
	if !configured(r.data, &resp.Diagnostics) {
		return
	}
	token, expiry, err := r.data.client.AccessToken(ctx)
	if err != nil {
		resp.Diagnostics.AddError("Getting a WalkMe access token", err.Error())
		return
	}
	resp.Diagnostics.Append(resp.Result.Set(ctx, accessTokenModel{
		AccessToken: types.StringValue(token),
		ExpiresAt:   types.StringValue(expiry.UTC().Format(time.RFC3339)),
	})...)
}
