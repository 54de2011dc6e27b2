package provider_test

import (
	"fmt"
	"maps"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/walkme-community/terraform-provider-walkme/internal/acctest"
	"github.com/walkme-community/terraform-provider-walkme/internal/sandbox"
)

// These tests run the plan-time checks of TestAccSegment_planTimeErrors,
// TestAccNotificationResource_planErrors and TestAccProvider_plainHTTPRefused
// in-process, so that `go test ./...` without TF_ACC still covers them.

// wantDiags checks that diags hold an error containing every fragment.
func wantDiags(t *testing.T, name, text string, fragments ...string) {
	t.Helper()
	if text == "" {
		t.Errorf("%s: no error", name)
		return
	}
	for _, f := range fragments {
		if !strings.Contains(text, f) {
			t.Errorf("%s: diagnostics lack %q:\n%s", name, f, text)
		}
	}
}

func TestProtocolProviderConfigures(t *testing.T) {
	p := newProtoProvider(t)
	for _, typ := range []string{"walkme_segment", "walkme_user_attributes", "walkme_notification"} {
		p.resourceSchema(typ)
	}
	if diags := p.configureAgainst(acctest.NewEnv(t)); hasError(diags) {
		t.Fatalf("configuring against the sandbox: %s", diagsText(diags))
	}
}

func TestProtocolProviderPlainHTTPRefused(t *testing.T) {
	p := newProtoProvider(t)
	const url = "http://api.walkme.example"
	diags := p.configure(map[string]tftypes.Value{"api_url": tfStr(url), "client_id": tfStr("id"), "client_secret": tfStr("secret")})
	wantDiags(t, "plain http", diagsText(diags), "api_url", url, "plain http", "only https is allowed, except for loopback hosts")
}

func TestProtocolSegmentPlanErrors(t *testing.T) {
	p := newProtoProvider(t)
	if diags := p.configureAgainst(acctest.NewEnv(t)); hasError(diags) {
		t.Fatal(diagsText(diags))
	}
	dir := t.TempDir()
	long := strings.Repeat("x", 95) + "@e.com" // 101 characters
	tooLong := segWriteFile(t, dir, "long.txt", []string{"a@example.com", long})
	repeated := segWriteFile(t, dir, "repeated.txt", []string{"a@example.com", "b@example.com", "", "  a@example.com"})
	invisible := segWriteFile(t, dir, "invisible.txt", []string{"a@example.com", "\u00a0"})
	const typ = "walkme_segment"
	inline := func(ids ...string) map[string]tftypes.Value {
		return map[string]tftypes.Value{"name": tfStr("S"), "user_ids": p.strings(typ, "user_ids", ids...)}
	}
	file := func(path string) map[string]tftypes.Value {
		return map[string]tftypes.Value{"name": tfStr("S"), "user_ids_file": tfStr(path)}
	}
	both := file(repeated)
	both["user_ids"] = p.strings(typ, "user_ids", "a@example.com")
	cases := []struct {
		name      string
		attrs     map[string]tftypes.Value
		fragments []string
	}{
		{"empty ID", inline("a@example.com", ""), []string{`user ID "" is empty`}},
		{"long ID", inline(long), []string{`is 101 characters long; WalkMe allows at most 100`}},
		{"whitespace", inline(" john@example.com"), []string{`user ID " john@example.com" has leading or trailing whitespace`}},
		{"long ID in file", file(tooLong), []string{`line 2: user ID`, `is 101 characters long`}},
		{"repeated line", file(repeated), []string{`line 4: user ID "a@example.com" repeats line 1`}},
		{"invisible", file(invisible), []string{`line 2: user ID "\u00a0" has leading or trailing whitespace`}},
		{"missing file", file(filepath.Join(dir, "missing.txt")), []string{`user_ids_file "`, `missing.txt`, `no such file`}},
		{"neither", map[string]tftypes.Value{"name": tfStr("S")}, []string{`Exactly one of these attributes must be configured: [user_ids,user_ids_file]`}},
		{"both", both, []string{`Invalid Attribute Combination`, `Exactly one of these attributes must be configured: [user_ids,user_ids_file]`}},
	}
	for _, tc := range cases {
		wantDiags(t, tc.name, diagsText(p.validateThenPlanCreate(typ, tc.attrs)), tc.fragments...)
	}
	if diags := p.validateThenPlanCreate(typ, inline("a@example.com")); hasError(diags) {
		t.Errorf("a valid segment does not plan: %s", diagsText(diags))
	}
}

