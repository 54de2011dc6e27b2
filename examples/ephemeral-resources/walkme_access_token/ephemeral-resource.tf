# The provider's own access token, for calling WalkMe APIs this provider does not cover.
# Ephemeral: never written to the plan or the state (Terraform 1.10 or newer).
ephemeral "walkme_access_token" "api" {}

locals {
  # Pass it where ephemeral values are accepted: another provider's configuration, a
  # write-only argument, or an ephemeral resource. For example, with the http provider:
  #   data "http" "languages" {
  #     url             = "https://api.walkme.com/public/v1/..."
  #     request_headers = { Authorization = local.walkme_authorization }
  #   }
  walkme_authorization = "Bearer ${ephemeral.walkme_access_token.api.access_token}"
}
