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
