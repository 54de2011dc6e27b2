package userattrs

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"io"
	"maps"
	"slices"
	"strings"
)

// The canonical form of a set of users is the same however the users were written (inline,
// CSV, JSON Lines, any order), so its SHA-256 identifies the content, and it is what private
// state stores, compressed. It is binary and length-prefixed, so that no value needs escaping
// and a million users encode, hash and decode in well under a second:
//
//	"wmua1\n"
//	uvarint(number of names), then each attribute name, sorted: uvarint(length), bytes
//	uvarint(number of users), then each user, sorted by ID:
//	    uvarint(length), ID bytes, uvarint(number of attributes),
//	    then per attribute, in name order: uvarint(name index), uvarint(length), value bytes
const canonicalMagic = "wmua1\n"

// errOtherNames stops a write whose guessed attribute names some user does not have.
var errOtherNames = errors.New("a user's attribute names differ from the guess")

// writeCanonical writes the canonical form of users to the writer open returns. The form
// starts with the union of all users' attribute names, and finding that union costs a pass
// over every user's map (at 100,000 users, cache misses make it half of a digest). Users
// nearly always share their names, so it first guesses that one user's names are the
// union, and checks the guess while writing; when a user proves it wrong, it opens a fresh
// writer and writes again with the real union.
func writeCanonical(open func() io.Writer, users map[string]map[string]string) error {
	var guess []string
	for _, attrs := range users {
		guess = slices.Collect(maps.Keys(attrs))
		break
	}
	if err := writeCanonicalNames(open(), users, guess); !errors.Is(err, errOtherNames) {
		return err
	}
	set := map[string]struct{}{}
	for _, attrs := range users {
		for name := range attrs {
			set[name] = struct{}{}
		}
	}
	return writeCanonicalNames(open(), users, slices.Collect(maps.Keys(set)))
}

