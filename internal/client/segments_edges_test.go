package client

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"reflect"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
)

// Tests of the segment answers WalkMe does not document: empty systems, an "id" that is
// not the external id, pagination, a list that lags behind writes, lists without
// external ids, and delete's 404.

// Issue 10 item 2: every plausible form of an empty system is an empty list.
func TestDecodeSegmentListEmptyForms(t *testing.T) {
	for _, body := range []string{``, "  \n", `null`, `{}`, `{"segments":null}`, `{"data":null}`, `[]`} {
		got, err := decodeSegmentList([]byte(body))
		if err != nil {
			t.Errorf("%q: %v, want an empty list", body, err)
			continue
		}
		if len(got) != 0 {
			t.Errorf("%q: %+v, want an empty list", body, got)
		}
	}
}

func TestListSegmentsNoContent(t *testing.T) {
	for _, status := range []int{http.StatusNoContent, http.StatusOK} {
		f := newFake(t, func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(status) })
		segs, err := newTestClient(t, f).ListSegments(context.Background(), testSystem)
		if err != nil || len(segs) != 0 {
			t.Errorf("status %d without body: %+v, %v; want an empty list", status, segs, err)
		}
	}
}

// Issue 10 item 1: a numeric id, or one equal to the GUID, is WalkMe's own id; a string id
// beside a GUID field may be the external id, but the client says it is not sure.
func TestDecodeSegmentListIDField(t *testing.T) {
	cases := []struct {
		name, body string
		want       Segment
	}{
		{"numeric id", `[{"guid":"` + g1 + `","name":"Beta","id":1000}]`, Segment{GUID: g1, Name: "Beta"}},
		{"id equal to the GUID", `[{"guid":"` + g1 + `","name":"Beta","id":"` + g1 + `"}]`, Segment{GUID: g1, Name: "Beta"}},
		{"id equal to the GUID without hyphens", `[{"guid":"` + g1 + `","name":"Beta","id":"` + strings.ReplaceAll(strings.ToUpper(g1), "-", "") + `"}]`,
			Segment{GUID: g1, Name: "Beta"}},
		{"numeric id beside an explicit external id", `[{"guid":"` + g1 + `","name":"Beta","id":1000,"externalId":"heap-1"}]`,
			Segment{GUID: g1, Name: "Beta", ExternalID: "heap-1"}},
		{"string id", `[{"guid":"` + g1 + `","name":"Beta","id":"heap-1"}]`, Segment{GUID: g1, Name: "Beta", ExternalID: "heap-1", ExternalIDUnsure: true}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := decodeSegmentList([]byte(tc.body))
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != 1 || got[0] != tc.want {
				t.Errorf("got %+v, want %+v", got, tc.want)
			}
		})
	}
}

// Issue 10 item 7: a GUID is validated where it is decoded.
func TestDecodeSegmentGUIDsValidated(t *testing.T) {
	for body, want := range map[string]string{
		`[{"segmentId":987,"name":"Beta"}]`:                    `entry 0 (name "Beta"): segmentId "987" is not a GUID`,
		`[{"guid":"abc","name":"Beta"}]`:                       `guid "abc" is not a GUID`,
		`{"segments":[{"_id":"5f1d7a4e9b1e8a3c2d4f6b7a"}]}`:    `_id "5f1d7a4e9b1e8a3c2d4f6b7a" is not a GUID`,
		`[{"guid":"` + g1 + `"},{"segment_id":-1,"name":"x"}]`: `entry 1 (name "x"): segment_id "-1" is not a GUID`,
	} {
		if _, err := decodeSegmentList([]byte(body)); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: error %v, want %q", body, err, want)
		}
	}
	// A valid GUID field wins over an invalid one.
	got, err := decodeSegmentList([]byte(`[{"segmentId":987,"guid":"` + g1 + `","name":"Beta"}]`))
	if err != nil || len(got) != 1 || got[0].GUID != g1 {
		t.Errorf("got %+v, %v", got, err)
	}
	for _, body := range []string{`{"segmentId":987}`, `{"guid":"abc"}`, `{"segment":{"guid":12}}`, `"987"`} {
		if g := decodeCreatedGUID([]byte(body), ""); g != "" {
			t.Errorf("decodeCreatedGUID(%s) = %q, want none", body, g)
		}
	}
}

