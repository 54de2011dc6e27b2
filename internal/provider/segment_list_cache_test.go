package provider

import (
	"context"
	"errors"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/walkme-community/terraform-provider-walkme/internal/client"
)

// fakeRelister counts second lists and blocks each until release is closed.
type fakeRelister struct {
	calls   atomic.Int32
	release chan struct{}
	segs    []client.Segment
	err     error
}

func (f *fakeRelister) ListSegmentsAgain(context.Context, string) ([]client.Segment, error) {
	f.calls.Add(1)
	<-f.release
	return slices.Clone(f.segs), f.err
}

// Issue 10 item 4: every Read that misses a segment of a system shares one second list,
// and later lists of the system serve from it.
func TestSegmentListCacheConfirmsOncePerSystem(t *testing.T) {
	ctx := context.Background()
	first := &fakeLister{release: make(chan struct{})} // the lagging first list: empty
	close(first.release)
	again := &fakeRelister{release: make(chan struct{}), segs: []client.Segment{{GUID: "g1"}, {GUID: "g2"}}}
	var c segmentListCache
	if segs, err := c.list(ctx, first, "sys"); err != nil || len(segs) != 0 {
		t.Fatalf("first list %v, %v", segs, err)
	}
	var wg sync.WaitGroup
	for range 5 {
		wg.Go(func() {
			segs, err := c.confirm(ctx, again, "sys")
			if err != nil || len(segs) != 2 {
				t.Errorf("confirm: %v, %v", segs, err)
			}
		})
	}
	for again.calls.Load() == 0 {
		runtime.Gosched()
	}
	close(again.release)
	wg.Wait()
	if _, err := c.confirm(ctx, again, "sys"); err != nil || again.calls.Load() != 1 {
		t.Errorf("%d second lists for one system, want 1 (%v)", again.calls.Load(), err)
	}
	if segs, _ := c.list(ctx, first, "sys"); len(segs) != 2 || first.calls.Load() != 1 {
		t.Errorf("list after confirm: %v, %d first lists; want the confirmed list, no new request", segs, first.calls.Load())
	}
	// Writes of this process keep the confirmed list current too.
	c.deleted("sys", "G1")
	if segs, _ := c.confirm(ctx, again, "sys"); len(segs) != 1 || segs[0].GUID != "g2" {
		t.Errorf("confirmed list after a delete: %v", segs)
	}
	if _, err := c.confirm(ctx, again, "other"); err != nil || again.calls.Load() != 2 {
		t.Errorf("another system: %v, %d second lists", err, again.calls.Load())
	}
}

func TestSegmentListCacheConfirmFailureNotKept(t *testing.T) {
	ctx := context.Background()
	again := &fakeRelister{release: make(chan struct{}), err: errors.New("503")}
	close(again.release)
	var c segmentListCache
	if _, err := c.confirm(ctx, again, "sys"); err == nil {
		t.Fatal("error lost")
	}
	again.err = nil
	if _, err := c.confirm(ctx, again, "sys"); err != nil || again.calls.Load() != 2 {
		t.Errorf("after a failure: %v, %d second lists, want a new one", err, again.calls.Load())
	}
}
