package client

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
)

func TestPushUserData(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, http.StatusOK, `{"message":"Request has been received"}`)
	})
	c := newTestClient(t, f)
	records := []map[string]any{{"Email": "john@walkme.com", "Status": "New", "nested": map[string]any{"field": 456}}}
	if err := c.PushUserData(context.Background(), "integration-token-1", records); err != nil {
		t.Fatal(err)
	}
	want := `{"token":"integration-token-1","data":[{"Email":"john@walkme.com","Status":"New","nested":{"field":456}}]}`
	assertJSON(t, f.body("POST", userDataPath), want)
}

func TestPushUserDataValidation(t *testing.T) {
	var nilMap map[string]string
	var nilPtr *string
	tooMany := make([]map[string]any, MaxUserDataRecords+1)
	for i := range tooMany {
		tooMany[i] = map[string]any{"Email": fmt.Sprint(i)}
	}
	cases := []struct {
		token   string
		records []map[string]any
		want    string
	}{
		{"", []map[string]any{{"a": 1}}, "integration token is empty"},
		{"tok", nil, "0 user data records"},
		{"tok", tooMany, "101 user data records"},
		{"tok", []map[string]any{{"Email": "a"}, {}}, "record 1 is empty"},
		{"tok", []map[string]any{{"Email": "a", "Status": nil}}, `record 0: "Status" is null`},
		{"tok", []map[string]any{{"Email": "a"}, {"Email": "b", "nested": map[string]any{"field": nil}}}, `record 1: "nested.field" is null`},
		{"tok", []map[string]any{{"Email": "a", "tags": []any{"x", nil}}}, `record 0: "tags[1]" is null`},
		{"tok", []map[string]any{{"Email": "a", "m": nilMap}}, `record 0: "m" is null`},
		{"tok", []map[string]any{{"Email": "a", "p": nilPtr}}, `record 0: "p" is null`},
		{"tok", []map[string]any{{"Email": "a", "s": []string(nil)}}, `record 0: "s" is null`},
		{"tok", []map[string]any{{"Email": "a", "m": map[string][]*int{"k": {nil}}}}, `record 0: "m.k[0]" is null`},
	}
	f := newFake(t, func(w http.ResponseWriter, _ *http.Request) { t.Error("request sent for invalid input") })
	c := newTestClient(t, f)
	for _, tc := range cases {
		err := c.PushUserData(context.Background(), tc.token, tc.records)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("error %v, want %q", err, tc.want)
		}
	}
	one := 1
	if err := validateUserData("tok", []map[string]any{{"Email": "a", "n": &one, "l": []string{}, "z": 0, "e": ""}}); err != nil {
		t.Errorf("valid record refused: %v", err)
	}
}

func TestPushUserData403NamesPermission(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, http.StatusForbidden, `{"message":"Forbidden"}`)
	})
	c := newTestClient(t, f)
	err := c.PushUserData(context.Background(), "tok", []map[string]any{{"Email": "a", "S": "b"}})
	if err == nil || !strings.Contains(err.Error(), `enable the API key permission "End User Update API" (scope endUserUpdate:write)`) {
		t.Errorf("error = %v", err)
	}
}
