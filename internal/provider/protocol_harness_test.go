package provider_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/walkme-community/terraform-provider-walkme/internal/acctest"
	"github.com/walkme-community/terraform-provider-walkme/internal/provider"
	"github.com/walkme-community/terraform-provider-walkme/internal/sandbox"
)

// protoProvider drives the provider in-process through the plugin protocol, as
// Terraform would, without the CLI: it runs in every `go test`, TF_ACC or not.
// Tests that need Terraform's own behaviour (state, refresh, import, the plan
// renderer) stay acceptance tests.
type protoProvider struct {
	t       *testing.T
	srv     tfprotov6.ProviderServer
	schemas *tfprotov6.GetProviderSchemaResponse
}

func newProtoProvider(t *testing.T) *protoProvider {
	t.Helper()
	srv, err := providerserver.NewProtocol6WithError(provider.New("test")())()
	if err != nil {
		t.Fatal(err)
	}
	resp, err := srv.GetProviderSchema(context.Background(), &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	if text := diagsText(resp.Diagnostics); text != "" {
		t.Fatalf("GetProviderSchema: %s", text)
	}
	return &protoProvider{t: t, srv: srv, schemas: resp}
}

// configureAgainst configures the provider against env's sandbox, as
// acctest.Env.ProviderBlock does.
func (p *protoProvider) configureAgainst(env *acctest.Env) []*tfprotov6.Diagnostic {
	return p.configure(map[string]tftypes.Value{
		"api_url":        tfStr(env.URL),
		"client_id":      tfStr(sandbox.DefaultClientID),
		"client_secret":  tfStr(sandbox.DefaultClientSecret),
		"system_guid":    tfStr(sandbox.DefaultSystemGUID),
		"retry_wait_min": tfStr("10ms"),
		"retry_wait_max": tfStr("200ms"),
	})
}

func (p *protoProvider) configure(attrs map[string]tftypes.Value) []*tfprotov6.Diagnostic {
	p.t.Helper()
	cfg := p.object(p.schemas.Provider, attrs)
	resp, err := p.srv.ConfigureProvider(context.Background(), &tfprotov6.ConfigureProviderRequest{
		TerraformVersion: "1.11.4", Config: p.dynamic(cfg),
	})
	if err != nil {
		p.t.Fatal(err)
	}
	return resp.Diagnostics
}

// validateThenPlanCreate validates a resource configuration and, when that
// passes, plans its creation, returning the diagnostics of the step that failed
// (or of the plan).
func (p *protoProvider) validateThenPlanCreate(typeName string, attrs map[string]tftypes.Value) []*tfprotov6.Diagnostic {
	p.t.Helper()
	schema := p.resourceSchema(typeName)
	cfg := p.dynamic(p.object(schema, attrs))
	ctx := context.Background()
	v, err := p.srv.ValidateResourceConfig(ctx, &tfprotov6.ValidateResourceConfigRequest{TypeName: typeName, Config: cfg})
	if err != nil {
		p.t.Fatal(err)
	}
	if hasError(v.Diagnostics) {
		return v.Diagnostics
	}
	typ := schema.ValueType()
	plan, err := p.srv.PlanResourceChange(ctx, &tfprotov6.PlanResourceChangeRequest{
		TypeName:         typeName,
		PriorState:       p.dynamic(tftypes.NewValue(typ, nil)),
		ProposedNewState: cfg,
		Config:           cfg,
	})
	if err != nil {
		p.t.Fatal(err)
	}
	return plan.Diagnostics
}

func (p *protoProvider) resourceSchema(typeName string) *tfprotov6.Schema {
	p.t.Helper()
	s, ok := p.schemas.ResourceSchemas[typeName]
	if !ok {
		p.t.Fatalf("no resource %s", typeName)
	}
	return s
}

// attrType is the type of a resource attribute, for building its values.
func (p *protoProvider) attrType(typeName, attr string) tftypes.Type {
	p.t.Helper()
	at, ok := p.resourceSchema(typeName).ValueType().(tftypes.Object).AttributeTypes[attr]
	if !ok {
		p.t.Fatalf("%s has no attribute %s", typeName, attr)
	}
	return at
}

// strings builds a list, set or map (keys k0, k1, … unless given as "k=v")
// attribute value of the attribute's own type.
func (p *protoProvider) strings(typeName, attr string, values ...string) tftypes.Value {
	p.t.Helper()
	typ := p.attrType(typeName, attr)
	if m, ok := typ.(tftypes.Map); ok {
		elems := map[string]tftypes.Value{}
		for _, kv := range values {
			k, v, _ := strings.Cut(kv, "=")
			elems[k] = tftypes.NewValue(m.ElementType, v)
		}
		return tftypes.NewValue(typ, elems)
	}
	elems := make([]tftypes.Value, len(values))
	for i, v := range values {
		elems[i] = tfStr(v)
	}
	return tftypes.NewValue(typ, elems)
}

// value converts v (anything encoding/json takes: strings, maps, slices, nil) to the
// value of an attribute of the attribute's own type.
func (p *protoProvider) value(typeName, attr string, v any) tftypes.Value {
	p.t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		p.t.Fatal(err)
	}
	var generic any
	if err := json.Unmarshal(b, &generic); err != nil {
		p.t.Fatal(err)
	}
	return p.convert(p.attrType(typeName, attr), generic)
}