// pagedFake serves store's segments pageSize at a time through page, which renders page
// n (1-based) of pages with its items.
func pagedFake(t *testing.T, store *segmentStore, pageSize int, page func(n, pages int, items string) string) *fakeWalkMe {
	return newFake(t, func(w http.ResponseWriter, r *http.Request) {
		n := 1
		if p := r.URL.Query().Get("page"); p != "" {
			_, _ = fmt.Sscan(p, &n)
		}
		store.mu.Lock()
		all := store.segs
		store.mu.Unlock()
		pages := max((len(all)+pageSize-1)/pageSize, 1)
		lo, hi := min((n-1)*pageSize, len(all)), min(n*pageSize, len(all))
		var items []string
		for _, s := range all[lo:hi] {
			items = append(items, fmt.Sprintf(`{"guid":%q,"name":%q}`, s.GUID, s.Name))
		}
		writeJSON(w, http.StatusOK, page(n, pages, "["+strings.Join(items, ",")+"]"))
	})
}

func fiveSegments() *segmentStore {
	store := &segmentStore{}
	for i := 1; i <= 5; i++ {
		store.add(fmt.Sprintf("S%d", i), "")
	}
	return store
}

// Issue 10 item 3: evident next links and page numbers are followed.
func TestListSegmentsFollowsPages(t *testing.T) {
	path := segmentsPath(testSystem)
	var base string
	cases := map[string]func(n, pages int, items string) string{
		"relative next link": func(n, pages int, items string) string {
			if n < pages {
				return fmt.Sprintf(`{"segments":%s,"next":"%s?page=%d"}`, items, path, n+1)
			}
			return fmt.Sprintf(`{"segments":%s,"next":null}`, items)
		},
		"absolute nextLink": func(n, pages int, items string) string {
			if n < pages {
				return fmt.Sprintf(`{"data":%s,"nextLink":"%s%s?page=%d"}`, items, base, path, n+1)
			}
			return fmt.Sprintf(`{"data":%s}`, items)
		},
		"links.next": func(n, pages int, items string) string {
			next := "null"
			if n < pages {
				next = fmt.Sprintf(`"?page=%d"`, n+1)
			}
			return fmt.Sprintf(`{"items":%s,"links":{"next":%s}}`, items, next)
		},
		"page and totalPages": func(n, pages int, items string) string {
			return fmt.Sprintf(`{"segments":%s,"page":%d,"totalPages":%d}`, items, n, pages)
		},
		"page and total": func(n, _ int, items string) string {
			return fmt.Sprintf(`{"segments":%s,"page":%d,"pageSize":2,"total":5}`, items, n)
		},
		"page and hasMore": func(n, pages int, items string) string {
			return fmt.Sprintf(`{"segments":%s,"page":%d,"hasMore":%t}`, items, n, n < pages)
		},
		"page numbers as strings": func(n, pages int, items string) string {
			return fmt.Sprintf(`{"segments":%s,"page":"%d","totalPages":"%d"}`, items, n, pages)
		},
		"nextPage as a string of digits": func(n, pages int, items string) string {
			if n < pages {
				return fmt.Sprintf(`{"results":%s,"nextPage":"%d"}`, items, n+1)
			}
			return fmt.Sprintf(`{"results":%s}`, items)
		},
		"nextPage number": func(n, pages int, items string) string {
			if n < pages {
				return fmt.Sprintf(`{"results":%s,"nextPage":%d}`, items, n+1)
			}
			return fmt.Sprintf(`{"results":%s,"nextPage":null}`, items)
		},
	}
	for name, page := range cases {
		t.Run(name, func(t *testing.T) {
			f := pagedFake(t, fiveSegments(), 2, page)
			base = f.srv.URL
			segs, err := newTestClient(t, f).ListSegments(context.Background(), testSystem)
			if err != nil {
				t.Fatal(err)
			}
			var names []string
			for _, s := range segs {
				names = append(names, s.Name)
			}
			if want := []string{"S1", "S2", "S3", "S4", "S5"}; !reflect.DeepEqual(names, want) {
				t.Errorf("names %v, want %v", names, want)
			}
			if n := f.count("GET", path); n != 3 {
				t.Errorf("%d list requests, want 3 pages", n)
			}
		})
	}
}

