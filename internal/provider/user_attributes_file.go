package provider

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/walkme-community/terraform-provider-walkme/internal/membership"
	"github.com/walkme-community/terraform-provider-walkme/internal/regularfile"
	"github.com/walkme-community/terraform-provider-walkme/internal/userattrs"
)

// Private state of walkme_user_attributes in file mode. The users pushed are never a rendered
// attribute: Terraform renders and compares maps element by element, which is what makes a
// plan of 100,000 inline users take minutes.
const (
	// uaPrivateUsers holds what WalkMe accepted, userattrs.Encode'd.
	uaPrivateUsers = "users"
	// uaPrivateFile holds the fileRecord of the users file last applied in full.
	uaPrivateFile = "users_file"
	// uaPrivateSeen holds the raw digest of the users file as the last refresh read it.
	uaPrivateSeen = "users_file_seen"
	// uaFileRecordVersion changes whenever the parsing rules do, so that a file parsed by
	// an older provider is parsed (and validated) again.
	uaFileRecordVersion = 1
	// uaMaxFileBytes bounds a users file: a million users with ten attributes is about
	// 150 MB of CSV.
	uaMaxFileBytes = 1 << 30
	// uaInlineWarnAbove is where Terraform's and the framework's element-by-element handling
	// of the users map costs seconds per plan.
	uaInlineWarnAbove = 1000
)

var uaChangeAttrTypes = map[string]attr.Type{
	"summary":          types.StringType,
	"requests":         types.Int64Type,
	"added":            types.Int64Type,
	"changed":          types.Int64Type,
	"forgotten":        types.Int64Type,
	"added_sample":     types.ListType{ElemType: types.StringType},
	"changed_sample":   types.ListType{ElemType: types.StringType},
	"forgotten_sample": types.ListType{ElemType: types.StringType},
}

// uaReadFile reads a users file: a regular file of at most uaMaxFileBytes.
func uaReadFile(name string) (string, error) {
	content, err := regularfile.Read(name, uaMaxFileBytes)
	if err != nil {
		return "", fmt.Errorf("users_file %q: %w", name, err)
	}
	return content, nil
}

// uaParseFile parses a users file's content (raw: its RawDigest) into a table, with the
// file's name in every error. The table is remembered for the same bytes and settings:
// `terraform apply` plans the resource again, then applies it, in the same process.
func uaParseFile(ctx context.Context, mem *uaMemory, name, content, raw, idProperty string, types map[string]string) (*userattrs.Table, error) {
	return mem.parseOnce(uaFileKey(raw, idProperty, types), func() (*userattrs.Table, error) {
		format, err := userattrs.FormatOf(name)
		if err != nil {
			return nil, fmt.Errorf("users_file %q: %w", name, err)
		}
		table, err := userattrs.ParseTable(format, content, idProperty, types)
		if err != nil {
			var fe *userattrs.FileError
			if errors.As(err, &fe) {
				return nil, fmt.Errorf("users_file %q:\n%w", name, err)
			}
			return nil, fmt.Errorf("users_file %q: %w", name, err)
		}
		tflog.Debug(ctx, "parsed users file", map[string]any{"path": name, "users": table.Len()})
		return table, nil
	})
}

// uaPriorUsers is what WalkMe holds according to the state: the state's users in inline mode,
// the private state in file mode. false when it cannot be known (missing or corrupt private
// state, which an edited state could cause): then every declared user is sent again.
//
// like, when known, is what the configuration declares: users unchanged from it share its maps,
// which makes decoding and planning 100,000 mostly unchanged users much cheaper.
func uaPriorUsers(ctx context.Context, mem *uaMemory, state userAttributesModel, private privateGetter, like map[string]map[string]string) (map[string]map[string]string, bool) {
	if state.UsersFile.IsNull() {
		c, err := uaKnownConfig(state)
		return c.Users, err == nil
	}
	if users, ok := mem.cachedPrior(state.UsersSHA256.ValueString()); ok {
		return users, true
	}
	raw, ok := uaStoredUsers(ctx, private)
	if !ok {
		return nil, false
	}
	users, digest, err := userattrs.DecodeLike(raw, like)
	if err != nil {
		uaWarnUnreadable(ctx, err)
		return nil, false
	}
	mem.cachePrior(digest, users)
	if digest != state.UsersSHA256.ValueString() {
		uaWarnMismatch(ctx)
		return nil, false
	}
	return users, true
}

// uaPlanFromPrior plans the push from what the state says WalkMe holds (see uaPriorUsers) to
// the users of a file. Users pushed from a file are compared in their stored form, which
// opened (uaOpenPrior's, or nil to open it here) returns, never decoded
// (userattrs.Stored.Plan): a plan of a changed 100,000-user file would otherwise spend
// twice as long decoding them into maps as planning.
func uaPlanFromPrior(ctx context.Context, mem *uaMemory, prior userAttributesModel, private privateGetter, desired userattrs.TableConfig,
	opened func() (*userattrs.Stored, bool)) userattrs.Plan {
	c := userattrs.Config{UserIDProperty: prior.UserIDProperty.ValueString()}
	var ok bool
	if c.Types, ok = uaTypesOf(prior); !ok {
		return userattrs.NewTablePlan(c, desired)
	}
	key := uaPlanKey(prior, c.Types, desired)
	if p, ok := mem.cachedPlan(key, desired.Users); ok {
		return p
	}
	if opened == nil {
		opened = uaOpenPrior(ctx, mem, prior, private)
	}
	if opened != nil {
		st, ok := opened()
		if !ok {
			return userattrs.NewTablePlan(c, desired)
		}
		p, digest, err := st.Plan(c.UserIDProperty, c.Types, desired)
		switch {
		case err != nil:
			uaWarnUnreadable(ctx, err)
			return userattrs.NewTablePlan(c, desired)
		case digest != "" && digest != prior.UsersSHA256.ValueString():
			uaWarnMismatch(ctx)
			return userattrs.NewTablePlan(c, desired)
		}
		mem.cachePlan(key, desired.Users, p)
		return p
	}
	c.Users, _ = uaPriorUsers(ctx, mem, prior, private, nil)
	return userattrs.NewTablePlan(c, desired)
}

