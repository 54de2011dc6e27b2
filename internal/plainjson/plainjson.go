// Package plainjson recognises plain JSON strings: printable ASCII without quote or
// backslash, whose JSON text is the string between two quotes and nothing else. Nearly
// every user ID is one, so the hot paths of 25,000-ID segment requests (the client
// encoding them, the sandbox decoding them) read them as they are, eight bytes at a time,
// and leave everything else to encoding/json.
package plainjson

import "math/bits"

// Span returns how many leading bytes of s are plain.
func Span[T ~string | ~[]byte](s T) int {
	n := len(s)
	for len(s) >= 8 { // a word at a time; the length check spares the bounds checks
		w := uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
			uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
		if bad := notPlain(w); bad != 0 {
			// The lowest flag marks the first byte that is not plain (see notPlain).
			return n - len(s) + bits.TrailingZeros64(bad)/8
		}
		s = s[8:]
	}
	for len(s) > 0 && Byte(s[0]) {
		s = s[1:]
	}
	return n - len(s)
}

// Byte reports whether c may appear in a plain string.
func Byte(c byte) bool { return c >= 0x20 && c <= 0x7e && c != '"' && c != '\\' }

const (
	ones  = 0x0101010101010101
	highs = 0x8080808080808080
)

// notPlain flags (with its high bit) each byte of w, read little-endian, that is not
// plain: non-ASCII, below 0x20, '"', '\\' or 0x7f. Borrows in the subtractions can flag
// a byte wrongly only above a byte flagged rightly, so the lowest flag is always right.
func notPlain(w uint64) uint64 {
	return w&highs | less(w, 0x20) | zero(w^('"'*ones)) | zero(w^('\\'*ones)) | zero(w^(0x7f*ones))
}

// less is nonzero when a byte of w is below n (n ≤ 0x80).
func less(w uint64, n uint64) uint64 { return (w - n*ones) &^ w & highs }

// zero is nonzero when a byte of w is 0.
func zero(w uint64) uint64 { return (w - ones) &^ w & highs }
