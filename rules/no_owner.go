package rules

import (
	"fmt"
	"time"
)

// NoOwner reports an open deliverable that nobody owns.
var NoOwner = &Rule{
	Name:  "no-owner",
	Habit: OwnTheResult,
	Doc:   "An open deliverable with at least one open ticket and no owners.",
	Params: []Param{
		{Name: "grace", Kind: Duration, Default: int64(4 * time.Hour), Doc: "how long a deliverable may go without an owner"},
	},
	Eval: noOwner,
}

// noOwner counts from the later of the newest open ticket's creation and
// the last time an owner was removed: a fresh ticket gets time to be
// picked up, and so does a deliverable whose owner just left it.
func noOwner(d *Deliverable, p Params, now time.Time) *Finding {
	if d.Done || len(d.Owners) > 0 {
		return nil
	}
	open := d.OpenTickets()
	if len(open) == 0 {
		return nil
	}
	since := d.ownerRemoved
	for _, it := range open {
		if it.Created.After(since) {
			since = it.Created
		}
	}
	if now.Sub(since) < p.Duration("grace") {
		return nil
	}
	target := open[0]
	f := &Finding{
		Target:  target.ID,
		Since:   since,
		Summary: fmt.Sprintf("%s has had no owner for %s.", Short(target), Age(now.Sub(since))),
	}
	for _, it := range open {
		f.Evidence = append(f.Evidence, Evidence{Item: it.ID, At: it.Created, By: it.Creator, Text: "open, no assignee"})
	}
	return f
}
