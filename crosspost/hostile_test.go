package crosspost

import (
	"strings"
	"testing"
	"unicode"

	"github.com/wp2medium/wp2medium/medium"
	"github.com/wp2medium/wp2medium/wordpress"
)

// hostileHTML carries escape sequences as WordPress may store them: raw, and
// written as HTML entities, which only become escapes once decoded.
const hostileHTML = `<p>Title change&#27;]0;PWNED-TITLE&#7; and clipboard &#x1b;]52;c;ZXZpbA==&#x7; done.</p>
<p>Fill &#27;#8 screen, charset &#27;(0 and C1 &#155;2J (HTML reads it as windows-1252: a harmless ›) end.</p>
<p>Raw ` + "\x1b[8;5;5t \x1b]8;;https://evil.example/\x1b\\link\x1b]8;;\x1b\\ \x1bP+q\x1b\\ \u202etxet\u202c \u009b7;7;7t \u009d0;c1-title\u009c" + ` and <a href="https://example.com/&#27;[2J">a link</a>.</p>`

// assertNoControls fails when s holds a control character, a C1 code or a
// bidi override: the parts of an escape sequence that reach a terminal.
func assertNoControls(t *testing.T, what, s string) {
	t.Helper()
	for i, r := range s {
		if (unicode.IsControl(r) && r != '\n' && r != '\t') || (r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069) {
			t.Fatalf("%s holds %U at byte %d: %q", what, r, i, s[max(0, i-20):min(len(s), i+20)])
		}
	}
}

func TestHostileContentIsCleanedAfterDecoding(t *testing.T) {
	post := wordpress.PostDetail{
		Post:        wordpress.Post{ID: 1, Title: "Hostile", Status: wordpress.StatusPublish, Link: "https://blog.example.com/h/"},
		ContentHTML: hostileHTML,
		Tags:        []string{"go\u009b7;7;7t"},
	}
	sub, err := Transform(post, Options{Status: medium.StatusDraft, License: medium.LicenseAllRightsReserved})
	if err != nil {
		t.Fatal(err)
	}
	assertNoControls(t, "the content sent to Medium", sub.Request.Content)
	assertNoControls(t, "the title sent to Medium", sub.Request.Title)
	for _, tag := range sub.Request.Tags {
		assertNoControls(t, "a tag sent to Medium", tag)
	}
	for _, gone := range []string{"7;7;7t", "8;5;5t", "PWNED-TITLE", "c1-title", "ZXZpbA==", "evil.example"} {
		if strings.Contains(sub.Request.Content, gone) || strings.Contains(strings.Join(sub.Request.Tags, ","), gone) {
			t.Errorf("the parameters of a sequence reached Medium: %q in %s %v", gone, sub.Request.Content, sub.Request.Tags)
		}
	}
	for _, kept := range []string{"Title change", "clipboard", "done.", "Fill", "screen, charset", "end.", "a link"} {
		if !strings.Contains(sub.Request.Content, kept) {
			t.Errorf("the text around the sequences is lost: %q not in %s", kept, sub.Request.Content)
		}
	}

	md, err := ToMarkdown(hostileHTML, post.Link)
	if err != nil {
		t.Fatal(err)
	}
	assertNoControls(t, "the Markdown preview", md)
	if strings.Contains(md, "PWNED-TITLE") || strings.Contains(md, "7;7;7t") || strings.Contains(md, "c1-title") {
		t.Errorf("the parameters of a sequence reached the preview: %s", md)
	}
}

// The text the fidelity rewrites move around (an abbreviation's title, a
// formula's TeX, a drop-down's labels and addresses, a button's text) is
// decoded text too: it must reach neither Medium nor the terminal as an
// escape sequence.
func TestHostileTextInRewrittenMarkupIsCleaned(t *testing.T) {
	in := `<p>An <abbr title="Esc&#27;]0;ABBR-TITLE&#7;ape">ESC</abbr> and <q>quote&#27;[2J</q> <del>gone&#x9b;7t</del>.</p>` +
		`<h3><button>Open&#27;]52;c;QUJD&#7; me</button></h3>` +
		`<math data-latex="x^2&#27;]0;TEX-TITLE&#7;"><mi>x</mi></math>` +
		`<select id="s"><option value="https://ex.org/&#27;[8m/">Month&#27;]0;OPTION-TITLE&#7;</option></select>` +
		`<p>Noted<sup class="fn"><a href="#n">&#27;[1</a></sup>.</p>`
	post := wordpress.PostDetail{Post: wordpress.Post{ID: 1, Title: "H", Status: wordpress.StatusPublish, Link: "https://blog.example.com/h/"}, ContentHTML: in}
	sub, err := Transform(post, Options{Status: medium.StatusDraft, License: medium.LicenseAllRightsReserved})
	if err != nil {
		t.Fatal(err)
	}
	md, err := ToMarkdown(in, post.Link)
	if err != nil {
		t.Fatal(err)
	}
	pv, err := ToPreview(in, post.Link)
	if err != nil {
		t.Fatal(err)
	}
	for what, out := range map[string]string{"the content sent to Medium": sub.Request.Content, "the Markdown": md, "the preview": pv} {
		assertNoControls(t, what, out)
		for _, gone := range []string{"ABBR-TITLE", "QUJD", "TEX-TITLE", "OPTION-TITLE"} {
			if strings.Contains(out, gone) {
				t.Errorf("the parameters of a sequence reached %s: %q in\n%s", what, gone, out)
			}
		}
		for _, kept := range []string{"Escape", "quote", "gone", "Open", "me", "x^2", "Month"} {
			if !strings.Contains(out, kept) {
				t.Errorf("%s lost %q around a sequence:\n%s", what, kept, out)
			}
		}
	}
}
