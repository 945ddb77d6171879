#!/usr/bin/env bash
# test.sh — THE test command (README, .ci/run): go vet, the unit tests, then the end-to-end tests
# against a real WordPress on 127.0.0.1 with the real terminal app driven through tmux.
#
# Usage: bash scripts/test.sh    (as root on Debian: it installs tmux, systemd and, through
#                                 scripts/wordpress-env.sh, WordPress, PHP and MariaDB when missing)
#
# The end-to-end tests run on two WordPress versions: Debian's package (6.1), then the main suite
# again on a newer core (scripts/wordpress-env.sh WP_CORE=6.5), each in its own env.
#
# It stops the WordPress envs it started when it ends, even when a test fails or it is interrupted;
# one that was already running (scripts/wordpress-env.sh up by hand) is left running.
# Environment: WP_ENV_DIR, WP_PORT (the Debian env, see scripts/wordpress-env.sh), E2E_SCALE_POSTS
# (default 5000: its site for the main end-to-end run), E2E_LARGE_POSTS (default 100000: the site of
# the scale run that follows it; 0 skips that run); WP_NEW_CORE (default 6.5; none skips its run),
# WP_NEW_ENV_DIR (default /tmp/wp2medium-wp65), WP_NEW_PORT (default 8090), E2E_NEW_SCALE_POSTS
# (default 1000: the newer core's site; the scale run is on Debian's alone).
# The fast unit tests alone need only Go: go test ./...
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
# Each run names its core itself (Debian's first, then WP_NEW_CORE): none is taken from the caller.
unset WP_CORE
export WP_ENV_DIR="${WP_ENV_DIR:-/tmp/wp2medium-wp}"
export WP_PORT="${WP_PORT:-8089}"
export E2E_SCALE_POSTS="${E2E_SCALE_POSTS:-5000}"
E2E_LARGE_POSTS="${E2E_LARGE_POSTS:-100000}"
WP_NEW_CORE="${WP_NEW_CORE:-6.5}"
WP_NEW_ENV_DIR="${WP_NEW_ENV_DIR:-/tmp/wp2medium-wp65}"
WP_NEW_PORT="${WP_NEW_PORT:-8090}"
E2E_NEW_SCALE_POSTS="${E2E_NEW_SCALE_POSTS:-1000}"
WP_ENV=scripts/wordpress-env.sh
SECONDS=0
started_envs=() # "DIR PORT" of each WordPress env this script started

step() { printf '\n== test.sh: %s (%ds)\n' "$*" "$SECONDS" >&2; }
die() { printf 'test.sh: error: %s\n' "$*" >&2; exit 1; }

finish() {
	local rc=$?
	trap - EXIT INT TERM
	local env
	for env in "${started_envs[@]}"; do
		stop_env $env || rc=1
	done
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
# The newer WordPress core comes from the npm registry (scripts/wordpress-env.sh fetches it once).
if [[ $WP_NEW_CORE != none ]] && ! command -v npm >/dev/null; then
	apt_install npm
fi
go mod download

step "go vet"
go vet ./...
go vet -tags e2e ./e2e/

step "unit tests"
go test -count=1 ./...

# start_env CORE DIR PORT: the env up (WP_URL, WP_USER, WP_APP_PASSWORD, WP_VERSION set), and
# remembered for finish when this script started it.
start_env() {
	local core=$1 dir=$2 port=$3 out
	if ! WP_CORE=$core WP_ENV_DIR=$dir WP_PORT=$port bash "$WP_ENV" status >/dev/null 2>&1; then
		started_envs+=("$dir $port") # before `up`: a half-finished start is stopped too
	fi
	# Not eval "$(...)" directly: eval would hide a failing `up`.
	out="$(WP_CORE=$core WP_ENV_DIR=$dir WP_PORT=$port bash "$WP_ENV" up)"
	WP_VERSION=""
	eval "$out"
	export WP_URL WP_USER WP_APP_PASSWORD
}

# stop_env DIR PORT: stop an env this script started, and forget it.
stop_env() {
	local dir=$1 port=$2 i
	for i in "${!started_envs[@]}"; do
		if [[ ${started_envs[$i]} == "$dir $port" ]]; then
			unset "started_envs[$i]"
		fi
	done
	WP_ENV_DIR=$dir WP_PORT=$port bash "$WP_ENV" down
}

step "starting WordPress (Debian's package)"
start_env debian "$WP_ENV_DIR" "$WP_PORT"
bash "$WP_ENV" seed-scale "$E2E_SCALE_POSTS"

step "end-to-end tests against $WP_URL: WP_CORE=debian, WordPress ${WP_VERSION:-unknown}, $E2E_SCALE_POSTS scale posts"
E2E_MEASURE=1 go test -count=1 -tags e2e -timeout 20m -v ./e2e/

if ((E2E_LARGE_POSTS > E2E_SCALE_POSTS)); then
	# The same site grown to the size of a large archive: the listing, the store and the app at
	# that size. Only the scale tests: every other test lists the site, and would only be slower.
	step "scale run: $E2E_LARGE_POSTS posts, WP_CORE=debian, WordPress ${WP_VERSION:-unknown}"
	bash "$WP_ENV" seed-scale "$E2E_LARGE_POSTS"
	E2E_SCALE_POSTS="$E2E_LARGE_POSTS" E2E_MEASURE=1 go test -count=1 -tags e2e -timeout 30m -v -run '^(TestScaleListing|TestScaleStore)$' ./e2e/
fi

if [[ $WP_NEW_CORE != none ]]; then
	# The machine is small: the Debian env (and its large site) goes first, when this script started it.
	if [[ " ${started_envs[*]} " == *" $WP_ENV_DIR $WP_PORT "* ]]; then
		stop_env "$WP_ENV_DIR" "$WP_PORT"
	fi
	step "starting WordPress (WP_CORE=$WP_NEW_CORE)"
	start_env "$WP_NEW_CORE" "$WP_NEW_ENV_DIR" "$WP_NEW_PORT"
	WP_ENV_DIR=$WP_NEW_ENV_DIR WP_PORT=$WP_NEW_PORT bash "$WP_ENV" seed-scale "$E2E_NEW_SCALE_POSTS"

	step "end-to-end tests against $WP_URL: WP_CORE=$WP_NEW_CORE, WordPress ${WP_VERSION:-unknown}, $E2E_NEW_SCALE_POSTS scale posts"
	WP_ENV_DIR=$WP_NEW_ENV_DIR E2E_SCALE_POSTS=$E2E_NEW_SCALE_POSTS E2E_MEASURE=1 \
		go test -count=1 -tags e2e -timeout 20m -v ./e2e/
fi
