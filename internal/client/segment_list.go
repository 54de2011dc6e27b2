package client

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/walkme-community/terraform-provider-walkme/internal/guid"
)

// maxSegmentListPages bounds how many pages one list follows.
const maxSegmentListPages = 1000

// ListSegments returns the system's segments. WalkMe documents neither the answer nor
// whether it is paginated: the client follows an evident next link (same host, same list
// path) or page number, and fails when the answer shows more pages without either. It
// never returns part of a list as the whole: a segment missing from it would look deleted.
func (c *Client) ListSegments(ctx context.Context, systemGUID string) ([]Segment, error) {
	if err := validateSystemGUID(systemGUID); err != nil {
		return nil, err
	}
	fail := func(err error) ([]Segment, error) { // the list's text may echo credentials
		return nil, c.redactErr(fmt.Errorf("listing segments of system %s: %w", systemGUID, err))
	}
	listPath := segmentsPath(systemGUID)
	reqPath := listPath
	asked := map[string]bool{reqPath: true}
	all := []Segment{}
	seen := map[string]bool{}
	for n := 1; ; n++ {
		res, err := c.do(ctx, c.newRequest(http.MethodGet, reqPath, permSegmentsRead))
		if err != nil {
			return fail(err)
		}
		page, err := decodeSegmentPage(bytes.NewReader(res.body))
		if err != nil {
			if n > 1 {
				return fail(fmt.Errorf("decoding segment list page %d (%s): %w", n, reqPath, err))
			}
			return fail(fmt.Errorf("decoding segment list: %w", err))
		}
		for _, s := range page.segs { // a segment may move across pages between requests
			if key := guid.Key(s.GUID); !seen[key] {
				seen[key] = true
				all = append(all, s)
			}
		}
		next, err := c.nextListPage(listPath, reqPath, page.hints, len(all))
		switch {
		case err != nil:
			return fail(err)
		case next == "":
			return all, nil
		case asked[next]:
			return fail(fmt.Errorf("the answer shows more pages, but names page %s, which was asked for again; the provider does not loop", next))
		case n >= maxSegmentListPages:
			return fail(fmt.Errorf("the answer shows more pages after %d; the provider reads at most %d", n, maxSegmentListPages))
		}
		asked[next] = true
		reqPath = next
		tflog.Debug(c.maskedContext(ctx), "following the next page of the segment list", map[string]any{"page": n + 1, "path": next})
	}
}

// nextListPage returns the path (with query) of the page after current, "" when the
// answer shows no more pages, or an error when it shows more but no evident way to them.
func (c *Client) nextListPage(listPath, current string, h pageHints, count int) (string, error) {
	switch {
	case h.nextLink != "":
		return c.sameListLink(listPath, current, h.nextLinkKey, h.nextLink)
	case h.nextPage > 0:
		return withQuery(listPath, current, "page", h.nextPage), nil
	case h.page > 0 && (h.totalPages > h.page || h.hasMore || h.total > int64(count)):
		return withQuery(listPath, current, h.pageKey, h.page+1), nil
	case h.hasMore:
		return "", morePagesError(h.hasMoreKey + ": true")
	case h.total > int64(count):
		return "", morePagesError(fmt.Sprintf("%s %d above the %d entries received", h.totalKey, h.total, count))
	case h.cursorKey != "":
		return "", morePagesError("a " + h.cursorKey)
	}
	return "", nil
}

func morePagesError(sign string) error {
	return fmt.Errorf("the answer shows more pages (%s) but no next link or page number the provider can follow. "+
		"The provider does not guess how to ask for them, and never reads segments missing from the first page as deleted", sign)
}

// sameListLink resolves a next link against the current page and accepts it only as a
// page of the same list on the same host: the access token goes nowhere else.
func (c *Client) sameListLink(listPath, current, key, link string) (string, error) {
	base, err := url.Parse(c.baseURL + current)
	if err != nil {
		return "", err
	}
	u, err := base.Parse(link)
	wantPath := strings.TrimSuffix(mustParse(c.baseURL).EscapedPath(), "/") + listPath
	if err != nil || !strings.EqualFold(u.Scheme, base.Scheme) || !strings.EqualFold(u.Host, base.Host) || u.EscapedPath() != wantPath {
		return "", fmt.Errorf("the answer shows more pages, but its %s link %q is not a page of the same list (%s%s); the provider does not follow it", key, link, c.baseURL, listPath)
	}
	if u.RawQuery == "" {
		return listPath, nil
	}
	return listPath + "?" + u.RawQuery, nil
}

func mustParse(raw string) *url.URL {
	u, err := url.Parse(raw)
	if err != nil {
		return &url.URL{}
	}
	return u
}

// withQuery is the list path with current's query and key set to n.
func withQuery(listPath, current, key string, n int64) string {
	q := url.Values{}
	if _, raw, ok := strings.Cut(current, "?"); ok {
		q, _ = url.ParseQuery(raw)
	}
	q.Set(key, strconv.FormatInt(n, 10))
	return listPath + "?" + q.Encode()
}

// settleWait is the pause before the nth (1-based) repeated list while the client waits
// for the list to show a change: retry_wait_min, doubling, capped at retry_wait_max.
func (c *Client) settleWait(n int) time.Duration {
	d := c.cfg.RetryWaitMin
	for i := 1; i < n && d < c.cfg.RetryWaitMax; i++ {
		d *= 2
	}
	return min(d, c.cfg.RetryWaitMax)
}

