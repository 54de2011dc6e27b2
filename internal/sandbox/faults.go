package sandbox

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// Values of Fault.Drop.
const (
	DropBefore = "before" // close the connection without acting or answering
	DropAfter  = "after"  // act, then close the connection without answering
)

// Fault makes matching requests misbehave. Faults apply before authentication, the way
// a gateway in front of WalkMe would, and are consumed in the order they were injected.
//
// Drop needs a connection that can be hijacked (an HTTP/1 server such as
// httptest.NewServer); elsewhere the handler aborts with http.ErrAbortHandler. Note that
// Go's http.Transport silently resends an idempotent request (GET, PUT, DELETE) once
// when a reused connection drops, so a single dropped PUT may go unnoticed by a client.
type Fault struct {
	Endpoint   string        // one of the endpoint names; "" = any API call (not token)
	Skip       int           // let this many matching requests through first
	Times      int           // then affect this many (0 = 1)
	Status     int           // answer this status without acting (e.g. 429, 500, 503)
	RetryAfter string        // Retry-After header value to send with Status
	Delay      time.Duration // sleep before handling (ends early when the client goes away)
	Drop       string        // DropBefore or DropAfter
}

func (f Fault) matches(endpoint string) bool {
	if f.Endpoint == "" {
		return endpoint != EndpointToken
	}
	return f.Endpoint == endpoint
}

func (f Fault) describe() string {
	var parts []string
	if f.Delay > 0 {
		parts = append(parts, "delay "+f.Delay.String())
	}
	switch {
	case f.Drop != "":
		parts = append(parts, "drop "+f.Drop)
	case f.Status != 0:
		s := fmt.Sprintf("status %d", f.Status)
		if f.RetryAfter != "" {
			s += " Retry-After " + f.RetryAfter
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, ", ")
}

// validate checks a fault received over HTTP.
func (f Fault) validate() error {
	switch {
	case f.Endpoint != "" && !slices.Contains(endpointNames, f.Endpoint):
		return fmt.Errorf("endpoint %q: want one of %s, or empty for any API call", f.Endpoint, strings.Join(endpointNames, ", "))
	case f.Skip < 0 || f.Times < 0 || f.Delay < 0:
		return fmt.Errorf("skip, times and delay must not be negative")
	case f.Status != 0 && (f.Status < 100 || f.Status > 599):
		return fmt.Errorf("status %d is not an HTTP status", f.Status)
	case f.Drop != "" && f.Drop != DropBefore && f.Drop != DropAfter:
		return fmt.Errorf("drop %q: want before or after", f.Drop)
	case f.Drop != "" && f.Status != 0:
		return fmt.Errorf("a fault either drops the connection or answers a status, not both")
	case f.Drop == "" && f.Status == 0 && f.Delay == 0:
		return fmt.Errorf("the fault does nothing: set status, delay or drop")
	}
	return nil
}

type faultState struct {
	Fault
	skipped, applied int
}

// InjectFault queues a fault.
func (s *Server) InjectFault(f Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = append(s.faults, &faultState{Fault: f})
}

// ClearFaults removes every queued fault.
func (s *Server) ClearFaults() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = nil
}

// takeFault returns the fault for a request to endpoint, if any. Every matching fault
// still skipping counts the request; the first one past its skips takes it, so faults
// queued for the same endpoint apply one after another.
func (s *Server) takeFault(endpoint string) *Fault {
	s.mu.Lock()
	defer s.mu.Unlock()
	var hit *Fault
	kept := s.faults[:0]
	for _, fs := range s.faults {
		if fs.matches(endpoint) {
			switch {
			case fs.skipped < fs.Skip:
				fs.skipped++
			case hit == nil:
				f := fs.Fault
				hit = &f
				fs.applied++
			}
		}
		if fs.applied < max(fs.Times, 1) {
			kept = append(kept, fs)
		}
	}
	clear(s.faults[len(kept):])
	s.faults = kept
	return hit
}
