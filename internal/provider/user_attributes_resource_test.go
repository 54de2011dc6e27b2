package provider_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/walkme-community/terraform-provider-walkme/internal/acctest"
	"github.com/walkme-community/terraform-provider-walkme/internal/sandbox"
)

// uaUsers is a users map for tests: user ID → attribute → value.
type uaUsers map[string]map[string]string

func (u uaUsers) clone() uaUsers {
	out := uaUsers{}
	for id, a := range u {
		out[id] = maps.Clone(a)
	}
	return out
}

// with is a copy of u with users[id][attr] = v; an attr of "" adds id without attributes.
func (u uaUsers) with(id, attr, v string) uaUsers {
	out := u.clone()
	if out[id] == nil {
		out[id] = map[string]string{}
	}
	if attr != "" {
		out[id][attr] = v
	}
	return out
}

var uaDefaultTypes = map[string]string{"Status": "string", "ARR": "number", "RenewalDate": "date", "account.tier": "string"}

// uaConfig renders a walkme_user_attributes resource; keys are sorted so configs are stable.
func uaConfig(token, idProperty string, types map[string]string, users uaUsers) string {
	var b strings.Builder
	fmt.Fprintf(&b, "resource \"walkme_user_attributes\" \"test\" {\n  integration_token = %q\n  user_id_property  = %q\n", token, idProperty)
	b.WriteString("  attribute_types = {\n")
	for _, k := range slices.Sorted(maps.Keys(types)) {
		fmt.Fprintf(&b, "    %q = %q\n", k, types[k])
	}
	b.WriteString("  }\n  users = {\n")
	for _, id := range slices.Sorted(maps.Keys(users)) {
		fmt.Fprintf(&b, "    %q = {", id)
		for _, k := range slices.Sorted(maps.Keys(users[id])) {
			fmt.Fprintf(&b, " %q = %q,", k, users[id][k])
		}
		b.WriteString(" }\n")
	}
	b.WriteString("  }\n}\n")
	return b.String()
}

func uaMany(n int) uaUsers {
	u := uaUsers{}
	for i := range n {
		u[fmt.Sprintf("user%03d@walkme.com", i)] = map[string]string{
			"Status":       []string{"New", "Active", "Retired"}[i%3],
			"ARR":          []string{strconv.Itoa(1000 + i), "-12.5", "123456789.125", "0"}[i%4],
			"RenewalDate":  fmt.Sprintf("2027-%02d-%02d", 1+i%12, 1+i%28),
			"account.tier": []string{"gold", "silver"}[i%2],
		}
	}
	return u
}

// uaPushes returns the End User Update requests the sandbox saw since its log was reset.
func uaPushes(sb *sandbox.Server) []sandbox.RequestRecord {
	var out []sandbox.RequestRecord
	for _, r := range sb.Requests() {
		if r.Endpoint == "userdata.push" {
			out = append(out, r)
		}
	}
	return out
}

// uaCheckRequests asserts the record counts of the requests sent (in any order: requests go
// out concurrently; 0 is the empty post of a create), that WalkMe accepted every one of them
// and ignored nothing, and that every record is typed and nested as declared.
func uaCheckRequests(sb *sandbox.Server, types map[string]string, records ...int) resource.TestCheckFunc {
	return func(*terraform.State) error {
		reqs := uaPushes(sb)
		var got []int
		for _, r := range reqs {
			got = append(got, r.Records)
		}
		slices.Sort(got)
		records = slices.Sorted(slices.Values(records))
		if !slices.Equal(got, records) {
			return fmt.Errorf("requests with %v records, want %v", got, records)
		}
		for i, r := range reqs {
			if r.Status != 200 || r.Ignored || len(r.Notes) > 0 {
				return fmt.Errorf("request %d: status %d, ignored %v (%s), notes %v", i, r.Status, r.Ignored, r.IgnoreReason, r.Notes)
			}
			if err := uaCheckBody(r.Body, types); err != nil {
				return fmt.Errorf("request %d: %w", i, err)
			}
		}
		return nil
	}
}

