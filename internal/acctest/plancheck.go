package acctest

import (
	"context"

	"github.com/hashicorp/terraform-plugin-testing/plancheck"
)

// PlanCheckFunc is a plan check made of a function: for what plancheck has no check for,
// or for what a test does between the plan and the apply (rewrite a file the apply reads).
type PlanCheckFunc func(plancheck.CheckPlanRequest) error

// CheckPlan implements plancheck.PlanCheck.
func (f PlanCheckFunc) CheckPlan(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	resp.Error = f(req)
}

// BetweenPlanAndApply is a plan check that runs do and always passes.
func BetweenPlanAndApply(do func()) plancheck.PlanCheck {
	return PlanCheckFunc(func(plancheck.CheckPlanRequest) error {
		do()
		return nil
	})
}
