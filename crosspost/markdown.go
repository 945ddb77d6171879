package crosspost

import (
	"bytes"
	"strconv"
	"strings"
	"sync"

	"github.com/JohannesKaufmann/html-to-markdown/v2/converter"
	"github.com/JohannesKaufmann/html-to-markdown/v2/plugin/base"
	"github.com/JohannesKaufmann/html-to-markdown/v2/plugin/commonmark"
	"github.com/JohannesKaufmann/html-to-markdown/v2/plugin/strikethrough"
	"github.com/JohannesKaufmann/html-to-markdown/v2/plugin/table"
	"golang.org/x/net/html"

	"github.com/wp2medium/wp2medium/internal/termtext"
)

// ToMarkdown converts a post's rendered HTML (block editor or classic) to Markdown for
// preview and for "copy as Markdown". baseURL makes relative links and images absolute;
// pass the post's own URL so that "#section" links resolve to it as well.
//
// WordPress markup is first rewritten into plain HTML (see normalizeWordPress): code
// blocks keep their language, figure captions become an italic line, embeds become a
// link on their own line, footnotes become [^n], struck text ~~x~~, a formula its TeX
// in inline code. Malformed HTML is repaired by the HTML5 parser rather than rejected;
// the error is only for a broken converter setup.
func ToMarkdown(htmlText string, baseURL string) (string, error) {
	return toMarkdown(htmlText, baseURL, false)
}

func toMarkdown(htmlText string, baseURL string, references bool) (string, error) {
	doc, err := html.Parse(strings.NewReader(htmlText))
	if err != nil { // the HTML5 parser only fails on reader errors, but keep the contract
		return "", err
	}
	cleanDecoded(doc)
	normalizeWordPress(doc, baseURL)
	if references {
		referenceLinks(doc, baseURL)
		escapeAmpersands(doc)
	}
	conv, err := markdownConverter()
	if err != nil {
		return "", err
	}
	out, err := conv.ConvertNode(doc, converter.WithDomain(baseURL))
	if err != nil {
		return "", err
	}
	// cleanDecoded cleaned the decoded text; this is the last step before
	// the terminal, for anything the conversion itself made. (Glamour
	// decodes entities once more: what it renders is cleaned after it.)
	return termtext.Clean(tidyMarkdown(out)), nil
}

// markdownConverter is built once: registering plugins is the costly part, and a
// Converter is safe for concurrent use.
var markdownConverter = sync.OnceValues(func() (*converter.Converter, error) {
	conv := converter.NewConverter(converter.WithPlugins(
		base.NewBasePlugin(),
		commonmark.NewCommonmarkPlugin(
			commonmark.WithHorizontalRule("---"),
			commonmark.WithListEndComment(false),
		),
		// Struck text keeps its meaning as GFM's ~~, which the preview renders.
		strikethrough.NewStrikethroughPlugin(),
		table.NewTablePlugin(
			table.WithHeaderPromotion(true),
			table.WithNewlineBehavior(table.NewlineBehaviorPreserve),
			table.WithSkipEmptyRows(true),
			table.WithSpanCellBehavior(table.SpanBehaviorEmpty),
		),
	))
	conv.Register.RendererFor(tagFootnoteRef, converter.TagTypeInline, renderFootnoteRef, converter.PriorityStandard)
	conv.Register.RendererFor(tagFootnoteDef, converter.TagTypeBlock, renderFootnoteDef, converter.PriorityStandard)
	return conv, nil
})

// Elements that normalizeWordPress creates for what plain HTML has no tag for.
const (
	tagFootnoteRef = "wp2md-fnref" // data-n: the footnote number
	tagFootnoteDef = "wp2md-fndef" // data-n; children are the note's content
)

func renderFootnoteRef(_ converter.Context, w converter.Writer, n *html.Node) converter.RenderStatus {
	w.WriteString("[^" + attr(n, "data-n") + "]")
	return converter.RenderSuccess
}

func renderFootnoteDef(ctx converter.Context, w converter.Writer, n *html.Node) converter.RenderStatus {
	var buf bytes.Buffer
	ctx.RenderChildNodes(ctx, &buf, n)
	body := strings.TrimSpace(buf.String())
	// Continuation lines of a footnote are indented so they stay part of it.
	body = strings.ReplaceAll(body, "\n", "\n    ")
	w.WriteString("\n\n[^" + attr(n, "data-n") + "]: " + body + "\n\n")
	return converter.RenderSuccess
}

// tidyMarkdown drops trailing spaces (except the two that mean a hard line break) and
// runs of blank lines, leaving fenced code untouched.
func tidyMarkdown(md []byte) string {
	lines := strings.Split(string(md), "\n")
	out := make([]string, 0, len(lines))
	fence := "" // the open fence, "" outside code
	blank := 0
	for _, line := range lines {
		if fence != "" {
			out = append(out, line)
			if t := strings.TrimSpace(line); strings.HasPrefix(t, fence) && strings.Trim(t, fence[:1]) == "" {
				fence = ""
			}
			continue
		}
		if t := strings.TrimLeft(line, " "); strings.HasPrefix(t, "```") || strings.HasPrefix(t, "~~~") {
			fence = t[:len(t)-len(strings.TrimLeft(t, t[:1]))]
		}
		if strings.HasPrefix(line, "|") {
			// A <br> in a table cell comes out as a hard break turned into "  <br />"; swap
			// for a string of the same length so the column padding stays aligned.
			line = strings.ReplaceAll(line, "  <br />", " <br /> ")
		}
		hardBreak := strings.HasSuffix(line, "  ") && strings.TrimSpace(line) != ""
		line = strings.TrimRight(line, " \t")
		if hardBreak {
			line += "  "
		}
		if line == "" {
			blank++
			if blank > 1 || len(out) == 0 {
				continue
			}
		} else {
			blank = 0
		}
		out = append(out, line)
	}
	s := strings.TrimSpace(strings.Join(out, "\n"))
	if s == "" {
		return ""
	}
	return s + "\n"
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func itoa(i int) string { return strconv.Itoa(i) }
