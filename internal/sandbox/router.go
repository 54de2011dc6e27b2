package sandbox

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"slices"
	"strings"
	"time"
)

// apiRequest is what an endpoint handler sees. Handlers run with s.mu held.
type apiRequest struct {
	r       *http.Request
	body    []byte
	system  string // path parameters
	segment string
	rec     *RequestRecord
	decoded any           // the route's decoder's result, worked out before s.mu was taken
	note    RequestRecord // what the decoder found out for the log; handlers adopt it
}

type handler func(s *Server, req *apiRequest) reply

// decoder reads a request body without touching state guarded by s.mu, so that it runs
// before the lock is taken and concurrent writes are decoded in parallel (a 25,000-ID
// body costs far more to decode than to apply). It records what it learns in note; the
// handler decides, under the lock, whether and when to report it, so problems keep their
// order (path and token first) and a rejected request changes nothing.
type decoder func(s *Server, body []byte, note *RequestRecord) any

// route is the outcome of matching a request against the API.
type route struct {
	endpoint string
	scope    string // bearer scope required; "" for the token endpoint
	handle   handler
	decode   decoder // nil: the handler reads the body itself
	system   string
	segment  string
	miss     reply // 404 or 405 when handle is nil
}

// match routes method and path. Paths are matched exactly: no trailing slashes, no empty
// segments (ASSUMED: route-strict).
func (s *Server) match(method, path string) route {
	parts := strings.Split(strings.TrimPrefix(path, "/"), "/")
	type opt struct {
		method string
		r      route
	}
	var opts []opt
	switch {
	case path == "/accounts/connect/token":
		opts = []opt{{http.MethodPost, route{endpoint: EndpointToken, handle: (*Server).handleToken}}}
	case path == "/public/v1/user/data":
		opts = []opt{{http.MethodPost, route{endpoint: EndpointUserDataPush, scope: ScopeEndUserUpdateWrite, handle: (*Server).handleUserData, decode: decodeUserData}}}
	case path == "/public/v1/notifications/send":
		opts = []opt{{http.MethodPost, route{endpoint: EndpointNotificationSend, scope: s.cfg.NotificationScope, handle: (*Server).handleNotification}}}
	case len(parts) == 6 && segmentPath(parts):
		sys := parts[4]
		opts = []opt{
			{http.MethodGet, route{endpoint: EndpointSegmentList, scope: ScopeSegmentsRead, handle: (*Server).handleListSegments, system: sys}},
			{http.MethodPost, route{endpoint: EndpointSegmentCreate, scope: ScopeSegmentsWrite, handle: (*Server).handleCreateSegment, decode: decodeSegmentCreate, system: sys}},
		}
	case len(parts) == 7 && segmentPath(parts) && parts[6] != "":
		sys, seg := parts[4], parts[6]
		opts = []opt{
			{http.MethodPut, route{endpoint: EndpointSegmentUpdate, scope: ScopeSegmentsWrite, handle: (*Server).handleUpdateSegment, decode: decodeSegmentUpdate, system: sys, segment: seg}},
			{http.MethodDelete, route{endpoint: EndpointSegmentDelete, scope: ScopeSegmentsWrite, handle: (*Server).handleDeleteSegment, system: sys, segment: seg}},
		}
	default:
		return route{miss: errorReply(http.StatusNotFound, "no such endpoint: %s", path)}
	}
	allowed := make([]string, 0, len(opts))
	for _, o := range opts {
		if o.method == method {
			return o.r
		}
		allowed = append(allowed, o.method)
	}
	miss := errorReply(http.StatusMethodNotAllowed, "method %s not allowed on %s; allowed: %s", method, path, strings.Join(allowed, ", "))
	miss.setHeader("Allow", strings.Join(allowed, ", "))
	return route{miss: miss}
}

// segmentPath reports whether parts is public/v1/user/system/{sys}/segment[/...].
func segmentPath(parts []string) bool {
	return parts[0] == "public" && parts[1] == "v1" && parts[2] == "user" && parts[3] == "system" &&
		parts[4] != "" && parts[5] == "segment"
}

