package client

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/walkme-community/terraform-provider-walkme/internal/guid"
)

// The segment list is decoded as a stream: entries one at a time and unknown fields
// skipped token by token, so a large answer never becomes one []any tree.

var (
	listKeys = []string{"segments", "data", "items", "results"}

	// Pagination hints, matched case-insensitively at the top level, inside a nested
	// list object, and inside the containers below.
	hintKeys = map[string]hintKind{}
	// pagingContainers hold hints: {"links": {"next": ...}}, {"meta": {"total": ...}}.
	pagingContainers = []string{"links", "_links", "paging", "pagination", "meta", "pageInfo", "page_info"}
)

type hintKind int

const (
	hintNone       hintKind = iota
	hintNext                // a link to the next page, or its number
	hintPage                // the number of this page
	hintTotalPages          // how many pages there are
	hintTotal               // how many entries there are
	hintHasMore             // whether more pages follow
	hintCursor              // an opaque token for the next page
)

func init() {
	for kind, keys := range map[hintKind][]string{
		hintNext:       {"next", "nextLink", "next_link", "nextUrl", "next_url", "nextPage", "next_page", "nextPageUrl", "next_page_url", "@odata.nextLink"},
		hintPage:       {"page", "pageNumber", "page_number"},
		hintTotalPages: {"totalPages", "total_pages", "pageCount", "page_count"},
		hintTotal:      {"total", "totalCount", "total_count", "totalItems", "total_items", "totalResults", "total_results"},
		hintHasMore:    {"hasMore", "has_more", "hasNext", "has_next", "hasNextPage", "has_next_page", "more"},
		hintCursor:     {"cursor", "nextCursor", "next_cursor", "continuationToken", "continuation_token", "nextToken", "next_token", "nextPageToken", "next_page_token", "pageToken", "page_token"},
	} {
		for _, k := range keys {
			hintKeys[strings.ToLower(k)] = kind
		}
	}
}

// pageHints is what a list answer says about further pages; the first value of each
// kind counts.
type pageHints struct {
	nextLink, nextLinkKey string
	nextPage              int64 // 0: none
	page                  int64 // 0: not reported
	pageKey               string
	totalPages            int64
	total                 int64 // -1: not reported
	totalKey              string
	hasMore               bool
	hasMoreKey            string
	cursorKey             string
}

// segmentPage is one decoded list answer.
type segmentPage struct {
	segs  []Segment
	hints pageHints
}

// decodeSegmentList decodes one list answer, ignoring its pagination hints.
func decodeSegmentList(body []byte) ([]Segment, error) {
	p, err := decodeSegmentPage(bytes.NewReader(body))
	if err != nil {
		return nil, fmt.Errorf("decoding segment list: %w", err)
	}
	return p.segs, nil
}

// decodeSegmentPage reads a segment list: a top-level array, or an object holding the
// array under segments/data/items/results (at most two objects deep). An empty body,
// null, {} and a null or empty object under a list key are an empty system. An entry
// without a valid GUID is an error rather than skipped: a segment silently missing from a
// list would look deleted, and Terraform would create it again.
func decodeSegmentPage(r io.Reader) (segmentPage, error) {
	p := segmentPage{segs: []Segment{}, hints: pageHints{total: -1}}
	dec := json.NewDecoder(r)
	dec.UseNumber()
	tok, err := dec.Token()
	switch {
	case errors.Is(err, io.EOF):
		return p, nil // no body (200 or 204): an empty system
	case err != nil:
		return p, err
	}
	switch tok {
	case json.Delim('['):
		err = p.readEntries(dec)
	case json.Delim('{'):
		var st objectState
		if st, err = p.readObject(dec, 0); err == nil && !st.listed && len(st.keys) > 0 {
			err = fmt.Errorf("an object without a segment array (keys: %s)", strings.Join(st.keys, ", "))
		}
	case nil:
		// null: an empty system
	default:
		err = fmt.Errorf("expected an array or object, got %s", jsonKind(tok))
	}
	if err != nil {
		return p, err
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return p, errors.New("unexpected data after the JSON value")
	}
	return p, nil
}