// uaCheckBody checks each record: user ID a string, numbers JSON numbers, dates YYYY-MM-DD
// strings, dotted names nested, nothing null.
func uaCheckBody(body json.RawMessage, types map[string]string) error {
	if body == nil {
		return fmt.Errorf("no body recorded")
	}
	if bytes.Contains(body, []byte("null")) {
		return fmt.Errorf("body contains null: %s", body)
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var req struct {
		Data []map[string]any `json:"data"`
	}
	if err := dec.Decode(&req); err != nil {
		return err
	}
	date := regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)
	for i, rec := range req.Data {
		if _, ok := rec["Email"].(string); !ok {
			return fmt.Errorf("data[%d] has no string Email: %v", i, rec)
		}
		for name, typ := range types {
			v, ok := uaLookupDotted(rec, name)
			if !ok {
				continue
			}
			switch typ {
			case "number":
				if _, ok := v.(json.Number); !ok {
					return fmt.Errorf("data[%d].%s = %#v is not a JSON number", i, name, v)
				}
			case "date":
				if s, ok := v.(string); !ok || !date.MatchString(s) {
					return fmt.Errorf("data[%d].%s = %#v is not a YYYY-MM-DD string", i, name, v)
				}
			default:
				if _, ok := v.(string); !ok {
					return fmt.Errorf("data[%d].%s = %#v is not a string", i, name, v)
				}
			}
		}
		for k := range rec {
			if strings.Contains(k, ".") {
				return fmt.Errorf("data[%d] has the literal dotted key %q; dotted names must be nested", i, k)
			}
		}
	}
	return nil
}

func uaLookupDotted(rec map[string]any, name string) (any, bool) {
	var cur any = rec
	for _, part := range strings.Split(name, ".") {
		m, ok := cur.(map[string]any)
		if !ok {
			return nil, false
		}
		if cur, ok = m[part]; !ok {
			return nil, false
		}
	}
	return cur, true
}

// uaCheckStored asserts that WalkMe holds exactly the declared values for these users.
func uaCheckStored(sb *sandbox.Server, token string, types map[string]string, users uaUsers) resource.TestCheckFunc {
	return func(*terraform.State) error {
		for id, attrs := range users {
			got, ok := sb.UserAttributes(token, id)
			if !ok {
				return fmt.Errorf("WalkMe has no attributes for %q", id)
			}
			want := map[string]any{}
			for name, v := range attrs {
				want[name] = v
				if types[name] == "number" {
					f, _ := strconv.ParseFloat(v, 64)
					want[name] = f
				}
			}
			if !maps.Equal(got, want) {
				return fmt.Errorf("WalkMe holds %v for %q, the config says %v", got, id, want)
			}
		}
		return nil
	}
}

// uaCheckPushedTheRest checks that a failed apply had WalkMe accept one request's users (50
// or 100, *accepted, read after it), and that this apply pushed exactly the other users.
func uaCheckPushedTheRest(sb *sandbox.Server, users uaUsers, accepted *map[string]bool) resource.TestCheckFunc {
	return func(*terraform.State) error {
		if n := len(*accepted); n != 50 && n != 100 {
			return fmt.Errorf("WalkMe accepted %d users in the failed apply, want one request's (50 or 100)", n)
		}
		var rest []string
		for id := range users {
			if !(*accepted)[id] {
				rest = append(rest, id)
			}
		}
		return uaCheckPushedUsers(sb, rest...)(nil)
	}
}

func uaCheckPushedUsers(sb *sandbox.Server, want ...string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		var got []string
		for _, r := range uaPushes(sb) {
			var body struct {
				Data []struct{ Email string } `json:"data"`
			}
			if err := json.Unmarshal(r.Body, &body); err != nil {
				return err
			}
			for _, d := range body.Data {
				got = append(got, d.Email)
			}
		}
		slices.Sort(got)
		if want = slices.Sorted(slices.Values(want)); !slices.Equal(got, want) {
			return fmt.Errorf("pushed users %v, want %v", got, want)
		}
		return nil
	}
}

// uaCheckEmptyPost asserts that the first End User Update request was WalkMe's documented
// empty post: the integration token and "data": [], nothing else.
func uaCheckEmptyPost(sb *sandbox.Server, token string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		reqs := uaPushes(sb)
		if len(reqs) == 0 {
			return fmt.Errorf("no End User Update request")
		}
		var body map[string]any
		if err := json.Unmarshal(reqs[0].Body, &body); err != nil {
			return fmt.Errorf("first request: %w", err)
		}
		data, ok := body["data"].([]any)
		if len(body) != 2 || body["token"] != token || !ok || len(data) != 0 || reqs[0].Status != 200 {
			return fmt.Errorf("first request is not the empty post: status %d, body %s", reqs[0].Status, reqs[0].Body)
		}
		return nil
	}
}

