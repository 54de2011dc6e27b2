package provider

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/walkme-community/terraform-provider-walkme/internal/client"
)

// nullModel is a provider block with nothing set.
func nullModel() providerModel {
	return providerModel{
		ClientID: types.StringNull(), ClientSecret: types.StringNull(), APIURL: types.StringNull(),
		SystemGUID: types.StringNull(), MaxRetries: types.Int64Null(), RetryWaitMin: types.StringNull(),
		RetryWaitMax: types.StringNull(), RequestTimeout: types.StringNull(),
	}
}

func clearEnv(t *testing.T) {
	for _, e := range []string{envClientID, envClientSecret, envAPIURL, envSystemGUID, envMaxRetries,
		envRetryWaitMin, envRetryWaitMax, envRequestTimeout} {
		t.Setenv(e, "")
	}
}

func errorText(d diag.Diagnostics) string {
	var b strings.Builder
	for _, e := range d.Errors() {
		b.WriteString(e.Summary() + ": " + e.Detail() + "\n")
	}
	return b.String()
}

func TestResolveSettingsMissingCredentialsNameAttributeAndVariable(t *testing.T) {
	clearEnv(t)
	var diags diag.Diagnostics
	_, ok := resolveSettings(nullModel(), &diags)
	if ok {
		t.Fatal("resolveSettings accepted a configuration without credentials")
	}
	msg := errorText(diags)
	for _, want := range []string{"client_id", envClientID, "client_secret", envClientSecret} {
		if !strings.Contains(msg, want) {
			t.Errorf("errors do not name %s:\n%s", want, msg)
		}
	}
	if n := len(diags.Errors()); n != 2 {
		t.Errorf("got %d errors, want one per missing credential:\n%s", n, msg)
	}
}

func TestResolveSettingsDefaultsAndEnvironment(t *testing.T) {
	clearEnv(t)
	t.Setenv(envClientID, "env-id")
	t.Setenv(envClientSecret, "env-secret")
	t.Setenv(envSystemGUID, "env-system")
	t.Setenv(envRetryWaitMax, "45s")
	m := nullModel()
	m.ClientID = types.StringValue("attr-id") // the attribute wins over the environment
	var diags diag.Diagnostics
	s, ok := resolveSettings(m, &diags)
	if !ok {
		t.Fatalf("unexpected errors:\n%s", errorText(diags))
	}
	want := settings{
		clientID: "attr-id", clientSecret: "env-secret", apiURL: client.DefaultAPIURL, systemGUID: "env-system",
		maxRetries: client.DefaultMaxRetries, maxConcurrent: defaultMaxConcurrent, retryWaitMin: client.DefaultRetryWaitMin, retryWaitMax: 45 * time.Second,
		requestTimeout: client.DefaultRequestTimeout,
	}
	if s != want {
		t.Errorf("settings = %+v, want %+v", s, want)
	}
}

func TestResolveSettingsUnknownValuesDoNotFail(t *testing.T) {
	clearEnv(t)
	m := nullModel()
	m.ClientSecret = types.StringUnknown()
	var diags diag.Diagnostics
	if _, ok := resolveSettings(m, &diags); ok {
		t.Error("resolveSettings configured a client from an unknown secret")
	}
	if diags.HasError() {
		t.Errorf("unknown values produced errors:\n%s", errorText(diags))
	}
}

func TestResolveSettingsInvalidValuesNameTheSource(t *testing.T) {
	clearEnv(t)
	t.Setenv(envClientID, "id")
	t.Setenv(envClientSecret, "secret")
	t.Setenv(envRequestTimeout, "ten seconds")
	t.Setenv(envMaxRetries, "99")
	m := nullModel()
	m.RetryWaitMin = types.StringValue("-1s")
	var diags diag.Diagnostics
	if _, ok := resolveSettings(m, &diags); ok {
		t.Fatal("invalid settings were accepted")
	}
	msg := errorText(diags)
	for _, want := range []string{envRequestTimeout, `"ten seconds"`, envMaxRetries, `"99"`, `"-1s"`, "longer than zero"} {
		if !strings.Contains(msg, want) {
			t.Errorf("errors do not mention %s:\n%s", want, msg)
		}
	}
}

func TestResolveSettingsWaitMinAboveMax(t *testing.T) {
	clearEnv(t)
	m := nullModel()
	m.ClientID, m.ClientSecret = types.StringValue("id"), types.StringValue("secret")
	m.RetryWaitMin, m.RetryWaitMax = types.StringValue("10s"), types.StringValue("2s")
	var diags diag.Diagnostics
	if _, ok := resolveSettings(m, &diags); ok || !strings.Contains(errorText(diags), "retry_wait_max (2s)") {
		t.Errorf("retry_wait_min > retry_wait_max not reported: %s", errorText(diags))
	}
}

func TestNewProviderDataRefusesPlainHTTPToRemoteHosts(t *testing.T) {
	s := settings{clientID: "id", clientSecret: "secret", apiURL: "http://api.walkme.com", maxRetries: 1,
		retryWaitMin: time.Second, retryWaitMax: time.Second, requestTimeout: time.Second}
	if _, err := newProviderData(s, "test", "1.11.4"); err == nil || !strings.Contains(err.Error(), "http") {
		t.Errorf("plain http to a remote host: err = %v, want a refusal", err)
	}
	s.apiURL = "http://127.0.0.1:8080"
	pd, err := newProviderData(s, "test", "1.11.4")
	if err != nil {
		t.Fatalf("loopback http refused: %v", err)
	}
	if pd.client == nil {
		t.Error("no client built")
	}
}

// max_retries reaches the client as the number of retries: 0 is one attempt, no retries.
func TestMaxRetriesReachClientAsGiven(t *testing.T) {
	for _, retries := range []int{0, 2} {
		var attempts atomic.Int32
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
			attempts.Add(1)
			w.WriteHeader(http.StatusServiceUnavailable)
		}))
		s := settings{clientID: "id", clientSecret: "secret", apiURL: srv.URL, maxRetries: retries,
			retryWaitMin: time.Millisecond, retryWaitMax: time.Millisecond, requestTimeout: time.Minute}
		pd, err := newProviderData(s, "test", "1.11.4")
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := pd.client.AccessToken(context.Background()); err == nil {
			t.Errorf("max_retries %d: token fetch from a 503 succeeded", retries)
		}
		srv.Close()
		if got := int(attempts.Load()); got != retries+1 {
			t.Errorf("max_retries %d: %d attempts, want %d", retries, got, retries+1)
		}
	}
}
