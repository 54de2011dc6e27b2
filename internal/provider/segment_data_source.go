package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/datasourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/walkme-community/terraform-provider-walkme/internal/client"
	"github.com/walkme-community/terraform-provider-walkme/internal/guid"
)

var (
	_ datasource.DataSourceWithConfigure        = (*segmentDataSource)(nil)
	_ datasource.DataSourceWithConfigValidators = (*segmentDataSource)(nil)
)

// NewSegmentDataSource is the walkme_segment data source.
func NewSegmentDataSource() datasource.DataSource { return &segmentDataSource{} }

type segmentDataSource struct{ data *providerData }

type segmentLookupModel struct {
	SystemGUID types.String `tfsdk:"system_guid"`
	GUID       types.String `tfsdk:"guid"`
	Name       types.String `tfsdk:"name"`
	ExternalID types.String `tfsdk:"external_id"`
}

func (d *segmentDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_segment"
}

func (d *segmentDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	lookup := func(what string) schema.StringAttribute {
		return schema.StringAttribute{
			MarkdownDescription: "The segment's " + what + ". Set exactly one of `guid`, `name` and `external_id`; the others are read.",
			Optional:            true,
			Computed:            true,
			Validators:          []validator.String{notBlank{}},
		}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Looks up one segment of a WalkMe system by GUID, name or external id. None or " +
			"several matches are errors. Members are not read: WalkMe does not expose them.",
		Attributes: map[string]schema.Attribute{
			"system_guid": schema.StringAttribute{
				MarkdownDescription: "GUID of the WalkMe system. Defaults to the provider's `system_guid` (or `" + envSystemGUID + "`).",
				Optional:            true,
				Computed:            true,
			},
			"guid":        lookup("GUID (with or without hyphens, any case)"),
			"name":        lookup("name, exactly as in WalkMe"),
			"external_id": lookup("external id"),
		},
	}
}

func (d *segmentDataSource) ConfigValidators(context.Context) []datasource.ConfigValidator {
	return []datasource.ConfigValidator{
		datasourcevalidator.ExactlyOneOf(path.MatchRoot("guid"), path.MatchRoot("name"), path.MatchRoot("external_id")),
	}
}

func (d *segmentDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

func (d *segmentDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m segmentLookupModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	sys, segs, ok := listForDataSource(ctx, d.data, m.SystemGUID, &resp.Diagnostics)
	if !ok {
		return
	}
	attr, what, match := segmentMatcher(m)
	var found []client.Segment
	for _, s := range segs {
		if match(s) {
			found = append(found, s)
		}
	}
	switch len(found) {
	case 0:
		resp.Diagnostics.AddAttributeError(attr, "Segment not found",
			fmt.Sprintf("System %s has no segment %s (%d segments listed).", sys, what, len(segs)))
		return
	case 1:
	default:
		guids := make([]string, len(found))
		for i, s := range found {
			guids[i] = s.GUID
		}
		resp.Diagnostics.AddAttributeError(attr, "Several segments match",
			fmt.Sprintf("System %s has %d segments %s: %s. Look the segment up by guid instead.",
				sys, len(found), what, strings.Join(guids, ", ")))
		return
	}
	s := found[0]
	m.SystemGUID = types.StringValue(sys)
	m.GUID = types.StringValue(s.GUID)
	m.Name = types.StringValue(s.Name)
	m.ExternalID = types.StringNull()
	if s.ExternalID != "" {
		m.ExternalID = types.StringValue(s.ExternalID)
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, m)...)
}

// segmentMatcher returns the attribute searched, a description of the search for
// errors, and the predicate.
func segmentMatcher(m segmentLookupModel) (path.Path, string, func(client.Segment) bool) {
	switch {
	case !m.GUID.IsNull():
		g := m.GUID.ValueString()
		return path.Root("guid"), fmt.Sprintf("with guid %q", g), func(s client.Segment) bool { return guid.Equal(s.GUID, g) }
	case !m.Name.IsNull():
		n := m.Name.ValueString()
		return path.Root("name"), fmt.Sprintf("named %q", n), func(s client.Segment) bool { return s.Name == n }
	default:
		e := m.ExternalID.ValueString()
		return path.Root("external_id"), fmt.Sprintf("with external id %q", e), func(s client.Segment) bool { return s.ExternalID == e }
	}
}
