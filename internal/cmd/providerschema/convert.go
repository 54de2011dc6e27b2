package main

import (
	"context"
	"fmt"
	"iter"
	"maps"
	"slices"
	"strings"

	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/zclconf/go-cty/cty"
)

// formatVersion is what `terraform providers schema -json` writes (Terraform 1.x).
const formatVersion = "1.0"

// export asks the provider server for every schema it knows, actions included, and returns
// them as `terraform providers schema -json` would, under the key providerKey.
func export(ctx context.Context, srv tfprotov6.ProviderServer, providerKey string) (*tfjson.ProviderSchemas, []string, error) {
	resp, err := srv.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		return nil, nil, fmt.Errorf("GetProviderSchema: %w", err)
	}
	warnings, err := checkDiagnostics("GetProviderSchema", resp.Diagnostics)
	if err != nil {
		return nil, warnings, err
	}
	idResp, err := srv.GetResourceIdentitySchemas(ctx, &tfprotov6.GetResourceIdentitySchemasRequest{})
	if err != nil {
		return nil, warnings, fmt.Errorf("GetResourceIdentitySchemas: %w", err)
	}
	idWarnings, err := checkDiagnostics("GetResourceIdentitySchemas", idResp.Diagnostics)
	warnings = append(warnings, idWarnings...)
	if err != nil {
		return nil, warnings, err
	}

	ps := &tfjson.ProviderSchema{}
	if ps.ConfigSchema, err = convertSchema(resp.Provider); err != nil {
		return nil, warnings, fmt.Errorf("provider: %w", err)
	}
	groups := []struct {
		kind string
		in   map[string]*tfprotov6.Schema
		out  *map[string]*tfjson.Schema
	}{
		{"resource", resp.ResourceSchemas, &ps.ResourceSchemas},
		{"data source", resp.DataSourceSchemas, &ps.DataSourceSchemas},
		{"ephemeral resource", resp.EphemeralResourceSchemas, &ps.EphemeralResourceSchemas},
		{"list resource", resp.ListResourceSchemas, &ps.ListResourceSchemas},
		{"state store", resp.StateStoreSchemas, &ps.StateStoreSchemas},
	}
	for _, g := range groups {
		if *g.out, err = convertSchemas(g.in); err != nil {
			return nil, warnings, fmt.Errorf("%s %w", g.kind, err)
		}
	}
	if ps.ActionSchemas, err = convertActions(resp.ActionSchemas); err != nil {
		return nil, warnings, fmt.Errorf("action %w", err)
	}
	if ps.Functions, err = convertFunctions(resp.Functions); err != nil {
		return nil, warnings, fmt.Errorf("function %w", err)
	}
	if ps.ResourceIdentitySchemas, err = convertIdentities(idResp.IdentitySchemas); err != nil {
		return nil, warnings, fmt.Errorf("resource identity %w", err)
	}
	return &tfjson.ProviderSchemas{
		FormatVersion: formatVersion,
		Schemas:       map[string]*tfjson.ProviderSchema{providerKey: ps},
	}, warnings, nil
}

// checkDiagnostics turns error diagnostics into an error and returns warnings as text: a
// provider that cannot describe itself must fail the docs build, not produce partial docs.
func checkDiagnostics(rpc string, diags []*tfprotov6.Diagnostic) ([]string, error) {
	var warnings, errs []string
	for _, d := range diags {
		text := d.Summary
		if d.Detail != "" {
			text += ": " + d.Detail
		}
		if d.Severity == tfprotov6.DiagnosticSeverityError {
			errs = append(errs, text)
		} else {
			warnings = append(warnings, rpc+": "+text)
		}
	}
	if len(errs) > 0 {
		return warnings, fmt.Errorf("%s: %s", rpc, strings.Join(errs, "; "))
	}
	return warnings, nil
}

func convertSchemas(in map[string]*tfprotov6.Schema) (map[string]*tfjson.Schema, error) {
	if len(in) == 0 {
		return nil, nil
	}
	out := make(map[string]*tfjson.Schema, len(in))
	for name, s := range in {
		js, err := convertSchema(s)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		out[name] = js
	}
	return out, nil
}

func convertActions(in map[string]*tfprotov6.ActionSchema) (map[string]*tfjson.ActionSchema, error) {
	if len(in) == 0 {
		return nil, nil
	}
	out := make(map[string]*tfjson.ActionSchema, len(in))
	for name, a := range in {
		var block *tfprotov6.SchemaBlock
		if a != nil && a.Schema != nil {
			block = a.Schema.Block
		}
		b, err := convertBlock(block)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		out[name] = &tfjson.ActionSchema{Block: b}
	}
	return out, nil
}

func convertSchema(s *tfprotov6.Schema) (*tfjson.Schema, error) {
	if s == nil {
		b, _ := convertBlock(nil)
		return &tfjson.Schema{Block: b}, nil
	}
	b, err := convertBlock(s.Block)
	if err != nil {
		return nil, err
	}
	return &tfjson.Schema{Version: uint64(s.Version), Block: b}, nil
}