func TestProtocolNotificationPlanErrors(t *testing.T) {
	p := newProtoProvider(t)
	if diags := p.configureAgainst(acctest.NewEnv(t)); hasError(diags) {
		t.Fatal(diagsText(diags))
	}
	const typ = "walkme_notification"
	base := func(extra map[string]tftypes.Value) map[string]tftypes.Value {
		attrs := map[string]tftypes.Value{
			"template_id":  tfStr(sandbox.DefaultTemplateID),
			"end_user_ids": p.strings(typ, "end_user_ids", "john@example.com"),
		}
		for k, v := range extra {
			attrs[k] = v
		}
		return attrs
	}
	many := make([]string, 101)
	for i := range many {
		many[i] = "user" + strings.Repeat("x", i%7) + string(rune('a'+i%26)) + "@example.com"
	}
	noUsers := base(nil)
	delete(noUsers, "end_user_ids")
	cases := []struct {
		name      string
		attrs     map[string]tftypes.Value
		fragments []string
	}{
		{"no recipient", noUsers, []string{"Neither end_user_ids nor audience_ids names a recipient"}},
		{"too many users", base(map[string]tftypes.Value{"end_user_ids": p.strings(typ, "end_user_ids", many...)}),
			[]string{"end_user_ids lists 101 IDs", "at most 100 end users per notification"}},
		{"date format", base(map[string]tftypes.Value{"start_at": tfStr("10/05/2030")}), []string{`start_at = "10/05/2030" is not a date in an accepted format`}},
		{"hour", base(map[string]tftypes.Value{"start_at": tfStr("2030-05-10 25:00")}), []string{`start_at = "2030-05-10 25:00" is not a time: hour 25 is out of range`}},
		{"day", base(map[string]tftypes.Value{"end_at": tfStr("2030-02-30")}), []string{`end_at = "2030-02-30" is not a date: February 2030 has 28 days`}},
		{"order", base(map[string]tftypes.Value{"start_at": tfStr("2030-05-10"), "end_at": tfStr("2030-05-09 23:59")}),
			[]string{`end_at = "2030-05-09 23:59" (2030-05-09 23:59 UTC) is not after start_at = "2030-05-10"`}},
		{"type", base(map[string]tftypes.Value{"type": tfStr("banner")}), []string{`type = "banner" is not accepted`}},
		{"empty override key", base(map[string]tftypes.Value{"overrides": p.strings(typ, "overrides", "=x")}), []string{`overrides has an empty key ""`}},
		{"wrapped override key", base(map[string]tftypes.Value{"overrides": p.strings(typ, "overrides", "###URL###=x")}),
			[]string{`overrides key "###URL###" includes the ### wrapping: write "URL"`}},
		{"empty template", base(map[string]tftypes.Value{"template_id": tfStr("")}), []string{`template_id = "" is empty`}},
		{"end in the past", base(map[string]tftypes.Value{"end_at": tfStr("2020-01-01")}), []string{`end_at = "2020-01-01" (2020-01-01 00:00 UTC) is not after now`}},
	}
	for _, tc := range cases {
		wantDiags(t, tc.name, diagsText(p.validateThenPlanCreate(typ, tc.attrs)), tc.fragments...)
	}
}

