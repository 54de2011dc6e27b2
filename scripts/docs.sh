#!/usr/bin/env bash
# make docs: regenerate docs/ from templates/, examples/ and the provider's own schema.
# make docs-check (--check): fail when docs/ differs from what `make docs` would write, without
# touching the work tree.
#
# Both also check what the docs show: tfplugindocs validate, terraform fmt over examples/,
# an example for every resource, data source and action, and `terraform validate` of every
# example directory against the provider built from this tree (offline: dev_overrides).
#
# The schema comes from the provider server in-process (internal/cmd/providerschema), not
# from `terraform providers schema -json`: Terraform 1.11 shows no actions, and tfplugindocs
# would silently drop their pages. Nothing is downloaded (never pass --tf-version).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
wm_require_terraform
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

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# Terraform reads no user settings and never looks for updates.
export TF_CLI_CONFIG_FILE="$work/terraform.rc" CHECKPOINT_DISABLE=1 TF_IN_AUTOMATION=1 TF_INPUT=0
wm_cli_config_empty "$TF_CLI_CONFIG_FILE"

wm_log "Building the schema exporter and the provider"
go build -o "$work/bin/providerschema" ./internal/cmd/providerschema
wm_build_provider "$work/bin"

# tfplugindocs finds the provider in the JSON under its short name.
"$work/bin/providerschema" -provider-key walkme -o "$work/schema.json"
"$work/bin/providerschema" -list >"$work/objects.txt"

wm_log "Checking examples: terraform fmt, one example per documented object"
terraform fmt -check -recursive -diff examples/ ||
	problem "examples/ are not formatted: run terraform fmt -recursive examples/ (or make fmt)"
while read -r kind name; do
	case "$kind" in
	resources) want="resource" ;;
	data-sources) want="data-source" ;;
	ephemeral-resources) want="ephemeral-resource" ;;
	actions) want="action" ;;
	functions) want="function" ;;
	esac
	if ! compgen -G "examples/$kind/$name/$want*.tf" >/dev/null; then
		problem "$name has no example: write examples/$kind/$name/$want.tf"
	fi
done <"$work/objects.txt"

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

# Every registered object has its page (tfplugindocs drops pages it has no schema for).
while read -r kind name; do
	[ -f "$tree/docs/$kind/${name#walkme_}.md" ] || problem "no page docs/$kind/${name#walkme_}.md for $name"
done <"$work/objects.txt"

# Pages link to each other by their registry address; each must name a page that exists.
registry="https://registry.terraform.io/providers/walkme-community/walkme/latest/docs"
while IFS= read -r page; do
	if [ ! -f "$tree/docs/$page.md" ]; then
		problem "a link points to $registry/$page, but docs/$page.md does not exist"
	fi
done < <(grep -rhoE "$registry/[a-z_-]+/[a-z0-9_]+" "$tree/docs" | sed "s#^$registry/##" | sort -u)

if $check; then
	if ! diff -ru "$docs_dir" "$tree/docs" >"$work/docs.diff" 2>&1; then
		cat "$work/docs.diff" >&2
		fail "docs/ is stale: run make docs"
	fi
fi

wm_log "terraform validate of every example directory"
# Actions are parsed by Terraform 1.14 and later only ("Blocks of type action are not expected").
tf_version="$(terraform version -json | sed -n 's/.*"terraform_version": *"\([0-9.]*\).*/\1/p')"
actions_ok=false
if printf '1.14.0\n%s\n' "$tf_version" | sort -V -C; then actions_ok=true; fi

wm_cli_config_dev_overrides "$work/dev.tfrc" "$work/bin"
skipped=()
while IFS= read -r dir; do
	if [[ "$dir" == examples/actions/* ]] && ! $actions_ok; then
		skipped+=("$dir")
		continue
	fi
	copy="$work/validate/$dir"
	mkdir -p "$copy"
	cp -R "$dir/." "$copy/"
	# Snippets leave the provider's source to the configuration they are pasted into.
	if ! grep -qs "required_providers" "$copy"/*.tf; then
		cat >"$copy/zz_required_providers.tf" <<'HCL'
terraform {
  required_providers {
    walkme = { source = "walkme-community/walkme" }
  }
}
HCL
	fi
	# With dev_overrides, `terraform init` would query the registry; validate needs no init.
	if ! (cd "$copy" && TF_CLI_CONFIG_FILE="$work/dev.tfrc" terraform validate -no-color >"$work/validate-tf.log" 2>&1); then
		cat "$work/validate-tf.log" >&2
		problem "terraform validate failed in $dir"
	fi
done < <(find examples -name '*.tf' -exec dirname {} \; | sort -u)
for dir in "${skipped[@]}"; do
	echo "note: terraform $tf_version cannot parse action blocks; $dir checked by terraform fmt only" >&2
done

if [ "$problems" -gt 0 ]; then
	$check || echo "docs/ was regenerated, but:" >&2
	fail "$problems problem(s) above"
fi
if $check; then
	wm_log "docs/ is up to date"
else
	wm_log "docs/ regenerated"
fi
