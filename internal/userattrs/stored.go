package userattrs

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/klauspost/compress/zstd"

	"github.com/walkme-community/terraform-provider-walkme/internal/regularfile"
)

// What private state stores of the users pushed: their stored form, zstd-compressed, in a
// small JSON object. Terraform keeps private state base64-encoded in the state file, and the plugin
// framework base64-encodes it once more on its way, so every byte stored here is read, copied
// and validated several times on every plan: its size, not its decoding, is what a no-op plan
// of 100,000 users pays for. Hence a column layout, which compresses about three times
// better than the canonical form's user-by-user one (IDs sorted beside each other, each
// attribute's values beside each other):
//
//	"wmua2\n"
//	uvarint(number of names), then each attribute name, sorted: uvarint(length), bytes
//	uvarint(number of users), then each user ID, sorted, front-coded:
//	    uvarint(bytes shared with the previous ID), uvarint(length of the rest), the rest
//	then per block of storedBlock users in ID order, per attribute name, per user in the block:
//	    uvarint(0 when the user has no value, else the value's length + 1), value bytes
//	the 64 hex digits of the users' Digest (the canonical form's)
//
// Blocks keep each user's values close together for the writer and the reader (a user's map
// is read once, not once per column, which cache misses make three times slower), and cost
// nothing in size. zstd (version 3) looks megabytes back, where gzip (version 2, still read)
// looked 32 KiB: a column's values resemble those of the blocks before, and 100,000 users
// with ten attributes store in a tenth of what gzip made of them.
const (
	storedMagic = "wmua2\n"
	// storedVersion changes whenever the stored layout or its compression does; Decode
	// refuses versions it does not know (the provider then sends every user again, which is
	// safe). Version 1 was the canonical form, gzip-compressed; version 2 the stored form,
	// gzip-compressed (storedGzipVersion, still read).
	storedVersion     = 3
	storedGzipVersion = 2
	storedBlock       = 1024
	// maxDecoded bounds the stored form Decode will restore (private state can be edited or
	// corrupt): far above a million users with ten attributes each (about 150 MB).
	maxDecoded = 1 << 30
	// storedGrowthPerByte bounds the buffer allocated before inflating, per compressed byte:
	// an edited size must not make the provider allocate what the data cannot fill. (zstd
	// inflated a regular 100,000-user file about 165-fold; beyond the bound, the buffer grows.)
	storedGrowthPerByte = 256
)

type stored struct {
	V      int    `json:"v"`
	Count  int    `json:"count"`
	Size   int    `json:"size"`   // of the stored form: what to allocate to inflate it
	SHA256 string `json:"sha256"` // of the uncompressed stored form: corruption shows
	Data   string `json:"data"`   // base64(zstd(stored form)), or of gzip in version 2
}

// Encode returns users in the compact JSON form private state stores.
func Encode(users map[string]map[string]string) ([]byte, error) { return TableOf(users).Encode() }

// Encode returns the table's users in the compact JSON form private state stores.
func (t *Table) Encode() ([]byte, error) {
	digested := make(chan string, 1)
	go func() { digested <- t.Digest() }() // on another core, while the stored form is written
	cols := t.present()
	raw := make([]byte, 0, t.storedSize(cols))
	raw = t.appendStoredBlocks(t.appendStoredHead(raw, cols), cols)
	raw = append(raw, <-digested...)
	zenc, err := storedEncoder()
	if err != nil {
		return nil, fmt.Errorf("encoding users: %w", err)
	}
	hashed := make(chan string, 1)
	go func() { // on another core, while it compresses; as regularfile.Digest, without a copy
		sum := sha256.Sum256(raw)
		hashed <- hex.EncodeToString(sum[:])
	}()
	z := zenc.EncodeAll(raw, nil)
	// Hex and base64 need no JSON escaping: the object is written by hand instead of
	// passing megabytes through the JSON encoder.
	var b strings.Builder
	b.Grow(base64.StdEncoding.EncodedLen(len(z)) + 160)
	fmt.Fprintf(&b, `{"v":%d,"count":%d,"size":%d,"sha256":"%s","data":"`, storedVersion, t.Len(), len(raw), <-hashed)
	enc := base64.NewEncoder(base64.StdEncoding, &b)
	_, _ = enc.Write(z)
	_ = enc.Close()
	b.WriteString(`"}`)
	return []byte(b.String()), nil
}

