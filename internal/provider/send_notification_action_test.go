package provider_test

import (
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/walkme-community/terraform-provider-walkme/internal/acctest"
	"github.com/walkme-community/terraform-provider-walkme/internal/provider"
	"github.com/walkme-community/terraform-provider-walkme/internal/sandbox"
)

// These tests drive walkme_send_notification through the provider's protocol server, as
// Terraform >= 1.14 would: Terraform 1.11 here cannot run actions.

const actionType = "walkme_send_notification"

// actionServer is the protocol server with its action RPCs (ProviderServerWithActions is
// deprecated for the day these move into ProviderServer).
type actionServer interface {
	tfprotov6.ProviderServer
	tfprotov6.ActionServer
}

type actionHarness struct {
	t       *testing.T
	server  actionServer
	schemas *tfprotov6.GetProviderSchemaResponse
	env     *acctest.Env
}

func newActionHarness(t *testing.T, mutate ...func(*sandbox.Config)) *actionHarness {
	t.Helper()
	env := acctest.NewEnv(t, mutate...)
	ps, err := providerserver.NewProtocol6WithError(provider.New("test")())()
	if err != nil {
		t.Fatal(err)
	}
	server, ok := ps.(actionServer)
	if !ok {
		t.Fatalf("the provider server (%T) does not serve actions", ps)
	}
	ctx := context.Background()
	schemas, err := server.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil || len(schemas.Diagnostics) > 0 {
		t.Fatalf("GetProviderSchema: %v %v", err, schemas.Diagnostics)
	}
	if schemas.ActionSchemas[actionType] == nil {
		t.Fatalf("the provider does not register %s", actionType)
	}
	h := &actionHarness{t: t, server: server, schemas: schemas, env: env}
	cfg := h.dynamic(schemas.Provider, map[string]tftypes.Value{
		"api_url":        tfStr(env.URL),
		"client_id":      tfStr(sandbox.DefaultClientID),
		"client_secret":  tfStr(sandbox.DefaultClientSecret),
		"retry_wait_min": tfStr("10ms"),
		"retry_wait_max": tfStr("50ms"),
	})
	resp, err := server.ConfigureProvider(ctx, &tfprotov6.ConfigureProviderRequest{TerraformVersion: "1.14.0", Config: cfg})
	if err != nil || len(resp.Diagnostics) > 0 {
		t.Fatalf("ConfigureProvider: %v %s", err, diagsText(resp.Diagnostics))
	}
	return h
}

// dynamic encodes vals as a value of schema's object type; attributes not given are null.
func (h *actionHarness) dynamic(s *tfprotov6.Schema, vals map[string]tftypes.Value) *tfprotov6.DynamicValue {
	h.t.Helper()
	typ := s.ValueType().(tftypes.Object)
	full := map[string]tftypes.Value{}
	for name, at := range typ.AttributeTypes {
		full[name] = tftypes.NewValue(at, nil)
	}
	for name, v := range vals {
		if _, ok := typ.AttributeTypes[name]; !ok {
			h.t.Fatalf("no attribute %q in the schema", name)
		}
		full[name] = v
	}
	dv, err := tfprotov6.NewDynamicValue(typ, tftypes.NewValue(typ, full))
	if err != nil {
		h.t.Fatal(err)
	}
	return &dv
}

func (h *actionHarness) config(vals map[string]tftypes.Value) *tfprotov6.DynamicValue {
	return h.dynamic(h.schemas.ActionSchemas[actionType].Schema, vals)
}

func (h *actionHarness) validate(vals map[string]tftypes.Value) []*tfprotov6.Diagnostic {
	h.t.Helper()
	resp, err := h.server.ValidateActionConfig(context.Background(), &tfprotov6.ValidateActionConfigRequest{ActionType: actionType, Config: h.config(vals)})
	if err != nil {
		h.t.Fatal(err)
	}
	return resp.Diagnostics
}

func (h *actionHarness) plan(vals map[string]tftypes.Value) []*tfprotov6.Diagnostic {
	h.t.Helper()
	resp, err := h.server.PlanAction(context.Background(), &tfprotov6.PlanActionRequest{ActionType: actionType, Config: h.config(vals)})
	if err != nil {
		h.t.Fatal(err)
	}
	return resp.Diagnostics
}

