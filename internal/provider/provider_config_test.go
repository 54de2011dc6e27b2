package provider

import (
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
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
		clientID: "attr-id", clientSecret: "env-secret", apiURL: defaultAPIURL, systemGUID: "env-system",
		maxRetries: 5, maxConcurrent: 4, retryWaitMin: time.Second, retryWaitMax: 45 * time.Second, requestTimeout: time.Minute,
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

func TestClientMaxRetriesZeroMeansNone(t *testing.T) {
	// The client reads 0 as "use the default"; max_retries = 0 must mean no retries.
	if got := clientMaxRetries(0); got >= 0 {
		t.Errorf("clientMaxRetries(0) = %d, want a negative value (no retries)", got)
	}
	if got := clientMaxRetries(3); got != 3 {
		t.Errorf("clientMaxRetries(3) = %d, want 3", got)
	}
}
