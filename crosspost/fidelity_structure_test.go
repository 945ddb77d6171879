package crosspost

import "testing"

func TestFidelityFormulaImages(t *testing.T) {
	runFidelity(t, []fidelityCase{{
		name:     "Jetpack latex image in a sentence",
		in:       `<p>So <img src="https://s0.wp.com/latex.php?latex=e%5E%7Bi%5Cpi%7D%2B1%3D0&amp;bg=ffffff&amp;fg=000&amp;s=0" alt="e^{i\pi}+1=0" class="latex" /> holds.</p>`,
		medium:   `<p>So <code>e^{i\pi}+1=0</code> holds.</p>`,
		markdown: "So `e^{i\\pi}+1=0` holds.\n",
	}, {
		name:     "latex.php without an alt reads the TeX from its address",
		in:       `<p>Area <img src="https://s0.wp.com/latex.php?latex=%5Cpi+r%5E2&amp;bg=ffffff"> of a disc.</p>`,
		medium:   `<p>Area <code>\pi r^2</code> of a disc.</p>`,
		markdown: "Area `\\pi r^2` of a disc.\n",
	}, {
		name:     "an image whose alt is TeX, in running text",
		in:       `<p>With <img src="https://ex.org/render/f1.png" alt="\frac{a}{b}"> reduced.</p>`,
		medium:   `<p>With <code>\frac{a}{b}</code> reduced.</p>`,
		markdown: "With `\\frac{a}{b}` reduced.\n",
	}, {
		name:     "an image with a TeX-like alt alone in its figure stays an image",
		in:       `<figure class="wp-block-image"><img src="https://ex.org/board.jpg" alt="\alpha on the board"/><figcaption>The lecture</figcaption></figure>`,
		medium:   `<figure><img src="https://ex.org/board.jpg" alt="\alpha on the board"/><figcaption>The lecture</figcaption></figure>`,
		markdown: "![\\alpha on the board](https://ex.org/board.jpg)\n\n*The lecture*\n",
	}})
}

// Medium's list item, heading and paragraph are lines of text; Markdown
// can nest blocks in an item and an image in a line, so it keeps them.
func TestFidelityImagesLeaveTheirLine(t *testing.T) {
	runFidelity(t, []fidelityCase{{
		name:     "an image in a numbered item goes after it, the list numbered on",
		in:       `<ol><li>Rig the mast <img src="https://ex.org/mast.jpg" alt="The mast"> first</li><li>Then the sails</li></ol>`,
		medium:   "<ol><li>Rig the mast first</li></ol>\n<figure><img src=\"https://ex.org/mast.jpg\" alt=\"The mast\"/></figure>\n<ol start=\"2\"><li>Then the sails</li></ol>",
		markdown: "1. Rig the mast ![The mast](https://ex.org/mast.jpg) first\n2. Then the sails\n",
	}, {
		name:     "an image in a heading goes after it",
		in:       `<h2><img src="https://ex.org/flag.png" alt="Flag"> Signals</h2><p>Read them.</p>`,
		medium:   "<h2>Signals</h2>\n<figure><img src=\"https://ex.org/flag.png\" alt=\"Flag\"/></figure>\n<p>Read them.</p>",
		markdown: "## ![Flag](https://ex.org/flag.png) Signals\n\nRead them.\n",
	}, {
		name:     "an image in italics goes after the paragraph",
		in:       `<p>Before <em>the storm <img src="https://ex.org/sky.jpg" alt="Sky"> came</em> we left.</p>`,
		medium:   "<p>Before <em>the storm came</em> we left.</p>\n<figure><img src=\"https://ex.org/sky.jpg\" alt=\"Sky\"/></figure>",
		markdown: "Before *the storm ![Sky](https://ex.org/sky.jpg) came* we left.\n",
	}, {
		name:     "an image in a link with words, in the last item, goes after the list",
		in:       `<ul><li>Charts</li><li><a href="https://ex.org/tides/">the tide table <img src="https://ex.org/t.png" alt="Tides"></a></li></ul>`,
		medium:   "<ul><li>Charts</li><li><a href=\"https://ex.org/tides/\">the tide table </a></li></ul>\n<figure><img src=\"https://ex.org/t.png\" alt=\"Tides\"/></figure>",
		markdown: "- Charts\n- [the tide table ![Tides](https://ex.org/t.png)](https://ex.org/tides/)\n",
	}})
}

func TestFidelityBlocksInListItems(t *testing.T) {
	runFidelity(t, []fidelityCase{{
		name: "an image block in an item goes after it",
		in: `<ul><li><p>The harbour</p><figure class="wp-block-image"><img src="https://ex.org/h.jpg" alt="Harbour"/><figcaption>At dawn</figcaption></figure></li>` +
			`<li>The pier</li></ul>`,
		medium:   "<ul><li>The harbour</li></ul>\n<figure><img src=\"https://ex.org/h.jpg\" alt=\"Harbour\"/><figcaption>At dawn</figcaption></figure>\n<ul><li>The pier</li></ul>",
		markdown: "- The harbour\n\n  ![Harbour](https://ex.org/h.jpg)\n\n  *At dawn*\n- The pier\n",
	}, {
		name:     "a code block in an item goes after it",
		in:       "<ol start=\"3\"><li>Run<pre class=\"wp-block-code\"><code>make\n  install</code></pre></li><li>Wait</li></ol>",
		medium:   "<ol start=\"3\"><li>Run</li></ol>\n<pre><code>make\n  install</code></pre>\n<ol start=\"4\"><li>Wait</li></ol>",
		markdown: "3. Run\n\n   ```\n   make\n     install\n   ```\n4. Wait\n",
	}, {
		name:     "a heading in an item is its first line, bold",
		in:       `<ul><li><h3>Knots</h3><p>Bowline and hitch.</p></li></ul>`,
		medium:   "<ul><li><strong>Knots</strong><br/>Bowline and hitch.</li></ul>",
		markdown: "- ### Knots\n\n  Bowline and hitch.\n",
	}, {
		name:     "a quote in an item is its lines",
		in:       `<ul><li>The skipper said<blockquote class="wp-block-quote"><p>Reef early.</p><cite>Ann</cite></blockquote></li></ul>`,
		medium:   "<ul><li>The skipper said<br/>Reef early.<br/>— Ann</li></ul>",
		markdown: "- The skipper said\n\n  > Reef early.\n  >\n  > — Ann\n",
	}})
}
