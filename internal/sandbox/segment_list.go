package sandbox

import (
	"cmp"
	"fmt"
	"net/http"
	"slices"
	"strconv"
)

// Values of Config.ListShape (besides array, wrapped and data), Config.ListEmpty and
// Config.ListPaging: the list answers WalkMe does not document, each switchable.
const (
	listShapeSparse    = "sparse"    // no external id
	listShapeNumericID = "numericId" // "id" is a number of WalkMe's own, no external id
	listShapeGUIDID    = "guidId"    // "id" repeats the GUID, no external id

	listEmptyArray     = "array"
	listEmptyNoContent = "noContent"
	listEmptyBody      = "emptyBody"
	listEmptyNull      = "null"
	listEmptyObject    = "object"
	listEmptyNullList  = "nullList"

	listPagingNone         = ""
	listPagingLink         = "link"
	listPagingPage         = "page"
	listPagingUnfollowable = "unfollowable"

	defaultListPageSize = 2
)

var (
	listShapes  = []string{listShapeArray, listShapeWrapped, listShapeData, listShapeSparse, listShapeNumericID, listShapeGUIDID}
	listEmpties = []string{listEmptyArray, listEmptyNoContent, listEmptyBody, listEmptyNull, listEmptyObject, listEmptyNullList}
	listPagings = []string{listPagingNone, listPagingLink, listPagingPage, listPagingUnfollowable}
)

// normaliseList applies the defaults of the list switches and validates them.
func normaliseList(cfg *Config) error {
	if cfg.ListShape == "" {
		cfg.ListShape = listShapeArray
	}
	if cfg.ListEmpty == "" {
		cfg.ListEmpty = listEmptyArray
	}
	if cfg.ListPageSize == 0 {
		cfg.ListPageSize = defaultListPageSize
	}
	switch {
	case !slices.Contains(listShapes, cfg.ListShape):
		return fmt.Errorf("ListShape %q: want one of %v", cfg.ListShape, listShapes)
	case !slices.Contains(listEmpties, cfg.ListEmpty):
		return fmt.Errorf("ListEmpty %q: want one of %v", cfg.ListEmpty, listEmpties)
	case !slices.Contains(listPagings, cfg.ListPaging):
		return fmt.Errorf("ListPaging %q: want one of %q", cfg.ListPaging, listPagings)
	case cfg.ListPageSize < 0:
		return fmt.Errorf("ListPageSize %d is negative", cfg.ListPageSize)
	case cfg.ListLag < 0:
		return fmt.Errorf("ListLag %d is negative", cfg.ListLag)
	}
	return nil
}

// handleListSegments is GET /public/v1/user/system/{systemGuid}/segment. Members are
// never listed: WalkMe does not display the users synced through the API.
func (s *Server) handleListSegments(req *apiRequest) reply {
	segs, rep, ok := s.systemSegments(req.system, false)
	if !ok {
		return rep
	}
	page := 1
	if p := req.r.URL.Query().Get("page"); p != "" && s.cfg.ListPaging != listPagingNone {
		n, err := strconv.Atoi(p)
		if err != nil || n < 1 {
			return errorReply(http.StatusBadRequest, "page %q must be a whole number from 1", p)
		}
		page = n
	}
	listed := s.listedSegments(req.system, segs, page == 1)
	if len(listed) == 0 {
		return s.emptyList()
	}
	if s.cfg.ListPaging == listPagingNone {
		return s.listAnswer(listed, nil)
	}
	size := s.cfg.ListPageSize
	pages := (len(listed) + size - 1) / size
	lo, hi := min((page-1)*size, len(listed)), min(page*size, len(listed))
	extra := map[string]any{}
	switch s.cfg.ListPaging {
	case listPagingLink:
		extra["next"] = nil
		if page < pages {
			extra["next"] = fmt.Sprintf("%s?page=%d", req.r.URL.Path, page+1)
		}
	case listPagingPage:
		extra["page"], extra["totalPages"] = page, pages
	case listPagingUnfollowable:
		if page < pages {
			extra["hasMore"] = true
		}
	}
	return s.listAnswer(listed[lo:hi], extra)
}

// listedSegments is what a list shows: the system's segments in creation order, less new
// ones a lagging list leaves out, plus deleted ones it still shows (ASSUMED:
// segment-list-lag). A list of the first page counts against the lag.
func (s *Server) listedSegments(sys string, segs map[string]*segment, count bool) []*segment {
	var out []*segment
	for _, sg := range sortedSegments(segs) {
		if sg.listLag > 0 {
			if count {
				sg.listLag--
			}
			continue
		}
		out = append(out, sg)
	}
	kept := s.lingering[sys][:0]
	for _, sg := range s.lingering[sys] {
		if sg.listLag > 0 {
			out = append(out, sg)
			if count {
				sg.listLag--
			}
		}
		if sg.listLag > 0 {
			kept = append(kept, sg)
		}
	}
	s.lingering[sys] = kept
	slices.SortFunc(out, func(a, b *segment) int { return cmp.Compare(a.seq, b.seq) })
	return out
}

// emptyList answers for a system without segments (ASSUMED: segment-list-empty).
func (s *Server) emptyList() reply {
	switch s.cfg.ListEmpty {
	case listEmptyNoContent:
		return reply{status: http.StatusNoContent}
	case listEmptyBody:
		return reply{status: http.StatusOK, header: http.Header{"Content-Type": {"application/json"}}, body: []byte{}}
	case listEmptyNull:
		return reply{status: http.StatusOK, header: http.Header{"Content-Type": {"application/json"}}, body: []byte("null")}
	case listEmptyObject:
		return jsonReply(http.StatusOK, map[string]any{})
	case listEmptyNullList:
		return jsonReply(http.StatusOK, map[string]any{"segments": nil})
	}
	return jsonReply(http.StatusOK, []any{})
}

// listAnswer renders segments in the configured shape (ASSUMED: segment-list-shape);
// extra, when not nil, holds pagination fields beside a "segments" array.
func (s *Server) listAnswer(segs []*segment, extra map[string]any) reply {
	items := make([]map[string]any, 0, len(segs))
	for _, sg := range segs {
		items = append(items, s.listEntry(sg))
	}
	switch {
	case extra != nil:
		extra["segments"] = items
		return jsonReply(http.StatusOK, extra)
	case s.cfg.ListShape == listShapeWrapped:
		return jsonReply(http.StatusOK, map[string]any{"segments": items})
	case s.cfg.ListShape == listShapeData:
		return jsonReply(http.StatusOK, map[string]any{"data": items})
	}
	return jsonReply(http.StatusOK, items)
}

func (s *Server) listEntry(sg *segment) map[string]any {
	m := map[string]any{"guid": sg.guid, "name": sg.name}
	switch s.cfg.ListShape {
	case listShapeWrapped:
		m = map[string]any{"segmentGuid": sg.guid, "name": sg.name}
		if sg.externalID != "" {
			m["externalId"] = sg.externalID
		}
	case listShapeSparse:
	case listShapeNumericID:
		m["id"] = 1000 + sg.seq
	case listShapeGUIDID:
		m["id"] = sg.guid
	default:
		if sg.externalID != "" {
			m["id"] = sg.externalID
		}
	}
	return m
}

// HideFromNextLists makes the system's next n list answers leave out every segment it
// holds now, as a lagging list might (see segment-list-lag); inspection still sees them.
func (s *Server) HideFromNextLists(systemGUID string, n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, sg := range s.systems[systemGUID] {
		sg.listLag = max(sg.listLag, n)
	}
}