// storedEncoder compresses stored forms; EncodeAll may be called from several goroutines.
var storedEncoder = sync.OnceValues(func() (*zstd.Encoder, error) {
	return zstd.NewWriter(nil, zstd.WithEncoderConcurrency(1))
})

// storedSize bounds the size of the stored form of the columns cols: growing the buffer
// instead copied and cleared megabytes.
func (t *Table) storedSize(cols []int) int {
	size := len(storedMagic) + 2*binary.MaxVarintLen64 + sha256.Size*2
	for _, c := range cols {
		size += binary.MaxVarintLen64 + len(t.names[c])
	}
	for _, id := range t.ids {
		size += 2*binary.MaxVarintLen64 + len(id)
	}
	for i, v := range t.vals {
		size++
		if t.has[i] {
			size += len(v) + binary.MaxVarintLen64 - 1
		}
	}
	return size
}

// appendStoredHead appends the stored form's names (the columns cols) and user IDs.
func (t *Table) appendStoredHead(dst []byte, cols []int) []byte {
	dst = append(dst, storedMagic...)
	dst = appendNum(dst, len(cols))
	for _, c := range cols {
		dst = appendString(dst, t.names[c])
	}
	dst = appendNum(dst, len(t.ids))
	prev := ""
	for _, id := range t.ids {
		shared := commonPrefix(prev, id)
		dst = appendString(appendNum(dst, shared), id[shared:])
		prev = id
	}
	return dst
}

// appendStoredBlocks appends the users' values, block by block, column by column.
func (t *Table) appendStoredBlocks(dst []byte, cols []int) []byte {
	k := len(t.names)
	for start := 0; start < len(t.ids); start += storedBlock {
		end := min(start+storedBlock, len(t.ids))
		for _, c := range cols {
			for i := start; i < end; i++ {
				if !t.has[i*k+c] {
					dst = appendNum(dst, 0)
					continue
				}
				v := t.vals[i*k+c]
				dst = append(appendNum(dst, len(v)+1), v...)
			}
		}
	}
	return dst
}

// appendNum appends v as a uvarint, the stored and the canonical forms' numbers.
func appendNum(dst []byte, v int) []byte { return binary.AppendUvarint(dst, uint64(v)) }

// appendString appends s with its length before it.
func appendString(dst []byte, s string) []byte { return append(appendNum(dst, len(s)), s...) }

// attributeNames is the sorted union of users' attribute names.
func attributeNames(users map[string]map[string]string) []string {
	set := map[string]struct{}{}
	for _, attrs := range users {
		for name := range attrs {
			set[name] = struct{}{}
		}
	}
	return slices.Sorted(maps.Keys(set))
}

func commonPrefix(a, b string) int {
	n := min(len(a), len(b))
	for i := range n {
		if a[i] != b[i] {
			return i
		}
	}
	return n
}

// Decode restores Encode's output, verifying it, and returns the users' Digest.
func Decode(data []byte) (map[string]map[string]string, string, error) { return DecodeLike(data, nil) }

// DecodeLike is Decode where a user whose attributes equal like's shares like's map (which
// must then not be modified): decoding what was pushed beside what is declared allocates
// only for the users that changed.
func DecodeLike(data []byte, like map[string]map[string]string) (map[string]map[string]string, string, error) {
	raw, count, err := openStored(data)
	if err != nil {
		return nil, "", err
	}
	users, digest, err := parseStored(raw, count, like)
	if err != nil {
		return nil, "", fmt.Errorf("decoding users: %w", err)
	}
	return users, digest, nil
}

