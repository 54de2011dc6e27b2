#!/usr/bin/env bash
# make demo: build the provider, install it into a plugin directory inside the repo, start the
# WalkMe sandbox on loopback, and apply examples/demo with the real CLI.
# Re-running it converges: the CLI's state and the sandbox's state are kept in .demo/.
#
# TF picks the CLI: `terraform` on PATH (default), `tofu` (OpenTofu, built once by
# scripts/clis.sh; its state is kept apart, in .demo-tofu/), or the path of a binary:
#   make demo TF=tofu
set -euo pipefail
source "$(dirname "$0")/lib.sh"
wm_require_tools go curl jq

VERSION="${VERSION:-0.1.0}"
TF="${TF:-terraform}"
WORK="$WM_ROOT/.demo"
PLUGINS="$WM_ROOT/.terraform-plugins"
case "$TF" in
terraform)
	wm_require_terraform
	tf="$(command -v terraform)"
	;;
tofu)
	bash "$WM_ROOT/scripts/clis.sh" tofu
	tf="$(bash "$WM_ROOT/scripts/clis.sh" --path tofu)"
	;;
*) tf="$TF" ;;
esac
[ -x "$tf" ] || {
	echo "error: TF=$TF: $tf is not an executable CLI" >&2
	exit 1
}
# OpenTofu names the provider by its own registry host in its state (wm_install_provider
# installs under both hosts): its state stays apart.
if [[ "$("$tf" version 2>/dev/null)" == *"OpenTofu v"* ]]; then
	WORK="$WM_ROOT/.demo-tofu"
fi
mkdir -p "$WORK"

wm_log "Building terraform-provider-walkme $VERSION into $PLUGINS"
wm_install_provider "$PLUGINS" "$VERSION"

wm_log "Starting the WalkMe sandbox on loopback"
wm_sandbox_start "$WORK" -state "$WORK/sandbox-state.json"
trap 'wm_sandbox_stop "$WORK"' EXIT
echo "sandbox listening at $WALKME_API_URL"

# The CLI reads only this project's CLI config: no user settings, no network.
export TF_CLI_CONFIG_FILE="$WORK/terraform.rc"
wm_cli_config_empty "$TF_CLI_CONFIG_FILE"
export TF_IN_AUTOMATION=1 TF_INPUT=0

cp "$WM_ROOT"/examples/demo/*.tf "$WORK/"
# A large membership file: 60,001 IDs are created in 3 requests of at most 25,000.
if [ ! -f "$WORK/beta-users.txt" ]; then
	seq -f "user-%06g@example.com" 1 60001 >"$WORK/beta-users.txt"
fi

cd "$WORK"
name="$(basename "$tf")"
wm_log "$name init -plugin-dir=$PLUGINS"
"$tf" init -plugin-dir="$PLUGINS" -upgrade >/dev/null
"$tf" version

wm_log "$name plan"
"$tf" plan -out=demo.tfplan
wm_log "$name apply"
"$tf" apply demo.tfplan
rm -f demo.tfplan

wm_log "$name output"
"$tf" output

wm_log "What the sandbox now holds"
wm_sandbox_get /_sandbox/state | jq .
wm_log "Requests the sandbox received, per endpoint"
wm_sandbox_get /_sandbox/requests/counts | jq .
wm_log "The demo's state is kept in $WORK; run 'make demo' (TF=$TF) again to see a converged plan."
