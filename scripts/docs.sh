#!/usr/bin/env bash
# make docs: regenerate docs/ from templates/, examples/ and the provider's own schema.
# make docs-check (--check): fail when docs/ differs from what `make docs` would write, without
# touching the work tree.
#
# Both also check what the docs show: tfplugindocs validate, terraform fmt over examples/,
# an example and a page for every resource, data source, action and list resource, links
# between pages, and `terraform validate` of every example directory against the provider
# built from this tree (offline: dev_overrides).
#
# This script runs the programs; the checks that need none are internal/cmd/docscheck's,
# with unit tests (go test ./internal/cmd/docscheck).
#
# The schema is what `terraform providers schema -json` shows, read from the newest Terraform
# (scripts/clis.sh builds it once, then reuses it): only Terraform 1.14 and later show actions
# and list resources, and tfplugindocs silently drops pages it has no schema for. Nothing is
# downloaded (never pass --tf-version).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$WM_ROOT"

check=false
case "${1:-}" in
--check) check=true ;;
"") ;;
*)
	echo "usage: $0 [--check]" >&2
	exit 2
	;;
esac

# The docs to check; tests point it at a deliberately stale copy.
docs_dir="${WM_DOCS_DIR:-docs}"

fail() {
	echo "error: $*" >&2
	exit 1
}

# Problems that do not stop generation: `make docs` still writes docs/, then fails.
problems=0
problem() {
	echo "error: $*" >&2
	problems=$((problems + 1))
}
# docscheck CHECK ARGS...: runs a check of internal/cmd/docscheck, which prints each problem
# and their number.
docscheck() {
	local n
	n="$("$work/docscheck" "$@")" || fail "docscheck $1 could not check"
	problems=$((problems + n))
}

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# Terraform reads no user settings and never looks for updates.
export TF_CLI_CONFIG_FILE="$work/terraform.rc" CHECKPOINT_DISABLE=1 TF_IN_AUTOMATION=1 TF_INPUT=0
wm_cli_config_empty "$TF_CLI_CONFIG_FILE"

wm_log "The newest Terraform, whose schema output shows actions and list resources"
bash scripts/clis.sh terraform
tf="$(bash scripts/clis.sh --path terraform)"
# tfplugindocs runs `go build`; terraform below runs the built provider.
terraform() { "$tf" "$@"; }

wm_log "terraform providers schema -json, with the provider built from this tree"
wm_build_provider "$work/bin"
go build -o "$work/docscheck" ./internal/cmd/docscheck
# A -plugin-dir tree under the implied address, where tfplugindocs looks for the provider.
plugin="$work/plugins/registry.terraform.io/hashicorp/walkme/0.0.1/$WM_OS_ARCH"
mkdir -p "$plugin" "$work/schema"
cp "$work/bin/terraform-provider-walkme" "$plugin/terraform-provider-walkme_v0.0.1"
printf 'provider "walkme" {}\n' >"$work/schema/main.tf"
(cd "$work/schema" && terraform init -input=false -no-color -plugin-dir="$work/plugins" >"$work/init.log" 2>&1) || {
	cat "$work/init.log" >&2
	fail "terraform init of the schema directory failed"
}
(cd "$work/schema" && terraform providers schema -json) >"$work/schema.json"

wm_log "Checking examples: terraform fmt, one example per documented object"
terraform fmt -check -recursive -diff examples/ ||
	problem "examples/ are not formatted: run terraform fmt -recursive examples/ (or make fmt)"
# A schema without actions stops the script here: tfplugindocs would drop their pages.
docscheck examples "$work/schema.json" .

if $check; then
	# Generate into a copy so that the work tree is never modified.
	tree="$work/tree"
	mkdir -p "$tree/docs"
	cp -R templates examples "$tree/"
	if [ -d "$docs_dir" ]; then cp -R "$docs_dir/." "$tree/docs/"; fi
else
	tree="$WM_ROOT"
fi

wm_log "tfplugindocs generate"
if ! go tool tfplugindocs generate --provider-dir "$tree" --providers-schema "$work/schema.json" \
	--provider-name walkme --rendered-provider-name WalkMe >"$work/generate.log" 2>&1; then
	cat "$work/generate.log" >&2
	fail "tfplugindocs generate failed"
fi
# A template whose resource does not exist is rendered without its schema: misnamed or stale.
if grep -i "does not exist" "$work/generate.log" >&2; then
	fail "templates/ has a page for something the provider does not register"
fi

wm_log "tfplugindocs validate"
if ! go tool tfplugindocs validate --provider-dir "$tree" --providers-schema "$work/schema.json" \
	--provider-name walkme >"$work/validate.log" 2>&1; then
	cat "$work/validate.log" >&2
	fail "tfplugindocs validate failed"
fi

# Every registered object has its page (tfplugindocs drops pages it has no schema for), and
# every link to a page by its registry address names one that exists.
docscheck pages "$work/schema.json" "$tree"
if $check; then
	docscheck stale "$docs_dir" "$tree/docs"
fi

wm_log "terraform validate of every example directory"
wm_cli_config_dev_overrides "$work/dev.tfrc" "$work/bin"
# Copies of the example directories, with the provider's source where a snippet leaves it
# out, and a local backend (see internal/cmd/docscheck/stage.go).
"$work/docscheck" stage . "$work/validate" >"$work/examples.txt"
while read -r dir flags; do
	# With dev_overrides, `terraform init` would query the registry; validate needs no init.
	# shellcheck disable=SC2086 # flags is empty or -query
	if ! (cd "$work/validate/$dir" && TF_CLI_CONFIG_FILE="$work/dev.tfrc" terraform validate -no-color $flags >"$work/validate-tf.log" 2>&1); then
		cat "$work/validate-tf.log" >&2
		problem "terraform validate failed in $dir"
	fi
done <"$work/examples.txt"

if [ "$problems" -gt 0 ]; then
	$check || echo "docs/ was regenerated, but:" >&2
	fail "$problems problem(s) above"
fi
if $check; then
	wm_log "docs/ is up to date"
else
	wm_log "docs/ regenerated"
fi
