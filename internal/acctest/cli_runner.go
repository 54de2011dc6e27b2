package acctest

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hashicorp/go-hclog"
	"github.com/hashicorp/go-plugin"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"
)

// CLIRunner runs the real terraform (or tofu) binary in a working directory of its own,
// against the provider served from the test process (TF_REATTACH_PROVIDERS, as
// terraform-plugin-testing does). Tests use it where they need what plugin-testing does not
// give: their own command-line flags, Terraform's own output, requests counted per command,
// and actions and list resources, for which plugin-testing has no step.
type CLIRunner struct {
	t   *testing.T
	Dir string // the working directory
	bin string
	env []string
	// Configures counts ConfigureProvider calls. Terraform configures a provider once per
	// graph walk; outside tests each walk runs its own provider process.
	Configures atomic.Int32
}

// NewCLIRunner serves the provider and prepares a working directory; it skips the test
// unless TF_ACC is set. env is added to the environment of every command. The provider logs
// through terraform-plugin-log's test sink, which follows TF_LOG and TF_LOG_PATH of this
// process.
func NewCLIRunner(t *testing.T, env ...string) *CLIRunner {
	t.Helper()
	tf := AcceptanceCLI(t)
	c := &CLIRunner{t: t, Dir: t.TempDir(), bin: tf.Path}
	reattach := serveProvider(t, tf.ProviderAddress(), &c.Configures)
	c.env = append(cliEnv(os.Environ()), "TF_REATTACH_PROVIDERS="+reattach)
	c.env = append(c.env, env...)
	return c
}

// cliEnv is the environment of the runner's commands: the test process's, without its
// Terraform settings (logging, CLI arguments, variables; each test states its own), and
// with Terraform's prompts and update checks off.
func cliEnv(environ []string) []string {
	var out []string
	for _, kv := range environ {
		k, _, _ := strings.Cut(kv, "=")
		if strings.HasPrefix(k, "TF_") && k != "TF_CLI_CONFIG_FILE" && k != "TF_PLUGIN_CACHE_DIR" ||
			k == "PLUGIN_PROTOCOL_VERSIONS" { // set by terraform-plugin-testing for its own runs
			continue
		}
		out = append(out, kv)
	}
	return append(out, "CHECKPOINT_DISABLE=1", "TF_IN_AUTOMATION=1", "TF_INPUT=0")
}

// serveProvider serves the provider as a debug plugin under addr until the test ends, counting
// ConfigureProvider calls in configures, and returns the TF_REATTACH_PROVIDERS value for it.
func serveProvider(t *testing.T, addr string, configures *atomic.Int32) string {
	t.Helper()
	srv, err := ProtoV6ProviderFactories["walkme"]()
	if err != nil {
		t.Fatal(err)
	}
	full, ok := srv.(fullServer)
	if !ok {
		t.Fatalf("the provider server %T serves neither actions nor list resources", srv)
	}
	counted := &countingServer{fullServer: full, configures: configures}

	ctx, cancel := context.WithCancel(context.Background())
	reattachCh := make(chan *plugin.ReattachConfig)
	closeCh := make(chan struct{})
	go func() {
		err := tf6server.Serve(addr, func() tfprotov6.ProviderServer { return counted },
			tf6server.WithDebug(ctx, reattachCh, closeCh),
			tf6server.WithGoPluginLogger(hclog.NewNullLogger()),
			tf6server.WithLoggingSink(t),
			tf6server.WithoutLogStderrOverride())
		if err != nil {
			t.Errorf("serving the provider: %v", err)
		}
	}()
	var rc *plugin.ReattachConfig
	select {
	case rc = <-reattachCh:
	case <-time.After(10 * time.Second):
		cancel()
		t.Fatal("the provider server did not start")
	}
	t.Cleanup(func() {
		cancel()
		<-closeCh
	})
	reattach, err := json.Marshal(map[string]any{addr: map[string]any{
		"Protocol": string(rc.Protocol), "ProtocolVersion": rc.ProtocolVersion, "Pid": rc.Pid, "Test": rc.Test,
		"Addr": map[string]string{"Network": rc.Addr.Network(), "String": rc.Addr.String()},
	}})
	if err != nil {
		t.Fatal(err)
	}
	return string(reattach)
}

// fullServer is every RPC the framework serves: tfprotov6.ProviderServer alone leaves out
// actions and list resources, which tf6server would then answer "Not Implemented".
type fullServer interface {
	tfprotov6.ProviderServer
	tfprotov6.ActionServer
	tfprotov6.ListResourceServer
}

// countingServer counts ConfigureProvider calls.
type countingServer struct {
	fullServer
	configures *atomic.Int32
}

func (s *countingServer) ConfigureProvider(ctx context.Context, req *tfprotov6.ConfigureProviderRequest) (*tfprotov6.ConfigureProviderResponse, error) {
	s.configures.Add(1)
	return s.fullServer.ConfigureProvider(ctx, req)
}

// Write puts a file into the working directory.
func (c *CLIRunner) Write(name, content string) {
	c.t.Helper()
	if err := os.WriteFile(filepath.Join(c.Dir, name), []byte(content), 0o600); err != nil {
		c.t.Fatal(err)
	}
}

// Run runs one command and returns its output.
func (c *CLIRunner) Run(args ...string) (stdout, stderr string, err error) {
	cmd := exec.CommandContext(c.t.Context(), c.bin, args...)
	cmd.Dir, cmd.Env = c.Dir, c.env
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err = cmd.Run()
	return out.String(), errb.String(), err
}

// Must runs one command that has to succeed and returns its standard output.
func (c *CLIRunner) Must(args ...string) string {
	c.t.Helper()
	out, errOut, err := c.Run(args...)
	if err != nil {
		c.t.Fatalf("%s %s: %v\n%s\n%s", filepath.Base(c.bin), strings.Join(args, " "), err, out, errOut)
	}
	return out
}
