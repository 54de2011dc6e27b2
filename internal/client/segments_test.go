package client

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
)

// createServer answers list from store and POST through post, which gets the
// 1-based POST number.
func createServer(t *testing.T, store *segmentStore, post func(n int32, w http.ResponseWriter, r *http.Request)) *fakeWalkMe {
	var posts atomic.Int32
	return newFake(t, func(w http.ResponseWriter, r *http.Request) {
		switch r.Method {
		case http.MethodGet:
			writeJSON(w, http.StatusOK, store.listJSON())
		case http.MethodPost:
			post(posts.Add(1), w, r)
		}
	})
}

func createdJSON(seg Segment) string {
	return fmt.Sprintf(`{"guid":%q,"name":%q}`, seg.GUID, seg.Name)
}

var betaInput = CreateSegmentInput{Name: "Beta testers", ExternalID: "heap-4711", UserIDs: []string{"john@company.com"}}

func TestCreateSegment(t *testing.T) {
	store := &segmentStore{}
	f := createServer(t, store, func(_ int32, w http.ResponseWriter, r *http.Request) {
		in := decodeCreate(t, r)
		writeJSON(w, http.StatusCreated, createdJSON(store.add(in.Name, in.ID)))
	})
	c := newTestClient(t, f)
	seg, err := c.CreateSegment(context.Background(), testSystem, betaInput)
	if err != nil {
		t.Fatal(err)
	}
	want := Segment{GUID: "00000001-123c-4d83-8b38-a5a456789d0a", Name: "Beta testers", ExternalID: "heap-4711"}
	if seg != want {
		t.Errorf("segment = %+v, want %+v", seg, want)
	}
	assertJSON(t, f.body("POST", segmentsPath(testSystem)), `{"id":"heap-4711","name":"Beta testers","userIds":["john@company.com"]}`)
	if n := f.count("GET", segmentsPath(testSystem)); n != 0 {
		t.Errorf("%d list requests, want 0", n)
	}
}

func TestCreateSegmentBodyWithoutExternalIDOrUsers(t *testing.T) {
	store := &segmentStore{}
	f := createServer(t, store, func(_ int32, w http.ResponseWriter, r *http.Request) {
		in := decodeCreate(t, r)
		writeJSON(w, http.StatusCreated, createdJSON(store.add(in.Name, in.ID)))
	})
	c := newTestClient(t, f)
	if _, err := c.CreateSegment(context.Background(), testSystem, CreateSegmentInput{Name: "Empty"}); err != nil {
		t.Fatal(err)
	}
	assertJSON(t, f.body("POST", segmentsPath(testSystem)), `{"name":"Empty","userIds":[]}`)
}

func TestCreateSegmentLostResponseAdopts(t *testing.T) {
	store := &segmentStore{}
	f := createServer(t, store, func(n int32, w http.ResponseWriter, r *http.Request) {
		in := decodeCreate(t, r)
		seg := store.add(in.Name, in.ID)
		if n == 1 {
			dropConnection(t, w) // WalkMe acted, the answer is lost
			return
		}
		writeJSON(w, http.StatusCreated, createdJSON(seg))
	})
	c := newTestClient(t, f)
	seg, err := c.CreateSegment(context.Background(), testSystem, betaInput)
	if err != nil {
		t.Fatal(err)
	}
	if seg.GUID != "00000001-123c-4d83-8b38-a5a456789d0a" {
		t.Errorf("adopted %+v", seg)
	}
	if n := store.len(); n != 1 {
		t.Errorf("%d segments exist, want exactly 1", n)
	}
	if n := f.count("POST", segmentsPath(testSystem)); n != 1 {
		t.Errorf("%d POSTs, want 1 (the list found the segment)", n)
	}
	if n := f.count("GET", segmentsPath(testSystem)); n != 1 {
		t.Errorf("%d list requests, want 1", n)
	}
}

func TestCreateSegment5xxBeforeActingRetriesPost(t *testing.T) {
	store := &segmentStore{}
	f := createServer(t, store, func(n int32, w http.ResponseWriter, r *http.Request) {
		in := decodeCreate(t, r)
		if n == 1 {
			writeJSON(w, http.StatusInternalServerError, `{"message":"database unavailable"}`)
			return
		}
		writeJSON(w, http.StatusCreated, createdJSON(store.add(in.Name, in.ID)))
	})
	c := newTestClient(t, f)
	if _, err := c.CreateSegment(context.Background(), testSystem, betaInput); err != nil {
		t.Fatal(err)
	}
	if n := store.len(); n != 1 {
		t.Errorf("%d segments, want 1", n)
	}
	if p, g := f.count("POST", segmentsPath(testSystem)), f.count("GET", segmentsPath(testSystem)); p != 2 || g != createListChecks {
		t.Errorf("%d POSTs and %d lists, want 2 and %d", p, g, createListChecks)
	}
}

