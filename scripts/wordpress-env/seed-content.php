<?php
/**
 * The posts seed.php inserts. Each has a stable 'key' (seed.json keeps it) so tests can find a
 * post by what it exercises, not by its id.
 */

/** Block-editor markup of every common core block, as the editor saves it (WordPress 6.x). */
function wp2m_blocks_content($images) {
	$r = $images['red'];
	$b = $images['blue'];
	$g = $images['green'];
	return <<<HTML
<!-- wp:paragraph -->
<p>An opening paragraph with <strong>bold</strong>, <em>italic</em>, <code>inline code</code>, a <a href="https://example.com/docs?a=1&amp;b=2">link</a>, <s>strike</s> and a footnote<sup data-fn="4c5f2a1e-0b7d-4e53-9a57-2f0b2e1c0001" class="fn"><a href="#4c5f2a1e-0b7d-4e53-9a57-2f0b2e1c0001" id="4c5f2a1e-0b7d-4e53-9a57-2f0b2e1c0001-link">1</a></sup>.</p>
<!-- /wp:paragraph -->

<!-- wp:heading -->
<h2 class="wp-block-heading">A second-level heading</h2>
<!-- /wp:heading -->

<!-- wp:heading {"level":3} -->
<h3 class="wp-block-heading">A third-level heading</h3>
<!-- /wp:heading -->

<!-- wp:list -->
<ul><!-- wp:list-item -->
<li>First item</li>
<!-- /wp:list-item -->

<!-- wp:list-item -->
<li>Second item with <a href="https://example.com/">a link</a><!-- wp:list -->
<ul><!-- wp:list-item -->
<li>Nested item</li>
<!-- /wp:list-item --></ul>
<!-- /wp:list --></li>
<!-- /wp:list-item --></ul>
<!-- /wp:list -->

<!-- wp:list {"ordered":true} -->
<ol><!-- wp:list-item -->
<li>One</li>
<!-- /wp:list-item -->

<!-- wp:list-item -->
<li>Two</li>
<!-- /wp:list-item --></ol>
<!-- /wp:list -->

<!-- wp:quote -->
<blockquote class="wp-block-quote"><!-- wp:paragraph -->
<p>Simplicity is prerequisite for reliability.</p>
<!-- /wp:paragraph --><cite>Edsger W. Dijkstra</cite></blockquote>
<!-- /wp:quote -->

<!-- wp:code {"className":"language-go"} -->
<pre class="wp-block-code language-go"><code class="language-go">package main

import "fmt"

func main() {
	fmt.Printf("%d &lt;3 \\n", 42) // backslash-n must survive
}</code></pre>
<!-- /wp:code -->

<!-- wp:preformatted -->
<pre class="wp-block-preformatted">  preformatted   text
    keeps its    spaces</pre>
<!-- /wp:preformatted -->

<!-- wp:image {"id":{$r['id']},"sizeSlug":"full","linkDestination":"none"} -->
<figure class="wp-block-image size-full"><img src="{$r['url']}" alt="A red square" class="wp-image-{$r['id']}"/><figcaption class="wp-element-caption">A <em>red</em> square, with a caption</figcaption></figure>
<!-- /wp:image -->

<!-- wp:gallery {"linkTo":"none"} -->
<figure class="wp-block-gallery has-nested-images columns-default is-cropped"><!-- wp:image {"id":{$b['id']},"sizeSlug":"large","linkDestination":"none"} -->
<figure class="wp-block-image size-large"><img src="{$b['url']}" alt="Blue" class="wp-image-{$b['id']}"/><figcaption class="wp-element-caption">Blue one</figcaption></figure>
<!-- /wp:image -->

<!-- wp:image {"id":{$g['id']},"sizeSlug":"large","linkDestination":"none"} -->
<figure class="wp-block-image size-large"><img src="{$g['url']}" alt="Green" class="wp-image-{$g['id']}"/></figure>
<!-- /wp:image --><figcaption class="blocks-gallery-caption wp-element-caption">A gallery of two</figcaption></figure>
<!-- /wp:gallery -->

<!-- wp:table -->
<figure class="wp-block-table"><table><thead><tr><th>Language</th><th>Year</th></tr></thead><tbody><tr><td>Go</td><td>2009</td></tr><tr><td>Rust &amp; friends</td><td>2015</td></tr></tbody></table><figcaption class="wp-element-caption">A table caption</figcaption></figure>
<!-- /wp:table -->

<!-- wp:embed {"url":"https://www.youtube.com/watch?v=dQw4w9WgXcQ","type":"video","providerNameSlug":"youtube","responsive":true,"className":"wp-embed-aspect-16-9 wp-has-aspect-ratio"} -->
<figure class="wp-block-embed is-type-video is-provider-youtube wp-block-embed-youtube wp-embed-aspect-16-9 wp-has-aspect-ratio"><div class="wp-block-embed__wrapper">
https://www.youtube.com/watch?v=dQw4w9WgXcQ
</div><figcaption class="wp-element-caption">An embedded video</figcaption></figure>
<!-- /wp:embed -->

<!-- wp:separator -->
<hr class="wp-block-separator has-alpha-channel-opacity"/>
<!-- /wp:separator -->

<!-- wp:pullquote -->
<figure class="wp-block-pullquote"><blockquote><p>A pullquote stands out.</p><cite>Someone</cite></blockquote></figure>
<!-- /wp:pullquote -->

<!-- wp:buttons -->
<div class="wp-block-buttons"><!-- wp:button -->
<div class="wp-block-button"><a class="wp-block-button__link wp-element-button" href="https://example.com/subscribe">Subscribe</a></div>
<!-- /wp:button --></div>
<!-- /wp:buttons -->

<!-- wp:columns -->
<div class="wp-block-columns"><!-- wp:column -->
<div class="wp-block-column"><!-- wp:paragraph -->
<p>Left column.</p>
<!-- /wp:paragraph --></div>
<!-- /wp:column -->

<!-- wp:column -->
<div class="wp-block-column"><!-- wp:paragraph -->
<p>Right column.</p>
<!-- /wp:paragraph --></div>
<!-- /wp:column --></div>
<!-- /wp:columns -->

<!-- wp:html -->
<div class="custom-html"><script>alert("scripts in custom HTML")</script><p>Custom HTML block</p></div>
<!-- /wp:html -->

<!-- wp:paragraph -->
<p>Last paragraph before the footnotes.</p>
<!-- /wp:paragraph -->

<!-- wp:footnotes /-->
HTML;
}

