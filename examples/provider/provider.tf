terraform {
  required_providers {
    walkme = {
      source  = "walkme-community/walkme"
      version = "~> 0.1"
    }
  }
}

# Credentials come from an API key made in WalkMe's Admin Center (API Keys tab). Keep them
# out of the configuration: set WALKME_CLIENT_ID and WALKME_CLIENT_SECRET in the
# environment (for example from CI secrets), or pass them in as sensitive variables.
provider "walkme" {
  client_id     = var.walkme_client_id
  client_secret = var.walkme_client_secret

  # The system that walkme_segment and the segment data sources use when they do not name
  # one: the GUID in your snippet URL, https://cdn.walkme.com/users/<SYSTEM GUID>/...
  system_guid = "5f8c4d2a9b7e4c1d8a3f6e2b1c9d7a40"

  # Accounts in another WalkMe data centre set their API host here (or WALKME_API_URL).
  # api_url = "https://api.walkme.com"
}

variable "walkme_client_id" {
  description = "Client ID of the WalkMe API key."
  type        = string
}

variable "walkme_client_secret" {
  description = "Client secret of the WalkMe API key."
  type        = string
  sensitive   = true
}
