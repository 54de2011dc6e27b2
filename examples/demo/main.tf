# The demo configuration that `make demo` applies against the local WalkMe sandbox.
# Credentials and the API URL come from WALKME_* environment variables set by scripts/demo.sh.
terraform {
  required_providers {
    walkme = {
      source = "walkme-community/walkme"
    }
  }
}

provider "walkme" {}

variable "integration_token" {
  description = "End User Update integration token (the sandbox's demo integration)."
  type        = string
  sensitive   = true
  default     = "sandbox-integration-token"
}

# A hand-curated segment: membership inline.
resource "walkme_segment" "beta" {
  name        = "Beta testers"
  external_id = "heap-4711"
  user_ids    = ["john@company.com", "melissa@company.com", "bill@company.com"]
}

# A large segment: 60,001 IDs from a file, created in 3 requests of at most 25,000 IDs.
resource "walkme_segment" "customers" {
  name          = "All customers"
  user_ids_file = "${path.module}/beta-users.txt"
}

resource "walkme_user_attributes" "customers" {
  integration_token = var.integration_token
  user_id_property  = "Email"
  attribute_types = {
    Status         = "string"
    ARR            = "number"
    RenewalDate    = "date"
    "account.tier" = "string"
  }
  users = {
    "john@company.com"    = { Status = "New", ARR = "1200", RenewalDate = "2027-01-31", "account.tier" = "gold" }
    "melissa@company.com" = { Status = "Active", ARR = "56000.50" }
    "bill@company.com"    = { Status = "Retired" }
  }
}

resource "walkme_notification" "beta_welcome" {
  system_id           = "bcf4c7f5682b4aa6875a0fc9bdfa21ca"
  template_id         = "1e5afe51-2d2a-4b22-a60a-cf2d6c01d726"
  end_user_ids        = ["john@company.com", "melissa@company.com"]
  type                = "push"
  title               = "Beta programme welcome"
  runtime_title       = "Welcome to the beta"
  runtime_description = "New features are switched on for you."
  start_at            = "2027-05-10 11:30"
  end_at              = "2027-05-31"
  overrides           = { URL = "https://example.com/beta" }
  triggers            = { segment = walkme_segment.beta.guid }
}

# A lookup in WalkMe's segment list. By GUID: known at plan once the segment exists, so the
# lookup runs at plan and its output changes only when the segment does (a depends_on would
# defer it to apply whenever a segment changes, showing the output as unknown in that plan).
data "walkme_segment" "beta" {
  guid = walkme_segment.beta.guid
}

output "beta_segment_guid" {
  value = walkme_segment.beta.guid
}

output "customers_member_count" {
  value = walkme_segment.customers.member_count
}

output "beta_segment_in_walkme" {
  value = "${data.walkme_segment.beta.name} (external id ${data.walkme_segment.beta.external_id})"
}
