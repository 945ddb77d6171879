package store

import (
	"context"
	"database/sql"
	"fmt"
)

// migrations bring the schema from version i to i+1 (PRAGMA user_version).
// Never edit one that has shipped: add the next.
var migrations = []string{
	// 1: the ledger and the post cache.
	`
CREATE TABLE meta (
	key   TEXT PRIMARY KEY,
	value TEXT NOT NULL
);
INSERT INTO meta (key, value) VALUES ('ledger_version', '0');

-- A configured address (a SiteKey) known to be the site whose own address
-- is site (see Ledger.SetAlias). One step deep: site is never an address.
CREATE TABLE site_aliases (
	address TEXT PRIMARY KEY,
	site    TEXT NOT NULL
);

-- One row per post that was ever sent or recorded. data is the Entry as
-- JSON, its History inside; the other columns are what is searched.
CREATE TABLE entries (
	site     TEXT    NOT NULL,
	post_id  INTEGER NOT NULL,
	state    TEXT    NOT NULL,
	guid_key TEXT    NOT NULL DEFAULT '',
	link_key TEXT    NOT NULL DEFAULT '',
	owner    TEXT    NOT NULL DEFAULT '', -- the process sending it, while state = 'sending'
	data     TEXT    NOT NULL,
	PRIMARY KEY (site, post_id)
);
CREATE INDEX entries_guid ON entries (guid_key) WHERE guid_key <> '';
CREATE INDEX entries_link ON entries (link_key) WHERE link_key <> '';
CREATE INDEX entries_sending ON entries (state) WHERE state = 'sending';

-- Every attempt and story of every entry (the entry and its History), for
-- the daily limit and the history of sends.
CREATE TABLE sends (
	site    TEXT    NOT NULL,
	post_id INTEGER NOT NULL,
	seq     INTEGER NOT NULL, -- 0 = the oldest in History
	route   TEXT    NOT NULL,
	state   TEXT    NOT NULL,
	sent_at INTEGER NOT NULL, -- Unix nanoseconds
	PRIMARY KEY (site, post_id, seq),
	FOREIGN KEY (site, post_id) REFERENCES entries (site, post_id) ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE INDEX sends_at ON sends (sent_at);

-- The list fields of every post of a site, as the listing shows them.
-- site is the SiteKey of the configured address.
CREATE TABLE posts (
	site      TEXT    NOT NULL,
	id        INTEGER NOT NULL,
	title     TEXT    NOT NULL,
	status    TEXT    NOT NULL,
	date_gmt  INTEGER NOT NULL, -- Unix seconds, 0 when WordPress has none
	modified  INTEGER NOT NULL, -- modified_gmt, Unix seconds
	link      TEXT    NOT NULL,
	sticky    INTEGER NOT NULL,
	protected INTEGER NOT NULL,
	PRIMARY KEY (site, id)
) WITHOUT ROWID;

-- What the last syncs of a site did (see SyncState).
CREATE TABLE sync_state (
	site         TEXT PRIMARY KEY,
	home         TEXT    NOT NULL DEFAULT '',
	name         TEXT    NOT NULL DEFAULT '', -- the site's name, for a header shown offline
	statuses     TEXT    NOT NULL DEFAULT '',
	complete     INTEGER NOT NULL DEFAULT 0,
	full_pending INTEGER NOT NULL DEFAULT 0,
	check_pending INTEGER NOT NULL DEFAULT 0,
	max_modified INTEGER NOT NULL DEFAULT 0,
	synced_at    INTEGER NOT NULL DEFAULT 0,
	checked_at   INTEGER NOT NULL DEFAULT 0,
	full_at      INTEGER NOT NULL DEFAULT 0,
	last_error   TEXT    NOT NULL DEFAULT ''
);
`,
	// 2: automatic cross-posting (wp2medium sync, watch, plan).
	`
-- Choices saved ahead of time for one post (wp2medium plan, a backfill):
-- sync sends the post with them once it is published. site is the SiteKey
-- of the configured address, as in posts.
CREATE TABLE plans (
	site       TEXT    NOT NULL,
	post_id    INTEGER NOT NULL,
	source     TEXT    NOT NULL, -- 'plan' or 'backfill'
	options    TEXT    NOT NULL, -- PlanOptions as JSON
	created_at INTEGER NOT NULL, -- Unix nanoseconds
	PRIMARY KEY (site, post_id)
);

-- What automatic passes learnt of a post that has not gone out: why the
-- rules skip it (valid while the post's modified_gmt is checked_modified
-- and the rules are the same), and its failed tries, for the backoff.
CREATE TABLE auto_posts (
	site             TEXT    NOT NULL,
	post_id          INTEGER NOT NULL,
	checked_modified INTEGER NOT NULL DEFAULT 0, -- Unix seconds
	skip             TEXT    NOT NULL DEFAULT '',
	rules            TEXT    NOT NULL DEFAULT '', -- the rules the skip was found under
	failures         INTEGER NOT NULL DEFAULT 0,
	last_error       TEXT    NOT NULL DEFAULT '',
	retry_at         INTEGER NOT NULL DEFAULT 0, -- Unix nanoseconds
	PRIMARY KEY (site, post_id)
);
`,
	// 3: the posts' tags and categories, so the list's filter matches them.
	`
-- The term ids of each cached post, in WordPress's order: the tags', a
-- semicolon, the categories' ("10,11;1"; '' for none). One column, so
-- reading the list costs one value more a post. NULL for posts cached
-- before: the next sync lists the site again (SyncState.WithoutTerms).
ALTER TABLE posts ADD COLUMN term_ids TEXT;

-- The names of the tags and categories the cached posts carry. Every id a
-- cached post carries has a row once the post is stored; name is NULL
-- until it is fetched (sitesync asks for those after a sync). taxonomy is
-- the REST route: 'tags' or 'categories'.
CREATE TABLE terms (
	site     TEXT    NOT NULL,
	taxonomy TEXT    NOT NULL,
	id       INTEGER NOT NULL,
	name     TEXT,
	slug     TEXT    NOT NULL DEFAULT '',
	PRIMARY KEY (site, taxonomy, id)
) WITHOUT ROWID;
`,
	// 4: the exact body of each post's latest create, for wp2medium diff.
	`
-- The create body sent to Medium for a post's latest send (the JSON the
-- API got, deflate-compressed): one row a post, replaced by the next send
-- and by wp2medium mark-updated. sent_at is the send's Entry.SentAt (Unix
-- nanoseconds): a row whose sent_at is not the entry's is of an earlier
-- send and is not read back. Not exported with the ledger.
CREATE TABLE sent_bodies (
	site    TEXT    NOT NULL,
	post_id INTEGER NOT NULL,
	sent_at INTEGER NOT NULL,
	kept_at INTEGER NOT NULL, -- Unix nanoseconds: the send, or mark-updated
	body    BLOB    NOT NULL,
	PRIMARY KEY (site, post_id)
);
`,
}

