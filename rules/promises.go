package rules

import (
	"slices"
	"time"

	"github.com/ownerd/ownerd/model"
)

// commitment is a team member's commitment on the deliverable, with what
// became of it. Whether it is broken also depends on the moment of
// evaluation, so that is left to the rules.
type commitment struct {
	text *Text
	due  time.Time // zero: no time, never broken
	// kept: after it and before its due time, the deliverable became done,
	// or (mail) a team member sent the client a later message in the thread
	// that is not itself a commitment: a delivery.
	kept   bool
	keptAt time.Time
	// supersededBy is the later commitment that replaced this one before it
	// was kept; it makes this one a slip, never a broken promise.
	supersededBy *Text
}

// commitments lists the team's commitments on the deliverable in time
// order: those made in a mail to a client and those made in a comment on one
// of its tickets.
func (d *Deliverable) commitments() []commitment {
	var cs []commitment
	for i := range d.Texts {
		t := &d.Texts[i]
		if !t.Reading.Commitment || !d.Org.IsTeam(t.By) {
			continue
		}
		switch {
		case t.Kind == CommentText:
		case t.Kind == MailText && d.Org.SentToClient(t.Message):
		default:
			continue
		}
		cs = append(cs, commitment{text: t, due: t.Reading.Due})
	}
	for i := range cs {
		c := &cs[i]
		c.keptAt, c.kept = d.keptAt(c)
		for j := i + 1; j < len(cs); j++ {
			later := cs[j].text
			if !later.At.After(c.text.At) {
				continue
			}
			if c.kept && !later.At.Before(c.keptAt) {
				break
			}
			c.supersededBy = later
			break
		}
	}
	return cs
}

// keptAt returns when the commitment was kept, if it was.
func (d *Deliverable) keptAt(c *commitment) (time.Time, bool) {
	until := c.due
	if until.IsZero() {
		until = time.Unix(1<<62, 0) // no due time: any later delivery keeps it
	}
	kept, ok := d.BecameDoneBetween(c.text.At, until)
	if c.text.Kind != MailText {
		return kept, ok
	}
	// The first delivery in the thread after the promise: a message from
	// the team to the client that promises nothing more. The deliveries
	// of each thread are listed once, in time order, so that a thread of
	// many promises is not read once per promise.
	if d.deliveries == nil {
		d.deliveries = map[*model.Item][]time.Time{}
		for i := range d.Texts {
			t := &d.Texts[i]
			if t.Kind == MailText && d.Org.IsTeam(t.By) && !t.Reading.Commitment && d.Org.SentToClient(t.Message) {
				d.deliveries[t.Item] = append(d.deliveries[t.Item], t.At)
			}
		}
	}
	times := d.deliveries[c.text.Item]
	i, _ := slices.BinarySearchFunc(times, c.text.At, func(t, at time.Time) int {
		if t.After(at) {
			return 1
		}
		return -1
	})
	if i < len(times) && !times[i].After(until) && !(ok && !times[i].Before(kept)) {
		return times[i], true
	}
	return kept, ok
}

// promiseTarget is the target of broken-promise and slipped-deadline: the
// open ticket whose due date passed (the earliest), else the key.
func (d *Deliverable) promiseTarget(now time.Time) model.ItemID {
	var target *model.Item
	for _, it := range d.OpenTickets() {
		if !it.Due.IsZero() && now.After(it.Due) && (target == nil || it.Due.Before(target.Due)) {
			target = it
		}
	}
	if target != nil {
		return target.ID
	}
	return d.Key
}
