<?php
/**
 * Loads WordPress from the command line for install.php and seed.php.
 *
 * Debian's wp-config.php picks /etc/wordpress/config-<host>.php from the Host header, which the CLI
 * does not have: set it to the host the env serves, so the CLI and php -S load the same config.
 * (A Playground core's wp-config.php is the env's own and needs no Host, but gets the same.)
 */

$wp2m_url = getenv('WP2M_URL') ?: 'http://127.0.0.1:8089';
$wp2m_parts = parse_url($wp2m_url);
$_SERVER['HTTP_HOST'] = $wp2m_parts['host'] . (isset($wp2m_parts['port']) ? ':' . $wp2m_parts['port'] : '');
$_SERVER['SERVER_NAME'] = $wp2m_parts['host'];
$_SERVER['REQUEST_URI'] = '/';
$_SERVER['SERVER_PROTOCOL'] = 'HTTP/1.1';
$_SERVER['REQUEST_METHOD'] = 'GET';

// Pluggable functions defined before WordPress loads win: this machine sends no mail.
function wp_mail($to, $subject, $message, $headers = '', $attachments = array()) {
	return true;
}
function wp_new_blog_notification($blog_title, $blog_url, $user_id, $password) {
}

require (getenv('WP2M_ROOT') ?: '/usr/share/wordpress') . '/wp-load.php';

/** Fails the script with a message on stderr. */
function wp2m_die($msg) {
	fwrite(STDERR, "wordpress-env: error: $msg\n");
	exit(1);
}

/** Stops on a WP_Error, saying what was being done. */
function wp2m_check($result, $what) {
	if (is_wp_error($result)) {
		wp2m_die("$what: " . $result->get_error_code() . ': ' . $result->get_error_message());
	}
	if ($result === false || $result === 0) {
		wp2m_die("$what failed");
	}
	return $result;
}
