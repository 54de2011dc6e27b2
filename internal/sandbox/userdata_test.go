package sandbox

import (
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strings"
	"testing"
)

const dataPath = "/public/v1/user/data"

func push(h *harness, tok string, records ...map[string]any) response {
	h.t.Helper()
	return h.call(http.MethodPost, dataPath, tok, map[string]any{"token": DefaultIntegrationToken, "data": records})
}

func expectAttrs(t *testing.T, h *harness, user string, want map[string]any) {
	t.Helper()
	got, ok := h.s.UserAttributes(DefaultIntegrationToken, user)
	if !ok {
		t.Fatalf("no attributes stored for %s", user)
	}
	if !maps.Equal(got, want) {
		t.Errorf("%s: attributes %v, want %v", user, got, want)
	}
}

func lastRecord(h *harness) RequestRecord {
	recs := h.s.Requests()
	return recs[len(recs)-1]
}

func TestUserDataStored(t *testing.T) {
	h := newHarness(t)
	tok := h.token()
	resp := push(h, tok, map[string]any{
		"Email": "john@walkme.com", "Status": "New", "ARR": 1250.5, "RenewalDate": "2024-02-29", "Plan": "",
		"account": map[string]any{"tier": "gold"},
	})
	expectStatus(t, resp, http.StatusOK)
	assertJSON(t, resp.body, `{"message":"Request has been received"}`)
	expectAttrs(t, h, "john@walkme.com", map[string]any{"Status": "New", "ARR": 1250.5, "RenewalDate": "2024-02-29", "Plan": "", "account.tier": "gold"})
	if rec := lastRecord(h); rec.Records != 1 || rec.Ignored || len(rec.Notes) != 0 || rec.Endpoint != EndpointUserDataPush {
		t.Errorf("record %+v", rec)
	}
	if _, ok := h.s.UserAttributes("other-integration", "john@walkme.com"); ok {
		t.Error("attributes visible under another integration")
	}
}

func TestUserDataNullIsIgnored(t *testing.T) {
	tests := map[string]struct {
		body, reason string
	}{
		"record field":  {`{"token":"sandbox-integration-token","data":[{"Email":"a@x","Status":"ok"},{"Email":"b@x","Plan":"p"},{"Email":"c@x","Status":"ok"},{"Email":"d@x","Status":null}]}`, "data[3].Status"},
		"nested field":  {`{"token":"sandbox-integration-token","data":[{"Email":"a@x","account":{"tier":null}}]}`, "data[0].account.tier"},
		"array element": {`{"token":"sandbox-integration-token","data":[{"Email":"a@x","Status":"ok","tags":["x",null]}]}`, "data[0].tags[1]"},
		"token":         {`{"token":null,"data":[{"Email":"a@x","Status":"ok"}]}`, "token"},
		"data":          {`{"token":"sandbox-integration-token","data":null}`, "data"},
		// The null rule comes first: even an otherwise invalid request is "received".
		"with bad token": {`{"token":"nope","data":[{"Email":"a@x","Status":null}]}`, "data[0].Status"},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			h := newHarness(t)
			resp := h.call(http.MethodPost, dataPath, h.token(), tt.body)
			expectStatus(t, resp, http.StatusOK)
			if resp.message(t) != "Request has been received" {
				t.Errorf("body %s", resp.body)
			}
			for _, u := range []string{"a@x", "b@x", "c@x", "d@x"} {
				if attrs, ok := h.s.UserAttributes(DefaultIntegrationToken, u); ok {
					t.Errorf("%s stored %v from an ignored request", u, attrs)
				}
			}
			rec := lastRecord(h)
			if !rec.Ignored || rec.IgnoreReason != "null value at "+tt.reason {
				t.Errorf("Ignored %v IgnoreReason %q, want null value at %s", rec.Ignored, rec.IgnoreReason, tt.reason)
			}
		})
	}
}

