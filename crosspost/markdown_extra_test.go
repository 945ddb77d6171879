package crosspost

import (
	"fmt"
	"strings"
	"sync"
	"testing"
)

func TestToMarkdownKeepsTextOfMalformedHTML(t *testing.T) {
	inputs := []string{
		`<p>alpha <b>beta <i>gamma</p><ul><li>delta<li>epsilon</ul><pre><code>zeta`,
		`<div><div><p>eta</span></div></table>theta</div><figure><figcaption>iota`,
		`kappa<br/>lambda<p>mu</p></p></p>nu<table><td>xi<td>omicron</table>`,
		`<blockquote><cite>pi</cite>rho<blockquote>sigma`,
		`<sup class="fn"><a href="#missing">tau</a></sup> upsilon <ol class="wp-block-footnotes"><li>phi</li></ol>`,
		`<figure class="wp-block-embed"><div class="wp-block-embed__wrapper">chi</div><figcaption>psi</figcaption></figure>`,
	}
	for _, in := range inputs {
		out, err := ToMarkdown(in, "")
		if err != nil {
			t.Fatalf("ToMarkdown(%q): %v", in, err)
		}
		for _, w := range strings.Fields(textOfTestInput(in)) {
			if !strings.Contains(out, w) {
				t.Errorf("lost %q from %q:\n%s", w, in, out)
			}
		}
	}
}

// textOfTestInput strips tags from the hand-written inputs above (no attributes hold text).
func textOfTestInput(s string) string {
	var b strings.Builder
	in := false
	for _, r := range s {
		switch {
		case r == '<':
			in = true
			b.WriteByte(' ')
		case r == '>':
			in = false
		case !in:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func TestToMarkdownRemovesScriptsAndStyles(t *testing.T) {
	out, err := ToMarkdown(`<style>p{color:red}</style><p>kept</p><script>steal()</script><noscript>enable js</noscript>`, "")
	if err != nil {
		t.Fatal(err)
	}
	if out != "kept\n" {
		t.Errorf("got %q", out)
	}
}

func TestToMarkdownBaseURL(t *testing.T) {
	in := `<p><a href="/a">a</a> <img src="img/b.png" alt="b"></p>`
	got, _ := ToMarkdown(in, "https://blog.example.com/2024/post/")
	if want := "[a](https://blog.example.com/a) ![b](https://blog.example.com/2024/post/img/b.png)\n"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	got, _ = ToMarkdown(in, "")
	if want := "[a](/a) ![b](img/b.png)\n"; got != want {
		t.Errorf("without base: got %q, want %q", got, want)
	}
}

func TestToMarkdownEmpty(t *testing.T) {
	for _, in := range []string{"", "   ", "<p>&nbsp;</p>", "<script>x()</script>"} {
		if got, err := ToMarkdown(in, ""); err != nil || got != "" {
			t.Errorf("ToMarkdown(%q) = %q, %v; want empty", in, got, err)
		}
	}
}

func TestCodeLanguages(t *testing.T) {
	tests := map[string]string{
		`<pre class="wp-block-code"><code class="language-go">x</code></pre>`:           "```go\n",
		`<pre class="wp-block-code"><code class="lang-Rust">x</code></pre>`:             "```rust\n",
		`<pre class="brush: csharp; gutter: false">x</pre>`:                             "```csharp\n",
		`<pre lang="ruby">x</pre>`:                                                      "```ruby\n",
		`<pre class="wp-block-code language-bash"><code>x</code></pre>`:                 "```bash\n",
		`<pre><code data-lang="sql">x</code></pre>`:                                     "```sql\n",
		`<pre class="wp-block-preformatted">x</pre>`:                                    "```\n",
		`<pre class="wp-block-code"><code class="language-go">a  </code></pre><p>b</p>`: "```go\na  \n```",
	}
	for in, want := range tests {
		got, err := ToMarkdown(in, "")
		if err != nil || !strings.Contains(got, want) {
			t.Errorf("ToMarkdown(%q) = %q, want it to contain %q", in, got, want)
		}
	}
}

func TestEmbedURLs(t *testing.T) {
	tests := map[string]string{
		`<iframe src="https://www.youtube.com/embed/abc123?feature=oembed" title="T"></iframe>`:                                     "[▶ YouTube: T](https://www.youtube.com/watch?v=abc123)",
		`<iframe src="https://player.vimeo.com/video/42?h=x"></iframe>`:                                                             "[▶ Vimeo: https://vimeo.com/42](https://vimeo.com/42)",
		`<iframe src="https://open.spotify.com/embed/track/1" title="Song"></iframe>`:                                               "[Spotify: Song](https://open.spotify.com/embed/track/1)",
		`<iframe src="about:blank"></iframe><p>after</p>`:                                                                           "after\n",
		`<figure class="wp-block-embed is-provider-x"><div class="wp-block-embed__wrapper">https://x.com/a/status/1</div></figure>`: "[X: https://x.com/a/status/1](https://x.com/a/status/1)",
	}
	for in, want := range tests {
		got, _ := ToMarkdown(in, "")
		if strings.TrimSpace(got) != strings.TrimSpace(want) {
			t.Errorf("ToMarkdown(%q)\n got %q\nwant %q", in, got, want)
		}
	}
}

func TestClassicFootnotes(t *testing.T) {
	in := `<p>Claim<sup id="fnref1"><a href="#fn1" class="footnote-ref">1</a></sup>.</p>` +
		`<div class="footnotes"><hr><ol><li id="fn1"><p>Source. <a href="#fnref1" class="footnote-back">↩</a></p></li></ol></div>`
	got, err := ToMarkdown(in, "https://b.example/p/")
	if err != nil {
		t.Fatal(err)
	}
	want := "Claim[^1].\n\n---\n\n[^1]: Source.\n"
	if got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestToMarkdownConcurrent(t *testing.T) {
	in := benchmarkPost(300)
	want, err := ToMarkdown(in, testBaseURL)
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if got, err := ToMarkdown(in, testBaseURL); err != nil || got != want {
				t.Errorf("concurrent conversion differs (err %v)", err)
			}
		}()
	}
	wg.Wait()
}

func FuzzToMarkdown(f *testing.F) {
	for _, s := range []string{"<p>a</p>", "<pre><code class='language-go'>x", "<figure class='wp-block-embed'>",
		"<ol class='wp-block-footnotes'><li id='a'>n</li></ol><sup class='fn'><a href='#a'>1</a></sup>", "<table><td>x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		if _, err := ToMarkdown(in, "https://b.example/"); err != nil {
			t.Errorf("ToMarkdown(%q): %v", in, err)
		}
	})
}

