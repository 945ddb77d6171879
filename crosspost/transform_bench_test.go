package crosspost

import (
	"fmt"
	"strings"
	"testing"
)

// longPost builds a block-editor post of about `words` words mixing every
// block type the transform handles, in the proportions of a typical article.
func longPost(words int) string {
	var b strings.Builder
	sentence := `Go makes it easy to build <strong>simple</strong>, <a href="/docs/reliable/">reliable</a> and <em>efficient</em> software that people enjoy. `
	perSentence := len(strings.Fields(textOfTestInput(sentence)))
	for n, i := 0, 0; n < words; i++ {
		switch i % 10 {
		case 0:
			fmt.Fprintf(&b, `<h2 class="wp-block-heading" id="s%d">Section %d</h2>`+"\n", i, i)
			n += 2
		case 3:
			fmt.Fprintf(&b, `<figure class="wp-block-image size-large"><img decoding="async" width="1024" height="683" src="/wp-content/uploads/2024/05/img-%d.jpg" alt="Picture %d" class="wp-image-%d" srcset="/wp-content/uploads/2024/05/img-%d.jpg 1024w, /wp-content/uploads/2024/05/img-%d-300x200.jpg 300w" sizes="(max-width: 1024px) 100vw, 1024px" /><figcaption class="wp-element-caption">Caption for picture %d</figcaption></figure>`+"\n", i, i, i, i, i, i)
			n += 5
		case 5:
			b.WriteString(`<ul class="wp-block-list"><li>First point about the design</li><li>Second point with <code>code</code></li><li>Third point</li></ul>` + "\n")
			n += 13
		case 7:
			b.WriteString(`<pre class="wp-block-code"><code class="language-go">func main() {
	fmt.Println("hello")
}</code></pre>` + "\n")
			n += 4
		case 8:
			b.WriteString(`<figure class="wp-block-table"><table><thead><tr><th>Name</th><th>Value</th></tr></thead><tbody><tr><td>alpha</td><td>1</td></tr><tr><td>beta</td><td>2</td></tr></tbody></table></figure>` + "\n")
			n += 8
		case 9:
			b.WriteString(`<figure class="wp-block-embed is-type-video is-provider-youtube wp-block-embed-youtube"><div class="wp-block-embed__wrapper"><iframe title="Talk" src="https://www.youtube.com/embed/abc?feature=oembed"></iframe></div></figure>` + "\n")
			b.WriteString(`<blockquote class="wp-block-quote"><p>Clear is better than clever.</p><cite>Rob Pike</cite></blockquote>` + "\n")
			n += 7
		default:
			b.WriteString(`<p>`)
			for range 4 {
				b.WriteString(sentence)
				n += perSentence
			}
			b.WriteString("</p>\n")
		}
	}
	return b.String()
}

func BenchmarkTransform3000Words(b *testing.B) {
	post := testPost()
	post.ContentHTML = longPost(3000)
	post.FeaturedImageURL = "https://blog.example.com/featured.jpg"
	opt := testOptions()
	opt.CrossLink = true
	b.SetBytes(int64(len(post.ContentHTML)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Transform(post, opt); err != nil {
			b.Fatal(err)
		}
	}
}

func TestLongPostHasAbout3000Words(t *testing.T) {
	if n := len(strings.Fields(textOfTestInput(longPost(3000)))); n < 2900 || n > 3300 {
		t.Errorf("the benchmark post has %d words", n)
	}
}