// uaCheckPushedWithCompanion asserts one request of two records: user, and any one of the
// unchanged users beside it (which one is the provider's choice).
func uaCheckPushedWithCompanion(sb *sandbox.Server, user string, unchanged map[string]bool) resource.TestCheckFunc {
	return func(*terraform.State) error {
		reqs := uaPushes(sb)
		if len(reqs) != 1 {
			return fmt.Errorf("%d requests, want 1", len(reqs))
		}
		var body struct {
			Data []struct{ Email string } `json:"data"`
		}
		if err := json.Unmarshal(reqs[0].Body, &body); err != nil {
			return err
		}
		if len(body.Data) != 2 {
			return fmt.Errorf("%d records, want %q and one unchanged user", len(body.Data), user)
		}
		a, b := body.Data[0].Email, body.Data[1].Email
		if b == user {
			a, b = b, a
		}
		if a != user || !unchanged[b] {
			return fmt.Errorf("pushed %q and %q, want %q and one unchanged user", body.Data[0].Email, body.Data[1].Email, user)
		}
		return nil
	}
}

// TestAccUserAttributes_lifecycle walks the API's traps through the real CLI: a create of 250
// users, a one-user change, removals from one and from many users, users added and removed,
// a user re-added with fewer attributes, and destroy.
func TestAccUserAttributes_lifecycle(t *testing.T) {
	env := acctest.NewEnv(t)
	sb, tok := env.Sandbox, sandbox.DefaultIntegrationToken
	types := uaDefaultTypes
	step := func(u uaUsers) string { return env.Config(uaConfig(tok, "Email", types, u)) }

	u1 := uaMany(250)
	u2 := u1.clone()
	u2["user007@walkme.com"]["Status"] = "Churned"
	u3 := u2.clone()
	delete(u3["user010@walkme.com"], "ARR")
	u4 := u3.clone()
	var many []string
	for i := 100; i < 250; i++ {
		id := fmt.Sprintf("user%03d@walkme.com", i)
		delete(u4[id], "RenewalDate")
		many = append(many, id)
	}
	u5 := u4.clone()
	u5["new1@walkme.com"] = map[string]string{"Status": "New", "ARR": "5"}
	u5["new2@walkme.com"] = map[string]string{"RenewalDate": "2028-02-29"}
	removed := map[string]map[string]string{}
	for i := 240; i < 250; i++ {
		id := fmt.Sprintf("user%03d@walkme.com", i)
		removed[id] = u4[id]
		delete(u5, id)
	}
	u6 := u5.clone()
	u6["user249@walkme.com"] = map[string]string{"Status": "Back"}

	acctest.ParallelTest(t, resource.TestCase{
		Steps: []resource.TestStep{
			{
				Config: step(u1),
				Check: resource.ComposeAggregateTestCheckFunc(
					uaCheckRequests(sb, types, 0, 100, 100, 50),
					uaCheckEmptyPost(sb, tok),
					uaCheckStored(sb, tok, types, u1),
					resource.TestCheckResourceAttr("walkme_user_attributes.test", "users.%", "250"),
					resource.TestMatchResourceAttr("walkme_user_attributes.test", "id", regexp.MustCompile(`^[0-9a-f]{32}$`)),
				),
			},
			{ // one attribute of one user: only that user is sent
				PreConfig: sb.ResetLog,
				Config:    step(u2),
				Check: resource.ComposeAggregateTestCheckFunc(
					uaCheckRequests(sb, types, 1),
					uaCheckPushedUsers(sb, "user007@walkme.com"),
					uaCheckStored(sb, tok, types, u2),
				),
			},
			{ // one removal: paired with an unchanged user so the request deletes it
				PreConfig: sb.ResetLog,
				Config:    step(u3),
				Check: resource.ComposeAggregateTestCheckFunc(
					uaCheckRequests(sb, types, 2),
					uaCheckPushedWithCompanion(sb, "user010@walkme.com", uaUnchanged(u2, u3)),
					uaCheckStored(sb, tok, types, u3),
				),
			},
			{ // a removal from 150 users: two requests, none alone
				PreConfig: sb.ResetLog,
				Config:    step(u4),
				Check: resource.ComposeAggregateTestCheckFunc(
					uaCheckRequests(sb, types, 100, 50),
					uaCheckPushedUsers(sb, many...),
					uaCheckStored(sb, tok, types, u4),
				),
			},
			{ // users added and removed: the removed ones are forgotten, WalkMe keeps them
				PreConfig: sb.ResetLog,
				Config:    step(u5),
				Check: resource.ComposeAggregateTestCheckFunc(
					uaCheckRequests(sb, types, 2),
					uaCheckPushedUsers(sb, "new1@walkme.com", "new2@walkme.com"),
					uaCheckStored(sb, tok, types, u5),
					uaCheckStored(sb, tok, types, removed),
					resource.TestCheckResourceAttr("walkme_user_attributes.test", "users.%", "242"),
				),
			},
			{ // a user re-added with fewer attributes: what WalkMe kept from before goes
				PreConfig: sb.ResetLog,
				Config:    step(u6),
				Check: resource.ComposeAggregateTestCheckFunc(
					uaCheckRequests(sb, types, 2),
					uaCheckPushedUsers(sb, "new1@walkme.com", "user249@walkme.com"),
					uaCheckStored(sb, tok, types, u6),
					func(*terraform.State) error { sb.ResetLog(); return nil },
				),
			},
		},
		// Destroy sends nothing, and WalkMe keeps every value.
		CheckDestroy: func(s *terraform.State) error {
			if n := sb.Count("userdata.push"); n != 0 {
				return fmt.Errorf("destroy sent %d End User Update requests", n)
			}
			return uaCheckStored(sb, tok, types, u6)(s)
		},
	})
}

