package crosspost

import (
	"slices"
	"strings"
	"testing"

	"github.com/wp2medium/wp2medium/wordpress"
)

// The markup in these tests is what WordPress 6.1 renders for the blocks
// named, as the REST API returns it to an authenticated request (the links
// that dynamic blocks build carry the request's own REST address).

func TestFidelitySiteMachineryLinks(t *testing.T) {
	runFidelity(t, []fidelityCase{{
		name:     "log-out block sends nothing",
		in:       `<div class="logged-in wp-block-loginout"><a href="https://blog.example.com/wp-login.php?action=logout&amp;redirect_to=https%3A%2F%2Fblog.example.com%2Fwp-json%2Fwp%2Fv2%2Fposts%2F12&amp;_wpnonce=3f2a1b9c8d">Log out</a></div>`,
		medium:   "",
		markdown: "",
	}, {
		name: "comment edit link and query pagination built from the REST address",
		in: `<div class="wp-block-comment-author-name">A WordPress Commenter</div>` +
			`<div class="wp-block-comment-edit-link"><a href="https://blog.example.com/wp-admin/comment.php?action=editcomment&amp;c=1">Edit</a></div>` + "\n" +
			`<div class="wp-block-query-pagination is-layout-flex"><a href="https://blog.example.com/?rest_route=%2Fwp%2Fv2%2Fposts%2F12&amp;context=edit&amp;query-2-page=2" class="wp-block-query-pagination-next">Next Page</a></div>` + "\n" +
			`<p>After the list.</p>`,
		medium:   "<p>A WordPress Commenter</p>\n<p>After the list.</p>",
		markdown: "A WordPress Commenter\n\nAfter the list.\n",
	}, {
		name: "comment form's cancel-reply link",
		in: `<div id="respond" class="comment-respond wp-block-post-comments-form"><h3 id="reply-title" class="comment-reply-title">Leave a Reply ` +
			`<small><a rel="nofollow" id="cancel-comment-reply-link" href="https://blog.example.com/wp-json/wp/v2/posts/12?context=edit#respond" style="display:none;">Cancel reply</a></small></h3>` +
			`<form action="https://blog.example.com/wp-comments-post.php" method="post" id="commentform" class="comment-form" novalidate><p class="form-submit"><input name="submit" type="submit" id="submit" class="submit" value="Post Comment" /></p></form></div>`,
		medium:   "<h3>Leave a Reply</h3>",
		markdown: "### Leave a Reply\n",
	}, {
		name: "the site's admin or API in the author's sentence keeps its words, not its address; another site's link stays",
		in: `<p>Read it raw from <a href="https://blog.example.com/wp-json/wp/v2/posts/12">the API</a> or <a href="https://blog.example.com/xmlrpc.php">XML-RPC</a>; the <a href="https://blog.example.com/wp-json-guide/">guide</a> stays.</p>` + "\n" +
			`<p>Go to <a href="/wp-admin/options-general.php">Settings → General</a>, or read <a href="https://news.example.org/wp-json/wp/v2/posts">their feed</a>.</p>` + "\n" +
			`<p><a href="/wp-admin/profile.php"><img src="https://blog.example.com/avatar.png" alt="me"></a></p>`,
		medium: `<p>Read it raw from the API or XML-RPC; the <a href="https://blog.example.com/wp-json-guide/">guide</a> stays.</p>` + "\n" +
			`<p>Go to Settings → General, or read <a href="https://news.example.org/wp-json/wp/v2/posts">their feed</a>.</p>` + "\n" +
			`<figure><img src="https://blog.example.com/avatar.png" alt="me"/></figure>`,
		markdown: "Read it raw from the API or XML-RPC; the [guide](https://blog.example.com/wp-json-guide/) stays.\n\n" +
			"Go to Settings → General, or read [their feed](https://news.example.org/wp-json/wp/v2/posts).\n\n![me](https://blog.example.com/avatar.png)\n",
	}})
}

