package provider_test

import (
	"context"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/walkme-community/terraform-provider-walkme/internal/acctest"
	"github.com/walkme-community/terraform-provider-walkme/internal/sandbox"
)

const uaAddr = "walkme_user_attributes.test"

// uaFileConfig renders a walkme_user_attributes resource reading users from file.
func uaFileConfig(token, idProperty string, types map[string]string, file string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "resource \"walkme_user_attributes\" \"test\" {\n  integration_token = %q\n  user_id_property  = %q\n", token, idProperty)
	b.WriteString("  attribute_types = {\n")
	for _, k := range slices.Sorted(maps.Keys(types)) {
		fmt.Fprintf(&b, "    %q = %q\n", k, types[k])
	}
	fmt.Fprintf(&b, "  }\n  users_file = %q\n}\n", file)
	return b.String()
}

// uaWriteCSV writes users as CSV with a BOM, CRLF line ends and the columns in a shuffled
// order; an absent attribute is an empty cell.
func uaWriteCSV(t *testing.T, file string, types map[string]string, users uaUsers) {
	t.Helper()
	cols := append([]string{"Status"}, "Email")
	for _, k := range slices.Sorted(maps.Keys(types)) {
		if k != "Status" {
			cols = append(cols, k)
		}
	}
	var b strings.Builder
	b.WriteString("\uFEFF")
	w := csv.NewWriter(&b)
	w.UseCRLF = true
	_ = w.Write(cols)
	for _, id := range slices.Sorted(maps.Keys(users)) {
		row := make([]string, len(cols))
		for i, c := range cols {
			if c == "Email" {
				row[i] = id
			} else {
				row[i] = users[id][c]
			}
		}
		_ = w.Write(row)
	}
	w.Flush()
	if err := os.WriteFile(file, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
}

func uaExpectChange(added, changed, forgotten, requests int64, changedSample ...string) plancheck.PlanCheck {
	checks := map[string]knownvalue.Check{
		"summary":          knownvalue.NotNull(),
		"added":            knownvalue.Int64Exact(added),
		"changed":          knownvalue.Int64Exact(changed),
		"forgotten":        knownvalue.Int64Exact(forgotten),
		"requests":         knownvalue.Int64Exact(requests),
		"added_sample":     knownvalue.NotNull(),
		"changed_sample":   knownvalue.NotNull(),
		"forgotten_sample": knownvalue.NotNull(),
	}
	if changedSample != nil {
		checks["changed_sample"] = acctest.StringList(changedSample...)
	}
	return plancheck.ExpectKnownValue(uaAddr, tfjsonpath.New("users_change"), knownvalue.ObjectExact(checks))
}

func uaNoRequests(sb *sandbox.Server) resource.TestCheckFunc {
	return func(*terraform.State) error {
		if n := len(uaPushes(sb)); n != 0 {
			return fmt.Errorf("%d End User Update requests, want none", n)
		}
		return nil
	}
}

// TestAccUserAttributesFile_csv walks a CSV users file through the real CLI: create, no-op,
// one changed user, an attribute cleared by an empty cell, a user removed, and a switch to
// inline users and back, which sends nothing.
func TestAccUserAttributesFile_csv(t *testing.T) {
	env := acctest.NewEnv(t)
	sb, tok, types := env.Sandbox, sandbox.DefaultIntegrationToken, uaDefaultTypes
	file := filepath.Join(t.TempDir(), "users.csv")
	cfg := env.Config(uaFileConfig(tok, "Email", types, file))

	u1 := uaMany(150)
	u1["quoted@walkme.com"] = map[string]string{"Status": "New, \"VIP\"\nsecond line"}
	u2 := u1.clone()
	u2["user007@walkme.com"]["Status"] = "Churned"
	u3 := u2.clone()
	delete(u3["user010@walkme.com"], "ARR")
	u4 := u3.clone()
	delete(u4, "user149@walkme.com")

	acctest.ParallelTest(t, resource.TestCase{
		Steps: []resource.TestStep{
			{
				PreConfig: func() { uaWriteCSV(t, file, types, u1) },
				Config:    cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					uaExpectChange(151, 0, 0, 3),
					plancheck.ExpectKnownValue(uaAddr, tfjsonpath.New("user_count"), knownvalue.Int64Exact(151)),
					plancheck.ExpectKnownValue(uaAddr, tfjsonpath.New("users_change").AtMapKey("added_sample"), acctest.StringList(
						"quoted@walkme.com", "user000@walkme.com", "user001@walkme.com", "user002@walkme.com", "user003@walkme.com",
						"user004@walkme.com", "user005@walkme.com", "user006@walkme.com", "user007@walkme.com", "user008@walkme.com")),
				}},
				Check: resource.ComposeAggregateTestCheckFunc(
					uaCheckRequests(sb, types, 0, 100, 51),
					uaCheckEmptyPost(sb, tok),
					uaCheckStored(sb, tok, types, u1),
					resource.TestCheckResourceAttr(uaAddr, "user_count", "151"),
					resource.TestMatchResourceAttr(uaAddr, "users_sha256", regexp.MustCompile(`^[0-9a-f]{64}$`)),
					resource.TestCheckNoResourceAttr(uaAddr, "users.%"),
					resource.TestCheckResourceAttr(uaAddr, "users_file", file),
				),
			},
			{ // nothing changed: an empty plan, nothing sent
				PreConfig: sb.ResetLog,
				Config:    cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectEmptyPlan(),
				}},
				Check: uaNoRequests(sb),
			},
			{ // one user changed: that user alone, one request
				PreConfig: func() { sb.ResetLog(); uaWriteCSV(t, file, types, u2) },
				Config:    cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(uaAddr, plancheck.ResourceActionUpdate),
					uaExpectChange(0, 1, 0, 1, "user007@walkme.com"),
				}},
				Check: resource.ComposeAggregateTestCheckFunc(
					uaCheckRequests(sb, types, 1),
					uaCheckPushedUsers(sb, "user007@walkme.com"),
					uaCheckStored(sb, tok, types, u2),
				),
			},
			{ // an attribute cleared by an empty cell: sent beside an unchanged user, so WalkMe deletes it
				PreConfig: func() { sb.ResetLog(); uaWriteCSV(t, file, types, u3) },
				Config:    cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					uaExpectChange(0, 1, 0, 1, "user010@walkme.com"),
				}},
				Check: resource.ComposeAggregateTestCheckFunc(
					uaCheckPushedWithCompanion(sb, "user010@walkme.com", uaUnchanged(u2, u3)),
					uaCheckStored(sb, tok, types, u3),
				),
			},
			{ // a user removed from the file: forgotten, WalkMe keeps it, nothing sent
				PreConfig: func() { sb.ResetLog(); uaWriteCSV(t, file, types, u4) },
				Config:    cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					uaExpectChange(0, 0, 1, 0),
					plancheck.ExpectKnownValue(uaAddr, tfjsonpath.New("users_change").AtMapKey("forgotten_sample"), acctest.StringList("user149@walkme.com")),
				}},
				Check: resource.ComposeAggregateTestCheckFunc(
					uaNoRequests(sb),
					uaCheckStored(sb, tok, types, u3),
					resource.TestCheckResourceAttr(uaAddr, "user_count", "150"),
				),
			},
			{ // the same users inline: nothing sent again
				PreConfig: sb.ResetLog,
				Config:    env.Config(uaConfig(tok, "Email", types, u4)),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(uaAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(uaAddr, tfjsonpath.New("users_sha256"), knownvalue.Null()),
				}},
				Check: resource.ComposeAggregateTestCheckFunc(
					uaNoRequests(sb),
					resource.TestCheckResourceAttr(uaAddr, "users.%", "150"),
					resource.TestCheckNoResourceAttr(uaAddr, "users_sha256"),
				),
			},
			{ // and back to the file, with one change: only that user is sent
				PreConfig: func() {
					sb.ResetLog()
					u4["user020@walkme.com"]["Status"] = "Back"
					uaWriteCSV(t, file, types, u4)
				},
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					uaExpectChange(0, 1, 0, 1, "user020@walkme.com"),
				}},
				Check: resource.ComposeAggregateTestCheckFunc(
					uaCheckPushedUsers(sb, "user020@walkme.com"),
					uaCheckStored(sb, tok, types, u4),
				),
			},
		},
	})
}