// TestAccUserAttributes_nested pushes to an integration whose user ID property is dotted.
func TestAccUserAttributes_nested(t *testing.T) {
	const tok = "nested-integration-token"
	env := acctest.NewEnv(t, func(c *sandbox.Config) {
		c.Integrations = append(c.Integrations, sandbox.Integration{
			Token: tok, UserIDProperty: "properties.ID",
			Properties: map[string]sandbox.PropertyType{"profile.plan": "string", "profile.seats": "number", "Since": "date"},
		})
	})
	types := map[string]string{"profile.plan": "string", "profile.seats": "number", "Since": "date"}
	users := uaUsers{
		"a@walkme.com": {"profile.plan": "pro", "profile.seats": "12", "Since": "2024-02-29"},
		"b@walkme.com": {"profile.seats": "3.5"},
	}
	acctest.ParallelTest(t, resource.TestCase{
		Steps: []resource.TestStep{{
			Config: env.Config(uaConfig(tok, "properties.ID", types, users)),
			Check: resource.ComposeAggregateTestCheckFunc(
				func(*terraform.State) error {
					reqs := uaPushes(env.Sandbox)
					if len(reqs) != 2 || reqs[1].Ignored || len(reqs[1].Notes) > 0 {
						return fmt.Errorf("requests %+v", reqs)
					}
					// Records in any order, keys in any order.
					want := []string{`{"Since":"2024-02-29","profile":{"plan":"pro","seats":12},"properties":{"ID":"a@walkme.com"}}`,
						`{"profile":{"seats":3.5},"properties":{"ID":"b@walkme.com"}}`}
					var body struct {
						Token string            `json:"token"`
						Data  []json.RawMessage `json:"data"`
					}
					if err := json.Unmarshal(reqs[1].Body, &body); err != nil {
						return err
					}
					var got []string
					for _, d := range body.Data {
						var v any
						if err := json.Unmarshal(d, &v); err != nil {
							return err
						}
						b, _ := json.Marshal(v)
						got = append(got, string(b))
					}
					slices.Sort(got)
					if body.Token != tok || !slices.Equal(got, want) {
						return fmt.Errorf("records\n got %s\nwant %s", got, want)
					}
					return nil
				},
				uaCheckStored(env.Sandbox, tok, types, users),
			),
		}},
	})
}