/** Classic-editor content: no block comments, blank-line paragraphs (wpautop), shortcodes. */
function wp2m_classic_content($images) {
	$r = $images['red'];
	$b = $images['blue'];
	$g = $images['green'];
	return <<<HTML
This post was written in the <strong>classic editor</strong>. Paragraphs are blank-line separated
and a single newline is a line break.

[caption id="attachment_{$b['id']}" align="aligncenter" width="640"]<img class="size-full wp-image-{$b['id']}" src="{$b['url']}" alt="Blue square" width="640" height="400" /> The [caption] shortcode's caption[/caption]

[gallery ids="{$r['id']},{$g['id']}" columns="2" size="thumbnail"]

<!--more-->

An unknown shortcode stays as text: [not_a_shortcode foo="bar"]. Escaped: [[caption]].
<h2>A heading typed as HTML</h2>
<pre><code class="language-python">print("hello")  # a &lt;tag&gt; in code</code></pre>
<blockquote>A classic blockquote.</blockquote>
<ul>
 	<li>classic list item</li>
 	<li>another</li>
</ul>
https://www.youtube.com/watch?v=dQw4w9WgXcQ

Last line.
HTML;
}

/** A paragraph block. */
function wp2m_p($html) {
	return "<!-- wp:paragraph -->\n<p>$html</p>\n<!-- /wp:paragraph -->";
}

