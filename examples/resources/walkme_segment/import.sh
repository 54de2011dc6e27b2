# <system_guid>/<segment_guid>; the segment GUID with or without hyphens.
# WalkMe cannot show a segment's members, so the next apply sets them with one override pass.
terraform import walkme_segment.beta 5f8c4d2a9b7e4c1d8a3f6e2b1c9d7a40/12345aeb-123c-4d83-8b38-a5a456789d0a