func (p *protoProvider) convert(typ tftypes.Type, v any) tftypes.Value {
	p.t.Helper()
	if v == nil {
		return tftypes.NewValue(typ, nil)
	}
	switch t := typ.(type) {
	case tftypes.Map:
		elems := map[string]tftypes.Value{}
		for k, e := range v.(map[string]any) {
			elems[k] = p.convert(t.ElementType, e)
		}
		return tftypes.NewValue(typ, elems)
	case tftypes.Object:
		obj := v.(map[string]any)
		elems := map[string]tftypes.Value{}
		for k, at := range t.AttributeTypes {
			elems[k] = p.convert(at, obj[k])
		}
		return tftypes.NewValue(typ, elems)
	case tftypes.List, tftypes.Set:
		var et tftypes.Type
		if l, ok := t.(tftypes.List); ok {
			et = l.ElementType
		} else {
			et = t.(tftypes.Set).ElementType
		}
		var elems []tftypes.Value
		for _, e := range v.([]any) {
			elems = append(elems, p.convert(et, e))
		}
		return tftypes.NewValue(typ, elems)
	}
	return tftypes.NewValue(typ, v) // a primitive: string, bool (numbers would need big.Float)
}

// object is a configuration of schema: attrs as given, every other attribute null.
func (p *protoProvider) object(schema *tfprotov6.Schema, attrs map[string]tftypes.Value) tftypes.Value {
	p.t.Helper()
	typ := schema.ValueType().(tftypes.Object)
	vals := make(map[string]tftypes.Value, len(typ.AttributeTypes))
	for name, at := range typ.AttributeTypes {
		vals[name] = tftypes.NewValue(at, nil)
	}
	for name, v := range attrs {
		if _, ok := typ.AttributeTypes[name]; !ok {
			p.t.Fatalf("the schema has no attribute %s", name)
		}
		vals[name] = v
	}
	return tftypes.NewValue(typ, vals)
}

func (p *protoProvider) dynamic(v tftypes.Value) *tfprotov6.DynamicValue {
	p.t.Helper()
	dv, err := tfprotov6.NewDynamicValue(v.Type(), v)
	if err != nil {
		p.t.Fatal(err)
	}
	return &dv
}

func tfStr(s string) tftypes.Value { return tftypes.NewValue(tftypes.String, s) }

func hasError(diags []*tfprotov6.Diagnostic) bool {
	for _, d := range diags {
		if d.Severity == tfprotov6.DiagnosticSeverityError {
			return true
		}
	}
	return false
}

// diagsText renders diagnostics as "SEVERITY summary: detail [attribute path]" lines.
func diagsText(diags []*tfprotov6.Diagnostic) string {
	var b strings.Builder
	for _, d := range diags {
		b.WriteString(d.Severity.String() + " " + d.Summary + ": " + d.Detail)
		if d.Attribute != nil {
			b.WriteString(" [" + d.Attribute.String() + "]")
		}
		b.WriteString("\n")
	}
	return b.String()
}
