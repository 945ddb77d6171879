package crosspost

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/JohannesKaufmann/dom"
	"golang.org/x/net/html"

	"github.com/wp2medium/wp2medium/medium"
	"github.com/wp2medium/wp2medium/wordpress"
)

// fidelityCase is one piece of WordPress-rendered markup with what must reach
// Medium (the body after the title heading) and the Markdown of it: ToMarkdown
// (copy as Markdown) and, when set, ToPreview (the terminal preview).
type fidelityCase struct {
	name     string
	in       string
	medium   string
	markdown string
	preview  string
}

// sentBody is the content Transform sends for html, without the title's <h1>.
func sentBody(t *testing.T, in string) string {
	t.Helper()
	post := wordpress.PostDetail{
		Post:        wordpress.Post{ID: 1, Title: "T", Status: wordpress.StatusPublish, Link: testBaseURL},
		ContentHTML: in,
	}
	sub, err := Transform(post, Options{Status: medium.StatusDraft, License: medium.LicenseAllRightsReserved})
	if err != nil {
		t.Fatal(err)
	}
	body, ok := strings.CutPrefix(sub.Request.Content, "<h1>T</h1>")
	if !ok {
		t.Fatalf("the content does not open with the title:\n%s", sub.Request.Content)
	}
	assertMediumSubset(t, sub.Request.Content)
	return strings.TrimPrefix(body, "\n")
}

func runFidelity(t *testing.T, cases []fidelityCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := sentBody(t, tc.in); got != tc.medium {
				t.Errorf("sent to Medium:\n%s\nwant:\n%s", got, tc.medium)
			}
			md, err := ToMarkdown(tc.in, testBaseURL)
			if err != nil {
				t.Fatal(err)
			}
			if md != tc.markdown {
				t.Errorf("ToMarkdown:\n%s\nwant:\n%s", md, tc.markdown)
			}
			if tc.preview == "" {
				return
			}
			pv, err := ToPreview(tc.in, testBaseURL)
			if err != nil {
				t.Fatal(err)
			}
			if pv != tc.preview {
				t.Errorf("ToPreview:\n%s\nwant:\n%s", pv, tc.preview)
			}
		})
	}
}

func TestFidelityMediaWithSources(t *testing.T) {
	runFidelity(t, []fidelityCase{{
		name:     "minimal audio",
		in:       `<audio controls><source type="audio/mpeg" src="https://ex.org/a.mp3?_=1"/><a href="https://ex.org/a.mp3">https://ex.org/a.mp3</a></audio>`,
		medium:   `<p><a href="https://ex.org/a.mp3">https://ex.org/a.mp3</a></p>`,
		markdown: "[♫ Audio: a.mp3](https://ex.org/a.mp3)\n",
	}, {
		name: "video shortcode with two sources",
		in: `<div style="width: 640px;" class="wp-video"><!--[if lt IE 9]><script>document.createElement('video');</script><![endif]-->` + "\n" +
			`<video class="wp-video-shortcode" id="video-31-1" width="640" height="360" preload="metadata" controls="controls">` +
			`<source type="video/mp4" src="https://blog.example.com/wp-content/uploads/2024/05/harbour-walk.mp4?_=1" />` +
			`<source type="video/webm" src="https://blog.example.com/wp-content/uploads/2024/05/harbour-walk.webm?_=1" />` +
			`<a href="https://blog.example.com/wp-content/uploads/2024/05/harbour-walk.mp4">https://blog.example.com/wp-content/uploads/2024/05/harbour-walk.mp4</a></video></div>` + "\n" +
			`<p>Filmed at dawn.</p>`,
		medium: `<p><a href="https://blog.example.com/wp-content/uploads/2024/05/harbour-walk.mp4">https://blog.example.com/wp-content/uploads/2024/05/harbour-walk.mp4</a></p>` + "\n" +
			`<p>Filmed at dawn.</p>`,
		markdown: "[▶ Video: harbour-walk.mp4](https://blog.example.com/wp-content/uploads/2024/05/harbour-walk.mp4)\n\nFilmed at dawn.\n",
	}, {
		name:     "other parameters of a source are kept in order",
		in:       `<audio controls><source src="https://ex.org/talk.ogg?v=2&amp;_=3&amp;lang=en" type="audio/ogg"></audio>`,
		medium:   `<p><a href="https://ex.org/talk.ogg?v=2&amp;lang=en">https://ex.org/talk.ogg?v=2&amp;lang=en</a></p>`,
		markdown: "[♫ Audio: talk.ogg](https://ex.org/talk.ogg?v=2&lang=en)\n",
	}, {
		name:     "a player without an address keeps its fallback",
		in:       `<video controls><track kind="captions" src="/c.vtt">Your browser cannot play this; <a href="https://ex.org/notes/">read the notes</a>.</video>`,
		medium:   `<p>Your browser cannot play this; <a href="https://ex.org/notes/">read the notes</a>.</p>`,
		markdown: "Your browser cannot play this; [read the notes](https://ex.org/notes/).\n",
	}})
}