// uaOpenPrior starts unpacking the users pushed from a file, from private state, on another
// core, while the file is read; the func it returns waits for them (false, having warned,
// when they cannot be read). It returns nil where the plan does not compare with stored
// users: users inline before, types unknown, or the users already decoded in this process.
func uaOpenPrior(ctx context.Context, mem *uaMemory, prior userAttributesModel, private privateGetter) func() (*userattrs.Stored, bool) {
	if _, known := uaTypesOf(prior); prior.UsersFile.IsNull() || !known {
		return nil
	}
	if _, cached := mem.cachedPrior(prior.UsersSHA256.ValueString()); cached {
		return nil
	}
	raw, ok := uaStoredUsers(ctx, private)
	if !ok {
		return func() (*userattrs.Stored, bool) { return nil, false }
	}
	var st *userattrs.Stored
	var err error
	done := make(chan struct{})
	go func() {
		defer close(done)
		st, err = userattrs.OpenStored(raw)
	}()
	return func() (*userattrs.Stored, bool) {
		<-done
		if err != nil {
			uaWarnUnreadable(ctx, err)
			return nil, false
		}
		return st, true
	}
}

// uaStoredUsers is the private state's record of the users pushed from a file, or false
// (with a warning) when there is none.
func uaStoredUsers(ctx context.Context, private privateGetter) ([]byte, bool) {
	if private == nil {
		return nil, false
	}
	raw, diags := private.GetKey(ctx, uaPrivateUsers)
	if diags.HasError() || len(raw) == 0 {
		tflog.Warn(ctx, "no pushed users in private state; the next apply sends every user")
		return nil, false
	}
	return raw, true
}

func uaWarnUnreadable(ctx context.Context, err error) {
	tflog.Warn(ctx, "unreadable pushed users in private state; the next apply sends every user", map[string]any{"error": err.Error()})
}

func uaWarnMismatch(ctx context.Context) {
	tflog.Warn(ctx, "pushed users in private state do not match users_sha256; the next apply sends every user")
}

// uaChange summarises a plan for the reviewer. requests counts every request the apply sends.
func uaChange(p userattrs.Plan, creating bool, requests int) types.Object {
	changed := append(append([]string(nil), p.Changed...), p.Removing...)
	verb := "update"
	if creating {
		verb = "create"
	}
	summary := fmt.Sprintf("%s: add %d, change %d, forget %d users in %s", verb, len(p.Added), len(changed),
		len(p.Forgotten), uaPlural(requests, "request", "requests"))
	return types.ObjectValueMust(uaChangeAttrTypes, map[string]attr.Value{
		"summary":          types.StringValue(summary),
		"requests":         types.Int64Value(int64(requests)),
		"added":            types.Int64Value(int64(len(p.Added))),
		"changed":          types.Int64Value(int64(len(changed))),
		"forgotten":        types.Int64Value(int64(len(p.Forgotten))),
		"added_sample":     stringList(membership.Sample(p.Added, sampleSize)),
		"changed_sample":   stringList(membership.Sample(uaSorted(changed), sampleSize)),
		"forgotten_sample": stringList(membership.Sample(p.Forgotten, sampleSize)),
	})
}

func uaSorted(ids []string) []string {
	out := append([]string(nil), ids...)
	slices.Sort(out)
	return out
}

// uaRequests is how many requests an apply of p sends: its batches, and on create the empty
// post that makes the integration's fields available for segmentation.
func uaRequests(p userattrs.Plan, creating bool) int {
	if creating {
		return len(p.Batches) + 1
	}
	return len(p.Batches)
}

// uaFileChangedError is the one error for a users file that changed between plan and apply.
func uaFileChangedError(diags *diag.Diagnostics, name string) {
	diags.AddAttributeError(path.Root("users_file"), "Users file changed since the plan",
		fmt.Sprintf("users_file %q no longer holds what terraform plan read: it changed after the plan was made. "+
			"Nothing was sent. Run terraform plan again to review the new content, then apply that plan. "+
			"(If that plan was made with -refresh=false, plan once with refresh.)", name))
}

// uaFileMoved reports whether the file read at the last refresh (seen) differs both from the
// file applied last and from the file now: then the plan this apply carries out was made from
// a file that has changed since. Refresh (during plan) records seen; apply re-plans with that
// refreshed state, so this tells the apply's re-plan from the plan without Terraform's help.
func uaFileMoved(ctx context.Context, private privateGetter, raw string) bool {
	var seen string
	privateJSON(ctx, private, uaPrivateSeen, &seen)
	return fileChangedSinceRefresh(seen, appliedFileRaw(ctx, private, uaPrivateFile), raw)
}
