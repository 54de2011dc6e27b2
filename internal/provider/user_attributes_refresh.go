package provider

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/walkme-community/terraform-provider-walkme/internal/userattrs"
)

// uaPrivatePlanned holds a uaPlanned: the plan of a changed users file, made by the refresh.
//
// Why the refresh plans: `terraform apply` plans in one provider process, then starts another
// that plans the resource again (Terraform does, before applying it) and applies it. The one
// thing the plan's process can hand to the apply's is the refreshed private state, which
// Terraform keeps in the plan. So the refresh, which reads the file anyway, plans it with the
// state's settings and notes the result there: the plan that follows in the same process
// finds the file and the plan in memory, and the apply's plan, given the same bytes and
// settings, takes the result without parsing the file or reading the pushed users.
const uaPrivatePlanned = "users_file_planned"

// uaPlannedMaxUsers bounds the users a uaPlanned names (twice: in its lists and its
// batches): beyond, the apply plans again (its time then goes to the requests), rather than
// carry megabytes of IDs in private state through every step.
const uaPlannedMaxUsers = 1000

// uaPlannedVersion changes whenever the rules of planning a users file, or what a uaPlanned
// holds, do: a plan noted by another version of the provider is made again. (A change of
// the parsing rules changes uaFileRecordVersion, which the key holds.)
const uaPlannedVersion = 1

// uaPlanned is a plan of a users file, valid exactly for its key: the file's bytes, the
// settings it was parsed and planned with, and the users pushed before.
type uaPlanned struct {
	V      int            `json:"v"`
	Key    string         `json:"key"` // uaPlannedKey
	SHA256 string         `json:"sha256"`
	Count  int            `json:"count"`
	Plan   userattrs.Plan `json:"plan"`
}

// uaPlannedKey identifies what a plan of the users file bytes raw (a RawDigest) depends on,
// besides the integration token, which private state must not hold: the parsing rules
// (uaFileRecordVersion), the settings, the users pushed.
func uaPlannedKey(raw string, m userAttributesModel, types map[string]string) string {
	return fmt.Sprintf("%d\x00%s\x00%s", uaFileRecordVersion, uaFileKey(raw, m.UserIDProperty.ValueString(), types),
		m.UsersSHA256.ValueString())
}

// uaPlanAtRefresh plans the users file whose bytes the refresh read (content, raw) with the
// state's settings, and returns it to note in private state; nil when there is nothing to
// note: the file applied last, an invalid file (the plan reports it), a plan too large.
func uaPlanAtRefresh(ctx context.Context, mem *uaMemory, state userAttributesModel, private privateGetter, content, raw string) []byte {
	types, ok := uaTypesOf(state)
	if !ok || fileApplied(ctx, private, uaPrivateFile, uaFileRecordVersion, raw, state.UsersSHA256.ValueString()) {
		return nil
	}
	name, idProperty := state.UsersFile.ValueString(), state.UserIDProperty.ValueString()
	table, err := uaParseFile(ctx, mem, name, content, raw, idProperty, types)
	if err != nil {
		return nil
	}
	go table.Digest() // on another core, while the plan compares the users
	p := uaPlanFromPrior(ctx, mem, state, private, userattrs.TableConfig{UserIDProperty: idProperty, Types: types, Users: table}, nil)
	if len(p.Added)+len(p.Changed)+len(p.Removing)+len(p.Forgotten) > uaPlannedMaxUsers {
		return nil
	}
	b, err := json.Marshal(uaPlanned{V: uaPlannedVersion, Key: uaPlannedKey(raw, state, types), SHA256: table.Digest(), Count: table.Len(), Plan: p})
	if err != nil {
		return nil
	}
	mem.noteRefreshed(uaFileKey(raw, idProperty, types))
	tflog.Debug(ctx, "planned the changed users file at refresh", map[string]any{"path": name, "users": table.Len()})
	return b
}

// uaPlannedAtRefresh is the plan the refresh noted, when it holds for the file bytes raw and
// the settings of planned, pushing onto what prior holds.
func uaPlannedAtRefresh(ctx context.Context, private privateGetter, raw string, prior, planned userAttributesModel) (uaPlanned, bool) {
	types, ok := uaTypesOf(planned)
	if !ok || !planned.UsersFile.Equal(prior.UsersFile) || !planned.AttributeTypes.Equal(prior.AttributeTypes) {
		return uaPlanned{}, false
	}
	var p uaPlanned
	key := uaPlannedKey(raw, prior, types)
	if !privateJSON(ctx, private, uaPrivatePlanned, &p) || p.V != uaPlannedVersion || p.Key != key || planned.IntegrationToken.ValueString() != prior.IntegrationToken.ValueString() ||
		planned.UserIDProperty.ValueString() != prior.UserIDProperty.ValueString() {
		return uaPlanned{}, false
	}
	return p, true
}

// uaPlanFromRefresh plans from the plan the refresh noted, when it holds and this process
// does not hold the file (the apply's plan: see uaPrivatePlanned; or one of several large
// files), and then, unless this process's own refresh noted it (a plan's process, where no
// apply follows), reads the file on another core for the apply. It reports whether it planned.
func uaPlanFromRefresh(ctx context.Context, mem *uaMemory, name, content, raw string, prior userAttributesModel, planned *userAttributesModel,
	private privateGetter, diags *diag.Diagnostics) bool {
	typesDeclared, _ := uaTypesOf(*planned)
	idProperty := planned.UserIDProperty.ValueString()
	key := uaFileKey(raw, idProperty, typesDeclared)
	if mem.fileInMemory(key) {
		return false
	}
	noted, ok := uaPlannedAtRefresh(ctx, private, raw, prior, *planned)
	if !ok {
		return false
	}
	if noted.SHA256 == prior.UsersSHA256.ValueString() { // other bytes, the same users
		planned.UsersSHA256, planned.UserCount, planned.UsersChange = prior.UsersSHA256, prior.UserCount, prior.UsersChange
		return true
	}
	if !mem.refreshedHere(key) {
		go func() {
			_, _ = uaParseFile(context.WithoutCancel(ctx), mem, name, content, raw, idProperty, typesDeclared)
		}()
	}
	planned.UsersSHA256 = types.StringValue(noted.SHA256)
	planned.UserCount = types.Int64Value(int64(noted.Count))
	planned.UsersChange = uaChange(noted.Plan, false, uaRequests(noted.Plan, false))
	uaPlanWarnings(diags, noted.Plan, "users_file")
	return true
}
