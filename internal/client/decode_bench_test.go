package client

import (
	"fmt"
	"strings"
	"testing"
)

// BenchmarkDecodeSegmentList decodes a 20,000-segment list (about 2.7 MB) whose entries
// carry an unknown nested field, as a list answer might: B/op is the memory a list costs.
func BenchmarkDecodeSegmentList(b *testing.B) {
	var sb strings.Builder
	sb.WriteString(`{"segments":[`)
	for i := range 20000 {
		if i > 0 {
			sb.WriteByte(',')
		}
		fmt.Fprintf(&sb, `{"guid":"%08x-123c-4d83-8b38-a5a456789d0a","name":"Segment %d","id":"heap-%d","meta":{"tags":["a","b","c"],"owner":{"id":%d}}}`, i, i, i, i)
	}
	sb.WriteString(`],"total":20000}`)
	body := []byte(sb.String())
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		segs, err := decodeSegmentList(body)
		if err != nil || len(segs) != 20000 {
			b.Fatalf("%d segments, %v", len(segs), err)
		}
	}
}
