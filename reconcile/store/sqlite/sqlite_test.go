package sqlite

import (
	"context"
	"errors"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/ownerd/ownerd/connectors"
	"github.com/ownerd/ownerd/model"
	"github.com/ownerd/ownerd/reconcile/store"
	"github.com/ownerd/ownerd/rules"
)

func open(t *testing.T, path string) *Store {
	t.Helper()
	s, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestSyncSurvivesReopen(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "ownerd.db")
	s := open(t, path)
	at := time.Date(2026, 5, 1, 9, 0, 0, 0, time.UTC)
	ch := connectors.Changes{
		Items:    []*model.Item{{ID: "jira:A-1", System: model.Jira, Title: "one", Created: at}, {ID: "jira:A-2", Title: "two"}},
		Messages: []*model.Message{{ID: "<m1@x>", Mailbox: "INBOX", At: at, Subject: "hi"}},
	}
	if err := s.SaveSync(ctx, "jira", []byte("state-1"), ch); err != nil {
		t.Fatal(err)
	}
	// A second sync replaces one item, removes the other, repeats a message.
	ch2 := connectors.Changes{Items: []*model.Item{{ID: "jira:A-1", Title: "one, renamed"}}, Removed: []model.ItemID{"jira:A-2"}, Messages: ch.Messages}
	if err := s.SaveSync(ctx, "jira", []byte("state-2"), ch2); err != nil {
		t.Fatal(err)
	}
	s.Close()
	s = open(t, path)
	defer s.Close()
	state, snap, err := s.Synced(ctx, "jira")
	if err != nil {
		t.Fatal(err)
	}
	if string(state) != "state-2" {
		t.Errorf("state = %q, want state-2", state)
	}
	if len(snap.Items) != 1 || snap.Items[0].Title != "one, renamed" {
		t.Errorf("items = %+v, want A-1 renamed only", snap.Items)
	}
	if len(snap.Messages) != 1 || !snap.Messages[0].At.Equal(at) {
		t.Errorf("messages = %+v, want the one message once", snap.Messages)
	}
	if state, snap, err := s.Synced(ctx, "github"); err != nil || state != nil || len(snap.Items) != 0 {
		t.Errorf("a source never synced: %q %v %v", state, snap, err)
	}
}

func TestSecondOpenIsRefused(t *testing.T) {
	path := filepath.Join(t.TempDir(), "ownerd.db")
	s := open(t, path)
	if _, err := Open(context.Background(), path); !errors.Is(err, store.ErrLocked) {
		t.Fatalf("second open: %v, want ErrLocked", err)
	}
	s.Close()
	s = open(t, path) // released on close
	s.Close()
}