// invoke consumes the whole event stream: progress messages, then exactly one completed
// event, whose diagnostics it returns.
func (h *actionHarness) invoke(vals map[string]tftypes.Value) (progress []string, diags []*tfprotov6.Diagnostic) {
	h.t.Helper()
	stream, err := h.server.InvokeAction(context.Background(), &tfprotov6.InvokeActionRequest{ActionType: actionType, Config: h.config(vals)})
	if err != nil {
		h.t.Fatal(err)
	}
	completed := 0
	for ev := range stream.Events {
		switch e := ev.Type.(type) {
		case tfprotov6.ProgressInvokeActionEventType:
			if completed > 0 {
				h.t.Errorf("progress %q after the completed event", e.Message)
			}
			progress = append(progress, e.Message)
		case tfprotov6.CompletedInvokeActionEventType:
			completed++
			diags = e.Diagnostics
		}
	}
	if completed != 1 {
		h.t.Fatalf("want exactly one completed event, got %d", completed)
	}
	return progress, diags
}

// sentBodies are the bodies of the notification sends the sandbox received.
func (h *actionHarness) sentBodies() []json.RawMessage {
	var out []json.RawMessage
	for _, r := range h.env.Sandbox.Requests() {
		if r.Endpoint == sandbox.EndpointNotificationSend {
			out = append(out, r.Body)
		}
	}
	return out
}

func strList(ss ...string) tftypes.Value {
	vs := make([]tftypes.Value, len(ss))
	for i, s := range ss {
		vs[i] = tfStr(s)
	}
	return tftypes.NewValue(tftypes.List{ElementType: tftypes.String}, vs)
}

func strMap(m map[string]string) tftypes.Value {
	vs := make(map[string]tftypes.Value, len(m))
	for k, v := range m {
		vs[k] = tfStr(v)
	}
	return tftypes.NewValue(tftypes.Map{ElementType: tftypes.String}, vs)
}

// assertJSON compares canonically: same objects, same arrays in the same order, nothing else.
func assertJSON(t *testing.T, got json.RawMessage, want string) {
	t.Helper()
	var g, w any
	if err := json.Unmarshal(got, &g); err != nil {
		t.Fatalf("body %q is not JSON: %v", got, err)
	}
	if err := json.Unmarshal([]byte(want), &w); err != nil {
		t.Fatalf("want %q is not JSON: %v", want, err)
	}
	if !reflect.DeepEqual(g, w) {
		t.Errorf("body:\n got %s\nwant %s", got, want)
	}
}

var sentID = regexp.MustCompile(`^Notification sent \(id [0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\)$`)

func TestActionSendNotificationFull(t *testing.T) {
	h := newActionHarness(t)
	cfg := map[string]tftypes.Value{
		"system_id":           tfStr(sandbox.DefaultWorkstationSystem),
		"template_id":         tfStr(sandbox.DefaultTemplateID),
		"end_user_ids":        strList("john@example.com", "melissa@example.com", "bill@example.com"),
		"audience_ids":        strList("cf0bd4c1-86fd-4c79-a46a-c730d6789e63"),
		"type":                tfStr("popup"),
		"title":               tfStr("Outage"),
		"runtime_title":       tfStr("Service down"),
		"runtime_description": tfStr("We are on it"),
		"start_at":            tfStr("2030-05-10T11:30:00+03:00"),
		"end_at":              tfStr("2030-05-11"),
		"overrides":           strMap(map[string]string{"URL": "https://status.example.com", "OPP_NAME_ATTRIBUTE": "Acme"}),
	}
	if d := h.validate(cfg); len(d) > 0 {
		t.Fatalf("ValidateActionConfig: %s", diagsText(d))
	}
	if d := h.plan(cfg); len(d) > 0 {
		t.Fatalf("PlanAction: %s", diagsText(d))
	}
	if n := len(h.sentBodies()); n != 0 {
		t.Fatalf("validate and plan sent %d notifications", n)
	}

	progress, diags := h.invoke(cfg)
	if len(diags) > 0 {
		t.Fatalf("InvokeAction: %s", diagsText(diags))
	}
	if len(progress) != 2 || progress[0] != "Sending notification to 3 end users and 1 audience…" || !sentID.MatchString(progress[1]) {
		t.Errorf("progress = %q", progress)
	}
	bodies := h.sentBodies()
	if len(bodies) != 1 {
		t.Fatalf("the sandbox received %d sends, want 1", len(bodies))
	}
	// Dates in WalkMe's "YYYY-MM-DD hh:mm" UTC (11:30+03:00 is 08:30 UTC), overrides as
	// key/value pairs sorted by key.
	assertJSON(t, bodies[0], `{"notification":{
		"systemId":"bcf4c7f5682b4aa6875a0fc9bdfa21ca","templateId":"1e5afe51-2d2a-4b22-a60a-cf2d6c01d726",
		"endUsersIds":["john@example.com","melissa@example.com","bill@example.com"],
		"audiencesIds":["cf0bd4c1-86fd-4c79-a46a-c730d6789e63"],
		"notificationType":"popup","title":"Outage","runtimeTitle":"Service down","runtimeDescription":"We are on it",
		"startAt":"2030-05-10 08:30","endAt":"2030-05-11 00:00",
		"override":[{"key":"OPP_NAME_ATTRIBUTE","value":"Acme"},{"key":"URL","value":"https://status.example.com"}]}}`)

	got := h.env.Sandbox.Notifications()
	if len(got) != 1 || got[0].Type != "popup" || !got[0].StartAt.Equal(time.Date(2030, 5, 10, 8, 30, 0, 0, time.UTC)) {
		t.Errorf("sandbox notifications = %+v", got)
	}
}