// Issue 10 item 3: signs of more pages without an evident way to them are an error,
// never a shorter list.
func TestListSegmentsUnfollowablePagesFail(t *testing.T) {
	path := segmentsPath(testSystem)
	cases := map[string]struct {
		page func(n, pages int, items string) string
		want string
	}{
		"hasMore without link":    {func(_, _ int, items string) string { return `{"segments":` + items + `,"hasMore":true}` }, "hasMore"},
		"total above the entries": {func(_, _ int, items string) string { return `{"segments":` + items + `,"total":5}` }, "total 5"},
		"cursor":                  {func(_, _ int, items string) string { return `{"segments":` + items + `,"nextCursor":"abc"}` }, "nextCursor"},
		"next link elsewhere": {func(_, _ int, items string) string {
			return `{"segments":` + items + `,"next":"https://evil.example.com` + path + `?page=2"}`
		}, "evil.example.com"},
		"next link to another path": {func(_, _ int, items string) string {
			return `{"segments":` + items + `,"next":"/public/v1/other?page=2"}`
		}, "/public/v1/other"},
		"next link loops": {func(_, _ int, items string) string { return `{"segments":` + items + `,"next":"?page=1"}` }, "again"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			f := pagedFake(t, fiveSegments(), 2, tc.page)
			segs, err := newTestClient(t, f).ListSegments(context.Background(), testSystem)
			if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), "more pages") {
				t.Errorf("segments %d, error %v; want an error about more pages naming %q", len(segs), err, tc.want)
			}
		})
	}
}

// lagStore is a segment list that shows a new segment only from the lag+1st list after
// its creation on, and keeps a deleted one for lag lists.
type lagStore struct {
	mu      sync.Mutex
	lag     int
	hideExt bool
	segs    []lagSegment
	next    int
}

type lagSegment struct {
	Segment
	hiddenFor, lingerFor int
	deleted              bool
}

func (s *lagStore) add(name, ext string) Segment {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.next++
	seg := Segment{GUID: fmt.Sprintf("%08d-123c-4d83-8b38-a5a456789d0a", s.next), Name: name, ExternalID: ext}
	s.segs = append(s.segs, lagSegment{Segment: seg, hiddenFor: s.lag})
	return seg
}

func (s *lagStore) seed(name, ext string) Segment {
	seg := s.add(name, ext)
	s.mu.Lock()
	s.segs[len(s.segs)-1].hiddenFor = 0
	s.mu.Unlock()
	return seg
}

func (s *lagStore) remove(guid string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i := range s.segs {
		if s.segs[i].GUID == guid && !s.segs[i].deleted {
			s.segs[i].deleted, s.segs[i].lingerFor = true, s.lag
			return true
		}
	}
	return false
}

func (s *lagStore) live() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, sg := range s.segs {
		if !sg.deleted {
			n++
		}
	}
	return n
}

func (s *lagStore) listJSON() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var items []string
	for i := range s.segs {
		sg := &s.segs[i]
		show := !sg.deleted && sg.hiddenFor == 0 || sg.deleted && sg.lingerFor > 0
		switch {
		case sg.deleted && sg.lingerFor > 0:
			sg.lingerFor--
		case !sg.deleted && sg.hiddenFor > 0:
			sg.hiddenFor--
		}
		if !show {
			continue
		}
		if s.hideExt || sg.ExternalID == "" {
			items = append(items, fmt.Sprintf(`{"guid":%q,"name":%q}`, sg.GUID, sg.Name))
		} else {
			items = append(items, fmt.Sprintf(`{"guid":%q,"name":%q,"externalId":%q}`, sg.GUID, sg.Name, sg.ExternalID))
		}
	}
	return "[" + strings.Join(items, ",") + "]"
}

// lagFake serves a lagStore; post answers the nth POST after the segment was stored
// (drop: lose the answer).
func lagFake(t *testing.T, store *lagStore, post func(n int32, w http.ResponseWriter, seg Segment)) *fakeWalkMe {
	var posts atomic.Int32
	return newFake(t, func(w http.ResponseWriter, r *http.Request) {
		switch r.Method {
		case http.MethodGet:
			writeJSON(w, http.StatusOK, store.listJSON())
		case http.MethodPost:
			in := decodeCreate(t, r)
			post(posts.Add(1), w, store.add(in.Name, in.ID))
		case http.MethodDelete:
			guid := r.URL.Path[strings.LastIndex(r.URL.Path, "/")+1:]
			if store.remove(guid) {
				w.WriteHeader(http.StatusNoContent)
				return
			}
			writeJSON(w, http.StatusNotFound, `{"message":"not found"}`)
		}
	})
}

