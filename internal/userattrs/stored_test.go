package userattrs

import (
	"bytes"
	"compress/gzip"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"maps"
	"math"
	"runtime"
	"strings"
	"testing"

	"github.com/walkme-community/terraform-provider-walkme/internal/regularfile"
)

// TestStoredRoundTripEdges: what the column layout must keep apart survives the round trip:
// an empty value and no value, IDs that share prefixes (front coding) or are prefixes of
// each other, users without attributes, bytes JSON would escape.
func TestStoredRoundTripEdges(t *testing.T) {
	users := map[string]map[string]string{
		"a":      {"x": ""},
		"ab":     {"y": "1"},
		"abc":    {},
		"abd":    {"x": "é\n\"\\", "y": ""},
		"b":      {"x": "2", "y": "3", "z": "4"},
		"zz\x00": {"z": "nul"},
	}
	data, err := Encode(users)
	if err != nil {
		t.Fatal(err)
	}
	got, digest, err := Decode(data)
	if err != nil {
		t.Fatal(err)
	}
	if !equalUsers(got, users) {
		t.Fatalf("got %q, want %q", got, users)
	}
	if _, has := got["ab"]["x"]; has {
		t.Fatal("a missing value came back as an empty one")
	}
	if digest != Digest(users) {
		t.Fatalf("digest %s, want %s", digest, Digest(users))
	}
}

// TestStoredRejectsCorruption: private state can be edited or corrupt; Decode reports it
// (the provider then sends every user again) rather than restoring other users.
func TestStoredRejectsCorruption(t *testing.T) {
	users := map[string]map[string]string{"a": {"x": "1"}, "b": {"x": "2"}}
	data, err := Encode(users)
	if err != nil {
		t.Fatal(err)
	}
	var e stored
	if err := json.Unmarshal(data, &e); err != nil {
		t.Fatal(err)
	}
	edit := func(f func(*stored)) []byte {
		c := e
		f(&c)
		b, _ := json.Marshal(c)
		return b
	}
	gz, _ := base64.StdEncoding.DecodeString(e.Data)
	cases := map[string][]byte{
		"older version": edit(func(s *stored) { s.V = 1 }),
		"wrong count":   edit(func(s *stored) { s.Count = 3 }),
		"wrong sha256":  edit(func(s *stored) { s.SHA256 = strings.Repeat("0", 64) }),
		"truncated":     edit(func(s *stored) { s.Data = base64.StdEncoding.EncodeToString(gz[:len(gz)/2]) }),
		"not base64":    edit(func(s *stored) { s.Data = "%%%" }),
		"not JSON":      []byte("garbage"),
	}
	for name, bad := range cases {
		if got, _, err := Decode(bad); err == nil {
			t.Errorf("%s: decoded %v", name, got)
		}
	}
}

// TestParseStoredMalformed: a stored form whose digest matches (so only a bug or a
// deliberate edit could produce it) but whose content is malformed is refused, never a panic.
func TestParseStoredMalformed(t *testing.T) {
	d := strings.Repeat("0", 64)
	cases := map[string]struct {
		s     string
		count int
	}{
		"IDs not increasing":  {storedMagic + "\x01\x01x" + "\x02" + "\x00\x01b" + "\x00\x01a" + "\x02a\x02b" + d, 2},
		"ID repeated":         {storedMagic + "\x01\x01x" + "\x02" + "\x00\x01a" + "\x01\x00" + "\x02a\x02b" + d, 2},
		"prefix past the ID":  {storedMagic + "\x01\x01x" + "\x02" + "\x00\x01a" + "\x05\x01b" + "\x02a\x02b" + d, 2},
		"names not sorted":    {storedMagic + "\x02\x01y\x01x" + "\x01" + "\x00\x01a" + "\x00\x00" + d, 1},
		"column cut short":    {storedMagic + "\x01\x01x" + "\x02" + "\x00\x01a" + "\x00\x01b" + "\x02a" + d, 2},
		"bytes after columns": {storedMagic + "\x01\x01x" + "\x01" + "\x00\x01a" + "\x02a" + "junk" + d, 1},
		"value past the end":  {storedMagic + "\x01\x01x" + "\x01" + "\x00\x01a" + "\x09a" + d, 1},
		"another count":       {storedMagic + "\x01\x01x" + "\x03" + "\x00\x01a" + "\x02a" + d, 1},
		"no digest":           {storedMagic, 0},
	}
	for name, c := range cases {
		if got, _, err := parseStored(c.s, c.count, nil); err == nil {
			t.Errorf("%s: parsed %v", name, got)
		}
	}
	ok := storedMagic + "\x01\x01x" + "\x02" + "\x00\x01a" + "\x00\x01b" + "\x02a\x00" + d
	got, digest, err := parseStored(ok, 2, nil)
	if err != nil || fmt.Sprint(got) != "map[a:map[x:a] b:map[]]" || digest != d {
		t.Fatalf("the well-formed case: %v %s %v", got, digest, err)
	}
}