func TestFidelityInPageAnchors(t *testing.T) {
	runFidelity(t, []fidelityCase{{
		name: "a fragment, bare or on the permalink, keeps its text; a comment's address stays a link",
		in: `<h2 class="wp-block-heading" id="towpath">The towpath in spring</h2>` + "\n" +
			`<p><a href="#towpath">Jump to the towpath section</a> if the locks bore you.</p>` + "\n" +
			`<p>Or <a href="https://blog.example.com/2024/05/hello-world/#towpath">jump there</a> from here, ` +
			`<a href="https://blog.example.com/2024/05/hello-world/">reload the post</a> or read <a href="https://blog.example.com/2024/04/locks/#gates">the gates</a>.</p>` + "\n" +
			`<div class="wp-block-comment-date"><time datetime="2019-06-01T10:00:00+00:00"><a href="https://blog.example.com/2024/05/hello-world/#comment-18">June 1, 2019</a></time></div>`,
		medium: "<h2>The towpath in spring</h2>\n" +
			"<p>Jump to the towpath section if the locks bore you.</p>\n" +
			`<p>Or jump there from here, <a href="https://blog.example.com/2024/05/hello-world/">reload the post</a> or read <a href="https://blog.example.com/2024/04/locks/#gates">the gates</a>.</p>` + "\n" +
			`<p><a href="https://blog.example.com/2024/05/hello-world/#comment-18">June 1, 2019</a></p>`,
		// Copied Markdown lives away from the post: the fragment, made
		// absolute, still opens the section on WordPress. The preview shows
		// the text alone, as Medium will.
		markdown: "## The towpath in spring\n\n[Jump to the towpath section](https://blog.example.com/2024/05/hello-world/#towpath) if the locks bore you.\n\n" +
			"Or [jump there](https://blog.example.com/2024/05/hello-world/#towpath) from here, [reload the post](https://blog.example.com/2024/05/hello-world/) or read [the gates](https://blog.example.com/2024/04/locks/#gates).\n\n" +
			"[June 1, 2019](https://blog.example.com/2024/05/hello-world/#comment-18)\n",
		preview: "## The towpath in spring\n\nJump to the towpath section if the locks bore you.\n\n" +
			"Or jump there from here, reload the post\\[1] or read the gates\\[2].\n\nJune 1, 2019\\[3]\n\n---\n\n**Links**\n\n" +
			"1. https://blog.example.com/2024/05/hello-world/\n2. https://blog.example.com/2024/04/locks/#gates\n3. https://blog.example.com/2024/05/hello-world/#comment-18\n",
	}})
}

func TestFidelityBlockParts(t *testing.T) {
	runFidelity(t, []fidelityCase{{
		name: "latest posts: title and date",
		in: `<ul class="wp-block-latest-posts__list has-dates wp-block-latest-posts">` +
			`<li><a class="wp-block-latest-posts__post-title" href="https://blog.example.com/2024/03/sticky-post/">Sticky post</a><time datetime="2024-03-15T09:00:00+00:00" class="wp-block-latest-posts__post-date">March 15, 2024</time></li>` + "\n" +
			`<li><a class="wp-block-latest-posts__post-title" href="https://blog.example.com/2024/03/tides/">Tides</a><time datetime="2024-03-02T09:00:00+00:00" class="wp-block-latest-posts__post-date">March 2, 2024</time></li>` + "\n</ul>",
		// The list's own line breaks are WordPress's.
		medium: `<ul><li><a href="https://blog.example.com/2024/03/sticky-post/">Sticky post</a> · March 15, 2024</li>` + "\n" +
			`<li><a href="https://blog.example.com/2024/03/tides/">Tides</a> · March 2, 2024</li>` + "\n</ul>",
		markdown: "- [Sticky post](https://blog.example.com/2024/03/sticky-post/) · March 15, 2024\n- [Tides](https://blog.example.com/2024/03/tides/) · March 2, 2024\n",
	}, {
		name: "latest comments: the post commented and the date",
		in: `<ol class="has-dates wp-block-latest-comments"><li class="wp-block-latest-comments__comment"><article><footer class="wp-block-latest-comments__comment-meta">` +
			`<a class="wp-block-latest-comments__comment-author" href="https://wordpress.org/">A WordPress Commenter</a> on ` +
			`<a class="wp-block-latest-comments__comment-link" href="https://blog.example.com/2019/06/corpus-core__post-comments/#comment-1">Corpus core__post-comments</a>` +
			`<time datetime="2019-06-01T10:00:00+00:00" class="wp-block-latest-comments__comment-date">June 1, 2019</time></footer></article></li></ol>`,
		medium:   `<ol><li><a href="https://wordpress.org/">A WordPress Commenter</a> on <a href="https://blog.example.com/2019/06/corpus-core__post-comments/#comment-1">Corpus core__post-comments</a> · June 1, 2019</li></ol>`,
		markdown: "1. [A WordPress Commenter](https://wordpress.org/) on [Corpus core\\_\\_post-comments](https://blog.example.com/2019/06/corpus-core__post-comments/#comment-1) · June 1, 2019\n",
	}, {
		name: "navigation link: label and description",
		in: `<ul class="wp-block-navigation__container"><li class=" wp-block-navigation-item wp-block-navigation-link"><a class="wp-block-navigation-item__content" href="https://blog.example.com/lost-property/">` +
			`<span class="wp-block-navigation-item__label">Lost property office</span><span class="wp-block-navigation-item__description">Open until five</span></a></li></ul>`,
		medium:   `<ul><li><a href="https://blog.example.com/lost-property/">Lost property office · Open until five</a></li></ul>`,
		markdown: "- [Lost property office · Open until five](https://blog.example.com/lost-property/)\n",
	}, {
		name: "formatting inside a word, separators and spaces WordPress wrote are left alone",
		in: `<p><strong>W</strong><em>ord</em>, <a href="https://blog.example.com/tag/sail/">Sail</a><span class="wp-block-post-terms__separator">, </span><a href="https://blog.example.com/tag/tide/">Tide</a>` +
			` and <span class="wp-block-post-date__label">Posted</span> <time datetime="2024-03-02">March 2</time>.</p>`,
		medium: `<p><strong>W</strong><em>ord</em>, <a href="https://blog.example.com/tag/sail/">Sail</a>, <a href="https://blog.example.com/tag/tide/">Tide</a> and Posted March 2.</p>`,
		// The Markdown converter itself joins the two marks into one.
		markdown: "**Word**, [Sail](https://blog.example.com/tag/sail/), [Tide](https://blog.example.com/tag/tide/) and Posted March 2.\n",
	}})
}

