package rules

import (
	"fmt"
	"strings"
	"time"

	"github.com/ownerd/ownerd/model"
)

// SplitOwner reports a deliverable owned by several people, so that nobody
// owns the whole.
var SplitOwner = &Rule{
	Name:  "split-owner",
	Habit: OwnTheResult,
	Doc:   "An open deliverable with two or more distinct owners.",
	Params: []Param{
		{Name: "grace", Kind: Duration, Default: int64(time.Hour), Doc: "how long two or more owners may share a deliverable"},
	},
	Eval: splitOwner,
}

// splitOwner counts from the moment the owner set last went from fewer than
// two to two or more: a third owner joining a split deliverable does not
// restart the clock, because the split itself is not new.
func splitOwner(d *Deliverable, p Params, now time.Time) *Finding {
	if d.Done || len(d.Owners) < 2 || d.splitSince.IsZero() {
		return nil
	}
	if now.Sub(d.splitSince) < p.Duration("grace") {
		return nil
	}
	names := make([]string, len(d.Owners))
	for i, o := range d.Owners {
		names[i] = d.Who(o)
	}
	f := &Finding{
		Target: d.keyTicket(),
		Since:  d.splitSince,
		Summary: fmt.Sprintf("%d people own %s (%s) and none owns the whole; split for %s.",
			len(d.Owners), Short(d.Item(d.Key)), strings.Join(names, ", "), Age(now.Sub(d.splitSince))),
	}
	for _, it := range d.OpenTickets() {
		if len(it.Assignees) == 0 {
			continue
		}
		as := make([]string, len(it.Assignees))
		for i, a := range it.Assignees {
			as[i] = string(a)
		}
		f.Evidence = append(f.Evidence, Evidence{Item: it.ID, At: assignedAt(it, d.splitSince), Text: "assignees: " + strings.Join(as, ", ")})
	}
	return f
}

// assignedAt is the time of the ticket's last assignment change, or its
// creation when none is recorded.
func assignedAt(it *model.Item, fallback time.Time) time.Time {
	for i := len(it.Changes) - 1; i >= 0; i-- {
		if it.Changes[i].Field == "assignee" {
			return it.Changes[i].At
		}
	}
	if !it.Created.IsZero() {
		return it.Created
	}
	return fallback
}
