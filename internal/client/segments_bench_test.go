package client

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-log/tflogtest"
)

// BenchmarkUpdateSegmentAdd25k is one UpdateSegment "add" of MaxSegmentUserIDs IDs
// (about 0.8 MB of JSON) to a server that only drains the body: the client's CPU per
// segment write, which shares the machine with WalkMe's sandbox in the benchmarks.
func BenchmarkUpdateSegmentAdd25k(b *testing.B) {
	benchmarkUpdateSegmentAdd25k(b, b.Context())
}

// BenchmarkUpdateSegmentAdd25kLogged is the same with TRACE logging on, as in the provider:
// Terraform starts it logging at TRACE and drops what TF_LOG does not ask for.
func BenchmarkUpdateSegmentAdd25kLogged(b *testing.B) {
	benchmarkUpdateSegmentAdd25k(b, tflogtest.RootLogger(b.Context(), io.Discard))
}

func benchmarkUpdateSegmentAdd25k(b *testing.B, ctx context.Context) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "application/json")
		if r.URL.Path == "/accounts/connect/token" {
			_, _ = io.WriteString(w, `{"access_token":"at-bench","expires_in":86400,"token_type":"Bearer"}`)
			return
		}
		_, _ = io.WriteString(w, `{}`)
	}))
	b.Cleanup(srv.Close)
	c, err := New(Config{APIURL: srv.URL, ClientID: testClientID, ClientSecret: testSecret, HTTPClient: srv.Client()})
	if err != nil {
		b.Fatal(err)
	}
	ids := make([]string, MaxSegmentUserIDs)
	for i := range ids {
		ids[i] = fmt.Sprintf("member%07d@example-corp.com", i*7919%1000000)
	}
	seg := "12345aeb-123c-4d83-8b38-a5a456789d0a"
	b.SetBytes(int64(len(`{"action":"add","userIds":[]}`) + len(ids)*3 + len(strings.Join(ids, ""))))
	b.ReportAllocs()
	for b.Loop() {
		if err := c.UpdateSegment(ctx, testSystem, seg, SegmentAdd, ids); err != nil {
			b.Fatal(err)
		}
	}
}