// writeCanonicalNames writes the canonical form of users whose attribute names all are
// among names, and errOtherNames when one is not.
func writeCanonicalNames(w io.Writer, users map[string]map[string]string, names []string) error {
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
	for _, id := range slices.Sorted(maps.Keys(users)) {
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
	var h hash.Hash
	_ = writeCanonical(func() io.Writer { // a hash never fails to write, and strings always encode
		h = sha256.New()
		return h
	}, users)
	return hex.EncodeToString(h.Sum(nil))
}

// RawDigest is the hex SHA-256 of a file's bytes as they are: identical bytes give identical
// users, so a plan that finds the bytes applied last need not parse them.
func RawDigest(content string) string {
	h := sha256.New()
	_, _ = io.WriteString(h, content)
	return hex.EncodeToString(h.Sum(nil))
}

// encodingVersion changes whenever the encoded layout does; Decode refuses others.
const encodingVersion = 1

// maxDecoded bounds the canonical form Decode will restore (private state can be edited or
// corrupt): far above a million users with ten attributes each (about 300 MB).
const maxDecoded = 2 << 30

type encoded struct {
	V      int    `json:"v"`
	Count  int    `json:"count"`
	SHA256 string `json:"sha256"`
	Data   string `json:"data"` // base64(gzip(canonical form))
}

// Encode returns users in the compact JSON form private state stores.
func Encode(users map[string]map[string]string) ([]byte, error) {
	var gz bytes.Buffer
	zw, err := gzip.NewWriterLevel(&gz, gzip.BestSpeed)
	if err != nil {
		return nil, err
	}
	h := sha256.New()
	open := func() io.Writer { // afresh when writeCanonical starts again
		gz.Reset()
		zw.Reset(&gz)
		h.Reset()
		return io.MultiWriter(zw, h)
	}
	if err := writeCanonical(open, users); err != nil {
		return nil, fmt.Errorf("encoding users: %w", err)
	}
	if err := zw.Close(); err != nil {
		return nil, fmt.Errorf("encoding users: %w", err)
	}
	// Hex and base64 need no JSON escaping: the object is written by hand instead of
	// passing megabytes through the JSON encoder.
	var b strings.Builder
	b.Grow(base64.StdEncoding.EncodedLen(gz.Len()) + 160)
	fmt.Fprintf(&b, `{"v":%d,"count":%d,"sha256":"%s","data":"`, encodingVersion, len(users), hex.EncodeToString(h.Sum(nil)))
	enc := base64.NewEncoder(base64.StdEncoding, &b)
	_, _ = enc.Write(gz.Bytes())
	_ = enc.Close()
	b.WriteString(`"}`)
	return []byte(b.String()), nil
}

// Decode restores Encode's output, verifying the count and the digest, and returns the digest.
func Decode(data []byte) (map[string]map[string]string, string, error) { return DecodeLike(data, nil) }

// DecodeLike is Decode where a user whose attributes equal like's shares like's map (which
// must then not be modified): decoding what was pushed beside what is declared allocates
// only for the users that changed.
func DecodeLike(data []byte, like map[string]map[string]string) (map[string]map[string]string, string, error) {
	var e encoded
	if err := json.Unmarshal(data, &e); err != nil {
		return nil, "", fmt.Errorf("decoding users: %w", err)
	}
	if e.V != encodingVersion {
		return nil, "", fmt.Errorf("decoding users: unknown encoding version %d (this provider reads version %d)", e.V, encodingVersion)
	}
	if e.Count < 0 || e.Count > len(e.Data) { // every user takes more than one byte of data
		return nil, "", fmt.Errorf("decoding users: implausible count %d", e.Count)
	}
	zr, err := gzip.NewReader(base64.NewDecoder(base64.StdEncoding, strings.NewReader(e.Data)))
	if err != nil {
		return nil, "", fmt.Errorf("decoding users: %w", err)
	}
	raw, err := io.ReadAll(io.LimitReader(zr, maxDecoded+1))
	if err != nil {
		return nil, "", fmt.Errorf("decoding users: %w", err)
	}
	if len(raw) > maxDecoded {
		return nil, "", errors.New("decoding users: larger than the provider accepts")
	}
	users, err := parseCanonical(string(raw), e.Count, like)
	if err != nil {
		return nil, "", fmt.Errorf("decoding users: %w", err)
	}
	h := sha256.New()
	h.Write(raw)
	if d := hex.EncodeToString(h.Sum(nil)); d != e.SHA256 {
		return nil, "", fmt.Errorf("decoding users: digest %s, expected %s", d, e.SHA256)
	}
	return users, e.SHA256, nil
}

// parseCanonical reads the canonical form. Names and values are substrings of s: one copy of
// the data, no allocation per value.
func parseCanonical(s string, count int, like map[string]map[string]string) (map[string]map[string]string, error) {
	if !strings.HasPrefix(s, canonicalMagic) {
		return nil, errors.New("not the canonical form")
	}
	s = s[len(canonicalMagic):]
	bad := errors.New("truncated or malformed")
	num := func() (int, bool) {
		v, n := binary.Uvarint([]byte(s[:min(len(s), binary.MaxVarintLen64)]))
		if n <= 0 || v > 1<<40 { // no count, index or length is ever near that
			return 0, false
		}
		s = s[n:]
		return int(v), true
	}
	str := func() (string, bool) {
		l, ok := num()
		if !ok || l > len(s) {
			return "", false
		}
		out := s[:l]
		s = s[l:]
		return out, true
	}
	nNames, ok := num()
	if !ok || nNames > MaxAttributes*4 {
		return nil, bad
	}
	names := make([]string, nNames)
	for i := range names {
		if names[i], ok = str(); !ok || i > 0 && names[i] <= names[i-1] {
			return nil, bad
		}
	}
	nUsers, ok := num()
	if !ok || nUsers != count || nUsers > len(s) {
		return nil, fmt.Errorf("%d users announced, expected %d", nUsers, count)
	}
	users := make(map[string]map[string]string, nUsers)
	prev := ""
	for i := range nUsers {
		id, ok := str()
		if !ok || i > 0 && id <= prev {
			return nil, bad
		}
		k, ok := num()
		if !ok || k > nNames {
			return nil, bad
		}
		// A user exactly as in like shares like's map: no allocation, and NewPlan sees
		// at once that it did not change.
		same, ok := like[id]
		ok = ok && len(same) == k
		mark := s
		for range k {
			ni, good := num()
			if !good || ni >= nNames {
				return nil, bad
			}
			v, good := str()
			if !good {
				return nil, bad
			}
			if ok {
				if w, has := same[names[ni]]; !has || w != v {
					ok = false
				}
			}
		}
		if ok {
			users[id], prev = same, id
			continue
		}
		s = mark // read the values again, into a map of their own
		attrs := make(map[string]string, k)
		for range k {
			ni, _ := num()
			attrs[names[ni]], _ = str()
		}
		users[id], prev = attrs, id
	}
	if s != "" {
		return nil, bad
	}
	return users, nil
}