// mediumElements are the elements Medium's story model keeps (see
// docs/medium-api.md, "What a story can hold"); html and body come from parsing.
var mediumElements = map[string]bool{
	"html": true, "head": true, "body": true,
	"h1": true, "h2": true, "h3": true, "h4": true, "p": true, "br": true, "hr": true,
	"strong": true, "b": true, "em": true, "i": true, "a": true, "code": true, "pre": true,
	"blockquote": true, "ul": true, "ol": true, "li": true, "figure": true, "figcaption": true, "img": true,
}

// assertMediumSubset fails when content holds an element Medium does not
// keep, or one where Medium cannot hold it (see structureProblem).
func assertMediumSubset(t *testing.T, content string) {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(content))
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range elements(doc) {
		if !mediumElements[n.Data] {
			t.Errorf("<%s> is outside what Medium keeps:\n%s", n.Data, content)
		}
		if (n.Data == "ul" || n.Data == "ol") && dom.FindFirstNode(n, func(c *html.Node) bool { return c != n && (isElement(c, "ul") || isElement(c, "ol")) }) != nil {
			t.Errorf("a list inside a list, which Medium cannot show:\n%s", content)
		}
		if problem := structureProblem(n); problem != "" {
			t.Errorf("<%s> inside <%s>: %s:\n%s", n.Data, n.Parent.Data, problem, content)
		}
	}
}

// textBlocks hold a line of text in a story; inlineTags are all that
// may go in one (and in each other).
var (
	textBlocks = map[string]bool{"p": true, "li": true, "h1": true, "h2": true, "h3": true, "h4": true, "figcaption": true}
	inlineTags = map[string]bool{"strong": true, "b": true, "em": true, "i": true, "code": true, "a": true, "br": true}
)

// structureProblem says why Medium's story model cannot hold n where it
// stands, or is "": an image is only a figure's (possibly in a link in
// the figure), a line of text holds only inline content, and inline
// formatting holds no block.
func structureProblem(n *html.Node) string {
	parent := n.Parent
	if parent == nil || parent.Type != html.ElementNode {
		return ""
	}
	if n.Data == "img" {
		if isElement(parent, "figure") || isElement(parent, "a") && isElement(parent.Parent, "figure") {
			return ""
		}
		return "an image outside a figure, which Medium has no inline form of"
	}
	if isElement(parent, "a") && isElement(parent.Parent, "figure") {
		return "only an image goes in a figure's link"
	}
	for p := parent; p != nil && p.Type == html.ElementNode; p = p.Parent {
		if (textBlocks[p.Data] || inlineTags[p.Data]) && !inlineTags[n.Data] {
			return "a block inside a line of text"
		}
	}
	return ""
}

