package provider

import (
	"context"
	"slices"
	"sync"

	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/walkme-community/terraform-provider-walkme/internal/client"
	"github.com/walkme-community/terraform-provider-walkme/internal/guid"
)

// segmentListCache shares one segment list request per system among every segment
// Read, plan check and data source of a provider process (one Terraform run). WalkMe has
// no single-segment GET, so without it N segments would cost N lists per refresh.
// Concurrent callers wait for the one request in flight; writes of this process keep
// the cached lists current. The zero value is ready to use.
type segmentListCache struct {
	mu        sync.Mutex
	lists     map[string]*segmentList // by system GUID
	confirmed map[string]*segmentList // second lists that confirmed an absence, by system GUID
}

// segmentList is one system's list: ready is closed once segs/err are set.
type segmentList struct {
	ready chan struct{}
	segs  []client.Segment
	err   error
}

// segmentLister is the client call the cache makes; *client.Client implements it.
type segmentLister interface {
	ListSegments(ctx context.Context, systemGUID string) ([]client.Segment, error)
}

// segmentRelister is the client call that confirms an absence: a list after a pause.
type segmentRelister interface {
	ListSegmentsAgain(ctx context.Context, systemGUID string) ([]client.Segment, error)
}

// confirm returns the system's segments as a second list, taken after a pause, shows
// them: absence from one list is weak evidence of deletion (a list may lag behind
// writes), so a Read that misses its segment asks this before it drops it. The second
// list is made at most once per system per process, shared by every Read that misses a
// segment of that system, and then serves later reads of the system as well.
func (c *segmentListCache) confirm(ctx context.Context, cl segmentRelister, systemGUID string) ([]client.Segment, error) {
	return c.shared(ctx, &c.confirmed, systemGUID, "listed WalkMe segments again to confirm an absence", cl.ListSegmentsAgain,
		func(segs []client.Segment) { // the newer list also serves later reads
			if c.lists == nil {
				c.lists = map[string]*segmentList{}
			}
			fresh := &segmentList{ready: make(chan struct{}), segs: slices.Clone(segs)}
			close(fresh.ready)
			c.lists[systemGUID] = fresh
		})
}

// list returns a copy of the system's segments, fetching them at most once per process
// unless an earlier fetch failed.
func (c *segmentListCache) list(ctx context.Context, cl segmentLister, systemGUID string) ([]client.Segment, error) {
	return c.shared(ctx, &c.lists, systemGUID, "listed WalkMe segments", cl.ListSegments, nil)
}

// shared returns a copy of the list kept in *m for the system, fetching it when there is
// none: concurrent callers wait for the one fetch in flight, and a failed fetch is not
// kept, so the next caller tries again. kept, when set, runs under the lock after a
// successful fetch.
func (c *segmentListCache) shared(ctx context.Context, m *map[string]*segmentList, systemGUID, logMsg string,
	fetch func(context.Context, string) ([]client.Segment, error), kept func([]client.Segment),
) ([]client.Segment, error) {
	c.mu.Lock()
	if *m == nil {
		*m = map[string]*segmentList{}
	}
	l, ok := (*m)[systemGUID]
	if !ok {
		l = &segmentList{ready: make(chan struct{})}
		(*m)[systemGUID] = l
		c.mu.Unlock()
		segs, err := fetch(ctx, systemGUID)
		c.mu.Lock()
		l.segs, l.err = segs, err
		switch {
		case err != nil && (*m)[systemGUID] == l:
			delete(*m, systemGUID)
		case err == nil && kept != nil:
			kept(segs)
		}
		close(l.ready)
		c.mu.Unlock()
		tflog.Debug(ctx, logMsg, map[string]any{"system_guid": systemGUID, "count": len(segs)})
	} else {
		c.mu.Unlock()
		select {
		case <-l.ready:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return slices.Clone(l.segs), l.err
}

// update applies fn to the system's cached list. A list still in flight may or may
// not include the write, so it is dropped and the next caller lists again.
func (c *segmentListCache) update(systemGUID string, fn func([]client.Segment) []client.Segment) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if l, ok := c.confirmed[systemGUID]; ok {
		select {
		case <-l.ready:
			l.segs = fn(l.segs)
		default:
			delete(c.confirmed, systemGUID)
		}
	}
	l, ok := c.lists[systemGUID]
	if !ok {
		return
	}
	select {
	case <-l.ready:
		if l.err == nil {
			l.segs = fn(l.segs)
		}
	default:
		delete(c.lists, systemGUID)
	}
}

// created records a segment this process created.
func (c *segmentListCache) created(systemGUID string, seg client.Segment) {
	c.update(systemGUID, func(segs []client.Segment) []client.Segment {
		segs = slices.DeleteFunc(segs, func(s client.Segment) bool { return guid.Equal(s.GUID, seg.GUID) })
		return append(segs, seg)
	})
}

// deleted records a segment this process deleted.
func (c *segmentListCache) deleted(systemGUID, segmentGUID string) {
	c.update(systemGUID, func(segs []client.Segment) []client.Segment {
		return slices.DeleteFunc(segs, func(s client.Segment) bool { return guid.Equal(s.GUID, segmentGUID) })
	})
}

// taken returns a segment of segs that has the name or the (non-empty) external id.
func taken(segs []client.Segment, name, externalID string) (client.Segment, bool) {
	for _, s := range segs {
		if s.Name == name || (externalID != "" && s.ExternalID == externalID) {
			return s, true
		}
	}
	return client.Segment{}, false
}

// listedSegment returns the segment of segs with the GUID.
func listedSegment(segs []client.Segment, segmentGUID string) (client.Segment, bool) {
	for _, s := range segs {
		if guid.Equal(s.GUID, segmentGUID) {
			return s, true
		}
	}
	return client.Segment{}, false
}
