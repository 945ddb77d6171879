package store

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/wp2medium/wp2medium/wordpress"
)

// jsonDoc is entries as a ledger JSON document.
func jsonDoc(entries []Entry) ([]byte, error) {
	return json.Marshal(ledgerFile{Version: ledgerJSONVersion, Entries: entries})
}

// BenchmarkLedgerWrite is one change (a BeginSend and its MarkSent, each one
// committed transaction, fsync included) with n posts already recorded: the
// cost a user pays per send. It should not grow with n.
func BenchmarkLedgerWrite(b *testing.B) {
	for _, n := range []int{1_000, 10_000, 100_000} {
		b.Run(fmt.Sprintf("entries=%d", n), func(b *testing.B) {
			s, err := Open(filepath.Join(b.TempDir(), FileName))
			if err != nil {
				b.Fatal(err)
			}
			defer s.Close()
			l := s.Ledger()
			var batch []Entry
			for i := 1; i <= n; i++ {
				e := sendRequest(i)
				e.State, e.Route, e.URL, e.MediumID = StateSent, RouteAPI, "https://medium.com/@me/a-post-0123456789ab", "0123456789ab"
				e.At, e.SentAt, e.Site = ledgerT0, ledgerT0, SiteKey(e.Site)
				e.GUID, e.Link = fmt.Sprintf("https://blog.example.com/?p=%d", i), fmt.Sprintf("https://blog.example.com/post-%d/", i)
				batch = append(batch, e)
			}
			doc, _ := jsonDoc(batch)
			if _, err := l.Import("seed", doc); err != nil {
				b.Fatal(err)
			}
			id := n + 1
			b.ResetTimer()
			for b.Loop() {
				if err := l.BeginSend(sendRequest(id)); err != nil {
					b.Fatal(err)
				}
				if err := l.MarkSent(ledgerTestSite, id, mediumPost("0123456789ab")); err != nil {
					b.Fatal(err)
				}
				id++
			}
			b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(2*b.N)/1000, "ms/write")
		})
	}
}

// BenchmarkPostsRead is reading a site's whole cached list, what the app
// does before its first frame; every post has three tags and a category,
// all named.
func BenchmarkPostsRead(b *testing.B) {
	for _, n := range []int{10_000, 100_000} {
		b.Run(fmt.Sprintf("posts=%d", n), func(b *testing.B) {
			s, err := Open(filepath.Join(b.TempDir(), FileName))
			if err != nil {
				b.Fatal(err)
			}
			defer s.Close()
			if err := s.ChangePosts(ledgerTestSite, PostsChange{Put: fakePosts(n)}); err != nil {
				b.Fatal(err)
			}
			nameFakeTerms(b, s)
			for b.Loop() {
				posts, err := s.Posts(ledgerTestSite)
				if err != nil || len(posts) != n {
					b.Fatal(len(posts), err)
				}
			}
		})
	}
}

func fakePosts(n int) []wordpress.Post {
	base := time.Date(2015, 1, 1, 0, 0, 0, 0, time.UTC)
	out := make([]wordpress.Post, n)
	for i := range out {
		d := base.Add(time.Duration(i) * time.Hour)
		out[i] = wordpress.Post{ID: i + 1, Title: fmt.Sprintf("Scale post %d about things", i+1), Status: wordpress.StatusPublish,
			DateGMT: d, ModifiedGMT: d.Add(time.Minute), Link: fmt.Sprintf("https://blog.example.com/%d/scale-post-%d/", 2015+i/9000, i+1),
			TagIDs: []int{100 + i%50, 200 + i%300, 600 + i%7}, CategoryIDs: []int{1 + i%12}}
	}
	return out
}

// nameFakeTerms names every term fakePosts uses.
func nameFakeTerms(b *testing.B, s *Store) {
	unnamed, err := s.UnnamedTerms(ledgerTestSite)
	if err != nil {
		b.Fatal(err)
	}
	for tax, ids := range unnamed {
		terms := make([]wordpress.Term, len(ids))
		for i, id := range ids {
			terms[i] = wordpress.Term{ID: id, Name: fmt.Sprintf("%s number %d", tax, id)}
		}
		if err := s.SetTerms(ledgerTestSite, tax, ids, terms); err != nil {
			b.Fatal(err)
		}
	}
}