// migrate applies the migrations the file lacks, each in its own
// transaction, and refuses a file written by a newer wp2medium.
func (s *Store) migrate() error {
	ctx := context.Background()
	var v int
	if err := s.db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&v); err != nil {
		if isBusy(err) {
			return err // another process is creating it: Open retries
		}
		return &FileError{Path: s.path, Problem: "it is not a wp2medium store (" + err.Error() + ")", Corrupt: true, Err: err}
	}
	if v > len(migrations) {
		return &FileError{Path: s.path, Corrupt: true,
			Problem: fmt.Sprintf("it was written by a newer wp2medium (schema %d, this one knows up to %d); upgrade wp2medium instead", v, len(migrations))}
	}
	for ; v < len(migrations); v++ {
		next := v + 1
		err := s.write(ctx, func(tx *sql.Tx) error {
			var cur int
			if err := tx.QueryRowContext(ctx, "PRAGMA user_version").Scan(&cur); err != nil {
				return err
			}
			if cur >= next { // another process migrated meanwhile
				return nil
			}
			if _, err := tx.ExecContext(ctx, migrations[next-1]); err != nil {
				return err
			}
			_, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", next))
			return err
		})
		if isBusy(err) {
			return err
		}
		if err != nil {
			return &FileError{Path: s.path, Problem: fmt.Sprintf("its schema could not be brought to version %d (%v)", next, err), Err: err}
		}
	}
	return nil
}
