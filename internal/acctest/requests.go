package acctest

import (
	"fmt"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
)

// CheckRequests checks how many requests to endpoint (a sandbox.Endpoint* name) the sandbox
// has logged since its log was last reset.
func (e *Env) CheckRequests(endpoint string, want int) resource.TestCheckFunc {
	return func(*terraform.State) error {
		if n := e.Sandbox.Count(endpoint); n != want {
			return fmt.Errorf("the sandbox received %d %s requests, want %d", n, endpoint, want)
		}
		return nil
	}
}
