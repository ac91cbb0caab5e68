package rules

import (
	"fmt"
	"sort"
	"time"
)

// SlippedDeadline reports a deliverable whose date keeps moving.
var SlippedDeadline = &Rule{
	Name:  "slipped-deadline",
	Habit: WalkTheTalk,
	Doc:   "An open deliverable whose due dates moved later, or whose commitments were replaced by later ones, too many times.",
	Params: []Param{
		{Name: "max_slips", Kind: Count, Default: 2, Doc: "how many slips make a finding"},
	},
	Eval: slippedDeadline,
}

// A slip is a ticket's due date moved from a date to a later date, or a
// commitment superseded by a later one.
func slippedDeadline(d *Deliverable, p Params, now time.Time) *Finding {
	if d.Done {
		return nil
	}
	var slips []Evidence
	for _, it := range d.Items {
		for _, c := range it.Changes {
			if c.Field == "duedate" && !c.DueFrom.IsZero() && c.DueTo.After(c.DueFrom) {
				loc := d.Org.Location
				slips = append(slips, Evidence{Item: it.ID, At: c.At, By: c.By,
					Text: fmt.Sprintf("due date: %s -> %s", c.DueFrom.In(loc).Format("2006-01-02"), c.DueTo.In(loc).Format("2006-01-02"))})
			}
		}
	}
	for _, c := range d.commits {
		if c.supersededBy == nil {
			continue
		}
		// The slip happens when the replacement is made.
		slips = append(slips, Evidence{Item: c.text.Item.ID, At: c.supersededBy.At, By: c.supersededBy.By,
			Text: "promised again: " + quote(evidenceText(c.supersededBy))})
	}
	// Configuration keeps max_slips at 1 or more.
	maxSlips := max(1, p.Int("max_slips"))
	if len(slips) < maxSlips {
		return nil
	}
	sort.SliceStable(slips, func(i, j int) bool { return slips[i].At.Before(slips[j].At) })
	// The gap began with the slip that reached the threshold.
	since := slips[maxSlips-1].At
	return &Finding{
		Target:   d.promiseTarget(now),
		Since:    since,
		Summary:  fmt.Sprintf("The date on %s has slipped %d times.", Short(d.Item(d.Key)), len(slips)),
		Evidence: slips,
	}
}
