# Sends a Workstation notification when created, and again when `triggers` or any other
# argument changes. A plan without changes sends nothing; destroy sends nothing.
# For Terraform 1.14 or later, the walkme_send_notification action sends on demand.
variable "maintenance_window" {
  type    = string
  default = "2027-05-10"
}

resource "walkme_notification" "maintenance" {
  system_id           = "bcf4c7f5682b4aa6875a0fc9bdfa21ca" # needed when the account has several Workstation systems
  template_id         = "1e5afe51-2d2a-4b22-a60a-cf2d6c01d726"
  end_user_ids        = ["john@company.com", "melissa@company.com"] # at most 100
  audience_ids        = ["cf0bd4c1-86fd-4c79-a46a-c730d6789e63"]    # better beyond 10 users
  type                = "push"                                      # or "popup", in lower case
  title               = "Maintenance ${var.maintenance_window}"
  runtime_title       = "Planned maintenance"
  runtime_description = "The CRM is read-only from 20:00 to 22:00 UTC."
  start_at            = "${var.maintenance_window} 08:00" # YYYY-MM-DD hh:mm in UTC
  end_at              = "${var.maintenance_window}T22:00:00Z"
  overrides = {
    URL = "https://status.company.com/maintenance" # fills ###URL### in the template
  }

  # Change a value here to send the same notification again.
  triggers = {
    window = var.maintenance_window
  }
}