// Optional attributes that are not set are left out of the body, not sent empty.
func TestActionSendNotificationMinimal(t *testing.T) {
	h := newActionHarness(t)
	progress, diags := h.invoke(map[string]tftypes.Value{
		"template_id":  tfStr(sandbox.DefaultTemplateID),
		"audience_ids": strList("cf0bd4c1-86fd-4c79-a46a-c730d6789e63"),
		"end_user_ids": strList(), // an empty list is left out too
	})
	if len(diags) > 0 {
		t.Fatalf("InvokeAction: %s", diagsText(diags))
	}
	if len(progress) != 2 || progress[0] != "Sending notification to 1 audience…" {
		t.Errorf("progress = %q", progress)
	}
	bodies := h.sentBodies()
	if len(bodies) != 1 {
		t.Fatalf("the sandbox received %d sends, want 1", len(bodies))
	}
	assertJSON(t, bodies[0], `{"notification":{"templateId":"1e5afe51-2d2a-4b22-a60a-cf2d6c01d726","audiencesIds":["cf0bd4c1-86fd-4c79-a46a-c730d6789e63"]}}`)
}

// WalkMe's errors become the completed event's diagnostics; nothing is reported as sent.
func TestActionSendNotificationAPIErrors(t *testing.T) {
	base := map[string]tftypes.Value{
		"template_id":  tfStr(sandbox.DefaultTemplateID),
		"end_user_ids": strList("john@example.com"),
	}
	with := func(k string, v tftypes.Value) map[string]tftypes.Value {
		m := map[string]tftypes.Value{k: v}
		for bk, bv := range base {
			if _, ok := m[bk]; !ok {
				m[bk] = bv
			}
		}
		return m
	}
	cases := []struct {
		name    string
		mutate  func(*sandbox.Config)
		fault   *sandbox.Fault
		cfg     map[string]tftypes.Value
		summary string
		detail  []string
		sends   int
	}{
		{name: "unknown template (400)", cfg: with("template_id", tfStr("75cfcba6-c320-42cb-938e-4c2bd08a43a3")),
			summary: "Sending the notification failed",
			detail:  []string{"400 Bad Request", `templateId "75cfcba6-c320-42cb-938e-4c2bd08a43a3" is not a template of the account`}, sends: 1},
		{name: "override key not in the template (400)", cfg: with("overrides", strMap(map[string]string{"LINK": "x"})),
			summary: "Sending the notification failed", detail: []string{"400 Bad Request", `key "LINK" is not a placeholder`}, sends: 1},
		{name: "missing permission (403)", cfg: base,
			mutate: func(c *sandbox.Config) {
				c.Clients[0].Scopes = []string{sandbox.ScopeSegmentsRead}
			},
			summary: "Sending the notification failed", detail: []string{"403 Forbidden", `"Notifications API: Write"`}, sends: 1},
		{name: "server error after the request reached WalkMe (503, not retried)", cfg: base,
			fault:   &sandbox.Fault{Endpoint: sandbox.EndpointNotificationSend, Times: 1, Status: 503},
			summary: "The notification may have been sent", detail: []string{"503", "check the Communication Center"}, sends: 1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var mutate []func(*sandbox.Config)
			if c.mutate != nil {
				mutate = append(mutate, c.mutate)
			}
			h := newActionHarness(t, mutate...)
			if c.fault != nil {
				h.env.Sandbox.InjectFault(*c.fault)
			}
			progress, diags := h.invoke(c.cfg)
			if len(progress) != 1 || !strings.HasPrefix(progress[0], "Sending notification to 1 end user") {
				t.Errorf("progress = %q: want only the sending message", progress)
			}
			if len(diags) != 1 || diags[0].Severity != tfprotov6.DiagnosticSeverityError || diags[0].Summary != c.summary {
				t.Fatalf("diagnostics = %s: want one error %q", diagsText(diags), c.summary)
			}
			for _, w := range c.detail {
				if !strings.Contains(diags[0].Detail, w) {
					t.Errorf("detail %q does not contain %q", diags[0].Detail, w)
				}
			}
			if n := h.env.Sandbox.Count(sandbox.EndpointNotificationSend); n != c.sends {
				t.Errorf("the sandbox saw %d send requests, want %d", n, c.sends)
			}
			if n := len(h.env.Sandbox.Notifications()); n != 0 {
				t.Errorf("the sandbox accepted %d notifications, want 0", n)
			}
		})
	}
}

