package rules

import (
	"fmt"
	"time"
)

// SilentHandoff reports work passed to someone who never picked it up.
var SilentHandoff = &Rule{
	Name:  "silent-handoff",
	Habit: OwnTheResult,
	Doc:   "An open ticket's last assignment change handed it from A to B, and B has done nothing on the deliverable since.",
	Params: []Param{
		{Name: "ack_within", Kind: Duration, Default: int64(24 * time.Hour), Doc: "how long the new owner has to show any activity"},
	},
	Eval: silentHandoff,
}

// silentHandoff reports the oldest unacknowledged handoff when several open
// tickets have one: it is the one that has waited longest.
func silentHandoff(d *Deliverable, p Params, now time.Time) *Finding {
	var found *handoff
	for i := range d.handoffs {
		h := &d.handoffs[i]
		if d.LastActivity(h.to).After(h.at) || now.Sub(h.at) < p.Duration("ack_within") {
			continue
		}
		if found == nil || h.at.Before(found.at) {
			found = h
		}
	}
	if found == nil {
		return nil
	}
	h := found
	return &Finding{
		Target: h.item.ID,
		Since:  h.at,
		Summary: fmt.Sprintf("%s was handed from %s to %s %s ago and %s has not picked it up.",
			Short(h.item), d.Who(h.from), d.Who(h.to), Age(now.Sub(h.at)), d.Who(h.to)),
		Evidence: []Evidence{{Item: h.item.ID, At: h.at, By: h.by, Text: fmt.Sprintf("assignee: %s -> %s", h.from, h.to)}},
	}
}
