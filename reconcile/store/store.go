// Package store keeps what the daemon must not lose across a restart: each
// connector's sync state and the items it synced (a restart does not read
// everything again), the readings of texts (a text is read once), and the
// gap ledger with ownerd's comments on tickets.
//
// Store is the seam: the embedded default is SQLite (package sqlite); a
// PostgreSQL store for a highly available deployment implements the same
// interface. The ledger's bookkeeping — which gaps open, which stay, which
// resolve — is the pure function Diff, shared by every implementation.
package store

import (
	"context"
	"errors"
	"slices"
	"time"

	"github.com/ownerd/ownerd/connectors"
	"github.com/ownerd/ownerd/model"
	"github.com/ownerd/ownerd/rules"
)

// Store is the daemon's memory. Implementations are safe for concurrent
// use.
type Store interface {
	// Synced returns a source's sync state and everything it synced, as
	// SaveSync left them; no state and an empty snapshot when the source
	// never synced.
	Synced(ctx context.Context, source string) (state []byte, snap connectors.Snapshot, err error)
	// SaveSync applies one sync's changes and keeps its new state, both
	// or neither.
	SaveSync(ctx context.Context, source string, state []byte, ch connectors.Changes) error

	// Readings returns every cached reading by its key (ReadingKey).
	Readings(ctx context.Context) (map[string]rules.Reading, error)
	// SaveReadings adds readings to the cache.
	SaveReadings(ctx context.Context, readings map[string]rules.Reading) error

	// OpenGaps returns the ledger's open gaps.
	OpenGaps(ctx context.Context) ([]Gap, error)
	// RecordGaps writes a Diff's outcome: opened gaps are added, kept ones
	// updated (last seen, finding), resolved ones closed.
	RecordGaps(ctx context.Context, d Delta) error

	// ResolvedSince returns the gaps resolved after since.
	ResolvedSince(ctx context.Context, since time.Time) ([]Gap, error)

	// DigestSent is the period (the schedule's firing) a team's digest
	// was last handled for, and when one last went (zero if never: a
	// period can pass with nothing sent, when there was nothing to say);
	// SaveDigest records both, after the mail went.
	DigestSent(ctx context.Context, team string) (period, sentAt time.Time, err error)
	SaveDigest(ctx context.Context, team string, period, sentAt time.Time) error

	// Notes returns ownerd's comments on tickets, by ticket.
	Notes(ctx context.Context) (map[model.ItemID]Note, error)
	// SaveNote records a comment after it was written, never before.
	SaveNote(ctx context.Context, n Note) error

	Close() error
}

// ErrLocked is returned when another process holds the store.
var ErrLocked = errors.New("the store is in use by another ownerd process")

// Gap is one entry of the ledger: a rule's finding on a deliverable, from
// the first evaluation that found it to the first that did not.
type Gap struct {
	// Key is the rule and the deliverable's stable key (GapKey).
	Key         string
	Rule        string
	Deliverable model.ItemID
	// Team is the team the gap is counted for in metrics.
	Team string
	// Ticket is where the gap is written: its target when that is a
	// ticket, else the deliverable's key or oldest open ticket; empty when
	// the deliverable has no ticket (the digest carries it).
	Ticket model.ItemID
	// Sources are the connectors the deliverable's items came from: while
	// one of them fails, the gap is not resolved.
	Sources []string
	// Finding is the latest evaluation's finding.
	Finding rules.Finding

	FirstSeen  time.Time
	LastSeen   time.Time
	ResolvedAt time.Time // zero while open

	// WasKey is, on a kept gap whose deliverable's key changed (an older
	// client-facing item was linked in), the key it was recorded under.
	WasKey string
}

// GapKey is a gap's stable key: the rule and the deliverable's key.
func GapKey(rule string, deliverable model.ItemID) string {
	return rule + " " + string(deliverable)
}

// Delta is what one evaluation changed in the ledger.
type Delta struct {
	Opened   []Gap
	Kept     []Gap
	Resolved []Gap
	// Frozen are open gaps not found this time that stay open because a
	// source they depend on failed its last sync.
	Frozen []Gap
}

// Diff compares the ledger's open gaps with the current findings (as gaps,
// FirstSeen unset) at now. A gap found again is kept, with its first
// sighting; a new one opens; one no longer found resolves — unless a
// source it depends on is failing (failing reports it), in which case it
// stays open: nothing is resolved on missing data.
//
// A deliverable's key is its earliest client-facing item, so it changes
// when an older one is linked in. A current gap whose key the ledger does
// not hold is therefore matched, before it counts as new, with an open
// gap of the same rule on a deliverable that shares an item with it: the
// same gap under a new key (WasKey says which).
func Diff(open []Gap, current []Gap, failing func(source string) bool, now time.Time) Delta {
	var d Delta
	byKey := make(map[string]Gap, len(open))
	for _, g := range open {
		byKey[g.Key] = g
	}
	matched := make(map[string]bool, len(current)) // open keys found again
	seen := make(map[string]bool, len(current))
	var unknown []Gap
	for _, g := range current {
		if seen[g.Key] {
			continue
		}
		seen[g.Key] = true
		g.LastSeen = now
		if was, ok := byKey[g.Key]; ok {
			g.FirstSeen = was.FirstSeen
			matched[g.Key] = true
			d.Kept = append(d.Kept, g)
			continue
		}
		unknown = append(unknown, g)
	}
	// Open gaps not found under their key, by rule and item.
	byItem := map[string]string{}
	for _, g := range open {
		if matched[g.Key] {
			continue
		}
		for _, id := range g.Finding.Items {
			byItem[g.Rule+" "+string(id)] = g.Key
		}
	}
	for _, g := range unknown {
		if was := renamed(g, byItem, matched); was != "" {
			matched[was] = true
			g.FirstSeen, g.WasKey = byKey[was].FirstSeen, was
			d.Kept = append(d.Kept, g)
			continue
		}
		g.FirstSeen = now
		d.Opened = append(d.Opened, g)
	}
	for _, g := range open {
		if matched[g.Key] {
			continue
		}
		if slices.ContainsFunc(g.Sources, failing) {
			d.Frozen = append(d.Frozen, g)
			continue
		}
		g.ResolvedAt = now
		d.Resolved = append(d.Resolved, g)
	}
	return d
}

// renamed is the key of the unmatched open gap g continues, if any.
func renamed(g Gap, byItem map[string]string, matched map[string]bool) string {
	for _, id := range g.Finding.Items {
		if was, ok := byItem[g.Rule+" "+string(id)]; ok && !matched[was] {
			return was
		}
	}
	return ""
}

// Note is ownerd's one comment on a ticket, as last written.
type Note struct {
	Ticket model.ItemID
	// CommentID is the comment's id in its system.
	CommentID string
	// Gaps are the keys of the gaps the comment covered when last
	// written, sorted; empty once it says all clear.
	Gaps []string
	// Digest sums up what those gaps said (notify.Digest): a finding
	// that changes (a new date, a new owner) changes it.
	Digest string
	// Body is what was last written.
	Body string
	// Posted is when the comment was first created; Changed when its
	// content last changed (gaps added or gone); Reminded when the last
	// reminder was sent.
	Posted, Changed, Reminded time.Time
	// Resolved is true once the comment says all clear.
	Resolved bool
}
