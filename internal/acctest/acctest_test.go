package acctest

import (
	"strings"
	"testing"
)

func TestProviderBlockWithOverridesDefaults(t *testing.T) {
	e := &Env{URL: "http://127.0.0.1:1234"}
	block := e.ProviderBlockWith(`  retry_wait_max = "5s"
  max_retries = 2`)
	if strings.Count(block, "retry_wait_max") != 1 || !strings.Contains(block, `retry_wait_max = "5s"`) {
		t.Errorf("retry_wait_max not replaced exactly once:\n%s", block)
	}
	for _, want := range []string{`api_url = "http://127.0.0.1:1234"`, `retry_wait_min = "10ms"`, "max_retries = 2"} {
		if !strings.Contains(block, want) {
			t.Errorf("block lacks %s:\n%s", want, block)
		}
	}
}

func TestAcceptanceCLISkipsWithoutTFACC(t *testing.T) {
	t.Setenv("TF_ACC", "")
	ran := false
	t.Run("acceptance", func(t *testing.T) {
		AcceptanceCLI(t)
		ran = true
	})
	if ran {
		t.Error("AcceptanceCLI let an acceptance test run without TF_ACC")
	}
}
