package main

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/action"
	aschema "github.com/hashicorp/terraform-plugin-framework/action/schema"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	dschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	eschema "github.com/hashicorp/terraform-plugin-framework/ephemeral/schema"
	"github.com/hashicorp/terraform-plugin-framework/function"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	pschema "github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	rschema "github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// testProvider has one of every schema construct the exporter converts, so the exporter
// can be compared with Terraform's own `providers schema -json` on more than this
// repository's provider happens to use today.
type testProvider struct{}

var (
	_ provider.ProviderWithActions            = testProvider{}
	_ provider.ProviderWithEphemeralResources = testProvider{}
	_ provider.ProviderWithFunctions          = testProvider{}
)

func (testProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "wmtest"
}

func (testProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	resp.Schema = pschema.Schema{
		MarkdownDescription: "The **test** provider.",
		Attributes: map[string]pschema.Attribute{
			"endpoint": pschema.StringAttribute{Optional: true, MarkdownDescription: "Where `it` lives."},
			"secret":   pschema.StringAttribute{Optional: true, Sensitive: true, Description: "plain text"},
		},
		Blocks: map[string]pschema.Block{
			"retry": pschema.SingleNestedBlock{
				Attributes: map[string]pschema.Attribute{"attempts": pschema.Int64Attribute{Optional: true}},
			},
		},
	}
}

func (testProvider) Configure(context.Context, provider.ConfigureRequest, *provider.ConfigureResponse) {
}

func (testProvider) Resources(context.Context) []func() resource.Resource {
	return []func() resource.Resource{func() resource.Resource { return testResource{} }}
}

func (testProvider) DataSources(context.Context) []func() datasource.DataSource {
	return []func() datasource.DataSource{func() datasource.DataSource { return testDataSource{} }}
}

func (testProvider) EphemeralResources(context.Context) []func() ephemeral.EphemeralResource {
	return []func() ephemeral.EphemeralResource{func() ephemeral.EphemeralResource { return testEphemeral{} }}
}

func (testProvider) Actions(context.Context) []func() action.Action {
	return []func() action.Action{func() action.Action { return testAction{} }}
}

func (testProvider) Functions(context.Context) []func() function.Function {
	return []func() function.Function{func() function.Function { return testFunction{} }}
}

type testResource struct{}

var _ resource.ResourceWithIdentity = testResource{}

func (testResource) Metadata(_ context.Context, _ resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = "wmtest_thing"
}

func (testResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	inner := map[string]rschema.Attribute{
		"name":  rschema.StringAttribute{Required: true, Description: "inner name"},
		"count": rschema.Int64Attribute{Optional: true, Computed: true},
	}
	resp.Schema = rschema.Schema{
		Version:             3,
		MarkdownDescription: "A thing.",
		DeprecationMessage:  "use something else",
		Attributes: map[string]rschema.Attribute{
			"id":         rschema.StringAttribute{Computed: true},
			"name":       rschema.StringAttribute{Required: true, MarkdownDescription: "The _name_."},
			"size":       rschema.Int64Attribute{Optional: true, Computed: true},
			"small":      rschema.Int32Attribute{Optional: true},
			"ratio":      rschema.Float64Attribute{Optional: true},
			"ratio32":    rschema.Float32Attribute{Optional: true},
			"big":        rschema.NumberAttribute{Optional: true},
			"enabled":    rschema.BoolAttribute{Optional: true, DeprecationMessage: "always on"},
			"password":   rschema.StringAttribute{Optional: true, Sensitive: true, WriteOnly: true},
			"tags":       rschema.ListAttribute{ElementType: types.StringType, Optional: true},
			"ids":        rschema.SetAttribute{ElementType: types.StringType, Optional: true},
			"weights":    rschema.MapAttribute{ElementType: types.NumberType, Optional: true},
			"anything":   rschema.DynamicAttribute{Optional: true},
			"nested_map": rschema.MapAttribute{ElementType: types.ListType{ElemType: types.BoolType}, Optional: true},
			"shape": rschema.ObjectAttribute{Optional: true, AttributeTypes: map[string]attr.Type{
				"x": types.Int64Type, "labels": types.SetType{ElemType: types.StringType},
			}},
			"single": rschema.SingleNestedAttribute{Optional: true, Attributes: inner},
			"list":   rschema.ListNestedAttribute{Optional: true, NestedObject: rschema.NestedAttributeObject{Attributes: inner}},
			"set":    rschema.SetNestedAttribute{Computed: true, NestedObject: rschema.NestedAttributeObject{Attributes: inner}},
			"map":    rschema.MapNestedAttribute{Optional: true, Sensitive: true, NestedObject: rschema.NestedAttributeObject{Attributes: inner}},
		},
		Blocks: map[string]rschema.Block{
			"rule": rschema.ListNestedBlock{
				MarkdownDescription: "A `rule`.",
				NestedObject: rschema.NestedBlockObject{
					Attributes: map[string]rschema.Attribute{"match": rschema.StringAttribute{Required: true}},
					Blocks: map[string]rschema.Block{
						"then": rschema.SetNestedBlock{NestedObject: rschema.NestedBlockObject{
							Attributes: map[string]rschema.Attribute{"do": rschema.StringAttribute{Optional: true}},
						}},
					},
				},
			},
			"timeouts": rschema.SingleNestedBlock{
				Attributes: map[string]rschema.Attribute{"create": rschema.StringAttribute{Optional: true}},
			},
		},
	}
}