// ServeHTTP answers the WalkMe API and, under /_sandbox/, the inspection and control API.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == "/_sandbox" || strings.HasPrefix(r.URL.Path, "/_sandbox/") {
		s.control.ServeHTTP(w, r)
		return
	}
	rt := s.match(r.Method, r.URL.Path)
	rec := RequestRecord{Time: s.now(), Method: r.Method, Path: r.URL.Path, Endpoint: rt.endpoint}
	if rt.handle == nil {
		s.answer(w, &rec, rt.miss)
		return
	}
	if rt.endpoint != EndpointToken {
		defer s.inflight.enter(rt.endpoint)()
	}

	// The body is read first: only then does net/http notice a client that goes away
	// during an injected delay.
	body, err := readBody(w, r)
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			s.answer(w, &rec, errorReply(http.StatusRequestEntityTooLarge, "request body exceeds %d bytes", maxBodyBytes))
			return
		}
		s.answer(w, &rec, errorReply(http.StatusBadRequest, "reading request body: %v", err))
		return
	}
	if rt.endpoint != EndpointToken && len(body) <= maxRecordedBodyBytes && json.Valid(body) {
		rec.Body = json.RawMessage(body)
	}

	f := s.takeFault(rt.endpoint)
	// Decoded before an injected delay, so that the delay stands for WalkMe's time and the
	// sandbox's own work overlaps other requests' delays instead of adding to this one's
	// tail, when the next requests are waiting for an answer. A fault that answers or drops
	// leaves the decoded body unused.
	req := &apiRequest{r: r, body: body, system: rt.system, segment: rt.segment, rec: &rec}
	if rt.decode != nil {
		req.decoded = rt.decode(s, body, &req.note)
		if s.decodedHook != nil {
			s.decodedHook(rt.endpoint)
		}
	}
	if f != nil {
		rec.Fault = f.describe()
		if f.Delay > 0 && !sleep(r, f.Delay) {
			rec.Fault += " (client gave up during the delay)"
			s.record(rec)
			return
		}
		switch {
		case f.Drop == DropBefore:
			s.record(rec)
			dropConnection(w)
			return
		case f.Status != 0:
			rep := errorReply(f.Status, "sandbox: injected fault: status %d", f.Status)
			if f.RetryAfter != "" {
				rep.setHeader("Retry-After", f.RetryAfter)
			}
			s.answer(w, &rec, rep)
			return
		}
	}

	rep := s.handle(rt, req)
	if f != nil && f.Drop == DropAfter {
		rec.Status = rep.status
		s.record(rec)
		dropConnection(w)
		return
	}
	s.answer(w, &rec, rep)
}

// readBody reads the body, at most maxBodyBytes, into a buffer of the announced size: a
// 25,000-ID segment write grown from io.ReadAll's 512 bytes took twice its size in copies
// and garbage. An announced size past maxPresizedBody (more than any valid segment write)
// is not trusted with an allocation up front.
func readBody(w http.ResponseWriter, r *http.Request) ([]byte, error) {
	const maxPresizedBody = 8 << 20
	var buf bytes.Buffer
	if n := r.ContentLength; n > 0 && n <= maxPresizedBody {
		buf.Grow(int(n) + bytes.MinRead) // ReadFrom wants MinRead free to see the end
	}
	_, err := buf.ReadFrom(http.MaxBytesReader(w, r.Body, maxBodyBytes))
	return buf.Bytes(), err
}

// handle checks the bearer token and runs the endpoint's handler, under the lock.
func (s *Server) handle(rt route, req *apiRequest) reply {
	s.mu.Lock()
	defer s.mu.Unlock()
	if rt.scope != "" {
		if rep, ok := s.authorize(req.r, rt.scope); !ok {
			return rep
		}
		if req.r.Method == http.MethodPost || req.r.Method == http.MethodPut {
			if rep, ok := requireJSON(req.r); !ok {
				return rep
			}
		}
	}
	return rt.handle(s, req)
}

