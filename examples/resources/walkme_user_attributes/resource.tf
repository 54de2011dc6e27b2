# Attributes pushed through an End User Update integration (Console → Data Integrations;
# older accounts: Insights → Integrations → API to WalkMe). The integration token is
# shown when the integration is created; the API key needs the End User Update API
# permission.
variable "walkme_integration_token" {
  type      = string
  sensitive = true
}

resource "walkme_user_attributes" "customers" {
  integration_token = var.walkme_integration_token
  user_id_property  = "Email" # the integration's User Identifier property

  # The integration's properties and their types. Dotted names address nested JSON.
  attribute_types = {
    Status         = "string"
    ARR            = "number"
    RenewalDate    = "date" # YYYY-MM-DD
    "account.tier" = "string"
  }

  # Values are strings in HCL and sent typed: ARR as a JSON number, RenewalDate validated.
  users = {
    "john@walkme.com" = { Status = "New", ARR = "1200", RenewalDate = "2027-01-31", "account.tier" = "gold" }
    "bill@walkme.com" = { Status = "Retired" }
  }
}