func TestProtocolUserAttributesPlanErrors(t *testing.T) {
	p := newProtoProvider(t)
	if diags := p.configureAgainst(acctest.NewEnv(t)); hasError(diags) {
		t.Fatal(diagsText(diags))
	}
	const typ = "walkme_user_attributes"
	types := map[string]string{"Status": "string", "ARR": "number", "RenewalDate": "date"}
	good := uaUsers{"ann@walkme.com": {"Status": "New", "ARR": "1200"}}
	config := func(token, idProperty string, types map[string]string, users uaUsers) map[string]tftypes.Value {
		return map[string]tftypes.Value{
			"integration_token": tfStr(token),
			"user_id_property":  tfStr(idProperty),
			"attribute_types":   p.value(typ, "attribute_types", types),
			"users":             p.value(typ, "users", users),
		}
	}
	tooMany := maps.Clone(types)
	for i := range 98 {
		tooMany[fmt.Sprintf("extra%02d", i)] = "string"
	}
	badType := maps.Clone(types)
	badType["ARR"] = "integer"
	tok := sandbox.DefaultIntegrationToken
	cases := []struct {
		name      string
		attrs     map[string]tftypes.Value
		fragments []string
	}{
		{"number", config(tok, "Email", types, good.with("ann@walkme.com", "ARR", "12k")), []string{`users["ann@walkme.com"]["ARR"] = "12k"`, `attribute "ARR" is a number`}},
		{"date", config(tok, "Email", types, good.with("ann@walkme.com", "RenewalDate", "2027-02-30")), []string{`users["ann@walkme.com"]["RenewalDate"] = "2027-02-30"`, "calendar date"}},
		{"undeclared", config(tok, "Email", types, good.with("ann@walkme.com", "Nickname", "Annie")), []string{`attribute "Nickname" is not in attribute_types`}},
		{"no attributes", config(tok, "Email", types, good.with("bob@walkme.com", "", "")), []string{`users["bob@walkme.com"] has no attributes`}},
		{"empty ID", config(tok, "Email", types, good.with("", "Status", "x")), []string{`users[""]: a user ID is empty`}},
		{"too many", config(tok, "Email", tooMany, good), []string{"attribute_types declares 101 attributes", "at most 100"}},
		{"unknown type", config(tok, "Email", badType, good), []string{`attribute_types["ARR"] = "integer"`}},
		{"id property", config(tok, "", types, good), []string{`user_id_property = ""`}},
		{"conflicting names", config(tok, "Email", map[string]string{"Status": "string", "Status.code": "string"}, uaUsers{"a": {"Status": "x"}}),
			[]string{`"Status" and "Status.code"`}},
		{"empty token", config("", "Email", types, good), []string{"Empty integration token"}},
	}
	for _, tc := range cases {
		wantDiags(t, tc.name, diagsText(p.validateThenPlanCreate(typ, tc.attrs)), tc.fragments...)
	}
	if diags := p.validateThenPlanCreate(typ, config(tok, "Email", types, good)); hasError(diags) {
		t.Errorf("valid user attributes do not plan: %s", diagsText(diags))
	}
}

// TestProtocolSegmentMissingSystemGUID is TestAccSegment_missingSystemGUID
// in-process (not parallel: it clears the environment variable).
func TestProtocolSegmentMissingSystemGUID(t *testing.T) {
	t.Setenv("WALKME_SYSTEM_GUID", "")
	env := acctest.NewEnv(t)
	p := newProtoProvider(t)
	diags := p.configure(map[string]tftypes.Value{
		"api_url": tfStr(env.URL), "client_id": tfStr(sandbox.DefaultClientID), "client_secret": tfStr(sandbox.DefaultClientSecret),
	})
	if hasError(diags) {
		t.Fatal(diagsText(diags))
	}
	attrs := map[string]tftypes.Value{"name": tfStr("S"), "user_ids": p.strings("walkme_segment", "user_ids", "a@example.com")}
	wantDiags(t, "no system GUID", diagsText(p.validateThenPlanCreate("walkme_segment", attrs)), "system_guid", "WALKME_SYSTEM_GUID")
}

// TestProtocolUnknownCredentialsPlanWithoutRequests is the plan step of
// TestAccProvider_unknownCredentialsAtPlan in-process: credentials unknown at plan
// (they come from another resource) plan without error and without calling WalkMe.
func TestProtocolUnknownCredentialsPlanWithoutRequests(t *testing.T) {
	env := acctest.NewEnv(t)
	p := newProtoProvider(t)
	diags := p.configure(map[string]tftypes.Value{
		"api_url": tfStr(env.URL), "client_id": tfStr(sandbox.DefaultClientID), "system_guid": tfStr(sandbox.DefaultSystemGUID),
		"client_secret": tftypes.NewValue(tftypes.String, tftypes.UnknownValue),
	})
	if hasError(diags) {
		t.Fatal(diagsText(diags))
	}
	attrs := map[string]tftypes.Value{"name": tfStr("S"), "user_ids": p.strings("walkme_segment", "user_ids", "a@example.com")}
	if diags := p.validateThenPlanCreate("walkme_segment", attrs); hasError(diags) {
		t.Errorf("plan with unknown credentials: %s", diagsText(diags))
	}
	if reqs := env.Sandbox.Requests(); len(reqs) != 0 {
		t.Errorf("the plan sent %d requests to WalkMe, want none", len(reqs))
	}
}