func TestUserDataMissingFieldRule(t *testing.T) {
	h := newHarness(t)
	tok := h.token()
	full := map[string]any{"Status": "Active", "Plan": "Pro", "ARR": 100.0, "account.tier": "gold"}
	expectStatus(t, push(h, tok, map[string]any{"Email": "a@x", "Status": "Active", "Plan": "Pro", "ARR": 100, "account": map[string]any{"tier": "gold"}}), http.StatusOK)
	expectAttrs(t, h, "a@x", full)

	// One record: fields left out keep their values.
	expectStatus(t, push(h, tok, map[string]any{"Email": "a@x", "Status": "Churned"}), http.StatusOK)
	full["Status"] = "Churned"
	expectAttrs(t, h, "a@x", full)

	// Several records: fields left out are deleted, per record.
	expectStatus(t, push(h, tok,
		map[string]any{"Email": "a@x", "Status": "Back", "ARR": "not a number"},
		map[string]any{"Email": "b@x", "Plan": "Free"},
	), http.StatusOK)
	// ARR was sent (with a wrong type: ignored), so it is not "missing" and keeps its value.
	expectAttrs(t, h, "a@x", map[string]any{"Status": "Back", "ARR": 100.0})
	expectAttrs(t, h, "b@x", map[string]any{"Plan": "Free"})
}

func TestUserDataRecordLimit(t *testing.T) {
	h := newHarness(t)
	tok := h.token()
	records := func(n int) []map[string]any {
		out := make([]map[string]any, n)
		for i := range out {
			out[i] = map[string]any{"Email": fmt.Sprintf("u%d@x", i), "Status": "s"}
		}
		return out
	}
	expectStatus(t, push(h, tok, records(100)...), http.StatusOK)
	expectStatus(t, push(h, tok, records(101)...), http.StatusBadRequest, "101 records", "at most 100")
	if _, ok := h.s.UserAttributes(DefaultIntegrationToken, "u100@x"); ok {
		t.Error("a record of the rejected request was stored")
	}
	if rec := lastRecord(h); rec.Records != 101 {
		t.Errorf("Records %d", rec.Records)
	}
}

func TestUserDataValidation(t *testing.T) {
	h := newHarness(t)
	tok := h.token()
	tests := map[string]struct{ body, want string }{
		"unknown integration": {`{"token":"nope","data":[{"Email":"a@x","Status":"s"}]}`, "invalid integration token"},
		"missing token":       {`{"data":[{"Email":"a@x","Status":"s"}]}`, "token is required"},
		"numeric token":       {`{"token":5,"data":[]}`, "token must be a string"},
		"missing data":        {`{"token":"sandbox-integration-token"}`, "data is required"},
		"data not array":      {`{"token":"sandbox-integration-token","data":{"Email":"a@x"}}`, "data must be an array"},
		"record not object":   {`{"token":"sandbox-integration-token","data":[{"Email":"a@x","Status":"s"},"b@x"]}`, "data[1] must be a JSON object"},
		"no user id":          {`{"token":"sandbox-integration-token","data":[{"Email":"a@x","Status":"s"},{"Status":"s"}]}`, `data[1] has no user ID property "Email"`},
		"only user id":        {`{"token":"sandbox-integration-token","data":[{"Email":"a@x"}]}`, "data[0] must contain at least one field"},
		"only empty object":   {`{"token":"sandbox-integration-token","data":[{"Email":"a@x","account":{}}]}`, "data[0] must contain at least one field"},
		"numeric user id":     {`{"token":"sandbox-integration-token","data":[{"Email":5,"Status":"s"}]}`, "data[0].Email (the user ID) must be a non-empty string"},
		"empty user id":       {`{"token":"sandbox-integration-token","data":[{"Email":"","Status":"s"}]}`, "non-empty string"},
		"unknown top field":   {`{"token":"sandbox-integration-token","data":[],"mode":"x"}`, `unknown field "mode"`},
		"array body":          {`[{"token":"sandbox-integration-token"}]`, "JSON object"},
		"bad JSON":            {`{"token":`, "JSON object"},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			expectStatus(t, h.call(http.MethodPost, dataPath, tok, tt.body), http.StatusBadRequest, tt.want)
		})
	}
	if _, ok := h.s.UserAttributes(DefaultIntegrationToken, "a@x"); ok {
		t.Error("a rejected request stored attributes")
	}
	// An empty data array is accepted and stores nothing.
	expectStatus(t, h.call(http.MethodPost, dataPath, tok, `{"token":"sandbox-integration-token","data":[]}`), http.StatusOK)
}