func TestFidelityButtonsAndForms(t *testing.T) {
	runFidelity(t, []fidelityCase{{
		name: "accordion heading",
		in: `<div role="group" class="wp-block-accordion"><div class="wp-block-accordion-item">` +
			`<h3 class="wp-block-accordion-heading"><button class="wp-block-accordion-heading__toggle">` +
			`<span class="wp-block-accordion-heading__toggle-title">Which ferry goes first?</span>` +
			`<span class="wp-block-accordion-heading__toggle-icon" aria-hidden="true">+</span></button></h3>` + "\n" +
			`<div role="region" class="wp-block-accordion-panel"><p>The one at seven, on weekdays.</p></div></div></div>`,
		medium:   "<h3>Which ferry goes first?</h3>\n<p>The one at seven, on weekdays.</p>",
		markdown: "### Which ferry goes first?\n\nThe one at seven, on weekdays.\n",
	}, {
		name: "button block saved as a button",
		in: `<div class="wp-block-buttons"><div class="wp-block-button"><a class="wp-block-button__link wp-element-button" href="https://ex.org/tickets/">Book a seat</a></div>` + "\n" +
			`<div class="wp-block-button"><button type="button" class="wp-block-button__link wp-element-button">Ask the crew</button></div></div>`,
		medium:   "<p><a href=\"https://ex.org/tickets/\">Book a seat</a></p>\n<p>Ask the crew</p>",
		markdown: "[Book a seat](https://ex.org/tickets/)\n\nAsk the crew\n",
	}, {
		name:     "a button inside a link keeps the link",
		in:       `<p>Then <a href="https://ex.org/timetable/"><button>see the timetable</button></a>.</p>`,
		medium:   `<p>Then <a href="https://ex.org/timetable/">see the timetable</a>.</p>`,
		markdown: "Then [see the timetable](https://ex.org/timetable/).\n",
	}, {
		name: "search form leaks nothing",
		in: `<form role="search" method="get" action="https://blog.example.com/" class="wp-block-search__button-outside wp-block-search__text-button wp-block-search">` +
			`<label class="wp-block-search__label" for="wp-block-search__input-1">Search</label><div class="wp-block-search__inside-wrapper ">` +
			`<input class="wp-block-search__input" id="wp-block-search__input-1" placeholder="Harbour, tides…" value="" type="search" name="s" required />` +
			`<button aria-label="Search" class="wp-block-search__button wp-element-button" type="submit">Search</button></div></form>` + "\n" +
			`<p>After the search box.</p>`,
		medium:   "<p>After the search box.</p>",
		markdown: "After the search box.\n",
	}, {
		name: "archives drop-down becomes its links",
		in: `<div class="wp-block-archives-dropdown wp-block-archives"><label class="wp-block-archives__label" for="wp-block-archives-1">Archives</label>` + "\n" +
			`<select id="wp-block-archives-1" name="archive-dropdown"><option value="">Select Month</option>` +
			`<option value='https://blog.example.com/2026/12/'> December 2026 </option><option value='https://blog.example.com/2026/11/'> November 2026 </option></select></div>`,
		medium: "<p>Archives</p>\n<ul><li><a href=\"https://blog.example.com/2026/12/\">December 2026</a></li>" +
			"<li><a href=\"https://blog.example.com/2026/11/\">November 2026</a></li></ul>",
		markdown: "Archives\n\n- [December 2026](https://blog.example.com/2026/12/)\n- [November 2026](https://blog.example.com/2026/11/)\n",
	}, {
		name: "categories drop-down, whose values only a script reads, leaves nothing",
		in: `<div class="wp-block-categories-dropdown wp-block-categories"><label class="wp-block-categories__label screen-reader-text" for="wp-block-categories-1">Categories</label>` +
			`<select name='cat' id='wp-block-categories-1' class='postform'><option value='-1'>Select Category</option><option class="level-0" value="4">Sailing</option></select>` +
			`<script>document.getElementById("wp-block-categories-1").onchange = function () {};</script></div><p>Next.</p>`,
		medium:   "<p>Next.</p>",
		markdown: "Next.\n",
	}})
}

