package ui

import (
	"context"
	"fmt"
	"log"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/wp2medium/wp2medium/crosspost"
	"github.com/wp2medium/wp2medium/medium"
	"github.com/wp2medium/wp2medium/wordpress"
)

// publishTimeout bounds one send: image uploads plus the create. A create
// that times out is recorded as "unknown", never retried.
const publishTimeout = 3 * time.Minute

type publishPreparedMsg struct {
	detail wordpress.PostDetail
	pubs   publicationChoices
	err    error
}

type publishPlannedMsg struct {
	plan crosspost.Plan
	err  error
}

type publishSentMsg struct {
	result crosspost.Result
	err    error
}

type publishContentMsg struct{ text string }

type resolvedMsg struct {
	onMedium bool
	entry    crosspost.Entry
	err      error
}

type linkedMsg struct{ err error }

// preparePublishCmd fetches the post as it is now and what the form offers
// for the publication.
func preparePublishCmd(c *Common, id int) tea.Cmd {
	src, pub := c.Source, c.Publish.Publisher
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), requestTimeout)
		defer cancel()
		d, err := src.Post(ctx, id)
		if err != nil {
			return publishPreparedMsg{err: err}
		}
		return publishPreparedMsg{detail: d, pubs: listPublications(ctx, pub)}
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
	return publicationChoices{listNote: "Could not list your publications (" + err.Error() + ")."}
}

// planCmd checks the publication role (a writer may only send drafts) and
// builds the exact request.
func planCmd(pub *crosspost.Publisher, req crosspost.PlanRequest) tea.Cmd {
	return func() tea.Msg {
		if req.PublicationID != "" && req.Options.Status != medium.StatusDraft {
			ctx, cancel := context.WithTimeout(context.Background(), requestTimeout)
			role, err := pub.Role(ctx, req.PublicationID)
			cancel()
			if err == nil && role != "" && !role.Allows(req.Options.Status) {
				req.Options.Status = medium.StatusDraft
				plan, err := pub.Plan(req)
				plan.Submission.Warnings = append(plan.Submission.Warnings, crosspost.Warning{
					Code:    "writer-draft",
					Message: "You are a writer in this publication, where Medium accepts drafts only: the story is sent as a draft for its editors.",
				})
				return publishPlannedMsg{plan: plan, err: err}
			}
		}
		plan, err := pub.Plan(req)
		return publishPlannedMsg{plan: plan, err: err}
	}
}

func publishCmd(pub *crosspost.Publisher, plan crosspost.Plan) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), publishTimeout)
		defer cancel()
		res, err := pub.Publish(ctx, plan)
		log.Printf("publish of post %d: state=%s url=%s err=%v", plan.Request.Post.ID, res.Entry.State, res.Entry.URL, err)
		return publishSentMsg{result: res, err: err}
	}
}

// resolveCmd records what the user found on Medium after an unknown outcome.
func resolveCmd(pub *crosspost.Publisher, id int, onMedium bool, url string) tea.Cmd {
	return func() tea.Msg {
		var err error
		if onMedium {
			err = pub.Ledger.ResolveOnMedium(pub.Site, id, url)
		} else {
			err = pub.Ledger.ResolveNotSent(pub.Site, id)
		}
		e, _ := pub.Ledger.Get(pub.Site, id)
		return resolvedMsg{onMedium: onMedium, entry: e, err: err}
	}
}

func linkCmd(pub *crosspost.Publisher, id int) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), requestTimeout)
		defer cancel()
		return linkedMsg{err: pub.LinkOnWordPress(ctx, id)}
	}
}

// renderContentCmd shows the content as Medium will receive it, converted
// back to Markdown and rendered like the preview.
func renderContentCmd(html, base string, width int, style string) tea.Cmd {
	return func() tea.Msg {
		md, err := crosspost.ToMarkdown(html, base)
		if err == nil {
			md, err = renderMarkdown(md, width, style)
		}
		if err != nil {
			return publishContentMsg{text: "Could not render the content: " + err.Error()}
		}
		return publishContentMsg{text: md}
	}
}

// copyForMediumCmd copies the post as Medium will receive it (the same
// transform the API route sends), for pasting into Medium's editor: HTML, or
// Markdown converted back from it.
func copyForMediumCmd(c *Common, post wordpress.Post, asHTML bool) tea.Cmd {
	src, d, site := c.Source, c.Publish.Defaults, c.SiteName
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), requestTimeout)
		defer cancel()
		detail, err := src.Post(ctx, post.ID)
		if err != nil {
			return statusMsg{text: "Could not copy: " + err.Error(), isErr: true}
		}
		license := d.License
		if license == "" {
			license = medium.LicenseAllRightsReserved
		}
		sub, err := crosspost.Transform(detail, crosspost.Options{Status: medium.StatusDraft, License: license, CrossLink: d.CrossLink, SiteName: site})
		if err != nil {
			return statusMsg{text: "Could not copy: " + err.Error(), isErr: true}
		}
		text, kind := sub.Request.Content, "HTML"
		if !asHTML {
			if text, err = crosspost.ToMarkdown(text, detail.Link); err != nil {
				return statusMsg{text: "Could not copy: " + err.Error(), isErr: true}
			}
			kind = "Markdown"
		}
		if msg, ok := copyURLCmd(text)().(statusMsg); ok && msg.isErr {
			return msg
		}
		return statusMsg{text: fmt.Sprintf("Copied %s (%s characters) of %q for Medium's editor", kind, thousands(len(text)), post.Title)}
	}
}