/** The seeded posts, oldest first. */
function wp2m_seed_posts($images) {
	$long_tags = array(
		'go', 'golang', 'terminal', 'tui', 'bubbletea', 'medium', 'cross-posting', 'wordpress', 'rest-api',
		'markdown', 'testing', 'e2e', 'unicode', 'café', '日本語', 'tag with spaces', 'UPPER case tag',
		'a-tag-that-is-much-longer-than-twenty-five-characters',
		'another very long tag name exceeding the limit',
		'supercalifragilisticexpialidocious-tag',
		'tag-with-&-ampersand', "tag 'quoted'", 'emoji 🚀', 'twenty-five-chars-exactly',
		't1', 't2', 't3', 't4', 't5', 't6', 't7', 't8', 't9', 't10',
	);
	return array(
		array(
			'key' => 'blocks', 'title' => 'Every block: a tour of the block editor',
			'content' => wp2m_blocks_content($images), 'image' => 'red',
			'categories' => array('Go', 'Terminal'), 'tags' => array('go', 'blocks', 'gutenberg'),
			'excerpt' => 'A hand-written excerpt for the block tour.',
			// What the editor (6.3+) stores for footnotes; WordPress 6.1 has no footnotes block.
			'meta' => array('footnotes' => '[{"content":"The footnote text, with <em>markup</em>.","id":"4c5f2a1e-0b7d-4e53-9a57-2f0b2e1c0001"}]'),
		),
		array(
			'key' => 'classic', 'title' => 'Classic editor: [caption] & [gallery] shortcodes',
			'content' => wp2m_classic_content($images), 'image' => 'blue', 'categories' => array('Écriture'),
			'tags' => array('classic', 'shortcodes'),
		),
		array(
			'key' => 'unicode', 'title' => 'Ünïcödé — 日本語のタイトル, Ελληνικά, emoji 🚀🎉👩‍💻 and e&#769;',
			'content' => wp2m_p('Ünïcödé body: 日本語の本文。Ελληνικά. Emoji: 🚀🎉👩‍💻🇫🇷. Combining: é vs é. Zero&#8203;width. NBSP:&nbsp;here.'),
			'tags' => array('unicode', '日本語', 'emoji 🚀'), 'image' => 'green',
		),
		array(
			'key' => 'rtl', 'title' => 'مرحبا بالعالم — שלום עולם (right-to-left)',
			'content' => wp2m_p('<span dir="rtl">هذا نص عربي من اليمين إلى اليسار.</span>') . "\n\n" . wp2m_p('עברית: זהו טקסט מימין לשמאל, mixed with English and 123.') . "\n\n" . wp2m_p("Override: \u{202E}txet desrever\u{202C} end."),
			'tags' => array('rtl'),
		),
		array(
			'key' => 'entities', 'title' => "It's Q&A time: \"quotes\", 'single' -- dashes... (c) 1/2 x 3",
			'content' => wp2m_p('Texturize turns "this" into curly quotes and -- into a dash, but not in <code>"code"</code>.'),
			'tags' => array('entities'),
		),
		array(
			'key' => 'typed-entities', 'title' => 'AT&amp;T &lt;3 &copy; and <em>markup</em> in a title',
			'content' => wp2m_p('The title holds entities typed as entities, and an em tag.'),
		),
		array(
			'key' => 'escape-csi', 'title' => "\e[31mRED ALERT\e[0m and \e[1;5mblink\e[0m",
			'content' => wp2m_p("Body with \e[2J clear-screen and \e[31mred\e[0m CSI sequences."),
			'tags' => array('security'),
		),
		array(
			'key' => 'escape-osc', 'title' => "\e]0;pwned window title\x07Innocent looking title\e]8;;https://evil.example/\e\\link\e]8;;\e\\",
			'content' => wp2m_p("OSC 52 clipboard write: \e]52;c;cHduZWQ=\x07 end."),
			'tags' => array('security'),
		),
		array(
			'key' => 'control-chars', 'title' => "Bell\x07 backspace\x08 DEL\x7f C1-CSI\u{9b}31m tab\there\r\nCRLF",
			'content' => wp2m_p("NUL-free control characters: \x01\x02\x03\x1b[H."),
			'tags' => array('security'),
		),
		array(
			'key' => 'long-tags', 'title' => 'A post with many and long tags',
			'content' => wp2m_p('Tags galore.'), 'tags' => $long_tags, 'categories' => array('Go', 'Terminal', 'Écriture'),
		),
		array(
			'key' => 'uncategorized', 'title' => 'Only in Uncategorized', 'categories' => array(),
			'content' => wp2m_p('This post has no category but the default one.'),
		),
		array(
			'key' => 'long-title', 'title' => str_repeat('A very long title that keeps going ', 8) . 'and ends here',
			'content' => wp2m_p('Long title test.'),
		),
		array(
			'key' => 'no-title', 'title' => '',
			'content' => wp2m_p('A post without a title.'),
		),
		array(
			'key' => 'sticky', 'title' => 'Sticky post', 'sticky' => true, 'image' => 'red',
			'content' => wp2m_p('This post is sticky.'),
		),
		array(
			'key' => 'password', 'title' => 'Password-protected post', 'password' => 'letmein',
			'content' => wp2m_p('The secret content behind a post password.'),
		),
		array(
			'key' => 'private', 'title' => 'Private post', 'status' => 'private',
			'content' => wp2m_p('Only logged-in editors see this.'),
		),
		array(
			'key' => 'draft', 'title' => 'Draft post', 'status' => 'draft',
			'content' => wp2m_p('Not finished yet.'), 'image' => 'blue',
		),
		array(
			'key' => 'pending', 'title' => 'Pending review post', 'status' => 'pending',
			'content' => wp2m_p('Waiting for an editor.'),
		),
		array(
			'key' => 'future', 'title' => 'Scheduled post', 'status' => 'future', 'date' => '2099-01-01 09:00:00',
			'content' => wp2m_p('Scheduled for the far future.'),
		),
	);
}

