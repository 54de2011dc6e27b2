package membership

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"runtime"
	"strings"
	"sync"
)

// encodingVersion is bumped when the encoded layout changes; Decode refuses versions it
// does not know rather than guessing at a membership.
//
// Version 1: "data" is base64(gzip(front-coded IDs)), the gzip stream possibly made of
// several members. Front coding writes each ID of the sorted set as one byte holding the
// length of the prefix it shares with the previous ID of its member (at most 255), then
// the rest of the ID, then "\n". Sorted IDs share long prefixes, so
// this halves what gzip must compress: for a million realistic e-mail addresses the
// encoding is about 2.8 MB instead of 3.9 MB, and faster to produce.
const encodingVersion = 1

// encoded is the private-state value. The framework requires private state values to be
// JSON. Count, size and digest let Decode allocate once and verify what it restores.
type encoded struct {
	V      int    `json:"v"`
	Count  int64  `json:"count"` // int64: read from state, checked before it becomes an int
	Bytes  int64  `json:"bytes"` // length of the IDs joined by "\n"
	SHA256 string `json:"sha256"`
	Data   string `json:"data"`
}

// memberIDs is how many IDs one gzip member holds. A gzip stream may be several members
// one after the other, which readers see as one: the members of a large membership are
// compressed in parallel, while the digest is computed beside them. The split depends
// only on the IDs, so the encoding is the same on every machine.
const memberIDs = 1 << 18

// Encode returns the compact JSON encoding of a sorted set for private state.
func Encode(ids []string) ([]byte, error) {
	if !IsSorted(ids) {
		return nil, errors.New("encoding membership: IDs are not a sorted set")
	}
	n := (len(ids) + memberIDs - 1) / memberIDs
	members := make([]bytes.Buffer, max(n, 1))
	errs := make([]error, len(members))
	next := make(chan int, len(members))
	for i := range members {
		next <- i
	}
	close(next)
	var wg sync.WaitGroup
	for range min(len(members), runtime.GOMAXPROCS(0)) {
		wg.Go(func() {
			for i := range next {
				part := ids[min(i*memberIDs, len(ids)):min((i+1)*memberIDs, len(ids))]
				errs[i] = compressMember(&members[i], part)
			}
		})
	}
	digest := Digest(ids)
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, fmt.Errorf("encoding membership: %w", err)
	}
	size := 0
	for i := range members {
		size += members[i].Len()
	}
	// Hex and base64 need no JSON escaping, so the object is written by hand instead of
	// passing megabytes through the JSON encoder.
	var b strings.Builder
	b.Grow(base64.StdEncoding.EncodedLen(size) + 200)
	fmt.Fprintf(&b, `{"v":%d,"count":%d,"bytes":%d,"sha256":"%s","data":"`, encodingVersion, len(ids), joinedLen(ids), digest)
	enc := base64.NewEncoder(base64.StdEncoding, &b)
	for i := range members {
		_, _ = enc.Write(members[i].Bytes()) // writes to a strings.Builder never fail
	}
	_ = enc.Close()
	b.WriteString(`"}`)
	return []byte(b.String()), nil
}

// compressMember writes one gzip member holding ids, front-coded.
func compressMember(buf *bytes.Buffer, ids []string) error {
	buf.Grow(joinedLen(ids)/8 + 64)
	// BestSpeed: on front-coded input the higher levels cost several times the CPU for
	// a few percent at a million IDs.
	zw, err := gzip.NewWriterLevel(buf, gzip.BestSpeed)
	if err != nil {
		return err
	}
	if err := frontCode(zw, ids); err != nil {
		return err
	}
	return zw.Close()
}

func frontCode(w io.Writer, ids []string) error {
	buf := make([]byte, 0, 64<<10)
	prev := ""
	for _, id := range ids {
		p := 0
		for p < len(prev) && p < len(id) && p < 255 && prev[p] == id[p] {
			p++
		}
		for i := p; i < len(id); i++ { // the shared prefix was checked with prev
			if id[i] == '\n' {
				return fmt.Errorf("user ID %s contains a line break", Quote(id))
			}
		}
		if len(buf)+len(id)+2 > cap(buf) {
			if _, err := w.Write(buf); err != nil {
				return err
			}
			buf = buf[:0]
		}
		buf = append(buf, byte(p))
		buf = append(buf, id[p:]...)
		buf = append(buf, '\n')
		prev = id
	}
	_, err := w.Write(buf)
	return err
}

