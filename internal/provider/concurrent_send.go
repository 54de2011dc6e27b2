package provider

import (
	"context"
	"sync"

	"golang.org/x/sync/errgroup"
)

// sendConcurrently runs send(ctx, i) for i in [0, n) with at most limit calls in flight, and
// reports which succeeded. After the first failure no new call starts, but calls already in
// flight run to their end, so that every request WalkMe may have acted on has a known
// outcome: done is exact whatever the completion order. err is the failure of the lowest
// index, failed that index (or -1).
func sendConcurrently(ctx context.Context, n, limit int, send func(ctx context.Context, i int) error) (done []bool, failed int, err error) {
	done = make([]bool, n)
	failed = -1
	var mu sync.Mutex
	stop := false
	var g errgroup.Group
	g.SetLimit(max(limit, 1))
	for i := range n {
		mu.Lock()
		stopped := stop
		mu.Unlock()
		if stopped {
			break
		}
		g.Go(func() error {
			mu.Lock()
			skip := stop
			mu.Unlock()
			if skip {
				return nil // a request that failed meanwhile: this one is not sent
			}
			e := send(ctx, i)
			mu.Lock()
			defer mu.Unlock()
			if e != nil {
				stop = true
				if failed < 0 || i < failed {
					failed, err = i, e
				}
				return nil
			}
			done[i] = true
			return nil
		})
	}
	_ = g.Wait() // errors are collected above, by index
	return done, failed, err
}
