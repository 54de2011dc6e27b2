package sandbox

import (
	"cmp"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// segment is a static list of user IDs. Members are a set so that a segment of a million
// IDs costs only the request's own IDs per update (see memberSet).
type segment struct {
	guid, name, externalID string
	seq                    int64
	created                time.Time
	members                memberSet
	listLag                int // lists that still leave it out (new) or show it (deleted); ASSUMED: segment-list-lag
}

var (
	hyphenatedGUID = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)
	plainGUID      = regexp.MustCompile(`^[0-9a-fA-F]{32}$`)
)

// newGUID returns a random version 4 UUID, lower case and hyphenated.
func newGUID() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b) // crypto/rand.Read never fails
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}

// systemSegments returns the system's segments, or a 404 reply when Config.Systems
// lists the known systems and this is not one of them (ASSUMED: unknown-system).
func (s *Server) systemSegments(sys string, create bool) (map[string]*segment, reply, bool) {
	if len(s.cfg.Systems) > 0 && !slices.Contains(s.cfg.Systems, sys) {
		return nil, errorReply(http.StatusNotFound, "system %s not found", sys), false
	}
	segs := s.systems[sys]
	if segs == nil && create {
		segs = map[string]*segment{}
		s.systems[sys] = segs
	}
	return segs, reply{}, true
}

// parseUserIDs enforces the documented limits: at most 25,000 IDs per request, each
// non-empty and at most 100 characters.
func parseUserIDs(obj map[string]json.RawMessage) ([]string, error) {
	return parseDecodedUserIDs(obj, nil)
}

// parseDecodedUserIDs is parseUserIDs given the arrays decodeFields decoded already.
func parseDecodedUserIDs(obj map[string]json.RawMessage, arrays map[string][]string) ([]string, error) {
	raw, ok := obj["userIds"]
	if !ok {
		return nil, fmt.Errorf("userIds is required (an array of user ID strings)")
	}
	// Decoded as plain strings (a pointer per ID would double the allocations of a
	// 25,000-ID body); null also decodes to "", so an empty one is told apart afterwards.
	// Most bodies come decoded by plainObject: one scan, one allocation.
	ids, plain := arrays["userIds"]
	if !plain {
		ids, plain = plainStrings(raw)
	}
	if !plain && (isNull(raw) || json.Unmarshal(raw, &ids) != nil) {
		return nil, fmt.Errorf("userIds must be an array of strings")
	}
	if len(ids) > MaxSegmentUserIDs {
		return nil, fmt.Errorf("userIds has %d entries; at most %d are allowed per request", len(ids), MaxSegmentUserIDs)
	}
	for i, id := range ids {
		if id == "" {
			var ptrs []*string
			_ = json.Unmarshal(raw, &ptrs) // it decoded as strings just now
			if ptrs[i] == nil {
				return nil, fmt.Errorf("userIds[%d] is null; user IDs must be strings", i)
			}
			return nil, fmt.Errorf("userIds[%d] is empty", i)
		}
		if len(id) <= MaxUserIDLength { // bytes bound characters: no need to count them
			continue
		}
		if n := utf8.RuneCountInString(id); n > MaxUserIDLength {
			return nil, fmt.Errorf("userIds[%d] %q has %d characters; at most %d are allowed", i, clip(id), n, MaxUserIDLength)
		}
	}
	return ids, nil
}

// clip shortens a value quoted in an error message.
func clip(v string) string {
	const limit = 120
	if utf8.RuneCountInString(v) <= limit {
		return v
	}
	return string([]rune(v)[:limit]) + "…"
}

// segmentCreate is a decoded create body; err is its first problem.
type segmentCreate struct {
	name, externalID string
	ids              []string
	err              error
}

// decodeSegmentCreate reads a create body (before the lock: see decoder).
func decodeSegmentCreate(_ *Server, body []byte, note *RequestRecord) any {
	c := &segmentCreate{}
	obj, arrays, err := decodeFields(body, "request body", "id", "name", "userIds")
	if err != nil {
		c.err = err
		return c
	}
	raw, ok := obj["name"]
	if !ok {
		c.err = fmt.Errorf("name is required")
		return c
	}
	if c.name, c.err = decodeString(raw, "name"); c.err != nil {
		return c
	}
	if strings.TrimSpace(c.name) == "" {
		c.err = fmt.Errorf("name must not be empty")
		return c
	}
	if raw, ok := obj["id"]; ok {
		if c.externalID, err = decodeString(raw, "id"); err != nil {
			c.err = fmt.Errorf("%w (the optional external id)", err)
			return c
		}
		if c.externalID == "" {
			c.err = fmt.Errorf("id must not be empty: leave the optional external id out instead")
			return c
		}
	}
	if c.ids, c.err = parseDecodedUserIDs(obj, arrays); c.err == nil {
		note.UserIDCount = len(c.ids)
	}
	return c
}

