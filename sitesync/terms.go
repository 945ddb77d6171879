package sitesync

import (
	"context"
	"errors"
	"log"

	"github.com/wp2medium/wp2medium/wordpress"
)

// syncTerms fetches the names of the terms the store has none for (new
// tags on new or edited posts, names an earlier sync failed to get): one
// request per taxonomy and hundred terms, none when every name is known.
// With refresh (a check or a full listing) it first drops the terms no
// post carries and asks for every known one again, which is how a renamed
// tag is seen: renaming a term leaves its posts' modified time alone, so
// no delta lists them again.
//
// A failure is logged and returned, never fatal: the posts are stored,
// the names stay missing (or old) until the next sync asks again, since
// an unnamed row stays unnamed.
func (s *Syncer) syncTerms(ctx context.Context, refresh bool) error {
	ids, err := s.Store.UnnamedTerms(s.Site)
	if refresh && err == nil {
		if err = s.Store.PruneTerms(s.Site); err == nil {
			ids, err = s.Store.KnownTerms(s.Site)
		}
	}
	if err != nil {
		log.Printf("sync %s: terms not updated, the store could not say which: %v", s.Site, err)
		return err
	}
	var errs []error
	for _, tax := range []wordpress.Taxonomy{wordpress.Tags, wordpress.Categories} {
		if len(ids[tax]) == 0 {
			continue
		}
		terms, err := s.Source.Terms(ctx, tax, ids[tax])
		if err == nil {
			err = s.Store.SetTerms(s.Site, tax, ids[tax], terms)
		}
		if err != nil {
			log.Printf("sync %s: the names of %d %s could not be fetched (the posts are stored; the next sync asks again): %v",
				s.Site, len(ids[tax]), tax, err)
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}