// Each invalid configuration is refused by ValidateActionConfig with an error on the
// attribute that names the value, and never reaches WalkMe.
func TestActionSendNotificationValidation(t *testing.T) {
	h := newActionHarness(t)
	many := make([]string, 101)
	for i := range many {
		many[i] = fmt.Sprintf("user%03d@example.com", i)
	}
	ok := map[string]tftypes.Value{
		"template_id":  tfStr(sandbox.DefaultTemplateID),
		"end_user_ids": strList("john@example.com"),
	}
	with := func(kv ...any) map[string]tftypes.Value {
		m := map[string]tftypes.Value{}
		for k, v := range ok {
			m[k] = v
		}
		for i := 0; i < len(kv); i += 2 {
			m[kv[i].(string)] = kv[i+1].(tftypes.Value)
		}
		return m
	}
	nullList := tftypes.NewValue(tftypes.List{ElementType: tftypes.String}, nil)
	cases := []struct {
		name string
		cfg  map[string]tftypes.Value
		path *tftypes.AttributePath
		want string // regexp on the detail
	}{
		{"no recipients", with("end_user_ids", nullList), tftypes.NewAttributePath().WithAttributeName("end_user_ids"),
			`Neither end_user_ids nor audience_ids`},
		{"101 end users", with("end_user_ids", strList(many...)), tftypes.NewAttributePath().WithAttributeName("end_user_ids"),
			`end_user_ids lists 101 IDs.*at most 100.*audience`},
		{"malformed date", with("start_at", tfStr("10/05/2030")), tftypes.NewAttributePath().WithAttributeName("start_at"),
			`start_at = "10/05/2030" is not a date in an accepted format`},
		{"impossible date", with("end_at", tfStr("2030-02-30")), tftypes.NewAttributePath().WithAttributeName("end_at"),
			`end_at = "2030-02-30" is not a date: February 2030 has 28 days`},
		{"end before start", with("start_at", tfStr("2030-05-10 12:00"), "end_at", tfStr("2030-05-10T13:00:00+02:00")),
			tftypes.NewAttributePath().WithAttributeName("end_at"),
			`end_at = "2030-05-10T13:00:00\+02:00" \(2030-05-10 11:00 UTC\) is not after start_at = "2030-05-10 12:00"`},
		{"type banner", with("type", tfStr("banner")), tftypes.NewAttributePath().WithAttributeName("type"),
			`type = "banner" is not accepted: use "push" or "popup"`},
		{"empty override key", with("overrides", strMap(map[string]string{"": "x"})),
			tftypes.NewAttributePath().WithAttributeName("overrides").WithElementKeyString(""), `overrides has an empty key ""`},
		{"wrapped override key", with("overrides", strMap(map[string]string{"###URL###": "x"})),
			tftypes.NewAttributePath().WithAttributeName("overrides").WithElementKeyString("###URL###"), `write "URL"`},
		{"empty template id", with("template_id", tfStr("")), tftypes.NewAttributePath().WithAttributeName("template_id"),
			`template_id = "" is empty`},
		{"duplicate end user", with("end_user_ids", strList("a@example.com", "a@example.com")),
			tftypes.NewAttributePath().WithAttributeName("end_user_ids").WithElementKeyInt(1), `end_user_ids\[1\] = "a@example.com" repeats end_user_ids\[0\]`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			diags := h.validate(c.cfg)
			if len(diags) != 1 {
				t.Fatalf("want one diagnostic, got %s", diagsText(diags))
			}
			d := diags[0]
			if d.Severity != tfprotov6.DiagnosticSeverityError || !d.Attribute.Equal(c.path) || !regexp.MustCompile(c.want).MatchString(d.Detail) {
				t.Errorf("got %s\nwant an error at %v matching %s", diagsText(diags), c.path, c.want)
			}
			// Invoke refuses the same configuration before sending anything.
			progress, idiags := h.invoke(c.cfg)
			if len(progress) != 0 || len(idiags) == 0 {
				t.Errorf("invoke: progress %q, diagnostics %s", progress, diagsText(idiags))
			}
		})
	}
	// A missing template_id: the framework's required-attribute error and ours (through
	// the CLI, Terraform stops at its own before asking the provider).
	diags := h.validate(with("template_id", tftypes.NewValue(tftypes.String, nil)))
	if text := diagsText(diags); len(diags) != 2 || !strings.Contains(text, "template_id is not set") ||
		!strings.Contains(text, "Missing Configuration for Required Attribute") {
		t.Errorf("null template_id: %s", text)
	}
	if n := h.env.Sandbox.Count(sandbox.EndpointNotificationSend); n != 0 {
		t.Errorf("invalid configurations reached WalkMe %d times", n)
	}
}