/**
 * The escape sequences of the hostile fixture (e2e/hostile_test.go, hostileSeqs: keep the two in
 * step; the test checks the terms below against its own list). Each is [raw, entity]: the bytes a
 * terminal acts on, and the same as HTML character references, harmless until decoded ('' when
 * there is none: HTML5 maps &#155; and its neighbours to windows-1252 characters, not to C1).
 */
function wp2m_hostile_seqs() {
	return array(
		array("\e[8;5;5t", '&#27;[8;5;5t'),
		array("\e[2J", '&#x1b;[2J'),
		array("\e]0;PWNED-TITLE-0\x07", '&#27;]0;PWNED-TITLE-0&#7;'),
		array("\e]2;PWNED-TITLE-2\e\\", '&#x1B;]2;PWNED-TITLE-2&#x1B;\\'),
		array("\e]8;;https://example.com/PWNED-OSC8\e\\", '&#27;]8;;https://example.com/PWNED-OSC8&#27;\\'),
		array("\e]8;;\e\\", '&#27;]8;;&#27;\\'),
		array("\e]52;c;UFdORUQtQ0xJUEJPQVJE\x07", '&#27;]52;c;UFdORUQtQ0xJUEJPQVJE&#x07;'),
		array("\ePPWNED-DCS\e\\", '&#27;PPWNED-DCS&#27;\\'),
		array("\e#8", '&#27;#8'),
		array("\e(0", '&#27;(0'),
		array("\ec", '&#27;c'),
		array("\u{9b}8;5;5t", ''),
		array("\u{9d}0;PWNED-C1-TITLE\u{9c}", ''),
		array("\u{90}PWNED-C1-DCS\u{9c}", ''),
		array("\u{202e}", '&#x202E;'),
	);
}

/**
 * $prefix, then each of the sequences $from to $to - 1 (raw or entity form) followed by the next
 * letter: a, b, c, ... (A term name holds at most 200 characters: a tag takes the first half of
 * the sequences, a category the second.)
 */
function wp2m_hostile_text($prefix, $entity, $from, $to) {
	$s = $prefix;
	$letter = 'a';
	foreach (array_slice(wp2m_hostile_seqs(), $from, $to - $from) as $seq) {
		$form = $entity ? $seq[1] : $seq[0];
		if ($form === '') {
			continue;
		}
		$s .= $form . $letter;
		$letter++;
	}
	return $s;
}

/** The hostile tags and categories, slug => [taxonomy, name]; e2e/hostile_test.go reads them by slug. */
function wp2m_hostile_terms() {
	$n = count(wp2m_hostile_seqs());
	$half = intdiv($n, 2);
	return array(
		'wp2medium-e2e-hostile-tag-raw'    => array('post_tag', wp2m_hostile_text('rawtag', false, 0, $half)),
		'wp2medium-e2e-hostile-tag-entity' => array('post_tag', wp2m_hostile_text('enttag', true, 0, $half)),
		'wp2medium-e2e-hostile-cat-raw'    => array('category', wp2m_hostile_text('rawcat', false, $half, $n)),
		'wp2medium-e2e-hostile-cat-entity' => array('category', wp2m_hostile_text('entcat', true, $half, $n)),
	);
}
