// Package provider is the Terraform layer of the WalkMe provider: schemas, plans, state and
// diagnostics. Everything that talks HTTP lives in internal/client.
package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// RegistryAddress is where the provider is published; tests and the demo install it there too.
const RegistryAddress = "registry.terraform.io/walkme-community/walkme"

var (
	_ provider.Provider                       = (*walkmeProvider)(nil)
	_ provider.ProviderWithActions            = (*walkmeProvider)(nil)
	_ provider.ProviderWithEphemeralResources = (*walkmeProvider)(nil)
)

// New returns a constructor for the provider, as providerserver expects.
func New(version string) func() provider.Provider {
	return func() provider.Provider {
		return &walkmeProvider{version: version}
	}
}

type walkmeProvider struct {
	version string
}

// providerModel is the provider block.
type providerModel struct {
	ClientID       types.String `tfsdk:"client_id"`
	ClientSecret   types.String `tfsdk:"client_secret"`
	APIURL         types.String `tfsdk:"api_url"`
	SystemGUID     types.String `tfsdk:"system_guid"`
	MaxRetries     types.Int64  `tfsdk:"max_retries"`
	RetryWaitMin   types.String `tfsdk:"retry_wait_min"`
	RetryWaitMax   types.String `tfsdk:"retry_wait_max"`
	RequestTimeout types.String `tfsdk:"request_timeout"`
}

func (p *walkmeProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "walkme"
	resp.Version = p.version
}

func (p *walkmeProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	durationValidators := []validator.String{durationValidator{}}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Manage WalkMe segments, push user attributes through the End User Update API and " +
			"send Workstation notifications. One provider process holds one OAuth2 client-credentials access " +
			"token, shared by every resource, data source and action.",
		Attributes: map[string]schema.Attribute{
			"client_id": schema.StringAttribute{
				MarkdownDescription: "Client ID of a WalkMe API key (Admin Center → API Keys). " +
					"Environment variable `" + envClientID + "`.",
				Optional: true,
			},
			"client_secret": schema.StringAttribute{
				MarkdownDescription: "Client secret of the API key. Environment variable `" + envClientSecret + "`.",
				Optional:            true,
				Sensitive:           true,
			},
			"api_url": schema.StringAttribute{
				MarkdownDescription: "Base URL of WalkMe's API; every path, the token endpoint included, is derived " +
					"from it. Default `" + defaultAPIURL + "`. Must be `https`, except for loopback hosts " +
					"(the local sandbox). Environment variable `" + envAPIURL + "`.",
				Optional: true,
			},
			"system_guid": schema.StringAttribute{
				MarkdownDescription: "Default WalkMe system GUID for resources and data sources that take one. " +
					"Environment variable `" + envSystemGUID + "`.",
				Optional: true,
			},
			"max_retries": schema.Int64Attribute{
				MarkdownDescription: "How many times a failed request (429, 5xx, network error) is retried. " +
					"Default `5`. Environment variable `" + envMaxRetries + "`.",
				Optional:   true,
				Validators: []validator.Int64{int64validator.Between(0, 20)},
			},
			"retry_wait_min": schema.StringAttribute{
				MarkdownDescription: "Shortest wait between retries, a Go duration such as `1s`. Default `1s`. " +
					"Environment variable `" + envRetryWaitMin + "`.",
				Optional:   true,
				Validators: durationValidators,
			},
			"retry_wait_max": schema.StringAttribute{
				MarkdownDescription: "Longest wait between retries, also the cap on a `Retry-After` that WalkMe " +
					"asks for. Default `30s`. Environment variable `" + envRetryWaitMax + "`.",
				Optional:   true,
				Validators: durationValidators,
			},
			"request_timeout": schema.StringAttribute{
				MarkdownDescription: "Timeout of one HTTP attempt. Default `60s`. Environment variable `" +
					envRequestTimeout + "`.",
				Optional:   true,
				Validators: durationValidators,
			},
		},
	}
}

func (p *walkmeProvider) Configure(ctx context.Context, req provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	var cfg providerModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	settings, ok := resolveSettings(cfg, &resp.Diagnostics)
	if !ok {
		// Unknown values (credentials from another resource) or errors: resources see
		// no client and plan without remote calls.
		return
	}
	data, err := newProviderData(settings, p.version, req.TerraformVersion)
	if err != nil {
		resp.Diagnostics.AddError("Invalid WalkMe provider configuration", err.Error())
		return
	}
	resp.ResourceData = data
	resp.DataSourceData = data
	resp.ActionData = data
	resp.EphemeralResourceData = data
	resp.ListResourceData = data
}

func (p *walkmeProvider) Resources(_ context.Context) []func() resource.Resource {
	return []func() resource.Resource{
		NewNotificationResource,
		newSegmentResourceWithIdentity,
		NewUserAttributesResource,
	}
}

func (p *walkmeProvider) DataSources(_ context.Context) []func() datasource.DataSource {
	return []func() datasource.DataSource{NewSegmentsDataSource, NewSegmentDataSource}
}

func (p *walkmeProvider) Actions(_ context.Context) []func() action.Action {
	return []func() action.Action{
		NewSendNotificationAction,
	}
}

func (p *walkmeProvider) EphemeralResources(_ context.Context) []func() ephemeral.EphemeralResource {
	return []func() ephemeral.EphemeralResource{
		NewAccessTokenEphemeralResource,
	}
}
