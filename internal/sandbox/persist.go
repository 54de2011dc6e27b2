package sandbox

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"time"
)

const stateVersion = 1

// persistedState is the JSON file behind Config.PersistPath. Tokens are kept so that a
// restarted sandbox still accepts the tokens a provider has cached, as WalkMe would.
type persistedState struct {
	Version       int                                  `json:"version"`
	Seq           int64                                `json:"seq"`
	Systems       map[string][]persistedSegment        `json:"systems"`
	Users         map[string]map[string]map[string]any `json:"users"`
	Notifications []ReceivedNotification               `json:"notifications"`
	Tokens        map[string]*accessToken              `json:"tokens"`
	TokensIssued  int                                  `json:"tokensIssued"`
}

type persistedSegment struct {
	GUID       string    `json:"guid"`
	Name       string    `json:"name"`
	ExternalID string    `json:"externalId,omitempty"`
	Seq        int64     `json:"seq"`
	Created    time.Time `json:"created"`
	Members    []string  `json:"members"`
}

// persisted saves the state after a mutation and turns a failed save into a 500, so a
// broken state file is never silent.
func (s *Server) persisted(rep reply) reply {
	if err := s.saveLocked(); err != nil {
		return errorReply(http.StatusInternalServerError, "sandbox: the change was made but not saved: %v", err)
	}
	return rep
}

// Save writes the state to Config.PersistPath now; without one it does nothing.
func (s *Server) Save() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.saveLocked()
}

// saveLocked writes the state atomically (temporary file, then rename). Callers hold s.mu.
func (s *Server) saveLocked() error {
	path := s.cfg.PersistPath
	if path == "" {
		return nil
	}
	st := persistedState{
		Version: stateVersion, Seq: s.seq, Systems: map[string][]persistedSegment{},
		Users: s.users, Notifications: s.notifications, Tokens: s.tokens, TokensIssued: s.tokensIssued,
	}
	for sys, segs := range s.systems {
		list := make([]persistedSegment, 0, len(segs))
		for _, sg := range sortedSegments(segs) {
			list = append(list, persistedSegment{
				GUID: sg.guid, Name: sg.name, ExternalID: sg.externalID, Seq: sg.seq, Created: sg.created,
				Members: sg.members.list(),
			})
		}
		st.Systems[sys] = list
	}

	tmp, err := os.CreateTemp(filepath.Dir(path), filepath.Base(path)+".tmp*")
	if err != nil {
		return fmt.Errorf("saving state: %w", err)
	}
	defer func() { _ = os.Remove(tmp.Name()) }() // no-op after the rename
	w := bufio.NewWriterSize(tmp, 1<<20)
	if err := json.NewEncoder(w).Encode(st); err != nil {
		_ = tmp.Close()
		return fmt.Errorf("saving state to %s: %w", path, err)
	}
	if err := w.Flush(); err != nil {
		_ = tmp.Close()
		return fmt.Errorf("saving state to %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("saving state to %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("saving state: %w", err)
	}
	return nil
}

// load reads the state file; a missing file is an empty state.
func (s *Server) load(path string) error {
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	defer func() { _ = f.Close() }()
	var st persistedState
	if err := json.NewDecoder(bufio.NewReader(f)).Decode(&st); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	if st.Version != stateVersion {
		return fmt.Errorf("%s: state version %d, want %d", path, st.Version, stateVersion)
	}
	s.seq = st.Seq
	s.tokensIssued = st.TokensIssued
	for sys, list := range st.Systems {
		segs := make(map[string]*segment, len(list))
		for _, p := range list {
			sg := &segment{guid: p.GUID, name: p.Name, externalID: p.ExternalID, seq: p.Seq, created: p.Created,
				members: newMemberSet(len(p.Members))}
			for _, m := range p.Members {
				sg.members.add(m)
			}
			segs[p.GUID] = sg
		}
		s.systems[sys] = segs
	}
	for token, users := range st.Users {
		if users != nil {
			s.users[token] = users
		}
	}
	s.notifications = st.Notifications
	for tok, t := range st.Tokens {
		if t != nil {
			s.tokens[tok] = t
		}
	}
	return nil
}
