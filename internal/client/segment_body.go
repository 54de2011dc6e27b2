package client

import (
	"slices"

	"github.com/walkme-community/terraform-provider-walkme/internal/plainjson"
)

// jsonAppender is a request body that encodes itself, to exactly the bytes encodeReflect
// would produce. The segment bodies do: they carry up to 25,000 user IDs, and
// encoding/json's reflection and per-byte escaping checks made encoding one about half of
// the client's CPU per segment write (BenchmarkUpdateSegmentAdd25k), on the cores the
// requests in flight share. TestSegmentBodiesEncodeLikeEncodingJSON holds them to it.
type jsonAppender interface {
	appendJSON(dst []byte) []byte
}

func (b createSegmentBody) appendJSON(dst []byte) []byte {
	dst = append(dst, '{')
	if b.ID != "" { // omitempty
		dst = appendJSONString(append(dst, `"id":`...), b.ID)
		dst = append(dst, ',')
	}
	dst = appendJSONString(append(dst, `"name":`...), b.Name)
	dst = appendJSONStrings(append(dst, `,"userIds":`...), b.UserIDs)
	return append(dst, '}')
}

func (b updateSegmentBody) appendJSON(dst []byte) []byte {
	dst = appendJSONString(append(dst, `{"action":`...), string(b.Action))
	dst = appendJSONStrings(append(dst, `,"userIds":`...), b.UserIDs)
	return append(dst, '}')
}

// appendJSONStrings appends ss as a JSON array (null when nil, as encoding/json does).
func appendJSONStrings(dst []byte, ss []string) []byte {
	if ss == nil {
		return append(dst, "null"...)
	}
	n := 2
	for _, s := range ss {
		n += len(s) + 3
	}
	dst = slices.Grow(dst, n)
	dst = append(dst, '[')
	for i, s := range ss {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = appendJSONString(dst, s)
	}
	return append(dst, ']')
}

// appendJSONString appends s as a JSON string. A plain string (nearly every user ID)
// stands for itself, since encodeReflect does not escape HTML; anything else goes through
// encodeReflect.
func appendJSONString(dst []byte, s string) []byte {
	if plainjson.Span(s) < len(s) {
		b, err := encodeReflect(s)
		if err != nil { // encoding/json encodes every string
			panic(err)
		}
		return append(dst, b...)
	}
	dst = append(dst, '"')
	dst = append(dst, s...)
	return append(dst, '"')
}
