// Package sqlite is the embedded default store: one SQLite file in WAL
// mode, through modernc.org/sqlite (pure Go, so the binary stays static).
//
// Migrations are SQLite's own: the schema's version is PRAGMA
// user_version, and each migration is one transaction that moves it one
// step. That is all goose would do here, without a dependency and a table
// of its own; a PostgreSQL store will bring its own migrations.
package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"os"
	"sort"
	"strings"
	"time"

	_ "modernc.org/sqlite" // the "sqlite" database/sql driver

	"github.com/ownerd/ownerd/connectors"
	"github.com/ownerd/ownerd/model"
	"github.com/ownerd/ownerd/reconcile/store"
	"github.com/ownerd/ownerd/rules"
)

// migrations move the schema from version i to i+1. Append only: a
// released migration is never edited.
var migrations = []string{
	// 1: sync state and synced items, the readings cache, the ledger.
	`CREATE TABLE sync (source TEXT PRIMARY KEY, state BLOB);
	CREATE TABLE items (source TEXT NOT NULL, id TEXT NOT NULL, data BLOB NOT NULL, PRIMARY KEY (source, id));
	CREATE TABLE messages (source TEXT NOT NULL, id TEXT NOT NULL, mailbox TEXT NOT NULL, data BLOB NOT NULL, PRIMARY KEY (source, id, mailbox));
	CREATE TABLE readings (key TEXT PRIMARY KEY, data BLOB NOT NULL);
	CREATE TABLE gaps (
		key TEXT NOT NULL, rule TEXT NOT NULL, deliverable TEXT NOT NULL, team TEXT NOT NULL,
		ticket TEXT NOT NULL, sources TEXT NOT NULL, finding BLOB NOT NULL,
		first_seen INTEGER NOT NULL, last_seen INTEGER NOT NULL, resolved_at INTEGER);
	CREATE UNIQUE INDEX gaps_open ON gaps (key) WHERE resolved_at IS NULL;
	CREATE TABLE notes (
		ticket TEXT PRIMARY KEY, comment_id TEXT NOT NULL, gaps TEXT NOT NULL, body TEXT NOT NULL,
		posted INTEGER NOT NULL, changed INTEGER NOT NULL, reminded INTEGER NOT NULL, resolved INTEGER NOT NULL);`,
	// 2: what the gaps on a ticket said when its comment was written, so
	// that a changed finding (a new date, a new owner) edits it.
	`ALTER TABLE notes ADD COLUMN digest TEXT NOT NULL DEFAULT '';`,
	// 3: the digests sent, so that a restart never sends one period twice;
	// and the resolved gaps found by when they resolved.
	`CREATE TABLE digests (team TEXT PRIMARY KEY, period INTEGER NOT NULL, sent_at INTEGER NOT NULL);
	CREATE INDEX gaps_resolved ON gaps (resolved_at) WHERE resolved_at IS NOT NULL;`,
}

// Store is a store.Store in one SQLite file.
type Store struct {
	db     *sql.DB
	unlock func()
}

var _ store.Store = (*Store)(nil)

// Open opens (creating it if need be) the store at path and brings its
// schema up to date. Only one process may hold a store: a second Open of
// the same path, from any process, returns store.ErrLocked.
func Open(ctx context.Context, path string) (*Store, error) {
	unlock, err := lock(path + ".lock")
	if err != nil {
		return nil, fmt.Errorf("store %s: %w", path, err)
	}
	q := url.Values{"_pragma": {"journal_mode(WAL)", "busy_timeout(5000)", "synchronous(FULL)"}}
	db, err := sql.Open("sqlite", "file:"+path+"?"+q.Encode())
	if err != nil {
		unlock()
		return nil, fmt.Errorf("store %s: %w", path, err)
	}
	// One connection: writes are serialised here rather than retried on
	// SQLITE_BUSY, and the daemon's reads are short.
	db.SetMaxOpenConns(1)
	s := &Store{db: db, unlock: unlock}
	if err := s.migrate(ctx); err != nil {
		s.Close()
		return nil, fmt.Errorf("store %s: %w", path, err)
	}
	return s, nil
}