// TestAccUserAttributesFile_jsonl: JSON Lines with typed numbers and nested objects for
// dotted names, pushed typed and nested.
func TestAccUserAttributesFile_jsonl(t *testing.T) {
	env := acctest.NewEnv(t)
	sb, tok, types := env.Sandbox, sandbox.DefaultIntegrationToken, uaDefaultTypes
	file := filepath.Join(t.TempDir(), "users.ndjson")
	content := `{"Email": "ann@walkme.com", "ARR": 1200.5, "account": {"tier": "gold"}, "RenewalDate": "2027-01-31"}` + "\n" +
		`{"Email": "bob@walkme.com", "Status": "New", "account.tier": "silver"}` + "\r\n\n"
	if err := os.WriteFile(file, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	want := uaUsers{
		"ann@walkme.com": {"ARR": "1200.5", "account.tier": "gold", "RenewalDate": "2027-01-31"},
		"bob@walkme.com": {"Status": "New", "account.tier": "silver"},
	}
	acctest.ParallelTest(t, resource.TestCase{
		Steps: []resource.TestStep{
			{
				Config: env.Config(uaFileConfig(tok, "Email", types, file)),
				Check: resource.ComposeAggregateTestCheckFunc(
					uaCheckRequests(sb, types, 0, 2),
					uaCheckStored(sb, tok, types, want),
					resource.TestCheckResourceAttr(uaAddr, "user_count", "2"),
				),
			},
			{ // the same users inline: the same digest would be planned, nothing sent
				PreConfig: sb.ResetLog,
				Config:    env.Config(uaConfig(tok, "Email", types, want)),
				Check:     uaNoRequests(sb),
			},
		},
	})
}

// TestAccUserAttributesFile_changedAfterPlan: a file that changes between plan and apply
// fails the apply with one clear error, and nothing is sent.
func TestAccUserAttributesFile_changedAfterPlan(t *testing.T) {
	env := acctest.NewEnv(t)
	sb, tok, types := env.Sandbox, sandbox.DefaultIntegrationToken, uaDefaultTypes
	file := filepath.Join(t.TempDir(), "users.csv")
	cfg := env.Config(uaFileConfig(tok, "Email", types, file))
	u1 := uaMany(5)
	u2 := u1.clone()
	u2["user001@walkme.com"]["Status"] = "Planned"
	u3 := u1.clone()
	u3["user002@walkme.com"]["Status"] = "Sneaked in"
	acctest.ParallelTest(t, resource.TestCase{
		Steps: []resource.TestStep{
			{PreConfig: func() { uaWriteCSV(t, file, types, u1) }, Config: cfg},
			{
				PreConfig: func() { sb.ResetLog(); uaWriteCSV(t, file, types, u2) },
				Config:    cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					uaExpectChange(0, 1, 0, 1, "user001@walkme.com"),
					acctest.BetweenPlanAndApply(func() { uaWriteCSV(t, file, types, u3) }),
				}},
				ExpectError: acctest.Phrases("Users file changed since the plan", "Nothing was sent", "plan again"),
			},
			{
				PreConfig: func() {
					if n := len(uaPushes(sb)); n != 0 {
						t.Errorf("the failed apply sent %d requests", n)
					}
				},
				Config: cfg,
				Check: resource.ComposeAggregateTestCheckFunc(
					uaCheckPushedUsers(sb, "user002@walkme.com"),
					uaCheckStored(sb, tok, types, u3),
				),
			},
		},
	})
}

