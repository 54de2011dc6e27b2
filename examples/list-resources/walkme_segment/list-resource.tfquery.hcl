# Terraform 1.14 and later, in a file named *.tfquery.hcl next to the provider block:
#
#   terraform query                                      # lists the segments
#   terraform query -generate-config-out=segments.tf     # writes import and resource blocks
#
# Then add the membership (user_ids or user_ids_file) to each generated walkme_segment
# block: WalkMe cannot return members. The first apply imports each segment and sets its
# members with one override pass, removing anyone not in the configured membership.
list "walkme_segment" "beta" {
  provider = walkme

  config {
    system_guid = "5f8c4d2a9b7e4c1d8a3f6e2b1c9d7a40" # optional when the provider sets system_guid
    name_prefix = "Beta"                             # optional: names that start with it
    # external_id = "heap-4711"                      # optional: the one with this external id
  }
}