// TestStoredSmallerThanCanonical: the reason for the column layout. 10,000 users with ten
// attributes store in less than a third of what the canonical form compresses to.
func TestStoredSmallerThanCanonical(t *testing.T) {
	users, err := ParseFile(FormatCSV, benchCSV(10000), "Email", benchTypes)
	if err != nil {
		t.Fatal(err)
	}
	data, err := Encode(users)
	if err != nil {
		t.Fatal(err)
	}
	canonical := gzipSize(t, users)
	if stored := base64.StdEncoding.DecodedLen(len(data)); stored*3 > canonical {
		t.Fatalf("stored %d bytes, the canonical form compresses to %d", stored, canonical)
	}
}

func gzipSize(t *testing.T, users map[string]map[string]string) int {
	t.Helper()
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestSpeed)
	if err := TableOf(users).writeCanonical(zw); err != nil {
		t.Fatal(err)
	}
	_ = zw.Close()
	return buf.Len()
}

// TestStoredAcrossBlocks: users beyond the first block, some without a value, one (late,
// after the guess of names was made) with an attribute nobody else has, and DecodeLike
// sharing exactly the unchanged users' maps in every block.
func TestStoredAcrossBlocks(t *testing.T) {
	users := map[string]map[string]string{}
	for i := range 2*storedBlock + 500 {
		attrs := map[string]string{"a": fmt.Sprint(i), "b": fmt.Sprint(i % 7)}
		if i%7 == 0 {
			delete(attrs, "b")
		}
		users[fmt.Sprintf("user%05d", i)] = attrs
	}
	users["user02300"]["late"] = "x"
	data, err := Encode(users)
	if err != nil {
		t.Fatal(err)
	}
	like := map[string]map[string]string{}
	for id, attrs := range users {
		like[id] = maps.Clone(attrs)
	}
	like["user00005"]["a"] = "changed"
	like["user02100"]["b"] = "changed"
	got, digest, err := DecodeLike(data, like)
	if err != nil || !equalUsers(got, users) || digest != Digest(users) {
		t.Fatalf("round trip: %v", err)
	}
	for id := range users {
		if shared := sameMap(got[id], like[id]); shared != (id != "user00005" && id != "user02100") {
			t.Errorf("%s: shares like's map: %v", id, shared)
		}
	}
}