// openStored unpacks and verifies Encode's output: the stored form and its number of users.
func openStored(data []byte) (string, int, error) {
	e, ok := readEnvelope(data)
	if !ok {
		if err := json.Unmarshal(data, &e); err != nil {
			return "", 0, fmt.Errorf("decoding users: %w", err)
		}
	}
	if e.V != storedVersion && e.V != storedGzipVersion {
		return "", 0, fmt.Errorf("decoding users: unknown encoding version %d (this provider reads versions %d and %d)",
			e.V, storedGzipVersion, storedVersion)
	}
	if e.Count < 0 || e.Count > 8*len(e.Data) { // front-coded, compressed IDs take a few bits each
		return "", 0, fmt.Errorf("decoding users: implausible count %d", e.Count)
	}
	compressed, err := base64.StdEncoding.DecodeString(e.Data)
	if err != nil {
		return "", 0, fmt.Errorf("decoding users: %w", err)
	}
	var zr io.Reader
	announced := uint64(max(e.Size, 0))
	if e.V == storedGzipVersion {
		gr, err := gzip.NewReader(bytes.NewReader(compressed))
		if err != nil {
			return "", 0, fmt.Errorf("decoding users: %w", err)
		}
		if announced == 0 && len(compressed) >= 4 { // gzip ends with the size it inflates to
			announced = uint64(binary.LittleEndian.Uint32(compressed[len(compressed)-4:]))
		}
		zr = gr
	} else {
		dr, err := zstd.NewReader(bytes.NewReader(compressed), zstd.WithDecoderConcurrency(1), zstd.WithDecoderMaxMemory(maxDecoded+1))
		if err != nil {
			return "", 0, fmt.Errorf("decoding users: %w", err)
		}
		defer dr.Close()
		zr = dr
	}
	// Read once into a buffer of the announced size, trusted only as far as the data present
	// can back it (in uint64: it need not fit a 32-bit int).
	var b strings.Builder
	b.Grow(int(min(announced, storedGrowthPerByte*uint64(len(compressed)), maxDecoded)) + 1)
	n, err := io.Copy(&b, io.LimitReader(zr, maxDecoded+1))
	if err != nil {
		return "", 0, fmt.Errorf("decoding users: %w", err)
	}
	if n > maxDecoded {
		return "", 0, errors.New("decoding users: larger than the provider accepts")
	}
	raw := b.String()
	if regularfile.Digest(raw) != e.SHA256 {
		return "", 0, errors.New("decoding users: the stored form does not match its digest")
	}
	return raw, e.Count, nil
}

// readEnvelope reads the object Encode writes, exactly as Encode writes it, without the
// JSON decoder, which scans megabytes of base64 a byte at a time; false for anything else,
// which the JSON decoder then reads.
func readEnvelope(data []byte) (stored, bool) {
	var e stored
	rest, ok := bytes.CutPrefix(data, []byte(`{"v":`))
	if !ok {
		return e, false
	}
	for _, f := range []struct {
		n    *int
		next string
	}{{&e.V, `,"count":`}, {&e.Count, `,"size":`}, {&e.Size, `,"sha256":"`}} {
		var digits []byte
		if digits, rest, ok = bytes.Cut(rest, []byte(f.next)); !ok {
			return e, false
		}
		n, err := strconv.Atoi(string(digits))
		if err != nil {
			return e, false
		}
		*f.n = n
	}
	sum, rest, ok := bytes.Cut(rest, []byte(`","data":"`))
	body, ok2 := bytes.CutSuffix(rest, []byte(`"}`))
	if !ok || !ok2 || bytes.ContainsAny(sum, `"\`) || bytes.ContainsAny(body, `"\`) {
		return e, false
	}
	e.SHA256, e.Data = string(sum), string(body)
	return e, true
}

// storedReader reads the stored form's numbers and strings; values are substrings of it.
type storedReader struct {
	s   string
	bad bool
}

func (r *storedReader) num() int {
	// binary.Uvarint, on the string itself: this runs twice per stored value.
	var v uint64
	for i := 0; i < len(r.s) && i < 6; i++ { // 6 bytes hold 42 bits: more is never valid here
		b := r.s[i]
		if b < 0x80 {
			v |= uint64(b) << (7 * i)
			if v > 1<<40 { // no count, index or length is ever near that
				break
			}
			r.s = r.s[i+1:]
			return int(v)
		}
		v |= uint64(b&0x7f) << (7 * i)
	}
	r.bad = true
	return 0
}

func (r *storedReader) bytes(l int) string {
	if r.bad || l > len(r.s) {
		r.bad = true
		return ""
	}
	out := r.s[:l]
	r.s = r.s[l:]
	return out
}