// objectState is what readObject found in one object.
type objectState struct {
	listed bool     // a segment array, or null/{} under a list key
	keys   []string // its keys, sorted, for errors (at most 10 and "…")
}

// readObject reads the rest of an object whose '{' was read.
func (p *segmentPage) readObject(dec *json.Decoder, depth int) (objectState, error) {
	var st objectState
	listKey := ""
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return st, err
		}
		key, _ := tok.(string)
		st.addKey(key)
		switch {
		case isListKey(key):
			found, err := p.readListValue(dec, depth)
			if err != nil {
				return st, fmt.Errorf("%s: %w", key, err)
			}
			if found && listKey != "" {
				return st, fmt.Errorf("two segment arrays (%s and %s)", listKey, key)
			}
			if found {
				st.listed, listKey = true, key
			}
		case isPagingContainer(key):
			var v any
			if err := dec.Decode(&v); err != nil {
				return st, err
			}
			p.hints.noteContainer(v)
		case hintKeys[strings.ToLower(key)] != hintNone:
			var v any
			if err := dec.Decode(&v); err != nil {
				return st, err
			}
			p.hints.note(key, v)
		default:
			if err := skipValue(dec); err != nil {
				return st, err
			}
		}
	}
	_, err := dec.Token() // '}'
	return st, err
}

// readListValue reads the value under a list key: the segment array, null, or an object
// that may hold the array (found reports whether it did, or was null or {}).
func (p *segmentPage) readListValue(dec *json.Decoder, depth int) (found bool, err error) {
	tok, err := dec.Token()
	if err != nil {
		return false, err
	}
	switch tok {
	case json.Delim('['):
		return true, p.readEntries(dec)
	case nil:
		return true, nil
	case json.Delim('{'):
		if depth >= 1 {
			return false, skipRest(dec)
		}
		st, err := p.readObject(dec, depth+1)
		return st.listed || len(st.keys) == 0, err
	}
	return false, nil // a scalar: not a list
}

// readEntries reads the entries of a segment array whose '[' was read.
func (p *segmentPage) readEntries(dec *json.Decoder) error {
	for i := 0; dec.More(); i++ {
		var v any
		if err := dec.Decode(&v); err != nil {
			return err
		}
		obj, ok := v.(map[string]any)
		if !ok {
			return fmt.Errorf("entry %d is %s, not an object", i, jsonKind(v))
		}
		s, err := segmentFromObject(obj)
		if err != nil {
			return fmt.Errorf("entry %d %w", i, err)
		}
		p.segs = append(p.segs, s)
	}
	_, err := dec.Token() // ']'
	return err
}

func (st *objectState) addKey(k string) {
	switch {
	case len(st.keys) < 10:
		st.keys = append(st.keys, k)
	case len(st.keys) == 10:
		st.keys = append(st.keys, "…")
	}
}

// skipValue consumes one JSON value without keeping it.
func skipValue(dec *json.Decoder) error {
	tok, err := dec.Token()
	if err != nil {
		return err
	}
	if tok == json.Delim('[') || tok == json.Delim('{') {
		return skipRest(dec)
	}
	return nil
}

// skipRest consumes the rest of an array or object whose opening token was read.
func skipRest(dec *json.Decoder) error {
	for depth := 1; depth > 0; {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			return io.ErrUnexpectedEOF
		}
		if err != nil {
			return err
		}
		switch tok {
		case json.Delim('['), json.Delim('{'):
			depth++
		case json.Delim(']'), json.Delim('}'):
			depth--
		}
	}
	return nil
}

func isListKey(k string) bool         { return containsFold(listKeys, k) }
func isPagingContainer(k string) bool { return containsFold(pagingContainers, k) }

func containsFold(list []string, k string) bool {
	for _, s := range list {
		if strings.EqualFold(s, k) {
			return true
		}
	}
	return false
}

