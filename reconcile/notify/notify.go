// Package notify decides what ownerd writes on a ticket and when, and
// writes it through a Notifier (../shared/spec/comments.md): one comment
// per ticket, posted once its first gap has waited group_wait, edited in
// place when the gaps on it change, a reminder at most once per
// repeat_every, and all clear when every gap on it is resolved.
//
// The decision is Decide, a pure function of the note (what was last
// written), the open gaps and the moment, in the manner of Alertmanager's
// needsUpdate; the words are Render's. Writing goes through Notifier, a
// seam of its own beside the read-only connectors.Source, which says
// whether a failure is worth retrying (as Alertmanager's Notifier does).
package notify

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/ownerd/ownerd/model"
	"github.com/ownerd/ownerd/reconcile/store"
)

// Notifier writes ownerd's comment on the tickets of one system.
type Notifier interface {
	// Dialect is how the system formats text.
	Dialect() Dialect
	// Mention names a person so that the system notifies them; "" when
	// the person has no identity there.
	Mention(ctx context.Context, p *model.Person) string
	// Post writes ownerd's one comment on the ticket: it edits the
	// comment ownerd wrote before (found again by its marker, even after
	// a crash) or creates it. It returns the comment's id; retry says
	// whether a failure may succeed if tried again.
	Post(ctx context.Context, ticket, deliverable model.ItemID, body string) (id string, retry bool, err error)
	// Reply adds a short reminder beside the comment; mentions notify
	// people in a new comment, not in an edit.
	Reply(ctx context.Context, ticket model.ItemID, body string) (retry bool, err error)
}

// Rereader is a Notifier that can read a ticket's last change again, just
// before a write: a ticket someone changed since it was last synced is not
// written on until the change has been read (the change may close the
// gap).
type Rereader interface {
	Updated(ctx context.Context, ticket model.ItemID) (time.Time, error)
}

// Policy is when ownerd writes.
type Policy struct {
	// GroupWait is how long a new gap waits before the comment is
	// created, so that gaps found together are posted together [30s].
	GroupWait time.Duration
	// RepeatEvery is how long a comment may stand unchanged, with gaps
	// still open, before a reminder [24h].
	RepeatEvery time.Duration
}

// DefaultPolicy is comments.md's.
var DefaultPolicy = Policy{GroupWait: 30 * time.Second, RepeatEvery: 24 * time.Hour}

// Action is what to do about the comment on one ticket.
type Action uint8

// The actions.
const (
	Nothing Action = iota
	// Create writes the comment for the first time, or again after it
	// said all clear and a gap opened.
	Create
	// Update edits the comment: the gaps on the ticket changed.
	Update
	// Remind edits the comment (the ages move on) and adds a reply.
	Remind
	// Resolve edits the comment to say all clear.
	Resolve
)

var actionNames = [...]string{"nothing", "create", "update", "remind", "resolve"}

func (a Action) String() string { return actionNames[a] }

// Decide returns what to do about ownerd's comment on a ticket at now,
// given its note (ok false when ownerd never wrote there) and the open
// gaps on the ticket, and when to decide again if nothing else changes
// (zero: not until something does).
func Decide(note store.Note, ok bool, gaps []store.Gap, now time.Time, p Policy) (Action, time.Time) {
	if !ok || note.Resolved {
		if len(gaps) == 0 {
			return Nothing, time.Time{}
		}
		first := gaps[0].FirstSeen
		for _, g := range gaps[1:] {
			if g.FirstSeen.Before(first) {
				first = g.FirstSeen
			}
		}
		if ready := first.Add(p.GroupWait); now.Before(ready) {
			return Nothing, ready
		}
		return Create, now.Add(p.RepeatEvery)
	}
	if len(gaps) == 0 {
		return Resolve, time.Time{}
	}
	if !slices.Equal(Keys(gaps), note.Gaps) || note.Digest != "" && note.Digest != Digest(gaps) {
		return Update, now.Add(p.RepeatEvery)
	}
	last := note.Changed
	if note.Reminded.After(last) {
		last = note.Reminded
	}
	if due := last.Add(p.RepeatEvery); now.Before(due) {
		return Nothing, due
	}
	return Remind, now.Add(p.RepeatEvery)
}

// Digest sums up what the gaps say, leaving out what only the passing of
// time changes (ages): their owners, target, start and evidence. A note
// keeps it, so that a finding that changes edits the comment.
func Digest(gaps []store.Gap) string {
	h := sha256.New()
	for _, g := range sortedByKey(gaps) {
		f := g.Finding
		fmt.Fprintf(h, "%s\x00%s\x00%v\x00%d\x00", g.Key, f.Target, f.Owners, f.Since.Unix())
		for _, e := range f.Evidence {
			fmt.Fprintf(h, "%s\x00%d\x00%s\x00%s\x00", e.Item, e.At.Unix(), e.By, e.Text)
		}
		h.Write([]byte{'\n'})
	}
	return hex.EncodeToString(h.Sum(nil)[:12])
}

func sortedByKey(gaps []store.Gap) []store.Gap {
	out := slices.Clone(gaps)
	slices.SortFunc(out, func(a, b store.Gap) int { return strings.Compare(a.Key, b.Key) })
	return out
}

// Keys returns the gaps' keys, sorted: what a note records.
func Keys(gaps []store.Gap) []string {
	keys := make([]string, len(gaps))
	for i, g := range gaps {
		keys[i] = g.Key
	}
	slices.Sort(keys)
	return keys
}