// benchmarkPost builds a block-editor post of about `words` words: paragraphs with
// inline markup, headings, a list and a Go code block every few paragraphs.
func benchmarkPost(words int) string {
	var b strings.Builder
	lorem := strings.Fields("the quick brown fox jumps over a lazy dog while WordPress renders blocks into HTML for Medium readers")
	n := 0
	for i := 0; n < words; i++ {
		if i%6 == 0 {
			fmt.Fprintf(&b, "<h2 class=\"wp-block-heading\">Section %d</h2>\n", i/6+1)
		}
		b.WriteString("<p>")
		for j := 0; j < 60; j++ {
			w := lorem[(i*60+j)%len(lorem)]
			switch j % 17 {
			case 3:
				fmt.Fprintf(&b, "<strong>%s</strong> ", w)
			case 9:
				fmt.Fprintf(&b, "<a href=\"/tag/%s/\">%s</a> ", w, w)
			case 13:
				fmt.Fprintf(&b, "<code>%s()</code> ", w)
			default:
				b.WriteString(w + " ")
			}
			n++
		}
		b.WriteString("</p>\n")
		if i%4 == 2 {
			b.WriteString("<pre class=\"wp-block-code\"><code class=\"language-go\">func handler(w http.ResponseWriter, r *http.Request) {\n\tif r.Method != http.MethodGet {\n\t\thttp.Error(w, \"nope\", 405)\n\t\treturn\n\t}\n\tfmt.Fprintf(w, \"hello %s\", r.URL.Path)\n}\n</code></pre>\n")
		}
		if i%5 == 4 {
			b.WriteString("<ul class=\"wp-block-list\"><li>one item</li><li>two <em>items</em></li><li>three</li></ul>\n")
		}
	}
	return b.String()
}

func BenchmarkToMarkdown3000Words(b *testing.B) {
	in := benchmarkPost(3000)
	b.SetBytes(int64(len(in)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ToMarkdown(in, testBaseURL); err != nil {
			b.Fatal(err)
		}
	}
}