// awaitCreated lists the system's segments up to createListChecks times, until one of
// them is the segment a create of in made (see findSegment). A list may lag behind a
// create (WalkMe does not say), so one list without it proves nothing. The waits add up
// to at least floor (what WalkMe's Retry-After asked for before a POST is sent again).
func (c *Client) awaitCreated(ctx context.Context, systemGUID string, in CreateSegmentInput, floor time.Duration) (Segment, bool, error) {
	var waited time.Duration
	for check := range createListChecks {
		if check > 0 {
			wait := c.settleWait(check)
			if check == createListChecks-1 {
				wait = max(wait, floor-waited)
			}
			if err := sleep(ctx, wait); err != nil {
				return Segment{}, false, err
			}
			waited += wait
		}
		seg, found, err := c.findSegment(ctx, systemGUID, in)
		if err != nil || found {
			return seg, found, err
		}
		tflog.Debug(c.maskedContext(ctx), "segment not in the list (yet)", map[string]any{"name": in.Name, "check": check + 1, "of": createListChecks})
	}
	return Segment{}, false, nil
}

// findSegment lists the system's segments and returns the one a create of in made. A
// listed segment could be ours when it has in's name and either in's external id or an
// external id the list does not report for sure (a list without external ids, or an "id"
// that may be WalkMe's own). One sure match is adopted; otherwise one candidate is;
// several are an error naming them, never "the first": adopting the wrong one would put
// another segment under Terraform's management, and posting again would make a duplicate.
func (c *Client) findSegment(ctx context.Context, systemGUID string, in CreateSegmentInput) (Segment, bool, error) {
	segs, err := c.ListSegments(ctx, systemGUID)
	if err != nil {
		return Segment{}, false, err
	}
	var sure, maybe []Segment
	for _, s := range segs {
		switch {
		case s.Name != in.Name:
		case s.ExternalID == in.ExternalID:
			sure = append(sure, s)
		case s.ExternalID == "" || s.ExternalIDUnsure:
			maybe = append(maybe, s)
		}
	}
	ours := func(s Segment) (Segment, bool, error) {
		return Segment{GUID: s.GUID, Name: in.Name, ExternalID: in.ExternalID}, true, nil
	}
	switch {
	case len(sure) == 1:
		return ours(sure[0])
	case len(sure) > 1:
		return Segment{}, false, fmt.Errorf("%d segments are named %q with external id %q (%s); cannot tell which one is ours",
			len(sure), in.Name, in.ExternalID, guidsOf(sure))
	case len(maybe) == 1:
		tflog.Info(c.maskedContext(ctx), "matched the created segment by name: the list does not report its external id",
			map[string]any{"segment_guid": maybe[0].GUID, "name": in.Name, "listed_external_id": maybe[0].ExternalID})
		return ours(maybe[0])
	case len(maybe) > 1:
		return Segment{}, false, fmt.Errorf("%d segments named %q could be the one this create made (%s): the segment list does not "+
			"report their external ids for sure, so the provider cannot tell which is ours, and does not create another. "+
			"Import the right one (terraform import <address> %s/<guid>) and delete any duplicate in WalkMe",
			len(maybe), in.Name, guidsOf(maybe), systemGUID)
	}
	return Segment{}, false, nil
}

func guidsOf(segs []Segment) string {
	guids := make([]string, len(segs))
	for i, s := range segs {
		guids[i] = s.GUID
	}
	return strings.Join(guids, ", ")
}

// DeleteSegment deletes a segment. WalkMe does not document the delete URL, so a 404 is
// success only when the segment list (waited for like after a create, as it may lag)
// no longer shows the segment.
func (c *Client) DeleteSegment(ctx context.Context, systemGUID, segmentGUID string) error {
	guid, err := validateSegmentRef(systemGUID, segmentGUID)
	if err != nil {
		return err
	}
	_, err = c.do(ctx, c.newRequest(http.MethodDelete, segmentPath(systemGUID, guid), permSegmentsWrite))
	switch {
	case err == nil:
		return nil
	case !IsNotFound(err):
		return fmt.Errorf("deleting segment %s: %w", guid, err)
	}
	listed, lerr := c.awaitAbsent(ctx, systemGUID, guid)
	switch {
	case lerr != nil:
		return fmt.Errorf("deleting segment %s: %w; then checking the segment list failed: %w", guid, err, lerr)
	case listed:
		return fmt.Errorf("deleting segment %s: %w, but the segment still exists: the segment list of system %s still shows it "+
			"after %d checks. The delete endpoint may differ from the one the provider assumes (DELETE %s)",
			guid, err, systemGUID, createListChecks, "/public/v1/user/system/{systemGuid}/segment/{segmentGuid}")
	}
	tflog.Debug(c.maskedContext(ctx), "segment already deleted: DELETE answered 404 and the list does not show it", map[string]any{"segment_guid": guid})
	return nil
}

// awaitAbsent lists up to createListChecks times until the segment is not listed; it
// reports whether the last list still showed it.
func (c *Client) awaitAbsent(ctx context.Context, systemGUID, segmentGUID string) (bool, error) {
	for check := range createListChecks {
		if check > 0 {
			if err := sleep(ctx, c.settleWait(check)); err != nil {
				return true, err
			}
		}
		segs, err := c.ListSegments(ctx, systemGUID)
		if err != nil {
			return true, err
		}
		listed := false
		for _, s := range segs {
			listed = listed || guid.Key(s.GUID) == guid.Key(segmentGUID)
		}
		if !listed {
			return false, nil
		}
	}
	return true, nil
}

// ListSegmentsAgain lists the system's segments after a pause of retry_wait_min: the
// second look the provider takes before it reads a segment missing from a list as
// deleted (a list may lag behind writes; WalkMe does not say).
func (c *Client) ListSegmentsAgain(ctx context.Context, systemGUID string) ([]Segment, error) {
	if err := sleep(ctx, c.settleWait(1)); err != nil {
		return nil, err
	}
	return c.ListSegments(ctx, systemGUID)
}
