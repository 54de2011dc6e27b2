#!/usr/bin/env bash
# Times walkme_segment at scale with the real Terraform CLI against the sandbox on loopback:
# the create (`terraform apply`) and a no-op `terraform plan` after it, for
#   floor    1 inline user ID (the trivial resource every figure is compared with)
#   inline   1,000 inline user_ids
#   file25k  25,000 / file100k 100,000 / file1m 1,000,000 IDs in a user_ids_file
# and prints each median with its ratio to the floor, beside the targets of the performance
# guide (set when the floor measured 0.34 s). It also counts the segment
# write requests of each create (ceil(N / 25,000)).
#
#   scripts/bench-segments.sh                 # RUNS=3 no-op plans per case
#   RUNS=5 CASES="floor file1m" scripts/bench-segments.sh
#   IDS=random scripts/bench-segments.sh      # incompressible IDs (see ids below)
#   PROVIDER_BIN=/path/to/terraform-provider-walkme scripts/bench-segments.sh
#
# Framework logging stays at the provider's default (DEBUG, see main.go) unless
# TF_LOG_SDK_FRAMEWORK is set.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/bench-data.sh"
wm_require_terraform
command -v jq >/dev/null || { echo "error: jq is needed" >&2; exit 1; }

RUNS="${RUNS:-3}"
CASES="${CASES:-floor inline file25k file100k file1m}"
WORK="$(mktemp -d)"
trap 'wm_sandbox_stop "$WORK/sandbox"; rm -rf "$WORK"' EXIT

wm_bench_setup "$WORK"
wm_bench_data_start bench-segments

# ids N: N distinct IDs, one per line, in no particular order (the provider sorts them).
#   IDS=names (default): first.last@example-corp.com from random syllables, like a
#     company's addresses (about 25 characters).
#   IDS=random: about 35 characters of random letters and digits per address, which
#     compress about as badly as IDs can: the worst case for the size of the state.
#   IDS=counter: member0000042@example-company.com and so on, which compress to almost
#     nothing (like the IDs of the state-only prototype measured in DESIGN.md).
ids() {
	awk -v n="$1" -v kind="${IDS:-names}" 'BEGIN {
		srand(42)
		split("ka lo mi ne ru sa ti vo an be da el fi go ha is ja ke li ma no or pa qu re si ta ul va wi xa yo za ber con del fan gur hol jen", syl, " ")
		split("company.com walkme.com example.org corp.example.net subsidiary.co.uk", dom, " ")
		for (i = 0; i < n; i++) {
			if (kind == "counter") { printf "member%07d@example-company.com\n", (i * 7919) % n; continue }
			if (kind == "random") {
				s = ""
				for (k = 5 + int(rand() * 6); k > 0; k--) s = s sprintf("%c", 97 + int(rand() * 26))
				s = s "."
				for (k = 4 + int(rand() * 7); k > 0; k--) s = s sprintf("%c", 97 + int(rand() * 26))
				printf "%s%d@%s\n", s, i, dom[1 + int(rand() * 5)]
				continue
			}
			do {
				s = syl[1 + int(rand() * 40)] syl[1 + int(rand() * 40)] "." syl[1 + int(rand() * 40)] syl[1 + int(rand() * 40)] syl[1 + int(rand() * 40)]
			} while (s in seen)
			seen[s] = 1
			printf "%s@example-corp.com\n", s
		}
	}'
}

# write_config DIR NAME MEMBERS: MEMBERS is an HCL expression for the membership attribute.
write_config() {
	cat >"$1/main.tf" <<TF
terraform {
  required_providers {
    walkme = { source = "walkme-community/walkme" }
  }
}
provider "walkme" {}
resource "walkme_segment" "bench" {
  name = "$2"
  $3
}
TF
}

writes() { wm_sandbox_get /_sandbox/requests/counts | jq '."segment.create" + ."segment.update"'; }

declare -A N=([floor]=1 [inline]=1000 [file25k]=25000 [file100k]=100000 [file1m]=1000000)
declare -A PLAN_TARGET=([floor]=0.34 [inline]=1.5 [file25k]=0.6 [file100k]=0.8 [file1m]=3.0)
declare -A CREATE_TARGET=([floor]=- [inline]=5 [file25k]=- [file100k]=- [file1m]=-)
declare -A PLAN CREATE REQS STATE

for c in $CASES; do
	n="${N[$c]:?unknown case $c}"
	dir="$WORK/$c"
	mkdir -p "$dir"
	if [ "$c" = floor ] || [ "$c" = inline ]; then
		members="user_ids = [$(ids "$n" | awk '{ printf "%s\"%s\"", (NR > 1 ? ", " : ""), $0 }')]"
	else
		ids "$n" >"$dir/members.txt"
		members='user_ids_file = "${path.module}/members.txt"'
	fi
	write_config "$dir" "bench-$c" "$members"
	cd "$dir"
	before=$(writes)
	CREATE[$c]=$(wm_bench_seconds terraform apply -auto-approve)
	REQS[$c]=$(($(writes) - before))
	STATE[$c]=$(awk -v b="$(wc -c <terraform.tfstate)" 'BEGIN { printf "%.0f", b / 1024 }')
	plans=()
	for _ in $(seq 1 "$RUNS"); do
		# -detailed-exitcode exits 2 on any change, which fails the run: the plan must be empty.
		plans+=("$(wm_bench_seconds terraform plan -detailed-exitcode)")
	done
	PLAN[$c]=$(wm_bench_median "${plans[@]}")
	input=user_ids_file
	case "$c" in floor) input=floor ;; inline) input=user_ids ;; esac
	wm_bench_record walkme_segment "$c" "$input" "$n" plan "${plans[@]}"
	wm_bench_record walkme_segment "$c" "$input" "$n" create "${CREATE[$c]}"
	wm_log "$c: $n IDs  create ${CREATE[$c]} s (${REQS[$c]} write requests, state ${STATE[$c]} KiB)  no-op plans ${plans[*]} s"
	wm_bench_seconds terraform destroy -auto-approve >/dev/null
	cd - >/dev/null
done

floor="${PLAN[floor]:-}"
echo
printf '%-9s %9s %15s %10s %15s %12s %14s %11s\n' case user_ids "no-op plan (s)" "x floor" "target (s)" "create (s)" "write requests" "state (KiB)"
for c in $CASES; do
	ratio=-
	[ -n "$floor" ] && ratio=$(awk -v a="${PLAN[$c]}" -v b="$floor" 'BEGIN { printf "%.2f", a / b }')
	target="${PLAN_TARGET[$c]} (x$(awk -v a="${PLAN_TARGET[$c]}" 'BEGIN { printf "%.2f", a / 0.34 }'))"
	create="${CREATE[$c]}"
	[ "${CREATE_TARGET[$c]}" != - ] && create="$create (≤ ${CREATE_TARGET[$c]})"
	printf '%-9s %9d %15s %10s %15s %12s %14s %11s\n' "$c" "${N[$c]}" "${PLAN[$c]}" "$ratio" "$target" "$create" "${REQS[$c]}" "${STATE[$c]}"
done
