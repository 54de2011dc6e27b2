package client

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/walkme-community/terraform-provider-walkme/internal/guid"
)

// WalkMe does not document its response bodies, so decoding accepts the
// plausible shapes, ignores unknown fields and never panics.

var (
	wrapperKeys    = []string{"segment", "data"}
	guidKeys       = []string{"guid", "segmentGuid", "segmentId", "_id", "segment_guid", "segment_id"}
	externalIDKeys = []string{"externalId", "external_id"}
	nameKeys       = []string{"name", "segmentName"}
	notificationID = []string{"notificationId", "id", "notification_id"}
)

// parseJSON decodes one JSON value, keeping numbers exact.
func parseJSON(body []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, errors.New("unexpected data after the JSON value")
	}
	return v, nil
}

// decodeCreatedGUID finds the new segment's GUID in a create response: at the
// top level or under segment/data, or the body as a bare JSON string. An "id"
// equal to the external id we sent is that, not the GUID. "" when absent.
func decodeCreatedGUID(body []byte, externalID string) string {
	if len(bytes.TrimSpace(body)) == 0 {
		return ""
	}
	v, err := parseJSON(body)
	if err != nil {
		return ""
	}
	switch t := v.(type) {
	case string:
		if guid.Valid(strings.TrimSpace(t)) {
			return guid.Hyphenated(strings.TrimSpace(t))
		}
	case map[string]any:
		if g := createdGUIDIn(t, externalID); g != "" {
			return g
		}
		for _, k := range wrapperKeys {
			if inner, ok := field(t, k); ok {
				if obj, ok := inner.(map[string]any); ok {
					if g := createdGUIDIn(obj, externalID); g != "" {
						return g
					}
				}
			}
		}
	}
	return ""
}

func createdGUIDIn(obj map[string]any, externalID string) string {
	if g, _ := guidField(obj); g != "" {
		return g
	}
	if id, ok := stringField(obj, "id"); ok && guid.Valid(id) && id != externalID {
		return guid.Hyphenated(id)
	}
	return ""
}

// decodeNotificationID finds an id in a send response, if WalkMe gave one.
func decodeNotificationID(body []byte) string {
	v, err := parseJSON(body)
	if err != nil {
		return ""
	}
	obj, ok := v.(map[string]any)
	if !ok {
		return ""
	}
	if id := firstString(obj, notificationID...); id != "" {
		return id
	}
	for _, k := range []string{"notification", "data"} {
		if inner, ok := field(obj, k); ok {
			if m, ok := inner.(map[string]any); ok {
				if id := firstString(m, notificationID...); id != "" {
					return id
				}
			}
		}
	}
	return ""
}

// field looks key up exactly, then case-insensitively.
func field(obj map[string]any, key string) (any, bool) {
	if v, ok := obj[key]; ok {
		return v, true
	}
	for k, v := range obj {
		if strings.EqualFold(k, key) {
			return v, true
		}
	}
	return nil, false
}

// stringField reads a string or number; other types count as absent.
func stringField(obj map[string]any, key string) (string, bool) {
	v, ok := field(obj, key)
	if !ok {
		return "", false
	}
	switch t := v.(type) {
	case string:
		return strings.TrimSpace(t), true
	case json.Number:
		return t.String(), true
	}
	return "", false
}

func firstString(obj map[string]any, keys ...string) string {
	for _, k := range keys {
		if s, ok := stringField(obj, k); ok && s != "" {
			return s
		}
	}
	return ""
}

func keysOf(obj map[string]any) string {
	keys := make([]string, 0, len(obj))
	for k := range obj {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	if len(keys) > 10 {
		keys = append(keys[:10], "…")
	}
	return strings.Join(keys, ", ")
}

func jsonKind(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case string:
		return "a string"
	case json.Number:
		return "a number"
	case bool:
		return "a boolean"
	case []any:
		return "an array"
	case map[string]any:
		return "an object"
	}
	return fmt.Sprintf("%T", v)
}
