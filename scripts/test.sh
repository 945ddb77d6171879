#!/usr/bin/env bash
# test.sh — THE test command (README, .ci/run): go vet, the unit tests, then the end-to-end tests
# against a real WordPress on 127.0.0.1 with the real terminal app driven through tmux.
#
# Usage: bash scripts/test.sh    (as root on Debian: it installs tmux, systemd and, through
#                                 scripts/wordpress-env.sh, WordPress, PHP and MariaDB when missing)
#
# It stops the WordPress it started when it ends, even when a test fails or it is interrupted; a
# WordPress that was already running (scripts/wordpress-env.sh up by hand) is left running.
# Environment: WP_ENV_DIR, WP_PORT (see scripts/wordpress-env.sh), E2E_SCALE_POSTS (default 5000:
# the site of the main end-to-end run), E2E_LARGE_POSTS (default 100000: the site of the scale run
# that follows it; 0 skips that run).
# The fast unit tests alone need only Go: go test ./...
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
export WP_ENV_DIR="${WP_ENV_DIR:-/tmp/wp2medium-wp}"
export E2E_SCALE_POSTS="${E2E_SCALE_POSTS:-5000}"
E2E_LARGE_POSTS="${E2E_LARGE_POSTS:-100000}"
WP_ENV=scripts/wordpress-env.sh
SECONDS=0
started_wp=0

step() { printf '\n== test.sh: %s (%ds)\n' "$*" "$SECONDS" >&2; }
die() { printf 'test.sh: error: %s\n' "$*" >&2; exit 1; }

finish() {
	local rc=$?
	trap - EXIT INT TERM
	if ((started_wp)); then
		bash "$WP_ENV" down || rc=1
	fi
	if ((rc == 0)); then
		printf 'test.sh: all tests passed; total time %ds\n' "$SECONDS" >&2
	else
		printf 'test.sh: FAILED (exit %d); total time %ds\n' "$rc" "$SECONDS" >&2
	fi
	exit "$rc"
}
trap finish EXIT
trap 'exit 130' INT TERM

apt_install() {
	if [[ $(id -u) -ne 0 ]] || ! command -v apt-get >/dev/null; then
		die "$* missing: install it (Debian: apt-get install $*), or run this script as root on Debian"
	fi
	if ! compgen -G '/var/lib/apt/lists/*_Packages' >/dev/null; then
		DEBIAN_FRONTEND=noninteractive apt-get update -q >&2
	fi
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$@" >&2
}

step "checking tools"
command -v go >/dev/null || die "go is not installed: see https://go.dev/doc/install (go.mod names the version)"
command -v tmux >/dev/null || apt_install tmux
# The unit tests verify the README's systemd units with it (readme_systemd_test.go).
command -v systemd-analyze >/dev/null || apt_install systemd
go mod download

step "go vet"
go vet ./...
go vet -tags e2e ./e2e/

step "unit tests"
go test -count=1 ./...

step "starting WordPress"
if ! bash "$WP_ENV" status >/dev/null 2>&1; then
	started_wp=1 # before `up`: a half-finished start is stopped too
fi
# Not eval "$(...)" directly: eval would hide a failing `up`.
wp_env_out="$(bash "$WP_ENV" up)"
eval "$wp_env_out"
export WP_URL WP_USER WP_APP_PASSWORD
bash "$WP_ENV" seed-scale "$E2E_SCALE_POSTS"

step "end-to-end tests against $WP_URL"
E2E_MEASURE=1 go test -count=1 -tags e2e -timeout 20m -v ./e2e/

if ((E2E_LARGE_POSTS > E2E_SCALE_POSTS)); then
	# The same site grown to the size of a large archive: the listing, the store and the app at
	# that size. Only the scale tests: every other test lists the site, and would only be slower.
	step "scale run: $E2E_LARGE_POSTS posts"
	bash "$WP_ENV" seed-scale "$E2E_LARGE_POSTS"
	E2E_SCALE_POSTS="$E2E_LARGE_POSTS" E2E_MEASURE=1 go test -count=1 -tags e2e -timeout 30m -v -run '^(TestScaleListing|TestScaleStore)$' ./e2e/
fi
