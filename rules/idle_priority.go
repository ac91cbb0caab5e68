package rules

import (
	"fmt"
	"time"

	"github.com/ownerd/ownerd/model"
)

// IdlePriority reports a deliverable called a priority that nobody on the
// team has touched.
var IdlePriority = &Rule{
	Name:  "idle-priority",
	Habit: WalkTheTalk,
	Doc:   "An open deliverable that a team member called a priority, or with a high-priority open ticket, and no team activity.",
	Params: []Param{
		{Name: "after", Kind: Duration, Default: int64(3 * 24 * time.Hour), Doc: "how long a priority may go without team activity"},
	},
	Eval: idlePriority,
}

func idlePriority(d *Deliverable, p Params, now time.Time) *Finding {
	if d.Done {
		return nil
	}
	var why *Evidence
	for _, it := range d.OpenTickets() {
		if d.Org.IsHighPriority(it) {
			why = &Evidence{Item: it.ID, At: it.Created, Text: "high priority: " + priorityOf(d.Org, it)}
			break
		}
	}
	if why == nil {
		for i := range d.Texts {
			t := &d.Texts[i]
			if t.Reading.Priority && d.Org.IsTeam(t.By) {
				why = &Evidence{Item: t.Item.ID, At: t.At, By: t.By, Text: quote(evidenceText(t))}
				break
			}
		}
	}
	if why == nil {
		return nil
	}
	// With no team activity at all, the deliverable has been idle since it
	// began.
	since := d.LastTeamActivity()
	if since.IsZero() {
		for _, it := range d.Items {
			if since.IsZero() || it.Created.Before(since) {
				since = it.Created
			}
		}
	}
	if now.Sub(since) < p.Duration("after") {
		return nil
	}
	return &Finding{
		Target:   d.keyTicket(),
		Since:    since,
		Summary:  fmt.Sprintf("%s is a priority, yet nobody on the team has acted on it for %s.", Short(d.Item(d.Key)), Age(now.Sub(since))),
		Evidence: []Evidence{*why},
	}
}

// priorityOf names what makes a ticket high-priority: its Jira priority, or
// the GitHub label that matched.
func priorityOf(org *model.Org, it *model.Item) string {
	if it.System == model.Jira {
		return it.Priority
	}
	l, _ := it.Label(org.PriorityLabels)
	return l
}
