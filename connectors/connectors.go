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
