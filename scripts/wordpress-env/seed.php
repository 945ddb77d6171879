<?php
/**
 * Seeds the posts the e2e tests read, through WordPress itself (wp_insert_post), and writes
 * $WP2M_ENV_DIR/seed.json describing them. Skips when this seed version is already in place;
 * otherwise removes what an earlier seed made (post meta _wp2medium_seed) and seeds again.
 */
require __DIR__ . '/bootstrap.php';
require_once ABSPATH . 'wp-admin/includes/image.php';
require_once ABSPATH . 'wp-admin/includes/file.php';
require_once ABSPATH . 'wp-admin/includes/media.php';
require __DIR__ . '/seed-content.php';

const WP2M_SEED_VERSION = '1';

$env_dir = getenv('WP2M_ENV_DIR') ?: wp2m_die('WP2M_ENV_DIR is not set');
$manifest_file = "$env_dir/seed.json";
$user = get_user_by('login', getenv('WP2M_ADMIN_USER') ?: 'wp2medium') ?: wp2m_die('admin user missing: run install.php first');
// Seed as the administrator, as an author in the editor would (unfiltered_html: no kses on content).
wp_set_current_user($user->ID);

// The hostile terms come first and on every run: they are attached to no seeded post (the tests
// that use them make their own posts), so an env seeded before they existed gets them when it
// next starts (`up` after `down`), without a new seed version. WordPress strips escape sequences and encodes "&" in term names it is given
// (sanitize_text_field, kses, _wp_specialchars on pre_term_name), so the names are written
// straight to the table: a name as it may come from an import, a plugin or the database.
foreach (wp2m_hostile_terms() as $slug => list($taxonomy, $name)) {
	$term = get_term_by('slug', $slug, $taxonomy);
	$id = $term ? (int) $term->term_id : (int) wp2m_check(wp_insert_term($slug, $taxonomy, array('slug' => $slug)), "term $slug")['term_id'];
	if (!$term || $term->name !== $name) {
		$wpdb->update($wpdb->terms, array('name' => $name), array('term_id' => $id)) !== false || wp2m_die("naming term $slug: " . $wpdb->last_error);
		clean_term_cache($id, $taxonomy);
	}
}

$seeded = get_posts(array(
	'post_type' => array('post', 'attachment'), 'post_status' => 'any', 'numberposts' => -1,
	'meta_key' => '_wp2medium_seed', 'fields' => 'ids', 'suppress_filters' => true,
));
if (get_option('wp2medium_seed_version') === WP2M_SEED_VERSION && is_file($manifest_file) && count($seeded) > 0) {
	fwrite(STDERR, "wordpress-env: seed v" . WP2M_SEED_VERSION . " present (" . count($seeded) . " posts and media)\n");
	exit(0);
}
foreach ($seeded as $id) {
	wp_delete_post($id, true); // attachments: also deletes their files
}
foreach (get_option('sticky_posts', array()) as $id) {
	if (!get_post($id)) {
		unstick_post($id);
	}
}

/** Draws a PNG with GD (a fixed tiny PNG without GD) and adds it as an attachment. */
function wp2m_image($name, $rgb, $label) {
	if (function_exists('imagecreatetruecolor')) {
		$im = imagecreatetruecolor(640, 400);
		imagefill($im, 0, 0, imagecolorallocate($im, $rgb[0], $rgb[1], $rgb[2]));
		imagestring($im, 5, 20, 20, $label, imagecolorallocate($im, 255, 255, 255));
		ob_start();
		imagepng($im);
		$bits = ob_get_clean();
		imagedestroy($im);
	} else {
		$bits = base64_decode('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==');
	}
	$upload = wp_upload_bits("$name.png", null, $bits, '2024/03');
	if (!empty($upload['error'])) {
		wp2m_die("writing $name.png: " . $upload['error']);
	}
	$id = wp2m_check(wp_insert_attachment(array(
		'post_mime_type' => 'image/png',
		'post_title'     => $label,
		'post_status'    => 'inherit',
		'post_excerpt'   => "$label (caption)",
		'meta_input'     => array('_wp2medium_seed' => '1', '_wp_attachment_image_alt' => "$label (alt)"),
	), $upload['file'], 0, true), "attachment $name");
	wp_update_attachment_metadata($id, wp_generate_attachment_metadata($id, $upload['file']));
	return array('id' => $id, 'url' => $upload['url']);
}

