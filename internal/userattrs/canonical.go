package userattrs

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
)

// The canonical form of a set of users is one line per user, sorted by user ID, each the JSON
// array [user ID, {attribute: value, ...}] with the attributes sorted (encoding/json sorts map
// keys). It is the same however the users were written (inline, CSV, JSON Lines, any order),
// so its SHA-256 identifies the content, and it is what private state stores, compressed.

// writeCanonical writes the canonical form of users to w.
func writeCanonical(w io.Writer, users map[string]map[string]string) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	enc := json.NewEncoder(bw) // Encode ends each value with "\n"
	enc.SetEscapeHTML(false)
	for _, id := range slices.Sorted(maps.Keys(users)) {
		if err := enc.Encode([2]any{id, users[id]}); err != nil {
			return err
		}
	}
	return bw.Flush()
}

// Digest is the hex SHA-256 of the canonical form of users.
func Digest(users map[string]map[string]string) string {
	h := sha256.New()
	_ = writeCanonical(h, users) // a hash never fails to write, and strings always encode
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
	if err := writeCanonical(io.MultiWriter(zw, h), users); err != nil {
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

// Decode restores Encode's output, verifying the count and the digest.
func Decode(data []byte) (map[string]map[string]string, error) {
	var e encoded
	if err := json.Unmarshal(data, &e); err != nil {
		return nil, fmt.Errorf("decoding users: %w", err)
	}
	if e.V != encodingVersion {
		return nil, fmt.Errorf("decoding users: unknown encoding version %d (this provider reads version %d)", e.V, encodingVersion)
	}
	if e.Count < 0 || e.Count > len(e.Data) { // every user takes more than one byte of data
		return nil, fmt.Errorf("decoding users: implausible count %d", e.Count)
	}
	zr, err := gzip.NewReader(base64.NewDecoder(base64.StdEncoding, strings.NewReader(e.Data)))
	if err != nil {
		return nil, fmt.Errorf("decoding users: %w", err)
	}
	h := sha256.New()
	r := bufio.NewReaderSize(io.TeeReader(io.LimitReader(zr, maxDecoded+1), h), 64<<10)
	users := make(map[string]map[string]string, e.Count)
	read, prev := 0, ""
	for {
		line, err := r.ReadBytes('\n')
		read += len(line)
		if read > maxDecoded {
			return nil, errors.New("decoding users: larger than the provider accepts")
		}
		if len(line) > 0 {
			var rec [2]json.RawMessage
			var id string
			var attrs map[string]string
			if json.Unmarshal(line, &rec) != nil || json.Unmarshal(rec[0], &id) != nil || json.Unmarshal(rec[1], &attrs) != nil {
				return nil, fmt.Errorf("decoding users: malformed entry after %d users", len(users))
			}
			if len(users) > 0 && id <= prev {
				return nil, errors.New("decoding users: not sorted")
			}
			users[id], prev = attrs, id
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("decoding users: %w", err)
		}
	}
	if len(users) != e.Count {
		return nil, fmt.Errorf("decoding users: %d users, expected %d", len(users), e.Count)
	}
	if d := hex.EncodeToString(h.Sum(nil)); d != e.SHA256 {
		return nil, fmt.Errorf("decoding users: digest %s, expected %s", d, e.SHA256)
	}
	return users, nil
}
