# The provider's own access token, for calling WalkMe APIs this provider does not cover.
# Ephemeral: never written to the plan or the state (Terraform 1.10 or newer).
ephemeral "walkme_access_token" "api" {}

locals {
  # An ephemeral value goes only where Terraform stores nothing: a provider block's
  # arguments, a write-only argument, another ephemeral resource, or an ephemeral output
  # of a child module. Data source and ordinary resource arguments reject it ("Invalid use
  # of ephemeral value"): data "http"'s request_headers cannot take it. For example, a
  # provider for generic REST APIs configured with the token:
  #   provider "restapi" {
  #     uri     = "https://api.walkme.com"
  #     headers = { Authorization = local.walkme_authorization }
  #   }
  walkme_authorization = "Bearer ${ephemeral.walkme_access_token.api.access_token}"
}
