package userattrs

import (
	"bufio"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"hash"
	"io"
	"maps"
	"slices"

	"github.com/walkme-community/terraform-provider-walkme/internal/regularfile"
)

// The canonical form of a set of users is the same however the users were written (inline,
// CSV, JSON Lines, any order), so its SHA-256 (Digest, which state holds) identifies the
// content. It is binary and length-prefixed, so that no value needs escaping and a million
// users hash in well under a second (private state stores another layout: stored.go):
//
//	"wmua1\n"
//	uvarint(number of names), then each attribute name, sorted: uvarint(length), bytes
//	uvarint(number of users), then each user, sorted by ID:
//	    uvarint(length), ID bytes, uvarint(number of attributes),
//	    then per attribute, in name order: uvarint(name index), uvarint(length), value bytes
const canonicalMagic = "wmua1\n"

// errOtherNames stops a write whose guessed attribute names some user does not have.
var errOtherNames = errors.New("a user's attribute names differ from the guess")

// writeCanonical writes the canonical form of users, whose IDs sorted are ids, to the writer
// open returns. The form
// starts with the union of all users' attribute names, and finding that union costs a pass
// over every user's map (at 100,000 users, cache misses make it half of a digest). Users
// nearly always share their names, so it first guesses that one user's names are the
// union, and checks the guess while writing; when a user proves it wrong, it opens a fresh
// writer and writes again with the real union.
func writeCanonical(open func() io.Writer, users map[string]map[string]string, ids []string) error {
	var guess []string
	for _, attrs := range users {
		guess = slices.Collect(maps.Keys(attrs))
		break
	}
	if err := writeCanonicalNames(open(), users, ids, guess); !errors.Is(err, errOtherNames) {
		return err
	}
	return writeCanonicalNames(open(), users, ids, attributeNames(users))
}

// writeCanonicalNames writes the canonical form of users whose attribute names all are
// among names, and errOtherNames when one is not.
func writeCanonicalNames(w io.Writer, users map[string]map[string]string, ids, names []string) error {
	slices.Sort(names)
	nameSet := make(map[string]int, len(names))
	for i, n := range names {
		nameSet[n] = i
	}
	bw := bufio.NewWriterSize(w, 256<<10)
	buf := make([]byte, 0, 1024)
	putString := func(s string) {
		buf = binary.AppendUvarint(buf, uint64(len(s)))
		buf = append(buf, s...)
	}
	buf = append(buf, canonicalMagic...)
	buf = binary.AppendUvarint(buf, uint64(len(names)))
	for _, n := range names {
		putString(n)
		if len(buf) > 64<<10 {
			if _, err := bw.Write(buf); err != nil {
				return err
			}
			buf = buf[:0]
		}
	}
	buf = binary.AppendUvarint(buf, uint64(len(users)))
	idx := make([]int, 0, len(names))
	for _, id := range ids {
		attrs := users[id]
		putString(id)
		buf = binary.AppendUvarint(buf, uint64(len(attrs)))
		switch {
		case len(attrs) > len(names):
			return errOtherNames
		case len(attrs) == len(names): // every attribute: no lookup of which
			for i, name := range names {
				v, ok := attrs[name]
				if !ok {
					return errOtherNames
				}
				buf = binary.AppendUvarint(buf, uint64(i))
				putString(v)
			}
		default:
			idx = idx[:0]
			for name := range attrs {
				i, ok := nameSet[name]
				if !ok {
					return errOtherNames
				}
				idx = append(idx, i)
			}
			slices.Sort(idx)
			for _, i := range idx {
				buf = binary.AppendUvarint(buf, uint64(i))
				putString(attrs[names[i]])
			}
		}
		if len(buf) > 64<<10 {
			if _, err := bw.Write(buf); err != nil {
				return err
			}
			buf = buf[:0]
		}
	}
	if _, err := bw.Write(buf); err != nil {
		return err
	}
	return bw.Flush()
}

// Digest is the hex SHA-256 of the canonical form of users.
func Digest(users map[string]map[string]string) string {
	return digestSorted(users, slices.Sorted(maps.Keys(users)))
}

// digestSorted is Digest of users whose IDs sorted are ids.
func digestSorted(users map[string]map[string]string, ids []string) string {
	var h hash.Hash
	_ = writeCanonical(func() io.Writer { // a hash never fails to write, and strings always encode
		h = sha256.New()
		return h
	}, users, ids)
	return hex.EncodeToString(h.Sum(nil))
}

// RawDigest is the hex SHA-256 of a file's bytes as they are: identical bytes give identical
// users, so a plan that finds the bytes applied last need not parse them.
func RawDigest(content string) string { return regularfile.Digest(content) }