// segmentFromObject reads one list entry. The GUID must be a GUID: {"segmentId": 987} is
// an error, not segment "987". "id" is the GUID when it is the only GUID field; a numeric
// "id", or one equal to the GUID, is WalkMe's own id; any other "id" may be the external id
// (the create request's name for it), but the client cannot be sure, and says so.
func segmentFromObject(obj map[string]any) (Segment, error) {
	found, bad := guidField(obj)
	s := Segment{GUID: found, Name: firstString(obj, nameKeys...), ExternalID: firstString(obj, externalIDKeys...)}
	if raw, ok := field(obj, "id"); ok {
		if id, isString := raw.(string); isString {
			id = strings.TrimSpace(id)
			switch {
			case id == "":
			case s.GUID == "" && guid.Valid(id):
				s.GUID = guid.Hyphenated(id)
			case strings.EqualFold(guid.Hyphenated(id), s.GUID):
				// WalkMe's own id, the GUID again
			case s.ExternalID == "":
				s.ExternalID, s.ExternalIDUnsure = id, true
			}
		}
	}
	switch {
	case s.GUID == "" && bad != "":
		return s, fmt.Errorf("(name %q): %s is not a GUID", s.Name, bad)
	case s.GUID == "":
		return s, fmt.Errorf("(name %q) has no GUID (keys: %s)", s.Name, keysOf(obj))
	}
	return s, nil
}

// guidField returns the first GUID-valued field of guidKeys, hyphenated; bad describes
// the first such field whose value is not a GUID.
func guidField(obj map[string]any) (hyphenated, bad string) {
	for _, k := range guidKeys {
		v, ok := stringField(obj, k)
		switch {
		case !ok || v == "":
		case guid.Valid(v):
			return guid.Hyphenated(v), ""
		case bad == "":
			bad = fmt.Sprintf("%s %q", k, v)
		}
	}
	return "", bad
}

// note records one pagination hint.
func (h *pageHints) note(key string, v any) {
	switch hintKeys[strings.ToLower(key)] {
	case hintNext:
		switch t := v.(type) {
		case string:
			if n, ok := number(t); ok && n > 0 { // "nextPage": "2"
				if h.nextPage == 0 {
					h.nextPage = n
				}
			} else if s := strings.TrimSpace(t); s != "" && h.nextLink == "" {
				h.nextLink, h.nextLinkKey = s, key
			}
		case json.Number:
			if n, ok := positive(t); ok && h.nextPage == 0 {
				h.nextPage = n
			}
		case map[string]any: // {"next": {"href": "..."}}
			if href, ok := stringField(t, "href"); ok && href != "" && h.nextLink == "" {
				h.nextLink, h.nextLinkKey = href, key
			}
		case bool:
			h.noteMore(key, t)
		}
	case hintPage:
		if n, ok := number(v); ok && h.page == 0 {
			h.page, h.pageKey = n, key
		}
	case hintTotalPages:
		if n, ok := number(v); ok && h.totalPages == 0 {
			h.totalPages = n
		}
	case hintTotal:
		if n, ok := number(v); ok && h.total < 0 {
			h.total, h.totalKey = n, key
		}
	case hintHasMore:
		if b, ok := v.(bool); ok {
			h.noteMore(key, b)
		}
	case hintCursor:
		if s, ok := v.(string); ok && strings.TrimSpace(s) != "" && h.cursorKey == "" {
			h.cursorKey = key
		}
	}
}

func (h *pageHints) noteMore(key string, more bool) {
	if more && !h.hasMore {
		h.hasMore, h.hasMoreKey = true, key
	}
}

// noteContainer records the hints inside {"links": {...}} and the like, including a
// JSON link list [{"rel": "next", "href": "..."}].
func (h *pageHints) noteContainer(v any) {
	switch t := v.(type) {
	case map[string]any:
		for k, x := range t {
			h.note(k, x)
		}
	case []any:
		for _, x := range t {
			if m, ok := x.(map[string]any); ok {
				if rel, _ := stringField(m, "rel"); strings.EqualFold(rel, "next") {
					h.note("next", m["href"])
				}
			}
		}
	}
}

// number reads a whole number, also from a string of digits ("page": "2").
func number(v any) (int64, bool) {
	var s string
	switch t := v.(type) {
	case json.Number:
		s = t.String()
	case string:
		s = strings.TrimSpace(t)
	default:
		return 0, false
	}
	i, err := strconv.ParseInt(s, 10, 64)
	return i, err == nil && i >= 0
}

func positive(n json.Number) (int64, bool) {
	i, ok := number(n)
	return i, ok && i > 0
}
