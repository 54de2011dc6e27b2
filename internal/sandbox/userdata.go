package sandbox

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"time"
)

var received = map[string]string{"message": "Request has been received"}

var dateOnly = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)

// userUpdate is one validated record of an End User Update request.
type userUpdate struct {
	userID  string
	values  map[string]any  // whitelisted properties with a valid value
	present map[string]bool // whitelisted properties sent, valid or not
}

// userData is a decoded End User Update body: either the reply to give (done) or the
// validated updates for the integration named by token.
type userData struct {
	token   string
	updates []userUpdate
	rep     reply
	done    bool
}

// decodeUserData validates an End User Update body (before the lock: see decoder). It
// reads only s.integrations, which never changes after New.
func decodeUserData(s *Server, body []byte, note *RequestRecord) any {
	d := &userData{}
	d.token, d.updates, d.rep, d.done = s.parseUserData(body, note)
	return d
}

// parseUserData validates an End User Update body; done reports that rep is the answer.
func (s *Server) parseUserData(body []byte, note *RequestRecord) (string, []userUpdate, reply, bool) {
	trimmed := bytes.TrimSpace(body)
	if !json.Valid(trimmed) || len(trimmed) == 0 || trimmed[0] != '{' {
		return "", nil, errorReply(http.StatusBadRequest, `request body must be a JSON object {"token": ..., "data": [...]}`), true
	}
	// WalkMe: a request carrying null anywhere is illegal and ignored, yet answered as
	// received. It is checked before anything else (ASSUMED: userdata-null-first).
	if path, found := firstNull(trimmed); found {
		note.Ignored = true
		note.IgnoreReason = "null value at " + path
		return "", nil, jsonReply(http.StatusOK, received), true
	}
	obj, err := decodeObject(trimmed, "request body", "token", "data")
	if err != nil {
		return "", nil, errorReply(http.StatusBadRequest, "%v", err), true
	}
	raw, ok := obj["token"]
	if !ok {
		return "", nil, errorReply(http.StatusBadRequest, "token is required: the integration token (not the access token)"), true
	}
	token, err := decodeString(raw, "token")
	if err != nil {
		return "", nil, errorReply(http.StatusBadRequest, "%v", err), true
	}
	in := s.integrations[token]
	if in == nil {
		return "", nil, errorReply(http.StatusBadRequest, "invalid integration token"), true
	}
	raw, ok = obj["data"]
	if !ok {
		return "", nil, errorReply(http.StatusBadRequest, "data is required: an array of user records"), true
	}
	var records []json.RawMessage
	if json.Unmarshal(raw, &records) != nil {
		return "", nil, errorReply(http.StatusBadRequest, "data must be an array of user records"), true
	}
	note.Records = len(records)
	if len(records) > MaxUserDataRecords {
		return "", nil, errorReply(http.StatusBadRequest, "data has %d records; at most %d are allowed per request", len(records), MaxUserDataRecords), true
	}

	updates := make([]userUpdate, 0, len(records))
	for i, raw := range records {
		u, err := parseUserRecord(in, i, raw, &note.Notes)
		if err != nil {
			note.Notes = nil
			return "", nil, errorReply(http.StatusBadRequest, "%v", err), true
		}
		updates = append(updates, u)
	}
	if len(updates) == 0 {
		return "", nil, jsonReply(http.StatusOK, received), true
	}
	return token, updates, reply{}, false
}

// handleUserData is POST /public/v1/user/data.
func (s *Server) handleUserData(req *apiRequest) reply {
	d := req.decoded.(*userData)
	req.adoptNote()
	if d.done {
		return d.rep
	}
	token, updates, in := d.token, d.updates, s.integrations[d.token]

	users := s.users[token]
	if users == nil {
		users = map[string]map[string]any{}
		s.users[token] = users
	}
	multi := len(updates) > 1
	for _, u := range updates {
		attrs := users[u.userID]
		if attrs == nil {
			attrs = map[string]any{}
			users[u.userID] = attrs
		}
		// WalkMe: updating one user keeps the fields it leaves out; updating several
		// users in one request deletes them.
		if multi {
			for name := range in.Properties {
				if !u.present[name] {
					delete(attrs, name)
				}
			}
		}
		for k, v := range u.values {
			attrs[k] = v
		}
	}
	return s.persisted(jsonReply(http.StatusOK, received))
}