func TestFidelityImagesInText(t *testing.T) {
	runFidelity(t, []fidelityCase{{
		name: "an image in the middle of a sentence",
		in:   `<p>A tiny marker <img src="https://blog.example.com/wp-content/uploads/2019/06/green.png" alt="green marker"/> sits in the line.</p>`,
		medium: "<p>A tiny marker</p>\n" +
			`<figure><img src="https://blog.example.com/wp-content/uploads/2019/06/green.png" alt="green marker"/></figure>` + "\n" +
			"<p>sits in the line.</p>",
		// Markdown has inline images: nothing is lost there.
		markdown: "A tiny marker ![green marker](https://blog.example.com/wp-content/uploads/2019/06/green.png) sits in the line.\n",
	}, {
		name: "a linked image at the end of a paragraph, in a wrapper",
		in:   `<p>Tap the map: <a href="https://blog.example.com/map/"><span class="frame"><img class="size-thumbnail" src="/wp-content/uploads/map-150x150.png" alt="Map"></span></a></p>`,
		medium: "<p>Tap the map:</p>\n" +
			`<figure><a href="https://blog.example.com/map/"><img src="https://blog.example.com/wp-content/uploads/map-150x150.png" alt="Map"/></a></figure>`,
		markdown: "Tap the map: [![Map](https://blog.example.com/wp-content/uploads/map-150x150.png)](https://blog.example.com/map/)\n",
	}})
}

// A media source or a drop-down's option that is not a web address never
// becomes a link: javascript:, and a protocol-relative value that would
// lead off the site.
func TestFidelityOnlyWebAddressesBecomeLinks(t *testing.T) {
	for _, in := range []string{
		`<figure class="wp-block-video"><video controls><source src="javascript:alert(1)" type="video/mp4"/></video></figure>`,
		`<select name="archive-dropdown"><option value="">Select Month</option><option value="//evil.example/x">December 2026</option></select>`,
	} {
		body := sentBody(t, in)
		md, err := ToMarkdown(in, testBaseURL)
		if err != nil {
			t.Fatal(err)
		}
		for what, out := range map[string]string{"the body": body, "the Markdown": md} {
			if strings.Contains(out, "javascript") || strings.Contains(out, "evil.example") {
				t.Errorf("%s of %s holds the address: %s", what, in, out)
			}
		}
	}
}

// A published post whose content is the signed-in rendering (the site
// refused the anonymous one) is sent with a warning that says what it may
// hold.
func TestTransformWarnsOfASignedInRendering(t *testing.T) {
	post := wordpress.PostDetail{Post: wordpress.Post{ID: 1, Title: "T", Status: wordpress.StatusPublish, Link: testBaseURL},
		ContentHTML: "<p>Body.</p>", SignedInRendering: true}
	for _, signedIn := range []bool{true, false} {
		post.SignedInRendering = signedIn
		sub, err := Transform(post, Options{Status: "draft", License: "all-rights-reserved"})
		if err != nil {
			t.Fatal(err)
		}
		warned := slices.ContainsFunc(sub.Warnings, func(w Warning) bool { return w.Code == WarnSignedInRendering })
		if warned != signedIn {
			t.Errorf("signed-in rendering %t: warned %t (%+v)", signedIn, warned, sub.Warnings)
		}
	}
}

func TestFidelityTextAreaOutsideAForm(t *testing.T) {
	runFidelity(t, []fidelityCase{{
		name:     "a text area outside a form is text to copy",
		in:       `<p>Paste this where the map goes:</p><textarea rows="3">&lt;iframe src="https://maps.example.org/embed?id=7"&gt;&lt;/iframe&gt;</textarea>`,
		medium:   "<p>Paste this where the map goes:</p>\n<pre><code>&lt;iframe src=&#34;https://maps.example.org/embed?id=7&#34;&gt;&lt;/iframe&gt;</code></pre>",
		markdown: "Paste this where the map goes:\n\n```\n<iframe src=\"https://maps.example.org/embed?id=7\"></iframe>\n```\n",
	}, {
		name:     "inside a form it is a field and goes",
		in:       `<form action="/x"><textarea name="comment">Your words</textarea></form><p>After.</p>`,
		medium:   "<p>After.</p>",
		markdown: "After.\n",
	}})
}