// TestAccUserAttributes_planErrors: every mistake stops the plan, names the user, the
// attribute and the value, and nothing is sent.
func TestAccUserAttributes_planErrors(t *testing.T) {
	env := acctest.NewEnv(t)
	tok := sandbox.DefaultIntegrationToken
	good := uaUsers{"ann@walkme.com": {"Status": "New", "ARR": "1200"}}
	tooMany := maps.Clone(uaDefaultTypes)
	for i := range 97 {
		tooMany[fmt.Sprintf("extra%02d", i)] = "string"
	}
	badType := maps.Clone(uaDefaultTypes)
	badType["ARR"] = "integer"
	cases := []struct {
		config string
		want   *regexp.Regexp
	}{
		{uaConfig(tok, "Email", uaDefaultTypes, good.with("ann@walkme.com", "ARR", "12k")),
			acctest.Phrases("Invalid user attribute value", `users["ann@walkme.com"]["ARR"] = "12k": attribute "ARR" is a number`)},
		{uaConfig(tok, "Email", uaDefaultTypes, good.with("ann@walkme.com", "RenewalDate", "2027-02-30")),
			acctest.Phrases(`users["ann@walkme.com"]["RenewalDate"] = "2027-02-30"`, "calendar date")},
		{uaConfig(tok, "Email", uaDefaultTypes, good.with("ann@walkme.com", "Nickname", "Annie")),
			acctest.Phrases("Undeclared user attribute", `users["ann@walkme.com"]["Nickname"]: attribute "Nickname" is not in attribute_types`)},
		{uaConfig(tok, "Email", uaDefaultTypes, good.with("bob@walkme.com", "", "")),
			acctest.Phrases("User without attributes", `users["bob@walkme.com"] has no attributes`)},
		{uaConfig(tok, "Email", uaDefaultTypes, good.with("", "Status", "x")),
			acctest.Phrases("Empty user ID", `users[""]: a user ID is empty`)},
		{uaConfig(tok, "Email", tooMany, good),
			acctest.Phrases("Too many attributes", "attribute_types declares 101 attributes", "at most 100")},
		{uaConfig(tok, "Email", badType, good),
			acctest.Phrases("Unknown attribute type", `attribute_types["ARR"] = "integer"`, `"string", "number" or "date"`)},
		{uaConfig(tok, "", uaDefaultTypes, good),
			acctest.Phrases("Invalid user_id_property", `user_id_property = ""`)},
		{uaConfig(tok, "Email", map[string]string{"Status": "string", "Status.code": "string"}, uaUsers{"a": {"Status": "x"}}),
			acctest.Phrases("Conflicting property names", `"Status" and "Status.code"`)},
		{uaConfig("", "Email", uaDefaultTypes, good),
			acctest.Phrases("Empty integration token")},
		{env.Config(`resource "walkme_user_attributes" "test" {
  integration_token = "t"
  user_id_property  = "Email"
  attribute_types   = { Status = "string" }
  users             = { "ann@walkme.com" = { Status = null } }
}`), acctest.Phrases(`users["ann@walkme.com"]["Status"] is null`)},
	}
	var steps []resource.TestStep
	for _, c := range cases {
		cfg := c.config
		if !strings.Contains(cfg, "provider \"walkme\"") {
			cfg = env.Config(cfg)
		}
		steps = append(steps, resource.TestStep{Config: cfg, PlanOnly: true, ExpectError: c.want})
	}
	acctest.ParallelTest(t, resource.TestCase{Steps: steps})
	if n := env.Sandbox.Count("userdata.push"); n != 0 {
		t.Fatalf("invalid configurations sent %d requests", n)
	}
}

// TestAccUserAttributes_unknownAtPlan: values known only at apply do not fail the plan.
func TestAccUserAttributes_unknownAtPlan(t *testing.T) {
	env := acctest.NewEnv(t)
	tok := sandbox.DefaultIntegrationToken
	acctest.ParallelTest(t, resource.TestCase{
		Steps: []resource.TestStep{{
			Config: env.Config(`
resource "terraform_data" "late" { input = "2027-05-01" }
resource "walkme_user_attributes" "test" {
  integration_token = "` + tok + `"
  user_id_property  = "Email"
  attribute_types   = { Status = "string", RenewalDate = terraform_data.late.output == "" ? "string" : "date" }
  users = {
    "ann@walkme.com" = { Status = "New", RenewalDate = terraform_data.late.output }
    "bob@walkme.com" = { Status = terraform_data.late.id }
  }
}`),
			Check: func(*terraform.State) error {
				got, _ := env.Sandbox.UserAttributes(tok, "ann@walkme.com")
				if got["RenewalDate"] != "2027-05-01" || got["Status"] != "New" {
					return fmt.Errorf("WalkMe holds %v", got)
				}
				return uaCheckRequests(env.Sandbox, map[string]string{"Status": "string", "RenewalDate": "date"}, 0, 2)(nil)
			},
		}},
	})
}

// TestAccUserAttributes_wrongToken: WalkMe's refusal reaches the user with a hint, the token
// does not, and nothing is recorded.
func TestAccUserAttributes_wrongToken(t *testing.T) {
	env := acctest.NewEnv(t)
	const wrong = "e3b0c44298fc1c149afbf4c8996fb924-not-an-integration"
	acctest.ParallelTest(t, resource.TestCase{
		Steps: []resource.TestStep{{
			Config: env.Config(uaConfig(wrong, "Email", uaDefaultTypes, uaMany(3))),
			ExpectError: acctest.Phrases("Pushing user attributes to WalkMe failed", "400 Bad Request: invalid integration token",
				"Check integration_token", "Nothing was pushed."),
		}},
	})
	reqs := uaPushes(env.Sandbox)
	if len(reqs) != 1 || reqs[0].Status != 400 {
		t.Fatalf("want one refused request (a 400 is not retried), got %+v", reqs)
	}
}