// TestOpenStoredSizeBoundedByData: the size announced (the stored "size", or in version 2
// gzip's trailer when there is none) is trusted only as far as the data present can back it;
// an edited one is refused without a buffer to match.
func TestOpenStoredSizeBoundedByData(t *testing.T) {
	users := map[string]map[string]string{"a": {"x": "1"}, "b": {"x": "2"}}
	v3, err := Encode(users)
	if err != nil {
		t.Fatal(err)
	}
	for _, edit := range []string{"size", "trailer"} {
		data := v3
		if edit == "trailer" {
			data = encodeVersion2(t, users)
		}
		var e stored
		if err := json.Unmarshal(data, &e); err != nil {
			t.Fatal(err)
		}
		compressed, _ := base64.StdEncoding.DecodeString(e.Data)
		if edit == "size" {
			if e.Size == 0 {
				t.Fatal("no size stored")
			}
			e.Size = math.MaxInt32 // 2 GiB announced, as far as a 32-bit int holds
		} else {
			binary.LittleEndian.PutUint32(compressed[len(compressed)-4:], 1<<31)
		}
		e.Data = base64.StdEncoding.EncodeToString(compressed)
		edited, _ := json.Marshal(e)
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		_, err = OpenStored(edited)
		runtime.ReadMemStats(&after)
		if edit == "trailer" && err == nil {
			t.Fatal("an edited trailer was accepted")
		}
		if grew := after.TotalAlloc - before.TotalAlloc; grew > 1<<20 {
			t.Fatalf("%s: allocated %d bytes for %d bytes of data", edit, grew, len(compressed))
		}
	}
}

// TestStoredReadsVersion2: users stored by the provider before zstd (version 2, gzip) are
// read as they were written, so upgrading the provider sends nobody again.
func TestStoredReadsVersion2(t *testing.T) {
	users := map[string]map[string]string{"a": {"x": "1", "y": ""}, "b": {"y": "2"}}
	for i := range 3000 {
		users[fmt.Sprintf("u%05d", i)] = map[string]string{"x": fmt.Sprint(i % 7)}
	}
	got, digest, err := Decode(encodeVersion2(t, users))
	if err != nil || digest != Digest(users) || !equalUsers(got, users) {
		t.Fatalf("version 2: %d users, digest %s, %v", len(got), digest, err)
	}
}

// encodeVersion2 is Encode as the provider wrote it before zstd: the same stored form,
// gzip-compressed, without "size".
func encodeVersion2(t *testing.T, users map[string]map[string]string) []byte {
	t.Helper()
	table := TableOf(users)
	raw := table.appendStoredBlocks(table.appendStoredHead(nil, table.present()), table.present())
	raw = append(raw, table.Digest()...)
	var gz bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&gz, gzip.BestSpeed)
	_, _ = zw.Write(raw)
	_ = zw.Close()
	b, err := json.Marshal(stored{V: storedGzipVersion, Count: table.Len(), SHA256: regularfile.Digest(string(raw)),
		Data: base64.StdEncoding.EncodeToString(gz.Bytes())})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestReadEnvelopeIsJSON: the stored object as Encode writes it is read without the JSON
// decoder, to the same fields; any other spelling of it is left to the decoder, and opens.
func TestReadEnvelopeIsJSON(t *testing.T) {
	users := map[string]map[string]string{"a": {"x": "1"}, "b": {"x": "2"}}
	data, err := Encode(users)
	if err != nil {
		t.Fatal(err)
	}
	var want stored
	if err := json.Unmarshal(data, &want); err != nil {
		t.Fatal(err)
	}
	if got, ok := readEnvelope(data); !ok || got != want {
		t.Fatalf("readEnvelope = %+v, %v; the JSON decoder: %+v", got, ok, want)
	}
	var generic map[string]any
	_ = json.Unmarshal(data, &generic)
	respelled, _ := json.MarshalIndent(generic, "", " ") // other key order and spacing
	if _, ok := readEnvelope(respelled); ok {
		t.Error("respelled: read without the decoder")
	}
	if _, _, err := Decode(respelled); err != nil {
		t.Errorf("respelled: %v", err)
	}
	for _, bad := range []string{`{"v":3,"count":x,"size":1,"sha256":"s","data":"d"}`, `3,"count":1,"size":1,"sha256":"s","data":"d"}`, `{"v":3,"count":1,"size":1,"sha256":"s","data":"d\"x"}`} {
		if _, ok := readEnvelope([]byte(bad)); ok {
			t.Errorf("%s: read", bad)
		}
	}
}