// TestAccUserAttributesFile_changedAfterPlanOneError: the error about a changed file is the
// only error: none of Terraform's "Provider produced inconsistent final plan".
func TestAccUserAttributesFile_changedAfterPlanOneError(t *testing.T) {
	env := acctest.NewEnv(t)
	tok, types := sandbox.DefaultIntegrationToken, uaDefaultTypes
	file := filepath.Join(t.TempDir(), "users.csv")
	cfg := env.Config(uaFileConfig(tok, "Email", types, file))
	u1 := uaMany(3)
	u2 := u1.clone()
	u2["user001@walkme.com"]["Status"] = "Planned"
	u3 := u1.clone()
	delete(u3, "user002@walkme.com")
	acctest.ParallelTest(t, resource.TestCase{
		Steps: []resource.TestStep{
			{PreConfig: func() { uaWriteCSV(t, file, types, u1) }, Config: cfg},
			{
				PreConfig: func() { uaWriteCSV(t, file, types, u2) },
				Config:    cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					acctest.BetweenPlanAndApply(func() { uaWriteCSV(t, file, types, u3) }),
				}},
				// "inco" nowhere: none of Terraform's "Provider produced inconsistent final plan".
				ExpectError: regexp.MustCompile(`(?s)^(?:[^i]|i[^n]|in[^c]|inc[^o])*Users file changed since the plan(?:[^i]|i[^n]|in[^c]|inc[^o])*$`),
			},
		},
	})
}

