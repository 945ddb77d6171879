//go:build e2e

package e2e

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/wp2medium/wp2medium/medium"
)

// TestHostileTextCommandLine runs the hostile fixture through every command
// that prints what came from WordPress or Medium, and checks the bytes each
// one printed: nothing a terminal would act on, and the text around every
// sequence still there.
func TestHostileTextCommandLine(t *testing.T) {
	pe := newPublishEnv(t)
	posts := []hostilePost{createHostilePost(t, "raw"), createHostilePost(t, "entity")}
	// Medium requires a title: an untitled post gets its first words, which
	// a warning quotes.
	firstWords, firstVisible := hostileAll("untitled", false)
	untitled := createOwnPost(t, "", "<!-- wp:paragraph -->\n<p>"+firstWords+" opens the post.</p>\n<!-- /wp:paragraph -->", nil)

	// run runs a command and checks both streams, whatever its outcome.
	run := func(t *testing.T, wantCode int, args ...string) result {
		t.Helper()
		r := pe.run(t, args...)
		what := "wp2medium " + strings.Join(args, " ")
		if r.code != wantCode {
			t.Errorf("%s: exit %d, want %d\nstdout: %.400q\nstderr: %.400q", what, r.code, wantCode, r.stdout, r.stderr)
		}
		checkTerminalSafe(t, what+": stdout", []byte(r.stdout))
		checkTerminalSafe(t, what+": stderr", []byte(r.stderr))
		return r
	}

	t.Run("list", func(t *testing.T) {
		r := run(t, 0, "list")
		for _, hp := range posts {
			if !strings.Contains(r.stdout, hp.title) {
				t.Errorf("list does not show the %s post's title as %q", hp.form, hp.title)
			}
		}
	})

	t.Run("list --json", func(t *testing.T) {
		r := run(t, 0, "list", "--json")
		checkStringsSafe(t, "list --json", []byte(r.stdout))
		byID := map[int]listedPost{}
		for _, p := range decodeListing(t, r.stdout) {
			byID[p.ID] = p
		}
		for _, hp := range posts {
			if got := byID[hp.post.ID].Title; got != hp.title {
				t.Errorf("list --json: the %s post's title is %q, want %q", hp.form, got, hp.title)
			}
		}
	})

	for _, hp := range posts {
		id := fmt.Sprint(hp.post.ID)
		t.Run(hp.form, func(t *testing.T) {
			r := run(t, 0, "publish", id, "--dry-run")
			if !strings.Contains(r.stdout, hp.title) {
				t.Errorf("publish --dry-run does not show the title %q:\n%s", hp.title, r.stdout)
			}

			r = run(t, 0, "publish", id, "--dry-run", "--json")
			checkStringsSafe(t, "publish --dry-run --json", []byte(r.stdout), "content")
			checkBody(t, "the dry run's body", decodeCreate(t, []byte(r.stdout)), hp)

			// Medium refuses it, with a hostile message.
			before := len(pe.srv.Posts())
			want := hostileFault(pe.srv, 400)
			r = run(t, 1, "publish", id)
			if !strings.Contains(r.stderr, want) || r.stdout != "" {
				t.Errorf("a refused publish does not show Medium's message as %q on stderr alone:\nstdout: %q\nstderr: %q", want, r.stdout, r.stderr)
			}
			// A 503 on a create may have made the story: the outcome is
			// recorded as unknown, with the message, which the refusal of
			// the next publish quotes.
			want = hostileFault(pe.srv, 503)
			r = run(t, 1, "publish", id)
			if !strings.Contains(r.stderr, want) {
				t.Errorf("a publish with an unknown outcome does not show Medium's message as %q: %q", want, r.stderr)
			}
			r = run(t, 3, "publish", id)
			if !strings.Contains(r.stderr, want) || !strings.Contains(r.stderr, "resolve") {
				t.Errorf("the publish after an unknown outcome is not refused with the recorded message %q and a word on resolve: %q", want, r.stderr)
			}
			run(t, 0, "resolve", id, "--not-sent")
			if n := len(pe.srv.Posts()); n != before {
				t.Fatalf("the fake Medium has %d stories after refusals only, want %d", n, before)
			}

			r = run(t, 0, "publish", id, "--json")
			stories := pe.srv.Posts()
			if len(stories) == 0 {
				t.Fatal("the publish made no story")
			}
			story := stories[len(stories)-1]
			checkBody(t, "the body Medium received", story.Sent, hp)
			var sent struct {
				URL  string   `json:"url"`
				Tags []string `json:"tags"`
			}
			checkStringsSafe(t, "publish --json", []byte(r.stdout))
			if err := json.Unmarshal([]byte(r.stdout), &sent); err != nil || sent.URL != story.URL || strings.Join(sent.Tags, ",") != strings.Join(hp.tags, ",") {
				t.Errorf("publish --json = %s (%v), want url %s and tags %q", r.stdout, err, story.URL, hp.tags)
			}

			run(t, 0, "link", id)
			// Another story of the same post, recorded by hand.
			other := strings.TrimSuffix(story.URL, story.ID) + "0123456789ab"
			r = run(t, 3, "record", id, other)
			if !strings.Contains(r.stderr, "--force") {
				t.Errorf("record of a post already on Medium: no word on --force: %q", r.stderr)
			}
			r = run(t, 0, "record", id, other, "--force", "--json")
			checkStringsSafe(t, "record --json", []byte(r.stdout))
		})
	}

	t.Run("import", func(t *testing.T) {
		// No Medium token, a new machine: the posts sent above link their
		// story on WordPress now, so the importer is refused (the story is
		// recorded), with the hostile title and URL made safe.
		cfg := writeConfig(t, wpURL, wpUser, wpAppPass)
		for _, hp := range posts {
			r := runBinEnv(t, []string{"XDG_DATA_HOME=" + t.TempDir()}, "--config", cfg, "import", fmt.Sprint(hp.post.ID))
			if r.code != 3 || !strings.Contains(r.stderr, "already on Medium") {
				t.Errorf("import %d: exit %d, want 3 (already on Medium)\nstdout: %q\nstderr: %q", hp.post.ID, r.code, r.stdout, r.stderr)
			}
			checkTerminalSafe(t, "import: stdout", []byte(r.stdout))
			checkTerminalSafe(t, "import: stderr", []byte(r.stderr))
		}
		// A post never sent: the importer's steps, with its title.
		r := runBinEnv(t, []string{"XDG_DATA_HOME=" + t.TempDir()}, "--config", cfg, "import", fmt.Sprint(untitled.ID))
		if r.code != 0 || !strings.Contains(r.stdout, "medium.com/p/import") {
			t.Errorf("import %d: exit %d, want 0 and the importer's steps\nstdout: %q\nstderr: %q", untitled.ID, r.code, r.stdout, r.stderr)
		}
		checkTerminalSafe(t, "import: stdout", []byte(r.stdout))
	})

	t.Run("untitled", func(t *testing.T) {
		r := run(t, 0, "publish", fmt.Sprint(untitled.ID), "--dry-run", "--json")
		var body medium.CreatePostRequest
		if err := json.Unmarshal([]byte(r.stdout), &body); err != nil {
			t.Fatalf("publish --dry-run --json: %v", err)
		}
		checkStringsSafe(t, "publish --dry-run --json", []byte(r.stdout), "content")
		if !strings.HasPrefix(body.Title, firstVisible+" opens") {
			t.Errorf("the untitled post's title is %q, want its first words %q", body.Title, firstVisible+" opens the post.")
		}
		if !strings.Contains(r.stderr, firstVisible) {
			t.Errorf("the warning about the missing title does not quote its first words %q: %q", firstVisible, r.stderr)
		}
	})
}

// checkBody checks a create-post body made of a hostile post: the title and
// tags exactly as they must show, every part of the content's text there,
// and no control character anywhere (checkStringsSafe does the decoding).
func checkBody(t *testing.T, what string, body medium.CreatePostRequest, hp hostilePost) {
	t.Helper()
	if body.Title != hp.title {
		t.Errorf("%s: title %q, want %q", what, body.Title, hp.title)
	}
	if strings.Join(body.Tags, ",") != strings.Join(hp.tags, ",") {
		t.Errorf("%s: tags %q, want the post's tag and category %q", what, body.Tags, hp.tags)
	}
	for _, text := range hp.texts {
		if !strings.Contains(body.Content, text) {
			t.Errorf("%s: the content lacks %q:\n%s", what, text, body.Content)
		}
	}
	for _, r := range body.Content {
		if unsafeRune(r) && r != '\n' {
			t.Errorf("%s: the content holds %U", what, r)
			break
		}
	}
	checkNoLeaks(t, what+": content", []byte(body.Content))
}