// value reads one column entry: the value, and whether the user has one.
func (r *storedReader) value() (string, bool) {
	l := r.num()
	if l == 0 {
		return "", false
	}
	return r.bytes(l - 1), !r.bad
}

// parseStored reads the stored form of count users and returns them with their Digest.
func parseStored(s string, count int, like map[string]map[string]string) (map[string]map[string]string, string, error) {
	users := make(map[string]map[string]string, count)
	_, digest, err := walkStored(s, count, func(names []string, id string, vals []string, has []bool) {
		// A user exactly as in like shares like's map: no allocation, and NewPlan sees at
		// once that it did not change.
		same, ok := like[id]
		k := 0
		for c, name := range names {
			if has[c] {
				k++
				if w, found := same[name]; !found || w != vals[c] {
					ok = false
				}
			}
		}
		if ok && len(same) == k {
			users[id] = same
			return
		}
		attrs := make(map[string]string, k)
		for c, name := range names {
			if has[c] {
				attrs[name] = vals[c]
			}
		}
		users[id] = attrs
	})
	if err != nil {
		return nil, "", err
	}
	return users, digest, nil
}

// walkStored reads the stored form of count users and calls visit for each user, in ID
// order, with its values: vals[c] is its value of names[c] where has[c] (both slices are
// reused from one user to the next). It returns the users' IDs, sorted, and their Digest.
func walkStored(s string, count int, visit func(names []string, id string, vals []string, has []bool)) ([]string, string, error) {
	bad := errors.New("truncated or malformed")
	if !strings.HasPrefix(s, storedMagic) || len(s) < len(storedMagic)+sha256.Size*2 {
		return nil, "", errors.New("not the stored form")
	}
	digest := s[len(s)-sha256.Size*2:]
	r := &storedReader{s: s[len(storedMagic) : len(s)-len(digest)]}
	nNames := r.num()
	if r.bad || nNames > MaxAttributes*4 {
		return nil, "", bad
	}
	names := make([]string, nNames)
	for i := range names {
		if names[i] = r.bytes(r.num()); r.bad || i > 0 && names[i] <= names[i-1] {
			return nil, "", bad
		}
	}
	nUsers := r.num()
	if r.bad || nUsers != count || nUsers > len(r.s) {
		return nil, "", fmt.Errorf("%d users announced, expected %d", nUsers, count)
	}
	ids, err := r.ids(nUsers)
	if err != nil {
		return nil, "", err
	}
	cols := make([]storedReader, nNames)
	vals, has := make([]string, nNames), make([]bool, nNames)
	for start := 0; start < nUsers; start += storedBlock {
		block := ids[start:min(start+storedBlock, nUsers)]
		for c := range cols { // each column's start in the block, to read user by user
			cols[c] = *r
			for range block {
				r.value()
			}
			if r.bad {
				return nil, "", bad
			}
		}
		for _, id := range block {
			for c := range cols {
				vals[c], has[c] = cols[c].value()
			}
			visit(names, id, vals, has)
		}
	}
	if r.s != "" {
		return nil, "", bad
	}
	return ids, digest, nil
}

// ids reads n front-coded, strictly increasing IDs into one allocation.
func (r *storedReader) ids(n int) ([]string, error) {
	size, sizes := 0, *r // a first pass sizes the allocation: growing it copied megabytes
	for range n {
		size += sizes.num()
		size += len(sizes.bytes(sizes.num()))
	}
	if sizes.bad || size > maxDecoded {
		return nil, errors.New("truncated or malformed user IDs")
	}
	ends := make([]int, n)
	arena := make([]byte, 0, size)
	start := 0
	for i := range n {
		shared := r.num()
		rest := r.bytes(r.num())
		if r.bad || i == 0 && shared != 0 || i > 0 && shared > ends[i-1]-start {
			return nil, errors.New("truncated or malformed user IDs")
		}
		next := len(arena)
		arena = append(arena, arena[start:start+shared]...)
		arena = append(arena, rest...)
		if i > 0 && string(arena[next:]) <= string(arena[start:next]) {
			return nil, errors.New("user IDs not strictly increasing")
		}
		start, ends[i] = next, len(arena)
	}
	all := string(arena)
	ids := make([]string, n)
	start = 0
	for i, end := range ends {
		ids[i], start = all[start:end], end
	}
	return ids, nil
}
