package sandbox

import (
	"bytes"
	"encoding/json"
	"maps"
	"slices"
	"testing"
)

// plainSeeds are bodies on both sides of the fast path's edge.
var plainSeeds = []string{
	`{"name":"a","userIds":["x","y"]}`, ` { "action" : "add" , "userIds" : [ "x" , "" ] } `, `{}`, `{ }`, `[]`, `[ ]`,
	`["a b,c]d{e}:f"]`, `{"name":"caf\u00e9","userIds":[]}`, `{"name":"café"}`, `{"name":"a\"b"}`, `{"name":"\q"}`,
	`{"name":"a` + "\t" + `b"}`, `{"userIds":["caf\u00e9"]}`, `{"userIds":["café"]}`, `{"userIds":["a\\b"]}`,
	`{"userIds":["x",]}`, `{"userIds":[,]}`, `{"userIds":["x"] "a":"b"}`, `{"a":"b",}`, `{"a":"b"}x`, `{"a":"b"}{}`,
	`{"a":"b","a":"c"}`, `{"a":null}`, `{"a":7}`, `{"a":{"b":"c"}}`, `{"a":[null]}`, `{"a":[["x"]]}`, `{"a\u0062":"c"}`,
	`{"é":"c"}`, `{"a":"b"`, `{"a":`, `{"a"`, `{`, `[`, `["x"`, `["x",`, `null`, ` `, "\ufeff{}", `{"a":"` + "\x7f" + `"}`,
	`["` + "\x7f" + `"]`, `["` + "\x1f" + `"]`, `{"a":"\ud800"}`,
}

// FuzzPlainJSON: whatever the fast path reads, encoding/json reads the same way.
func FuzzPlainJSON(f *testing.F) {
	for _, s := range plainSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if obj, arrays, ok := plainObject(data); ok {
			want, err := decodeAnyObject(data, "body")
			if err != nil {
				t.Fatalf("plainObject read %q, encoding/json refuses it: %v", data, err)
			}
			if !maps.EqualFunc(obj, want, func(a, b json.RawMessage) bool { return bytes.Equal(a, b) }) {
				t.Fatalf("%q: plainObject %q, encoding/json %q", data, obj, want)
			}
			for key, strs := range arrays {
				var want []string
				if err := json.Unmarshal(obj[key], &want); err != nil || !slices.Equal(strs, want) {
					t.Fatalf("%q: plainObject decoded %s as %q, encoding/json %q (%v)", data, key, strs, want, err)
				}
			}
			for key, raw := range obj {
				if _, decoded := arrays[key]; !decoded && raw[0] == '[' {
					t.Fatalf("%q: plainObject did not decode the array %s", data, key)
				}
			}
		}
		if ids, ok := plainStrings(data); ok {
			var want []string
			if err := json.Unmarshal(data, &want); err != nil || want == nil {
				t.Fatalf("plainStrings read %q, encoding/json: %q, %v", data, want, err)
			}
			if !slices.Equal(ids, want) {
				t.Fatalf("%q: plainStrings %q, encoding/json %q", data, ids, want)
			}
		}
	})
}

// TestPlainJSONTakesFastPath pins which bodies the fast path reads, so that the segment
// writes it exists for keep taking it and everything unusual keeps leaving it.
func TestPlainJSONTakesFastPath(t *testing.T) {
	for body, want := range map[string]bool{
		`{"name":"a","userIds":["x","y"]}`:                    true,
		` { "id" : "e\u00e9\"" , "userIds" : [ "x" , "" ] } `: true, // any valid string value
		`{"action":"add","userIds":[]}`:                       true,
		`{}`:                                                  true,
		`{"userIds":["café"]}`:                                false, // non-ASCII ID
		`{"userIds":["a\u0062"]}`:                             false, // escaped ID
		`{"userIds":[null]}`:                                  false,
		`{"userIds":null}`:                                    false,
		`{"a":"b","a":"c"}`:                                   false, // duplicate key
		`{"name":"\q"}`:                                       false, // invalid escape
		`{"a":"b"} {}`:                                        false, // trailing data
		`{"userIds":["x",]}`:                                  false,
	} {
		if _, _, got := plainObject([]byte(body)); got != want {
			t.Errorf("plainObject(%s): fast path %v, want %v", body, got, want)
		}
	}
	for body, want := range map[string]bool{
		`["x","y"]`:      true,
		` [ "x" , "" ] `: true,
		`[]`:             true,
		`["café"]`:       false,
		`["a\\b"]`:       false,
		`["x",null]`:     false,
		`null`:           false,
		`["x"]]`:         false,
	} {
		if _, got := plainStrings([]byte(body)); got != want {
			t.Errorf("plainStrings(%s): fast path %v, want %v", body, got, want)
		}
	}
}