func convertBlock(b *tfprotov6.SchemaBlock) (*tfjson.SchemaBlock, error) {
	// Terraform always writes description_kind, "plain" when the block has no description.
	if b == nil {
		return &tfjson.SchemaBlock{DescriptionKind: tfjson.SchemaDescriptionKindPlain}, nil
	}
	out := &tfjson.SchemaBlock{
		Description:     b.Description,
		DescriptionKind: descriptionKind(b.DescriptionKind),
		Deprecated:      b.Deprecated,
	}
	if len(b.Attributes) > 0 {
		out.Attributes = make(map[string]*tfjson.SchemaAttribute, len(b.Attributes))
		for _, a := range b.Attributes {
			ja, err := convertAttribute(a)
			if err != nil {
				return nil, err
			}
			out.Attributes[a.Name] = ja
		}
	}
	if len(b.BlockTypes) > 0 {
		out.NestedBlocks = make(map[string]*tfjson.SchemaBlockType, len(b.BlockTypes))
		for _, nb := range b.BlockTypes {
			mode, err := blockNesting(nb.Nesting)
			if err != nil {
				return nil, fmt.Errorf("block %s: %w", nb.TypeName, err)
			}
			inner, err := convertBlock(nb.Block)
			if err != nil {
				return nil, fmt.Errorf("block %s: %w", nb.TypeName, err)
			}
			out.NestedBlocks[nb.TypeName] = &tfjson.SchemaBlockType{
				NestingMode: mode,
				Block:       inner,
				MinItems:    uint64(max(nb.MinItems, 0)),
				MaxItems:    uint64(max(nb.MaxItems, 0)),
			}
		}
	}
	return out, nil
}

func convertAttribute(a *tfprotov6.SchemaAttribute) (*tfjson.SchemaAttribute, error) {
	out := &tfjson.SchemaAttribute{
		Description:     a.Description,
		DescriptionKind: descriptionKind(a.DescriptionKind),
		Deprecated:      a.Deprecated,
		Required:        a.Required,
		Optional:        a.Optional,
		Computed:        a.Computed,
		Sensitive:       a.Sensitive,
		WriteOnly:       a.WriteOnly,
	}
	if a.NestedType != nil {
		nested, err := convertObject(a.NestedType)
		if err != nil {
			return nil, fmt.Errorf("attribute %s: %w", a.Name, err)
		}
		out.AttributeNestedType = nested
		return out, nil
	}
	t, err := ctyType(a.Type)
	if err != nil {
		return nil, fmt.Errorf("attribute %s: %w", a.Name, err)
	}
	out.AttributeType = t
	return out, nil
}

func convertObject(o *tfprotov6.SchemaObject) (*tfjson.SchemaNestedAttributeType, error) {
	var mode tfjson.SchemaNestingMode
	switch o.Nesting {
	case tfprotov6.SchemaObjectNestingModeSingle:
		mode = tfjson.SchemaNestingModeSingle
	case tfprotov6.SchemaObjectNestingModeList:
		mode = tfjson.SchemaNestingModeList
	case tfprotov6.SchemaObjectNestingModeSet:
		mode = tfjson.SchemaNestingModeSet
	case tfprotov6.SchemaObjectNestingModeMap:
		mode = tfjson.SchemaNestingModeMap
	default:
		return nil, fmt.Errorf("unknown nested attribute nesting mode %d", o.Nesting)
	}
	out := &tfjson.SchemaNestedAttributeType{
		NestingMode: mode,
		Attributes:  make(map[string]*tfjson.SchemaAttribute, len(o.Attributes)),
	}
	for _, a := range o.Attributes {
		ja, err := convertAttribute(a)
		if err != nil {
			return nil, err
		}
		out.Attributes[a.Name] = ja
	}
	return out, nil
}

func blockNesting(m tfprotov6.SchemaNestedBlockNestingMode) (tfjson.SchemaNestingMode, error) {
	switch m {
	case tfprotov6.SchemaNestedBlockNestingModeSingle:
		return tfjson.SchemaNestingModeSingle, nil
	case tfprotov6.SchemaNestedBlockNestingModeGroup:
		return tfjson.SchemaNestingModeGroup, nil
	case tfprotov6.SchemaNestedBlockNestingModeList:
		return tfjson.SchemaNestingModeList, nil
	case tfprotov6.SchemaNestedBlockNestingModeSet:
		return tfjson.SchemaNestingModeSet, nil
	case tfprotov6.SchemaNestedBlockNestingModeMap:
		return tfjson.SchemaNestingModeMap, nil
	default:
		return "", fmt.Errorf("unknown block nesting mode %d", m)
	}
}

func descriptionKind(k tfprotov6.StringKind) tfjson.SchemaDescriptionKind {
	if k == tfprotov6.StringKindMarkdown {
		return tfjson.SchemaDescriptionKindMarkdown
	}
	return tfjson.SchemaDescriptionKindPlain
}

