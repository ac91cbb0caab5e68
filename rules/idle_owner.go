package rules

import (
	"fmt"
	"time"
)

// IdleOwner reports a deliverable whose single owner has gone quiet.
var IdleOwner = &Rule{
	Name:  "idle-owner",
	Habit: OwnTheResult,
	Doc:   "An open deliverable with exactly one owner who has owned it, and done nothing on it, for a while.",
	Params: []Param{
		{Name: "after", Kind: Duration, Default: int64(5 * 24 * time.Hour), Doc: "how long the owner may own it, and be quiet on it"},
	},
	// A silent handoff or an idle priority already says the owner is quiet,
	// more precisely.
	InhibitedBy: []string{"silent-handoff", "idle-priority"},
	Eval:        idleOwner,
}

func idleOwner(d *Deliverable, p Params, now time.Time) *Finding {
	if d.Done || len(d.Owners) != 1 {
		return nil
	}
	owner := d.Owners[0]
	after := p.Duration("after")
	since := d.OwnerSince(owner)
	if since.IsZero() || now.Sub(since) < after {
		return nil
	}
	last := d.LastActivity(owner)
	if !last.IsZero() && now.Sub(last) < after {
		return nil
	}
	f := &Finding{Target: d.keyTicket(), Since: since}
	if last.After(since) {
		f.Since = last
		f.Summary = fmt.Sprintf("%s owns %s and has done nothing on it for %s.", d.Who(owner), Short(d.Item(d.Key)), Age(now.Sub(last)))
		f.Evidence = []Evidence{{Item: d.Key, At: last, By: owner, Text: "last activity of the owner"}}
	} else {
		f.Summary = fmt.Sprintf("%s has owned %s for %s without any activity on it.", d.Who(owner), Short(d.Item(d.Key)), Age(now.Sub(since)))
		f.Evidence = []Evidence{{Item: d.Key, At: since, By: owner, Text: "owner since"}}
	}
	return f
}