func TestFidelityInlineMeaning(t *testing.T) {
	runFidelity(t, []fidelityCase{{
		name:     "struck and inserted text",
		in:       `<p>Tickets cost <del>€12</del> <ins datetime="2024-05-02T10:00:00+00:00">€9</ins> now, and <s>the old pier</s> the new pier opens at noon.</p>`,
		medium:   `<p>Tickets cost ~~€12~~ <em>€9</em> now, and ~~the old pier~~ the new pier opens at noon.</p>`,
		markdown: "Tickets cost ~~€12~~ *€9* now, and ~~the old pier~~ the new pier opens at noon.\n",
		preview:  "Tickets cost ~~€12~~ *€9* now, and ~~the old pier~~ the new pier opens at noon.\n",
	}, {
		name:     "spaces stay outside the marks, markup inside",
		in:       `<p>Closed on<strike> Mondays </strike>and <del><strong>all</strong> holidays</del>.</p>`,
		medium:   `<p>Closed on ~~Mondays~~ and ~~<strong>all</strong> holidays~~.</p>`,
		markdown: "Closed on ~~Mondays~~ and ~~**all** holidays~~.\n",
	}, {
		name:     "an insertion inside italics stays italic",
		in:       `<p><em>Update: the <ins>evening</ins> crossing is back.</em></p>`,
		medium:   `<p><em>Update: the evening crossing is back.</em></p>`,
		markdown: "*Update: the evening crossing is back.*\n",
	}, {
		name:     "quotations get their marks, nested ones single",
		in:       `<p>The skipper said <q>the radio only says <q>hold</q> today</q>, and left.</p>`,
		medium:   `<p>The skipper said “the radio only says ‘hold’ today”, and left.</p>`,
		markdown: "The skipper said “the radio only says ‘hold’ today”, and left.\n",
	}, {
		name: "an abbreviation is spelled out the first time",
		in: `<p>Write <abbr title="HyperText Markup Language">HTML</abbr> by hand; <abbr title="HyperText Markup Language">HTML</abbr> forgives.</p>` +
			`<p>Ask the <acronym title="Harbour Master Office">HMO</acronym>, not <abbr title="ok">OK</abbr> or <abbr>VHF</abbr>.</p>`,
		medium: "<p>Write HTML (HyperText Markup Language) by hand; HTML forgives.</p>\n" +
			"<p>Ask the HMO (Harbour Master Office), not OK or VHF.</p>",
		markdown: "Write HTML (HyperText Markup Language) by hand; HTML forgives.\n\nAsk the HMO (Harbour Master Office), not OK or VHF.\n",
	}})
}

// What Medium receives is copied as Markdown through ToMarkdown: the marks are
// text there, so they are escaped rather than turned back into strikethrough.
func TestStrikeMarksStayTextInMarkdownOfTheSentBody(t *testing.T) {
	body := sentBody(t, `<p>Was <del>€12</del>.</p>`)
	md, err := ToMarkdown(body, testBaseURL)
	if err != nil {
		t.Fatal(err)
	}
	if want := "Was \\~\\~€12\\~\\~.\n"; md != want {
		t.Errorf("ToMarkdown(%q) = %q, want %q", body, md, want)
	}
}

