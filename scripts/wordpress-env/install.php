<?php
/**
 * Installs the site if needed, sets pretty permalinks and media storage, and makes sure the admin
 * user has a working application password. Prints WP_URL=, WP_USER=, WP_APP_PASSWORD= and
 * WP_VERSION= (of the WordPress it installed) on stdout.
 * Re-running it reuses the password recorded in $WP2M_ENV_DIR/env while it still verifies.
 */
define('WP_INSTALLING', true);
require __DIR__ . '/bootstrap.php';
require_once ABSPATH . 'wp-admin/includes/upgrade.php';

$env_dir = getenv('WP2M_ENV_DIR') ?: wp2m_die('WP2M_ENV_DIR is not set');
$login = getenv('WP2M_ADMIN_USER') ?: 'wp2medium';
$app_name = 'wp2medium-e2e';

if (!is_blog_installed()) {
	$admin_password = wp_generate_password(24, false);
	$result = wp_install('wp2medium E2E', $login, $login . '@example.invalid', false, '', wp_slash($admin_password), 'en_US');
	wp2m_check($result, 'wp_install');
	file_put_contents("$env_dir/admin-password", $admin_password . "\n");
	chmod("$env_dir/admin-password", 0600);
	// The sample post, page and comment would be unlisted in seed.json: remove them.
	foreach (get_posts(array('post_type' => array('post', 'page'), 'post_status' => 'any', 'numberposts' => -1)) as $p) {
		if ($p->post_name === 'hello-world' || $p->post_name === 'sample-page') {
			wp_delete_post($p->ID, true);
		}
	}
	fwrite(STDERR, "wordpress-env: installed WordPress " . get_bloginfo('version') . "\n");
}

// Settings enforced on every run (cheap, and a changed WP_PORT or folder takes effect).
global $wp_rewrite;
if (get_option('permalink_structure') !== '/%year%/%monthnum%/%postname%/') {
	$wp_rewrite->set_permalink_structure('/%year%/%monthnum%/%postname%/');
	flush_rewrite_rules(false); // soft: Debian's .htaccess is a symlink into /etc, leave it alone
}
update_option('blogdescription', 'A real WordPress for wp2medium end-to-end tests');
update_option('timezone_string', 'UTC');
// Uploads live in the state folder; router.php serves /wp-content/uploads/ from there.
wp_mkdir_p("$env_dir/uploads");
update_option('upload_path', "$env_dir/uploads");
update_option('upload_url_path', home_url('/wp-content/uploads'));

$user = get_user_by('login', $login);
if (!$user) {
	// Installed by someone else (another WP2M_ADMIN_USER): add ours as an administrator.
	$uid = wp2m_check(wp_insert_user(array(
		'user_login' => $login,
		'user_pass'  => wp_generate_password(24, false),
		'user_email' => $login . '@example.invalid',
		'role'       => 'administrator',
	)), 'wp_insert_user');
	$user = get_user_by('id', $uid);
}

// Reuse the recorded application password when it still verifies; else replace ours.
$password = '';
$recorded = @file_get_contents("$env_dir/env");
if ($recorded !== false && preg_match('/^WP_APP_PASSWORD=(\S+)$/m', $recorded, $m)) {
	foreach (WP_Application_Passwords::get_user_application_passwords($user->ID) as $item) {
		if ($item['name'] === $app_name && wp_check_password($m[1], $item['password'], $user->ID)) {
			$password = $m[1];
		}
	}
}
if ($password === '') {
	foreach (WP_Application_Passwords::get_user_application_passwords($user->ID) as $item) {
		if ($item['name'] === $app_name) {
			WP_Application_Passwords::delete_application_password($user->ID, $item['uuid']);
		}
	}
	$created = WP_Application_Passwords::create_new_application_password($user->ID, array('name' => $app_name));
	wp2m_check($created, 'create_new_application_password');
	$password = $created[0];
}

echo 'WP_URL=' . home_url() . "\n";
echo 'WP_USER=' . $user->user_login . "\n";
echo 'WP_APP_PASSWORD=' . $password . "\n";
echo 'WP_VERSION=' . get_bloginfo('version') . "\n";
