package sandbox

import (
	"bytes"
	"encoding/json"

	"github.com/walkme-community/terraform-provider-walkme/internal/plainjson"
)

// A fast path for the bodies that dominate the sandbox's CPU: segment writes of up to
// 25,000 user IDs, about 0.8 MB of JSON each. encoding/json scans such a body four times
// (the decoder, the skip into json.RawMessage, Unmarshal's validity check, the decode)
// and allocates a string per ID; on the machine the benchmarks run on, that cost the
// sandbox about as much CPU per request as the client spent building it, which kept
// concurrent writes from overlapping.
//
// The fast path reads "plain" JSON only: an object of plain keys whose values are strings
// or arrays of plain strings, where a plain string (package plainjson) is printable ASCII
// without quote or backslash, so its JSON text is its value. Whatever else it meets (escapes, non-ASCII,
// numbers, null, nesting, duplicate keys, bad syntax) makes it give up, and the caller
// decodes the body with encoding/json as before: it only ever accepts what encoding/json
// decodes to the same result, and every error message stays encoding/json's path's.

// isSpace is JSON's whitespace, as encoding/json reads it.
func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

func skipSpace(data []byte, i int) int {
	for i < len(data) && isSpace(data[i]) {
		i++
	}
	return i
}

// plainStringEnd returns the index just past the plain string starting at data[i] (a
// quote), or -1.
func plainStringEnd(data []byte, i int) int {
	j := i + 1 + plainjson.Span(data[i+1:])
	if j < len(data) && data[j] == '"' {
		return j + 1
	}
	return -1
}

// plainArrayEnd returns the index just past the array of plain strings starting at
// data[i] (a bracket), or -1; each, when not nil, gets every string's bounds (quotes
// excluded) in order.
func plainArrayEnd(data []byte, i int, each func(start, end int)) int {
	i = skipSpace(data, i+1)
	if i < len(data) && data[i] == ']' {
		return i + 1
	}
	for i < len(data) && data[i] == '"' {
		end := plainStringEnd(data, i)
		if end < 0 {
			return -1
		}
		if each != nil {
			each(i+1, end-1)
		}
		i = skipSpace(data, end)
		switch {
		case i >= len(data):
			return -1
		case data[i] == ']':
			return i + 1
		case data[i] != ',':
			return -1
		}
		i = skipSpace(data, i+1)
	}
	return -1
}

// plainStrings decodes data, a JSON array of plain strings, with one allocation for all
// the strings' bytes; ok is false for anything else.
func plainStrings(data []byte) (out []string, ok bool) {
	i := skipSpace(data, 0)
	if i >= len(data) || data[i] != '[' {
		return nil, false
	}
	end, out := plainArray(data, i, string(data))
	if end < 0 || skipSpace(data, end) != len(data) {
		return nil, false
	}
	return out, true
}

// plainArray decodes the array of plain strings starting at data[i] (a bracket) into
// substrings of text, which is data as a string: the IDs share it, one allocation instead
// of one per ID. It returns the index just past the array, or -1.
func plainArray(data []byte, i int, text string) (end int, out []string) {
	// Commas bound the count; a body of commas inside one string must not size a huge slice.
	out = make([]string, 0, min(bytes.Count(data[i:], []byte{','})+1, MaxSegmentUserIDs+1))
	end = plainArrayEnd(data, i, func(a, b int) { out = append(out, text[a:b]) })
	return end, out
}

// plainObject splits data, a JSON object of plain keys whose values are JSON strings or
// arrays of plain strings, into its fields, the way decoding it into a
// map[string]json.RawMessage would, and decodes the arrays on the way (in the one scan
// that checks them); ok is false for anything else, duplicate keys included.
func plainObject(data []byte) (obj map[string]json.RawMessage, arrays map[string][]string, ok bool) {
	i := skipSpace(data, 0)
	if i >= len(data) || data[i] != '{' {
		return nil, nil, false
	}
	obj = map[string]json.RawMessage{}
	i = skipSpace(data, i+1)
	if i < len(data) && data[i] == '}' {
		return obj, nil, skipSpace(data, i+1) == len(data)
	}
	var text string // data as a string, made for the first array
	for i < len(data) && data[i] == '"' {
		keyEnd := plainStringEnd(data, i)
		if keyEnd < 0 {
			return nil, nil, false
		}
		key := string(data[i+1 : keyEnd-1])
		if _, dup := obj[key]; dup {
			return nil, nil, false
		}
		i = skipSpace(data, keyEnd)
		if i >= len(data) || data[i] != ':' {
			return nil, nil, false
		}
		i = skipSpace(data, i+1)
		end := -1
		switch {
		case i >= len(data):
		case data[i] == '"':
			end = stringEnd(data, i)
		case data[i] == '[':
			if text == "" {
				text = string(data)
			}
			var strs []string
			if end, strs = plainArray(data, i, text); end >= 0 {
				if arrays == nil {
					arrays = map[string][]string{}
				}
				arrays[key] = strs
			}
		}
		if end < 0 {
			return nil, nil, false
		}
		obj[key] = data[i:end:end]
		i = skipSpace(data, end)
		switch {
		case i >= len(data):
			return nil, nil, false
		case data[i] == '}':
			return obj, arrays, skipSpace(data, i+1) == len(data)
		case data[i] != ',':
			return nil, nil, false
		}
		i = skipSpace(data, i+1)
	}
	return nil, nil, false
}

// stringEnd returns the index just past the JSON string starting at data[i] (a quote),
// or -1 when it is not a valid JSON string. Any string goes: decodeString decodes it.
func stringEnd(data []byte, i int) int {
	for j := i + 1; j < len(data); j++ {
		switch data[j] {
		case '\\':
			j++
		case '"':
			if !json.Valid(data[i : j+1]) {
				return -1
			}
			return j + 1
		}
	}
	return -1
}