func loseFirstAnswer(t *testing.T) func(n int32, w http.ResponseWriter, seg Segment) {
	return func(n int32, w http.ResponseWriter, seg Segment) {
		if n == 1 {
			dropConnection(t, w)
			return
		}
		writeJSON(w, http.StatusCreated, createdJSON(seg))
	}
}

// Issue 10 item 5: after a lost answer the client lists until a lagging list shows the
// segment, and never posts again while it may still appear.
func TestCreateSegmentLaggingListAdopts(t *testing.T) {
	store := &lagStore{lag: createListChecks - 1}
	f := lagFake(t, store, loseFirstAnswer(t))
	seg, err := newTestClient(t, f).CreateSegment(context.Background(), testSystem, betaInput)
	if err != nil {
		t.Fatal(err)
	}
	if seg.GUID != "00000001-123c-4d83-8b38-a5a456789d0a" || store.live() != 1 {
		t.Errorf("adopted %+v; %d segments exist, want 1", seg, store.live())
	}
	if p, g := f.count("POST", segmentsPath(testSystem)), f.count("GET", segmentsPath(testSystem)); p != 1 || g != createListChecks {
		t.Errorf("%d POSTs and %d lists, want 1 and %d", p, g, createListChecks)
	}
}

// Issue 10 item 5: a 5xx before acting: the list is checked createListChecks times, the
// last right before the POST is sent again.
func TestCreateSegment5xxListsBeforeRepost(t *testing.T) {
	store := &lagStore{}
	var order []string
	var mu sync.Mutex
	var posts atomic.Int32
	f := newFake(t, func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		order = append(order, r.Method)
		mu.Unlock()
		if r.Method == http.MethodGet {
			writeJSON(w, http.StatusOK, store.listJSON())
			return
		}
		in := decodeCreate(t, r)
		if posts.Add(1) == 1 {
			writeJSON(w, http.StatusGatewayTimeout, `{"message":"timeout"}`)
			return
		}
		writeJSON(w, http.StatusCreated, createdJSON(store.add(in.Name, in.ID)))
	})
	if _, err := newTestClient(t, f).CreateSegment(context.Background(), testSystem, betaInput); err != nil {
		t.Fatal(err)
	}
	want := []string{"POST"}
	for range createListChecks {
		want = append(want, "GET")
	}
	want = append(want, "POST")
	if !reflect.DeepEqual(order, want) {
		t.Errorf("requests %v, want %v", order, want)
	}
}

// Issue 16 item 1: a list without external ids still finds the segment a lost answer
// created: one POST, one segment.
func TestCreateSegmentSparseListAdopts(t *testing.T) {
	store := &lagStore{hideExt: true}
	store.seed("Other", "heap-1")
	f := lagFake(t, store, loseFirstAnswer(t))
	seg, err := newTestClient(t, f).CreateSegment(context.Background(), testSystem, betaInput)
	if err != nil {
		t.Fatal(err)
	}
	if seg.GUID != "00000002-123c-4d83-8b38-a5a456789d0a" || seg.ExternalID != betaInput.ExternalID || store.live() != 2 {
		t.Errorf("adopted %+v; %d segments exist, want 2", seg, store.live())
	}
	if p := f.count("POST", segmentsPath(testSystem)); p != 1 {
		t.Errorf("%d POSTs, want 1", p)
	}
}

// Issue 16 item 1: when several listed segments could be ours, the client stops with an
// error naming them, and never posts again.
func TestCreateSegmentSparseListCandidatesError(t *testing.T) {
	store := &lagStore{hideExt: true}
	other := store.seed("Beta testers", "heap-0") // same name, external id not shown
	f := lagFake(t, store, loseFirstAnswer(t))
	_, err := newTestClient(t, f).CreateSegment(context.Background(), testSystem, betaInput)
	if err == nil || !strings.Contains(err.Error(), other.GUID) || !strings.Contains(err.Error(), "00000002-123c-4d83-8b38-a5a456789d0a") {
		t.Fatalf("error %v, want one naming both candidates", err)
	}
	if p := f.count("POST", segmentsPath(testSystem)); p != 1 {
		t.Errorf("%d POSTs, want 1", p)
	}
}