// adoptNote copies into the log record what the decoder found out about the request.
func (req *apiRequest) adoptNote() {
	n := req.note
	req.rec.UserIDCount, req.rec.Action, req.rec.Records = n.UserIDCount, n.Action, n.Records
	req.rec.Ignored, req.rec.IgnoreReason, req.rec.Notes = n.Ignored, n.IgnoreReason, n.Notes
}

func (s *Server) answer(w http.ResponseWriter, rec *RequestRecord, rep reply) {
	rec.Status = rep.status
	s.record(*rec)
	rep.write(w)
}

// sleep waits d unless the client goes away first; it reports whether d elapsed.
func sleep(r *http.Request, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-r.Context().Done():
		return false
	}
}

// dropConnection closes the connection without answering. Without a hijackable
// connection (HTTP/2, httptest.ResponseRecorder) it aborts the handler the way net/http
// documents, which resets the stream.
func dropConnection(w http.ResponseWriter) {
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		panic(http.ErrAbortHandler)
	}
	_ = conn.Close()
}

// requireJSON enforces Content-Type: application/json on JSON bodies (ASSUMED: json-content-type).
func requireJSON(r *http.Request) (reply, bool) {
	mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || mt != "application/json" {
		return errorReply(http.StatusUnsupportedMediaType, "Content-Type must be application/json, got %q", r.Header.Get("Content-Type")), false
	}
	return reply{}, true
}

// decodeObject decodes a JSON object into its fields, refusing anything but an object,
// trailing data, and keys outside allowed (matched case-sensitively: ASSUMED json-strict).
func decodeObject(data []byte, what string, allowed ...string) (map[string]json.RawMessage, error) {
	obj, _, err := decodeFields(data, what, allowed...)
	return obj, err
}

// decodeFields is decodeObject, which also returns the arrays of plain strings it decoded
// on the way (see plainObject), by field; nil when it took encoding/json's path.
func decodeFields(data []byte, what string, allowed ...string) (map[string]json.RawMessage, map[string][]string, error) {
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, nil, fmt.Errorf("%s is empty; expected a JSON object", what)
	}
	obj, arrays, plain := plainObject(data)
	if !plain {
		var err error
		if obj, err = decodeAnyObject(data, what); err != nil {
			return nil, nil, err
		}
		arrays = nil
	}
	var unknown []string
	for k := range obj {
		if !slices.Contains(allowed, k) {
			unknown = append(unknown, k)
		}
	}
	if len(unknown) > 0 {
		slices.Sort(unknown)
		return nil, nil, fmt.Errorf("%s has unknown field %q; allowed fields: %s", what, unknown[0], strings.Join(allowed, ", "))
	}
	return obj, arrays, nil
}

// decodeAnyObject is decodeObject's general path, for what plainObject does not read.
func decodeAnyObject(data []byte, what string) (map[string]json.RawMessage, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	var obj map[string]json.RawMessage
	if err := dec.Decode(&obj); err != nil {
		var syntax *json.SyntaxError
		if errors.As(err, &syntax) || errors.Is(err, io.ErrUnexpectedEOF) {
			return nil, fmt.Errorf("%s is not valid JSON: %w", what, err)
		}
		return nil, fmt.Errorf("%s must be a JSON object", what)
	}
	if obj == nil {
		return nil, fmt.Errorf("%s must be a JSON object, not null", what)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, fmt.Errorf("%s has data after the JSON object", what)
	}
	return obj, nil
}

func isNull(raw json.RawMessage) bool { return string(bytes.TrimSpace(raw)) == "null" }

// decodeString decodes a field that must be a JSON string.
func decodeString(raw json.RawMessage, field string) (string, error) {
	var v string
	if isNull(raw) || json.Unmarshal(raw, &v) != nil {
		return "", fmt.Errorf("%s must be a string", field)
	}
	return v, nil
}
