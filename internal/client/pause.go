package client

import (
	"context"
	"sync"
	"time"
)

// ratePause is the client-wide pause a 429 asks for: WalkMe's rate limit applies to the API
// key, not to one request, so when one request is told to wait, every request of the client
// waits until the same moment instead of hitting the limit again meanwhile.
type ratePause struct {
	mu    sync.Mutex
	until time.Time
}

// extend makes the pause last at least until t.
func (p *ratePause) extend(t time.Time) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if t.After(p.until) {
		p.until = t
	}
}

// remaining is how long the pause still lasts at now.
func (p *ratePause) remaining(now time.Time) time.Duration {
	p.mu.Lock()
	defer p.mu.Unlock()
	return max(p.until.Sub(now), 0)
}

// wait blocks until the pause is over or ctx ends.
func (p *ratePause) wait(ctx context.Context) error {
	for {
		d := p.remaining(time.Now())
		if d <= 0 {
			return nil
		}
		if err := sleep(ctx, d); err != nil {
			return err
		}
	}
}
