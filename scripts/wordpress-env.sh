#!/usr/bin/env bash
# wordpress-env.sh — run a REAL WordPress on 127.0.0.1 for end-to-end tests: Debian's package (6.1)
# or a newer core from the npm registry's @wp-playground/wordpress-builds, on the same PHP and MariaDB.
#
# Usage (as root, Debian 12):
#   scripts/wordpress-env.sh up              install packages if missing, start MariaDB + PHP's server,
#                                            install and seed the site; prints WP_URL=, WP_USER=,
#                                            WP_APP_PASSWORD=, WP_VERSION= on stdout (also in $WP_ENV_DIR/env)
#   scripts/wordpress-env.sh seed-scale N    make sure exactly N extra plain published posts exist (SQL)
#   scripts/wordpress-env.sh status          say what runs; exit 0 when all runs, 3 otherwise
#   scripts/wordpress-env.sh down [--purge]  stop what `up` started (by recorded pid); --purge also
#                                            deletes the state folder and this env's /etc/wordpress file
#
# Environment: WP_ENV_DIR (state folder, default /tmp/wp2medium-wp), WP_PORT (default 8089),
#              WP_ADMIN_USER (default wp2medium), WP_CORE (debian: Debian's wordpress package, the
#              default; 6.5: WordPress 6.5 from @wp-playground/wordpress-builds, fetched once with npm
#              into WP_CORE_CACHE, default ~/.cache/wp2medium). Envs with different WP_ENV_DIR and
#              WP_PORT can run side by side, whatever their cores; one WP_ENV_DIR keeps one core.
# Everything but the KEY=VALUE lines goes to stderr, so `eval "$(scripts/wordpress-env.sh up)"` works.
set -euo pipefail

WP_ENV_DIR="${WP_ENV_DIR:-/tmp/wp2medium-wp}"
# A running env remembers its port ($WP_ENV_DIR/port, written when php starts), so `down`, `status`
# and `seed-scale` find its server with WP_ENV_DIR alone; an explicit WP_PORT still wins.
if [[ -z ${WP_PORT:-} && -s $WP_ENV_DIR/port ]]; then
	WP_PORT="$(<"$WP_ENV_DIR/port")"
fi
WP_PORT="${WP_PORT:-8089}"
WP_ADMIN_USER="${WP_ADMIN_USER:-wp2medium}"
WP_HOST=127.0.0.1
WP_URL="http://${WP_HOST}:${WP_PORT}"
# An env keeps the core it was made with ($WP_ENV_DIR/core; an env from before WP_CORE is Debian's),
# so `down`, `status` and `seed-scale` need only its WP_ENV_DIR; `up` refuses to switch it.
if [[ -s $WP_ENV_DIR/core ]]; then
	WP_ENV_CORE="$(<"$WP_ENV_DIR/core")"
elif [[ -d $WP_ENV_DIR/mariadb ]]; then
	WP_ENV_CORE=debian
else
	WP_ENV_CORE=""
fi
WP_CORE="${WP_CORE:-${WP_ENV_CORE:-debian}}"
WP_CONFIG_FILE="/etc/wordpress/config-${WP_HOST}.php"
WP_PORT_CONFIG_FILE="/etc/wordpress/wp2medium-${WP_HOST}-${WP_PORT}.php"
DB_USER=wp2medium

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
PHP_DIR="$HERE/wordpress-env"
DB_DIR="$WP_ENV_DIR/mariadb"
SOCK="$WP_ENV_DIR/mysqld.sock"
MARIADB_PID="$WP_ENV_DIR/mariadbd.pid"
PHP_PID="$WP_ENV_DIR/php-server.pid"

# The Playground builds: one pinned package version, checked against the integrity the registry
# publishes for it (its dist.integrity), so a cached or re-fetched tarball is the one tested here.
PLAYGROUND_PACKAGE=@wp-playground/wordpress-builds
PLAYGROUND_VERSION=0.9.19
PLAYGROUND_INTEGRITY=sha512-dlqvh/MJDpE5W68vgPPKUjpip6zMuBh59L3D18ZX+pdwurC4q4ydrTww/3sTMV69BBcoH6kF93YtAtujNC5Mpw==
WP_CORE_CACHE="${WP_CORE_CACHE:-${XDG_CACHE_HOME:-${HOME:-/root}/.cache}/wp2medium}"
PLAYGROUND_TGZ="$WP_CORE_CACHE/wordpress-builds-$PLAYGROUND_VERSION.tgz"

