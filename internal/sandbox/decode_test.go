package sandbox

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"
)

// TestConcurrentWritesDecodeOutsideLock: two delayed segment writes with 25,000 IDs each
// are both decoded before either is applied, so concurrent writes overlap in their costly
// part, not only in the injected delay. Each decoded request waits at a barrier until
// both are decoded: were bodies decoded under the sandbox's lock, the first would hold it
// at the barrier and the second could never be decoded (the test would hang).
func TestConcurrentWritesDecodeOutsideLock(t *testing.T) {
	h := newHarness(t)
	tok := h.token()
	decoded := make(chan string, 2)
	release := make(chan struct{})
	h.s.decodedHook = func(endpoint string) {
		decoded <- endpoint
		<-release
	}
	h.s.InjectFault(Fault{Endpoint: EndpointSegmentCreate, Times: 2, Delay: time.Millisecond})

	ids := make([]string, MaxSegmentUserIDs)
	for i := range ids {
		ids[i] = fmt.Sprintf(`"user-%d"`, i)
	}
	statuses := make(chan int, 2)
	for n := range 2 {
		go func() {
			body := fmt.Sprintf(`{"name":"seg-%d","userIds":[%s]}`, n, strings.Join(ids, ","))
			req, _ := http.NewRequestWithContext(t.Context(), http.MethodPost, h.ts.URL+segPath, strings.NewReader(body))
			req.Header.Set("Authorization", "Bearer "+tok)
			req.Header.Set("Content-Type", "application/json")
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				statuses <- 0
				return
			}
			resp.Body.Close()
			statuses <- resp.StatusCode
		}()
	}
	for range 2 {
		select {
		case ep := <-decoded:
			if ep != EndpointSegmentCreate {
				t.Errorf("decoded %s", ep)
			}
		case <-t.Context().Done():
			t.Fatal("the two bodies were never decoded at the same time")
		}
	}
	if n := h.s.InFlight().Now; n != 2 {
		t.Errorf("in flight with both bodies decoded: %d, want 2", n)
	}
	close(release)
	for range 2 {
		if st := <-statuses; st != http.StatusCreated {
			t.Errorf("status %d, want 201", st)
		}
	}
	for _, sg := range h.s.Segments(DefaultSystemGUID) {
		if sg.MemberCount != MaxSegmentUserIDs {
			t.Errorf("segment %s has %d members, want %d", sg.Name, sg.MemberCount, MaxSegmentUserIDs)
		}
	}
	if n := len(h.s.Segments(DefaultSystemGUID)); n != 2 {
		t.Errorf("%d segments, want 2", n)
	}
}

// TestParseUserIDsNullOrEmpty: user IDs decode as plain strings, where null and "" look
// alike; the error still tells them apart, at the right index.
func TestParseUserIDsNullOrEmpty(t *testing.T) {
	for body, want := range map[string]string{
		`["a",null,""]`: "userIds[1] is null; user IDs must be strings",
		`["a","",null]`: "userIds[1] is empty",
		`[7]`:           "userIds must be an array of strings",
		`null`:          "userIds must be an array of strings",
	} {
		_, err := parseUserIDs(map[string]json.RawMessage{"userIds": json.RawMessage(body)})
		if err == nil || err.Error() != want {
			t.Errorf("%s: %v, want %q", body, err, want)
		}
	}
	ids, err := parseUserIDs(map[string]json.RawMessage{"userIds": json.RawMessage(`["a","b"]`)})
	if err != nil || len(ids) != 2 || ids[0] != "a" || ids[1] != "b" {
		t.Errorf("ids %v, %v", ids, err)
	}
}