// TestAccUserAttributes_tokenNotLogged runs a create with TRACE logging and reads the
// provider's log: the requests are there, the integration token is not.
func TestAccUserAttributes_tokenNotLogged(t *testing.T) {
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test: set TF_ACC=1")
	}
	logFile := filepath.Join(t.TempDir(), "provider.log")
	t.Setenv("TF_LOG", "TRACE")
	t.Setenv("TF_LOG_PATH", logFile)
	env := acctest.NewEnv(t)
	tok := sandbox.DefaultIntegrationToken
	// The token comes from a variable, as it would in real use, so that the test harness's
	// own log of the configuration does not hold it.
	t.Setenv("TF_VAR_integration_token", tok)
	cfg := strings.Replace(uaConfig("TOKEN", "Email", uaDefaultTypes, uaMany(3)), `"TOKEN"`, "var.integration_token", 1)
	acctest.Test(t, resource.TestCase{
		Steps: []resource.TestStep{{
			Config: env.Config(`variable "integration_token" {
  type      = string
  sensitive = true
}
` + cfg),
			Check: uaCheckStored(env.Sandbox, tok, uaDefaultTypes, uaMany(3)),
		}},
	})
	b, err := os.ReadFile(logFile)
	if err != nil {
		t.Fatal(err)
	}
	log := string(b)
	// The request body is logged at TRACE with the token masked.
	for _, want := range []string{"Pushing user attributes", "/public/v1/user/data", "user002@walkme.com", `\"token\":\"***\"`} {
		if !strings.Contains(log, want) {
			t.Errorf("provider log lacks %q; is TRACE logging captured?", want)
		}
	}
	if strings.Contains(log, tok) {
		t.Errorf("the provider log contains the integration token")
	}
}

// TestAccUserAttributes_partialFailure: an update whose requests partly fail records exactly
// the users WalkMe accepted, whichever request finished first; the next apply sends exactly
// the rest.
func TestAccUserAttributes_partialFailure(t *testing.T) {
	env := acctest.NewEnv(t)
	sb, tok := env.Sandbox, sandbox.DefaultIntegrationToken
	u1 := uaMany(150)
	u2 := u1.clone()
	for _, a := range u2 {
		a["Status"] = "Renewed"
	}
	var accepted map[string]bool
	acctest.ParallelTest(t, resource.TestCase{
		Steps: []resource.TestStep{
			{Config: env.Config(uaConfig(tok, "Email", uaDefaultTypes, u1))},
			{
				PreConfig: func() {
					sb.ResetLog()
					sb.InjectFault(sandbox.Fault{Endpoint: "userdata.push", Skip: 1, Times: 50, Status: 503})
				},
				Config:      env.Config(uaConfig(tok, "Email", uaDefaultTypes, u2)),
				ExpectError: acctest.Phrases("failed", "WalkMe accepted", "(1 request) and they are recorded; the next apply sends the rest."),
			},
			{
				PreConfig: func() {
					accepted = uaAcceptedUsers(sb)
					sb.ClearFaults()
					sb.ResetLog()
				},
				Config: env.Config(uaConfig(tok, "Email", uaDefaultTypes, u2)),
				Check: resource.ComposeAggregateTestCheckFunc(
					uaCheckPushedTheRest(sb, u2, &accepted),
					uaCheckStored(sb, tok, uaDefaultTypes, u2),
				),
			},
		},
	})
}

// uaAcceptedUsers are the users of the End User Update requests WalkMe answered 200.
func uaAcceptedUsers(sb *sandbox.Server) map[string]bool {
	out := map[string]bool{}
	for _, r := range uaPushes(sb) {
		if r.Status != 200 {
			continue
		}
		var body struct {
			Data []struct{ Email string } `json:"data"`
		}
		_ = json.Unmarshal(r.Body, &body)
		for _, d := range body.Data {
			out[d.Email] = true
		}
	}
	return out
}

// uaUnchanged are the users with the same values before and after.
func uaUnchanged(before, after uaUsers) map[string]bool {
	out := map[string]bool{}
	for id, a := range after {
		if b, ok := before[id]; ok && maps.Equal(a, b) {
			out[id] = true
		}
	}
	return out
}