// TestAccUserAttributesFile_partialFailure: part of an apply fails; the state records exactly
// the users WalkMe accepted, the next plan shows the rest, the next apply sends it.
func TestAccUserAttributesFile_partialFailure(t *testing.T) {
	env := acctest.NewEnv(t)
	sb, tok, types := env.Sandbox, sandbox.DefaultIntegrationToken, uaDefaultTypes
	file := filepath.Join(t.TempDir(), "users.csv")
	cfg := env.Config(uaFileConfig(tok, "Email", types, file))
	u1 := uaMany(150)
	u2 := u1.clone()
	for _, a := range u2 {
		a["Status"] = "Renewed"
	}
	var accepted map[string]bool
	acctest.ParallelTest(t, resource.TestCase{
		Steps: []resource.TestStep{
			{PreConfig: func() { uaWriteCSV(t, file, types, u1) }, Config: cfg},
			{
				PreConfig: func() {
					sb.ResetLog()
					uaWriteCSV(t, file, types, u2)
					sb.InjectFault(sandbox.Fault{Endpoint: "userdata.push", Skip: 1, Times: 50, Status: 503})
				},
				Config:      cfg,
				ExpectError: acctest.Phrases("failed", "WalkMe accepted", "(1 request) and they are recorded; the next apply sends the rest."),
			},
			{
				PreConfig: func() {
					accepted = uaAcceptedUsers(sb)
					sb.ClearFaults()
					sb.ResetLog()
				},
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					// Only the users not accepted: 150 less one request's.
					plancheck.ExpectKnownValue(uaAddr, tfjsonpath.New("users_change").AtMapKey("requests"), knownvalue.Int64Exact(1)),
				}},
				Check: resource.ComposeAggregateTestCheckFunc(
					uaCheckPushedTheRest(sb, u2, &accepted),
					uaCheckStored(sb, tok, types, u2),
				),
			},
		},
	})
}

