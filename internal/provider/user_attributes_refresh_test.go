package provider

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/walkme-community/terraform-provider-walkme/internal/userattrs"
)

// The plan the refresh noted is taken only for the very file bytes, settings and pushed
// users it was made with, and by the version of the provider that made it.
func TestPlannedAtRefreshOnlyForItsKey(t *testing.T) {
	ctx := context.Background()
	model := func(edit func(*userAttributesModel)) userAttributesModel {
		m := userAttributesModel{
			IntegrationToken: types.StringValue("tok"),
			UserIDProperty:   types.StringValue("Email"),
			AttributeTypes:   types.MapValueMust(types.StringType, map[string]attr.Value{"Status": types.StringValue("string")}),
			UsersFile:        types.StringValue("users.csv"),
			UsersSHA256:      types.StringValue("pushed"),
		}
		if edit != nil {
			edit(&m)
		}
		return m
	}
	state := model(nil)
	types0, _ := uaTypesOf(state)
	noted := uaPlanned{V: uaPlannedVersion, Key: uaPlannedKey("raw", state, types0), SHA256: "new", Count: 2,
		Plan: userattrs.Plan{Changed: []string{"a"}, Batches: [][]string{{"a"}}}}
	b, _ := json.Marshal(noted)
	private := fakePrivate{uaPrivatePlanned: b}
	got, ok := uaPlannedAtRefresh(ctx, private, "raw", state, model(nil))
	if !ok || got.SHA256 != "new" || got.Count != 2 || len(got.Plan.Batches) != 1 {
		t.Fatalf("the noted plan was not taken: %+v %v", got, ok)
	}
	if strings.Contains(string(b), "tok") {
		t.Fatalf("the integration token is in private state: %s", b)
	}
	older := noted
	older.V = uaPlannedVersion - 1
	ob, _ := json.Marshal(older)
	for name, tc := range map[string]struct {
		private        fakePrivate
		raw            string
		prior, planned userAttributesModel
	}{
		"other bytes":        {private, "raw2", state, model(nil)},
		"other pushed users": {private, "raw", model(func(m *userAttributesModel) { m.UsersSHA256 = types.StringValue("other") }), model(nil)},
		"other types": {private, "raw", state, model(func(m *userAttributesModel) {
			m.AttributeTypes = types.MapValueMust(types.StringType, map[string]attr.Value{"Status": types.StringValue("number")})
		})},
		"other user ID":   {private, "raw", state, model(func(m *userAttributesModel) { m.UserIDProperty = types.StringValue("ID") })},
		"other token":     {private, "raw", state, model(func(m *userAttributesModel) { m.IntegrationToken = types.StringValue("tok2") })},
		"other file":      {private, "raw", state, model(func(m *userAttributesModel) { m.UsersFile = types.StringValue("other.csv") })},
		"another version": {fakePrivate{uaPrivatePlanned: ob}, "raw", state, model(nil)},
		"nothing noted":   {fakePrivate{}, "raw", state, model(nil)},
		"garbage":         {fakePrivate{uaPrivatePlanned: []byte("{")}, "raw", state, model(nil)},
		"types unknown":   {private, "raw", state, model(func(m *userAttributesModel) { m.AttributeTypes = types.MapUnknown(types.StringType) })},
	} {
		if _, ok := uaPlannedAtRefresh(ctx, tc.private, tc.raw, tc.prior, tc.planned); ok {
			t.Errorf("%s: the noted plan was taken", name)
		}
	}
}