func TestFidelityMath(t *testing.T) {
	runFidelity(t, []fidelityCase{{
		name:     "minimal formula with its TeX",
		in:       `<math><semantics><mrow><msup><mi>e</mi><mrow><mi>i</mi><mi>π</mi></mrow></msup><mo>+</mo><mn>1</mn><mo>=</mo><mn>0</mn></mrow><annotation encoding="application/x-tex">e^{i\pi}+1=0</annotation></semantics></math>`,
		medium:   `<p><code>e^{i\pi}+1=0</code></p>`,
		markdown: "`e^{i\\pi}+1=0`\n",
	}, {
		name: "math block",
		in: `<p>The area:</p>` + "\n" + `<math class="wp-block-math" display="block"><semantics><mrow><mi>A</mi><mo>=</mo><mi>π</mi><msup><mi>r</mi><mn>2</mn></msup></mrow>` +
			`<annotation encoding="application/x-tex">A = \pi r^2</annotation></semantics></math>` + "\n" + `<p>for a circle.</p>`,
		medium:   "<p>The area:</p>\n<p><code>A = \\pi r^2</code></p>\n<p>for a circle.</p>",
		markdown: "The area:\n\n`A = \\pi r^2`\n\nfor a circle.\n",
	}, {
		name:     "inline math format",
		in:       `<p>Slope <math data-latex="\frac{\Delta y}{\Delta x}"><semantics><mfrac><mrow><mi mathvariant="normal">Δ</mi><mi>y</mi></mrow><mrow><mi mathvariant="normal">Δ</mi><mi>x</mi></mrow></mfrac></semantics></math> at the start.</p>`,
		medium:   `<p>Slope <code>\frac{\Delta y}{\Delta x}</code> at the start.</p>`,
		markdown: "Slope `\\frac{\\Delta y}{\\Delta x}` at the start.\n",
	}, {
		name: "MathML without TeX keeps its structure",
		in: `<p>Roots: <math><mi>x</mi><mo>=</mo><mfrac><mrow><mo>−</mo><mi>b</mi><mo>±</mo><msqrt><msup><mi>b</mi><mn>2</mn></msup><mo>−</mo><mn>4</mn><mi>a</mi><mi>c</mi></msqrt></mrow><mrow><mn>2</mn><mi>a</mi></mrow></mfrac></math>, ` +
			`and <math><msup><mi>x</mi><mrow><mi>n</mi><mo>+</mo><mn>1</mn></mrow></msup></math>.</p>`,
		medium:   `<p>Roots: <code>x=(−b±√(b^2−4ac))/(2a)</code>, and <code>x^(n+1)</code>.</p>`,
		markdown: "Roots: `x=(−b±√(b^2−4ac))/(2a)`, and `x^(n+1)`.\n",
	}})
}

func TestFidelityLoneImages(t *testing.T) {
	runFidelity(t, []fidelityCase{{
		name: "cover block",
		in: `<div class="wp-block-cover"><span aria-hidden="true" class="wp-block-cover__background has-background-dim-50 has-background-dim"></span>` +
			`<img class="wp-block-cover__image-background wp-image-41" alt="Boats at the quay" src="https://blog.example.com/wp-content/uploads/2024/05/quay.jpg" data-object-fit="cover"/>` +
			`<div class="wp-block-cover__inner-container"><p class="has-text-align-center has-large-font-size">Low tide, early May</p></div></div>`,
		medium: "<figure><img src=\"https://blog.example.com/wp-content/uploads/2024/05/quay.jpg\" alt=\"Boats at the quay\"/></figure>\n" +
			"<p>Low tide, early May</p>",
		markdown: "![Boats at the quay](https://blog.example.com/wp-content/uploads/2024/05/quay.jpg)\n\nLow tide, early May\n",
	}, {
		name: "an empty overlay not marked hidden does not count either",
		in: `<div class="wp-block-cover"><span class="wp-block-cover__gradient-background has-background-dim"></span>` +
			`<img class="wp-block-cover__image-background" alt="" src="https://blog.example.com/wp-content/uploads/dunes.jpg"/>` +
			`<div class="wp-block-cover__inner-container"><p>Dunes</p></div></div>`,
		medium:   "<figure><img src=\"https://blog.example.com/wp-content/uploads/dunes.jpg\"/></figure>\n<p>Dunes</p>",
		markdown: "![](https://blog.example.com/wp-content/uploads/dunes.jpg)\n\nDunes\n",
	}, {
		name: "an aligned image in a paragraph of text",
		in: `<p><img class="alignright size-medium wp-image-52" src="https://blog.example.com/wp-content/uploads/gull-300x200.jpg" alt="A gull" width="300" height="200" />` +
			`The gulls arrive before the boats do.</p>` + "\n" +
			`<p>Later, <a href="https://blog.example.com/wp-content/uploads/net.jpg"><img class="alignleft" src="https://blog.example.com/wp-content/uploads/net-150x150.jpg" alt=""></a> the nets dry.</p>`,
		medium: "<figure><img src=\"https://blog.example.com/wp-content/uploads/gull-300x200.jpg\" alt=\"A gull\"/></figure>\n" +
			"<p>The gulls arrive before the boats do.</p>\n" +
			"<p>Later,</p>\n" +
			"<figure><a href=\"https://blog.example.com/wp-content/uploads/net.jpg\"><img src=\"https://blog.example.com/wp-content/uploads/net-150x150.jpg\"/></a></figure>\n" +
			"<p>the nets dry.</p>",
		markdown: "![A gull](https://blog.example.com/wp-content/uploads/gull-300x200.jpg)The gulls arrive before the boats do.\n\n" +
			"Later, [![](https://blog.example.com/wp-content/uploads/net-150x150.jpg)](https://blog.example.com/wp-content/uploads/net.jpg) the nets dry.\n",
	}, {
		name:     "an image alone in a paragraph, inside a wrapper and a link",
		in:       `<p style="text-align:center"><a href="https://ex.org/full.png"><span class="frame"><img class="alignnone" src="https://ex.org/thumb.png" alt="Chart"></span></a><br></p>`,
		medium:   `<figure><a href="https://ex.org/full.png"><img src="https://ex.org/thumb.png" alt="Chart"/></a></figure>`,
		markdown: "[![Chart](https://ex.org/thumb.png)](https://ex.org/full.png)\n",
	}})
}

