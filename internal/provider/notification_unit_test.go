package provider

import (
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// The plan's "Applying sends a notification" warning names the runtime title and the
// recipients, and says so when they are known only at apply.
func TestNotificationSendsSummary(t *testing.T) {
	list := func(n int) types.List {
		elems := make([]attr.Value, n)
		for i := range elems {
			elems[i] = types.StringValue("u")
		}
		return types.ListValueMust(types.StringType, elems)
	}
	c := notificationConfigModel{
		TemplateID: types.StringValue("t1"), RuntimeTitle: types.StringValue("Down tonight"),
		EndUserIDs: list(3), AudienceIDs: list(1),
	}
	if got := c.sendsSummary(); !strings.Contains(got, `sends the Workstation notification "Down tonight" to 3 end users and 1 audience (template t1)`) {
		t.Errorf("known: %s", got)
	}
	c.RuntimeTitle, c.AudienceIDs = types.StringNull(), types.ListNull(types.StringType)
	if got := c.sendsSummary(); !strings.Contains(got, "(no runtime_title: the template's) to 3 end users (") {
		t.Errorf("no title: %s", got)
	}
	c.RuntimeTitle, c.EndUserIDs = types.StringUnknown(), types.ListUnknown(types.StringType)
	if got := c.sendsSummary(); !strings.Contains(got, "(runtime_title known at apply) to recipients known only at apply") {
		t.Errorf("unknown: %s", got)
	}
}
