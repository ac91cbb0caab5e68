package rules

import (
	"fmt"
	"time"

	"github.com/ownerd/ownerd/model"
)

// UntrackedRequest reports a client request in mail that no ticket tracks
// and nobody answered.
var UntrackedRequest = &Rule{
	Name:  "untracked-request",
	Habit: OwnTheResult,
	Doc:   "A mail thread linked to no ticket whose latest client message is a request that no team member has answered.",
	Params: []Param{
		{Name: "reply_within", Kind: Duration, Default: int64(4 * time.Hour), Doc: "how long a client request may wait for a reply"},
	},
	Eval: untrackedRequest,
}

// Threads link only to tickets, so a thread that links to no ticket is a
// deliverable with no tickets.
func untrackedRequest(d *Deliverable, p Params, now time.Time) *Finding {
	if d.HasTicket() {
		return nil
	}
	for _, it := range d.Items {
		if it.System != model.Mail {
			continue
		}
		// ask ends as the latest client message with no team message after
		// it, if there is one.
		var ask *Text
		for i := range d.Texts {
			t := &d.Texts[i]
			if t.Item != it || t.Kind != MailText {
				continue
			}
			switch {
			case d.Org.IsClient(t.By):
				ask = t
			case ask != nil && d.Org.IsTeam(t.By):
				ask = nil
			}
		}
		if ask == nil || !ask.Reading.Request {
			continue
		}
		if now.Sub(ask.At) < p.Duration("reply_within") {
			continue
		}
		return &Finding{
			Target:   it.ID,
			Since:    ask.At,
			Summary:  fmt.Sprintf("%s asked in %s %s ago; no ticket tracks it and nobody has answered.", d.Who(ask.By), Short(it), Age(now.Sub(ask.At))),
			Evidence: []Evidence{{Item: it.ID, At: ask.At, By: ask.By, Text: quote(evidenceText(ask))}},
		}
	}
	return nil
}

// evidenceText is the part of a text that decided its labels, or its start.
func evidenceText(t *Text) string {
	if len(t.Reading.Spans) > 0 {
		return t.Reading.Spans[0].Text
	}
	return t.Body
}
