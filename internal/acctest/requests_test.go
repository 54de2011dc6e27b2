package acctest

import (
	"strings"
	"testing"

	"github.com/walkme-community/terraform-provider-walkme/internal/client"
	"github.com/walkme-community/terraform-provider-walkme/internal/sandbox"
)

func TestCheckRequests(t *testing.T) {
	env := NewEnv(t)
	if _, err := env.Client(t).CreateSegment(t.Context(), sandbox.DefaultSystemGUID, client.CreateSegmentInput{Name: "S"}); err != nil {
		t.Fatal(err)
	}
	if err := env.CheckRequests(sandbox.EndpointSegmentCreate, 1)(nil); err != nil {
		t.Error(err)
	}
	err := env.CheckRequests(sandbox.EndpointSegmentDelete, 1)(nil)
	if err == nil || !strings.Contains(err.Error(), "0 "+sandbox.EndpointSegmentDelete+" requests, want 1") {
		t.Errorf("no delete was sent, yet CheckRequests says %v", err)
	}
	env.Sandbox.ResetLog()
	if err := env.CheckRequests(sandbox.EndpointSegmentCreate, 0)(nil); err != nil {
		t.Errorf("after ResetLog: %v", err)
	}
}
