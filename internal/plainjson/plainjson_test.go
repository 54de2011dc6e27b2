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

// TestSpanTwoBadBytes: a byte that is not plain after the first one (whose borrows in
// the word arithmetic could flag bytes above it) never moves where Span stops.
func TestSpanTwoBadBytes(t *testing.T) {
	bad := []byte{0x00, 0x01, 0x1f, '"', '\\', 0x7f, 0x80, 0xc3, 0xff}
	for _, c1 := range bad {
		for _, c2 := range append(bad, 'a', ' ', '~') {
			for a := range 16 {
				for b := a + 1; b < 16; b++ {
					s := []byte("abcdefghijklmnop")
					s[a], s[b] = c1, c2
					if got := Span(s); got != a {
						t.Errorf("Span(%q) = %d, want %d", s, got, a)
					}
				}
			}
		}
	}
}