func TestUserDataWrongTypesAndUnknownFieldsIgnored(t *testing.T) {
	h := newHarness(t)
	tok := h.token()
	expectStatus(t, push(h, tok, map[string]any{"Email": "a@x", "Status": "Old", "ARR": 5, "RenewalDate": "2024-01-01"}), http.StatusOK)
	resp := push(h, tok, map[string]any{
		"Email":        "a@x",
		"Status":       7,            // string property, number sent
		"ARR":          "123",        // number property, string sent
		"RenewalDate":  "2023-02-30", // not a real date
		"Plan":         true,         // boolean
		"Nickname":     "Al",         // not a property of the integration
		"account.tier": "gold",       // flat key with a dot: not the nested property
		"account":      map[string]any{"region": "eu"},
	})
	expectStatus(t, resp, http.StatusOK)
	expectAttrs(t, h, "a@x", map[string]any{"Status": "Old", "ARR": 5.0, "RenewalDate": "2024-01-01"})
	notes := strings.Join(lastRecord(h).Notes, "\n")
	for _, want := range []string{
		"data[0].Status: property type string needs a JSON string, got a number, ignored",
		"data[0].ARR: property type number needs a JSON number, got a string, ignored",
		`data[0].RenewalDate: date "2023-02-30" is not a real date, ignored`,
		"data[0].Plan: property type string needs a JSON string, got a boolean, ignored",
		"data[0].Nickname: not a property of the integration, ignored",
		"data[0].account.region: not a property of the integration, ignored",
		`key "account.tier" contains a dot`,
	} {
		if !strings.Contains(notes, want) {
			t.Errorf("notes do not mention %q:\n%s", want, notes)
		}
	}
	for _, bad := range []string{"2024/01/01", "2024-1-01", "20240101", "2024-01-01T00:00:00Z"} {
		push(h, tok, map[string]any{"Email": "a@x", "RenewalDate": bad})
		expectAttrs(t, h, "a@x", map[string]any{"Status": "Old", "ARR": 5.0, "RenewalDate": "2024-01-01"})
	}
}

func TestUserDataNestedUserIDProperty(t *testing.T) {
	h := newHarness(t, func(c *Config) {
		c.Integrations = []Integration{{Token: "tok", UserIDProperty: "properties.ID", Properties: map[string]PropertyType{
			"field1": PropertyString, "nested.field": PropertyNumber,
		}}}
	})
	tok := h.token()
	// The nested form the documentation describes.
	body := `{"token":"tok","data":[{"properties":{"ID":"name@company.com"},"field1":"value","field2":123,"nested":{"field":456}}]}`
	expectStatus(t, h.call(http.MethodPost, dataPath, tok, body), http.StatusOK)
	got, ok := h.s.UserAttributes("tok", "name@company.com")
	if !ok || !maps.Equal(got, map[string]any{"field1": "value", "nested.field": 456.0}) {
		t.Errorf("attributes %v %v", got, ok)
	}
	// WalkMe's curl example writes the dotted name as a flat key; the sandbox does not
	// treat that as the nested property (see ASSUMPTIONS.md, userdata-dotted).
	flat := `{"token":"tok","data":[{"properties.ID":"name@company.com","field1":"value"}]}`
	expectStatus(t, h.call(http.MethodPost, dataPath, tok, flat), http.StatusBadRequest, `no user ID property "properties.ID"`)
}

func TestUserDataInspectionIsSorted(t *testing.T) {
	h := newHarness(t)
	tok := h.token()
	push(h, tok, map[string]any{"Email": "b@x", "Status": "s"}, map[string]any{"Email": "a@x", "Status": "s"})
	users, ok := h.s.integrationUsers(DefaultIntegrationToken)
	if !ok || !slices.Equal(slices.Sorted(maps.Keys(users)), []string{"a@x", "b@x"}) {
		t.Errorf("users %v", users)
	}
}
