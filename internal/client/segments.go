package client

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"unicode/utf8"

	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/walkme-community/terraform-provider-walkme/internal/guid"
)

// Segment is a WalkMe segment as the list shows it. ExternalIDUnsure marks an external id
// read from the list's "id" field, which may as well be WalkMe's own id (WalkMe does not
// document the list): callers keep an external id they applied over such a value.
type Segment struct {
	GUID, Name, ExternalID string
	ExternalIDUnsure       bool
}

// createListChecks is how many times the client lists a system's segments after an
// attempt that may have created one before it concludes that WalkMe did not act (and
// after a DELETE answered 404 before it concludes the segment is gone). The lists are
// spaced by the retry backoff without jitter: retry_wait_min, then doubling, capped at
// retry_wait_max (1 + 2 + 4 + 8 = 15 s with the defaults). The provider assumes that
// WalkMe's list shows a change within that time.
const createListChecks = 5

// SegmentAction is how UpdateSegment applies its user IDs.
type SegmentAction string

const (
	SegmentAdd      SegmentAction = "add"
	SegmentRemove   SegmentAction = "remove"
	SegmentOverride SegmentAction = "override"
)

// CreateSegmentInput is a new segment. ExternalID is sent as "id" when set.
type CreateSegmentInput struct {
	Name, ExternalID string
	UserIDs          []string
}

type createSegmentBody struct {
	ID      string   `json:"id,omitempty"`
	Name    string   `json:"name"`
	UserIDs []string `json:"userIds"`
}

type updateSegmentBody struct {
	Action  SegmentAction `json:"action"`
	UserIDs []string      `json:"userIds"`
}

func segmentsPath(systemGUID string) string {
	return "/public/v1/user/system/" + url.PathEscape(systemGUID) + "/segment"
}

func segmentPath(systemGUID, segmentGUID string) string {
	return segmentsPath(systemGUID) + "/" + url.PathEscape(segmentGUID)
}

// CreateSegment creates a segment with at most MaxSegmentUserIDs members. A
// create must never run twice, so after a 5xx or a lost response it lists the
// system's segments and adopts one with the same name and external id; only
// when there is none does it send the POST again.
func (c *Client) CreateSegment(ctx context.Context, systemGUID string, in CreateSegmentInput) (Segment, error) {
	if err := validateCreate(systemGUID, in); err != nil {
		return Segment{}, err
	}
	body := createSegmentBody{ID: in.ExternalID, Name: in.Name, UserIDs: in.UserIDs}
	if body.UserIDs == nil {
		body.UserIDs = []string{}
	}
	fail := func(err error) (Segment, error) {
		return Segment{}, fmt.Errorf("creating segment %q in system %s: %w", in.Name, systemGUID, err)
	}
	retriesLeft := c.cfg.MaxRetries
	ambiguous := false // an earlier attempt may have created the segment
	for {
		r := c.newRequest(http.MethodPost, segmentsPath(systemGUID), permSegmentsWrite)
		r.body, r.policy, r.maxRetries = body, retryUnsent, retriesLeft
		res, err := c.do(ctx, r)
		retriesLeft -= max(res.attempts-1, 0)
		switch {
		case err == nil:
			return c.createdSegment(ctx, systemGUID, in, res.body)
		case IsConflict(err) && ambiguous:
			return c.adoptAfterConflict(ctx, systemGUID, in, err)
		case IsConflict(err):
			return fail(fmt.Errorf("%w (the name or external id is already in use)", err))
		case !mayHaveActed(err) || ctx.Err() != nil:
			return fail(err)
		}
		ambiguous = true
		// The lists space the POSTs; they also wait out a Retry-After before the next one.
		floor := retryWait(c.cfg.RetryWaitMin, c.cfg.RetryWaitMax, c.cfg.MaxRetries-retriesLeft, res.status, res.header)
		seg, found, lerr := c.awaitCreated(ctx, systemGUID, in, floor)
		if lerr != nil {
			return fail(fmt.Errorf("%w; then checking whether it was created anyway failed: %w", err, lerr))
		}
		if found {
			tflog.Info(c.maskedContext(ctx), "adopted WalkMe segment created by an attempt whose response was lost", map[string]any{"segment_guid": seg.GUID, "name": seg.Name})
			return seg, nil
		}
		if retriesLeft <= 0 {
			return fail(fmt.Errorf("%w (the segment list did not show the segment after %d checks)", err, createListChecks))
		}
		retriesLeft--
		// The last list was just made: the POST follows right away.
	}
}