// parseUserRecord validates data[i] and sorts its fields into values, ignored fields
// (noted) and the user ID.
func parseUserRecord(in *Integration, i int, raw json.RawMessage, notes *[]string) (userUpdate, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var rec map[string]any
	if err := dec.Decode(&rec); err != nil || rec == nil {
		return userUpdate{}, fmt.Errorf("data[%d] must be a JSON object", i)
	}
	flat := map[string]any{}
	flatten("", rec, flat, func(key string) {
		*notes = append(*notes, fmt.Sprintf("data[%d]: key %q contains a dot and was ignored; dotted property names address nested objects", i, key))
	})

	idVal, ok := flat[in.UserIDProperty]
	if !ok {
		return userUpdate{}, fmt.Errorf("data[%d] has no user ID property %q", i, in.UserIDProperty)
	}
	userID, isString := idVal.(string)
	if !isString || userID == "" {
		return userUpdate{}, fmt.Errorf("data[%d].%s (the user ID) must be a non-empty string", i, in.UserIDProperty)
	}
	if len(flat) < 2 {
		return userUpdate{}, fmt.Errorf("data[%d] must contain at least one field with a value besides the user ID %q", i, in.UserIDProperty)
	}

	u := userUpdate{userID: userID, values: map[string]any{}, present: map[string]bool{}}
	keys := make([]string, 0, len(flat))
	for k := range flat {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		if k == in.UserIDProperty {
			continue
		}
		typ, ok := in.Properties[k]
		if !ok {
			*notes = append(*notes, fmt.Sprintf("data[%d].%s: not a property of the integration, ignored", i, k))
			continue
		}
		u.present[k] = true
		v, err := convertValue(typ, flat[k])
		if err != nil {
			*notes = append(*notes, fmt.Sprintf("data[%d].%s: %v, ignored", i, k, err))
			continue
		}
		u.values[k] = v
	}
	return u, nil
}

// flatten maps nested objects to dotted names. A key that itself contains a dot cannot
// be told apart from nesting, so it is reported and skipped (ASSUMED: userdata-dotted).
// Empty objects contribute nothing.
func flatten(prefix string, m map[string]any, out map[string]any, dotted func(string)) {
	for k, v := range m {
		name := k
		if prefix != "" {
			name = prefix + "." + k
		}
		if strings.Contains(k, ".") {
			dotted(name)
			continue
		}
		if child, ok := v.(map[string]any); ok {
			flatten(name, child, out, dotted)
			continue
		}
		out[name] = v
	}
}

// convertValue checks a JSON value against a property type (ASSUMED: userdata-types).
func convertValue(typ PropertyType, v any) (any, error) {
	switch typ {
	case PropertyNumber:
		n, ok := v.(json.Number)
		if !ok {
			return nil, fmt.Errorf("property type number needs a JSON number, got %s", jsonKind(v))
		}
		f, err := n.Float64()
		if err != nil || math.IsInf(f, 0) {
			return nil, fmt.Errorf("number %s is out of range", n)
		}
		return f, nil
	case PropertyDate:
		str, ok := v.(string)
		if !ok {
			return nil, fmt.Errorf("property type date needs a YYYY-MM-DD string, got %s", jsonKind(v))
		}
		if !dateOnly.MatchString(str) {
			return nil, fmt.Errorf("date %q is not in the format YYYY-MM-DD", str)
		}
		if _, err := time.Parse(time.DateOnly, str); err != nil {
			return nil, fmt.Errorf("date %q is not a real date", str)
		}
		return str, nil
	default:
		str, ok := v.(string)
		if !ok {
			return nil, fmt.Errorf("property type string needs a JSON string, got %s", jsonKind(v))
		}
		return str, nil
	}
}

func jsonKind(v any) string {
	switch v.(type) {
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
	return "null"
}

// firstNull returns the path (like data[3].Status) of the first null in document order.
// data must be valid JSON, which also bounds its nesting depth.
func firstNull(data []byte) (string, bool) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	path, found, _ := walkNull(dec, "")
	return path, found
}

func walkNull(dec *json.Decoder, path string) (string, bool, error) {
	tok, err := dec.Token()
	if err != nil {
		return "", false, err
	}
	switch t := tok.(type) {
	case nil:
		if path == "" {
			path = "the top level"
		}
		return path, true, nil
	case json.Delim:
		switch t {
		case '{':
			for dec.More() {
				key, err := dec.Token()
				if err != nil {
					return "", false, err
				}
				name, _ := key.(string)
				if path != "" {
					name = path + "." + name
				}
				if p, found, err := walkNull(dec, name); found || err != nil {
					return p, found, err
				}
			}
		case '[':
			for i := 0; dec.More(); i++ {
				if p, found, err := walkNull(dec, fmt.Sprintf("%s[%d]", path, i)); found || err != nil {
					return p, found, err
				}
			}
		}
		_, err := dec.Token() // the closing delimiter
		return "", false, err
	}
	return "", false, nil
}
