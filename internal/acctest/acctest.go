// Package acctest is the acceptance-test harness: a WalkMe sandbox per test, served in the
// test process, and the provider reattached to the real Terraform CLI.
package acctest

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/walkme-community/terraform-provider-walkme/internal/client"
	"github.com/walkme-community/terraform-provider-walkme/internal/provider"
	"github.com/walkme-community/terraform-provider-walkme/internal/sandbox"
)

// ProtoV6ProviderFactories runs the provider in the test process; Terraform reattaches to it,
// so nothing is downloaded.
var ProtoV6ProviderFactories = map[string]func() (tfprotov6.ProviderServer, error){
	"walkme": providerserver.NewProtocol6WithError(provider.New("test")()),
}

// PreCheck fails, never skips, when acceptance tests are asked for and Terraform is missing.
func PreCheck(t testing.TB) {
	t.Helper()
	if err := CheckTerraform(); err != nil {
		t.Fatal(err)
	}
}

// AcceptanceCLI skips the test unless TF_ACC is set, and returns the CLI the acceptance
// tests run; a missing CLI fails the test.
func AcceptanceCLI(t testing.TB) CLIInfo {
	t.Helper()
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test: set TF_ACC=1")
	}
	c, err := CLI()
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// CheckTerraform reports whether the Terraform (or OpenTofu) CLI the acceptance tests need can
// be found and run; see CLI.
func CheckTerraform() error {
	if os.Getenv("TF_ACC") == "" {
		return nil
	}
	_, err := CLI()
	return err
}

// Env is one test's sandbox.
type Env struct {
	Sandbox       *sandbox.Server
	URL           string
	SandboxConfig sandbox.Config
}

// NewEnv starts a sandbox with sandbox.DefaultConfig, changed by mutate, for one test.
func NewEnv(t testing.TB, mutate ...func(*sandbox.Config)) *Env {
	t.Helper()
	return NewWrappedEnv(t, nil, mutate...)
}

// NewWrappedEnv is NewEnv with the sandbox served behind wrap (when not nil), so that a test
// can watch or steer the requests the provider sends.
func NewWrappedEnv(t testing.TB, wrap func(sb *sandbox.Server, next http.Handler) http.Handler, mutate ...func(*sandbox.Config)) *Env {
	t.Helper()
	cfg := sandbox.DefaultConfig()
	for _, m := range mutate {
		m(&cfg)
	}
	sb, err := sandbox.New(cfg)
	if err != nil {
		t.Fatalf("starting the sandbox: %v", err)
	}
	var h http.Handler = sb
	if wrap != nil {
		h = wrap(sb, sb)
	}
	ts := httptest.NewServer(h)
	t.Cleanup(ts.Close)
	return &Env{Sandbox: sb, URL: ts.URL, SandboxConfig: cfg}
}

// ProviderBlock configures the provider against this sandbox, with retry waits short enough
// for tests (a test of Retry-After sets its own).
func (e *Env) ProviderBlock() string {
	return e.ProviderBlockWith("")
}

// ProviderBlockWith is ProviderBlock with extra provider attributes, one "name = value" per
// line; an extra attribute replaces the default of the same name.
func (e *Env) ProviderBlockWith(extra string) string {
	attrs := [][2]string{
		{"api_url", strconv.Quote(e.URL)},
		{"client_id", strconv.Quote(sandbox.DefaultClientID)},
		{"client_secret", strconv.Quote(sandbox.DefaultClientSecret)},
		{"system_guid", strconv.Quote(sandbox.DefaultSystemGUID)},
		{"retry_wait_min", `"10ms"`},
		{"retry_wait_max", `"200ms"`},
	}
	overridden := map[string]bool{}
	for _, line := range strings.Split(extra, "\n") {
		if name, _, ok := strings.Cut(line, "="); ok {
			overridden[strings.TrimSpace(name)] = true
		}
	}
	var b strings.Builder
	b.WriteString("\nprovider \"walkme\" {\n")
	for _, a := range attrs {
		if !overridden[a[0]] {
			fmt.Fprintf(&b, "  %s = %s\n", a[0], a[1])
		}
	}
	b.WriteString(extra)
	b.WriteString("\n}\n")
	return b.String()
}

// Config is the provider block followed by body.
func (e *Env) Config(body string) string {
	return e.ProviderBlock() + body
}

// Client is a WalkMe client of this sandbox with its default credentials: a test acts
// through it as a WalkMe user would, outside Terraform.
func (e *Env) Client(t testing.TB) *client.Client {
	t.Helper()
	c, err := client.New(client.Config{APIURL: e.URL, ClientID: sandbox.DefaultClientID, ClientSecret: sandbox.DefaultClientSecret})
	if err != nil {
		t.Fatal(err)
	}
	return c
}