// TestAccUserAttributesFile_errors: problems in a file stop the plan, naming the file, the
// line, the column or key and the value; nothing is sent.
func TestAccUserAttributesFile_errors(t *testing.T) {
	env := acctest.NewEnv(t)
	dir := t.TempDir()
	tok, types := sandbox.DefaultIntegrationToken, uaDefaultTypes
	cases := []struct{ name, content, want string }{
		{"bad.csv", "Email,ARR\na@x.com,1\nb@x.com,12x\n", `users_file " ... bad.csv" ... line 3, column 2 ("ARR"): "12x" ... number`},
		{"dup.csv", "Email,Status\na@x.com,x\nb@x.com,y\na@x.com,z\n", `dup.csv ... line 4: user ID "a@x.com" is repeated: it is also on line 2`},
		{"undeclared.csv", "Email,Plan\na@x.com,x\n", `line 1, column 2: header "Plan" is not an attribute in attribute_types`},
		{"date.jsonl", "{\"Email\":\"a@x.com\",\"RenewalDate\":\"2027-02-30\"}\n", `date.jsonl ... line 1, key "RenewalDate": "2027-02-30"`},
		{"null.jsonl", "\n{\"Email\":\"a@x.com\",\"Status\":null}\n", `line 2, key "Status": null`},
		{"users.json", "{}", `users_file " ... users.json": unknown format`},
	}
	var steps []resource.TestStep
	for _, c := range cases {
		file := filepath.Join(dir, c.name)
		if err := os.WriteFile(file, []byte(c.content), 0o600); err != nil {
			t.Fatal(err)
		}
		steps = append(steps, resource.TestStep{
			Config: env.Config(uaFileConfig(tok, "Email", types, file)), PlanOnly: true, ExpectError: acctest.Phrases(c.want),
		})
	}
	steps = append(steps, resource.TestStep{
		Config:      env.Config(uaFileConfig(tok, "Email", types, filepath.Join(dir, "missing.csv"))),
		PlanOnly:    true,
		ExpectError: acctest.Phrases("Cannot read users_file", "missing.csv"),
	}, resource.TestStep{
		Config: env.Config(strings.Replace(uaConfig(tok, "Email", types, uaMany(2)), "users = {",
			fmt.Sprintf("users_file = %q\n  users = {", filepath.Join(dir, "bad.csv")), 1)),
		PlanOnly:    true,
		ExpectError: acctest.Phrases("Invalid Attribute Combination", "Exactly one of these attributes must be configured: [users,users_file]"),
	})
	acctest.ParallelTest(t, resource.TestCase{Steps: steps})
	if n := env.Sandbox.Count("userdata.push"); n != 0 {
		t.Fatalf("invalid files sent %d requests", n)
	}
}

