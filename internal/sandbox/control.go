package sandbox

import (
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"net/http"
	"slices"
	"time"
)

// controlMux serves /_sandbox/: inspection and control for the standalone process and
// the demo. It has no authentication and is meant for loopback only; its requests are
// not logged.
func (s *Server) controlMux() http.Handler {
	mux := http.NewServeMux()
	var routes []indexEntry // for the index at /_sandbox/
	on := func(method, pattern string, f func(*http.Request) reply) {
		routes = append(routes, indexEntry{Method: method, Path: "/_sandbox" + pattern})
		mux.HandleFunc(method+" /_sandbox"+pattern, func(w http.ResponseWriter, r *http.Request) { f(r).write(w) })
	}
	get := func(pattern string, f func(*http.Request) reply) { on(http.MethodGet, pattern, f) }
	defer func() { s.serveIndex(mux, routes) }()
	get("/state", func(*http.Request) reply { return jsonReply(http.StatusOK, s.state()) })
	get("/systems/{sys}/segments", func(r *http.Request) reply {
		return jsonReply(http.StatusOK, s.Segments(r.PathValue("sys")))
	})
	get("/systems/{sys}/segments/{guid}/members", func(r *http.Request) reply {
		members, ok := s.Members(r.PathValue("sys"), r.PathValue("guid"))
		if !ok {
			return errorReply(http.StatusNotFound, "segment %s not found in system %s", r.PathValue("guid"), r.PathValue("sys"))
		}
		return jsonReply(http.StatusOK, map[string]any{"count": len(members), "members": members})
	})
	get("/users/{token}", func(r *http.Request) reply {
		users, ok := s.integrationUsers(r.PathValue("token"))
		if !ok {
			return errorReply(http.StatusNotFound, "no integration with that token")
		}
		return jsonReply(http.StatusOK, users)
	})
	get("/users/{token}/{user...}", func(r *http.Request) reply {
		attrs, ok := s.UserAttributes(r.PathValue("token"), r.PathValue("user"))
		if !ok {
			return errorReply(http.StatusNotFound, "no stored attributes for user %q", r.PathValue("user"))
		}
		return jsonReply(http.StatusOK, attrs)
	})
	get("/notifications", func(*http.Request) reply { return jsonReply(http.StatusOK, s.Notifications()) })
	get("/requests", func(*http.Request) reply { return jsonReply(http.StatusOK, s.Requests()) })
	get("/requests/counts", func(*http.Request) reply { return jsonReply(http.StatusOK, s.countsCopy()) })
	get("/assumptions", func(*http.Request) reply { return jsonReply(http.StatusOK, Assumptions()) })
	on(http.MethodPost, "/faults", func(r *http.Request) reply {
		f, err := decodeFault(r.Body)
		if err != nil {
			return errorReply(http.StatusBadRequest, "%v", err)
		}
		s.InjectFault(f)
		return jsonReply(http.StatusOK, map[string]string{"fault": f.describe()})
	})
	on(http.MethodDelete, "/faults", func(*http.Request) reply {
		s.ClearFaults()
		return reply{status: http.StatusNoContent}
	})
	on(http.MethodPost, "/tokens/expire", func(*http.Request) reply {
		s.ExpireTokens()
		return reply{status: http.StatusNoContent}
	})
	on(http.MethodPost, "/reset", func(*http.Request) reply {
		if err := s.reset(); err != nil {
			return errorReply(http.StatusInternalServerError, "sandbox: state emptied but not saved: %v", err)
		}
		return reply{status: http.StatusNoContent}
	})
	return mux
}

// decodeFault reads a Fault as JSON, with delay as a Go duration string ("2s").
func decodeFault(body io.Reader) (Fault, error) {
	var wire struct {
		Endpoint   string `json:"endpoint"`
		Skip       int    `json:"skip"`
		Times      int    `json:"times"`
		Status     int    `json:"status"`
		RetryAfter string `json:"retryAfter"`
		Delay      string `json:"delay"`
		Drop       string `json:"drop"`
	}
	dec := json.NewDecoder(io.LimitReader(body, 1<<20))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&wire); err != nil {
		return Fault{}, fmt.Errorf("fault: %w", err)
	}
	f := Fault{Endpoint: wire.Endpoint, Skip: wire.Skip, Times: wire.Times, Status: wire.Status, RetryAfter: wire.RetryAfter, Drop: wire.Drop}
	if wire.Delay != "" {
		d, err := time.ParseDuration(wire.Delay)
		if err != nil {
			return Fault{}, fmt.Errorf("fault delay: %w", err)
		}
		f.Delay = d
	}
	if err := f.validate(); err != nil {
		return Fault{}, fmt.Errorf("fault: %w", err)
	}
	return f, nil
}

// state is the summary served at /_sandbox/state.
func (s *Server) state() map[string]any {
	s.mu.Lock()
	systems := slices.Sorted(maps.Keys(s.systems))
	for _, sys := range s.cfg.Systems {
		if s.systems[sys] == nil {
			systems = append(systems, sys)
		}
	}
	users := map[string]int{}
	for _, in := range s.cfg.Integrations {
		users[in.Token] = len(s.users[in.Token])
	}
	notifications, issued := len(s.notifications), s.tokensIssued
	s.mu.Unlock()

	segs := map[string][]SegmentInfo{}
	for _, sys := range systems {
		segs[sys] = s.Segments(sys)
	}
	return map[string]any{"systems": segs, "users": users, "notifications": notifications, "tokensIssued": issued}
}

// integrationUsers copies every user's attributes for an integration.
func (s *Server) integrationUsers(token string) (map[string]map[string]any, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.integrations[token] == nil {
		return nil, false
	}
	out := make(map[string]map[string]any, len(s.users[token]))
	for id, attrs := range s.users[token] {
		out[id] = maps.Clone(attrs)
	}
	return out, true
}
