package provider

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/walkme-community/terraform-provider-walkme/internal/membership"
)

// TestCurrentMembershipAbsurdPrivateStateDegrades: a private state announcing an
// absurd size is treated like garbage (unknown membership: the next apply makes
// an override pass), and never allocates what it announces.
func TestCurrentMembershipAbsurdPrivateStateDegrades(t *testing.T) {
	ids := []string{"a", "b", "c"}
	good, err := membership.Encode(ids)
	if err != nil {
		t.Fatal(err)
	}
	var obj map[string]any
	if err := json.Unmarshal(good, &obj); err != nil {
		t.Fatal(err)
	}
	obj["count"], obj["bytes"] = int64(1)<<57, int64(1)<<50 // count x 401 overflows int64
	bad, _ := json.Marshal(obj)
	state := &segmentModel{UserIDs: userIDsValue{SetValue: types.SetNull(types.StringType)}, UserIDsSHA256: types.StringValue(membership.Digest(ids))}
	r := &segmentResource{}
	if got := r.currentMembership(context.Background(), state, fakePrivate{privateMembershipKey: good}); !got.known {
		t.Fatal("the intact private state was not read")
	}
	if got := r.currentMembership(context.Background(), state, fakePrivate{privateMembershipKey: bad}); got.known {
		t.Errorf("an absurd private state gave a known membership: %v", got.ids)
	}
}