// TestUserAttributesFileNoOpPlanDoesNotParse: a plan whose users file holds the bytes
// applied last keeps the state's values without parsing the file. The file here would not
// parse (a bad number), so any parse would fail the plan; the same file with a record of
// other bytes does fail it.
func TestUserAttributesFileNoOpPlanDoesNotParse(t *testing.T) {
	env := acctest.NewEnv(t)
	p := newUAProtocol(t, env)
	file := filepath.Join(t.TempDir(), "users.csv")
	content := "Email,ARR\na@x.com,12x\n"
	if err := os.WriteFile(file, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	const digest = "0000000000000000000000000000000000000000000000000000000000000abc"
	obj := p.typ.(tftypes.Object)
	str := func(s string) tftypes.Value { return tftypes.NewValue(tftypes.String, s) }
	state := tftypes.NewValue(p.typ, map[string]tftypes.Value{
		"id": str("abc"), "integration_token": str(sandbox.DefaultIntegrationToken), "user_id_property": str("Email"),
		"attribute_types": tftypes.NewValue(tftypes.Map{ElementType: tftypes.String}, map[string]tftypes.Value{"ARR": str("number")}),
		"users":           tftypes.NewValue(obj.AttributeTypes["users"], nil),
		"users_file":      str(file),
		"users_sha256":    str(digest),
		"user_count":      tftypes.NewValue(tftypes.Number, 1),
		"users_change":    tftypes.NewValue(obj.AttributeTypes["users_change"], nil),
	})
	dv, err := tfprotov6.NewDynamicValue(p.typ, state)
	if err != nil {
		t.Fatal(err)
	}
	plan := func(raw string) []*tfprotov6.Diagnostic {
		rec := fmt.Sprintf(`{"v":1,"raw_sha256":%q,"sha256":%q}`, raw, digest)
		private, _ := json.Marshal(map[string][]byte{"users_file": []byte(rec)})
		resp, err := p.srv.PlanResourceChange(context.Background(), &tfprotov6.PlanResourceChangeRequest{
			TypeName: "walkme_user_attributes", PriorState: &dv, ProposedNewState: &dv, Config: &dv, PriorPrivate: private,
		})
		if err != nil {
			t.Fatal(err)
		}
		return resp.Diagnostics
	}
	sum := sha256.Sum256([]byte(content))
	if diags := plan(hex.EncodeToString(sum[:])); len(diags) != 0 {
		t.Fatalf("the bytes applied last were parsed: %+v", diags[0])
	}
	diags := plan(strings.Repeat("1", 64))
	if len(diags) == 0 || !strings.Contains(diags[0].Detail, `"12x"`) {
		t.Fatalf("other bytes were not parsed: %+v", diags)
	}
}

// TestAccUserAttributesFile_twoFiles: two resources, each with its own file, changed in the
// same apply. A provider process holds one parsed file at a time, so each step plans and
// applies at least one of them from what the refresh noted rather than from memory: each
// sends its one changed user, and WalkMe holds both files' values.
func TestAccUserAttributesFile_twoFiles(t *testing.T) {
	env := acctest.NewEnv(t)
	sb, tok, types := env.Sandbox, sandbox.DefaultIntegrationToken, uaDefaultTypes
	dir := t.TempDir()
	fileA, fileB := filepath.Join(dir, "a.csv"), filepath.Join(dir, "b.csv")
	config := func(name, file string) string {
		return strings.Replace(uaFileConfig(tok, "Email", types, file), `"test"`, fmt.Sprintf("%q", name), 1)
	}
	cfg := env.Config(config("a", fileA) + config("b", fileB))
	a1, b1 := uaMany(150), uaUsers{}
	for id, attrs := range uaMany(120) {
		b1["b-"+id] = attrs
	}
	a2, b2 := a1.clone(), b1.clone()
	a2["user007@walkme.com"]["Status"] = "Churned"
	b2["b-user100@walkme.com"]["Status"] = "Churned"
	changedOne := func(addr, id string) plancheck.PlanCheck {
		return plancheck.ExpectKnownValue(addr, tfjsonpath.New("users_change"), knownvalue.ObjectPartial(map[string]knownvalue.Check{
			"changed": knownvalue.Int64Exact(1), "requests": knownvalue.Int64Exact(1), "changed_sample": acctest.StringList(id),
		}))
	}
	acctest.ParallelTest(t, resource.TestCase{
		Steps: []resource.TestStep{
			{
				PreConfig: func() { uaWriteCSV(t, fileA, types, a1); uaWriteCSV(t, fileB, types, b1) },
				Config:    cfg,
				Check:     resource.ComposeAggregateTestCheckFunc(uaCheckStored(sb, tok, types, a1), uaCheckStored(sb, tok, types, b1)),
			},
			{
				PreConfig: func() { sb.ResetLog(); uaWriteCSV(t, fileA, types, a2); uaWriteCSV(t, fileB, types, b2) },
				Config:    cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					changedOne("walkme_user_attributes.a", "user007@walkme.com"),
					changedOne("walkme_user_attributes.b", "b-user100@walkme.com"),
				}},
				Check: resource.ComposeAggregateTestCheckFunc(
					uaCheckRequests(sb, types, 1, 1),
					uaCheckStored(sb, tok, types, a2),
					uaCheckStored(sb, tok, types, b2),
					resource.TestCheckResourceAttr("walkme_user_attributes.a", "user_count", "150"),
					resource.TestCheckResourceAttr("walkme_user_attributes.b", "user_count", "120"),
				),
			},
			{
				PreConfig: sb.ResetLog,
				Config:    cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectEmptyPlan(),
				}},
				Check: uaNoRequests(sb),
			},
		},
	})
}
