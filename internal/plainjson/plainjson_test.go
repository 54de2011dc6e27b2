package plainjson

import (
	"strings"
	"testing"
)

// TestSpanEveryByteEveryPlace puts each of the 256 byte values at each place of a
// 24-byte plain string: Span stops exactly there when the byte is not plain, and reads
// to the end when it is (this covers the 8-byte words and the tail byte by byte).
func TestSpanEveryByteEveryPlace(t *testing.T) {
	base := []byte(strings.Repeat("aZ0~ !#[", 3)) // plain bytes at the edges of the range
	for c := range 256 {
		plain := c >= 0x20 && c <= 0x7e && c != '"' && c != '\\'
		if Byte(byte(c)) != plain {
			t.Errorf("Byte(%#x) = %v", c, !plain)
		}
		for at := range len(base) {
			for _, n := range []int{len(base), at + 1, at + 3} { // also shorter strings
				if n > len(base) {
					continue
				}
				s := append([]byte(nil), base[:n]...)
				s[at] = byte(c)
				want := n
				if !plain {
					want = at
				}
				if got := Span(s); got != want {
					t.Errorf("Span(%q) = %d, want %d", s, got, want)
				}
				if got := Span(string(s)); got != want {
					t.Errorf("Span(string %q) = %d, want %d", s, got, want)
				}
			}
		}
	}
}

func BenchmarkSpan(b *testing.B) {
	s := strings.Repeat("member0012345@example-corp.com", 1000)
	b.SetBytes(int64(len(s)))
	for b.Loop() {
		if Span(s) != len(s) {
			b.Fatal("not plain")
		}
	}
}

func BenchmarkSpanBytes(b *testing.B) {
	s := []byte(strings.Repeat("member0012345@example-corp.com", 1000))
	b.SetBytes(int64(len(s)))
	for b.Loop() {
		if Span(s) != len(s) {
			b.Fatal("not plain")
		}
	}
}