func TestCreateSegment5xxAlwaysBounded(t *testing.T) {
	store := &segmentStore{}
	f := createServer(t, store, func(_ int32, w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusBadGateway, `{"message":"upstream"}`)
	})
	c := newTestClient(t, f)
	_, err := c.CreateSegment(context.Background(), testSystem, betaInput)
	if !hasStatus(err, http.StatusBadGateway) {
		t.Fatalf("error = %v", err)
	}
	if n := f.count("POST", segmentsPath(testSystem)); n != 4 {
		t.Errorf("%d POSTs, want MaxRetries+1 = 4", n)
	}
}

func TestCreateSegmentConflictAfterAmbiguousAttemptAdopts(t *testing.T) {
	store := &segmentStore{}
	var hidden atomic.Int32 // the list lags behind the create for longer than the client waits
	f := newFake(t, func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.Method == http.MethodGet && hidden.Load() > 0:
			hidden.Add(-1)
			writeJSON(w, http.StatusOK, `{"segments":[]}`)
		case r.Method == http.MethodGet:
			writeJSON(w, http.StatusOK, `{"segments":`+store.listJSON()+`}`)
		case store.len() == 0:
			in := decodeCreate(t, r)
			store.add(in.Name, in.ID)
			hidden.Store(createListChecks)
			writeJSON(w, http.StatusBadGateway, ``)
		default:
			writeJSON(w, http.StatusConflict, `{"message":"key already in use"}`)
		}
	})
	c := newTestClient(t, f)
	seg, err := c.CreateSegment(context.Background(), testSystem, betaInput)
	if err != nil {
		t.Fatal(err)
	}
	if seg.GUID == "" || store.len() != 1 {
		t.Errorf("segment %+v, %d in store", seg, store.len())
	}
	if p, g := f.count("POST", segmentsPath(testSystem)), f.count("GET", segmentsPath(testSystem)); p != 2 || g != createListChecks+1 {
		t.Errorf("%d POSTs and %d lists, want 2 and %d", p, g, createListChecks+1)
	}
}

func TestCreateSegmentConflictOnFirstAttempt(t *testing.T) {
	store := &segmentStore{}
	store.add("Beta testers", "heap-4711")
	f := createServer(t, store, func(_ int32, w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusConflict, `{"message":"key already in use"}`)
	})
	c := newTestClient(t, f)
	_, err := c.CreateSegment(context.Background(), testSystem, betaInput)
	if !IsConflict(err) || !strings.Contains(err.Error(), "already in use") {
		t.Errorf("error = %v", err)
	}
	if n := f.count("GET", segmentsPath(testSystem)); n != 0 {
		t.Errorf("%d list requests: a first-attempt conflict must not adopt", n)
	}
}

func TestCreateSegment429Retried(t *testing.T) {
	store := &segmentStore{}
	f := createServer(t, store, func(n int32, w http.ResponseWriter, r *http.Request) {
		in := decodeCreate(t, r)
		if n == 1 {
			writeJSON(w, http.StatusTooManyRequests, ``)
			return
		}
		writeJSON(w, http.StatusCreated, createdJSON(store.add(in.Name, in.ID)))
	})
	c := newTestClient(t, f)
	if _, err := c.CreateSegment(context.Background(), testSystem, betaInput); err != nil {
		t.Fatal(err)
	}
	if p, g := f.count("POST", segmentsPath(testSystem)), f.count("GET", segmentsPath(testSystem)); p != 2 || g != 0 {
		t.Errorf("%d POSTs and %d lists, want 2 and 0", p, g)
	}
}

func TestCreateSegmentWithoutGUIDInResponseLists(t *testing.T) {
	for _, body := range []string{``, `{"message":"Segment created"}`, `Created`, `{"id":"heap-4711"}`} {
		store := &segmentStore{}
		store.add("Other", "")
		f := createServer(t, store, func(_ int32, w http.ResponseWriter, r *http.Request) {
			in := decodeCreate(t, r)
			store.add(in.Name, in.ID)
			writeJSON(w, http.StatusCreated, body)
		})
		c := newTestClient(t, f)
		seg, err := c.CreateSegment(context.Background(), testSystem, betaInput)
		if err != nil {
			t.Fatalf("body %q: %v", body, err)
		}
		if seg.GUID != "00000002-123c-4d83-8b38-a5a456789d0a" {
			t.Errorf("body %q: found %+v", body, seg)
		}
	}
}

