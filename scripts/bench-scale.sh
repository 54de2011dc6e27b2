#!/usr/bin/env bash
# Times walkme_user_attributes with users_file, and concurrent writes, with the real Terraform
# CLI against the sandbox on loopback (issue 11's table). Each figure is printed in seconds and
# as a ratio to the floor measured in the same run: a no-op plan of the same resource with a
# one-user file.
#
#   floor     1 user x 10 attributes (CSV): no-op plan
#   f100k     100,000 users x 10 attributes (CSV): create, no-op plan, one changed user (plan, apply)
#   slow100k  create of 100,000 users with the sandbox answering each write after DELAY (100ms),
#             at the default max_concurrent_requests (4)
#   seg1m     create of a 1,000,000-member segment (user_ids_file), DELAY per write, at
#             max_concurrent_requests 4 and 1: time spent on write requests, and the whole apply
#   f1m       1,000,000 users x 10 attributes: create, no-op plan, provider peak memory, state size
#   r100k     f100k's steps with values shaped like a CRM export's (random e-mails, amounts, dates,
#             scores), which compress far less than f100k's: what the stored form's size costs
#
#   scripts/bench-scale.sh                         # every case, RUNS=3
#   CASES="floor f100k" RUNS=5 scripts/bench-scale.sh
#   PROVIDER_BIN=/path/to/terraform-provider-walkme scripts/bench-scale.sh
set -euo pipefail
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/bench-data.sh"
wm_require_terraform
command -v jq >/dev/null || { echo "error: jq is needed" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "error: /usr/bin/time is needed (peak memory)" >&2; exit 1; }

RUNS="${RUNS:-3}"
CASES="${CASES:-floor f100k r100k slow100k seg1m f1m}"
DELAY="${DELAY:-100ms}"
WORK="$(mktemp -d)"
trap 'wm_sandbox_stop "$WORK/sandbox"; rm -rf "$WORK"' EXIT

# An integration with the 10 attributes the files carry.
cat >"$WORK/sandbox.json" <<'JSON'
{"Integrations": [{"Token": "bench-integration-token", "UserIDProperty": "Email", "Properties": {
  "Status": "string", "ARR": "number", "RenewalDate": "date", "Plan": "string", "Region": "string",
  "Seats": "number", "Tier": "string", "Owner": "string", "Segment": "string", "Score": "number"}}]}
JSON
WM_SANDBOX_ARGS="-config $WORK/sandbox.json" wm_bench_setup "$WORK"
unset TF_LOG_SDK_FRAMEWORK

# The provider runs under /usr/bin/time, which appends its peak resident set (KiB) to
# $WORK/rss.txt each time Terraform starts it.
mv "$WORK/bin/terraform-provider-walkme" "$WORK/bin/provider.real"
cat >"$WORK/bin/terraform-provider-walkme" <<SH
#!/bin/sh
exec /usr/bin/time -f %M -a -o "$WORK/rss.txt" "$WORK/bin/provider.real" "\$@"
SH
chmod +x "$WORK/bin/terraform-provider-walkme"

# users_csv N [STATUS]: N users with 10 attributes; user 7 (or the last) gets STATUS.
users_csv() {
	awk -v n="$1" -v st="${2:-Active}" 'BEGIN {
		c = (n > 7) ? 7 : n - 1
		print "Email,Status,ARR,RenewalDate,Plan,Region,Seats,Tier,Owner,Segment,Score"
		for (i = 0; i < n; i++)
			printf "user%07d@example-corp.com,%s,%d,2027-%02d-%02d,enterprise,emea,%d,gold,owner%d@example-corp.com,smb,%d.5\n",
				i, (i == c ? st : "Active"), 1000 + i, 1 + i % 12, 1 + i % 28, 1 + i % 500, i % 97, i % 100
	}'
}

