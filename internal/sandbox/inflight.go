package sandbox

import (
	"maps"
	"sync"
)

// InFlight counts the API requests the sandbox is handling at once (the token endpoint
// excluded), so that a test can see how many requests a client keeps in flight. Injected
// delays count: a request is in flight from its arrival to its answer.
type InFlight struct {
	Now        int            `json:"now"`             // being handled now
	Max        int            `json:"max"`             // the most at once since the last reset
	MaxByRoute map[string]int `json:"max_by_endpoint"` // the same per endpoint name
}

type inflightCounter struct {
	mu           sync.Mutex
	now, max     int
	nowBy, maxBy map[string]int
}

// enter counts a request to endpoint in; the returned func counts it out.
func (c *inflightCounter) enter(endpoint string) func() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.nowBy == nil {
		c.nowBy, c.maxBy = map[string]int{}, map[string]int{}
	}
	c.now++
	c.nowBy[endpoint]++
	c.max = max(c.max, c.now)
	c.maxBy[endpoint] = max(c.maxBy[endpoint], c.nowBy[endpoint])
	return func() {
		c.mu.Lock()
		defer c.mu.Unlock()
		c.now--
		c.nowBy[endpoint]--
	}
}

// InFlight reports the requests in flight now and the most seen at once.
func (s *Server) InFlight() InFlight {
	c := &s.inflight
	c.mu.Lock()
	defer c.mu.Unlock()
	return InFlight{Now: c.now, Max: c.max, MaxByRoute: maps.Clone(c.maxBy)}
}

// ResetInFlight starts counting the most requests at once afresh (requests in flight stay
// counted).
func (s *Server) ResetInFlight() {
	c := &s.inflight
	c.mu.Lock()
	defer c.mu.Unlock()
	c.max = c.now
	c.maxBy = maps.Clone(c.nowBy)
}