// TestAccUserAttributes_import: there is nothing to import from.
func TestAccUserAttributes_import(t *testing.T) {
	env := acctest.NewEnv(t)
	acctest.ParallelTest(t, resource.TestCase{
		Steps: []resource.TestStep{{
			Config:        env.Config(uaConfig(sandbox.DefaultIntegrationToken, "Email", uaDefaultTypes, uaMany(2))),
			ResourceName:  "walkme_user_attributes.test",
			ImportState:   true,
			ImportStateId: "anything",
			ExpectError:   acctest.Phrases("Resource Import Not Implemented"),
		}},
	})
}

// uaProtocol drives the provider server directly, to read the warnings that the CLI test
// harness does not expose.
type uaProtocol struct {
	t   *testing.T
	srv tfprotov6.ProviderServer
	typ tftypes.Type
}

func newUAProtocol(t *testing.T, env *acctest.Env) *uaProtocol {
	t.Helper()
	ctx := context.Background()
	srv, err := acctest.ProtoV6ProviderFactories["walkme"]()
	if err != nil {
		t.Fatal(err)
	}
	sch, err := srv.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil || len(sch.Diagnostics) > 0 {
		t.Fatalf("schema: %v %+v", err, sch.Diagnostics)
	}
	provTyp := sch.Provider.ValueType().(tftypes.Object)
	attrs := map[string]tftypes.Value{}
	for name, at := range provTyp.AttributeTypes {
		attrs[name] = tftypes.NewValue(at, nil)
	}
	attrs["api_url"] = tftypes.NewValue(tftypes.String, env.URL)
	attrs["client_id"] = tftypes.NewValue(tftypes.String, sandbox.DefaultClientID)
	attrs["client_secret"] = tftypes.NewValue(tftypes.String, sandbox.DefaultClientSecret)
	cfg, err := tfprotov6.NewDynamicValue(provTyp, tftypes.NewValue(provTyp, attrs))
	if err != nil {
		t.Fatal(err)
	}
	resp, err := srv.ConfigureProvider(ctx, &tfprotov6.ConfigureProviderRequest{TerraformVersion: "1.11.4", Config: &cfg})
	if err != nil || len(resp.Diagnostics) > 0 {
		t.Fatalf("configure: %v %+v", err, resp.Diagnostics)
	}
	return &uaProtocol{t: t, srv: srv, typ: sch.ResourceSchemas["walkme_user_attributes"].ValueType()}
}

// value encodes a resource object; users == nil means a null object (destroy).
func (p *uaProtocol) value(id, token string, users uaUsers) *tfprotov6.DynamicValue {
	p.t.Helper()
	v := tftypes.NewValue(p.typ, nil)
	if users != nil {
		str := func(s string) tftypes.Value { return tftypes.NewValue(tftypes.String, s) }
		strMap := func(m map[string]string) tftypes.Value {
			vals := map[string]tftypes.Value{}
			for k, s := range m {
				vals[k] = str(s)
			}
			return tftypes.NewValue(tftypes.Map{ElementType: tftypes.String}, vals)
		}
		us := map[string]tftypes.Value{}
		for u, a := range users {
			us[u] = strMap(a)
		}
		idVal := tftypes.NewValue(tftypes.String, nil)
		if id != "" {
			idVal = str(id)
		}
		v = tftypes.NewValue(p.typ, map[string]tftypes.Value{
			"id": idVal, "integration_token": str(token), "user_id_property": str("Email"),
			"attribute_types": strMap(uaDefaultTypes),
			"users":           tftypes.NewValue(tftypes.Map{ElementType: tftypes.Map{ElementType: tftypes.String}}, us),
			"users_file":      tftypes.NewValue(tftypes.String, nil),
			"users_sha256":    tftypes.NewValue(tftypes.String, nil),
			"user_count":      tftypes.NewValue(tftypes.Number, nil),
			"users_change":    tftypes.NewValue(p.typ.(tftypes.Object).AttributeTypes["users_change"], nil),
		})
	}
	dv, err := tfprotov6.NewDynamicValue(p.typ, v)
	if err != nil {
		p.t.Fatal(err)
	}
	return &dv
}

// plan plans from prior to desired (nil: destroy) and returns the diagnostics.
func (p *uaProtocol) plan(prior, desired uaUsers) []*tfprotov6.Diagnostic {
	return p.planToken(prior, desired, sandbox.DefaultIntegrationToken)
}