func TestFidelityFootnotes(t *testing.T) {
	runFidelity(t, []fidelityCase{{
		name:     "a reference without its list",
		in:       `<p>The pier was rebuilt twice<sup data-fn="5e1f0c2a" class="fn"><a href="#5e1f0c2a" id="5e1f0c2a-link">1</a></sup> and still leans.</p>`,
		medium:   `<p>The pier was rebuilt twice[1] and still leans.</p>`,
		markdown: "The pier was rebuilt twice[^1] and still leans.\n",
		preview:  "The pier was rebuilt twice[^1] and still leans.\n",
	}, {
		name: "references with their list",
		in: `<p>The pier was rebuilt twice<sup data-fn="5e1f0c2a" class="fn"><a href="#5e1f0c2a" id="5e1f0c2a-link">1</a></sup> and still leans<sup data-fn="9b7d44e1" class="fn"><a href="#9b7d44e1" id="9b7d44e1-link">2</a></sup>.</p>` + "\n" +
			`<ol class="wp-block-footnotes"><li id="5e1f0c2a">In 1921 and in 1978. <a href="#5e1f0c2a-link" aria-label="Jump to footnote reference 1">↩︎</a></li>` +
			`<li id="9b7d44e1">Two degrees, says the <a href="https://ex.org/survey/">survey</a>. <a href="#9b7d44e1-link" aria-label="Jump to footnote reference 2">↩︎</a></li></ol>`,
		medium: "<p>The pier was rebuilt twice[1] and still leans[2].</p>\n" +
			"<p>[1] In 1921 and in 1978.</p>\n" +
			"<p>[2] Two degrees, says the <a href=\"https://ex.org/survey/\">survey</a>.</p>",
		markdown: "The pier was rebuilt twice[^1] and still leans[^2].\n\n[^1]: In 1921 and in 1978.\n\n[^2]: Two degrees, says the [survey](https://ex.org/survey/).\n",
	}})
}

func TestFidelityNestedLists(t *testing.T) {
	runFidelity(t, []fidelityCase{{
		name: "a numbered list keeps its numbers",
		in: `<ol class="wp-block-list"><li>Check the tide table<ol class="wp-block-list"><li>high water</li><li>low water<ul class="wp-block-list"><li>springs</li></ul></li></ol></li>` +
			`<li>Pack the charts<ul class="wp-block-list"><li><p>the harbour plan</p><p>and its notes</p></li></ul></li><li>Leave</li></ol>`,
		medium: "<ol><li>Check the tide table<br/>– 1. high water<br/>– 2. low water<br/>– – springs</li>" +
			"<li>Pack the charts<br/>– the harbour plan<br/>and its notes</li><li>Leave</li></ol>",
		markdown: "1. Check the tide table\n\n   1. high water\n   2. low water\n\n      - springs\n2. Pack the charts\n\n   - the harbour plan\n\n     and its notes\n3. Leave\n",
	}, {
		name:     "a nested list's start",
		in:       `<ul><li>Ports<ol start="4"><li>Brest</li><li>Vigo</li></ol></li></ul>`,
		medium:   "<ul><li>Ports<br/>– 4. Brest<br/>– 5. Vigo</li></ul>",
		markdown: "- Ports\n\n  4. Brest\n  5. Vigo\n",
	}, {
		name:     "a list written straight into a list belongs to the item before it",
		in:       `<ul><li>Sails</li><ul><li>jib</li><li>main</li></ul><li>Ropes</li></ul>`,
		medium:   "<ul><li>Sails<br/>– jib<br/>– main</li><li>Ropes</li></ul>",
		markdown: "- Sails\n\n  - jib\n  - main\n- Ropes\n",
	}})
}

