<?php
/**
 * Router for `php -S`: what Apache's rewrite rules and Debian's "Alias /wp-content" do.
 * It runs at global scope on purpose: WordPress needs its globals global.
 * WP2M_ROOT is the core's folder; WP2M_CONTENT_FALLBACK, when set, is where /wp-content/ files
 * that are not in it live (Debian's /var/lib/wordpress; a Playground core has its wp-content inside).
 */
$wp2m_root = getenv('WP2M_ROOT') ?: '/usr/share/wordpress';
$wp2m_content_fallback = getenv('WP2M_CONTENT_FALLBACK');
$wp2m_path = rawurldecode(parse_url($_SERVER['REQUEST_URI'], PHP_URL_PATH) ?? '/');

// A request without Host, or for localhost, still gets our /etc/wordpress/config-127.0.0.1.php
// (Debian's WORDPRESS_CONFIG variable cannot name it: its pattern allows no dots).
$wp2m_host = preg_replace('/:.*/', '', $_SERVER['HTTP_HOST'] ?? '');
if ($wp2m_host === '' || $wp2m_host === 'localhost') {
	$_SERVER['HTTP_HOST'] = '127.0.0.1:' . (getenv('WP2M_PORT') ?: '8089');
}

/** Sends a static file from outside the docroot, or a 404. */
function wp2m_static($file) {
	$real = realpath($file);
	if ($real === false || !is_file($real)) {
		http_response_code(404);
		return;
	}
	$types = array(
		'png' => 'image/png', 'jpg' => 'image/jpeg', 'jpeg' => 'image/jpeg', 'gif' => 'image/gif',
		'webp' => 'image/webp', 'svg' => 'image/svg+xml', 'css' => 'text/css', 'js' => 'text/javascript',
		'woff2' => 'font/woff2', 'json' => 'application/json', 'txt' => 'text/plain',
	);
	$ext = strtolower(pathinfo($real, PATHINFO_EXTENSION));
	if ($ext === 'php') {
		http_response_code(403);
		return;
	}
	header('Content-Type: ' . ($types[$ext] ?? 'application/octet-stream'));
	header('Content-Length: ' . filesize($real));
	readfile($real);
}

if (strpos($wp2m_path, '..') !== false) {
	http_response_code(400);
	return true;
}
if (strpos($wp2m_path, '/wp-content/uploads/') === 0) {
	wp2m_static((getenv('WP2M_ENV_DIR') ?: '/tmp/wp2medium-wp') . '/uploads/' . substr($wp2m_path, strlen('/wp-content/uploads/')));
	return true;
}
if ($wp2m_content_fallback && strpos($wp2m_path, '/wp-content/') === 0 && !is_file($wp2m_root . $wp2m_path)) {
	wp2m_static($wp2m_content_fallback . $wp2m_path);
	return true;
}

// Existing files (wp-login.php, wp-admin/, wp-includes/ assets) are served by php -S itself.
$wp2m_file = $wp2m_root . $wp2m_path;
if ($wp2m_path !== '/' && (is_file($wp2m_file) || (is_dir($wp2m_file) && is_file(rtrim($wp2m_file, '/') . '/index.php')))) {
	return false;
}

// Everything else is a pretty permalink (/wp-json/..., /2024/01/slug/): WordPress's front controller.
// php -S takes the deepest existing folder with an index.php as the script and the rest as PATH_INFO
// (/wp-content/wp-json/ gives PATH_INFO /wp-json/), which WordPress would route by. Apache's rewrite
// to index.php sets none, so neither does this: WordPress routes by REQUEST_URI alone.
unset($_SERVER['PATH_INFO'], $_SERVER['ORIG_PATH_INFO']);
$_SERVER['SCRIPT_NAME'] = '/index.php';
$_SERVER['PHP_SELF'] = '/index.php';
$_SERVER['SCRIPT_FILENAME'] = $wp2m_root . '/index.php';
chdir($wp2m_root);
require $wp2m_root . '/index.php';
