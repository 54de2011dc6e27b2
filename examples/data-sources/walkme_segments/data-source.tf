# Every segment of a system (the provider's system_guid when none is given).
data "walkme_segments" "all" {}

output "segment_names" {
  value = [for s in data.walkme_segments.all.segments : s.name]
}
