package crosspost

import (
	"strings"
	"testing"
)

func TestToPreviewListsLinksAtTheEnd(t *testing.T) {
	in := `<p>An opening paragraph with <a href="https://example.com/docs?a=1&amp;b=2">a link</a>, ` +
		`<a href="/about/">another</a>, <a href="https://example.com/docs?a=1&amp;b=2">the first again</a>, ` +
		`a footnote<sup><a href="#fn-1">1</a></sup>, a <a href="https://blog.example.com/post/#section">heading here</a> ` +
		`and <a href="https://go.dev">https://go.dev</a>.</p><p><a href="https://example.com/x"><img src="https://example.com/i.png" alt="pic"></a></p>`
	md, err := ToPreview(in, "https://blog.example.com/post/")
	if err != nil {
		t.Fatal(err)
	}
	md = strings.ReplaceAll(md, `\[`, "[") // Markdown's escape, gone once rendered
	for _, want := range []string{
		"with a link[1], another[2], the first again[1], a footnote[^1], a heading here and https://go.dev.",
		"**Links**",
		"1. https://example.com/docs?a=1&amp;b=2", // &amp;: the renderer decodes it
		"2. https://blog.example.com/about/",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("preview lacks %q:\n%s", want, md)
		}
	}
	if strings.Contains(md, "](") && !strings.Contains(md, "![") {
		t.Errorf("an inline link is left in the text:\n%s", md)
	}
	if strings.Count(md, "https://example.com/docs") != 1 {
		t.Errorf("a repeated address is listed twice:\n%s", md)
	}
	// Copy as Markdown keeps inline links: it is for Medium's editor.
	copied, _ := ToMarkdown(in, "https://blog.example.com/post/")
	if !strings.Contains(copied, "[a link](https://example.com/docs?a=1&b=2)") {
		t.Errorf("ToMarkdown lost the inline link:\n%s", copied)
	}
}

// A post about escape codes (an "&" written as "&amp;") reads as text: the
// renderer's own decoding gives back the text, not an escape.
func TestToPreviewEscapesAmpersandsForTheRenderer(t *testing.T) {
	md, err := ToPreview(`<p>Type &amp;#27;[8m or &amp;amp; &amp; R&amp;D</p><pre><code>x := "&amp;#27;"</code></pre>`, "https://blog.example.com/")
	if err != nil {
		t.Fatal(err)
	}
	md = strings.ReplaceAll(md, `\[`, "[")
	if !strings.Contains(md, "Type &amp;#27;[8m or &amp;amp; &amp; R&amp;D") || !strings.Contains(md, `x := "&#27;"`) {
		t.Fatalf("preview:\n%s", md)
	}
}
