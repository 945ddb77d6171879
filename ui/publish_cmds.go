package ui

import (
	"context"
	"fmt"
	"log"

	"github.com/wp2medium/wp2medium/store"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/wp2medium/wp2medium/crosspost"
	"github.com/wp2medium/wp2medium/internal/termtext"
	"github.com/wp2medium/wp2medium/medium"
	"github.com/wp2medium/wp2medium/wordpress"
)

// The results of the publish screen's commands, tagged with the screen.
type (
	publishPreparedMsg struct {
		screen int
		detail wordpress.PostDetail
		pubs   publicationChoices
		check  error       // why the post cannot simply be sent (Publisher.Check)
		plan   *store.Plan // in plan mode, the post's plan if it has one
		err    error       // the post could not be fetched (or its plan read)
	}
	publishPlannedMsg struct {
		screen int
		plan   crosspost.Plan
		err    error
	}
	publishSentMsg struct {
		screen int
		result crosspost.Result
		err    error
	}
	publishContentMsg struct {
		screen int
		text   string
	}
	resolvedMsg struct {
		screen   int
		onMedium bool
		entry    store.Entry
		err      error
	}
	linkedMsg struct {
		screen int
		err    error
	}
)

// preparePublishCmd fetches the post as it is now, says whether it may be
// sent, and what the form offers for the publication; with plans (plan
// mode), it reads the post's plan too.
func preparePublishCmd(c *Common, screen, id int, plans PlanStore) tea.Cmd {
	src, pub := c.Source, c.Publish.Publisher
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), requestTimeout)
		defer cancel()
		d, err := src.Post(ctx, id)
		if err != nil {
			return publishPreparedMsg{screen: screen, err: err}
		}
		msg := publishPreparedMsg{screen: screen, detail: d, check: pub.Check(ctx, d, false), pubs: listPublications(ctx, pub)}
		if plans != nil {
			p, ok, err := plans.Plan(id)
			switch {
			case err != nil:
				msg.err = err
			case ok:
				msg.plan = &p
			}
		}
		return msg
	}
}

// listPublications asks Medium for the user's publications; a token without
// the listPublications scope gets a typed id field instead.
func listPublications(ctx context.Context, pub *crosspost.Publisher) publicationChoices {
	list, err := pub.Publications(ctx)
	switch {
	case err == nil:
		return publicationChoices{listed: list, canList: len(list) > 0}
	case medium.KindOf(err) == medium.KindMissingScope:
		return publicationChoices{listNote: "This token may not list your publications; type an id if you want one."}
	}
	return publicationChoices{listNote: "Could not list your publications (" + termtext.CleanLine(err.Error()) + ")."}
}

// planCmd checks every rule and builds the exact request (Publisher.Plan).
func planCmd(pub *crosspost.Publisher, screen int, req crosspost.PlanRequest) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), requestTimeout)
		defer cancel()
		plan, err := pub.Plan(ctx, req)
		return publishPlannedMsg{screen: screen, plan: plan, err: err}
	}
}

func publishCmd(pub *crosspost.Publisher, screen int, plan crosspost.Plan) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), crosspost.PublishTimeout)
		defer cancel()
		res, err := pub.Publish(ctx, plan)
		log.Printf("publish of post %d: state=%s url=%s err=%v", plan.Request.Post.ID, res.Entry.State, res.Entry.URL, err)
		return publishSentMsg{screen: screen, result: res, err: err}
	}
}

// resolveCmd records what the user found on Medium after an unknown outcome.
func resolveCmd(pub *crosspost.Publisher, screen int, post wordpress.PostDetail, onMedium bool, url string) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), requestTimeout)
		defer cancel()
		var e store.Entry
		var err error
		if onMedium {
			e, err = pub.ResolveOnMedium(ctx, post, url)
		} else {
			e, err = pub.ResolveNotSent(ctx, post)
		}
		return resolvedMsg{screen: screen, onMedium: onMedium, entry: e, err: err}
	}
}

func linkCmd(pub *crosspost.Publisher, screen int, post wordpress.PostDetail) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), requestTimeout)
		defer cancel()
		return linkedMsg{screen: screen, err: pub.LinkOnWordPress(ctx, post)}
	}
}

// renderContentCmd shows the content as Medium will receive it, converted
// back to Markdown and rendered like the preview.
func renderContentCmd(screen int, html, base string, width int, style string) tea.Cmd {
	return func() tea.Msg {
		md, err := crosspost.ToPreview(html, base)
		if err == nil {
			md, err = renderMarkdown(md, width, style)
		}
		if err != nil {
			return publishContentMsg{screen: screen, text: "Could not render the content: " + err.Error()}
		}
		return publishContentMsg{screen: screen, text: md}
	}
}

// copyForMediumCmd copies the post as Medium will receive it (the story the
// publisher builds with the config's defaults), for pasting into Medium's
// editor: HTML, or Markdown converted back from it.
func copyForMediumCmd(c *Common, post wordpress.Post, asHTML bool) tea.Cmd {
	src, pub, term := c.Source, c.Publish.Publisher, c.Terminal
	choice := newPublishChoice(c.Publish.Defaults, "", nil)
	opts := choice.options()
	opts.Status = medium.StatusDraft // Medium's editor decides; the status is not sent
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), requestTimeout)
		defer cancel()
		fail := func(err error) tea.Msg { return statusMsg{text: "Could not copy: " + err.Error(), isErr: true} }
		detail, err := src.Post(ctx, post.ID)
		if err != nil {
			return fail(err)
		}
		sub, err := pub.ForEditor(ctx, detail, opts)
		if err != nil {
			return fail(err)
		}
		text, kind := sub.Request.Content, "HTML"
		if !asHTML {
			if text, err = crosspost.ToMarkdown(text, detail.Link); err != nil {
				return fail(err)
			}
			kind = "Markdown"
		}
		return copyCmd(term, fmt.Sprintf("%q as %s for Medium's editor", post.Title, kind), text)()
	}
}
