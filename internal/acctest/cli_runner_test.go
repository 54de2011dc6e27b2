package acctest

import (
	"encoding/json"
	"net"
	"slices"
	"sync/atomic"
	"testing"
)

func TestCLIEnvDropsTheTestProcesssTerraformSettings(t *testing.T) {
	got := cliEnv([]string{
		"HOME=/home/t", "TF_LOG=TRACE", "TF_CLI_ARGS_apply=-parallelism=1", "TF_VAR_x=1",
		"PLUGIN_PROTOCOL_VERSIONS=6", "TF_CLI_CONFIG_FILE=/etc/tf.rc", "TF_PLUGIN_CACHE_DIR=/cache",
	})
	want := []string{"HOME=/home/t", "TF_CLI_CONFIG_FILE=/etc/tf.rc", "TF_PLUGIN_CACHE_DIR=/cache",
		"CHECKPOINT_DISABLE=1", "TF_IN_AUTOMATION=1", "TF_INPUT=0"}
	if !slices.Equal(got, want) {
		t.Errorf("cliEnv = %q, want %q", got, want)
	}
}

// The reattach value names the provider address Terraform looks under, and the provider
// listens where it says.
func TestServeProviderAnswersWhereReattachSays(t *testing.T) {
	const addr = "registry.terraform.io/hashicorp/walkme"
	var configures atomic.Int32
	var reattach map[string]struct {
		Protocol        string
		ProtocolVersion int
		Pid             int
		Addr            struct{ Network, String string }
	}
	if err := json.Unmarshal([]byte(serveProvider(t, addr, &configures)), &reattach); err != nil {
		t.Fatal(err)
	}
	rc, ok := reattach[addr]
	if len(reattach) != 1 || !ok {
		t.Fatalf("TF_REATTACH_PROVIDERS names %v, want only %s", reattach, addr)
	}
	if rc.Protocol != "grpc" || rc.ProtocolVersion != 6 || rc.Pid == 0 {
		t.Errorf("reattach config %+v, want protocol grpc 6 and a pid", rc)
	}
	var d net.Dialer
	conn, err := d.DialContext(t.Context(), rc.Addr.Network, rc.Addr.String)
	if err != nil {
		t.Fatalf("the provider does not listen at %s %s: %v", rc.Addr.Network, rc.Addr.String, err)
	}
	_ = conn.Close()
	if n := configures.Load(); n != 0 {
		t.Errorf("%d ConfigureProvider calls counted before any", n)
	}
}
