package provider_test

import (
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/walkme-community/terraform-provider-walkme/internal/acctest"
	"github.com/walkme-community/terraform-provider-walkme/internal/sandbox"
)

// TestAccParallelism_fiftySegments applies 50 segments of one system with
// `terraform apply -parallelism=10`, then plans again with the same flag.
//
// It runs the terraform binary itself (acctest.CLIRunner) rather than through terraform-plugin-testing,
// which takes no per-step CLI flags and runs several commands per step: here the flag is
// on the command line, and requests are counted per command. Terraform configures the
// provider once per graph walk (apply: a plan walk and an apply walk; plan: one walk),
// each walk being a separate provider process outside tests. The provider must fetch at
// most one token and list the system's segments at most once per walk, however many
// segments run at once: the refresh of all 50 costs one of each.
func TestAccParallelism_fiftySegments(t *testing.T) {
	t.Parallel()
	const n = 50
	var mu sync.Mutex
	inFlight, maxInFlight := 0, 0
	env := acctest.NewWrappedEnv(t, func(_ *sandbox.Server, next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			create := relEndpoint(r) == epCreate
			if create {
				mu.Lock()
				inFlight++
				maxInFlight = max(maxInFlight, inFlight)
				mu.Unlock()
				defer func() {
					mu.Lock()
					inFlight--
					mu.Unlock()
				}()
			}
			next.ServeHTTP(w, r)
		})
	})
	cli := acctest.NewCLIRunner(t)

	var cfg strings.Builder
	cfg.WriteString(env.ProviderBlockWith(faultRetries))
	want := map[string][]string{}
	for i := range n {
		name := fmt.Sprintf("Parallel %02d", i)
		members := []string{fmt.Sprintf("p%02d-a@example.com", i), fmt.Sprintf("p%02d-b@example.com", i)}
		want[name] = members
		fmt.Fprintf(&cfg, "\nresource \"walkme_segment\" \"p%02d\" {\n  name     = %q\n  user_ids = [%q, %q]\n}\n",
			i, name, members[0], members[1])
	}
	cli.Write("main.tf", cfg.String())
	cli.Must("init", "-input=false", "-no-color")

	// Each create is held 50ms, so that creates overlap whenever Terraform runs them at once.
	for range n {
		env.Sandbox.InjectFault(sandbox.Fault{Endpoint: epCreate, Delay: 50 * time.Millisecond})
	}
	env.Sandbox.ResetLog()
	cli.Configures.Store(0)
	cli.Must("apply", "-auto-approve", "-input=false", "-no-color", "-parallelism=10")

	sb := env.Sandbox
	walks := int(cli.Configures.Load())
	if walks < 1 || walks > 2 {
		t.Errorf("the provider was configured %d times during the apply, want 1 or 2 (plan and apply walks)", walks)
	}
	// A walk that calls WalkMe at all fetches one token and lists once; one may not call it.
	tokens, lists := sb.Count(sandbox.EndpointToken), sb.Count(sandbox.EndpointSegmentList)
	if tokens < 1 || tokens > walks {
		t.Errorf("apply: %d token requests for %d configured providers, want 1 to %d", tokens, walks, walks)
	}
	if lists < 1 || lists > walks {
		t.Errorf("apply: %d segment list requests for %d configured providers, want 1 to %d", lists, walks, walks)
	}
	if got := sb.Count(epCreate); got != n {
		t.Errorf("apply: %d segment creates, want %d", got, n)
	}
	if got := sb.Count(epUpdate); got != 0 {
		t.Errorf("apply: %d segment updates, want none (each create carries its members)", got)
	}
	mu.Lock()
	if maxInFlight < 2 || maxInFlight > 10 {
		t.Errorf("at most %d creates were in flight at once, want 2 to 10 with -parallelism=10", maxInFlight)
	}
	t.Logf("apply: %d configured providers, %d token requests, %d list requests, at most %d creates in flight",
		walks, tokens, lists, maxInFlight)
	mu.Unlock()

	segs := sb.Segments(sandbox.DefaultSystemGUID)
	if len(segs) != n {
		t.Errorf("the sandbox holds %d segments, want %d", len(segs), n)
	}
	for name, members := range want { // with the count above: no other segment
		if err := env.CheckSegmentMembers(name, members...)(nil); err != nil {
			t.Error(err)
		}
	}

	// A refresh of all 50 shares one list request, and finds nothing to change.
	sb.ResetLog()
	cli.Configures.Store(0)
	out, errOut, err := cli.Run("plan", "-detailed-exitcode", "-input=false", "-no-color", "-parallelism=10")
	if err != nil {
		t.Fatalf("plan after apply: %v (exit status 2 means changes)\n%s\n%s", err, out, errOut)
	}
	walks = int(cli.Configures.Load())
	if walks != 1 {
		t.Errorf("the provider was configured %d times during the plan, want 1", walks)
	}
	for _, c := range []struct {
		endpoint string
		want     int
	}{{sandbox.EndpointToken, 1}, {sandbox.EndpointSegmentList, 1}, {epCreate, 0}, {epUpdate, 0}, {epDelete, 0}} {
		if got := sb.Count(c.endpoint); got != c.want {
			t.Errorf("plan: %d %s requests, want %d", got, c.endpoint, c.want)
		}
	}
}
