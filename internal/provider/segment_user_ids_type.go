package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/walkme-community/terraform-provider-walkme/internal/membership"
)

// userIDsType is a set of strings whose validation, equality and semantic equality are
// O(n). The framework's own set is O(n²) in all three (SetType.Validate compares every
// pair, SetValue.Equal calls contains for every element, and the element walk of
// semantic equality nests two loops): at a few thousand user IDs that is seconds per
// RPC. Returning true from SetSemanticEquals also short-circuits the framework's walk.
type userIDsType struct{ basetypes.SetType }

var (
	_ basetypes.SetTypable                    = userIDsType{}
	_ basetypes.SetValuableWithSemanticEquals = userIDsValue{}
)

func newUserIDsType() userIDsType {
	return userIDsType{basetypes.SetType{ElemType: types.StringType}}
}

func (t userIDsType) Equal(o attr.Type) bool {
	other, ok := o.(userIDsType)
	return ok && t.SetType.Equal(other.SetType)
}

func (t userIDsType) String() string { return "userIDsType" }

func (t userIDsType) ValueType(context.Context) attr.Value {
	return userIDsValue{SetValue: basetypes.NewSetNull(types.StringType)}
}

func (t userIDsType) ValueFromSet(_ context.Context, in basetypes.SetValue) (basetypes.SetValuable, diag.Diagnostics) {
	return userIDsValue{SetValue: in}, nil
}

func (t userIDsType) ValueFromTerraform(ctx context.Context, in tftypes.Value) (attr.Value, error) {
	v, err := t.SetType.ValueFromTerraform(ctx, in)
	if err != nil {
		return nil, err
	}
	set, ok := v.(basetypes.SetValue)
	if !ok {
		return nil, fmt.Errorf("unexpected value type %T", v)
	}
	return userIDsValue{SetValue: set}, nil
}

// Validate replaces SetType's O(n²) duplicate check with a map. Terraform never sends a
// set with repeated elements; this only guards values the provider builds itself.
func (t userIDsType) Validate(_ context.Context, in tftypes.Value, p path.Path) diag.Diagnostics {
	var diags diag.Diagnostics
	if in.Type() == nil || !in.IsKnown() || in.IsNull() {
		return diags
	}
	var elems []tftypes.Value
	if err := in.As(&elems); err != nil {
		diags.AddAttributeError(p, "Invalid user_ids value", "Reading the set failed: "+err.Error())
		return diags
	}
	seen := make(map[string]struct{}, len(elems))
	for _, e := range elems {
		if !e.IsFullyKnown() || e.IsNull() {
			continue
		}
		var s string
		if err := e.As(&s); err != nil {
			diags.AddAttributeError(p, "Invalid user_ids value", "Reading an element failed: "+err.Error())
			return diags
		}
		if _, dup := seen[s]; dup {
			diags.AddAttributeError(p, "Duplicate set element", fmt.Sprintf("user_ids holds %q twice.", s))
			return diags
		}
		seen[s] = struct{}{}
	}
	return diags
}

// userIDsValue is a value of userIDsType.
type userIDsValue struct{ basetypes.SetValue }

func (v userIDsValue) Type(context.Context) attr.Type { return newUserIDsType() }

// Equal compares as sets through a map, in O(n).
func (v userIDsValue) Equal(o attr.Value) bool {
	other, ok := o.(userIDsValue)
	if !ok {
		return false
	}
	if v.IsNull() || v.IsUnknown() || other.IsNull() || other.IsUnknown() {
		return v.IsNull() == other.IsNull() && v.IsUnknown() == other.IsUnknown()
	}
	return sameStrings(v.Elements(), other.Elements())
}

// SetSemanticEquals reports whether both sets hold the same user IDs, in O(n).
func (v userIDsValue) SetSemanticEquals(_ context.Context, prior basetypes.SetValuable) (bool, diag.Diagnostics) {
	var diags diag.Diagnostics
	p, ok := prior.(userIDsValue)
	if !ok {
		diags.AddError("Unexpected user_ids value", fmt.Sprintf("Expected a userIDsValue, got %T. This is a bug in the provider.", prior))
		return false, diags
	}
	return sameStrings(v.Elements(), p.Elements()), diags
}

// sameStrings reports whether two collections of string values hold the same strings.
// Unknown or null elements never compare equal.
func sameStrings(a, b []attr.Value) bool {
	if len(a) != len(b) {
		return false
	}
	in := make(map[string]struct{}, len(a))
	for _, e := range a {
		s, ok := e.(basetypes.StringValue)
		if !ok || s.IsNull() || s.IsUnknown() {
			return false
		}
		in[s.ValueString()] = struct{}{}
	}
	if len(in) != len(a) {
		return false
	}
	for _, e := range b {
		s, ok := e.(basetypes.StringValue)
		if !ok || s.IsNull() || s.IsUnknown() {
			return false
		}
		if _, found := in[s.ValueString()]; !found {
			return false
		}
		delete(in, s.ValueString()) // a repeat in b is then not found
	}
	return true
}

// userIDsFromSorted builds a known userIDsValue from a sorted set of IDs.
func userIDsFromSorted(ids []string) userIDsValue {
	elems := make([]attr.Value, len(ids))
	for i, id := range ids {
		elems[i] = types.StringValue(id)
	}
	set, _ := basetypes.NewSetValue(types.StringType, elems) // element types are right by construction
	return userIDsValue{SetValue: set}
}

// stringsOf returns the strings of a known userIDsValue (in the set's order), and false
// when the set or an element is unknown.
func (v userIDsValue) stringsOf() ([]string, bool) {
	if v.IsUnknown() {
		return nil, false
	}
	elems := v.Elements()
	out := make([]string, 0, len(elems))
	for _, e := range elems {
		s, ok := e.(basetypes.StringValue)
		if !ok || s.IsUnknown() {
			return nil, false
		}
		if s.IsNull() {
			continue
		}
		out = append(out, s.ValueString())
	}
	return out, true
}

// maxIDProblems caps the invalid user IDs reported for one attribute.
const maxIDProblems = 20

// userIDsValidator rejects IDs WalkMe would refuse (empty, over 100 characters) or keep
// verbatim by mistake (surrounding whitespace), naming each value. O(n).
type userIDsValidator struct{}

func (userIDsValidator) Description(context.Context) string {
	return "every user ID is non-empty, at most 100 characters, without surrounding whitespace"
}

func (v userIDsValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (userIDsValidator) ValidateSet(_ context.Context, req validator.SetRequest, resp *validator.SetResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	bad := 0
	for _, e := range req.ConfigValue.Elements() {
		s, ok := e.(basetypes.StringValue)
		if !ok || s.IsUnknown() {
			continue
		}
		var err error
		if s.IsNull() {
			err = fmt.Errorf("user ID is null")
		} else {
			err = membership.ValidateID(s.ValueString())
		}
		if err == nil {
			continue
		}
		if bad++; bad <= maxIDProblems {
			resp.Diagnostics.AddAttributeError(req.Path.AtSetValue(e), "Invalid user ID", fmt.Sprintf("%s: %s.", req.Path, err))
		}
	}
	if bad > maxIDProblems {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid user IDs",
			fmt.Sprintf("%s: %d more invalid user IDs not listed.", req.Path, bad-maxIDProblems))
	}
}
