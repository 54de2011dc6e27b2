package provider

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/walkme-community/terraform-provider-walkme/internal/client"
)

const (
	envClientID       = "WALKME_CLIENT_ID"
	envClientSecret   = "WALKME_CLIENT_SECRET"
	envAPIURL         = "WALKME_API_URL"
	envSystemGUID     = "WALKME_SYSTEM_GUID"
	envMaxRetries     = "WALKME_MAX_RETRIES"
	envRetryWaitMin   = "WALKME_RETRY_WAIT_MIN"
	envRetryWaitMax   = "WALKME_RETRY_WAIT_MAX"
	envRequestTimeout = "WALKME_REQUEST_TIMEOUT"
	envMaxConcurrent  = "WALKME_MAX_CONCURRENT_REQUESTS"

	// defaultMaxConcurrent independent writes in flight: a few overlap the round trips of
	// large applies without looking like a flood to WalkMe's (undocumented) rate limits.
	defaultMaxConcurrent = 4
	maxMaxConcurrent     = 32
)

// settings are the provider's resolved values: attribute, else environment, else default.
type settings struct {
	clientID, clientSecret, apiURL, systemGUID string
	maxRetries, maxConcurrent                  int
	retryWaitMin, retryWaitMax, requestTimeout time.Duration
}

// providerData is what resources, data sources and actions receive from Configure.
type providerData struct {
	client       *client.Client
	systemGUID   string
	segmentLists segmentListCache // one segment list per system per process
	managed      managedSegments  // segments this run's refresh found in the state
	usersFiles   uaMemory         // users files parsed and planned by this process
	// maxConcurrent bounds the independent write requests one resource keeps in flight.
	maxConcurrent int
}

// resolveSettings merges the provider block with the environment. It reports false without
// an error when a value is unknown during plan, so Configure does not fail.
func resolveSettings(cfg providerModel, diags *diag.Diagnostics) (settings, bool) {
	for _, v := range []interface{ IsUnknown() bool }{
		cfg.ClientID, cfg.ClientSecret, cfg.APIURL, cfg.SystemGUID,
		cfg.MaxRetries, cfg.RetryWaitMin, cfg.RetryWaitMax, cfg.RequestTimeout, cfg.MaxConcurrent,
	} {
		if v.IsUnknown() {
			return settings{}, false
		}
	}
	s := settings{
		clientID:     stringSetting(cfg.ClientID, envClientID, ""),
		clientSecret: stringSetting(cfg.ClientSecret, envClientSecret, ""),
		apiURL:       stringSetting(cfg.APIURL, envAPIURL, client.DefaultAPIURL),
		systemGUID:   stringSetting(cfg.SystemGUID, envSystemGUID, ""),
	}
	if s.clientID == "" {
		diags.AddAttributeError(path.Root("client_id"), "Missing WalkMe client ID",
			"Set the provider attribute client_id or the environment variable "+envClientID+
				" to the Client ID of a WalkMe API key (Admin Center → API Keys).")
	}
	if s.clientSecret == "" {
		diags.AddAttributeError(path.Root("client_secret"), "Missing WalkMe client secret",
			"Set the provider attribute client_secret or the environment variable "+envClientSecret+
				" to the Client Secret of the same API key.")
	}

	var err error
	if s.maxRetries, err = intSetting(cfg.MaxRetries, envMaxRetries, client.DefaultMaxRetries); err != nil {
		diags.AddAttributeError(path.Root("max_retries"), "Invalid max_retries", err.Error())
	}
	if s.maxConcurrent, err = maxConcurrentSetting(cfg.MaxConcurrent); err != nil {
		diags.AddAttributeError(path.Root("max_concurrent_requests"), "Invalid max_concurrent_requests", err.Error())
	}
	durations := []struct {
		attr, env string
		value     types.String
		def       time.Duration
		dst       *time.Duration
	}{
		{"retry_wait_min", envRetryWaitMin, cfg.RetryWaitMin, client.DefaultRetryWaitMin, &s.retryWaitMin},
		{"retry_wait_max", envRetryWaitMax, cfg.RetryWaitMax, client.DefaultRetryWaitMax, &s.retryWaitMax},
		{"request_timeout", envRequestTimeout, cfg.RequestTimeout, client.DefaultRequestTimeout, &s.requestTimeout},
	}
	for _, d := range durations {
		if *d.dst, err = durationSetting(d.value, d.env, d.def); err != nil {
			diags.AddAttributeError(path.Root(d.attr), "Invalid "+d.attr, err.Error())
		}
	}
	if !diags.HasError() && s.retryWaitMin > s.retryWaitMax {
		diags.AddAttributeError(path.Root("retry_wait_min"), "Invalid retry_wait_min",
			fmt.Sprintf("retry_wait_min (%s) is longer than retry_wait_max (%s).", s.retryWaitMin, s.retryWaitMax))
	}
	return s, !diags.HasError()
}

