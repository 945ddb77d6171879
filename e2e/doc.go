// Package e2e holds wp2medium's end-to-end tests: the real binary against a
// real WordPress (scripts/wordpress-env.sh) and the real terminal app driven
// through tmux. They only build with the e2e tag, which is the opt-in:
//
//	eval "$(scripts/wordpress-env.sh up)" && scripts/wordpress-env.sh seed-scale 5000
//	WP_ENV_DIR=/tmp/wp2medium-wp E2E_SCALE_POSTS=5000 WP_URL=... WP_USER=... WP_APP_PASSWORD=... \
//	  go test -tags e2e ./e2e/
//
// WP_CORE=6.5 before `up` (with another WP_ENV_DIR and WP_PORT) gives WordPress 6.5
// instead of Debian's 6.1. scripts/test.sh runs the suite on both, and stops the
// sites afterwards.
package e2e
