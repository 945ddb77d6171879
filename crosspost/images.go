package crosspost

import (
	"context"
	"fmt"
	"net/netip"
	"net/url"
	"path"
	"slices"
	"strings"

	"github.com/JohannesKaufmann/dom"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/wp2medium/wp2medium/internal/termtext"
	"github.com/wp2medium/wp2medium/medium"
)

// localSuffixes are host names that only resolve inside a private network
// (RFC 6761, RFC 8375 and common practice).
var localSuffixes = []string{".local", ".test", ".localhost", ".internal", ".lan", ".home.arpa", ".localdomain", ".invalid"}

// sharedAddressSpace is 100.64.0.0/10 (carrier-grade NAT, Tailscale): not
// reachable from the internet either.
var sharedAddressSpace = netip.MustParsePrefix("100.64.0.0/10")

// MediumCannotReach reports whether Medium, which fetches every image itself
// when the story is created (and every page its importer imports), cannot
// reach a URL's host: localhost, loopback,
// private, shared (100.64/10), link-local and unspecified addresses; single-label
// names ("myserver"); and the .local, .test, .localhost, .internal, .lan,
// .home.arpa, .localdomain and .invalid domains. A URL it cannot parse counts
// as unreachable. It does not look the name up: a public name that resolves
// to a private address is not detected.
func MediumCannotReach(siteURL string) bool {
	s := strings.TrimSpace(siteURL)
	if !strings.Contains(s, "://") && !strings.HasPrefix(s, "//") {
		s = "//" + s // a bare "host:port" would parse as a scheme
	}
	u, err := url.Parse(s)
	if err != nil {
		return true
	}
	host := strings.TrimSuffix(strings.ToLower(u.Hostname()), ".")
	if host == "" {
		return true
	}
	if addr, err := netip.ParseAddr(host); err == nil {
		addr = addr.Unmap()
		return addr.IsLoopback() || addr.IsPrivate() || addr.IsLinkLocalUnicast() || addr.IsUnspecified() ||
			addr.IsLinkLocalMulticast() || sharedAddressSpace.Contains(addr)
	}
	if host == "localhost" || !strings.Contains(host, ".") {
		return true
	}
	for _, suffix := range localSuffixes {
		if strings.HasSuffix(host, suffix) {
			return true
		}
	}
	return false
}

func countUnreachable(images []string) int {
	n := 0
	for _, src := range images {
		if MediumCannotReach(src) {
			n++
		}
	}
	return n
}

// ImageError is a failed image upload in RewriteImages. When Err is a
// *medium.Error of kind KindMissingScope (see MissingScope) the token cannot
// upload images at all: offer to send without them (DropImages).
type ImageError struct {
	Src string // the image's original URL
	Err error
}

// Error names the image and says what failed, in the cause's own words (it
// already says "uploading" or "fetching"; the message does not repeat it).
func (e *ImageError) Error() string {
	return fmt.Sprintf("the image %s: %v", termtext.CleanLine(e.Src), e.Err)
}

// Unwrap gives the upload's own error, so medium.KindOf and errors.Is see it.
func (e *ImageError) Unwrap() error { return e.Err }

// MissingScope reports whether the token lacks the uploadImage scope.
func (e *ImageError) MissingScope() bool { return medium.KindOf(e.Err) == medium.KindMissingScope }

// RewriteImages uploads every image of the submission with upload (the caller
// fetches the image and sends it to medium.Client.UploadImage) and points each
// <img src> in the content at the uploaded copy. Every image is uploaded, not
// only unreachable ones: Medium copies all of them to its CDN anyway. An image
// used twice is uploaded once. On the first failure it returns an *ImageError
// and leaves sub unchanged, so the caller can retry or call DropImages.
func RewriteImages(ctx context.Context, sub *Submission, upload func(ctx context.Context, src string) (newURL string, err error)) error {
	if len(sub.Images) == 0 {
		return nil
	}
	uploaded := make(map[string]string, len(sub.Images))
	for _, src := range sub.Images {
		if _, ok := uploaded[src]; ok {
			continue
		}
		if err := ctx.Err(); err != nil {
			return &ImageError{Src: src, Err: err}
		}
		newURL, err := upload(ctx, src)
		if err != nil {
			return &ImageError{Src: src, Err: err}
		}
		if u, perr := url.Parse(newURL); perr != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			return &ImageError{Src: src, Err: fmt.Errorf("the upload gave %q, not an absolute http(s) URL", termtext.CleanLine(newURL))}
		}
		uploaded[src] = newURL
	}
	sub.Request.Content = editContent(sub.Request.Content, func(root *html.Node) {
		for _, img := range findElements(root, "img") {
			if newURL, ok := uploaded[attr(img, "src")]; ok {
				setAttr(img, "src", newURL)
			}
		}
	})
	images := make([]string, 0, len(sub.Images))
	for _, src := range sub.Images {
		if !slices.Contains(images, uploaded[src]) {
			images = append(images, uploaded[src])
		}
	}
	sub.Images = images
	sub.Warnings = withoutWarning(sub.Warnings, WarnImagesUnreachable)
	return nil
}