func newProviderData(s settings, version, terraformVersion string) (*providerData, error) {
	if terraformVersion == "" {
		terraformVersion = "unknown"
	}
	c, err := client.New(client.Config{
		APIURL:         s.apiURL,
		ClientID:       s.clientID,
		ClientSecret:   s.clientSecret,
		UserAgent:      fmt.Sprintf("terraform-provider-walkme/%s terraform/%s", version, terraformVersion),
		MaxRetries:     s.maxRetries,
		RetryWaitMin:   s.retryWaitMin,
		RetryWaitMax:   s.retryWaitMax,
		RequestTimeout: s.requestTimeout,
		// Each resource keeps up to maxConcurrent writes in flight, on as many connections.
		MaxConcurrentRequests: s.maxConcurrent,
		CredentialsHint: "check the provider's client_id and client_secret (environment variables " +
			envClientID + " and " + envClientSecret + "): they must be the Client ID and Client Secret " +
			"of an API key in WalkMe Admin Center → API Keys",
	})
	if err != nil {
		return nil, fmt.Errorf("creating the WalkMe client: %w", err)
	}
	return &providerData{client: c, systemGUID: s.systemGUID, maxConcurrent: max(s.maxConcurrent, 1)}, nil
}

func stringSetting(v types.String, env, def string) string {
	if !v.IsNull() {
		return v.ValueString()
	}
	if e := os.Getenv(env); e != "" {
		return e
	}
	return def
}

func intSetting(v types.Int64, env string, def int) (int, error) {
	if !v.IsNull() {
		return int(v.ValueInt64()), nil
	}
	e := os.Getenv(env)
	if e == "" {
		return def, nil
	}
	n, err := strconv.Atoi(strings.TrimSpace(e))
	if err != nil || n < 0 || n > client.MaxRetriesLimit {
		return 0, fmt.Errorf("environment variable %s=%q is not a whole number from 0 to %d", env, e, client.MaxRetriesLimit)
	}
	return n, nil
}

// maxConcurrentSetting is max_concurrent_requests, else its environment variable, else the
// default. The attribute's own range is checked by its validator at plan time.
func maxConcurrentSetting(v types.Int64) (int, error) {
	if !v.IsNull() {
		return int(v.ValueInt64()), nil
	}
	e := strings.TrimSpace(os.Getenv(envMaxConcurrent))
	if e == "" {
		return defaultMaxConcurrent, nil
	}
	n, err := strconv.Atoi(e)
	if err != nil || n < 1 || n > maxMaxConcurrent {
		return 0, fmt.Errorf("environment variable %s=%q is not a whole number from 1 to %d (1 sends one request at a time)",
			envMaxConcurrent, e, maxMaxConcurrent)
	}
	return n, nil
}

func durationSetting(v types.String, env string, def time.Duration) (time.Duration, error) {
	raw, source := v.ValueString(), "value"
	if v.IsNull() {
		raw, source = os.Getenv(env), "environment variable "+env
		if raw == "" {
			return def, nil
		}
	}
	d, err := parsePositiveDuration(raw)
	if err != nil {
		return 0, fmt.Errorf("%s %q: %w", source, raw, err)
	}
	return d, nil
}

func parsePositiveDuration(s string) (time.Duration, error) {
	d, err := time.ParseDuration(s)
	if err != nil {
		return 0, fmt.Errorf("not a duration such as \"500ms\", \"10s\" or \"2m\"")
	}
	if d <= 0 {
		return 0, fmt.Errorf("must be longer than zero")
	}
	return d, nil
}

// durationValidator checks Go duration strings at plan time.
type durationValidator struct{}

func (durationValidator) Description(context.Context) string {
	return "value must be a positive Go duration such as 500ms, 10s or 2m"
}

func (v durationValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (durationValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if _, err := parsePositiveDuration(req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid duration",
			fmt.Sprintf("%s = %q: %s.", req.Path, req.ConfigValue.ValueString(), err))
	}
}

// providerDataFrom is what every resource, data source and action calls in Configure. It
// returns nil before the provider is configured (for example with unknown credentials).
func providerDataFrom(data any, diags *diag.Diagnostics) *providerData {
	if data == nil {
		return nil
	}
	pd, ok := data.(*providerData)
	if !ok {
		diags.AddError("Unexpected provider data",
			fmt.Sprintf("Expected *providerData, got %T. This is a bug in the provider; please report it.", data))
		return nil
	}
	return pd
}

// The one error for an object that needs the provider's client and has none.
const (
	notConfiguredSummary = "WalkMe provider not configured"
	notConfiguredDetail  = "The walkme provider has no client: its configuration (client_id, client_secret, " +
		"api_url) was unknown, for example credentials that another resource creates, or invalid. " +
		"Nothing was sent to WalkMe."
)

// configured reports whether pd holds a client, and adds the one error when it does not.
// Resources, data sources, actions and ephemeral resources all ask it before a remote call.
func configured(pd *providerData, diags *diag.Diagnostics) bool {
	if pd != nil && pd.client != nil {
		return true
	}
	diags.AddError(notConfiguredSummary, notConfiguredDetail)
	return false
}
