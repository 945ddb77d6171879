//go:build e2e

package e2e

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/wp2medium/wp2medium/medium"
	"github.com/wp2medium/wp2medium/medium/mediumtest"
)

// The hostile fixture: posts, terms and Medium answers that carry terminal
// escape sequences, raw and as HTML character references, which only become
// escapes when the HTML is parsed. Whatever route the text takes (the app's
// list, preview, form, summary and error screens; every command's output;
// the body sent to Medium), none of it may reach the terminal, and the text
// around each sequence must.
//
// Each sequence is followed by a letter, so a field built from them shows
// as one word ("rawparaabcdefghijklmno"): a sequence removed whole leaves the
// letters side by side, one cut short ("[8;5;5t" left behind) or text eaten
// with it breaks the word.

// hostileSeq is one escape sequence of the fixture.
type hostileSeq struct {
	raw string // the bytes a terminal acts on
	// entity is the same as HTML character references, "" when there is
	// none: HTML5 maps &#155; and its neighbours to windows-1252 characters
	// ("›"), not to C1 controls, so C1 controls only come raw.
	entity string
}

// hostileSeqs is the fixture's sequences. scripts/wordpress-env/seed-content.php
// (wp2m_hostile_seqs) builds the hostile terms from the same list: keep the
// two in step (hostileTerm checks them). Their parameters and payloads are
// chosen so that nothing the app itself writes can match them (see leaks).
var hostileSeqs = []hostileSeq{
	// CSI: resize the window to 5×5 rows and columns; erase the screen.
	{"\x1b[8;5;5t", "&#27;[8;5;5t"},
	{"\x1b[2J", "&#x1b;[2J"},
	// OSC 0 and 2: the window title, ended by BEL and by ST.
	{"\x1b]0;PWNED-TITLE-0\x07", "&#27;]0;PWNED-TITLE-0&#7;"},
	{"\x1b]2;PWNED-TITLE-2\x1b\\", "&#x1B;]2;PWNED-TITLE-2&#x1B;\\"},
	// OSC 8: a hyperlink, and its end.
	{"\x1b]8;;https://example.com/PWNED-OSC8\x1b\\", "&#27;]8;;https://example.com/PWNED-OSC8&#27;\\"},
	{"\x1b]8;;\x1b\\", "&#27;]8;;&#27;\\"},
	// OSC 52: set the clipboard.
	{"\x1b]52;c;" + hostileClip + "\x07", "&#27;]52;c;" + hostileClip + "&#x07;"},
	// DCS, a device control string.
	{"\x1bPPWNED-DCS\x1b\\", "&#27;PPWNED-DCS&#27;\\"},
	// DECALN (fill the screen with E), DEC line drawing as G0, reset.
	{"\x1b#8", "&#27;#8"},
	{"\x1b(0", "&#27;(0"},
	{"\x1bc", "&#27;c"},
	// The 8-bit forms: CSI, OSC ended by ST, DCS.
	{"\u009b8;5;5t", ""},
	{"\u009d0;PWNED-C1-TITLE\u009c", ""},
	{"\u0090PWNED-C1-DCS\u009c", ""},
	// RIGHT-TO-LEFT OVERRIDE: reorders what follows on the line.
	{"\u202e", "&#x202E;"},
}

// hostileClip is the OSC 52 payload: base64 of "PWNED-CLIPBOARD".
const hostileClip = "UFdORUQtQ0xJUEJPQVJE"

// hostileText is prefix, then each of hostileSeqs[from:to] (raw, or as
// entities) followed by the next letter. visible is what must show of it:
// prefix and the letters. seed-content.php's wp2m_hostile_text does the same.
func hostileText(prefix string, entity bool, from, to int) (text, visible string) {
	var b strings.Builder
	b.WriteString(prefix)
	letter := 'a'
	for _, seq := range hostileSeqs[from:to] {
		form := seq.raw
		if entity {
			form = seq.entity
		}
		if form == "" {
			continue
		}
		b.WriteString(form)
		b.WriteRune(letter)
		letter++
	}
	return b.String(), prefix + string([]rune("abcdefghijklmnopqrstuvwxyz")[:letter-'a'])
}

// hostileAll is hostileText over every sequence.
func hostileAll(prefix string, entity bool) (text, visible string) {
	return hostileText(prefix, entity, 0, len(hostileSeqs))
}

