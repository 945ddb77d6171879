//go:build e2e

package e2e

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// TestHostileTextTerminalApp walks the hostile fixture through every screen
// of the terminal app that shows it: the list and preview of each post, the
// publish form with a publication whose name is hostile, the summary, the
// content as Medium will receive it (v), and the failure screen with
// Medium's hostile error message; and an untitled post whose first words,
// quoted by a warning, are hostile. tmux logs every byte the app writes
// (pipe-pane), and none of the fixture's sequences may be among them.
func TestHostileTextTerminalApp(t *testing.T) {
	pubOpt, pubName := hostilePublication()
	pe := newPublishEnv(t, pubOpt)
	posts := []hostilePost{createHostilePost(t, "raw"), createHostilePost(t, "entity")}
	firstWords, firstVisible := hostileAll("untitled", false)
	createOwnPost(t, "", "<!-- wp:paragraph -->\n<p>"+firstWords+" opens the post.</p>\n<!-- /wp:paragraph -->", nil)
	total := wpTotal(t, true)

	rawLog := filepath.Join(t.TempDir(), "terminal.raw")
	// set-clipboard on: an OSC 52 that got through would fill a tmux buffer.
	tt := startTermWith(t, termSetup{env: pe.env, tmuxConf: []string{"set -g set-clipboard on"}, rawLog: rawLog}, "--config", pe.config)
	titleBefore := tt.pane("#{pane_title}")
	finished := false
	t.Cleanup(func() {
		// A test stopped on the way (a screen that never came) still says
		// what reached the terminal up to then.
		if !finished {
			b, _ := os.ReadFile(rawLog)
			checkNoLeaks(t, "what the terminal received before the test stopped", b)
		}
	})
	want := thousands(total) + " posts"
	tt.waitFor("the list with "+want, func(s string) bool { return strings.HasSuffix(strings.TrimSpace(header(s)), want) })

	// filter shows the posts whose title holds term, then moves down the
	// matches until the preview shows text.
	filter := func(term, text string) string {
		t.Helper()
		tt.keys("Escape") // no filter is left from the post before
		tt.waitFor("no filter", func(s string) bool { return !strings.Contains(listPane(s), " of "+thousands(total)) })
		tt.keys("/")
		tt.typeText(term)
		tt.keys("Enter")
		var s string
		for i := 0; ; i++ {
			s = tt.waitFor("the filter "+quote(term)+" and a finished preview", func(s string) bool {
				p := previewPane(s)
				return strings.Contains(listPane(s), "/ "+term) && matchCount(s, total) > 0 &&
					!strings.Contains(p, "Loading preview") && !strings.Contains(p, "Could not show")
			})
			if strings.Contains(squash(previewPane(s)), squash(text)) {
				return s
			}
			if i+1 >= matchCount(s, total) {
				t.Fatalf("no post whose title matches %q shows %q in its preview; screen:\n%s", term, text, s)
			}
			tt.keys("j")
			tt.waitFor("the preview to change", func(s2 string) bool { return previewPane(s2) != previewPane(s) })
		}
	}
	s := ""
	// form walks the publish form to the summary: draft, the default
	// license, the publication whose row holds publication ("" for the
	// profile), the post's tags, no cross-link.
	form := func(publication string) {
		t.Helper()
		tt.keys("p")
		s = tt.waitFor("the publish form", func(s string) bool { return focused(s, "Medium status") })
		s = tt.formField("Enter") // draft
		s = tt.formField("Enter") // the license
		if !focused(s, "Publication") {
			t.Fatalf("the form's third field is not the publication; screen:\n%s", s)
		}
		if !strings.Contains(squash(s), squash(pubName+" ("+hostilePubID+")")) {
			t.Errorf("the publication list does not show %q; screen:\n%s", pubName, s)
		}
		for i := 0; publication != "" && !strings.Contains(selectedOption(s), publication); i++ {
			if i == 10 {
				t.Fatalf("the cursor never reached the publication %q; screen:\n%s", publication, s)
			}
			before := selectedOption(s)
			tt.keys("Down")
			s = tt.waitFor("the cursor to move from "+quote(before), func(s string) bool { return selectedOption(s) != before })
		}
		s = tt.formField("Enter")
		s = tt.formField("n") // notify followers
		s = tt.formField("n") // keep the date
		// Only a post with tags or categories (not Uncategorized) has this field.
		if focused(s, "Tags") {
			s = tt.formField("Enter")
		}
		if !focused(s, "Other tags") {
			t.Fatalf("the form has no field for other tags where expected; screen:\n%s", s)
		}
		s = tt.formField("Enter")
		s = tt.formField("n") // no cross-link
		if !strings.Contains(s, "Exactly this will be sent") {
			t.Fatalf("the form did not end on the summary; screen:\n%s", s)
		}
	}
	// contentView shows the content as Medium will receive it (v), checks
	// that it holds texts, and goes back to the summary.
	contentView := func(texts ...string) {
		t.Helper()
		tt.keys("v")
		s = tt.waitFor("the content as Medium will receive it", func(s string) bool {
			return strings.Contains(s, "The content as Medium will receive it") && strings.Contains(squash(s), squash(texts[0]))
		})
		for _, text := range texts {
			if !strings.Contains(squash(s), squash(text)) {
				t.Errorf("the content view lacks %q; screen:\n%s", text, s)
			}
		}
		tt.keys("v")
		s = tt.waitFor("the summary again", func(s string) bool { return strings.Contains(s, "Exactly this will be sent") })
	}

	for _, hp := range posts {
		s = filter(hp.filter, hp.title)
		preview := squash(previewPane(s))
		for _, text := range append(append([]string{hp.title}, hp.texts...), hp.tags...) {
			if !strings.Contains(preview, squash(text)) {
				t.Errorf("the preview of the %s post lacks %q; screen:\n%s", hp.form, text, s)
			}
		}

		form(pubName)
		summary := squash(paneText(s, 0, termWidth))
		for _, w := range []string{"Title" + hp.title, "Tags" + strings.Join(hp.tags, ", "), "Publication" + pubName + " (" + hostilePubID + ")"} {
			if !strings.Contains(summary, squash(w)) {
				t.Errorf("the summary of the %s post lacks %q; screen:\n%s", hp.form, w, s)
			}
		}
		contentView(hp.texts...)

		// Medium refuses the story, with a hostile message.
		msg := hostileFault(pe.srv, 400)
		tt.keys("s")
		s = tt.waitFor("the failure screen", func(s string) bool { return strings.Contains(s, "Not published.") })
		if !strings.Contains(squash(s), squash(msg)) {
			t.Errorf("the failure screen does not show Medium's message as %q; screen:\n%s", msg, s)
		}
		tt.keys("Enter")
		tt.waitFor("the list again", func(s string) bool {
			return !strings.Contains(s, "Not published.") && strings.Contains(s, " of "+thousands(total))
		})
	}

	// The untitled post: Medium gets its first words as the title, and the
	// summary warns, quoting them.
	s = filter("(no title)", firstVisible)
	form("")
	if warning := `The post has no title and Medium requires one: "` + firstVisible; !strings.Contains(squash(s), squash(warning)) {
		t.Errorf("the summary of the untitled post lacks the warning %q…; screen:\n%s", warning, s)
	}
	contentView(firstVisible)
	tt.keys("Escape")
	tt.waitFor("the list again", func(s string) bool { return !strings.Contains(s, "Exactly this will be sent") })
	tt.keys("q")
	tt.waitFor("the app to exit", func(s string) bool { return strings.Contains(s, "e2e: exited") })
	titleAfter := tt.pane("#{pane_title}")
	buffer, hasBuffer := tt.pasteBuffer()
	tt.waitExit()

	// What left the app.
	raw := tt.rawOutput()
	finished = true
	checkNoLeaks(t, "what the terminal received", raw)
	// The log is of the screens above, not of something else: their
	// hostile texts are in it, cleaned.
	for _, w := range []string{posts[0].texts[1], posts[1].texts[4], pubName, "Refused: errmsg", firstVisible} {
		if !bytes.Contains(raw, []byte(w)) {
			t.Errorf("what the terminal received lacks %q: the log does not hold the screens the test saw", w)
		}
	}
	if titleAfter != titleBefore || strings.Contains(titleAfter, "PWNED") {
		t.Errorf("the pane's title changed from %q to %q", titleBefore, titleAfter)
	}
	if hasBuffer {
		t.Errorf("tmux has a paste buffer, which only an OSC 52 fills: %q", buffer)
	}

	// What left for Medium: the two creates that were refused, clean.
	if n := len(pe.srv.Posts()); n != 0 {
		t.Errorf("the fake Medium has %d stories; every send was refused", n)
	}
	creates := pe.srv.RequestsTo("POST", "/publications/"+hostilePubID+"/posts")
	if len(creates) != len(posts) {
		t.Fatalf("%d creates in the hostile publication, want %d (one per post)", len(creates), len(posts))
	}
	for i, req := range creates {
		what := fmt.Sprintf("the %s post's create request", posts[i].form)
		checkStringsSafe(t, what, req.Body, "content")
		checkBody(t, what, decodeCreate(t, req.Body), posts[i])
	}
}

// selectedOption is the row of the focused huh select's cursor ("> "), ""
// if none. The focused field's rows start with a thick border (see
// focusedField); the other fields show their choice with "> " too.
func selectedOption(screen string) string {
	for _, row := range rows(screen) {
		if f, ok := strings.CutPrefix(strings.TrimLeft(row, " │"), "┃ "); ok {
			if opt, ok := strings.CutPrefix(strings.TrimLeft(f, " "), "> "); ok {
				return strings.TrimRight(opt, " │")
			}
		}
	}
	return ""
}

// matchCount is how many posts the list's filter matches ("3 of 5,219"), 0
// when the list shows no count.
func matchCount(screen string, total int) int {
	m := regexp.MustCompile(`([0-9][0-9,]*) of ` + regexp.QuoteMeta(thousands(total))).FindStringSubmatch(listPane(screen))
	if m == nil {
		return 0
	}
	n, _ := strconv.Atoi(strings.ReplaceAll(m[1], ",", ""))
	return n
}