// handleCreateSegment is POST /public/v1/user/system/{systemGuid}/segment.
func (s *Server) handleCreateSegment(req *apiRequest) reply {
	segs, rep, ok := s.systemSegments(req.system, true)
	if !ok {
		return rep
	}
	c := req.decoded.(*segmentCreate)
	if c.err != nil {
		return errorReply(http.StatusBadRequest, "%v", c.err)
	}
	req.adoptNote()
	name, externalID, ids := c.name, c.externalID, c.ids

	for _, sg := range segs {
		if sg.name == name && !s.cfg.AllowDuplicateSegmentNames {
			return errorReply(http.StatusConflict, "a segment named %q already exists in system %s (guid %s)", name, req.system, sg.guid)
		}
		if externalID != "" && sg.externalID == externalID {
			return errorReply(http.StatusConflict, "a segment with id %q already exists in system %s (guid %s)", externalID, req.system, sg.guid)
		}
	}
	s.seq++
	sg := &segment{guid: newGUID(), name: name, externalID: externalID, seq: s.seq, created: s.now(), members: newMemberSet(len(ids)), listLag: s.cfg.ListLag}
	sg.members.addAll(ids)
	segs[sg.guid] = sg

	var out reply
	switch s.cfg.CreateResponse {
	case createResponseEmpty:
		out = reply{status: http.StatusCreated}
	case createResponseWrapped:
		out = jsonReply(http.StatusCreated, map[string]any{"segment": listItem(sg)})
	case createResponseSegmentID:
		out = jsonReply(http.StatusCreated, map[string]string{"segmentId": sg.guid})
	default:
		out = jsonReply(http.StatusCreated, listItem(sg))
	}
	return s.persisted(out)
}

// listItem is a segment in the default list shape and the default create response.
func listItem(sg *segment) map[string]string {
	m := map[string]string{"guid": sg.guid, "name": sg.name}
	if sg.externalID != "" {
		m["id"] = sg.externalID
	}
	return m
}

// segmentByPath resolves the {segmentGuid} path parameter. WalkMe documents the
// hyphenated form; GUIDs are compared case-insensitively (ASSUMED: segment-guid).
func (s *Server) segmentByPath(req *apiRequest) (*segment, reply, bool) {
	segs, rep, ok := s.systemSegments(req.system, false)
	if !ok {
		return nil, rep, false
	}
	guid := req.segment
	switch {
	case plainGUID.MatchString(guid):
		return nil, errorReply(http.StatusBadRequest,
			"segmentGuid %s must be in its hyphenated form, like 12345aeb-123c-4d83-8b38-a5a456789d0a", guid), false
	case !hyphenatedGUID.MatchString(guid):
		return nil, errorReply(http.StatusBadRequest,
			"segmentGuid %q is not a GUID; expected the hyphenated form, like 12345aeb-123c-4d83-8b38-a5a456789d0a", guid), false
	}
	sg := segs[strings.ToLower(guid)]
	if sg == nil {
		return nil, errorReply(http.StatusNotFound, "segment %s not found in system %s", guid, req.system), false
	}
	return sg, reply{}, true
}

// segmentUpdate is a decoded update body; err is its first problem.
type segmentUpdate struct {
	action string
	ids    []string
	err    error
}

// decodeSegmentUpdate reads an update body (before the lock: see decoder).
func decodeSegmentUpdate(_ *Server, body []byte, note *RequestRecord) any {
	u := &segmentUpdate{}
	obj, arrays, err := decodeFields(body, "request body", "action", "userIds")
	if err != nil {
		u.err = fmt.Errorf("%w (the name and id of a segment cannot be changed)", err)
		return u
	}
	raw, ok := obj["action"]
	if !ok {
		u.err = fmt.Errorf(`action is required: "add", "remove" or "override"`)
		return u
	}
	if u.action, u.err = decodeString(raw, "action"); u.err != nil {
		return u
	}
	note.Action = u.action
	if u.action != "add" && u.action != "remove" && u.action != "override" {
		u.err = fmt.Errorf(`action %q is not supported: use "add", "remove" or "override"`, u.action)
		return u
	}
	if u.ids, u.err = parseDecodedUserIDs(obj, arrays); u.err == nil {
		note.UserIDCount = len(u.ids)
	}
	return u
}

// handleUpdateSegment is PUT /public/v1/user/system/{systemGuid}/segment/{segmentGuid}.
func (s *Server) handleUpdateSegment(req *apiRequest) reply {
	sg, rep, ok := s.segmentByPath(req)
	if !ok {
		return rep
	}
	u := req.decoded.(*segmentUpdate)
	req.adoptNote()
	if u.err != nil {
		return errorReply(http.StatusBadRequest, "%v", u.err)
	}
	action, ids := u.action, u.ids

	switch action {
	case "add":
		sg.members.addAll(ids)
	case "remove":
		for _, id := range ids {
			sg.members.remove(id)
		}
	case "override":
		sg.members = newMemberSet(len(ids))
		sg.members.addAll(ids)
	}
	return s.persisted(jsonReply(http.StatusOK, map[string]any{}))
}

// handleDeleteSegment is DELETE /public/v1/user/system/{systemGuid}/segment/{segmentGuid}
// (ASSUMED: segment-delete).
func (s *Server) handleDeleteSegment(req *apiRequest) reply {
	sg, rep, ok := s.segmentByPath(req)
	if !ok {
		return rep
	}
	delete(s.systems[req.system], sg.guid)
	if s.cfg.ListLag > 0 {
		sg.listLag = s.cfg.ListLag
		s.lingering[req.system] = append(s.lingering[req.system], sg)
	}
	return s.persisted(reply{status: http.StatusNoContent})
}

func sortedSegments(segs map[string]*segment) []*segment {
	out := make([]*segment, 0, len(segs))
	for _, sg := range segs {
		out = append(out, sg)
	}
	slices.SortFunc(out, func(a, b *segment) int { return cmp.Compare(a.seq, b.seq) })
	return out
}