# users_csv_random N [STATUS]: users_csv's columns and types, with pseudo-random values (the
# same on every run) shaped like a CRM export's: random e-mails, amounts, dates, seat counts
# and scores; statuses, plans, regions, tiers, owners and segments from short lists.
users_csv_random() {
	awk -v n="$1" -v st="${2:-Active}" 'function w(k,   s, j) { s = ""; for (j = 0; j < k; j++) s = s sprintf("%c", 97 + int(rand() * 26)); return s }
	function pick(list,   a) { split(list, a, " "); return a[1 + int(rand() * length(a))] }
	BEGIN {
		srand(11)
		c = (n > 7) ? 7 : n - 1
		print "Email,Status,ARR,RenewalDate,Plan,Region,Seats,Tier,Owner,Segment,Score"
		for (i = 0; i < n; i++) {
			status = pick("Active Active Active Trial Churned Paused")
			printf "%s.%s%d@%s.com,%s,%d,20%02d-%02d-%02d,%s,%s,%d,%s,owner%d@example-corp.com,%s,%.2f\n",
				w(5), w(7), i, w(6), (i == c ? st : status), int(rand() * 1000000), 26 + int(rand() * 4), 1 + int(rand() * 12),
				1 + int(rand() * 28), pick("free starter team business enterprise"), pick("emea amer apac latam anz india"),
				1 + int(rand() * 5000), pick("bronze silver gold platinum"), int(rand() * 100),
				pick("smb mid-market enterprise strategic public edu nonprofit startup"), rand() * 100
		}
	}'
}

write_ua_config() {
	cat >"$1/main.tf" <<'TF'
terraform {
  required_providers {
    walkme = { source = "walkme-community/walkme" }
  }
}
provider "walkme" {}
resource "walkme_user_attributes" "bench" {
  integration_token = "bench-integration-token"
  user_id_property  = "Email"
  attribute_types = {
    Status = "string", ARR = "number", RenewalDate = "date", Plan = "string", Region = "string",
    Seats = "number", Tier = "string", Owner = "string", Segment = "string", Score = "number"
  }
  users_file = "${path.module}/users.csv"
}
TF
}

count() { wm_sandbox_get /_sandbox/requests/counts | jq --arg e "$1" '.[$e] // 0'; }
delay() { # delay ENDPOINT: hold the next 100,000 requests to ENDPOINT for DELAY each
	curl -fsS -X POST "$WALKME_API_URL/_sandbox/faults" -d "{\"endpoint\":\"$1\",\"times\":100000,\"delay\":\"$DELAY\"}" >/dev/null
}
nodelay() { curl -fsS -X DELETE "$WALKME_API_URL/_sandbox/faults" >/dev/null; }
peak_mib() { sort -n "$WORK/rss.txt" | tail -1 | awk '{ printf "%.0f", $1 / 1024 }'; }
noop_plans() { # median of RUNS no-op plans; -detailed-exitcode fails the run on any change
	local p=()
	for _ in $(seq 1 "$RUNS"); do p+=("$(wm_bench_seconds terraform plan -detailed-exitcode)"); done
	wm_bench_median "${p[@]}"
}
ratio() { awk -v a="$1" -v b="$FLOOR" 'BEGIN { if (b > 0) printf "%.2f", a / b; else printf "-" }'; }

declare -a ROWS
row() { ROWS+=("$(printf '| %s | %s | %s | %s |' "$1" "$2" "$3" "$4")"); wm_log "$1: $3"; }
FLOOR=0

for c in $CASES; do
	dir="$WORK/$c"
	mkdir -p "$dir"
	cd "$dir"
	case "$c" in
	floor)
		write_ua_config "$dir"
		users_csv 1 >users.csv
		wm_bench_seconds terraform apply -auto-approve >/dev/null
		FLOOR=$(noop_plans)
		row "floor: 1 user × 10 attributes, users_file" "no-op plan" "$FLOOR s (1.00× floor)" "—"
		;;
	f100k | r100k)
		gen=users_csv label="100,000 users × 10 attributes, CSV"
		[ "$c" = r100k ] && gen=users_csv_random label="100,000 users × 10 attributes, export-like values, CSV"
		write_ua_config "$dir"
		"$gen" 100000 >users.csv
		before=$(count userdata.push)
		t=$(wm_bench_seconds terraform apply -auto-approve)
		row "$label" "create (apply, $(($(count userdata.push) - before)) requests)" "$t s" "—"
		p=$(noop_plans)
		row "$label" "no-op plan; state file $(du -k terraform.tfstate | cut -f1) KB" "$p s ($(ratio "$p")× floor)" "$([ "$c" = f100k ] && echo "≤ 2× floor" || echo —)"
		plans=() applies=() status=Active
		for _ in $(seq 1 "$RUNS"); do
			status=$([ "$status" = Active ] && echo Churned || echo Active)
			"$gen" 100000 "$status" >users.csv
			plans+=("$(wm_bench_seconds terraform plan)")
			before=$(count userdata.push)
			applies+=("$(wm_bench_seconds terraform apply -auto-approve)")
			sent=$(($(count userdata.push) - before))
			[ "$sent" -eq 1 ] || { echo "error: a one-user change sent $sent requests" >&2; exit 1; }
		done
		p=$(wm_bench_median "${plans[@]}")
		a=$(wm_bench_median "${applies[@]}")
		row "$label, one user changed" "plan" "$p s ($(ratio "$p")× floor)" "$([ "$c" = f100k ] && echo "≤ 2.5× floor" || echo —)"
		row "$label, one user changed" "apply (1 request)" "$a s ($(ratio "$a")× floor)" "$([ "$c" = f100k ] && echo "≤ 3× floor" || echo —)"
		;;
	slow100k)
		write_ua_config "$dir"
		users_csv 100000 >users.csv
		delay userdata.push
		before=$(count userdata.push)
		t=$(wm_bench_seconds terraform apply -auto-approve)
		sent=$(($(count userdata.push) - before))
		nodelay
		row "create, 100,000 users, sandbox answers each write after $DELAY" "apply, max_concurrent_requests = 4 ($sent requests)" "$t s" "≤ 30 s"
		;;
	seg1m)
		awk 'BEGIN { for (i = 0; i < 1000000; i++) printf "member%07d@example-corp.com\n", (i * 7919) % 1000000 }' >members.txt
		for conc in 4 1; do
			mkdir -p "c$conc" && cd "c$conc"
			cat >main.tf <<TF
