package provider_test

import (
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/echoprovider"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/walkme-community/terraform-provider-walkme/internal/acctest"
	"github.com/walkme-community/terraform-provider-walkme/internal/sandbox"
)

func TestAccAccessTokenEphemeralResource(t *testing.T) {
	env := acctest.NewEnv(t)
	factories := map[string]func() (tfprotov6.ProviderServer, error){
		"echo": echoprovider.NewProviderServer(),
	}
	for name, f := range acctest.ProtoV6ProviderFactories {
		factories[name] = f
	}
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_10_0)},
		ProtoV6ProviderFactories: factories,
		Steps: []resource.TestStep{{
			Config: env.Config(`
ephemeral "walkme_access_token" "t" {}

provider "echo" {
  data = ephemeral.walkme_access_token.t
}

resource "echo" "token" {}
`),
			Check: resource.ComposeAggregateTestCheckFunc(
				resource.TestCheckResourceAttrWith("echo.token", "data.expires_at", func(v string) error {
					exp, err := time.Parse(time.RFC3339, v)
					if err != nil {
						return err
					}
					if until := time.Until(exp); until < 23*time.Hour || until > 25*time.Hour {
						return fmt.Errorf("expires_at %s is not about 24 h ahead (the sandbox's token lifetime)", v)
					}
					return nil
				}),
				func(s *terraform.State) error {
					// The token works against the API, and it is the provider's one token.
					tok := s.RootModule().Resources["echo.token"].Primary.Attributes["data.access_token"]
					req, err := http.NewRequestWithContext(t.Context(), http.MethodGet,
						env.URL+"/public/v1/user/system/"+sandbox.DefaultSystemGUID+"/segment", nil)
					if err != nil {
						return err
					}
					req.Header.Set("Authorization", "Bearer "+tok)
					res, err := http.DefaultClient.Do(req)
					if err != nil {
						return err
					}
					defer res.Body.Close()
					if res.StatusCode != http.StatusOK {
						return fmt.Errorf("sandbox answered %d to the ephemeral token", res.StatusCode)
					}
					return nil
				},
			),
		}},
	})
}