func TestLedger(t *testing.T) {
	ctx := context.Background()
	s := open(t, filepath.Join(t.TempDir(), "ownerd.db"))
	defer s.Close()
	t0 := time.Date(2026, 5, 1, 9, 0, 0, 0, time.UTC)
	gap := func(rule string, d model.ItemID) store.Gap {
		return store.Gap{Key: store.GapKey(rule, d), Rule: rule, Deliverable: d, Team: "studio", Ticket: d, Sources: []string{"jira"},
			Finding: rules.Finding{Rule: rule, Deliverable: d, Items: []model.ItemID{d}, Summary: "s"}}
	}
	none := func(string) bool { return false }
	d1 := store.Diff(nil, []store.Gap{gap("no-owner", "jira:A-1"), gap("idle-owner", "jira:A-2")}, none, t0)
	if len(d1.Opened) != 2 {
		t.Fatalf("opened %d, want 2", len(d1.Opened))
	}
	if err := s.RecordGaps(ctx, d1); err != nil {
		t.Fatal(err)
	}
	open, err := s.OpenGaps(ctx)
	if err != nil || len(open) != 2 {
		t.Fatalf("open gaps: %v %v", open, err)
	}
	t1 := t0.Add(time.Hour)
	d2 := store.Diff(open, []store.Gap{gap("no-owner", "jira:A-1")}, none, t1)
	if len(d2.Kept) != 1 || !d2.Kept[0].FirstSeen.Equal(t0) || len(d2.Resolved) != 1 || d2.Resolved[0].Rule != "idle-owner" {
		t.Fatalf("second diff: %+v", d2)
	}
	if err := s.RecordGaps(ctx, d2); err != nil {
		t.Fatal(err)
	}
	open, _ = s.OpenGaps(ctx)
	if len(open) != 1 || !open[0].LastSeen.Equal(t1) || !open[0].FirstSeen.Equal(t0) {
		t.Fatalf("after resolve: %+v", open)
	}
	// The gap opens again later: a new entry, a new first sighting.
	d3 := store.Diff(open, []store.Gap{gap("no-owner", "jira:A-1"), gap("idle-owner", "jira:A-2")}, none, t1.Add(time.Hour))
	if err := s.RecordGaps(ctx, d3); err != nil {
		t.Fatal(err)
	}
	open, _ = s.OpenGaps(ctx)
	if len(open) != 2 {
		t.Fatalf("reopened: %+v", open)
	}

	// The deliverable's key changes: the row follows it.
	renamed := gap("no-owner", "jira:A-0")
	renamed.Finding.Items = []model.ItemID{"jira:A-0", "jira:A-1"}
	d4 := store.Diff(open[:1], []store.Gap{renamed}, none, t1.Add(2*time.Hour))
	if len(d4.Kept) != 1 || d4.Kept[0].WasKey == "" {
		t.Fatalf("rename: %+v", d4)
	}
	if err := s.RecordGaps(ctx, store.Delta{Kept: d4.Kept}); err != nil {
		t.Fatal(err)
	}
	open, _ = s.OpenGaps(ctx)
	if len(open) != 2 || !slices.ContainsFunc(open, func(g store.Gap) bool { return g.Key == "no-owner jira:A-0" && g.FirstSeen.Equal(t0) }) {
		t.Fatalf("after a rename: %+v", open)
	}

	n := store.Note{Ticket: "jira:A-1", CommentID: "10001", Gaps: []string{"no-owner jira:A-1", "idle-owner mail:<a,b@x>"}, Digest: "d1", Body: "b", Posted: t0, Changed: t1}
	if err := s.SaveNote(ctx, n); err != nil {
		t.Fatal(err)
	}
	notes, err := s.Notes(ctx)
	if err != nil {
		t.Fatal(err)
	}
	got := notes["jira:A-1"]
	if got.CommentID != "10001" || len(got.Gaps) != 2 || got.Gaps[1] != "idle-owner mail:<a,b@x>" || got.Digest != "d1" || !got.Changed.Equal(t1) || !got.Reminded.IsZero() {
		t.Errorf("note = %+v", got)
	}
}

func TestReadingsCache(t *testing.T) {
	ctx := context.Background()
	s := open(t, filepath.Join(t.TempDir(), "ownerd.db"))
	defer s.Close()
	due := time.Date(2026, 5, 2, 17, 0, 0, 0, time.UTC)
	if err := s.SaveReadings(ctx, map[string]rules.Reading{"k1": {Commitment: true, Due: due, Spans: []rules.Span{{Label: "commitment", Text: "I'll send it"}}}}); err != nil {
		t.Fatal(err)
	}
	got, err := s.Readings(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if r := got["k1"]; !r.Commitment || !r.Due.Equal(due) || len(r.Spans) != 1 {
		t.Errorf("reading = %+v", r)
	}
}

func TestNewerSchemaIsRefused(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "ownerd.db")
	s := open(t, path)
	if _, err := s.db.ExecContext(ctx, "PRAGMA user_version = 99"); err != nil {
		t.Fatal(err)
	}
	s.Close()
	if _, err := Open(ctx, path); err == nil {
		t.Fatal("a store from a newer ownerd was opened")
	}
}

