#!/usr/bin/env bash
# make bench: times real `terraform plan` and `apply` at scale against the sandbox.
# Each script takes its own knobs from the environment (see their headers) and writes its
# figures to docs/images/bench-*.csv (scripts/bench-data.sh); the performance guide's chart,
# docs/images/performance.svg, is then drawn from those files.
set -euo pipefail
dir="$(dirname "$0")"
bash "$dir/bench-segments.sh"
bash "$dir/bench-userattrs.sh"
source "$dir/lib.sh"
source "$dir/bench-data.sh"
wm_log "Drawing $WM_BENCH_DATA_DIR/performance.svg"
(cd "$WM_ROOT" && go run ./internal/cmd/benchchart -o "$WM_BENCH_DATA_DIR/performance.svg" "$WM_BENCH_DATA_DIR"/bench-*.csv)
