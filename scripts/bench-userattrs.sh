#!/usr/bin/env bash
# Times walkme_user_attributes at scale with the real Terraform CLI against the sandbox on
# loopback: a no-op `terraform plan` and the `apply` of a one-user change, for each size in
# USERS (default 1,000 to 10,000 users, 5 attributes each), beside the floor of the same
# resource with one user.
# Each figure is measured with the provider's default framework log level (DEBUG, see
# main.go) and, with MODES="default trace", with TF_LOG_SDK_FRAMEWORK=trace, the framework's
# own default, which is quadratic in the size of large values (terraform-facts.md, cause 3).
#
#   scripts/bench-userattrs.sh            # USERS="1000 2500 5000 10000" (the chart's points) RUNS=3
#   USERS=25000 RUNS=1 scripts/bench-userattrs.sh
#   PROVIDER_BIN=/path/to/terraform-provider-walkme scripts/bench-userattrs.sh   # bench that build
#   MODES="default trace" scripts/bench-userattrs.sh   # add TRACE: at 10,000 users it takes ~20 minutes
set -euo pipefail
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/bench-data.sh"
wm_require_terraform
command -v jq >/dev/null || { echo "error: jq is needed" >&2; exit 1; }

USERS="${USERS:-1000 2500 5000 10000}"
RUNS="${RUNS:-3}"
MODES="${MODES:-default}"
WORK="$(mktemp -d)"
trap 'wm_sandbox_stop "$WORK/sandbox"; rm -rf "$WORK"' EXIT

wm_bench_setup "$WORK"
wm_bench_data_start bench-userattrs
unset TF_LOG_SDK_FRAMEWORK

# write_config DIR: the resource reads its users from DIR/users.json (jsondecode keeps the
# configuration small; Terraform sees the same map as if it were written inline).
write_config() {
	cat >"$1/main.tf" <<'TF'
terraform {
  required_providers {
    walkme = { source = "walkme-community/walkme" }
  }
}
provider "walkme" {}
resource "walkme_user_attributes" "bench" {
  integration_token = "sandbox-integration-token"
  user_id_property  = "Email"
  attribute_types   = { Status = "string", ARR = "number", RenewalDate = "date", Plan = "string", "account.tier" = "string" }
  users             = jsondecode(file("${path.module}/users.json"))
}
TF
}

# write_users FILE N [STATUS]: N users with 5 attributes; the user at index min(7, N-1) gets
# STATUS (default Active), so alternating it makes a one-user change.
write_users() {
	awk -v n="$2" -v st="${3:-Active}" 'BEGIN {
		c = (n > 7) ? 7 : n - 1
		printf "{"
		for (i = 0; i < n; i++) {
			printf "%s\n\"user%06d@example.com\":{\"Status\":\"%s\",\"ARR\":\"%d\",\"RenewalDate\":\"2027-%02d-%02d\",\"Plan\":\"enterprise\",\"account.tier\":\"gold\"}", (i ? "," : ""), i, (i == c ? st : "Active"), 1000 + i, 1 + i % 12, 1 + i % 28
		}
		print "\n}"
	}' >"$1"
}

# seconds CMD...: runs CMD quietly, fails loudly, prints its wall time in seconds and, in
# brackets, the CPU seconds of Terraform and the provider (its child), which a busy machine
# inflates less than the wall time.
seconds() {
	local TIMEFORMAT='%R [cpu %U+%S]' out
	out=$({ time "$@" >"$WORK/last.log" 2>&1; } 2>&1) || { cat "$WORK/last.log" >&2; return 1; }
	awk '{ gsub(/\[cpu /, ""); gsub(/\]/, ""); split($2, c, "+"); printf "%6.2f s  (cpu %6.2f s)", $1, c[1] + c[2] }' <<<"$out"
}

pushes() { wm_sandbox_get /_sandbox/requests/counts | jq '."userdata.push" // 0'; }

# bench NAME N: create, then RUNS no-op plans and RUNS one-user changes, under each of MODES.
bench() {
	local name="$1" n="$2" dir="$WORK/$1"
	mkdir -p "$dir"
	write_config "$dir"
	write_users "$dir/users.json" "$n"
	cd "$dir"
	local mode status=Active i before sent t plans changes input=users suffix
	[ "$name" = floor ] && input=floor
	t=$(seconds terraform apply -auto-approve)
	wm_bench_record walkme_user_attributes "$name" "$input" "$n" create "${t%% s*}"
	printf '%-6s %6d users  create (apply, framework log default)    %s\n' "$name" "$n" "$t"
	for mode in $MODES; do
		local envs=()
		[ "$mode" = trace ] && envs=(TF_LOG_SDK_FRAMEWORK=trace)
		plans=() changes=() suffix=""
		[ "$mode" = trace ] && suffix=_trace
		for i in $(seq 1 "$RUNS"); do
			# -detailed-exitcode exits 2 on any change, which fails the run.
			t=$(seconds env "${envs[@]}" terraform plan -detailed-exitcode)
			plans+=("${t%% s*}")
			printf '%-6s %6d users  no-op plan      (framework log %-7s)  %s\n' "$name" "$n" "$mode" "$t"
		done
		for i in $(seq 1 "$RUNS"); do
			status=$([ "$status" = Active ] && echo Churned || echo Active)
			write_users "$dir/users.json" "$n" "$status"
			before=$(pushes)
			t=$(seconds env "${envs[@]}" terraform apply -auto-approve)
			sent=$(($(pushes) - before))
			changes+=("${t%% s*}")
			printf '%-6s %6d users  one-user change (framework log %-7s)  %s  %d request\n' "$name" "$n" "$mode" "$t" "$sent"
			[ "$sent" -eq 1 ] || { echo "error: a one-user change sent $sent requests" >&2; exit 1; }
		done
		wm_bench_record walkme_user_attributes "$name" "$input" "$n" "plan$suffix" "${plans[@]}"
		wm_bench_record walkme_user_attributes "$name" "$input" "$n" "change$suffix" "${changes[@]}"
	done
	cd - >/dev/null
}

wm_log "Floor: the same resource with one user"
bench floor 1
for n in $USERS; do
	wm_log "$n users x 5 attributes"
	bench "u$n" "$n"
done
