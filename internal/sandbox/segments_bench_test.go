package sandbox

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
)

// benchIDs are MaxSegmentUserIDs IDs shaped like the bench's member file
// ("member0001234@example-corp.com").
func benchIDs() []string {
	out := make([]string, MaxSegmentUserIDs)
	for i := range out {
		out[i] = fmt.Sprintf("member%07d@example-corp.com", i*7919%1000000)
	}
	return out
}

// benchServer is a sandbox with a token, answering through ServeHTTP directly, so that
// the figures are the sandbox's own CPU per request (no sockets).
func benchServer(b *testing.B) (*Server, string) {
	b.Helper()
	s, err := New(DefaultConfig())
	if err != nil {
		b.Fatal(err)
	}
	req := httptest.NewRequestWithContext(b.Context(), http.MethodPost, "/accounts/connect/token", bytes.NewReader([]byte("grant_type=client_credentials")))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.SetBasicAuth(DefaultClientID, DefaultClientSecret)
	w := httptest.NewRecorder()
	s.ServeHTTP(w, req)
	var tok struct {
		AccessToken string `json:"access_token"`
	}
	if w.Code != http.StatusOK || json.Unmarshal(w.Body.Bytes(), &tok) != nil {
		b.Fatalf("token: %d %s", w.Code, w.Body)
	}
	return s, tok.AccessToken
}

func benchSend(b *testing.B, s *Server, token, method, path string, body []byte, want int) *httptest.ResponseRecorder {
	b.Helper()
	w, err := benchDo(b, s, token, method, path, body, want)
	if err != nil {
		b.Fatal(err)
	}
	return w
}

// benchDo is benchSend for other goroutines than the benchmark's, which must not Fatal.
func benchDo(b *testing.B, s *Server, token, method, path string, body []byte, want int) (*httptest.ResponseRecorder, error) {
	req := httptest.NewRequestWithContext(b.Context(), method, path, bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+token)
	w := httptest.NewRecorder()
	s.ServeHTTP(w, req)
	if w.Code != want {
		return w, fmt.Errorf("%s %s: %d %s", method, path, w.Code, w.Body)
	}
	return w, nil
}

// BenchmarkSegmentCreate25k is one create with MaxSegmentUserIDs members, the first
// request of a large segment (about 0.8 MB of JSON).
func BenchmarkSegmentCreate25k(b *testing.B) {
	s, token := benchServer(b)
	ids := benchIDs()
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		b.StopTimer()
		if i%50 == 0 {
			s.mu.Lock()
			s.systems = map[string]map[string]*segment{} // keep the heap from growing with b.N
			s.mu.Unlock()
		}
		body, err := json.Marshal(map[string]any{"name": fmt.Sprintf("bench %d", i), "userIds": ids})
		if err != nil {
			b.Fatal(err)
		}
		i++
		b.SetBytes(int64(len(body)))
		b.StartTimer()
		benchSend(b, s, token, http.MethodPost, segPath, body, http.StatusCreated)
	}
}

// BenchmarkSegmentUpdateAdd25k is one "add" of MaxSegmentUserIDs IDs to a segment, the
// request a large segment's later chunks are.
func BenchmarkSegmentUpdateAdd25k(b *testing.B) {
	s, token := benchServer(b)
	ids := benchIDs()
	w := benchSend(b, s, token, http.MethodPost, segPath, []byte(`{"name":"bench","userIds":[]}`), http.StatusCreated)
	var created struct{ GUID string }
	if err := json.Unmarshal(w.Body.Bytes(), &created); err != nil {
		b.Fatal(err)
	}
	body, err := json.Marshal(map[string]any{"action": "add", "userIds": ids})
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		benchSend(b, s, token, http.MethodPut, segPath+"/"+created.GUID, body, http.StatusOK)
	}
}

// BenchmarkSegmentMillion builds a 1,000,000-member segment the way the provider does: a
// create with 25,000 IDs, then 39 adds of 25,000 more. One op is the 40 requests, so the
// figure includes the members map's growth and the GC of a large heap.
func BenchmarkSegmentMillion(b *testing.B) { benchmarkSegmentMillion(b, 1) }

// BenchmarkSegmentMillion4 is BenchmarkSegmentMillion with the adds sent by 4 goroutines,
// as the provider does at max_concurrent_requests = 4: on 2 cores, ns/op shows how much of
// the work runs in parallel (decoding) rather than under the sandbox's lock (applying).
func BenchmarkSegmentMillion4(b *testing.B) { benchmarkSegmentMillion(b, 4) }

func benchmarkSegmentMillion(b *testing.B, workers int) {
	s, token := benchServer(b)
	var bodies [][]byte
	for r := range 40 {
		ids := make([]string, MaxSegmentUserIDs)
		for i := range ids {
			ids[i] = fmt.Sprintf("member%07d@example-corp.com", (r*MaxSegmentUserIDs+i)*7919%1000000)
		}
		v := map[string]any{"action": "add", "userIds": ids}
		if r == 0 {
			v = map[string]any{"name": "bench", "userIds": ids}
		}
		body, err := json.Marshal(v)
		if err != nil {
			b.Fatal(err)
		}
		bodies = append(bodies, body)
	}
	b.ReportAllocs()
	for b.Loop() {
		s.mu.Lock()
		s.systems = map[string]map[string]*segment{} // Reset would revoke the token
		s.log = nil
		s.mu.Unlock()
		w := benchSend(b, s, token, http.MethodPost, segPath, bodies[0], http.StatusCreated)
		var created struct{ GUID string }
		if err := json.Unmarshal(w.Body.Bytes(), &created); err != nil {
			b.Fatal(err)
		}
		next := make(chan []byte)
		var wg sync.WaitGroup
		for range workers {
			wg.Go(func() {
				for body := range next {
					if _, err := benchDo(b, s, token, http.MethodPut, segPath+"/"+created.GUID, body, http.StatusOK); err != nil {
						b.Error(err)
					}
				}
			})
		}
		for _, body := range bodies[1:] {
			next <- body
		}
		close(next)
		wg.Wait()
	}
	if n := s.Segments(DefaultSystemGUID)[0].MemberCount; n != 1000000 {
		b.Fatalf("%d members", n)
	}
}
