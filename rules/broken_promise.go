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
	summary := ""
	loc := d.Org.Location
	// note keeps every broken promise as evidence and words the summary
	// after the earliest.
	note := func(e Evidence, due time.Time, words string) {
		ev = append(ev, e)
		if since.IsZero() || due.Before(since) {
			since, summary = due, words
		}
	}
	for _, it := range d.OpenTickets() {
		if !it.Due.IsZero() && now.After(it.Due) {
			day := it.Due.In(loc).Format("Mon Jan 2")
			note(Evidence{Item: it.ID, At: it.Due, Text: "due " + it.Due.In(loc).Format("Mon 2006-01-02")}, it.Due,
				fmt.Sprintf("%s was due %s and is still open, %s late.", Short(it), day, Age(now.Sub(it.Due))))
		}
	}
	for _, c := range d.commits {
		if c.due.IsZero() || !now.After(c.due) || c.kept || c.supersededBy != nil {
			continue
		}
		t := c.text
		note(Evidence{Item: t.Item.ID, At: t.At, By: t.By, Text: quote(evidenceText(t))}, c.due,
			fmt.Sprintf("%s promised %q by %s; %s later it was not delivered in time.", d.Who(t.By), quote(evidenceText(t)), c.due.In(loc).Format("Mon Jan 2 15:04"), Age(now.Sub(c.due))))
	}
	if len(ev) == 0 {
		return nil
	}
	return &Finding{
		Target:   d.promiseTarget(now),
		Since:    since,
		Summary:  summary,
		Evidence: ev,
	}
}
