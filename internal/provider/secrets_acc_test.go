package provider_test

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/walkme-community/terraform-provider-walkme/internal/acctest"
	"github.com/walkme-community/terraform-provider-walkme/internal/sandbox"
)

// TestAccSecrets_neverInLogsStateOrPlan runs a full lifecycle (plan to a file, show it,
// apply it, plan again with refresh, destroy) with TF_LOG=trace for both Terraform and
// the provider, then looks for the client secret, every access token the sandbox issued
// and the integration token in everything Terraform wrote: the trace log, the human plan
// and apply output, the saved plan as JSON and the state file.
//
// The only places a secret may appear are the sensitive inputs Terraform itself keeps:
// integration_token in the state and in the saved plan (Terraform stores sensitive
// attributes in clear text there), and the variables a saved plan records. Provider
// configuration is never in the state. Access tokens may appear nowhere, even though the
// configuration opens the walkme_access_token ephemeral resource.
//
// The test drives the terraform binary (acctest.CLIRunner) because terraform-plugin-testing neither
// lets Terraform's own trace log through without TF_ACC_LOG_PATH nor exposes the human
// plan output. TF_LOG and TF_LOG_PATH are set on this process for the provider, which runs
// in it, so the test cannot run in parallel with others.
func TestAccSecrets_neverInLogsStateOrPlan(t *testing.T) {
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test: set TF_ACC=1")
	}
	dir := t.TempDir()
	logFile := filepath.Join(dir, "trace.log")
	t.Setenv("TF_LOG", "TRACE")
	t.Setenv("TF_LOG_PATH", logFile)

	clientSecret := "cs-" + relRandomHex(t)
	integrationToken := "it-" + relRandomHex(t)
	persisted := filepath.Join(dir, "sandbox.json") // keeps the issued access tokens
	env := acctest.NewEnv(t, func(c *sandbox.Config) {
		c.Clients = []sandbox.Client{{ID: "hygiene", Secret: clientSecret, Scopes: c.Clients[0].Scopes}}
		c.Integrations[0].Token = integrationToken
		c.PersistPath = persisted
	})
	cli := acctest.NewCLIRunner(t, "TF_LOG=TRACE", "TF_LOG_PATH="+logFile,
		"TF_VAR_client_secret="+clientSecret, "TF_VAR_integration_token="+integrationToken)
	cli.Write("main.tf", fmt.Sprintf(`
variable "client_secret" {
  type      = string
  sensitive = true
}

variable "integration_token" {
  type      = string
  sensitive = true
}

provider "walkme" {
  api_url        = %q
  client_id      = "hygiene"
  client_secret  = var.client_secret
  system_guid    = %q
  retry_wait_min = "10ms"
  retry_wait_max = "50ms"
}

ephemeral "walkme_access_token" "current" {}

data "walkme_segments" "all" {
  depends_on = [walkme_segment.fault]
}

output "segments" {
  value = length(data.walkme_segments.all.segments)
}
`, env.URL, sandbox.DefaultSystemGUID)+
		relSegment("Secret hygiene", "a@example.com", "b@example.com")+
		strings.Replace(relUsers("New"), fmt.Sprintf("%q", sandbox.DefaultIntegrationToken), "var.integration_token", 1)+
		relNotification("1"))

	outputs := map[string]string{}
	cli.Must("init", "-input=false", "-no-color")
	outputs["plan output"] = cli.Must("plan", "-input=false", "-no-color", "-out=tfplan")
	outputs["terraform show of the saved plan"] = cli.Must("show", "-no-color", "tfplan")
	planJSON := cli.Must("show", "-json", "tfplan")
	outputs["apply output"] = cli.Must("apply", "-input=false", "-no-color", "tfplan")
	outputs["refresh plan output"] = cli.Must("plan", "-input=false", "-no-color")
	state, err := os.ReadFile(filepath.Join(cli.Dir, "terraform.tfstate"))
	if err != nil {
		t.Fatal(err)
	}
	outputs["destroy output"] = cli.Must("destroy", "-auto-approve", "-input=false", "-no-color")
	logText, err := os.ReadFile(logFile)
	if err != nil {
		t.Fatal(err)
	}

	// The whole lifecycle happened, and both Terraform and the provider logged at TRACE.
	if got := len(env.Sandbox.Notifications()); got != 1 {
		t.Errorf("%d notifications sent, want 1", got)
	}
	if _, ok := env.Sandbox.UserAttributes(integrationToken, "u1@example.com"); !ok {
		t.Error("no user attributes were pushed")
	}
	for _, want := range []string{
		"[TRACE] Stdout is not a terminal",         // Terraform core
		"[TRACE] walkme: WalkMe API response body", // the provider's TRACE bodies
		"/public/v1/user/data",
		`\"token\":\"***\"`, // the integration token went through the log, masked
	} {
		if !strings.Contains(string(logText), want) {
			t.Errorf("the trace log lacks %q: is TRACE logging captured?", want)
		}
	}

	secrets := map[string]string{"client secret": clientSecret, "integration token": integrationToken}
	tokens := relIssuedTokens(t, persisted)
	if len(tokens) != env.Sandbox.TokensIssued() || len(tokens) < 3 {
		t.Fatalf("read %d access tokens from the sandbox's state, it issued %d (want one per command at least)",
			len(tokens), env.Sandbox.TokensIssued())
	}
	for i, tok := range tokens {
		secrets[fmt.Sprintf("access token %d", i+1)] = tok
	}

	outputs["trace log"] = string(logText)
	outputs["state file (integration_token attributes left out)"] = relScrub(t, state)
	outputs["saved plan as JSON (variables and integration_token attributes left out)"] = relScrub(t, []byte(planJSON))
	for where, text := range outputs {
		for what, secret := range secrets {
			if strings.Contains(text, secret) {
				t.Errorf("the %s contains the %s", where, what)
			}
		}
	}
	// What is left out above holds the integration token only where Terraform keeps it.
	if !strings.Contains(string(state), integrationToken) {
		t.Error("the state lacks integration_token: the scrubbed check above proves nothing")
	}
}

func relRandomHex(t *testing.T) string {
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	return hex.EncodeToString(b)
}

// relIssuedTokens reads every access token the sandbox issued from its persisted state.
func relIssuedTokens(t *testing.T, path string) []string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var st struct {
		Tokens map[string]json.RawMessage `json:"tokens"`
	}
	if err := json.Unmarshal(b, &st); err != nil {
		t.Fatal(err)
	}
	out := make([]string, 0, len(st.Tokens))
	for tok := range st.Tokens {
		out = append(out, tok)
	}
	slices.Sort(out)
	return out
}

// relScrub re-encodes a JSON document without the values Terraform itself stores for
// sensitive inputs: every "integration_token" attribute and a saved plan's variables.
func relScrub(t *testing.T, doc []byte) string {
	t.Helper()
	var v any
	if err := json.Unmarshal(doc, &v); err != nil {
		t.Fatalf("not JSON: %v", err)
	}
	if top, ok := v.(map[string]any); ok {
		delete(top, "variables")
	}
	var walk func(any)
	walk = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			delete(x, "integration_token")
			for _, e := range x {
				walk(e)
			}
		case []any:
			for _, e := range x {
				walk(e)
			}
		}
	}
	walk(v)
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
