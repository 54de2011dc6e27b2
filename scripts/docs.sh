#!/usr/bin/env bash
# make docs: regenerate docs/ from templates/, examples/ and the provider's own schema.
# make docs-check (--check): fail when docs/ differs from what `make docs` would write, without
# touching the work tree.
#
# Both also check what the docs show: tfplugindocs validate, terraform fmt over examples/,
# an example for every resource, data source, action and list resource, and `terraform
# validate` of every example directory against the provider built from this tree (offline:
# dev_overrides).
#
# The schema is what `terraform providers schema -json` shows, read from the newest Terraform
# (scripts/clis.sh builds it once, then reuses it): only Terraform 1.14 and later show actions
# and list resources, and tfplugindocs silently drops pages it has no schema for. Nothing is
# downloaded (never pass --tf-version).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$WM_ROOT"
command -v jq >/dev/null || {
	echo "error: docs.sh needs jq (apt-get install jq)" >&2
	exit 1
}

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

wm_log "The newest Terraform, whose schema output shows actions and list resources"
bash scripts/clis.sh terraform
tf="$(bash scripts/clis.sh --path terraform)"
# tfplugindocs runs `go build`; terraform below runs the built provider.
terraform() { "$tf" "$@"; }

wm_log "terraform providers schema -json, with the provider built from this tree"
wm_build_provider "$work/bin"
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
# "KIND NAME" per documented object, KIND being its docs/ directory.
jq -r '.provider_schemas[] |
	(.resource_schemas // {} | keys[] | "resources " + .),
	(.data_source_schemas // {} | keys[] | "data-sources " + .),
	(.ephemeral_resource_schemas // {} | keys[] | "ephemeral-resources " + .),
	(.action_schemas // {} | keys[] | "actions " + .),
	(.list_resource_schemas // {} | keys[] | "list-resources " + .),
	(.functions // {} | keys[] | "functions " + .)' "$work/schema.json" >"$work/objects.txt"
grep -q '^actions ' "$work/objects.txt" || fail "$("$tf" version | head -n 1) shows no actions in the schema"

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
	list-resources) want="list-resource" ;;
	esac
	ext=tf
	[ "$kind" = list-resources ] && ext=tfquery.hcl
	if ! compgen -G "examples/$kind/$name/$want*.$ext" >/dev/null; then
		problem "$name has no example: write examples/$kind/$name/$want.$ext"
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
wm_cli_config_dev_overrides "$work/dev.tfrc" "$work/bin"
while IFS= read -r dir; do
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
	# The newest Terraform here is built without most remote-state backends (see
	# scripts/clis.sh); an example's backend, which is not the provider's concern, is swapped
	# for "local" by an override file, which replaces the backend block.
	if grep -qsE '^[[:space:]]*backend[[:space:]]+"' "$copy"/*.tf; then
		printf 'terraform {\n  backend "local" {}\n}\n' >"$copy/zz_backend_override.tf"
	fi
	# With dev_overrides, `terraform init` would query the registry; validate needs no init.
	query=()
	if compgen -G "$copy/*.tfquery.hcl" >/dev/null; then query=(-query); fi
	if ! (cd "$copy" && TF_CLI_CONFIG_FILE="$work/dev.tfrc" terraform validate -no-color "${query[@]}" >"$work/validate-tf.log" 2>&1); then
		cat "$work/validate-tf.log" >&2
		problem "terraform validate failed in $dir"
	fi
done < <(find examples \( -name '*.tf' -o -name '*.tfquery.hcl' \) -exec dirname {} \; | sort -u)

if [ "$problems" -gt 0 ]; then
	$check || echo "docs/ was regenerated, but:" >&2
	fail "$problems problem(s) above"
fi
if $check; then
	wm_log "docs/ is up to date"
else
	wm_log "docs/ regenerated"
fi