// Markdown cannot number a list backwards or jump to an item's value; the
// lines sent to Medium can.
func TestNestedListNumbersFollowValueAndReversed(t *testing.T) {
	got := sentBody(t, `<ul><li>Ports<ol><li>Brest</li><li value="9">Vigo</li><li>Porto</li></ol><ol reversed><li>three</li><li>two</li><li>one</li></ol></li></ul>`)
	if want := "<ul><li>Ports<br/>– 1. Brest<br/>– 9. Vigo<br/>– 10. Porto<br/>– 3. three<br/>– 2. two<br/>– 1. one</li></ul>"; got != want {
		t.Errorf("sent to Medium:\n%s\nwant:\n%s", got, want)
	}
}

// TestTransformSendsOnlyMediumSubset checks every transform fixture's body
// against what Medium keeps: nothing added to the transform may let another
// element through, nor a list inside a list.
func TestTransformSendsOnlyMediumSubset(t *testing.T) {
	for _, in := range fixtures(t) {
		t.Run(strings.TrimSuffix(filepath.Base(in), ".html"), func(t *testing.T) {
			post, opt := loadFixture(t, in)
			sub, err := Transform(post, opt)
			if err != nil {
				t.Fatal(err)
			}
			assertMediumSubset(t, sub.Request.Content)
		})
	}
}

// FuzzTransformSubset feeds markup around the fidelity rewrites (nested and
// stray lists, images among wrappers, forms, formulas, struck text) to
// Transform: it must not fail, and must send only Medium's subset.
func FuzzTransformSubset(f *testing.F) {
	for _, s := range []string{
		`<ul><li>a<ul><li>b<ol><li>c</li></ol></li></ul></li><ol><li>d</li></ol></ul>`,
		`<p><a href="/x"><span><img class="alignleft" src="/i.png"></span></a>text<img align="right" src="/j.png"></p>`,
		`<div class="wp-block-cover"><span></span><img src="/c.jpg"><div><p>t</p></div></div>`,
		`<form><label for="s">L</label><select id="s"><option value="/a">A</option></select><button>B</button></form><h3><button>H</button></h3>`,
		`<math data-latex="x"><msup><mi>x</mi><mfrac><mn>1</mn><mn>2</mn></mfrac></msup></math><del> a <q>b<q>c</q></q></del><abbr title="t">T</abbr>`,
		`<p>w<sup class="fn"><a href="#n">1</a></sup></p><audio><source src="/a.mp3?_=1"></audio><video>fallback</video>`,
		`<ol><li>a <em>b<img src="/i.png"></em><h2>c<img src="/j.png"></h2><figure><img src="/k.png"><figcaption>d<img src="/l.png"></figcaption></figure></li><li><pre>e</pre><blockquote><p>f</p></blockquote></li></ol>`,
		`<h4><a href="/x">g<img src="/i.png"></a></h4><p><img class="latex" src="https://s0.wp.com/latex.php?latex=x"> h <img alt="\pi" src="/p.png"></p>`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		post := wordpress.PostDetail{
			Post:        wordpress.Post{ID: 1, Title: "T", Status: wordpress.StatusPublish, Link: testBaseURL},
			ContentHTML: in,
		}
		sub, err := Transform(post, Options{Status: medium.StatusDraft, License: medium.LicenseAllRightsReserved})
		if err != nil {
			t.Fatalf("Transform(%q): %v", in, err)
		}
		assertMediumSubset(t, sub.Request.Content)
	})
}