// leaks are what only a fixture sequence that got through can put in the
// output: neither Bubble Tea, lipgloss nor the command line ever write them.
// (The fixture's ESC [2J is left out: Bubble Tea clears the screen with it.)
var leaks = []struct{ what, bytes string }{
	{"the window-resize CSI or what is left of it", "8;5;5t"},
	{"a payload of a title, hyperlink or DCS sequence", "PWNED"},
	{"the OSC 52 payload", hostileClip},
	{"an OSC 0 (window title)", "\x1b]0;"},
	{"an OSC 2 (window title)", "\x1b]2;"},
	{"an OSC 8 (hyperlink)", "\x1b]8;"},
	{"an OSC 52 (clipboard)", "\x1b]52;"},
	{"a DCS", "\x1bP"},
	{"ESC # 8 (DECALN)", "\x1b#8"},
	{"ESC ( 0 (line drawing)", "\x1b(0"},
	{"ESC c (reset)", "\x1bc"},
	{"U+009B (C1 CSI)", "\u009b"},
	{"U+009D (C1 OSC)", "\u009d"},
	{"U+009C (C1 ST)", "\u009c"},
	{"U+0090 (C1 DCS)", "\u0090"},
	{"U+202E (right-to-left override)", "\u202e"},
}

// checkNoLeaks fails the test for each of leaks found in out, with the bytes
// around it.
func checkNoLeaks(t *testing.T, what string, out []byte) {
	t.Helper()
	for _, l := range leaks {
		if i := bytes.Index(out, []byte(l.bytes)); i >= 0 {
			t.Errorf("%s holds %s, which only the hostile fixture can have put there: ...%q...",
				what, l.what, out[max(0, i-40):min(len(out), i+len(l.bytes)+40)])
		}
	}
}

// checkTerminalSafe fails the test unless out is text a terminal only
// prints: valid UTF-8 without control characters (newline and tab aside),
// bidi overrides or isolates, line or paragraph separators, and none of
// leaks.
func checkTerminalSafe(t *testing.T, what string, out []byte) {
	t.Helper()
	checkNoLeaks(t, what, out)
	if !utf8.Valid(out) {
		t.Errorf("%s is not valid UTF-8", what)
	}
	for i, r := range string(out) {
		if r == '\n' || r == '\t' || !unsafeRune(r) {
			continue
		}
		t.Errorf("%s holds %U at byte %d: ...%q...", what, r, i, out[max(0, i-40):min(len(out), i+40)])
		return // one is enough to see the problem
	}
}

// unsafeRune: a control character (C0, DEL, C1), a bidi override or
// isolate, or a line or paragraph separator.
func unsafeRune(r rune) bool {
	return unicode.IsControl(r) || r >= 0x202a && r <= 0x202e || r >= 0x2066 && r <= 0x2069 || r == 0x2028 || r == 0x2029
}

// checkStringsSafe decodes a JSON document and fails the test for each
// string in it (keys too) that holds a control character or a bidi
// override: "\u001b" escapes are decoded before they are looked at. Only
// the values of the keys named in multiline may hold newlines (an HTML body
// has them between blocks). It returns the document.
func checkStringsSafe(t *testing.T, what string, doc []byte, multiline ...string) any {
	t.Helper()
	var v any
	if err := json.Unmarshal(doc, &v); err != nil {
		t.Fatalf("%s is not JSON: %v\n%.500s", what, err, doc)
	}
	var walk func(path string, v any, newlines bool)
	walk = func(path string, v any, newlines bool) {
		switch v := v.(type) {
		case string:
			for _, r := range v {
				if unsafeRune(r) && !(newlines && r == '\n') {
					t.Errorf("%s: %s holds %U: %q", what, path, r, v)
					return
				}
			}
			checkNoLeaks(t, what+": "+path, []byte(v))
		case []any:
			for i, e := range v {
				walk(fmt.Sprintf("%s[%d]", path, i), e, false)
			}
		case map[string]any:
			for k, e := range v {
				walk(path+"."+k, e, slices.Contains(multiline, k))
				walk(path+"."+k+" (the key)", k, false)
			}
		}
	}
	walk("$", v, false)
	return v
}

// hostilePost is one post of the fixture and what must show of it.
type hostilePost struct {
	form   string // "raw" or "entity"
	post   wpPost
	filter string // a title filter that matches this post only
	title  string // the title as it must show
	// texts is the visible text of each part of the content: heading,
	// paragraph, link text, link target, code, list item, quote.
	texts []string
	// tags is what Medium gets as tags by default: the post's tag, then its
	// category, as they must show.
	tags []string
}

// hostileTerm is the id of the seeded hostile term with this slug
// (taxonomy "tags" or "categories"), after checking that its name is the
// one the fixture describes: WordPress strips escape sequences from names
// it is given, so the seed writes them to the database.
func hostileTerm(t *testing.T, taxonomy, slug, want string) int {
	t.Helper()
	var terms []struct {
		ID   int    `json:"id"`
		Name string `json:"name"`
	}
	wpDo(t, http.MethodGet, "/wp-json/wp/v2/"+taxonomy+"?context=edit&_fields=id,name&slug="+slug, nil, &terms)
	if len(terms) != 1 || terms[0].Name != want {
		t.Fatalf("the seeded term %s is %+v, want one named %q: seed-content.php's wp2m_hostile_seqs must match hostileSeqs, "+
			"and a site seeded before the hostile terms existed gets them from `scripts/wordpress-env.sh down` then `up`", slug, terms, want)
	}
	return terms[0].ID
}

