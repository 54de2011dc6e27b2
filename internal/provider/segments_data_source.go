package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/walkme-community/terraform-provider-walkme/internal/client"
)

var _ datasource.DataSourceWithConfigure = (*segmentsDataSource)(nil)

// NewSegmentsDataSource is the walkme_segments data source.
func NewSegmentsDataSource() datasource.DataSource { return &segmentsDataSource{} }

type segmentsDataSource struct{ data *providerData }

type segmentsModel struct {
	SystemGUID types.String `tfsdk:"system_guid"`
	Segments   types.List   `tfsdk:"segments"`
}

var segmentSummaryAttrTypes = map[string]attr.Type{
	"guid":        types.StringType,
	"name":        types.StringType,
	"external_id": types.StringType,
}

func (d *segmentsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_segments"
}

func (d *segmentsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the segments of a WalkMe system, in WalkMe's order. Members are not listed: " +
			"WalkMe does not expose them. Shares its one list request per system and run with the " +
			"`walkme_segment` resources and data sources.",
		Attributes: map[string]schema.Attribute{
			"system_guid": schema.StringAttribute{
				MarkdownDescription: "GUID of the WalkMe system. Defaults to the provider's `system_guid` (or `" + envSystemGUID + "`).",
				Optional:            true,
				Computed:            true,
			},
			"segments": schema.ListNestedAttribute{
				MarkdownDescription: "The system's segments.",
				Computed:            true,
				NestedObject: schema.NestedAttributeObject{
					Attributes: map[string]schema.Attribute{
						"guid":        schema.StringAttribute{Computed: true, MarkdownDescription: "The segment's GUID."},
						"name":        schema.StringAttribute{Computed: true, MarkdownDescription: "The segment's name."},
						"external_id": schema.StringAttribute{Computed: true, MarkdownDescription: "The external id, null when the segment has none."},
					},
				},
			},
		},
	}
}

func (d *segmentsDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

func (d *segmentsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m segmentsModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	sys, segs, ok := listForDataSource(ctx, d.data, m.SystemGUID, &resp.Diagnostics)
	if !ok {
		return
	}
	elems := make([]attr.Value, len(segs))
	for i, s := range segs {
		elems[i] = segmentSummary(s)
	}
	m.SystemGUID = types.StringValue(sys)
	m.Segments = types.ListValueMust(types.ObjectType{AttrTypes: segmentSummaryAttrTypes}, elems)
	resp.Diagnostics.Append(resp.State.Set(ctx, m)...)
}

func segmentSummary(s client.Segment) types.Object {
	ext := types.StringNull()
	if s.ExternalID != "" {
		ext = types.StringValue(s.ExternalID)
	}
	return types.ObjectValueMust(segmentSummaryAttrTypes, map[string]attr.Value{
		"guid": types.StringValue(s.GUID), "name": types.StringValue(s.Name), "external_id": ext,
	})
}

// listForDataSource resolves the system GUID (attribute, else provider default) and lists
// its segments through the shared cache.
func listForDataSource(ctx context.Context, data *providerData, systemGUID types.String, diags *diag.Diagnostics) (string, []client.Segment, bool) {
	if !configured(data, diags) {
		return "", nil, false
	}
	sys := systemGUID.ValueString()
	if systemGUID.IsNull() {
		sys = data.systemGUID
	}
	if sys == "" {
		diags.AddAttributeError(path.Root("system_guid"), "Missing system GUID",
			"Set system_guid on the data source, or a default with the provider's system_guid attribute or the "+
				envSystemGUID+" environment variable. "+snippetGUIDHint)
		return "", nil, false
	}
	segs, err := data.segmentLists.list(ctx, data.client, sys)
	if err != nil {
		diags.AddError("Cannot list segments", err.Error())
		return "", nil, false
	}
	return sys, segs, true
}
