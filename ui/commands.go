package ui

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	neturl "net/url"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/wp2medium/wp2medium/sitesync"
	"github.com/wp2medium/wp2medium/wordpress"
)

// Timeouts for the app's own I/O. The listing of a large site can take a
// while; it streams, so the user sees posts long before it ends.
const (
	listTimeout    = 10 * time.Minute
	requestTimeout = 45 * time.Second
)

// loadEvent travels from the listing goroutine to the program.
type loadEvent struct {
	page wordpress.Page
	err  error
	done bool
}

// loadSiteCmd discovers the site (its name for the header).
func loadSiteCmd(src PostSource, gen int) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), requestTimeout)
		defer cancel()
		site, err := src.Site(ctx)
		if err != nil {
			// The listing reports the same failure with more context.
			return nil
		}
		return siteLoadedMsg{gen: gen, site: site}
	}
}

// loadPostsCmd starts streaming the listing. Each page comes back as a
// pageLoadedMsg holding the channel to wait on for the next one.
func loadPostsCmd(ctx context.Context, src PostSource, gen int) tea.Cmd {
	return func() tea.Msg {
		ch := make(chan loadEvent, 2)
		go func() {
			defer close(ch)
			began := time.Now()
			err := src.ListPosts(ctx, wordpress.ListOptions{}, func(p wordpress.Page) {
				select {
				case ch <- loadEvent{page: p}:
				case <-ctx.Done():
				}
			})
			log.Printf("listing %d: done in %s, err=%v", gen, time.Since(began).Round(time.Millisecond), err)
			select {
			case ch <- loadEvent{err: err, done: true}:
			case <-ctx.Done():
			}
		}()
		return waitForPage(ch, gen)()
	}
}

func waitForPage(ch <-chan loadEvent, gen int) tea.Cmd {
	return func() tea.Msg {
		ev, ok := <-ch
		if !ok {
			return loadDoneMsg{gen: gen, err: context.Canceled}
		}
		if ev.done {
			return loadDoneMsg{gen: gen, err: ev.err}
		}
		return pageLoadedMsg{gen: gen, page: ev.page, next: waitForPage(ch, gen)}
	}
}

// syncPostsCmd brings the store up to date and then reads its list again
// (syncDoneMsg). With stream, the pages of a full listing come first, each
// a pageLoadedMsg, so an empty list fills as they arrive.
func syncPostsCmd(ctx context.Context, cache PostCache, mode sitesync.Mode, gen int, stream bool) tea.Cmd {
	return func() tea.Msg {
		ch := make(chan tea.Msg, 2)
		var wait tea.Cmd
		wait = func() tea.Msg {
			msg, ok := <-ch
			if !ok {
				return syncDoneMsg{gen: gen, err: context.Canceled}
			}
			if p, ok := msg.(pageLoadedMsg); ok {
				p.next = wait
				return p
			}
			return msg
		}
		go func() {
			defer close(ch)
			var onPage func(wordpress.Page)
			if stream {
				onPage = func(p wordpress.Page) {
					select {
					case ch <- pageLoadedMsg{gen: gen, page: p}:
					case <-ctx.Done():
					}
				}
			}
			began := time.Now()
			res, err := cache.Sync(ctx, mode, onPage)
			log.Printf("sync %d (%s): done in %s, full=%v checked=%v fetched=%d removed=%d reason=%q err=%v", gen, mode,
				time.Since(began).Round(time.Millisecond), res.Full, res.Checked, res.Fetched, res.Removed, res.Reason, err)
			done := syncDoneMsg{gen: gen, err: err}
			var posts []wordpress.Post
			posts, done.state, done.readErr = cache.Cached()
			done.list = preparePosts(posts)
			select {
			case ch <- done:
			case <-ctx.Done():
			}
		}()
		return wait()
	}
}

// renderPreviewCmd fetches the post (unless its detail is cached) and renders it.
func renderPreviewCmd(src PostSource, post wordpress.Post, detail *wordpress.PostDetail, width int, style string, st *Styles, seq int) tea.Cmd {
	return func() tea.Msg {
		msg := previewRenderedMsg{seq: seq, post: post, width: width}
		if detail != nil {
			msg.detail = *detail
		} else {
			ctx, cancel := context.WithTimeout(context.Background(), requestTimeout)
			defer cancel()
			d, err := src.Post(ctx, post.ID)
			if err != nil {
				msg.err = err
				return msg
			}
			msg.detail = d
		}
		began := time.Now()
		text, head, err := renderPost(msg.detail, width, style, st)
		msg.lines, msg.head, msg.err = fitAll(text, width), head, err
		log.Printf("preview of post %d rendered at width %d in %s, err=%v", post.ID, width, time.Since(began).Round(time.Microsecond), err)
		return msg
	}
}

// openBrowser opens a URL in the user's browser: the command in $BROWSER
// when it is set (the first of a colon-separated list; %s stands for the
// URL, else the URL is its last argument), else the system's opener. Tests
// replace it.
var openBrowser = func(url string) error {
	var cmd *exec.Cmd
	switch browser := browserCommand(os.Getenv("BROWSER"), url); {
	case browser != nil:
		cmd = exec.Command(browser[0], browser[1:]...)
	case runtime.GOOS == "darwin":
		cmd = exec.Command("open", url)
	case runtime.GOOS == "windows":
		cmd = exec.Command("rundll32", "url.dll,FileProtocolHandler", url)
	default:
		cmd = exec.Command("xdg-open", url)
	}
	cmd.Stdout, cmd.Stderr = io.Discard, io.Discard
	if err := cmd.Start(); err != nil {
		if errors.Is(err, exec.ErrNotFound) {
			return fmt.Errorf("no browser opener found (%s)", cmd.Path)
		}
		return err
	}
	go func() { _ = cmd.Wait() }()
	return nil
}

// browserCommand is the command line $BROWSER (env) gives for url, or nil.
func browserCommand(env, url string) []string {
	for _, c := range strings.Split(env, ":") {
		args := strings.Fields(c)
		if len(args) == 0 {
			continue
		}
		found := false
		for i, a := range args {
			if strings.Contains(a, "%s") {
				args[i], found = strings.ReplaceAll(a, "%s", url), true
			}
		}
		if !found {
			args = append(args, url)
		}
		return args
	}
	return nil
}

// openURLCmd opens a URL in the user's browser: only an http or https
// one, since every URL here came from WordPress, Medium or the record, and a
// browser or opener given file: or a "-flag" would do something else.
func openURLCmd(url string) tea.Cmd {
	return func() tea.Msg {
		if u, err := neturl.Parse(url); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return statusMsg{text: "Not opening " + url + ": only http and https addresses are opened", isErr: true}
		}
		if err := openBrowser(url); err != nil {
			return statusMsg{text: "Could not open the browser (" + err.Error() + "): " + url, isErr: true}
		}
		return statusMsg{text: "Opened " + url}
	}
}

// clearStatusAfter removes a transient status line unless a newer one came.
func clearStatusAfter(id int, d time.Duration) tea.Cmd {
	return tea.Tick(d, func(time.Time) tea.Msg { return clearStatusMsg{id: id} })
}