// Issue 16 item 2: two segments matching name and external id are an error, not "adopt
// the first".
func TestCreateSegmentTwoExactMatchesError(t *testing.T) {
	store := &lagStore{}
	first := store.seed("Beta testers", "heap-4711")
	f := lagFake(t, store, loseFirstAnswer(t))
	seg, err := newTestClient(t, f).CreateSegment(context.Background(), testSystem, betaInput)
	if err == nil || !strings.Contains(err.Error(), first.GUID) || !strings.Contains(err.Error(), "00000002-123c-4d83-8b38-a5a456789d0a") {
		t.Fatalf("adopted %+v, error %v; want an error naming both segments", seg, err)
	}
	if p := f.count("POST", segmentsPath(testSystem)); p != 1 {
		t.Errorf("%d POSTs, want 1", p)
	}
}

// Issue 16 item 2: a listed segment with the same name but another external id is not
// ours: the client must not adopt it (name-only matching), and posts again.
func TestCreateSegmentSameNameOtherExternalIDNotAdopted(t *testing.T) {
	store := &lagStore{}
	store.seed("Beta testers", "heap-other")
	var posts atomic.Int32
	f := newFake(t, func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodGet {
			writeJSON(w, http.StatusOK, store.listJSON())
			return
		}
		in := decodeCreate(t, r)
		if posts.Add(1) == 1 {
			dropConnection(t, w) // lost before WalkMe acted
			return
		}
		writeJSON(w, http.StatusCreated, createdJSON(store.add(in.Name, in.ID)))
	})
	seg, err := newTestClient(t, f).CreateSegment(context.Background(), testSystem, betaInput)
	if err != nil {
		t.Fatal(err)
	}
	if seg.GUID != "00000002-123c-4d83-8b38-a5a456789d0a" || seg.ExternalID != "heap-4711" {
		t.Errorf("got %+v, want the newly created segment", seg)
	}
	if p := f.count("POST", segmentsPath(testSystem)); p != 2 {
		t.Errorf("%d POSTs, want 2", p)
	}
}

// Issue 10 item 6: a 404 on DELETE is success only when the list no longer shows the
// segment; a lagging list is waited for.
func TestDeleteSegment404(t *testing.T) {
	ctx := context.Background()

	t.Run("absent from the list", func(t *testing.T) {
		store := &lagStore{}
		f := lagFake(t, store, nil)
		if err := newTestClient(t, f).DeleteSegment(ctx, testSystem, testSegmentGUID); err != nil {
			t.Errorf("404 and not listed: %v, want success", err)
		}
	})

	t.Run("still listed", func(t *testing.T) {
		store := &lagStore{}
		seg := store.seed("Beta", "")
		f := newFake(t, func(w http.ResponseWriter, r *http.Request) {
			if r.Method == http.MethodGet {
				writeJSON(w, http.StatusOK, store.listJSON())
				return
			}
			writeJSON(w, http.StatusNotFound, `{"message":"no such route"}`)
		})
		err := newTestClient(t, f).DeleteSegment(ctx, testSystem, seg.GUID)
		if err == nil || !strings.Contains(err.Error(), "still exists") || !strings.Contains(err.Error(), "delete endpoint may differ") {
			t.Errorf("error %v", err)
		}
		if !IsNotFound(err) {
			t.Logf("error does not wrap the 404: %v", err)
		}
	})

	t.Run("lingering in a lagging list", func(t *testing.T) {
		store := &lagStore{lag: createListChecks - 1}
		seg := store.seed("Beta", "")
		var deletes atomic.Int32
		f := newFake(t, func(w http.ResponseWriter, r *http.Request) {
			if r.Method == http.MethodGet {
				writeJSON(w, http.StatusOK, store.listJSON())
				return
			}
			if deletes.Add(1) == 1 {
				store.remove(seg.GUID)
				dropConnection(t, w) // the answer is lost; net/http or the retry sends it again
				return
			}
			writeJSON(w, http.StatusNotFound, `{"message":"not found"}`)
		})
		if err := newTestClient(t, f).DeleteSegment(ctx, testSystem, seg.GUID); err != nil {
			t.Errorf("%v, want success once the lagging list drops the segment", err)
		}
	})
}

var _ = errors.New
