package crosspost

import "testing"

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
		name: "a link to the admin or the API in a sentence goes with its words",
		in: `<p>Read it raw from <a href="https://blog.example.com/wp-json/wp/v2/posts/12">the API</a> or <a href="https://blog.example.com/xmlrpc.php">XML-RPC</a>; the <a href="https://blog.example.com/wp-json-guide/">guide</a> stays.</p>` + "\n" +
			`<p><a href="/wp-admin/profile.php"><img src="https://blog.example.com/avatar.png" alt="me"></a></p>`,
		medium: `<p>Read it raw from or; the <a href="https://blog.example.com/wp-json-guide/">guide</a> stays.</p>` + "\n" +
			`<figure><img src="https://blog.example.com/avatar.png" alt="me"/></figure>`,
		markdown: "Read it raw from or; the [guide](https://blog.example.com/wp-json-guide/) stays.\n\n![me](https://blog.example.com/avatar.png)\n",
	}})
}