// Decode restores a sorted set from Encode's output, verifying count and digest.
func Decode(data []byte) ([]string, error) {
	var e encoded
	if err := json.Unmarshal(data, &e); err != nil {
		return nil, fmt.Errorf("decoding membership: %w", err)
	}
	if e.V != encodingVersion {
		return nil, fmt.Errorf("decoding membership: unknown encoding version %d (this provider reads version %d); was the state written by a newer provider?", e.V, encodingVersion)
	}
	// Count and size come from state: bound them before allocating, absolutely and
	// against each other (every ID is 1 to 4*MaxIDLength bytes plus a separator), in
	// int64 so that no product overflows.
	if c, s := e.Count, e.Bytes; c < 0 || s < 0 || s > MaxFileBytes || c > (s+1)/2 || s > c*(4*MaxIDLength+1) {
		return nil, fmt.Errorf("decoding membership: implausible size %d bytes for %d IDs", e.Bytes, e.Count)
	}
	count, size := int(e.Count), int(e.Bytes)
	zr, err := gzip.NewReader(base64.NewDecoder(base64.StdEncoding, strings.NewReader(e.Data)))
	if err != nil {
		return nil, fmt.Errorf("decoding membership: %w", err)
	}
	text, err := unFrontCode(bufio.NewReaderSize(zr, 64<<10), size, initialSize(size, len(e.Data)))
	if err != nil {
		return nil, fmt.Errorf("decoding membership: %w", err)
	}
	ids := splitJoined(text, count)
	if len(ids) != count {
		return nil, fmt.Errorf("decoding membership: %d IDs, expected %d", len(ids), count)
	}
	if !IsSorted(ids) {
		return nil, errors.New("decoding membership: IDs are not a sorted set")
	}
	if d := Digest(ids); d != e.SHA256 {
		return nil, fmt.Errorf("decoding membership: digest %s, expected %s", d, e.SHA256)
	}
	return ids, nil
}

// initialSize is the first allocation for size bytes decoded from dataLen bytes of
// data: see initialGrowthPerDataByte. Computed so that it cannot overflow an int.
func initialSize(size, dataLen int) int {
	if dataLen >= size/initialGrowthPerDataByte {
		return size
	}
	return min(size, initialGrowthPerDataByte*dataLen+64<<10)
}

// unFrontCode rebuilds the IDs joined by "\n" into one string of the given size,
// allocating initial bytes first and growing only as the data delivers more.
func unFrontCode(r *bufio.Reader, size, initial int) (string, error) {
	var b strings.Builder
	b.Grow(initial)
	var prev []byte
	for {
		p, err := r.ReadByte()
		if err == io.EOF {
			break
		}
		if err != nil {
			return "", err
		}
		suffix, err := r.ReadSlice('\n')
		if err != nil {
			return "", fmt.Errorf("truncated ID after %d bytes: %w", b.Len(), err)
		}
		if int(p) > len(prev) {
			return "", fmt.Errorf("shared prefix %d longer than the previous ID", p)
		}
		prev = append(prev[:p], suffix[:len(suffix)-1]...)
		if b.Len() > 0 {
			b.WriteByte('\n')
		}
		if b.Len()+len(prev) > size {
			return "", fmt.Errorf("more than the %d bytes announced", size)
		}
		b.Write(prev)
	}
	return b.String(), nil
}

// splitJoined is strings.Split(s, "\n") without allocating per ID, and with no IDs for
// an empty membership.
func splitJoined(s string, hint int) []string {
	if s == "" {
		return nil
	}
	ids := make([]string, 0, min(hint, (len(s)+1)/2)) // hint comes from state: bound it
	for {
		i := strings.IndexByte(s, '\n')
		if i < 0 {
			return append(ids, s)
		}
		ids = append(ids, s[:i])
		s = s[i+1:]
	}
}
