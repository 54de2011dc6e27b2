#!/usr/bin/env bash
# make testacc: the acceptance suite on each CLI the provider supports (scripts/cli-versions.env):
#
#   oldest  the Terraform on PATH (the oldest supported, TERRAFORM_OLDEST_VERSION): every package
#   newest  Terraform TERRAFORM_VERSION, built by scripts/clis.sh: the acceptance packages, and
#           no test may skip (WALKME_ACC_REQUIRE_ALL=1 turns a feature gate into a failure)
#   tofu    OpenTofu OPENTOFU_VERSION, built by scripts/clis.sh: the acceptance packages; the
#           tests of what OpenTofu lacks (actions, terraform query) skip, each saying why
#
#   scripts/testacc.sh [oldest|newest|tofu]...   (default: all three)
#
# A missing CLI fails the run; nothing is skipped silently. Each run's verbose log is kept in
# $WALKME_ACC_LOG_DIR (default: a temporary directory); the summary names every skipped test
# and its reason.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
# shellcheck source=cli-versions.env
source "$here/cli-versions.env"
cd "$root"

timeout="${GO_TEST_TIMEOUT:-20m}"
logs="${WALKME_ACC_LOG_DIR:-$(mktemp -d)}"
mkdir -p "$logs"

log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
die() {
	printf 'error: %s\n' "$*" >&2
	exit 1
}

# cli_name BINARY: "Terraform v1.16.4" or "OpenTofu v1.12.6" (OpenTofu may print warnings first).
cli_name() {
	"$1" version 2>/dev/null | grep -m 1 -E '^(Terraform|OpenTofu) v' || true
}

# The packages whose tests run a CLI: those that import the acceptance harness.
acc_packages() {
	go list -f '{{.ImportPath}} {{join .TestImports " "}} {{join .XTestImports " "}}' ./... |
		awk '{ for (i = 2; i <= NF; i++) if ($i ~ /\/internal\/acctest$/) { print $1; break } }'
}

summary=()
failed=()
total_pass=0 total_fail=0 total_skip=0

# run NAME BINARY NO_SKIP PACKAGES...
run() {
	local name="$1" bin="$2" no_skip="$3"
	shift 3
	local ver out="$logs/testacc-$name.log" start=$SECONDS rc=0
	ver="$(cli_name "$bin")"
	log "acceptance tests on $ver ($bin); log: $out"
	TF_ACC=1 TF_ACC_TERRAFORM_PATH="$bin" WALKME_ACC_REQUIRE_ALL="$no_skip" \
		go test -count=1 -v -timeout "$timeout" "$@" >"$out" 2>&1 || rc=$?
	local secs=$((SECONDS - start)) pass fail skip
	pass="$(grep -cE '^--- PASS' "$out" || true)"
	fail="$(grep -cE '^--- FAIL' "$out" || true)"
	skip="$(grep -cE '^--- SKIP' "$out" || true)"
	grep -E '^(ok|FAIL|---)[[:space:]]' "$out" | grep -vE '^--- PASS' || true
	if [ "$skip" -gt 0 ]; then
		log "skipped on $ver, with the reason each test gave:"
		grep -B1 -E '^--- SKIP' "$out" | grep -vE '^--$' >&2
	fi
	total_pass=$((total_pass + pass)) total_fail=$((total_fail + fail)) total_skip=$((total_skip + skip))
	summary+=("$(printf '%-40s %4d passed, %d failed, %d skipped  (%d s)' "$ver" "$pass" "$fail" "$skip" "$secs")")
	if [ "$rc" -ne 0 ]; then
		grep -B2 -A40 -E '^\s*--- FAIL' "$out" | head -n 400 >&2 || true
		failed+=("$ver: go test failed (exit $rc); full log $out")
	elif [ "$no_skip" = 1 ] && [ "$skip" -gt 0 ]; then
		failed+=("$ver: $skip test(s) skipped; nothing may skip on the newest Terraform")
	fi
}

targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(oldest newest tofu)
mapfile -t acc < <(acc_packages)
[ ${#acc[@]} -gt 0 ] || die "no package imports internal/acctest"

for t in "${targets[@]}"; do
	case "$t" in
	oldest)
		bin="$(command -v terraform)" ||
			die "terraform not found on PATH: the oldest supported Terraform ($TERRAFORM_OLDEST_VERSION) runs the suite"
		got="$(cli_name "$bin")"
		if [ "$got" != "Terraform v$TERRAFORM_OLDEST_VERSION" ]; then
			log "warning: the Terraform on PATH is \"$got\", not the oldest supported v$TERRAFORM_OLDEST_VERSION"
		fi
		run oldest "$bin" 0 ./...
		;;
	newest)
		bin="$(bash "$here/clis.sh" --path terraform)" # fails when not built
		run newest "$bin" 1 "${acc[@]}"
		;;
	tofu)
		bin="$(bash "$here/clis.sh" --path tofu)"
		run tofu "$bin" 0 "${acc[@]}"
		;;
	*) die "unknown target \"$t\": expected oldest, newest or tofu" ;;
	esac
done

log "acceptance summary"
printf '%s\n' "${summary[@]}"
# The plain closing line CI reads: every CLI's tests added up.
printf 'acceptance: %d passed, %d failed, %d skipped\n' "$total_pass" "$total_fail" "$total_skip"
if [ ${#failed[@]} -gt 0 ]; then
	printf 'error: %s\n' "${failed[@]}" >&2
	exit 1
fi