# php-gd: the seed draws its images with it. curl: readiness checks here and the e2e checks.
PACKAGES=(php-cli php-mysql php-mbstring php-xml php-gd mariadb-server mariadb-client curl)
case $WP_CORE in
debian)
	# WordPress from Debian's package: code in /usr/share/wordpress, wp-content in /var/lib/wordpress,
	# settings picked by Host header from /etc/wordpress (see write_config).
	PACKAGES=(wordpress "${PACKAGES[@]}")
	WP_ROOT=/usr/share/wordpress
	WP_CONTENT_FALLBACK=/var/lib/wordpress
	DB_NAME=wp2medium
	;;
6.5)
	# The same PHP and MariaDB without Debian's wordpress package (it would pull in Apache); the code
	# is unpacked into the env's own folder, which holds its wp-config.php too.
	PACKAGES+=(unzip)
	WP_ROOT="$WP_ENV_DIR/wordpress-$WP_CORE"
	WP_CONTENT_FALLBACK=""
	# Its own database name: a site upgraded to 6.5's schema is never mistaken for the 6.1 one.
	DB_NAME=wp2medium_wp65
	;;
*)
	printf 'wordpress-env: error: WP_CORE=%s: use debian (Debian'"'"'s 6.1, the default) or 6.5\n' "$WP_CORE" >&2
	exit 2
	;;
esac

log() { printf 'wordpress-env: %s\n' "$*" >&2; }
die() { printf 'wordpress-env: error: %s\n' "$*" >&2; exit 1; }

usage() {
	sed -n '2,19p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2
	exit 2
}

need_root() {
	[[ $(id -u) -eq 0 ]] || die "must run as root (it installs packages and writes /etc/wordpress); try: sudo $0 $*"
}

# ---------------------------------------------------------------- packages

