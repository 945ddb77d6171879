package ui

import (
	"bytes"
	"encoding/base64"
	"strings"
	"sync"
	"testing"

	"github.com/wp2medium/wp2medium/store"

	"github.com/wp2medium/wp2medium/config"
	"github.com/wp2medium/wp2medium/crosspost"
	"github.com/wp2medium/wp2medium/medium"
)

// fakeDesktop records what the app asked of the browser and the clipboard.
type fakeDesktop struct {
	mu     sync.Mutex
	opened []string
	clip   bytes.Buffer
}

func (f *fakeDesktop) Write(p []byte) (int, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.clip.Write(p)
}

// copied decodes the OSC 52 sequences written so far.
func (f *fakeDesktop) copied() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []string
	for _, part := range strings.Split(f.clip.String(), "\x1b]52;c;")[1:] {
		enc := strings.TrimRight(strings.SplitN(part, "\x07", 2)[0], "\x1b\\")
		b, _ := base64.StdEncoding.DecodeString(enc)
		out = append(out, string(b))
	}
	return out
}

func useFakeDesktop(t *testing.T) *fakeDesktop {
	t.Helper()
	f := &fakeDesktop{}
	oldOpen := openBrowser
	openBrowser = func(url string) error {
		f.mu.Lock()
		defer f.mu.Unlock()
		f.opened = append(f.opened, url)
		return nil
	}
	t.Cleanup(func() { openBrowser = oldOpen })
	return f
}

// tokenlessDeps is a setup without a Medium token: the importer route.
func tokenlessDeps(t *testing.T) *PublishDeps {
	t.Helper()
	l := testLedger(t)
	return &PublishDeps{Publisher: &crosspost.Publisher{Ledger: l, SiteURL: testSite}, Defaults: config.Default().Defaults}
}

func TestImportRouteRecordsThePastedStory(t *testing.T) {
	desk := useFakeDesktop(t)
	deps := tokenlessDeps(t)
	m := startPublishing(t, newFakeSource(3), deps, desk)
	m = press(t, m, "p")
	if _, ok := m.screen.(*importModel); !ok {
		t.Fatalf("without a token p should open the importer route:\n%s", screenText(m))
	}
	if want := medium.ImportURL + "?url=https%3A%2F%2Fblog.example.com%2Fpost-1%2F"; len(desk.opened) != 1 || desk.opened[0] != want {
		t.Errorf("opened %v, want Medium's importer with the post filled in (%s)", desk.opened, want)
	}
	if c := desk.copied(); len(c) != 1 || c[0] != "https://blog.example.com/post-1/" {
		t.Errorf("copied %q, want the permalink", c)
	}
	typeText := func(s string) {
		for _, r := range s {
			m = press(t, m, string(r))
		}
	}
	typeText("https://example.com/not-a-story")
	m = press(t, m, "enter")
	if s := screenText(m); !strings.Contains(s, "Medium") || m.screen.(*importModel).step != importPaste {
		t.Fatalf("a URL that is not a story should be refused:\n%s", s)
	}
	m.screen.(*importModel).input.SetValue("")
	typeText("https://medium.com/@demo/post-number-1-0123456789ab")
	m = press(t, m, "enter", "d")
	im := m.screen.(*importModel)
	if im.step != importDone {
		t.Fatalf("step %v:\n%s", im.step, screenText(m))
	}
	e, ok := deps.Publisher.Ledger.Get(testSite, 1000)
	if !ok || e.Route != store.RouteImport || e.State != store.StateSent || e.PublishStatus != medium.StatusDraft {
		t.Fatalf("entry = %+v", e)
	}
	m = press(t, m, "enter")
	if s := screenText(m); !strings.Contains(s, "draft ✓") {
		t.Errorf("the Medium column should show the imported story:\n%s", s)
	}
}

func TestCopyForMediumUsesTheTransform(t *testing.T) {
	desk := useFakeDesktop(t)
	m := startPublishing(t, newFakeSource(2), tokenlessDeps(t), desk)
	m = press(t, m, "C")
	c := desk.copied()
	if len(c) != 1 || !strings.HasPrefix(c[0], "<h1>Post number 1 about Go</h1>") || !strings.Contains(c[0], "<strong>bold</strong>") {
		t.Fatalf("HTML copied: %q", c)
	}
	// Whether the terminal took it nobody can know: the text is shown too.
	if s := screenText(m); !strings.Contains(s, "OSC 52") || !strings.Contains(s, "<strong>bold</strong>") {
		t.Fatalf("the copied text is not offered on screen:\n%s", s)
	}
	m = press(t, m, "esc", "c")
	c = desk.copied()
	if len(c) != 2 || !strings.HasPrefix(c[1], "# Post number 1 about Go") || !strings.Contains(c[1], "**bold**") {
		t.Fatalf("Markdown copied: %q", c)
	}
	if s := screenText(m); !strings.Contains(s, "as Markdown") || !strings.Contains(s, "**bold**") {
		t.Errorf("the Markdown is not shown:\n%s", s)
	}
}