func TestCreateSegmentValidation(t *testing.T) {
	long := strings.Repeat("é", MaxUserIDLength+1)
	many := make([]string, MaxSegmentUserIDs+1)
	for i := range many {
		many[i] = fmt.Sprint(i)
	}
	cases := []struct {
		in   CreateSegmentInput
		want string
	}{
		{CreateSegmentInput{Name: " "}, "segment name is empty"},
		{CreateSegmentInput{Name: "n", UserIDs: []string{"a", ""}}, "user ID 1 is empty"},
		{CreateSegmentInput{Name: "n", UserIDs: []string{long}}, fmt.Sprintf("user ID %q is 101 characters long", long)},
		{CreateSegmentInput{Name: "n", UserIDs: many}, "25001 user IDs"},
	}
	f := newFake(t, func(w http.ResponseWriter, _ *http.Request) { t.Error("request sent for invalid input") })
	c := newTestClient(t, f)
	for _, tc := range cases {
		_, err := c.CreateSegment(context.Background(), testSystem, tc.in)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("error %v, want %q", err, tc.want)
		}
	}
	ok := strings.Repeat("é", MaxUserIDLength) // 100 runes, 200 bytes
	if err := validateUserIDs([]string{ok}); err != nil {
		t.Errorf("100-character ID refused: %v", err)
	}
}

func TestCreateSegmentAmbiguousListFailure(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodGet {
			writeJSON(w, http.StatusForbidden, `{"message":"missing scope"}`)
			return
		}
		writeJSON(w, http.StatusInternalServerError, ``)
	})
	c := newTestClient(t, f)
	_, err := c.CreateSegment(context.Background(), testSystem, betaInput)
	if !hasStatus(err, http.StatusInternalServerError) || !strings.Contains(err.Error(), "checking whether it was created anyway failed") || !strings.Contains(err.Error(), `"Segments API: Read"`) {
		t.Errorf("error = %v", err)
	}
}

func TestListSegments(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, http.StatusOK, `{"data":[{"segmentGuid":"12345AEB123C4D838B38A5A456789D0A","name":"A","externalId":"x","extra":{"y":1}}]}`)
	})
	c := newTestClient(t, f)
	segs, err := c.ListSegments(context.Background(), testSystem)
	if err != nil {
		t.Fatal(err)
	}
	want := Segment{GUID: "12345AEB-123C-4D83-8B38-A5A456789D0A", Name: "A", ExternalID: "x"}
	if len(segs) != 1 || segs[0] != want {
		t.Errorf("segments = %+v", segs)
	}
}

func TestListSegmentsUndecodable(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, _ *http.Request) { writeJSON(w, http.StatusOK, `{"total":3}`) })
	c := newTestClient(t, f)
	_, err := c.ListSegments(context.Background(), testSystem)
	if err == nil || !strings.Contains(err.Error(), "listing segments of system "+testSystem) || !strings.Contains(err.Error(), "keys: total") {
		t.Errorf("error = %v", err)
	}
}

func TestUpdateSegment(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusNoContent) })
	c := newTestClient(t, f)
	ctx := context.Background()
	// A 32-digit GUID is sent hyphenated.
	if err := c.UpdateSegment(ctx, testSystem, "12345aeb123c4d838b38a5a456789d0a", SegmentOverride, nil); err != nil {
		t.Fatal(err)
	}
	assertJSON(t, f.body("PUT", segmentPath(testSystem, testSegmentGUID)), `{"action":"override","userIds":[]}`)
	for _, tc := range []struct {
		guid   string
		action SegmentAction
		ids    []string
		want   string
	}{
		{testSegmentGUID, "replace", nil, `action "replace" is not one of add, remove, override`},
		{"not-a-guid", SegmentAdd, nil, `segment GUID "not-a-guid" is not a GUID`},
		{testSegmentGUID, SegmentAdd, []string{strings.Repeat("x", 101)}, "101 characters"},
	} {
		if err := c.UpdateSegment(ctx, testSystem, tc.guid, tc.action, tc.ids); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("error %v, want %q", err, tc.want)
		}
	}
}

func TestDeleteSegment(t *testing.T) {
	var status atomic.Int32
	status.Store(http.StatusNoContent)
	f := newFake(t, func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodGet {
			writeJSON(w, http.StatusOK, `[]`) // the list no longer shows it
			return
		}
		w.WriteHeader(int(status.Load()))
	})
	c := newTestClient(t, f)
	ctx := context.Background()
	if err := c.DeleteSegment(ctx, testSystem, testSegmentGUID); err != nil {
		t.Fatal(err)
	}
	status.Store(http.StatusNotFound)
	if err := c.DeleteSegment(ctx, testSystem, testSegmentGUID); err != nil {
		t.Errorf("404 on delete: %v, want success", err)
	}
	status.Store(http.StatusForbidden)
	err := c.DeleteSegment(ctx, testSystem, testSegmentGUID)
	var ae *APIError
	if !errors.As(err, &ae) || ae.Permission != "Segments API: Write and Read" {
		t.Errorf("403 on delete: %v", err)
	}
}