// createHostilePost creates the fixture's post of one form ("raw" or
// "entity"): title, heading, paragraph, link (text and target), code block,
// list item and quote each carry every sequence, its tag the first half of
// them and its category the second half (a term name holds 200 characters).
func createHostilePost(t *testing.T, form string) hostilePost {
	t.Helper()
	entity := form == "entity"
	short := form[:3]
	half := len(hostileSeqs) / 2
	tag, tagV := hostileText(short+"tag", entity, 0, half)
	cat, catV := hostileText(short+"cat", entity, half, len(hostileSeqs))
	tagID := hostileTerm(t, "tags", "wp2medium-e2e-hostile-tag-"+form, tag)
	catID := hostileTerm(t, "categories", "wp2medium-e2e-hostile-cat-"+form, cat)

	hp := hostilePost{form: form, filter: fmt.Sprintf("hostile %s %d", form, os.Getpid()), tags: []string{tagV, catV}}
	titleSeqs, titleV := hostileAll(short+"title", entity)
	hp.title = fmt.Sprintf("E2E hostile %s %d %s", form, os.Getpid(), titleV)
	parts := map[string]string{}
	for _, name := range []string{"head", "para", "link", "href", "code", "item", "quote"} {
		text, visible := hostileAll(short+name, entity)
		parts[name] = text
		if name == "href" {
			visible = "https://example.com/" + visible
		}
		hp.texts = append(hp.texts, visible)
	}
	content := "<!-- wp:heading -->\n<h2 class=\"wp-block-heading\">" + parts["head"] + "</h2>\n<!-- /wp:heading -->\n\n" +
		"<!-- wp:paragraph -->\n<p>Before " + parts["para"] + " after.</p>\n<!-- /wp:paragraph -->\n\n" +
		"<!-- wp:paragraph -->\n<p>A link: <a href=\"https://example.com/" + parts["href"] + "\">" + parts["link"] + "</a>.</p>\n<!-- /wp:paragraph -->\n\n" +
		"<!-- wp:code -->\n<pre class=\"wp-block-code\"><code>" + parts["code"] + "</code></pre>\n<!-- /wp:code -->\n\n" +
		"<!-- wp:list -->\n<ul><li>" + parts["item"] + "</li></ul>\n<!-- /wp:list -->\n\n" +
		"<!-- wp:quote -->\n<blockquote class=\"wp-block-quote\"><p>" + parts["quote"] + "</p></blockquote>\n<!-- /wp:quote -->"
	hp.post = createOwnPost(t, fmt.Sprintf("E2E hostile %s %d %s", form, os.Getpid(), titleSeqs), content,
		map[string]any{"tags": []int{tagID}, "categories": []int{catID}})
	if !strings.Contains(hp.post.Title.Raw, "PWNED") || (!entity && !strings.Contains(hp.post.Content.Raw, "\x1b]0;")) {
		t.Fatalf("WordPress did not keep the %s fixture: title %q", form, hp.post.Title.Raw)
	}
	return hp
}

// The fake Medium's hostile side: a publication whose name carries every
// sequence, and an error message that does. Medium's answers are JSON, not
// HTML, so only the raw forms apply (JSON escapes them as \u001b, which
// decoding turns back into an ESC).
const hostilePubID = "e2e0hostile1"

func hostilePublication() (opt mediumtest.Option, visibleName string) {
	name, visible := hostileAll("pubname", false)
	return mediumtest.WithPublication(medium.Publication{
		ID: hostilePubID, Name: name, Description: "A publication with a hostile name", URL: "https://medium.com/e2e-hostile",
	}, medium.Contributor{UserID: mediumtest.DefaultUserID, Role: medium.RoleEditor}), visible
}

// hostileFault makes the next POST (the posts have no image to upload: a
// create) fail with Medium's error message
// carrying every sequence; status 400 means Medium refused it, so no story
// may exist and the post can be sent again. It returns what must show of
// the message.
func hostileFault(srv *mediumtest.Server, status int) string {
	msg, visible := hostileAll("errmsg", false)
	srv.Inject(mediumtest.Fault{Kind: mediumtest.FaultError, Method: http.MethodPost, Status: status, Message: "Refused: " + msg})
	return "Refused: " + visible
}

// squash removes all white space: text wrapped over rows, or beside a
// label, compares as one string.
func squash(s string) string {
	return strings.Join(strings.Fields(s), "")
}

// decodeCreate decodes a create-post body.
func decodeCreate(t *testing.T, body []byte) medium.CreatePostRequest {
	t.Helper()
	var req medium.CreatePostRequest
	if err := json.Unmarshal(body, &req); err != nil {
		t.Fatalf("a create-post body is not JSON: %v\n%.500s", err, body)
	}
	return req
}
