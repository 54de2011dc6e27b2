#!/usr/bin/env bash
# Builds the Terraform and OpenTofu CLIs that the acceptance suite runs on, from their Go
# modules, and caches them by version outside the repository. The versions are pinned in
# scripts/cli-versions.env. The first run builds (minutes); later runs check the cached binaries
# (seconds).
#
#   scripts/clis.sh                 build (or reuse) both CLIs
#   scripts/clis.sh terraform|tofu  build (or reuse) one CLI
#   scripts/clis.sh --path NAME     print NAME's binary path; fails when it is not built
#
# A CLI of exactly the pinned version already on PATH (CI installs them) is used as it is.
# The cache is $WALKME_CLI_CACHE, default ${XDG_CACHE_HOME:-$HOME/.cache}/terraform-provider-walkme/clis,
# one directory per CLI and version: terraform-1.16.4/terraform, tofu-1.12.6/tofu.
set -euo pipefail
export CHECKPOINT_DISABLE=1 # `version` would otherwise ask HashiCorp for newer releases

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=cli-versions.env
source "$here/cli-versions.env"

cache="${WALKME_CLI_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/terraform-provider-walkme/clis}"

log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
die() {
	printf 'error: %s\n' "$*" >&2
	exit 1
}

# cli_info NAME: sets module, version, pkg, bin, want (the first line of `NAME version`), ldflags.
# Both CLIs mark a build as "-dev" unless version.dev=no is linked in, as their release builds do;
# terraform-plugin-testing treats a "-dev" version as a pre-release and its version checks then
# misjudge it.
cli_info() {
	case "$1" in
	terraform)
		module=github.com/hashicorp/terraform version="$TERRAFORM_VERSION" pkg=. bin=terraform
		want="Terraform v$TERRAFORM_VERSION"
		;;
	tofu)
		module=github.com/opentofu/opentofu version="$OPENTOFU_VERSION" pkg=./cmd/tofu bin=tofu
		want="OpenTofu v$OPENTOFU_VERSION"
		;;
	*) die "unknown CLI \"$1\": expected terraform or tofu" ;;
	esac
	ldflags="-s -w -X '$module/version.dev=no'"
}

cli_path() { printf '%s/%s-%s/%s\n' "$cache" "$1" "$version" "$bin"; }

# version_line BINARY: the line of `BINARY version` that names the CLI. OpenTofu prints
# warnings about the CLI configuration before it, on standard output.
version_line() {
	"$1" version 2>/dev/null | grep -m 1 -E '^(Terraform|OpenTofu) v' || true
}

# verify BINARY: `BINARY version` must name exactly $want.
verify() {
	[ "$(version_line "$1")" = "$want" ]
}

# patch_terraform DIR: Terraform's go.mod replaces ten nested modules (the remote-state backends
# azure, consul, cos, gcs, kubernetes, oss, pg, s3, oci, and internal/legacy) with local
# directories that the module zip on the proxy leaves out, so `go build` refuses the module as
# downloaded. For each replace whose directory is missing: drop the replace and the require, and
# delete that backend's import and its entry in internal/backend/init/init.go, their only
# non-test importer (internal/legacy is imported by tests only). The backends local, remote,
# cloud, http and inmem stay; the tests use the local backend.
patch_terraform() {
	local dir="$1" init="$1/internal/backend/init/init.go" mod rel alias
	while read -r mod rel; do
		[ -d "$dir/$rel" ] && continue
		log "  patch: drop $mod (its directory is not in the module zip)"
		(cd "$dir" && go mod edit -dropreplace="$mod" -droprequire="$mod")
		alias="$(awk -v m="\"$mod\"" '$2 == m { print $1 }' "$init")"
		[ -n "$alias" ] || continue
		grep -q "$alias\.New(" "$init" || die "patch: $init imports $mod but has no $alias.New entry; the recipe needs updating for $version"
		sed -i -e "\#\"$mod\"#d" -e "/$alias\.New(/d" "$init"
	done < <(awk '$1 == "replace" && $3 == "=>" && $4 ~ /^\.\.?\// { print $2, $4 }' "$dir/go.mod")
}

# on_path: the CLI on PATH when it is exactly the pinned version (as CI's setup actions
# install it), else nothing.
on_path() {
	local p
	p="$(command -v "$bin" 2>/dev/null)" && verify "$p" && printf '%s\n' "$p"
}

build() {
	cli_info "$1"
	local out
	if out="$(on_path)"; then
		log "$want: on PATH at $out"
		return 0
	fi
	out="$(cli_path "$1")"
	if [ -x "$out" ] && verify "$out"; then
		log "$want: cached at $out"
		return 0
	fi

	log "$want: building from the Go module proxy (the first build takes several minutes)"
	local start=$SECONDS src json work
	json="$(go mod download -json "$module@v$version" 2>&1)" ||
		die "cannot download $module@v$version from the Go module proxy ($(go env GOPROXY)); is it reachable?
$json"
	src="$(printf '%s\n' "$json" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",\{0,1\}$/\1/p')"
	[ -d "$src" ] || die "go mod download did not report a directory for $module@v$version:
$json"

	mkdir -p "$cache"
	work="$(mktemp -d "$cache/.build-$1-XXXXXX")"
	# shellcheck disable=SC2064 # expand now: $work is local
	trap "rm -rf '$work'" EXIT
	log "  copy $src to a writable directory"
	cp -R "$src" "$work/src"
	chmod -R u+w "$work/src"
	[ "$1" = terraform ] && patch_terraform "$work/src"

	log "  go build $pkg (progress every 30 s)"
	(while sleep 30; do log "  ... still building $want ($((SECONDS - start)) s)"; done) &
	local ticker=$!
	local rc=0
	(cd "$work/src" && GOFLAGS="-mod=mod -buildvcs=false" go build -trimpath -ldflags "$ldflags" -o "$work/$bin" "$pkg") || rc=$?
	kill "$ticker" 2>/dev/null || true
	wait "$ticker" 2>/dev/null || true
	[ "$rc" -eq 0 ] || die "building $want failed (exit $rc); the module proxy must be reachable for its dependencies"

	verify "$work/$bin" || die "the built $bin reports \"$(version_line "$work/$bin")\", want \"$want\""
	mkdir -p "$(dirname "$out")"
	mv "$work/$bin" "$out"
	rm -rf "$work"
	trap - EXIT
	log "$want: built in $((SECONDS - start)) s at $out"
}

case "${1:-all}" in
--path)
	cli_info "${2:-}"
	p="$(on_path)" || p="$(cli_path "$2")"
	[ -x "$p" ] || die "$want is not built; run: make tools (or scripts/clis.sh $2)"
	printf '%s\n' "$p"
	;;
all)
	build terraform
	build tofu
	;;
*) build "$1" ;;
esac
