// Package membership holds everything about a WalkMe segment's membership that can be
// done without Terraform: parsing membership files, validating user IDs, the canonical
// digest, the delta between two memberships, the minimal sequence of API requests, and the
// compact encoding kept in the resource's private state.
//
// A membership is always handled as a sorted slice of unique IDs (a "sorted set"), so that
// digests, deltas and encodings are canonical and every operation is O(n) after one sort.
package membership

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"runtime"
	"slices"
	"unicode"
	"unicode/utf8"
)

// WalkMe's documented limits for segment user IDs. This package owns them: the client's
// MaxSegmentUserIDs and MaxUserIDLength are these constants (the client may import this
// pure package; this package must not import the client, which logs via tflog).
const (
	MaxIDsPerRequest = 25000 // user IDs per create or update request
	MaxIDLength      = 100   // characters (runes) per user ID
)

// maxShown is how many runes of an offending value an error message quotes.
const maxShown = 40

// ValidateID checks one inline user ID. WalkMe stores IDs verbatim, so an ID with
// surrounding whitespace would silently never match the user it was meant for.
func ValidateID(id string) error {
	if id == "" {
		return fmt.Errorf(`user ID "" is empty`)
	}
	if msg := checkID(id); msg != "" {
		return fmt.Errorf("user ID %s %s", Quote(id), msg)
	}
	return nil
}

// checkID returns why a non-empty ID is invalid, or "".
func checkID(id string) string {
	if !utf8.ValidString(id) {
		return "is not valid UTF-8"
	}
	first, _ := utf8.DecodeRuneInString(id)
	last, _ := utf8.DecodeLastRuneInString(id)
	if invisible(first) || invisible(last) {
		return "has leading or trailing whitespace or an invisible character, which WalkMe would store as part of the ID"
	}
	ascii := true
	for i := 0; i < len(id); i++ {
		switch c := id[i]; {
		case c < 0x20 || c == 0x7f:
			return "contains a control character"
		case c >= 0x80:
			ascii = false
		}
	}
	n := len(id)
	if !ascii {
		n = 0
		for _, r := range id {
			if unicode.IsControl(r) {
				return "contains a control character"
			}
			n++
		}
	}
	if n > MaxIDLength {
		return fmt.Sprintf("is %d characters long; WalkMe allows at most %d", n, MaxIDLength)
	}
	return ""
}

// invisible reports whitespace and format characters (zero-width space, byte order
// mark, ...): around an ID they are almost certainly copy-paste debris.
func invisible(r rune) bool { return unicode.IsSpace(r) || unicode.Is(unicode.Cf, r) }

// Quote renders a value for an error message: Go-quoted so invisible characters show,
// and cut to a prefix when long.
func Quote(s string) string {
	if utf8.RuneCountInString(s) <= maxShown {
		return fmt.Sprintf("%q", s)
	}
	cut := 0
	for i := range s {
		if cut == maxShown {
			return fmt.Sprintf("%q…", s[:i])
		}
		cut++
	}
	return fmt.Sprintf("%q", s)
}

// Normalize returns ids as a sorted set: sorted, without repeats. It may reorder ids.
func Normalize(ids []string) []string {
	return slices.Compact(sortIDs(ids))
}

// parallelSortAbove is where sorting the two halves on two cores starts to pay for the
// merge.
const parallelSortAbove = 1 << 16

// sortIDs sorts ids, the halves in parallel when there are many and more than one CPU:
// sorting is most of parsing a large file. It returns the sorted slice, which may be a
// new one; ids is reordered either way.
func sortIDs(ids []string) []string {
	if len(ids) < parallelSortAbove || runtime.GOMAXPROCS(0) < 2 {
		slices.Sort(ids)
		return ids
	}
	a, b := ids[:len(ids)/2], ids[len(ids)/2:]
	done := make(chan struct{})
	go func() { slices.Sort(a); close(done) }()
	slices.Sort(b)
	<-done
	out := make([]string, 0, len(ids))
	for len(a) > 0 && len(b) > 0 {
		if b[0] < a[0] {
			out, b = append(out, b[0]), b[1:]
		} else {
			out, a = append(out, a[0]), a[1:]
		}
	}
	out = append(out, a...)
	return append(out, b...)
}

// IsSorted reports whether ids is a sorted set (strictly increasing).
func IsSorted(ids []string) bool {
	for i := 1; i < len(ids); i++ {
		if ids[i-1] >= ids[i] {
			return false
		}
	}
	return true
}

// Digest is the canonical digest of a membership: the hex SHA-256 of the sorted unique
// IDs joined by "\n". ids must be a sorted set. It is the same for inline and file
// membership, so switching between the two with the same users sends nothing.
func Digest(ids []string) string {
	h := sha256.New()
	_ = writeJoined(h, ids) // hash.Hash.Write never fails
	return hex.EncodeToString(h.Sum(nil))
}

// writeJoined writes ids joined by "\n" through a buffer: one Write per ID would cost
// more than the hashing or compression itself at a million IDs.
func writeJoined(w io.Writer, ids []string) error {
	buf := make([]byte, 0, 64<<10)
	for i, id := range ids {
		if i > 0 {
			buf = append(buf, '\n')
		}
		if len(buf)+len(id) > cap(buf)-1 {
			if _, err := w.Write(buf); err != nil {
				return err
			}
			buf = buf[:0]
		}
		buf = append(buf, id...)
	}
	if len(buf) > 0 {
		if _, err := w.Write(buf); err != nil {
			return err
		}
	}
	return nil
}

// joinedLen is the length of strings.Join(ids, "\n").
func joinedLen(ids []string) int {
	n := 0
	for _, id := range ids {
		n += len(id) + 1
	}
	if n > 0 {
		n--
	}
	return n
}
