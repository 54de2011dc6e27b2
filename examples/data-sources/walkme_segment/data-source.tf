# Look a segment up by exactly one of name, external_id or guid. No match, or several, is
# an error that says what was searched.
data "walkme_segment" "heap_beta" {
  external_id = "heap-4711"
}

data "walkme_segment" "vip" {
  system_guid = "5f8c4d2a9b7e4c1d8a3f6e2b1c9d7a40"
  name        = "VIP customers"
}

output "heap_beta_guid" {
  value = data.walkme_segment.heap_beta.guid
}
