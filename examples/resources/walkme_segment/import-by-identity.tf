# Terraform and OpenTofu 1.12 and later: name the segment by its identity. `terraform query` with a
# walkme_segment list block finds a system's segments and writes these blocks for you.
import {
  to = walkme_segment.beta
  identity = {
    system_guid  = "5f8c4d2a9b7e4c1d8a3f6e2b1c9d7a40"
    segment_guid = "12345aeb-123c-4d83-8b38-a5a456789d0a"
  }
}