// A past end_at is a PlanAction error, not a ValidateActionConfig one: a declared action
// must not make every later plan fail once its date has passed.
func TestActionSendNotificationClockChecksAtPlan(t *testing.T) {
	h := newActionHarness(t)
	cfg := map[string]tftypes.Value{
		"template_id":  tfStr(sandbox.DefaultTemplateID),
		"end_user_ids": strList("john@example.com"),
		"end_at":       tfStr("2020-01-01"),
	}
	if d := h.validate(cfg); len(d) != 0 {
		t.Errorf("ValidateActionConfig: %s", diagsText(d))
	}
	d := h.plan(cfg)
	if len(d) != 1 || !strings.Contains(d[0].Detail, `end_at = "2020-01-01"`) || !strings.Contains(d[0].Detail, "start_at is omitted") {
		t.Errorf("PlanAction: %s", diagsText(d))
	}
	// Unknown values during plan wait for invoke.
	cfg["end_at"] = tftypes.NewValue(tftypes.String, tftypes.UnknownValue)
	cfg["end_user_ids"] = tftypes.NewValue(tftypes.List{ElementType: tftypes.String}, tftypes.UnknownValue)
	if d := h.plan(cfg); len(d) != 0 {
		t.Errorf("PlanAction with unknown values: %s", diagsText(d))
	}
}

// The action through the real CLI, triggered by a resource's lifecycle. Terraform 1.14 or
// later runs it; Terraform 1.11 cannot parse action blocks and OpenTofu has none.
func TestAccSendNotificationAction_trigger(t *testing.T) {
	acctest.Require(t, acctest.Actions)
	env := acctest.NewEnv(t)
	config := func(release string) string {
		return env.Config(fmt.Sprintf(`
action "walkme_send_notification" "release" {
  config {
    template_id   = %q
    end_user_ids  = ["john@example.com"]
    runtime_title = "New release"
    overrides     = { URL = "https://example.com/releases" }
  }
}

resource "terraform_data" "release" {
  input = %q

  lifecycle {
    action_trigger {
      events  = [after_create, after_update]
      actions = [action.walkme_send_notification.release]
    }
  }
}
`, sandbox.DefaultTemplateID, release))
	}
	body := `{"notification":{"templateId":"` + sandbox.DefaultTemplateID + `","endUsersIds":["john@example.com"],` +
		`"runtimeTitle":"New release","override":[{"key":"URL","value":"https://example.com/releases"}]}}`
	acctest.Test(t, resource.TestCase{
		Steps: []resource.TestStep{
			{Config: config("v1"), Check: resource.ComposeAggregateTestCheckFunc(env.CheckRequests(sandbox.EndpointNotificationSend, 1), checkLastBody(t, env, body))},
			{Config: config("v1"), Check: env.CheckRequests(sandbox.EndpointNotificationSend, 1)}, // nothing changed: no trigger
			{Config: config("v2"), Check: env.CheckRequests(sandbox.EndpointNotificationSend, 2)}, // after_update
		},
		CheckDestroy: env.CheckRequests(sandbox.EndpointNotificationSend, 2),
	})
}