$images = array(
	'red'   => wp2m_image('wp2medium-red', array(200, 30, 30), 'Red square'),
	'blue'  => wp2m_image('wp2medium-blue', array(30, 60, 200), 'Blue square'),
	'green' => wp2m_image('wp2medium-green', array(30, 150, 60), 'Green square'),
);
$category_ids = array();
foreach (array('Go', 'Terminal', 'Écriture') as $cat) {
	$term = term_exists($cat, 'category') ?: wp_insert_term($cat, 'category');
	$category_ids[$cat] = (int) wp2m_check($term, "category $cat")['term_id'];
}

$manifest = array();
$day = 0;
foreach (wp2m_seed_posts($images) as $spec) {
	$day++;
	$status = $spec['status'] ?? 'publish';
	$date = $spec['date'] ?? gmdate('Y-m-d H:i:s', strtotime('2024-03-01 10:00:00 UTC') + $day * 86400);
	$cats = array();
	foreach ($spec['categories'] ?? array('Go') as $c) {
		$cats[] = $category_ids[$c];
	}
	$arr = array(
		'post_type'     => 'post',
		'post_author'   => $user->ID,
		'post_title'    => $spec['title'],
		'post_content'  => $spec['content'],
		'post_excerpt'  => $spec['excerpt'] ?? '',
		'post_status'   => $status,
		'post_date'     => $date,
		'post_date_gmt' => $date,
		'post_password' => $spec['password'] ?? '',
		'tags_input'    => $spec['tags'] ?? array(),
		'meta_input'    => array('_wp2medium_seed' => '1') + ($spec['meta'] ?? array()),
	);
	if (!array_key_exists('categories', $spec) || $spec['categories']) {
		$arr['post_category'] = $cats;
	}
	// wp_insert_post unslashes its input (it expects form data): slash it, or every "\" is lost.
	$id = wp2m_check(wp_insert_post(wp_slash($arr), true), 'wp_insert_post ' . $spec['key']);
	if (!empty($spec['sticky'])) {
		stick_post($id);
	}
	if (!empty($spec['image'])) {
		set_post_thumbnail($id, $images[$spec['image']]['id']);
	}
	$manifest[] = array('key' => $spec['key'], 'id' => $id, 'given_title' => $spec['title']);
}

// What the REST API will say. It shows titles without the "Private: "/"Protected: " prefixes.
add_filter('protected_title_format', function () { return '%s'; });
add_filter('private_title_format', function () { return '%s'; });
foreach ($manifest as &$m) {
	$post = get_post($m['id']);
	$rendered = get_the_title($post);
	$m = array(
		'key'                 => $m['key'],
		'id'                  => $post->ID,
		'slug'                => $post->post_name,
		'title'               => $m['given_title'],
		'title_raw'           => $post->post_title,
		'title_rendered'      => $rendered,
		'expected_title'      => html_entity_decode($rendered, ENT_QUOTES | ENT_HTML5, 'UTF-8'),
		'status'              => $post->post_status,
		'visible_anonymously' => $post->post_status === 'publish',
		'password_protected'  => $post->post_password !== '',
		'password'            => $post->post_password,
		'sticky'              => is_sticky($post->ID),
		'date_gmt'            => mysql_to_rfc3339($post->post_date_gmt),
		'link'                => get_permalink($post),
		'featured_media'      => (int) get_post_thumbnail_id($post),
		'categories'          => wp_get_post_categories($post->ID, array('fields' => 'names')),
		'tags'                => wp_get_post_tags($post->ID, array('fields' => 'names')),
	);
}
unset($m);

$json = json_encode(array(
	'wp_url'     => home_url(),
	'seed'       => WP2M_SEED_VERSION,
	'wp_version' => get_bloginfo('version'),
	'db_name'    => DB_NAME,
	'media'      => array_map(function ($i) { return $i['id']; }, $images),
	'posts'      => $manifest,
), JSON_PRETTY_PRINT | JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE | JSON_INVALID_UTF8_SUBSTITUTE);
if ($json === false || file_put_contents("$manifest_file.tmp", $json . "\n") === false || !rename("$manifest_file.tmp", $manifest_file)) {
	wp2m_die("writing $manifest_file: " . json_last_error_msg());
}
update_option('wp2medium_seed_version', WP2M_SEED_VERSION);
fwrite(STDERR, 'wordpress-env: seeded ' . count($manifest) . " posts, manifest $manifest_file\n");