// OpenReadOnly opens an existing store to read while the ownerd that
// holds it runs (SQLite's WAL lets readers in beside the writer): for
// previews of what it would send. It takes no lock and changes nothing;
// a store of another schema version is refused.
func OpenReadOnly(ctx context.Context, path string) (*Store, error) {
	if _, err := os.Stat(path); err != nil {
		return nil, fmt.Errorf("store %s: %w", path, err)
	}
	q := url.Values{"mode": {"ro"}, "_pragma": {"busy_timeout(5000)"}}
	db, err := sql.Open("sqlite", "file:"+path+"?"+q.Encode())
	if err != nil {
		return nil, fmt.Errorf("store %s: %w", path, err)
	}
	s := &Store{db: db}
	var version int
	if err := db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&version); err != nil || version != len(migrations) {
		db.Close()
		if err == nil {
			err = fmt.Errorf("its schema is version %d, this ownerd's %d: preview with the ownerd that runs on it", version, len(migrations))
		}
		return nil, fmt.Errorf("store %s: %w", path, err)
	}
	return s, nil
}

func (s *Store) migrate(ctx context.Context) error {
	var version int
	if err := s.db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&version); err != nil {
		return fmt.Errorf("read the schema version: %w", err)
	}
	if version > len(migrations) {
		return fmt.Errorf("the schema is version %d, newer than this ownerd knows (%d): run a newer ownerd", version, len(migrations))
	}
	for v := version; v < len(migrations); v++ {
		err := s.tx(ctx, func(tx *sql.Tx) error {
			if _, err := tx.ExecContext(ctx, migrations[v]); err != nil {
				return err
			}
			_, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", v+1))
			return err
		})
		if err != nil {
			return fmt.Errorf("migrate the schema to version %d: %w", v+1, err)
		}
	}
	return nil
}

// Close closes the database and lets another process open it.
func (s *Store) Close() error {
	err := s.db.Close()
	if s.unlock != nil {
		s.unlock()
		s.unlock = nil
	}
	return err
}

func (s *Store) tx(ctx context.Context, fn func(*sql.Tx) error) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}

// Synced implements store.Store.
func (s *Store) Synced(ctx context.Context, source string) ([]byte, connectors.Snapshot, error) {
	var snap connectors.Snapshot
	var state []byte
	err := s.db.QueryRowContext(ctx, "SELECT state FROM sync WHERE source = ?", source).Scan(&state)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, snap, nil
	}
	if err != nil {
		return nil, snap, fmt.Errorf("read %s's sync state: %w", source, err)
	}
	if err := eachRow(ctx, s.db, "SELECT data FROM items WHERE source = ? ORDER BY id", source, func(b []byte) error {
		var it model.Item
		if err := json.Unmarshal(b, &it); err != nil {
			return err
		}
		snap.Items = append(snap.Items, &it)
		return nil
	}); err != nil {
		return nil, snap, fmt.Errorf("read %s's items: %w", source, err)
	}
	if err := eachRow(ctx, s.db, "SELECT data FROM messages WHERE source = ? ORDER BY rowid", source, func(b []byte) error {
		var m model.Message
		if err := json.Unmarshal(b, &m); err != nil {
			return err
		}
		snap.Messages = append(snap.Messages, &m)
		return nil
	}); err != nil {
		return nil, snap, fmt.Errorf("read %s's messages: %w", source, err)
	}
	return state, snap, nil
}

func eachRow(ctx context.Context, db *sql.DB, query string, arg any, fn func([]byte) error) error {
	rows, err := db.QueryContext(ctx, query, arg)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var b []byte
		if err := rows.Scan(&b); err != nil {
			return err
		}
		if err := fn(b); err != nil {
			return err
		}
	}
	return rows.Err()
}

// SaveSync implements store.Store.
func (s *Store) SaveSync(ctx context.Context, source string, state []byte, ch connectors.Changes) error {
	err := s.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, "INSERT INTO sync (source, state) VALUES (?, ?) ON CONFLICT (source) DO UPDATE SET state = excluded.state", source, state); err != nil {
			return err
		}
		del, err := tx.PrepareContext(ctx, "DELETE FROM items WHERE source = ? AND id = ?")
		if err != nil {
			return err
		}
		defer del.Close()
		for _, id := range ch.Removed {
			if _, err := del.ExecContext(ctx, source, string(id)); err != nil {
				return err
			}
		}
		put, err := tx.PrepareContext(ctx, "INSERT INTO items (source, id, data) VALUES (?, ?, ?) ON CONFLICT (source, id) DO UPDATE SET data = excluded.data")
		if err != nil {
			return err
		}
		defer put.Close()
		for _, it := range ch.Items {
			b, err := json.Marshal(it)
			if err != nil {
				return err
			}
			if _, err := put.ExecContext(ctx, source, string(it.ID), b); err != nil {
				return err
			}
		}
		msg, err := tx.PrepareContext(ctx, "INSERT INTO messages (source, id, mailbox, data) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING")
		if err != nil {
			return err
		}
		defer msg.Close()
		for _, m := range ch.Messages {
			b, err := json.Marshal(m)
			if err != nil {
				return err
			}
			if _, err := msg.ExecContext(ctx, source, m.ID, m.Mailbox, b); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("save %s's sync: %w", source, err)
	}
	return nil
}

