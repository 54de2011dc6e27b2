// Package provider is the Terraform layer of the WalkMe provider: schemas, plans, state and
// diagnostics. Everything that talks HTTP lives in internal/client.
package provider

import (
	"context"
	"strconv"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/walkme-community/terraform-provider-walkme/internal/client"
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
	MaxConcurrent  types.Int64  `tfsdk:"max_concurrent_requests"`
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
					"from it. Default `" + client.DefaultAPIURL + "`. Must be `https`, except for loopback hosts " +
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
					"Default `" + strconv.Itoa(client.DefaultMaxRetries) + "`. Environment variable `" + envMaxRetries + "`.",
				Optional:   true,
				Validators: []validator.Int64{int64validator.Between(0, client.MaxRetriesLimit)},
			},
			"retry_wait_min": schema.StringAttribute{
				MarkdownDescription: "Shortest wait between retries, a Go duration such as `1s`. Default `" + seconds(client.DefaultRetryWaitMin) + "`. " +
					"Environment variable `" + envRetryWaitMin + "`.",
				Optional:   true,
				Validators: durationValidators,
			},
			"retry_wait_max": schema.StringAttribute{
				MarkdownDescription: "Longest wait between retries, also the cap on a `Retry-After` that WalkMe " +
					"asks for. Default `" + seconds(client.DefaultRetryWaitMax) + "`. Environment variable `" + envRetryWaitMax + "`.",
				Optional:   true,
				Validators: durationValidators,
			},
			"request_timeout": schema.StringAttribute{
				MarkdownDescription: "Timeout of one HTTP attempt. Default `" + seconds(client.DefaultRequestTimeout) + "`. Environment variable `" +
					envRequestTimeout + "`.",
				Optional:   true,
				Validators: durationValidators,
			},
			"max_concurrent_requests": schema.Int64Attribute{
				MarkdownDescription: "How many independent write requests one resource keeps in flight at once: " +
					"End User Update requests of `walkme_user_attributes`, and the `add` requests of a " +
					"`walkme_segment` membership change. `1` sends them one after another. A 429 from WalkMe " +
					"pauses every request for its `Retry-After`. Default `" + strconv.Itoa(defaultMaxConcurrent) +
					"`, at most `" + strconv.Itoa(maxMaxConcurrent) + "`. Environment variable `" + envMaxConcurrent + "`.",
				Optional:   true,
				Validators: []validator.Int64{int64validator.Between(1, maxMaxConcurrent)},
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

// seconds writes a default duration as the schema shows it: `60s`, not Go's `1m0s`.
func seconds(d time.Duration) string { return strconv.FormatFloat(d.Seconds(), 'f', -1, 64) + "s" }
