package ui

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/charmbracelet/huh"
	"golang.org/x/term"

	"github.com/wp2medium/wp2medium/config"
	"github.com/wp2medium/wp2medium/internal/termtext"
)

// ErrWizardInputEnded is returned by RunAccessible when the input ends before
// the wizard does (Ctrl+D): nothing was saved.
var ErrWizardInputEnded = errors.New("setup cancelled: the input ended before the settings were saved; nothing was saved")

// RunAccessible runs the wizard in huh's accessible mode: plain prompts read
// line by line from in and written to out, for screen readers. huh runs that
// mode outside Bubble Tea, so the live checks run here between the prompts,
// each under the wizard's timeout. The end of the input cancels: nothing is
// saved and ErrWizardInputEnded is returned with Saved false.
//
// When in is a terminal, passwords and tokens are read without echo. From a
// pipe (scripts, tests) they are read as plain lines: nothing is echoed then
// either, as the wizard never prints what was typed.
func (w *Wizard) RunAccessible(ctx context.Context, out io.Writer, in io.Reader) (WizardDoneMsg, error) {
	lines := &lineReader{r: in}
	plain := !isTerminal(in)
	page := pageSite
	printed := wizardPage(-1)
	for {
		if err := ctx.Err(); err != nil {
			return w.accessibleCancel(), err
		}
		if page != printed {
			w.page = page
			w.printPage(out, page)
			printed = page
		}
		for _, g := range w.groups(page, plain) {
			if g.hide != nil && g.hide() {
				continue
			}
			form := huh.NewForm(g.group).WithAccessible(true).WithTheme(huh.ThemeBase()).
				WithInput(lines).WithOutput(out)
			if err := form.Run(); err != nil {
				return w.accessibleCancel(), err
			}
			if lines.ended {
				return w.accessibleCancel(), ErrWizardInputEnded
			}
		}
		next, done, err := w.accessibleSubmit(ctx, out, page)
		if err != nil {
			fmt.Fprintln(out, "✗ "+errorText(err))
			fmt.Fprintln(out, "Try again.")
			continue
		}
		if done != nil {
			return *done, nil
		}
		page = next
	}
}

// accessibleSubmit is Update's submit for the accessible mode: the check runs
// here, synchronously. It returns the next page, or the final result.
func (w *Wizard) accessibleSubmit(ctx context.Context, out io.Writer, page wizardPage) (wizardPage, *WizardDoneMsg, error) {
	st := w.st
	run := func(what string, f func(context.Context) wizardCheckedMsg) wizardCheckedMsg {
		fmt.Fprintln(out, termtext.CleanLine(what))
		cctx, cancel := context.WithTimeout(ctx, w.opts.CheckTimeout)
		defer cancel()
		return f(cctx)
	}
	switch page {
	case pageSite:
		m := run("Looking for WordPress at "+strings.TrimSpace(st.siteURL)+"…", w.siteCheck())
		if m.err != nil {
			return page, nil, m.err
		}
		st.site = &m.site
		fmt.Fprintln(out, "✓ Found "+m.site.name+" at "+m.site.url)
		return pageWordPress, nil, nil
	case pageWordPress:
		if st.wpMode != choiceSignIn {
			st.wpUser = nil
			fmt.Fprintln(out, "Not signed in: only public posts are visible; no cross-link on the WordPress side.")
			return pageMedium, nil, nil
		}
		m := run("Signing in as "+strings.TrimSpace(st.username)+"…", w.loginCheck())
		if m.err != nil {
			return page, nil, m.err
		}
		st.wpUser = &m.user
		fmt.Fprintln(out, "✓ Signed in as "+userLabel(m.user.Name, m.user.Slug))
		return pageMedium, nil, nil
	case pageMedium:
		if st.mediumMode != choiceToken {
			st.token = nil
			fmt.Fprintln(out, "No Medium token: posts go through Medium's importer.")
			return pageDefaults, nil, nil
		}
		m := run("Checking the token with Medium…", w.tokenCheck())
		if m.err != nil {
			return page, nil, m.err
		}
		st.token = &m.token
		fmt.Fprintln(out, "✓ Medium: @"+m.token.user.Username+nameSuffix(m.token.user.Name))
		return pageDefaults, nil, nil
	case pageDefaults:
		return pageAuto, nil, nil
	case pageAuto:
		return pageSummary, nil, nil
	case pageSummary:
		switch st.action {
		case actionSave:
			cfg := w.result()
			if err := config.Save(w.opts.Path, cfg); err != nil {
				return page, nil, fmt.Errorf("not saved: %w", err)
			}
			return pageDone, &WizardDoneMsg{Saved: true, Config: cfg, Path: w.opts.Path}, nil
		case actionRestart:
			st.action = actionSave
			return pageSite, nil, nil
		}
		done := w.accessibleCancel()
		return pageDone, &done, nil
	}
	return page, nil, nil
}

func (w *Wizard) accessibleCancel() WizardDoneMsg {
	return WizardDoneMsg{Config: w.opts.Config, Path: w.opts.Path}
}

// printPage prints a page's heading and explanation, or the summary.
func (w *Wizard) printPage(out io.Writer, p wizardPage) {
	fmt.Fprintf(out, "\nStep %d of %d: %s\n", int(p)+1, wizardSteps, p)
	if p == pageSummary {
		for _, r := range w.summaryRows() {
			fmt.Fprintf(out, "%s: %s\n", r[0], r[1])
		}
		return
	}
	for _, l := range w.intro(p) {
		fmt.Fprintln(out, l)
	}
}

// lineReader hands huh one line per Read. huh's accessible prompts wrap the
// input in a new bufio.Scanner for every prompt; reading ahead would lose the
// lines meant for the next prompts when the input is a pipe. It also notes
// the end of the input, which huh treats as "keep the default".
type lineReader struct {
	r     io.Reader
	ended bool
}

func (l *lineReader) Read(p []byte) (int, error) {
	n := 0
	var b [1]byte
	for n < len(p) {
		m, err := l.r.Read(b[:])
		if m == 1 {
			p[n] = b[0]
			n++
			if b[0] == '\n' {
				return n, nil
			}
		}
		if err != nil {
			if n > 0 {
				return n, nil
			}
			if errors.Is(err, io.EOF) {
				l.ended = true
			}
			return 0, err
		}
	}
	return n, nil
}

// Fd lets huh read a password without echo when the input is a terminal.
func (l *lineReader) Fd() uintptr {
	if f, ok := l.r.(interface{ Fd() uintptr }); ok {
		return f.Fd()
	}
	return ^uintptr(0)
}

func isTerminal(r io.Reader) bool {
	f, ok := r.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}
