#!/usr/bin/env bash
# make demo: build the provider, install it into a plugin directory inside the repo, start the
# WalkMe sandbox on loopback, and apply examples/demo with the real Terraform CLI.
# Re-running it converges: Terraform state and the sandbox's state are kept in .demo/.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
wm_require_terraform
wm_require_tools go curl jq

VERSION="${VERSION:-0.1.0}"
WORK="$WM_ROOT/.demo"
PLUGINS="$WM_ROOT/.terraform-plugins"
mkdir -p "$WORK"

wm_log "Building terraform-provider-walkme $VERSION into $PLUGINS"
wm_install_provider "$PLUGINS" "$VERSION"

wm_log "Starting the WalkMe sandbox on loopback"
wm_sandbox_start "$WORK" -state "$WORK/sandbox-state.json"
trap 'wm_sandbox_stop "$WORK"' EXIT
echo "sandbox listening at $WALKME_API_URL"

# Terraform reads only this project's CLI config: no user settings, no network.
export TF_CLI_CONFIG_FILE="$WORK/terraform.rc"
wm_cli_config_empty "$TF_CLI_CONFIG_FILE"
export TF_IN_AUTOMATION=1 TF_INPUT=0

cp "$WM_ROOT"/examples/demo/*.tf "$WORK/"
# A large membership file: 60,001 IDs are created in 3 requests of at most 25,000.
if [ ! -f "$WORK/beta-users.txt" ]; then
	seq -f "user-%06g@example.com" 1 60001 >"$WORK/beta-users.txt"
fi

cd "$WORK"
wm_log "terraform init -plugin-dir=$PLUGINS"
terraform init -plugin-dir="$PLUGINS" -upgrade >/dev/null
terraform version

wm_log "terraform plan"
terraform plan -out=demo.tfplan
wm_log "terraform apply"
terraform apply demo.tfplan
rm -f demo.tfplan

wm_log "terraform output"
terraform output

wm_log "What the sandbox now holds"
wm_sandbox_get /_sandbox/state | jq .
wm_log "Requests the sandbox received, per endpoint"
wm_sandbox_get /_sandbox/requests/counts | jq .
wm_log "The demo's state is kept in $WORK; run 'make demo' again to see a converged plan."