terraform {
  required_providers {
    walkme = { source = "walkme-community/walkme" }
  }
}
provider "walkme" { max_concurrent_requests = $conc }
resource "walkme_segment" "bench" {
  name          = "bench-seg1m-c$conc"
  user_ids_file = "$dir/members.txt"
}
TF
			delay segment.create
			delay segment.update
			before=$(($(count segment.create) + $(count segment.update)))
			t=$(wm_bench_seconds terraform apply -auto-approve)
			n=$(($(count segment.create) + $(count segment.update) - before))
			nodelay
			# Time spent on writes: from the first write's arrival to the last one's, plus the
			# last one's DELAY (the sandbox's own work is milliseconds).
			w=$(wm_sandbox_get /_sandbox/requests | jq -r --argjson n "$n" --arg d "$DELAY" '
				def secs: (sub("\\.[0-9]+"; "") | sub("Z$"; "") | sub("[+-][0-9:]+$"; "") + "Z" | fromdate)
					+ ((capture("\\.(?<f>[0-9]+)").f // "0") | ("0." + .) | tonumber);
				[.[] | select(.endpoint == "segment.create" or .endpoint == "segment.update")] | .[-$n:]
				| (map(.time | secs) | max - min) + ($d | sub("ms$"; "") | tonumber / 1000) | . * 100 | round / 100')
			eval "WRITE$conc=$w APPLY$conc=$t"
			row "create, 1,000,000-member segment file, $DELAY per write" "apply, max_concurrent_requests = $conc ($n requests)" "writes $w s, whole apply $t s" "$([ "$conc" = 4 ] && echo "writes ≥ 3× faster than with 1" || echo "—")"
			wm_bench_seconds terraform destroy -auto-approve >/dev/null
			cd ..
		done
		row "segment: writes at 1 / writes at 4" "speed-up" "$(awk -v a="$WRITE1" -v b="$WRITE4" 'BEGIN { printf "%.2f×", a / b }')" "≥ 3×"
		;;
	f1m)
		write_ua_config "$dir"
		users_csv 1000000 >users.csv
		: >"$WORK/rss.txt"
		before=$(count userdata.push)
		t=$(wm_bench_seconds terraform apply -auto-approve)
		row "1,000,000 users × 10 attributes, CSV ($(du -m users.csv | cut -f1) MB)" "create (apply, $(($(count userdata.push) - before)) requests)" "$t s" "—"
		p=$(noop_plans)
		row "1,000,000 users × 10 attributes" "no-op plan" "$p s ($(ratio "$p")× floor)" "≤ 5 s"
		row "1,000,000 users × 10 attributes" "provider peak memory (create and plans)" "$(peak_mib) MiB; state file $(du -m terraform.tfstate | cut -f1) MB" "≤ 1.5 GiB"
		;;
	*) echo "unknown case $c" >&2; exit 1 ;;
	esac
	cd - >/dev/null
done

echo
echo "| Case | Command | Measured | Target |"
echo "|---|---|---|---|"
printf '%s\n' "${ROWS[@]}"
