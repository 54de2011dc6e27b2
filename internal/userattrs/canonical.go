package userattrs

import (
	"io"

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

// writeCanonical writes the canonical form of the table's users to w.
func (t *Table) writeCanonical(w io.Writer) error {
	cols := t.present()
	buf := make([]byte, 0, 80<<10) // written out every 64 KiB
	buf = appendNum(append(buf, canonicalMagic...), len(cols))
	for _, c := range cols {
		buf = appendString(buf, t.names[c])
	}
	buf = appendNum(buf, len(t.ids))
	k := len(t.names)
	for i, id := range t.ids {
		buf = appendNum(appendString(buf, id), t.valuesOf(i))
		row, vals := t.has[i*k:(i+1)*k], t.vals[i*k:(i+1)*k]
		for j, c := range cols { // j: the name's index among the users' names
			if row[c] {
				buf = appendString(appendNum(buf, j), vals[c])
			}
		}
		if len(buf) > 64<<10 {
			if _, err := w.Write(buf); err != nil {
				return err
			}
			buf = buf[:0]
		}
	}
	_, err := w.Write(buf)
	return err
}

// Digest is the hex SHA-256 of the canonical form of users.
func Digest(users map[string]map[string]string) string { return TableOf(users).Digest() }

// RawDigest is the hex SHA-256 of a file's bytes as they are: identical bytes give identical
// users, so a plan that finds the bytes applied last need not parse them.
func RawDigest(content string) string { return regularfile.Digest(content) }