packages_present() {
	local status
	status="$(dpkg-query -W -f='${db:Status-Status}\n' "${PACKAGES[@]}" 2>/dev/null || true)"
	[[ $(grep -c '^installed$' <<<"$status") -eq ${#PACKAGES[@]} ]]
}

POLICY=/usr/sbin/policy-rc.d
POLICY_BACKUP=""

restore_policy() {
	rm -f "$POLICY"
	if [[ -n $POLICY_BACKUP && -e $POLICY_BACKUP ]]; then
		mv -f "$POLICY_BACKUP" "$POLICY"
	fi
	POLICY_BACKUP=""
}

apt_install() {
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
		-o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold \
		-o Dpkg::Options::=--force-unsafe-io "${PACKAGES[@]}"
}

ensure_packages() {
	if packages_present; then
		return 0
	fi
	log "installing ${PACKAGES[*]} (services kept stopped by a temporary $POLICY)"
	# Package maintainer scripts must not start Apache/MariaDB: we run our own instances.
	if [[ -e $POLICY ]]; then
		POLICY_BACKUP="$(mktemp /usr/sbin/policy-rc.d.wp2medium.XXXXXX)"
		cp -p "$POLICY" "$POLICY_BACKUP"
	fi
	trap restore_policy EXIT
	trap 'exit 130' INT TERM
	printf '#!/bin/sh\n# temporary, from wp2medium scripts/wordpress-env.sh\nexit 101\n' >"$POLICY"
	chmod 755 "$POLICY"

	# No `| grep -q` here: with pipefail, grep quitting early fails the pipeline (SIGPIPE).
	local policy
	policy="$(apt-cache policy php-cli mariadb-server 2>/dev/null || true)"
	if [[ $(grep -c 'Candidate: [0-9]' <<<"$policy") -lt 2 ]]; then
		log "apt lists missing: apt-get update"
		apt-get update -q >&2
	fi
	if ! apt_install >&2; then
		# Stale lists give 404s on download: refresh once and retry.
		log "install failed; apt-get update and retry"
		apt-get update -q >&2
		apt_install >&2 || die "apt-get install failed; see the output above"
	fi
	restore_policy
	trap - EXIT INT TERM
}

# ---------------------------------------------------------------- the Playground core

# playground_ok FILE: FILE is the tarball the registry published as $PLAYGROUND_VERSION.
playground_ok() {
	local want got
	want="$(printf '%s' "${PLAYGROUND_INTEGRITY#sha512-}" | base64 -d | od -An -v -tx1 | tr -d ' \n')"
	got="$(sha512sum "$1" | cut -d' ' -f1)"
	[[ $got == "$want" ]]
}

# fetch_playground: the package tarball in WP_CORE_CACHE, fetched with npm the first time.
fetch_playground() {
	if [[ -s $PLAYGROUND_TGZ ]] && playground_ok "$PLAYGROUND_TGZ"; then
		return 0
	fi
	command -v npm >/dev/null || die "WP_CORE=$WP_CORE needs npm (Node.js) to fetch $PLAYGROUND_PACKAGE"
	mkdir -p "$WP_CORE_CACHE"
	local tmp tgz
	tmp="$(mktemp -d "$WP_CORE_CACHE/fetch.XXXXXX")"
	log "fetching $PLAYGROUND_PACKAGE@$PLAYGROUND_VERSION (160 MB) into $WP_CORE_CACHE"
	# A throwaway npm cache: the tarball is kept once, here, not a second time in ~/.npm.
	if ! (cd "$tmp" && npm pack "$PLAYGROUND_PACKAGE@$PLAYGROUND_VERSION" --cache "$tmp/npm-cache" \
		--loglevel=warn >&2); then
		rm -rf "$tmp"
		die "npm pack $PLAYGROUND_PACKAGE@$PLAYGROUND_VERSION failed (output above)"
	fi
	tgz="$(find "$tmp" -maxdepth 1 -name '*.tgz' | head -n 1)"
	if [[ -z $tgz ]] || ! playground_ok "$tgz"; then
		rm -rf "$tmp"
		die "$PLAYGROUND_PACKAGE@$PLAYGROUND_VERSION does not match its pinned integrity $PLAYGROUND_INTEGRITY"
	fi
	mv -f "$tgz" "$PLAYGROUND_TGZ"
	rm -rf "$tmp"
}

# ensure_core: for a Playground core, its code unpacked into $WP_ROOT and made a normal server's.
# The build is made for PHP in WebAssembly (its Dockerfile is in the package, build/), which
# differs from a plain WordPress in ways undone or noted here:
#   - static files (CSS, JS, images, fonts) are cut from the zip and served from Playground's site;
#     the package keeps them in public/wp-VERSION, and wordpress-remote-asset-paths lists them:
#     they are copied back, so wp-admin and the themes have their assets;
#   - the SQLite integration: older builds ship the wp-content/db.php drop-in (with it WordPress
#     ignores DB_* and opens SQLite) and its plugin folder; Playground's runtime adds mu-plugins of its
#     own at boot. The 6.5 zip of 0.9.19 has neither db.php nor mu-plugins, but does ship a ready-made
#     SQLite site in wp-content/database/.ht.sqlite. All of these are removed, whatever they hold, so
#     the site runs on MariaDB with core code only;
#   - wp-config.php is the sample (placeholders, plus CONCATENATE_SCRIPTS off) and Playground's
#     runtime defines WP_HOME, WP_SITEURL and the rest at boot: write_config replaces it with this
#     env's settings, the same as Debian's (site_settings);
#   - no .htaccess anywhere: php -S reads none, router.php does the rewriting for both cores;
#   - only the default theme (twentytwentyfour) and no Akismet; core PHP is whitespace- and
#     comment-stripped (php -w) and its set_time_limit() calls are removed. Neither changes what the
#     REST API answers (php -S has no time limit either).
ensure_core() {
	[[ $WP_CORE == debian ]] && return 0
	local stamp="$WP_ROOT/.wp2medium-core" want="$PLAYGROUND_PACKAGE@$PLAYGROUND_VERSION wp-$WP_CORE.zip"
	if [[ -s $stamp && $(<"$stamp") == "$want" && -s $WP_ROOT/wp-includes/version.php ]]; then
		return 0
	fi
	fetch_playground
	log "unpacking WordPress $WP_CORE ($want) into $WP_ROOT"
	local tmp
	tmp="$(mktemp -d "$WP_ENV_DIR/unpack.XXXXXX")"
	tar -xzf "$PLAYGROUND_TGZ" -C "$tmp" "package/src/wordpress/wp-$WP_CORE.zip" "package/public/wp-$WP_CORE" ||
		die "$PLAYGROUND_TGZ has no wp-$WP_CORE.zip"
	mkdir "$tmp/wordpress"
	unzip -q "$tmp/package/src/wordpress/wp-$WP_CORE.zip" -d "$tmp/wordpress"
	local assets="$tmp/wordpress/wordpress-remote-asset-paths"
	[[ -s $assets ]] || die "wp-$WP_CORE.zip has no wordpress-remote-asset-paths"
	# Only the listed files: public/ also holds leftovers of themes this build does not ship.
	(cd "$tmp/package/public/wp-$WP_CORE" && tar -cf - --verbatim-files-from -T "$assets") |
		tar -xf - -C "$tmp/wordpress" --skip-old-files
	rm -rf "$tmp/wordpress/wp-content/db.php" "$tmp/wordpress/wp-content/mu-plugins" \
		"$tmp/wordpress/wp-content/plugins/sqlite-database-integration" "$tmp/wordpress/wp-content/database" \
		"$assets"
	printf '%s\n' "$want" >"$tmp/wordpress/.wp2medium-core"
	rm -rf "$WP_ROOT"
	mv "$tmp/wordpress" "$WP_ROOT"
	rm -rf "$tmp"
}

# wp_version: the WordPress version of the core this env serves.
wp_version() {
	php -r 'include $argv[1]; echo $wp_version;' "$WP_ROOT/wp-includes/version.php" 2>/dev/null || echo unknown
}

# ---------------------------------------------------------------- processes

# pid_alive FILE PATTERN: the pid in FILE runs and its command line matches PATTERN
# (guards against a recycled pid).
pid_alive() {
	local file=$1 pattern=$2 pid
	[[ -s $file ]] || return 1
	pid="$(<"$file")"
	[[ $pid =~ ^[0-9]+$ ]] || return 1
	[[ -r /proc/$pid/cmdline ]] || return 1
	local cmdline
	cmdline="$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null)" || return 1
	[[ $cmdline =~ $pattern ]]
}

mariadb_alive() { pid_alive "$MARIADB_PID" "mariadbd.*--socket=$SOCK"; }
php_alive() { pid_alive "$PHP_PID" "-S $WP_HOST:$WP_PORT"; }

port_busy() { (exec 3<>"/dev/tcp/$WP_HOST/$1") 2>/dev/null; }

sql() { mariadb --no-defaults --socket="$SOCK" -u root "$@"; }

start_mariadb() {
	if mariadb_alive; then
		return 0
	fi
	if ((${#SOCK} > 100)); then
		die "socket path $SOCK is too long for a unix socket; use a shorter WP_ENV_DIR"
	fi
	if [[ ! -d $DB_DIR/mysql ]]; then
		log "initialising MariaDB datadir $DB_DIR"
		rm -rf "$DB_DIR"
		mkdir -p "$DB_DIR"
		mariadb-install-db --no-defaults --user=root --datadir="$DB_DIR" \
			--auth-root-authentication-method=socket --skip-test-db --skip-name-resolve \
			>"$WP_ENV_DIR/mariadb-install.log" 2>&1 ||
			die "mariadb-install-db failed; see $WP_ENV_DIR/mariadb-install.log"
	fi
	rm -f "$SOCK"
	log "starting MariaDB on $SOCK"
	# setsid: its own session, so it outlives this shell and `down` can signal its group.
	setsid mariadbd --no-defaults --user=root --datadir="$DB_DIR" --socket="$SOCK" \
		--pid-file="$WP_ENV_DIR/mariadbd.server.pid" --skip-networking --skip-name-resolve \
		--log-error="$WP_ENV_DIR/mariadb.log" --skip-log-bin \
		--character-set-server=utf8mb4 --collation-server=utf8mb4_unicode_ci \
		--innodb-buffer-pool-size=128M --innodb-flush-log-at-trx-commit=0 --performance-schema=OFF \
		</dev/null >>"$WP_ENV_DIR/mariadb.log" 2>&1 &
	echo $! >"$MARIADB_PID"
	local i
	for ((i = 0; i < 300; i++)); do
		if [[ -S $SOCK ]] && mariadb-admin --no-defaults --socket="$SOCK" -u root ping >/dev/null 2>&1; then
			return 0
		fi
		# kill -0, not mariadb_alive: right after the fork the child has not exec'd mariadbd yet.
		kill -0 "$(<"$MARIADB_PID")" 2>/dev/null || die "MariaDB exited while starting; see $WP_ENV_DIR/mariadb.log"
		sleep 0.1
	done
	die "MariaDB did not answer on $SOCK within 30 s; see $WP_ENV_DIR/mariadb.log"
}

ensure_database() {
	if [[ ! -s $WP_ENV_DIR/db-password ]]; then
		(umask 077 && head -c 18 /dev/urandom | base64 | tr -d '/+=' >"$WP_ENV_DIR/db-password")
	fi
	local pw
	pw="$(<"$WP_ENV_DIR/db-password")"
	sql <<-SQL
		CREATE DATABASE IF NOT EXISTS \`$DB_NAME\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
		CREATE USER IF NOT EXISTS '$DB_USER'@'localhost' IDENTIFIED BY '$pw';
		ALTER USER '$DB_USER'@'localhost' IDENTIFIED BY '$pw';
		GRANT ALL PRIVILEGES ON \`$DB_NAME\`.* TO '$DB_USER'@'localhost';
	SQL
}

# site_settings: the settings of this env, as PHP defines (the same for every core).
site_settings() {
	local pw secret key
	pw="$(<"$WP_ENV_DIR/db-password")"
	secret="$(<"$WP_ENV_DIR/secret")"
	echo "define('DB_NAME', '$DB_NAME');"
	echo "define('DB_USER', '$DB_USER');"
	echo "define('DB_PASSWORD', '$pw');"
	echo "define('DB_HOST', 'localhost:$SOCK');"
	echo "define('DB_CHARSET', 'utf8mb4');"
	echo "define('DB_COLLATE', '');"
	echo "define('WP_HOME', '$WP_URL');"
	echo "define('WP_SITEURL', '$WP_URL');"
	echo "// 'local' makes application passwords available over plain http."
	echo "define('WP_ENVIRONMENT_TYPE', 'local');"
	echo "// No internet here: fail HTTP calls (oEmbed, update checks) at once instead of timing out."
	echo "define('WP_HTTP_BLOCK_EXTERNAL', true);"
	echo "define('DISABLE_WP_CRON', true);"
	echo "define('AUTOMATIC_UPDATER_DISABLED', true);"
	echo "define('WP_DEBUG', false);"
	for key in AUTH_KEY SECURE_AUTH_KEY LOGGED_IN_KEY NONCE_KEY AUTH_SALT SECURE_AUTH_SALT LOGGED_IN_SALT NONCE_SALT; do
		echo "define('$key', '$secret-$key');"
	done
}

write_config() {
	if [[ ! -s $WP_ENV_DIR/secret ]]; then
		(umask 077 && head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$WP_ENV_DIR/secret")
	fi
	if [[ $WP_CORE == debian ]]; then
		write_debian_config
		return
	fi
	# A Playground core lives in the env's folder: its wp-config.php is this env's alone.
	local tmp
	tmp="$(mktemp "$WP_ROOT/wp-config.php.XXXXXX")"
	{
		echo "<?php"
		echo "// Written by wp2medium scripts/wordpress-env.sh on every 'up' (env $WP_ENV_DIR, WP_CORE=$WP_CORE); edits are lost."
		site_settings
		echo "\$table_prefix = 'wp_';"
		echo "if (!defined('ABSPATH')) {"
		echo "	define('ABSPATH', __DIR__ . '/');"
		echo "}"
		echo "require_once ABSPATH . 'wp-settings.php';"
	} >"$tmp"
	chmod 640 "$tmp"
	mv -f "$tmp" "$WP_ROOT/wp-config.php"
}

# Debian's /usr/share/wordpress/wp-config.php loads /etc/wordpress/config-<Host header without port>.php,
# so requests to http://127.0.0.1:PORT and our CLI scripts (which set HTTP_HOST) pick
# config-127.0.0.1.php. Its WORDPRESS_CONFIG override cannot help: it allows no dots in the name.
# That file only picks the settings of the env serving the port in the Host header
# (wp2medium-127.0.0.1-PORT.php), so envs on different ports can run side by side.
write_debian_config() {
	local tmp
	mkdir -p /etc/wordpress
	tmp="$(mktemp "$WP_CONFIG_FILE.XXXXXX")"
	cat >"$tmp" <<-'PHP'
		<?php
		// Written by wp2medium scripts/wordpress-env.sh: loads the settings of the env on this port.
		$wp2m_port = preg_replace('/^[^:]*:?/', '', $_SERVER['HTTP_HOST'] ?? '');
		$wp2m_file = __DIR__ . '/wp2medium-127.0.0.1-' . (ctype_digit($wp2m_port) ? $wp2m_port : '80') . '.php';
		if (!is_file($wp2m_file)) {
			header('HTTP/1.0 404 Not Found');
			echo "No wp2medium test env serves this port ($wp2m_file is missing): run scripts/wordpress-env.sh up\n";
			exit(1);
		}
		require $wp2m_file;
	PHP
	chmod 644 "$tmp"
	mv -f "$tmp" "$WP_CONFIG_FILE"

	tmp="$(mktemp "$WP_PORT_CONFIG_FILE.XXXXXX")"
	{
		echo "<?php"
		echo "// Written by wp2medium scripts/wordpress-env.sh on every 'up' (env $WP_ENV_DIR); edits are lost."
		site_settings
	} >"$tmp"
	chmod 640 "$tmp"
	mv -f "$tmp" "$WP_PORT_CONFIG_FILE"
}

# php_wp SCRIPT: run one of our PHP scripts against the site (CLI, no web server needed).
php_wp() {
	WP2M_URL="$WP_URL" WP2M_ENV_DIR="$WP_ENV_DIR" WP2M_ADMIN_USER="$WP_ADMIN_USER" WP2M_ROOT="$WP_ROOT" \
		php -d display_errors=stderr -d error_reporting='E_ALL & ~E_DEPRECATED & ~E_NOTICE' \
		"$PHP_DIR/$1"
}

install_site() {
	local out
	out="$(php_wp install.php)" || die "site install failed (output above)"
	grep -q '^WP_APP_PASSWORD=.' <<<"$out" || die "site install printed no application password: $out"
	(umask 077 && printf '%s\n' "$out" >"$WP_ENV_DIR/env")
}

start_php() {
	if php_alive; then
		return 0
	fi
	if port_busy "$WP_PORT"; then
		die "port $WP_PORT on $WP_HOST is taken by another program; set WP_PORT to a free port"
	fi
	log "starting php -S $WP_HOST:$WP_PORT (4 workers, WP_CORE=$WP_CORE, $WP_ROOT)"
	printf '%s\n' "$WP_PORT" >"$WP_ENV_DIR/port"
	(
		cd "$WP_ROOT"
		WP2M_PORT="$WP_PORT" WP2M_ENV_DIR="$WP_ENV_DIR" WP2M_ROOT="$WP_ROOT" \
			WP2M_CONTENT_FALLBACK="$WP_CONTENT_FALLBACK" PHP_CLI_SERVER_WORKERS=4 \
			exec setsid php -d display_errors=0 -d log_errors=1 -d error_log="$WP_ENV_DIR/php-error.log" \
			-d error_reporting='E_ALL & ~E_DEPRECATED' \
			-d opcache.enable_cli=1 -d opcache.memory_consumption=128 -d opcache.validate_timestamps=1 \
			-d memory_limit=256M -d upload_max_filesize=32M -d post_max_size=32M \
			-S "$WP_HOST:$WP_PORT" -t "$WP_ROOT" "$PHP_DIR/router.php" \
			</dev/null >>"$WP_ENV_DIR/php-server.log" 2>&1
	) &
	echo $! >"$PHP_PID"
	local i code
	for ((i = 0; i < 150; i++)); do
		code="$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$WP_URL/wp-json/" || true)"
		[[ $code == 200 ]] && return 0
		kill -0 "$(<"$PHP_PID")" 2>/dev/null || die "php -S exited while starting; see $WP_ENV_DIR/php-server.log"
		sleep 0.1
	done
	die "WordPress did not answer 200 on $WP_URL/wp-json/ within 15 s (last: $code); see $WP_ENV_DIR/php-error.log"
}

# proc_live PID: the process exists and is not a zombie (where pid 1 does not reap, a stopped
# server stays a zombie and kill -0 still succeeds).
proc_live() {
	local state
	state="$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null)" || return 1
	[[ -n $state && $state != Z && $state != X ]]
}

# stop FILE PATTERN NAME: SIGTERM the recorded pid (and its process group, which setsid made it lead:
# php -S workers are its children), wait up to 30 s, then SIGKILL.
stop() {
	local file=$1 pattern=$2 name=$3 pid i
	if ! pid_alive "$file" "$pattern"; then
		rm -f "$file"
		return 0
	fi
	pid="$(<"$file")"
	log "stopping $name (pid $pid)"
	if [[ $(ps -o pgid= -p "$pid" | tr -d ' ') == "$pid" ]]; then
		kill -TERM -- "-$pid" 2>/dev/null || true
	else
		kill -TERM "$pid" 2>/dev/null || true
	fi
	for ((i = 0; i < 300; i++)); do
		proc_live "$pid" || break
		sleep 0.1
	done
	if proc_live "$pid"; then
		log "$name did not stop in 30 s: SIGKILL"
		kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
	fi
	rm -f "$file"
}

# ---------------------------------------------------------------- commands

# same_core: the env was made with WP_CORE, or not made yet.
same_core() {
	if [[ -n $WP_ENV_CORE && $WP_ENV_CORE != "$WP_CORE" ]]; then
		die "$WP_ENV_DIR holds a WP_CORE=$WP_ENV_CORE site, not $WP_CORE: use another WP_ENV_DIR and WP_PORT, or remove it first (WP_ENV_DIR=$WP_ENV_DIR $0 down --purge)"
	fi
}

cmd_up() {
	need_root up
	same_core
	if mariadb_alive && php_alive && grep -q '^WP_VERSION=' "$WP_ENV_DIR/env" 2>/dev/null; then
		cat "$WP_ENV_DIR/env"
		return 0
	fi
	# Before anything is written: another env's config must not be replaced under its feet.
	if ! php_alive && port_busy "$WP_PORT"; then
		die "port $WP_PORT on $WP_HOST is taken by another program; set WP_PORT to a free port"
	fi
	ensure_packages
	command -v php >/dev/null || die "php not found after install"
	mkdir -p "$WP_ENV_DIR"
	printf '%s\n' "$WP_CORE" >"$WP_ENV_DIR/core"
	ensure_core
	start_mariadb
	ensure_database
	write_config
	install_site
	php_wp seed.php >&2 || die "seeding failed (output above)"
	start_php
	cat "$WP_ENV_DIR/env"
}

cmd_down() {
	local purge=0
	[[ ${1:-} == --purge ]] && purge=1
	stop "$PHP_PID" "-S $WP_HOST:$WP_PORT" "php -S"
	stop "$MARIADB_PID" "mariadbd.*--socket=$SOCK" "MariaDB"
	if ((purge)); then
		log "removing $WP_ENV_DIR"
		rm -rf "$WP_ENV_DIR"
		# Only ours: another env may serve this port now. (A Playground core's env has none: its
		# wp-config.php was in its folder.)
		if grep -qF "(env $WP_ENV_DIR)" "$WP_PORT_CONFIG_FILE" 2>/dev/null; then
			log "removing $WP_PORT_CONFIG_FILE"
			rm -f "$WP_PORT_CONFIG_FILE"
		fi
		# The dispatcher goes with the last env.
		if ! compgen -G "/etc/wordpress/wp2medium-$WP_HOST-*.php" >/dev/null; then
			rm -f "$WP_CONFIG_FILE"
		fi
	fi
}

cmd_status() {
	local rc=0
	if mariadb_alive; then
		echo "mariadb: running (pid $(<"$MARIADB_PID"), socket $SOCK)"
	else
		echo "mariadb: stopped"
		rc=3
	fi
	if php_alive; then
		echo "wordpress: running (pid $(<"$PHP_PID"), $WP_URL, WP_CORE=$WP_CORE, WordPress $(wp_version))"
	else
		echo "wordpress: stopped"
		rc=3
	fi
	return $rc
}

# seed-scale N: make sure exactly N plain published "scale" posts exist, inserted with multi-row
# INSERTs. Their slugs are wp2medium-scale-NNNNNN, so a re-run only adds the missing ones, and a
# smaller N (the main e2e run after a scale run) deletes those above N.
cmd_seed_scale() {
	local n=${1:-}
	[[ $n =~ ^[0-9]+$ ]] || die "seed-scale needs a count, e.g.: $0 seed-scale 5000"
	same_core
	mariadb_alive || die "MariaDB is not running; run: $0 up"
	local have
	have="$(sql -N "$DB_NAME" -e "SELECT COUNT(*) FROM wp_posts WHERE post_type='post' AND post_name LIKE 'wp2medium-scale-%'")"
	if ((have > n)); then
		log "seed-scale: removing $((have - n)) posts above $n"
		local last
		last="$(printf 'wp2medium-scale-%06d' "$n")"
		sql "$DB_NAME" <<-SQL
			DELETE tr FROM wp_term_relationships tr JOIN wp_posts p ON p.ID = tr.object_id
			  WHERE p.post_type='post' AND p.post_name LIKE 'wp2medium-scale-%' AND p.post_name > '$last';
			DELETE FROM wp_posts WHERE post_type='post' AND post_name LIKE 'wp2medium-scale-%' AND post_name > '$last';
			UPDATE wp_term_taxonomy tt SET count = (SELECT COUNT(*) FROM wp_term_relationships tr
			  JOIN wp_posts p ON p.ID = tr.object_id AND p.post_status = 'publish'
			  WHERE tr.term_taxonomy_id = tt.term_taxonomy_id) WHERE tt.term_taxonomy_id = 1;
		SQL
		return 0
	fi
	if ((have == n)); then
		log "seed-scale: $have scale posts present, nothing to add"
		return 0
	fi
	log "seed-scale: adding $((n - have)) posts ($have present)"
	awk -v from="$((have + 1))" -v to="$n" -v url="$WP_URL" '
	BEGIN {
		cols = "(post_author,post_date,post_date_gmt,post_content,post_title,post_excerpt,post_status," \
			"comment_status,ping_status,post_password,post_name,to_ping,pinged,post_modified," \
			"post_modified_gmt,post_content_filtered,post_parent,guid,menu_order,post_type,post_mime_type,comment_count)"
		batch = 500
		for (i = from; i <= to; i++) {
			if ((i - from) % batch == 0) {
				if (i > from) print ";"
				printf "INSERT INTO wp_posts %s VALUES\n", cols
			} else {
				print ","
			}
			slug = sprintf("wp2medium-scale-%06d", i)
			d = sprintf("DATE_ADD(\x272010-01-01 00:00:00\x27, INTERVAL %d HOUR)", i)
			body = sprintf("<!-- wp:paragraph -->\\n<p>Scale post %d. Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore et dolore magna aliqua.</p>\\n<!-- /wp:paragraph -->\\n\\n<!-- wp:paragraph -->\\n<p>Ut enim ad minim veniam, quis nostrud exercitation ullamco laboris nisi ut aliquip ex ea commodo consequat.</p>\\n<!-- /wp:paragraph -->", i)
			printf "(1,%s,%s,\x27%s\x27,\x27Scale post %d\x27,\x27\x27,\x27publish\x27,\x27open\x27,\x27open\x27,\x27\x27,\x27%s\x27,\x27\x27,\x27\x27,%s,%s,\x27\x27,0,\x27%s/?wp2medium-scale=%d\x27,0,\x27post\x27,\x27\x27,0)", d, d, body, i, slug, d, d, url, i
		}
		print ";"
	}' | sql "$DB_NAME"
	# File them under Uncategorized (term_taxonomy_id 1) like a post made in the editor, and fix the count.
	sql "$DB_NAME" <<-SQL
		INSERT IGNORE INTO wp_term_relationships (object_id, term_taxonomy_id, term_order)
		  SELECT ID, 1, 0 FROM wp_posts WHERE post_type='post' AND post_name LIKE 'wp2medium-scale-%';
		UPDATE wp_term_taxonomy tt SET count = (SELECT COUNT(*) FROM wp_term_relationships tr
		  JOIN wp_posts p ON p.ID = tr.object_id AND p.post_status = 'publish'
		  WHERE tr.term_taxonomy_id = tt.term_taxonomy_id) WHERE tt.term_taxonomy_id = 1;
	SQL
}

main() {
	local cmd=${1:-}
	[[ $# -gt 0 ]] && shift
	case $cmd in
	up) cmd_up "$@" ;;
	down) cmd_down "$@" ;;
	status) cmd_status ;;
	seed-scale) need_root seed-scale; cmd_seed_scale "$@" ;;
	-h | --help | help) usage ;;
	*) usage ;;
	esac
}

main "$@"