// ctyType maps a plugin-protocol type to the cty type Terraform writes in its JSON.
func ctyType(t tftypes.Type) (cty.Type, error) {
	switch {
	case t == nil:
		return cty.NilType, fmt.Errorf("no type")
	case t.Is(tftypes.String):
		return cty.String, nil
	case t.Is(tftypes.Number):
		return cty.Number, nil
	case t.Is(tftypes.Bool):
		return cty.Bool, nil
	case t.Is(tftypes.DynamicPseudoType):
		return cty.DynamicPseudoType, nil
	}
	switch t := t.(type) {
	case tftypes.List:
		e, err := ctyType(t.ElementType)
		return cty.List(e), err
	case tftypes.Set:
		e, err := ctyType(t.ElementType)
		return cty.Set(e), err
	case tftypes.Map:
		e, err := ctyType(t.ElementType)
		return cty.Map(e), err
	case tftypes.Tuple:
		elems := make([]cty.Type, len(t.ElementTypes))
		for i, et := range t.ElementTypes {
			var err error
			if elems[i], err = ctyType(et); err != nil {
				return cty.NilType, err
			}
		}
		return cty.Tuple(elems), nil
	case tftypes.Object:
		attrs := make(map[string]cty.Type, len(t.AttributeTypes))
		for name, at := range t.AttributeTypes {
			var err error
			if attrs[name], err = ctyType(at); err != nil {
				return cty.NilType, fmt.Errorf("object attribute %s: %w", name, err)
			}
		}
		if len(t.OptionalAttributes) == 0 {
			return cty.Object(attrs), nil
		}
		return cty.ObjectWithOptionalAttrs(attrs, slices.Sorted(maps.Keys(t.OptionalAttributes))), nil
	}
	return cty.NilType, fmt.Errorf("unsupported type %s", t)
}

func convertFunctions(in map[string]*tfprotov6.Function) (map[string]*tfjson.FunctionSignature, error) {
	if len(in) == 0 {
		return nil, nil
	}
	out := make(map[string]*tfjson.FunctionSignature, len(in))
	for name, f := range in {
		sig := &tfjson.FunctionSignature{
			Description:        f.Description,
			Summary:            f.Summary,
			DeprecationMessage: f.DeprecationMessage,
		}
		var err error
		if f.Return == nil {
			return nil, fmt.Errorf("%s: no return type", name)
		}
		if sig.ReturnType, err = ctyType(f.Return.Type); err != nil {
			return nil, fmt.Errorf("%s: return: %w", name, err)
		}
		for _, p := range f.Parameters {
			jp, err := convertParameter(p)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", name, err)
			}
			sig.Parameters = append(sig.Parameters, jp)
		}
		if f.VariadicParameter != nil {
			if sig.VariadicParameter, err = convertParameter(f.VariadicParameter); err != nil {
				return nil, fmt.Errorf("%s: %w", name, err)
			}
		}
		out[name] = sig
	}
	return out, nil
}

func convertParameter(p *tfprotov6.FunctionParameter) (*tfjson.FunctionParameter, error) {
	t, err := ctyType(p.Type)
	if err != nil {
		return nil, fmt.Errorf("parameter %s: %w", p.Name, err)
	}
	return &tfjson.FunctionParameter{Name: p.Name, Description: p.Description, IsNullable: p.AllowNullValue, Type: t}, nil
}

func convertIdentities(in map[string]*tfprotov6.ResourceIdentitySchema) (map[string]*tfjson.IdentitySchema, error) {
	if len(in) == 0 {
		return nil, nil
	}
	out := make(map[string]*tfjson.IdentitySchema, len(in))
	for name, s := range in {
		js := &tfjson.IdentitySchema{
			Version:    uint64(max(s.Version, 0)),
			Attributes: make(map[string]*tfjson.IdentityAttribute, len(s.IdentityAttributes)),
		}
		for _, a := range s.IdentityAttributes {
			t, err := ctyType(a.Type)
			if err != nil {
				return nil, fmt.Errorf("%s: attribute %s: %w", name, a.Name, err)
			}
			js.Attributes[a.Name] = &tfjson.IdentityAttribute{
				IdentityType:      t,
				Description:       a.Description,
				RequiredForImport: a.RequiredForImport,
				OptionalForImport: a.OptionalForImport,
			}
		}
		out[name] = js
	}
	return out, nil
}

// names lists what tfplugindocs writes a page for, as "<kind> <name>", where kind is the
// directory under examples/ that holds the example: examples/<kind>/<name>/.
func names(ps *tfjson.ProviderSchema) []string {
	var out []string
	add := func(kind string, keys iter.Seq[string]) {
		for _, k := range slices.Sorted(keys) {
			out = append(out, kind+" "+k)
		}
	}
	add("resources", maps.Keys(ps.ResourceSchemas))
	add("data-sources", maps.Keys(ps.DataSourceSchemas))
	add("ephemeral-resources", maps.Keys(ps.EphemeralResourceSchemas))
	add("actions", maps.Keys(ps.ActionSchemas))
	add("functions", maps.Keys(ps.Functions))
	return out
}
