//go:build e2e

package e2e

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// The corpus fixtures: e2e/testdata/blocks/core__<block>[__<variant>].html,
// one or more per core block, in the block markup the editor saves, written
// for this project. Each starts with a comment saying what it is and what of
// it must reach Medium:
//
//	<!-- corpus
//	words: a phrase the server's rendering must show (and the body keep)
//	link: | image: | media: a URL likewise
//	empty: why the block renders nothing a Medium reader could use
//	since: the WordPress version that first registers the block
//	covers: other blocks it covers (parts that exist only inside it)
//	needs: reusable | template-part | site-logo | author-bio
//	featured: red | blue | green (the seeded image made the featured image)
//	comment: a comment the test adds to the post (one line each)
//	comment-author: the name the comments are signed with
//	page: the title of a page the test adds to the site
//	meta.KEY: a post meta value
//	note: free text
//	-->
//
// The statements are a check on the fixture (did the server render what the
// fixture means?); the oracle of the test is the server's rendering itself
// (see corpus_oracle_test.go). Files starting with "_" are resources the
// test stores on the site (a reusable block, a template part).

const corpusDir = "testdata/blocks"

// corpusFixture is one fixture file.
type corpusFixture struct {
	name    string // the file name without .html: "core__audio__shortcode"
	block   string // "core/audio"
	content string // the block markup, placeholders not yet filled
	words   []string
	links   []string
	images  []string
	media   []string
	empty   string
	since   string
	covers  []string
	needs   []string
	// featured is the seeded image ("red", "blue", "green") to feature.
	featured      string
	comments      []string
	commentAuthor string
	page          string
	meta          map[string]string
}

var corpusHeaderRE = regexp.MustCompile(`(?s)\A<!-- corpus\n(.*?)\n-->\n`)

// loadCorpus reads every fixture, sorted by name.
func loadCorpus(t *testing.T) []corpusFixture {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(corpusDir, "core__*.html"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no fixtures in %s (%v)", corpusDir, err)
	}
	slices.Sort(files)
	var out []corpusFixture
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		fx, err := parseFixture(strings.TrimSuffix(filepath.Base(f), ".html"), string(raw))
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		out = append(out, fx)
	}
	return out
}

func parseFixture(name, raw string) (corpusFixture, error) {
	fx := corpusFixture{name: name, meta: map[string]string{}}
	blockName, _, _ := strings.Cut(strings.TrimPrefix(name, "core__"), "__")
	fx.block = "core/" + blockName
	m := corpusHeaderRE.FindStringSubmatch(raw)
	if m == nil {
		return fx, fmt.Errorf("no leading <!-- corpus ... --> comment")
	}
	fx.content = strings.TrimSpace(raw[len(m[0]):])
	for _, line := range strings.Split(m[1], "\n") {
		key, val, ok := strings.Cut(line, ":")
		val = strings.TrimSpace(val)
		if !ok || val == "" {
			return fx, fmt.Errorf("header line %q is not \"key: value\"", line)
		}
		switch key = strings.TrimSpace(key); {
		case key == "words":
			fx.words = append(fx.words, val)
		case key == "link":
			fx.links = append(fx.links, val)
		case key == "image":
			fx.images = append(fx.images, val)
		case key == "media":
			fx.media = append(fx.media, val)
		case key == "empty":
			fx.empty = val
		case key == "since":
			fx.since = val
		case key == "covers":
			fx.covers = append(fx.covers, strings.Fields(val)...)
		case key == "needs":
			fx.needs = append(fx.needs, strings.Fields(val)...)
		case key == "featured":
			fx.featured = val
		case key == "comment":
			fx.comments = append(fx.comments, val)
		case key == "comment-author":
			fx.commentAuthor = val
		case key == "page":
			fx.page = val
		case strings.HasPrefix(key, "meta."):
			fx.meta[strings.TrimPrefix(key, "meta.")] = val
		case key == "note":
		default:
			return fx, fmt.Errorf("unknown header key %q", key)
		}
	}
	if fx.empty != "" && len(fx.words)+len(fx.links)+len(fx.images)+len(fx.media) > 0 {
		return fx, fmt.Errorf("empty: and statements of what must reach the body contradict each other")
	}
	return fx, nil
}

// corpusPlaceholders fills {{site}}, {{image.red}}, {{image.red.id}},
// {{image.red.thumb}}, {{seed.KEY.link}}, {{reusable}}, {{template-part}}
// and {{theme}}.
type corpusPlaceholders map[string]string

var placeholderRE = regexp.MustCompile(`\{\{[^{}]*\}\}`)

func (p corpusPlaceholders) fill(s string) (string, error) {
	var missing []string
	out := placeholderRE.ReplaceAllStringFunc(s, func(ph string) string {
		v, ok := p[strings.Trim(ph, "{}")]
		if !ok {
			missing = append(missing, ph)
		}
		return v
	})
	if len(missing) > 0 {
		return "", fmt.Errorf("unknown placeholders %v", missing)
	}
	return out, nil
}

func (p corpusPlaceholders) fillAll(ss []string) ([]string, error) {
	out := make([]string, len(ss))
	for i, s := range ss {
		v, err := p.fill(s)
		if err != nil {
			return nil, err
		}
		out[i] = v
	}
	return out, nil
}