// mayHaveActed reports whether a failed create may nonetheless have created
// the segment: a 5xx, or a request that got no answer after it was sent.
func mayHaveActed(err error) bool {
	var ae *APIError
	if errors.As(err, &ae) {
		return ae.StatusCode >= 500
	}
	var te *transportError
	return errors.As(err, &te) && te.kind == errMaybeSent
}

func (c *Client) createdSegment(ctx context.Context, systemGUID string, in CreateSegmentInput, body []byte) (Segment, error) {
	if guid := decodeCreatedGUID(body, in.ExternalID); guid != "" {
		return Segment{GUID: guid, Name: in.Name, ExternalID: in.ExternalID}, nil
	}
	// The response is undocumented; without a GUID in it, the list tells.
	seg, found, err := c.awaitCreated(ctx, systemGUID, in, 0)
	switch {
	case err != nil:
		return Segment{}, fmt.Errorf("segment %q was created, but finding its GUID failed: %w", in.Name, err)
	case !found:
		return Segment{}, fmt.Errorf("segment %q was created, but its GUID is neither in WalkMe's response nor in the segment list of system %s", in.Name, systemGUID)
	}
	return seg, nil
}

func (c *Client) adoptAfterConflict(ctx context.Context, systemGUID string, in CreateSegmentInput, conflict error) (Segment, error) {
	seg, found, err := c.awaitCreated(ctx, systemGUID, in, 0)
	switch {
	case err != nil:
		return Segment{}, fmt.Errorf("creating segment %q: %w; then listing segments failed: %w", in.Name, conflict, err)
	case !found:
		return Segment{}, fmt.Errorf("creating segment %q: %w", in.Name, conflict)
	}
	return seg, nil
}

// UpdateSegment adds, removes or replaces (override) at most MaxSegmentUserIDs
// members. It is idempotent, so it is retried like a read.
func (c *Client) UpdateSegment(ctx context.Context, systemGUID, segmentGUID string, action SegmentAction, userIDs []string) error {
	guid, err := validateSegmentRef(systemGUID, segmentGUID)
	if err != nil {
		return err
	}
	switch action {
	case SegmentAdd, SegmentRemove, SegmentOverride:
	default:
		return fmt.Errorf("segment update action %q is not one of add, remove, override", action)
	}
	if err := validateUserIDs(userIDs); err != nil {
		return err
	}
	if userIDs == nil {
		userIDs = []string{}
	}
	r := c.newRequest(http.MethodPut, segmentPath(systemGUID, guid), permSegmentsWrite)
	r.body = updateSegmentBody{Action: action, UserIDs: userIDs}
	if _, err := c.do(ctx, r); err != nil {
		return fmt.Errorf("updating segment %s (%s %d user IDs): %w", guid, action, len(userIDs), err)
	}
	return nil
}

func validateSystemGUID(systemGUID string) error {
	if strings.TrimSpace(systemGUID) == "" {
		return errors.New("system GUID is empty")
	}
	return nil
}

// validateSegmentRef returns the segment GUID in the hyphenated form WalkMe's
// URLs take.
func validateSegmentRef(systemGUID, segmentGUID string) (string, error) {
	if err := validateSystemGUID(systemGUID); err != nil {
		return "", err
	}
	if !guid.Valid(segmentGUID) {
		return "", fmt.Errorf("segment GUID %q is not a GUID such as 12345aeb-123c-4d83-8b38-a5a456789d0a", segmentGUID)
	}
	return guid.Hyphenated(segmentGUID), nil
}

func validateCreate(systemGUID string, in CreateSegmentInput) error {
	if err := validateSystemGUID(systemGUID); err != nil {
		return err
	}
	if strings.TrimSpace(in.Name) == "" {
		return errors.New("segment name is empty")
	}
	return validateUserIDs(in.UserIDs)
}

// validateUserIDs applies WalkMe's documented limits before anything is sent.
func validateUserIDs(ids []string) error {
	if len(ids) > MaxSegmentUserIDs {
		return fmt.Errorf("%d user IDs in one segment request; WalkMe accepts at most %d", len(ids), MaxSegmentUserIDs)
	}
	for i, id := range ids {
		switch {
		case id == "":
			return fmt.Errorf("user ID %d is empty", i)
		case len(id) <= MaxUserIDLength: // bytes bound characters: no need to count them
		case utf8.RuneCountInString(id) > MaxUserIDLength:
			return fmt.Errorf("user ID %q is %d characters long; WalkMe accepts at most %d", id, utf8.RuneCountInString(id), MaxUserIDLength)
		}
	}
	return nil
}