// DropImages removes every image from the content, for sending without them
// (the token cannot upload and Medium cannot reach them). A caption stays as
// an italic line, and a link around an image stays as a link (unless it only
// pointed at the image file itself).
func DropImages(sub *Submission) {
	n := 0
	sub.Request.Content = editContent(sub.Request.Content, func(root *html.Node) {
		for _, fig := range findElements(root, "figure") {
			if dom.FindFirstNode(fig, func(c *html.Node) bool { return isElement(c, "img") }) == nil {
				continue
			}
			var keep []*html.Node
			for _, img := range findElements(fig, "img") {
				n++
				if link := imageLink(img); link != nil {
					p := newElement("p")
					p.AppendChild(link)
					keep = append(keep, p)
				}
			}
			for _, fc := range findElements(fig, "figcaption") {
				if text(fc) != "" {
					keep = append(keep, italicParagraph(fc))
				}
			}
			for _, k := range keep {
				fig.Parent.InsertBefore(k, fig)
			}
			dom.RemoveNode(fig)
		}
		for _, img := range findElements(root, "img") { // inline images
			n++
			unit := imageUnit(img)
			if link := imageLink(img); link != nil {
				dom.ReplaceNode(unit, link)
			} else {
				dom.RemoveNode(unit)
			}
		}
		removeEmptyParagraphs(root)
	})
	sub.Images = nil
	sub.Warnings = withoutWarning(sub.Warnings, WarnImagesUnreachable)
	if n > 0 {
		sub.Warnings = append(sub.Warnings, Warning{Code: WarnImagesDropped,
			Message: fmt.Sprintf("%d images are left out of the story; their captions stay as text.", n)})
	}
}

// imageLink is a new link standing for the link around img, labelled with the
// image's alt text, or nil when there is none or it points at an image file.
func imageLink(img *html.Node) *html.Node {
	a := img.Parent
	if !isElement(a, "a") || onlyChildElement(a) != img {
		return nil
	}
	href := attr(a, "href")
	if u, err := url.Parse(href); err != nil || href == "" || isImagePath(u.Path) {
		return nil
	}
	label := strings.TrimSpace(attr(img, "alt"))
	if label == "" {
		label = href
	}
	link := newElement("a", "href", href)
	link.AppendChild(newText(label))
	return link
}

func isImagePath(p string) bool {
	switch strings.ToLower(path.Ext(p)) {
	case ".jpg", ".jpeg", ".png", ".gif", ".webp", ".avif", ".tif", ".tiff", ".bmp", ".svg", ".heic":
		return true
	}
	return false
}

func withoutWarning(ws []Warning, code string) []Warning {
	return slices.DeleteFunc(ws, func(w Warning) bool { return w.Code == code })
}

// editContent parses content produced by Transform, lets edit change it, and
// renders it back in the same layout (one block per line).
func editContent(content string, edit func(root *html.Node)) string {
	root := newElement("body")
	nodes, err := html.ParseFragment(strings.NewReader(content), &html.Node{Type: html.ElementNode, Data: "body", DataAtom: atom.Body})
	if err != nil { // a strings.Reader cannot fail
		return content
	}
	for _, n := range nodes {
		root.AppendChild(n)
	}
	edit(root)
	var b strings.Builder
	for c := root.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.TextNode && strings.TrimSpace(c.Data) == "" {
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('\n')
		}
		_ = html.Render(&b, c)
	}
	return b.String()
}