func (testResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = identityschema.Schema{
		Attributes: map[string]identityschema.Attribute{
			"id":     identityschema.StringAttribute{RequiredForImport: true, Description: "The id."},
			"region": identityschema.StringAttribute{OptionalForImport: true},
		},
	}
}

func (testResource) Create(context.Context, resource.CreateRequest, *resource.CreateResponse) {}
func (testResource) Read(context.Context, resource.ReadRequest, *resource.ReadResponse)       {}
func (testResource) Update(context.Context, resource.UpdateRequest, *resource.UpdateResponse) {}
func (testResource) Delete(context.Context, resource.DeleteRequest, *resource.DeleteResponse) {}

type testDataSource struct{}

func (testDataSource) Metadata(_ context.Context, _ datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = "wmtest_things"
}

func (testDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = dschema.Schema{
		Description: "All things.",
		Attributes: map[string]dschema.Attribute{
			"filter": dschema.StringAttribute{Optional: true},
			"things": dschema.ListNestedAttribute{Computed: true, NestedObject: dschema.NestedAttributeObject{
				Attributes: map[string]dschema.Attribute{"guid": dschema.StringAttribute{Computed: true}},
			}},
		},
	}
}

func (testDataSource) Read(context.Context, datasource.ReadRequest, *datasource.ReadResponse) {}

type testEphemeral struct{}

func (testEphemeral) Metadata(_ context.Context, _ ephemeral.MetadataRequest, resp *ephemeral.MetadataResponse) {
	resp.TypeName = "wmtest_token"
}

func (testEphemeral) Schema(_ context.Context, _ ephemeral.SchemaRequest, resp *ephemeral.SchemaResponse) {
	resp.Schema = eschema.Schema{Attributes: map[string]eschema.Attribute{
		"value": eschema.StringAttribute{Computed: true, Sensitive: true},
	}}
}

func (testEphemeral) Open(context.Context, ephemeral.OpenRequest, *ephemeral.OpenResponse) {}

type testAction struct{}

func (testAction) Metadata(_ context.Context, _ action.MetadataRequest, resp *action.MetadataResponse) {
	resp.TypeName = "wmtest_ping"
}

func (testAction) Schema(_ context.Context, _ action.SchemaRequest, resp *action.SchemaResponse) {
	resp.Schema = aschema.Schema{
		MarkdownDescription: "Pings **once**.",
		Attributes: map[string]aschema.Attribute{
			"target":  aschema.StringAttribute{Required: true, MarkdownDescription: "Who to ping."},
			"message": aschema.StringAttribute{Optional: true},
			"users":   aschema.ListAttribute{ElementType: types.StringType, Optional: true},
		},
	}
}

func (testAction) Invoke(context.Context, action.InvokeRequest, *action.InvokeResponse) {}

type testFunction struct{}

func (testFunction) Metadata(_ context.Context, _ function.MetadataRequest, resp *function.MetadataResponse) {
	resp.Name = "echo"
}

func (testFunction) Definition(_ context.Context, _ function.DefinitionRequest, resp *function.DefinitionResponse) {
	resp.Definition = function.Definition{
		Summary:     "Echoes",
		Description: "Returns its input.",
		Parameters: []function.Parameter{
			function.StringParameter{Name: "input", Description: "what to echo", AllowNullValue: true},
		},
		VariadicParameter: function.Int64Parameter{Name: "extra"},
		Return:            function.StringReturn{},
	}
}

func (testFunction) Run(context.Context, function.RunRequest, *function.RunResponse) {}
