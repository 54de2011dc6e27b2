# shellcheck shell=bash
# Where make bench writes its figures as data, for the performance guide's chart
# (internal/cmd/benchchart draws docs/images/performance.svg from these files).
# Source it after lib.sh. Each bench script owns one CSV file and rewrites it whole on
# every run, so commit the files of a full run (default knobs), never of a partial one.
#
# Columns (one row per measured figure; a new bench adds rows, never columns):
#   resource  the Terraform resource type, e.g. walkme_segment (one chart panel each)
#   case      the bench script's own name for the configuration, e.g. file1m
#   input     the attribute that carries the data: user_ids, user_ids_file, users, ...,
#             or floor for the trivial one-element configuration every figure is compared with
#   n         how many user IDs or users the configuration holds
#   command   plan (a no-op terraform plan), create (terraform apply) or change (an apply of
#             a one-element change)
#   seconds   the median wall time of the command, in seconds
#   cli       the CLI that ran it, e.g. "terraform 1.11.4"
#
#   BENCH_DATA_DIR=/tmp/x scripts/bench-segments.sh   # write the data elsewhere

WM_BENCH_DATA_DIR="${BENCH_DATA_DIR:-$WM_ROOT/docs/images}"
WM_BENCH_HEADER="resource,case,input,n,command,seconds,cli"

# wm_bench_data_start NAME: starts (truncates) this script's data file, NAME.csv.
wm_bench_data_start() {
	mkdir -p "$WM_BENCH_DATA_DIR"
	WM_BENCH_DATA_FILE="$WM_BENCH_DATA_DIR/$1.csv"
	echo "$WM_BENCH_HEADER" >"$WM_BENCH_DATA_FILE"
	WM_BENCH_CLI="$(terraform version -json | jq -r '"terraform " + .terraform_version')"
}

# wm_bench_seconds CMD...: runs CMD quietly (its output in $WORK/last.log), fails loudly, and
# prints its wall time in seconds.
wm_bench_seconds() {
	local start=$EPOCHREALTIME
	"$@" >"$WORK/last.log" 2>&1 || { cat "$WORK/last.log" >&2; return 1; }
	awk -v a="$start" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.2f", b - a }'
}

# wm_bench_median SECONDS...: the median of the arguments, with two decimals.
wm_bench_median() {
	printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END { printf "%.2f", (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# wm_bench_record RESOURCE CASE INPUT N COMMAND SECONDS...: appends one row; with several
# SECONDS (one per run), their median.
wm_bench_record() {
	local resource="$1" case="$2" input="$3" n="$4" command="$5"
	shift 5
	printf '%s,%s,%s,%d,%s,%s,%s\n' "$resource" "$case" "$input" "$n" "$command" \
		"$(wm_bench_median "$@")" "$WM_BENCH_CLI" >>"$WM_BENCH_DATA_FILE"
}
