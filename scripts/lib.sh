# shellcheck shell=bash
# Shared functions for the demo and bench scripts: build the provider, run the sandbox on
# loopback, and write Terraform CLI configs. Source it; it defines functions only.

WM_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WM_NAMESPACE="walkme-community"
WM_OS_ARCH="$(go env GOOS)_$(go env GOARCH)"

wm_log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

# wm_require_terraform fails loudly when the Terraform CLI is missing.
wm_require_terraform() {
	if ! command -v terraform >/dev/null 2>&1; then
		echo "error: terraform CLI not found on PATH; the demo and benchmarks run the real Terraform CLI" >&2
		exit 1
	fi
}

# wm_build_provider OUTDIR: builds the provider binary into OUTDIR.
wm_build_provider() {
	(cd "$WM_ROOT" && go build -o "$1/terraform-provider-walkme" .)
}

# wm_install_provider PLUGIN_DIR VERSION: builds the provider into a filesystem-mirror layout
# that `terraform init -plugin-dir=PLUGIN_DIR` installs from, offline; and the same under
# registry.opentofu.org, the host OpenTofu gives the same source address, for `tofu init`.
wm_install_provider() {
	local dir="$1/registry.terraform.io/$WM_NAMESPACE/walkme/$2/$WM_OS_ARCH"
	local tofu="$1/registry.opentofu.org/$WM_NAMESPACE/walkme/$2/$WM_OS_ARCH"
	mkdir -p "$dir" "$tofu"
	(cd "$WM_ROOT" && go build -ldflags "-X main.version=$2" -o "$dir/terraform-provider-walkme_v$2" .)
	cp "$dir/terraform-provider-walkme_v$2" "$tofu/"
}

# wm_require_tools TOOL...: fails loudly when a tool the script needs is missing.
wm_require_tools() {
	local t
	for t in "$@"; do
		command -v "$t" >/dev/null 2>&1 || {
			echo "error: $t not found on PATH; make demo needs it (see README.md)" >&2
			exit 1
		}
	done
}

# wm_cli_config_dev_overrides FILE BINDIR: a CLI config that runs the provider from BINDIR
# (plan/apply only: with dev_overrides, `terraform init` would still query the registry).
wm_cli_config_dev_overrides() {
	cat >"$1" <<CFG
provider_installation {
  dev_overrides {
    "$WM_NAMESPACE/walkme" = "$2"
  }
  direct {}
}
CFG
}

# wm_cli_config_empty FILE: an empty CLI config, so Terraform reads no user settings.
wm_cli_config_empty() {
	: >"$1"
}

# wm_sandbox_start WORKDIR [sandbox flags...]: starts the sandbox on a free loopback port and
# exports WALKME_API_URL and the sandbox's demo credentials.
wm_sandbox_start() {
	local work="$1"
	shift
	mkdir -p "$work"
	(cd "$WM_ROOT" && go build -o "$work/walkme-sandbox" ./cmd/walkme-sandbox)
	rm -f "$work/sandbox.url"
	"$work/walkme-sandbox" -listen 127.0.0.1:0 -port-file "$work/sandbox.url" "$@" 2>"$work/sandbox.log" &
	echo $! >"$work/sandbox.pid"
	local i
	for i in $(seq 1 100); do
		[ -s "$work/sandbox.url" ] && break
		if ! kill -0 "$(cat "$work/sandbox.pid")" 2>/dev/null; then
			cat "$work/sandbox.log" >&2
			echo "error: the sandbox exited" >&2
			return 1
		fi
		sleep 0.1
	done
	[ -s "$work/sandbox.url" ] || { echo "error: the sandbox did not start" >&2; return 1; }
	WALKME_API_URL="$(cat "$work/sandbox.url")"
	export WALKME_API_URL
	export WALKME_CLIENT_ID=sandbox-client WALKME_CLIENT_SECRET=sandbox-secret
	export WALKME_SYSTEM_GUID=5f8c4d2a9b7e4c1d8a3f6e2b1c9d7a40
}

# wm_sandbox_stop WORKDIR: stops a sandbox started by wm_sandbox_start (it saves its state).
wm_sandbox_stop() {
	local pidfile="$1/sandbox.pid"
	[ -f "$pidfile" ] || return 0
	local pid
	pid="$(cat "$pidfile")"
	kill "$pid" 2>/dev/null || true
	wait "$pid" 2>/dev/null || true
	rm -f "$pidfile"
}

# wm_sandbox_get PATH: prints a sandbox inspection endpoint, e.g. /_sandbox/state.
wm_sandbox_get() {
	curl -fsS "$WALKME_API_URL$1"
}

# wm_bench_setup WORK: what every bench script needs: the provider (built here, or
# $PROVIDER_BIN), a sandbox, and a dev_overrides CLI config; Terraform runs quiet and
# offline. The caller traps wm_sandbox_stop "$WORK/sandbox".
wm_bench_setup() {
	local work="$1"
	wm_log "Building the provider and starting the sandbox"
	if [ -n "${PROVIDER_BIN:-}" ]; then
		mkdir -p "$work/bin" && cp "$PROVIDER_BIN" "$work/bin/terraform-provider-walkme"
	else
		wm_build_provider "$work/bin"
	fi
	wm_sandbox_start "$work/sandbox"
	export TF_CLI_CONFIG_FILE="$work/terraform.rc"
	wm_cli_config_dev_overrides "$TF_CLI_CONFIG_FILE" "$work/bin"
	export TF_IN_AUTOMATION=1 TF_INPUT=0 CHECKPOINT_DISABLE=1
	unset TF_LOG
}
