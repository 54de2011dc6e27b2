package provider

import (
	"context"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/list"
	listschema "github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/walkme-community/terraform-provider-walkme/internal/client"
)

// The walkme_segment list resource: `terraform query` (Terraform 1.14 and later) lists a
// system's segments, and `terraform query -generate-config-out=FILE` writes an import block
// and a resource block for each, to adopt segments made outside Terraform.

var (
	_ provider.ProviderWithListResources = (*walkmeProvider)(nil)
	_ list.ListResourceWithConfigure     = (*segmentListResource)(nil)
)

func (p *walkmeProvider) ListResources(context.Context) []func() list.ListResource {
	return []func() list.ListResource{NewSegmentListResource}
}

// NewSegmentListResource is the walkme_segment list resource.
func NewSegmentListResource() list.ListResource { return &segmentListResource{} }

type segmentListResource struct{ data *providerData }

type segmentListModel struct {
	SystemGUID types.String `tfsdk:"system_guid"`
	NamePrefix types.String `tfsdk:"name_prefix"`
	ExternalID types.String `tfsdk:"external_id"`
}

const segmentListDescription = `Lists the segments of a WalkMe system for ` + "`terraform query`" + ` (Terraform 1.14 and later;
OpenTofu has no ` + "`query`" + ` command), with one list request per system. Each result carries the segment's
identity (` + "`system_guid`, `segment_guid`" + `), its name as display name, and, with ` + "`-generate-config-out`" + `,
its ` + "`name`, `external_id` and `system_guid`" + `.

WalkMe cannot return a segment's members, so the generated ` + "`walkme_segment`" + ` blocks have no membership:
add ` + "`user_ids`" + ` or ` + "`user_ids_file`" + ` to each before ` + "`terraform plan`" + `, which otherwise refuses the
configuration. The first apply imports the segment and sets its members with one override pass (` + "`override`" + `
with the first 25,000 IDs, then ` + "`add`" + `): anyone in the segment who is not in the configured membership is removed.`

func (r *segmentListResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_segment"
}

func (r *segmentListResource) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	nonEmpty := []validator.String{stringvalidator.LengthAtLeast(1)}
	resp.Schema = listschema.Schema{
		MarkdownDescription: segmentListDescription,
		Attributes: map[string]listschema.Attribute{
			"system_guid": listschema.StringAttribute{
				MarkdownDescription: "GUID of the WalkMe system. Defaults to the provider's `system_guid` (or `" + envSystemGUID + "`).",
				Optional:            true,
				Validators:          nonEmpty,
			},
			"name_prefix": listschema.StringAttribute{
				MarkdownDescription: "Only segments whose name starts with this prefix (case-sensitive).",
				Optional:            true,
				Validators:          nonEmpty,
			},
			"external_id": listschema.StringAttribute{
				MarkdownDescription: "Only the segment with this external id.",
				Optional:            true,
				Validators:          nonEmpty,
			},
		},
	}
}

func (r *segmentListResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

func (r *segmentListResource) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	var cfg segmentListModel
	diags := req.Config.Get(ctx, &cfg)
	if diags.HasError() {
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	sys, segs, ok := listForDataSource(ctx, r.data, cfg.SystemGUID, &diags)
	if !ok {
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	stream.Results = func(push func(list.ListResult) bool) {
		var n int64
		for _, s := range segs {
			if !segmentMatches(s, cfg) {
				continue
			}
			if req.Limit > 0 && n >= req.Limit {
				return
			}
			n++
			if !push(segmentListResult(ctx, req, sys, s)) {
				return
			}
		}
	}
}

// segmentMatches applies the list block's filters.
func segmentMatches(s client.Segment, cfg segmentListModel) bool {
	if p := cfg.NamePrefix.ValueString(); p != "" && !strings.HasPrefix(s.Name, p) {
		return false
	}
	if e := cfg.ExternalID.ValueString(); e != "" && s.ExternalID != e {
		return false
	}
	return true
}

// segmentListResult is one listed segment: its identity, and with include_resource (as
// -generate-config-out asks) what an import by ID would put in the state. The members stay
// null: WalkMe does not return them.
func segmentListResult(ctx context.Context, req list.ListRequest, sys string, s client.Segment) list.ListResult {
	res := req.NewListResult(ctx)
	res.DisplayName = s.Name
	res.Diagnostics.Append(res.Identity.Set(ctx, segmentIdentityModel{
		SystemGUID: types.StringValue(sys), SegmentGUID: types.StringValue(s.GUID),
	})...)
	if !req.IncludeResource {
		return res
	}
	ext := types.StringNull()
	if s.ExternalID != "" {
		ext = types.StringValue(s.ExternalID)
	}
	for name, v := range map[string]types.String{
		"id":          types.StringValue(sys + "/" + s.GUID),
		"guid":        types.StringValue(s.GUID),
		"system_guid": types.StringValue(sys),
		"name":        types.StringValue(s.Name),
		"external_id": ext,
	} {
		res.Diagnostics.Append(res.Resource.SetAttribute(ctx, path.Root(name), v)...)
	}
	return res
}