// Readings implements store.Store.
func (s *Store) Readings(ctx context.Context) (map[string]rules.Reading, error) {
	out := map[string]rules.Reading{}
	rows, err := s.db.QueryContext(ctx, "SELECT key, data FROM readings")
	if err != nil {
		return nil, fmt.Errorf("read the readings: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var key string
		var b []byte
		if err := rows.Scan(&key, &b); err != nil {
			return nil, fmt.Errorf("read the readings: %w", err)
		}
		var r rules.Reading
		if err := json.Unmarshal(b, &r); err != nil {
			return nil, fmt.Errorf("read the reading %s: %w", key, err)
		}
		out[key] = r
	}
	return out, rows.Err()
}

// SaveReadings implements store.Store.
func (s *Store) SaveReadings(ctx context.Context, readings map[string]rules.Reading) error {
	if len(readings) == 0 {
		return nil
	}
	keys := make([]string, 0, len(readings))
	for k := range readings {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return s.tx(ctx, func(tx *sql.Tx) error {
		put, err := tx.PrepareContext(ctx, "INSERT INTO readings (key, data) VALUES (?, ?) ON CONFLICT DO NOTHING")
		if err != nil {
			return err
		}
		defer put.Close()
		for _, k := range keys {
			b, err := json.Marshal(readings[k])
			if err != nil {
				return err
			}
			if _, err := put.ExecContext(ctx, k, b); err != nil {
				return fmt.Errorf("save readings: %w", err)
			}
		}
		return nil
	})
}

// OpenGaps implements store.Store.
func (s *Store) OpenGaps(ctx context.Context) ([]store.Gap, error) {
	return s.gaps(ctx, "WHERE resolved_at IS NULL ORDER BY first_seen, key")
}

// ResolvedSince implements store.Store.
func (s *Store) ResolvedSince(ctx context.Context, since time.Time) ([]store.Gap, error) {
	return s.gaps(ctx, "WHERE resolved_at > ? ORDER BY resolved_at, key", nanos(since))
}

func (s *Store) gaps(ctx context.Context, where string, args ...any) ([]store.Gap, error) {
	rows, err := s.db.QueryContext(ctx, "SELECT key, rule, deliverable, team, ticket, sources, finding, first_seen, last_seen, resolved_at FROM gaps "+where, args...)
	if err != nil {
		return nil, fmt.Errorf("read the gaps: %w", err)
	}
	defer rows.Close()
	var out []store.Gap
	for rows.Next() {
		var g store.Gap
		var deliverable, ticket, sources string
		var finding []byte
		var first, last int64
		var resolved sql.NullInt64
		if err := rows.Scan(&g.Key, &g.Rule, &deliverable, &g.Team, &ticket, &sources, &finding, &first, &last, &resolved); err != nil {
			return nil, fmt.Errorf("read the gaps: %w", err)
		}
		if err := json.Unmarshal(finding, &g.Finding); err != nil {
			return nil, fmt.Errorf("read the gap %s: %w", g.Key, err)
		}
		g.Deliverable, g.Ticket = model.ItemID(deliverable), model.ItemID(ticket)
		g.Sources = splitOn(sources, ",")
		g.FirstSeen, g.LastSeen, g.ResolvedAt = fromNanos(first), fromNanos(last), fromNanos(resolved.Int64)
		out = append(out, g)
	}
	return out, rows.Err()
}

// DigestSent implements store.Store.
func (s *Store) DigestSent(ctx context.Context, team string) (time.Time, time.Time, error) {
	var period, sent int64
	err := s.db.QueryRowContext(ctx, "SELECT period, sent_at FROM digests WHERE team = ?", team).Scan(&period, &sent)
	if errors.Is(err, sql.ErrNoRows) {
		return time.Time{}, time.Time{}, nil
	}
	if err != nil {
		return time.Time{}, time.Time{}, fmt.Errorf("read %s's last digest: %w", team, err)
	}
	return fromNanos(period), fromNanos(sent), nil
}

// SaveDigest implements store.Store.
func (s *Store) SaveDigest(ctx context.Context, team string, period, sentAt time.Time) error {
	_, err := s.db.ExecContext(ctx, "INSERT INTO digests (team, period, sent_at) VALUES (?, ?, ?) ON CONFLICT (team) DO UPDATE SET period = excluded.period, sent_at = excluded.sent_at",
		team, nanos(period), nanos(sentAt))
	if err != nil {
		return fmt.Errorf("record %s's digest: %w", team, err)
	}
	return nil
}

// RecordGaps implements store.Store.
func (s *Store) RecordGaps(ctx context.Context, d store.Delta) error {
	err := s.tx(ctx, func(tx *sql.Tx) error {
		open, err := tx.PrepareContext(ctx, "INSERT INTO gaps (key, rule, deliverable, team, ticket, sources, finding, first_seen, last_seen) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
		if err != nil {
			return err
		}
		defer open.Close()
		for _, g := range d.Opened {
			b, err := json.Marshal(g.Finding)
			if err != nil {
				return err
			}
			if _, err := open.ExecContext(ctx, g.Key, g.Rule, string(g.Deliverable), g.Team, string(g.Ticket), strings.Join(g.Sources, ","), b, nanos(g.FirstSeen), nanos(g.LastSeen)); err != nil {
				return err
			}
		}
		keep, err := tx.PrepareContext(ctx, "UPDATE gaps SET key = ?, deliverable = ?, team = ?, ticket = ?, sources = ?, finding = ?, last_seen = ? WHERE key = ? AND resolved_at IS NULL")
		if err != nil {
			return err
		}
		defer keep.Close()
		for _, g := range d.Kept {
			b, err := json.Marshal(g.Finding)
			if err != nil {
				return err
			}
			was := g.Key
			if g.WasKey != "" {
				was = g.WasKey
			}
			if _, err := keep.ExecContext(ctx, g.Key, string(g.Deliverable), g.Team, string(g.Ticket), strings.Join(g.Sources, ","), b, nanos(g.LastSeen), was); err != nil {
				return err
			}
		}
		resolve, err := tx.PrepareContext(ctx, "UPDATE gaps SET resolved_at = ? WHERE key = ? AND resolved_at IS NULL")
		if err != nil {
			return err
		}
		defer resolve.Close()
		for _, g := range d.Resolved {
			if _, err := resolve.ExecContext(ctx, nanos(g.ResolvedAt), g.Key); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("record gaps: %w", err)
	}
	return nil
}

// Notes implements store.Store.
func (s *Store) Notes(ctx context.Context) (map[model.ItemID]store.Note, error) {
	rows, err := s.db.QueryContext(ctx, "SELECT ticket, comment_id, gaps, digest, body, posted, changed, reminded, resolved FROM notes")
	if err != nil {
		return nil, fmt.Errorf("read the notes: %w", err)
	}
	defer rows.Close()
	out := map[model.ItemID]store.Note{}
	for rows.Next() {
		var n store.Note
		var ticket, gaps string
		var posted, changed, reminded int64
		if err := rows.Scan(&ticket, &n.CommentID, &gaps, &n.Digest, &n.Body, &posted, &changed, &reminded, &n.Resolved); err != nil {
			return nil, fmt.Errorf("read the notes: %w", err)
		}
		n.Ticket = model.ItemID(ticket)
		n.Gaps = splitOn(gaps, "\n")
		n.Posted, n.Changed, n.Reminded = fromNanos(posted), fromNanos(changed), fromNanos(reminded)
		out[n.Ticket] = n
	}
	return out, rows.Err()
}

// SaveNote implements store.Store.
func (s *Store) SaveNote(ctx context.Context, n store.Note) error {
	_, err := s.db.ExecContext(ctx, `INSERT INTO notes (ticket, comment_id, gaps, digest, body, posted, changed, reminded, resolved) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (ticket) DO UPDATE SET comment_id = excluded.comment_id, gaps = excluded.gaps, digest = excluded.digest, body = excluded.body,
		posted = excluded.posted, changed = excluded.changed, reminded = excluded.reminded, resolved = excluded.resolved`,
		string(n.Ticket), n.CommentID, strings.Join(n.Gaps, "\n"), n.Digest, n.Body, nanos(n.Posted), nanos(n.Changed), nanos(n.Reminded), n.Resolved)
	if err != nil {
		return fmt.Errorf("save the note on %s: %w", n.Ticket, err)
	}
	return nil
}

// splitOn splits a joined list: gap keys are joined by newlines (a key
// may hold a comma, in a quoted Message-ID), connector names by commas
// (config refuses names with either).
func splitOn(s, sep string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, sep)
}

func nanos(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixNano()
}

func fromNanos(n int64) time.Time {
	if n == 0 {
		return time.Time{}
	}
	return time.Unix(0, n).UTC()
}
