// Package connectors holds what every connector shares: the Source
// interface the reconciler polls, and the Snapshot a poll returns.
//
// Each system has a package of its own below this one (scenario, and later
// jira, github, mail). A connector turns the outside system into the
// normalized model and, later, posts alerts back; it knows nothing of rules.
package connectors

import (
	"context"

	"github.com/ownerd/ownerd/model"
)

// Snapshot is everything a source holds at one moment: tickets, and mail
// messages not yet threaded (threading joins messages across mailboxes, so
// it is the reconciler's job).
type Snapshot struct {
	Items    []*model.Item
	Messages []*model.Message
}

// Source is a system ownerd reads.
type Source interface {
	// Name names the source in logs and metrics.
	Name() string
	// Poll reads the source's current state. Identities are resolved
	// through org.
	Poll(ctx context.Context, org *model.Org) (Snapshot, error)
}

// Changes is what an incremental sync read: the items that are new or
// changed since the last sync, each whole, the messages new to it, and the
// items that are gone (deleted, or moved out of the source's scope).
type Changes struct {
	Items    []*model.Item
	Messages []*model.Message
	Removed  []model.ItemID
}

// Syncer is a source that can read only what changed since it last read.
// Its state is an opaque value it hands out and is handed back, so that
// the daemon's store can keep it and a restart does not read everything
// again.
type Syncer interface {
	Source
	// Sync reads what changed since state (nil: everything) and returns
	// it with the state to hand back next time. On error it returns no
	// state and no changes: what was known before stays as it was.
	Sync(ctx context.Context, org *model.Org, state []byte) (Changes, []byte, error)
}

// Apply returns the snapshot with changes applied: items replaced by ID or
// added, removed ones dropped, messages added unless already held (by
// Message-ID and mailbox). snap itself is not modified.
func Apply(snap Snapshot, ch Changes) Snapshot {
	gone := make(map[model.ItemID]bool, len(ch.Removed)+len(ch.Items))
	for _, id := range ch.Removed {
		gone[id] = true
	}
	for _, it := range ch.Items {
		gone[it.ID] = true
	}
	out := Snapshot{Items: make([]*model.Item, 0, len(snap.Items)+len(ch.Items))}
	for _, it := range snap.Items {
		if !gone[it.ID] {
			out.Items = append(out.Items, it)
		}
	}
	out.Items = append(out.Items, ch.Items...)
	type msgKey struct{ id, mailbox string }
	held := make(map[msgKey]bool, len(snap.Messages))
	out.Messages = make([]*model.Message, 0, len(snap.Messages)+len(ch.Messages))
	for _, m := range snap.Messages {
		held[msgKey{m.ID, m.Mailbox}] = true
		out.Messages = append(out.Messages, m)
	}
	for _, m := range ch.Messages {
		if !held[msgKey{m.ID, m.Mailbox}] {
			held[msgKey{m.ID, m.Mailbox}] = true
			out.Messages = append(out.Messages, m)
		}
	}
	return out
}
