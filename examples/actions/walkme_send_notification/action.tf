# Requires Terraform 1.14 or later. With older Terraform or OpenTofu, use the
# walkme_notification resource instead.

# Send on demand, without changing anything else:
#
#   terraform apply -invoke=action.walkme_send_notification.outage
#
action "walkme_send_notification" "outage" {
  config {
    system_id           = "bcf4c7f5682b4aa6875a0fc9bdfa21ca" # needed when the account has several Workstation systems
    template_id         = "1e5afe51-2d2a-4b22-a60a-cf2d6c01d726"
    end_user_ids        = ["john@company.com", "melissa@company.com"] # at most 100
    audience_ids        = ["cf0bd4c1-86fd-4c79-a46a-c730d6789e63"]    # better beyond 10 users
    type                = "popup"                                     # "push" (WalkMe's default) or "popup"
    title               = "CRM outage"                                # shown in the Communication Center
    runtime_title       = "The CRM is down"
    runtime_description = "We are working on it. Follow the status page for updates."
    start_at            = "2027-05-10T11:30:00+03:00" # sent as "2027-05-10 08:30" (UTC)
    end_at              = "2027-05-11"                # 00:00 UTC
    overrides = {
      URL = "https://status.company.com" # fills ###URL### in the template
    }
  }
}

# Or send whenever a resource is created or changes: here, on every release.
variable "release" {
  type    = string
  default = "2027.05"
}

action "walkme_send_notification" "release" {
  config {
    template_id   = "1e5afe51-2d2a-4b22-a60a-cf2d6c01d726"
    audience_ids  = ["cf0bd4c1-86fd-4c79-a46a-c730d6789e63"]
    runtime_title = "A new release is out"
    overrides = {
      URL = "https://company.com/releases"
    }
  }
}

resource "terraform_data" "release" {
  input = var.release

  lifecycle {
    action_trigger {
      events  = [after_create, after_update]
      actions = [action.walkme_send_notification.release]
    }
  }
}