// TestMigrationKeepsNotes: a store made by the first schema is brought up
// to date on open, its notes kept.
func TestMigrationKeepsNotes(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "ownerd.db")
	s := open(t, path)
	for _, q := range []string{"DROP TABLE IF EXISTS digests", "DROP TABLE notes", "DROP TABLE gaps", "DROP TABLE readings", "DROP TABLE messages", "DROP TABLE items", "DROP TABLE sync", migrations[0], "PRAGMA user_version = 1",
		"INSERT INTO notes (ticket, comment_id, gaps, body, posted, changed, reminded, resolved) VALUES ('jira:A-1', '7', 'k', 'b', 1, 1, 0, 0)"} {
		if _, err := s.db.ExecContext(ctx, q); err != nil {
			t.Fatal(q, err)
		}
	}
	s.Close()
	s = open(t, path)
	defer s.Close()
	notes, err := s.Notes(ctx)
	if err != nil || notes["jira:A-1"].CommentID != "7" || notes["jira:A-1"].Digest != "" {
		t.Fatalf("after migrating: %+v %v", notes, err)
	}
	var v int
	s.db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&v)
	if v != len(migrations) {
		t.Errorf("schema version %d, want %d", v, len(migrations))
	}
}

func TestDigestsAndResolved(t *testing.T) {
	ctx := context.Background()
	s := open(t, filepath.Join(t.TempDir(), "ownerd.db"))
	defer s.Close()
	t0 := time.Date(2026, 5, 1, 8, 0, 0, 0, time.UTC)
	if sent, _, err := s.DigestSent(ctx, "studio"); err != nil || !sent.IsZero() {
		t.Fatalf("no digest yet: %v %v", sent, err)
	}
	if err := s.SaveDigest(ctx, "studio", t0, t0.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	if period, at, _ := s.DigestSent(ctx, "studio"); !period.Equal(t0) || !at.Equal(t0.Add(time.Minute)) {
		t.Errorf("last digest %v sent %v, want %v, %v", period, at, t0, t0.Add(time.Minute))
	}
	g := store.Gap{Key: "no-owner jira:A-1", Rule: "no-owner", Deliverable: "jira:A-1", Team: "studio", Sources: []string{"jira"}}
	if err := s.RecordGaps(ctx, store.Diff(nil, []store.Gap{g}, func(string) bool { return false }, t0)); err != nil {
		t.Fatal(err)
	}
	open, _ := s.OpenGaps(ctx)
	if err := s.RecordGaps(ctx, store.Diff(open, nil, func(string) bool { return false }, t0.Add(2*time.Hour))); err != nil {
		t.Fatal(err)
	}
	if got, err := s.ResolvedSince(ctx, t0.Add(time.Hour)); err != nil || len(got) != 1 || !got[0].ResolvedAt.Equal(t0.Add(2*time.Hour)) {
		t.Errorf("resolved since: %+v %v", got, err)
	}
	if got, _ := s.ResolvedSince(ctx, t0.Add(3*time.Hour)); len(got) != 0 {
		t.Errorf("resolved after it was: %+v", got)
	}
}

// TestReadOnlyBesideTheWriter: a preview reads the store while the ownerd
// that holds it runs, and cannot write.
func TestReadOnlyBesideTheWriter(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "ownerd.db")
	w := open(t, path)
	defer w.Close()
	if err := w.SaveDigest(ctx, "studio", time.Unix(100, 0), time.Unix(101, 0)); err != nil {
		t.Fatal(err)
	}
	r, err := OpenReadOnly(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if sent, _, err := r.DigestSent(ctx, "studio"); err != nil || !sent.Equal(time.Unix(100, 0)) {
		t.Errorf("read beside the writer: %v %v", sent, err)
	}
	if err := r.SaveDigest(ctx, "studio", time.Unix(200, 0), time.Unix(201, 0)); err == nil {
		t.Error("a read-only store wrote")
	}
	if _, err := OpenReadOnly(ctx, filepath.Join(t.TempDir(), "none.db")); err == nil {
		t.Error("a store that is not there was opened")
	}
}
