package sandbox

import (
	"encoding/json"
	"maps"
	"slices"
	"time"
)

// RequestRecord is one API request as the sandbox saw it.
type RequestRecord struct {
	Time         time.Time       `json:"time"`
	Method       string          `json:"method"`
	Path         string          `json:"path"`
	Endpoint     string          `json:"endpoint,omitempty"` // "" when no endpoint matched
	Status       int             `json:"status"`             // 0 when no answer was sent
	UserIDCount  int             `json:"userIdCount,omitempty"`
	Action       string          `json:"action,omitempty"`
	Records      int             `json:"records,omitempty"`
	Ignored      bool            `json:"ignored,omitempty"`
	IgnoreReason string          `json:"ignoreReason,omitempty"`
	Notes        []string        `json:"notes,omitempty"`
	Fault        string          `json:"fault,omitempty"`
	Body         json.RawMessage `json:"body,omitempty"` // nil when over 64 KiB, not JSON, or a token request
}

// SegmentInfo describes a stored segment.
type SegmentInfo struct {
	GUID        string `json:"guid"`
	Name        string `json:"name"`
	ExternalID  string `json:"externalId,omitempty"`
	MemberCount int    `json:"memberCount"`
}

// record appends to the request log, which keeps the latest maxLogRecords records;
// counts cover every request.
func (s *Server) record(rec RequestRecord) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if rec.Endpoint != "" {
		s.counts[rec.Endpoint]++
	}
	if len(s.log) >= 2*maxLogRecords {
		s.log = slices.Clone(s.log[len(s.log)-maxLogRecords+1:])
	}
	s.log = append(s.log, rec)
}

// Requests returns the request log, oldest first (at most the latest 10,000 records).
func (s *Server) Requests() []RequestRecord {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.log[max(0, len(s.log)-maxLogRecords):])
}

// Count returns how many requests reached endpoint since New, Reset or ResetLog,
// including the ones a fault answered or dropped.
func (s *Server) Count(endpoint string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.counts[endpoint]
}

func (s *Server) countsCopy() map[string]int {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make(map[string]int, len(endpointNames))
	for _, e := range endpointNames {
		out[e] = s.counts[e]
	}
	return out
}

// ResetLog empties the request log and the counts.
func (s *Server) ResetLog() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.log = nil
	s.counts = map[string]int{}
}

// Segments lists a system's segments in creation order, without copying members.
func (s *Server) Segments(systemGUID string) []SegmentInfo {
	s.mu.Lock()
	defer s.mu.Unlock()
	sorted := sortedSegments(s.systems[systemGUID])
	out := make([]SegmentInfo, 0, len(sorted))
	for _, sg := range sorted {
		out = append(out, SegmentInfo{GUID: sg.guid, Name: sg.name, ExternalID: sg.externalID, MemberCount: sg.members.len()})
	}
	return out
}

// Members returns a segment's members, sorted, and whether the segment exists.
func (s *Server) Members(systemGUID, segmentGUID string) ([]string, bool) {
	s.mu.Lock()
	sg := s.systems[systemGUID][segmentGUID]
	if sg == nil {
		s.mu.Unlock()
		return nil, false
	}
	out := sg.members.list()
	s.mu.Unlock()
	slices.Sort(out)
	return out, true
}

// UserAttributes returns a copy of the attributes stored for a user of an integration.
func (s *Server) UserAttributes(integrationToken, userID string) (map[string]any, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	attrs, ok := s.users[integrationToken][userID]
	return maps.Clone(attrs), ok
}

// Notifications returns the notifications received, oldest first.
func (s *Server) Notifications() []ReceivedNotification {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.notifications)
}

// Reset empties segments, users, notifications, the log, faults and tokens, and saves
// the empty state when persisting.
func (s *Server) Reset() { _ = s.reset() }

func (s *Server) reset() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.resetState()
	return s.saveLocked()
}
