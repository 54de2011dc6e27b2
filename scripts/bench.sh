#!/usr/bin/env bash
# make bench: times real `terraform plan` and `apply` at scale against the sandbox.
# Each script takes its own knobs from the environment (see their headers).
set -euo pipefail
dir="$(dirname "$0")"
bash "$dir/bench-segments.sh"
bash "$dir/bench-userattrs.sh"
bash "$dir/bench-scale.sh"