func (p *uaProtocol) planToken(prior, desired uaUsers, token string) []*tfprotov6.Diagnostic {
	p.t.Helper()
	tok := sandbox.DefaultIntegrationToken
	resp, err := p.srv.PlanResourceChange(context.Background(), &tfprotov6.PlanResourceChangeRequest{
		TypeName: "walkme_user_attributes", PriorState: p.value("abc", tok, prior),
		ProposedNewState: p.value("abc", token, desired), Config: p.value("", token, desired),
	})
	if err != nil {
		p.t.Fatal(err)
	}
	return resp.Diagnostics
}

func uaWarning(diags []*tfprotov6.Diagnostic, summary string, words ...string) error {
	for _, d := range diags {
		if d.Severity == tfprotov6.DiagnosticSeverityError {
			return fmt.Errorf("error diagnostic %q: %s", d.Summary, d.Detail)
		}
	}
	for _, d := range diags {
		if d.Severity != tfprotov6.DiagnosticSeverityWarning || d.Summary != summary {
			continue
		}
		for _, w := range words {
			if !strings.Contains(d.Detail, w) {
				return fmt.Errorf("warning %q: %q lacks %q", summary, d.Detail, w)
			}
		}
		return nil
	}
	return fmt.Errorf("no warning %q among %+v", summary, diags)
}

// TestUserAttributesWarnings: the plan warns when users are forgotten, when a lone user's
// attribute cannot be removed, on replacement and on destroy; destroy warns again and sends
// nothing.
func TestUserAttributesWarnings(t *testing.T) {
	env := acctest.NewEnv(t)
	p := newUAProtocol(t, env)
	two := uaUsers{"ann@walkme.com": {"Status": "New", "ARR": "1"}, "bob@walkme.com": {"Status": "Old"}}

	if err := uaWarning(p.plan(two, uaUsers{"ann@walkme.com": two["ann@walkme.com"]}),
		"WalkMe keeps the attributes of removed users", `"bob@walkme.com"`, "1 user is no longer"); err != nil {
		t.Error(err)
	}
	if err := uaWarning(p.plan(uaUsers{"ann@walkme.com": two["ann@walkme.com"]}, uaUsers{"ann@walkme.com": {"Status": "New"}}),
		"Attribute cannot be removed in WalkMe", `users["ann@walkme.com"]`, `"ARR"`); err != nil {
		t.Error(err)
	}
	if diags := p.plan(two, uaUsers{"ann@walkme.com": {"Status": "New"}, "bob@walkme.com": {"Status": "Old"}}); len(diags) != 0 {
		t.Errorf("a removal paired with another user warns: %+v", diags)
	}
	if err := uaWarning(p.plan(two, nil), "WalkMe keeps the pushed user attributes", "2 users", "Nothing is sent"); err != nil {
		t.Error(err)
	}
	if err := uaWarning(p.planToken(two, two, "another-integration"), "WalkMe keeps the values pushed before the replacement",
		"all 2 users are pushed again"); err != nil {
		t.Error(err)
	}

	resp, err := p.srv.ApplyResourceChange(context.Background(), &tfprotov6.ApplyResourceChangeRequest{
		TypeName:   "walkme_user_attributes",
		PriorState: p.value("abc", sandbox.DefaultIntegrationToken, two), PlannedState: p.value("abc", "", nil), Config: p.value("", "", nil),
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(resp.Diagnostics) != 0 { // the plan warned; a second warning would repeat it
		t.Errorf("destroy's apply: %v", resp.Diagnostics)
	}
	if n := env.Sandbox.Count("userdata.push"); n != 0 {
		t.Errorf("destroy sent %d requests", n)
	}
}

// TestUserAttributesManyInlineWarns: above 1,000 inline users the configuration warns and
// points to users_file; at 1,000 it does not.
func TestUserAttributesManyInlineWarns(t *testing.T) {
	env := acctest.NewEnv(t)
	p := newUAProtocol(t, env)
	validate := func(users uaUsers) []*tfprotov6.Diagnostic {
		resp, err := p.srv.ValidateResourceConfig(context.Background(), &tfprotov6.ValidateResourceConfigRequest{
			TypeName: "walkme_user_attributes", Config: p.value("", sandbox.DefaultIntegrationToken, users),
		})
		if err != nil {
			t.Fatal(err)
		}
		return resp.Diagnostics
	}
	if err := uaWarning(validate(uaMany(1001)), "Many inline users", "users holds 1001 users", "users_file"); err != nil {
		t.Error(err)
	}
	if diags := validate(uaMany(1000)); len(diags) != 0 {
		t.Errorf("1,000 users: %+v", diags)
	}
}
