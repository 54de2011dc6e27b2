# A hand-curated segment: membership inline. Order and repeats never cause a diff.
resource "walkme_segment" "beta" {
  name        = "Beta testers"
  external_id = "heap-4711" # optional: the segment's id in the system it comes from
  user_ids = [
    "john@company.com",
    "melissa@company.com",
  ]
}

# A large segment: one user ID per line, exported by your CRM or data warehouse.
# Order, blank lines, surrounding spaces, CRLF and repeated IDs never cause a diff (the plan
# warns about repeats). Up to 1,000,000 members plan in seconds; the plan shows how many
# IDs this change adds and removes (and which, while few) in membership_change.
resource "walkme_segment" "churn_risk" {
  system_guid   = "5f8c4d2a9b7e4c1d8a3f6e2b1c9d7a40" # optional when the provider sets system_guid
  name          = "Churn risk"
  user_ids_file = "${path.module}/segments/churn-risk.txt"
}

# In the Editor, the segment appears about 10 minutes after creation under
# User attributes → External segment → <name> → Is → "true".
output "churn_risk_members" {
  value = walkme_segment.churn_risk.member_count
}
