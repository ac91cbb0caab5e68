package rules

import (
	"fmt"
	"time"
)

// BrokenPromise reports a due date or a commitment that passed.
var BrokenPromise = &Rule{
	Name:  "broken-promise",
	Habit: WalkTheTalk,
	Doc:   "An open deliverable with an open ticket's due date passed, or a team member's timed commitment passed, neither kept nor superseded.",
	Eval:  brokenPromise,
}

func brokenPromise(d *Deliverable, _ Params, now time.Time) *Finding {
	if d.Done {
		return nil
	}
	var ev []Evidence
	var since time.Time
	note := func(e Evidence, due time.Time) {
		ev = append(ev, e)
		if since.IsZero() || due.Before(since) {
			since = due
		}
	}
	for _, it := range d.OpenTickets() {
		if !it.Due.IsZero() && now.After(it.Due) {
			note(Evidence{Item: it.ID, At: it.Due, Text: "due " + it.Due.In(d.Org.Location).Format("Mon 2006-01-02")}, it.Due)
		}
	}
	for _, c := range d.commits {
		if c.due.IsZero() || !now.After(c.due) || c.kept || c.supersededBy != nil {
			continue
		}
		note(Evidence{Item: c.text.Item.ID, At: c.text.At, By: c.text.By, Text: quote(evidenceText(c.text))}, c.due)
	}
	if len(ev) == 0 {
		return nil
	}
	return &Finding{
		Target:   d.promiseTarget(now),
		Since:    since,
		Summary:  fmt.Sprintf("A promise on %s passed %s ago without delivery.", short(d.Item(d.Key)), Age(now.Sub(since))),
		Evidence: ev,
	}
}
