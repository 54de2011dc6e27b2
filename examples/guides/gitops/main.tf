terraform {
  required_providers {
    walkme = {
      source  = "walkme-community/walkme"
      version = "~> 0.1"
    }
  }

  # The state holds the integration token and everything Terraform applied (WalkMe cannot
  # return segment members or user attributes): keep it in an encrypted, access-controlled
  # backend, never in the repository.
  backend "s3" {
    bucket  = "acme-terraform-state"
    key     = "walkme/production.tfstate"
    region  = "eu-west-1"
    encrypt = true
  }
}

# WALKME_CLIENT_ID and WALKME_CLIENT_SECRET come from CI secrets, WALKME_SYSTEM_GUID from the
# CI configuration (it is not secret).
provider "walkme" {}

variable "walkme_integration_token" {
  description = "Token of the End User Update integration (CI secret TF_VAR_walkme_integration_token)."
  type        = string
  sensitive   = true
}

# Hand-curated and reviewed line by line in pull requests: inline.
resource "walkme_segment" "pilot" {
  name     = "Pilot users"
  user_ids = ["john@company.com", "melissa@company.com"]
}

# Large and generated: a nightly job exports the warehouse's churn-risk list into this file,
# one user ID per line, and opens a pull request. The plan shows how many IDs are added and
# removed; the IDs themselves never enter the state.
resource "walkme_segment" "churn_risk" {
  name          = "Churn risk"
  external_id   = "warehouse-churn-risk"
  user_ids_file = "${path.module}/segments/churn-risk.txt"
}

# Attributes exported nightly from the CRM as CSV: a header row (Email, Plan, ARR,
# RenewalDate), one user a row. The plan shows how many users are added, changed and
# forgotten; the users themselves never enter the state.
resource "walkme_user_attributes" "crm" {
  integration_token = var.walkme_integration_token
  user_id_property  = "Email"
  attribute_types = {
    Plan        = "string"
    ARR         = "number"
    RenewalDate = "date"
  }
  users_file = "${path.module}/crm/customers.csv"
}
