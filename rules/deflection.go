package rules

import (
	"fmt"
	"time"
)

// Deflection reports a client sent away without a way forward.
var Deflection = &Rule{
	Name:  "deflection",
	Habit: NoInvisible,
	Doc:   "A team member's message to a client that pushes responsibility away and commits to nothing.",
	Params: []Param{
		{Name: "expire_after", Kind: Duration, Default: int64(7 * 24 * time.Hour), Doc: "how long a deflection stays a gap"},
	},
	Eval: deflection,
}

// A deflection stays open until it expires, a team member writes a
// commitment later in the same thread or item, or the deliverable is done.
// The oldest open one is reported.
func deflection(d *Deliverable, p Params, now time.Time) *Finding {
	if d.Done {
		return nil
	}
	expire := p.Duration("expire_after")
	for i := range d.Texts {
		t := &d.Texts[i]
		if !t.Reading.Deflection || t.Reading.Commitment || !d.Org.IsTeam(t.By) {
			continue
		}
		switch {
		case t.Kind == MailText && d.Org.SentToClient(t.Message):
		case t.Kind == CommentText && d.Org.IsClientVisible(t.Item.Source):
		default:
			continue
		}
		if t.At.After(now) || now.Sub(t.At) >= expire || d.committedAfter(t) {
			continue
		}
		return &Finding{
			Target:   t.Item.ID,
			Since:    t.At,
			Summary:  fmt.Sprintf("%s told the client %q on %s %s ago, with no way forward.", d.Who(t.By), quote(evidenceText(t)), Short(t.Item), Age(now.Sub(t.At))),
			Evidence: []Evidence{{Item: t.Item.ID, At: t.At, By: t.By, Text: quote(evidenceText(t))}},
		}
	}
	return nil
}

// committedAfter reports whether a team member wrote a commitment later in
// the same thread or item.
func (d *Deliverable) committedAfter(t *Text) bool {
	for i := range d.Texts {
		u := &d.Texts[i]
		if u.Item == t.Item && u.Kind != DescriptionText && u.At.After(t.At) && u.Reading.Commitment && d.Org.IsTeam(u.By) {
			return true
		}
	}
	return false
}
