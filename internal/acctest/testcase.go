package acctest

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
)

// Test runs c, a terraform-plugin-testing case, with the suite's PreCheck and the provider
// reattached from this process. A case that names its own PreCheck or providers runs
// resource.Test itself.
func Test(t *testing.T, c resource.TestCase) {
	t.Helper()
	resource.Test(t, withHarness(t, c))
}

// ParallelTest is Test, run in parallel with the package's other parallel tests.
func ParallelTest(t *testing.T, c resource.TestCase) {
	t.Helper()
	resource.ParallelTest(t, withHarness(t, c))
}

func withHarness(t *testing.T, c resource.TestCase) resource.TestCase {
	t.Helper()
	if c.PreCheck != nil || c.ProtoV6ProviderFactories != nil {
		t.Fatal("acctest.Test sets PreCheck and ProtoV6ProviderFactories; this case sets its own: call resource.Test")
	}
	c.PreCheck = func() { PreCheck(t) }
	c.ProtoV6ProviderFactories = ProtoV6ProviderFactories
	return c
}
