package daemon

import (
	"context"
	"sort"
	"strings"
	"time"

	"github.com/ownerd/ownerd/model"
	"github.com/ownerd/ownerd/reconcile/notify"
	"github.com/ownerd/ownerd/reconcile/store"
	"github.com/ownerd/ownerd/rules"
)

// retryAfter is how soon a write that failed, and may succeed, is tried
// again.
const retryAfter = 30 * time.Second

// dispatch writes on every ticket whose comment is due, and returns when
// the next write falls due. A write is recorded only after it succeeded;
// if ownerd dies in between, the next write finds the comment again by
// its marker and edits it, so nothing is posted twice.
func (d *Daemon) dispatch(ctx context.Context, live Live, open, resolved []store.Gap, byKey map[model.ItemID]*rules.Deliverable, from map[model.ItemID]string, now time.Time) (time.Time, error) {
	notes, err := d.o.Store.Notes(ctx)
	if err != nil {
		return time.Time{}, err
	}
	d.mu.Lock()
	for t, n := range d.held {
		notes[t] = n
	}
	if live.DryRun {
		for t, n := range d.dry {
			notes[t] = n
		}
	}
	d.mu.Unlock()
	byTicket := map[model.ItemID][]store.Gap{}
	openOn := map[string]store.Gap{} // every open gap, by key
	for _, g := range open {
		openOn[g.Key] = g
		if g.Ticket != "" {
			byTicket[g.Ticket] = append(byTicket[g.Ticket], g)
		}
	}
	closed := map[model.ItemID]*closing{}
	for _, g := range resolved {
		if g.Ticket == "" {
			continue
		}
		c := closed[g.Ticket]
		if c == nil {
			c = &closing{}
			closed[g.Ticket] = c
		}
		c.rules = append(c.rules, g.Rule)
		c.at = later(c.at, g.ResolvedAt)
	}
	tickets := make([]model.ItemID, 0, len(byTicket))
	for t := range byTicket {
		tickets = append(tickets, t)
	}
	for t, n := range notes {
		if _, ok := byTicket[t]; !ok && !n.Resolved {
			tickets = append(tickets, t)
		}
	}
	sort.Slice(tickets, func(i, j int) bool { return tickets[i] < tickets[j] })
	ofItem := map[model.ItemID]*rules.Deliverable{}
	for _, dl := range byKey {
		for _, id := range dl.IDs() {
			ofItem[id] = dl
		}
	}
	var wake time.Time
	soon := func(t time.Time) {
		if !t.IsZero() && (wake.IsZero() || t.Before(wake)) {
			wake = t
		}
	}
	sources := map[string]Source{}
	for _, s := range d.o.Sources {
		sources[s.Name] = s
	}
	for _, t := range tickets {
		if ctx.Err() != nil {
			break // shutting down: no new writes
		}
		src, ok := sources[from[t]]
		if !ok || src.Notifier == nil {
			continue
		}
		d.mu.Lock()
		hold, synced := d.holdOff[t], d.synced[src.Name]
		d.mu.Unlock()
		if !synced {
			continue // nothing is written on what this process has not read
		}
		if now.Before(hold) {
			soon(hold)
			continue
		}
		gaps := byTicket[t]
		note, had := notes[t]
		action, when := notify.Decide(note, had, gaps, now, live.Policy)
		soon(when)
		if action == notify.Nothing {
			continue
		}
		c := closed[t]
		if c == nil {
			c = &closing{}
		}
		if action == notify.Resolve {
			// A gap no longer on this ticket may be open on another
			// (its target moved): that one is not called clear here.
			for _, k := range note.Gaps {
				if g, ok := openOn[k]; ok && g.Ticket != t {
					if c.moved == nil {
						c.moved = map[string]model.ItemID{}
					}
					c.moved[g.Rule] = g.Ticket
				}
			}
		}
		soon(d.write(ctx, live, src, t, action, note, had, gaps, c, ofItem[t], now))
	}
	return wake, nil
}

// closing is what became of the gaps a ticket's comment covered.
type closing struct {
	rules []string                // the rules whose gaps resolved
	at    time.Time               // when the last of them resolved
	moved map[string]model.ItemID // rule → the ticket it is written on now
}

// drainAfterSignal bounds how long a write in flight may go on once ownerd
// is asked to stop, so that the process ends within 10 s.
const drainAfterSignal = 8 * time.Second

// ownSlack is how far apart ownerd's clock and a system's may be: a change
// stamped within it of ownerd's own last write is taken for that write.
const ownSlack = 30 * time.Second

// changedSince reads the ticket's last change again, if its notifier
// can, and reports whether someone changed it after its source's last
// sync began (and after ownerd's own last write on it): the evaluation
// may be out of date, and the write waits for the next sync. A failure
// to read it again does not hold the write back.
func (d *Daemon) changedSince(ctx context.Context, src Source, t model.ItemID, note store.Note) bool {
	rr, ok := src.Notifier.(notify.Rereader)
	if !ok {
		return false
	}
	up, err := rr.Updated(ctx, t)
	if err != nil {
		d.logger.Debug("could not read the ticket again before writing; writing anyway", "ticket", t, "err", err)
		return false
	}
	d.mu.Lock()
	read := d.syncedFrom[src.Name]
	d.mu.Unlock()
	if own := later(note.Changed, note.Reminded).Add(ownSlack); own.After(read) {
		read = own
	}
	return !read.IsZero() && up.After(read)
}

func later(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

// write carries out one action on one ticket and records it once it
// succeeded. It returns when to try again after a failure worth retrying.
func (d *Daemon) write(ctx context.Context, live Live, src Source, t model.ItemID, action notify.Action, note store.Note, had bool, gaps []store.Gap, c *closing, dl *rules.Deliverable, now time.Time) time.Time {
	// A write in flight is let finish when ownerd is stopped, within
	// PostTimeout and drainAfterSignal: cut off, it might leave a comment
	// without its marker.
	pctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), d.o.PostTimeout)
	defer cancel()
	stop := context.AfterFunc(ctx, func() { time.AfterFunc(drainAfterSignal, cancel) })
	defer stop()
	w := notify.NewWriter(pctx, live.Org, src.Notifier)
	ticket := notify.Ticket{ID: t, Deliverable: dl, Gaps: gaps}
	var body, reply string
	if action == notify.Resolve {
		at := c.at
		if at.IsZero() {
			at = now
		}
		body = w.Resolved(ticket, c.rules, c.moved, at)
	} else {
		body = w.Body(ticket, now)
	}
	if action == notify.Remind {
		reply = w.Reminder(ticket, now)
	}
	deliverable := t
	if dl != nil {
		deliverable = dl.Key
	} else if len(gaps) > 0 {
		deliverable = gaps[0].Deliverable
	}
	channel := strings.SplitN(string(t), ":", 2)[0]
	next := store.Note{Ticket: t, CommentID: note.CommentID, Gaps: notify.Keys(gaps), Digest: notify.Digest(gaps), Body: body,
		Posted: note.Posted, Changed: note.Changed, Reminded: note.Reminded, Resolved: action == notify.Resolve}
	if !had || next.Posted.IsZero() {
		next.Posted = now
	}
	if action != notify.Remind {
		next.Changed = now
	}
	if d.changedSince(pctx, src, t, note) {
		d.o.Metrics.notifications.WithLabelValues(channel, "deferred").Inc()
		d.logger.Info("the ticket changed since it was read; writing after the next sync", "ticket", t, "action", action.String())
		d.resync(src.Name)
		return time.Time{}
	}
	if live.DryRun {
		d.logger.Info("dry run: would write", "ticket", t, "action", action.String(), "body", body, "reply", reply)
		if action == notify.Remind {
			next.Reminded = now
		}
		d.mu.Lock()
		d.dry[t] = next
		d.posted = append(d.posted, Posted{Ticket: t, Action: action, Body: body, DryRun: true})
		d.mu.Unlock()
		return time.Time{}
	}
	id, retry, err := src.Notifier.Post(pctx, t, deliverable, body)
	if err != nil {
		d.o.Metrics.notifications.WithLabelValues(channel, "failed").Inc()
		if !retry {
			d.mu.Lock()
			d.holdOff[t] = now.Add(live.Policy.RepeatEvery)
			d.mu.Unlock()
			d.logger.Error("could not write on the ticket; not trying again before repeat_every", "ticket", t, "action", action.String(), "err", err)
			return time.Time{}
		}
		d.logger.Warn("could not write on the ticket; trying again soon", "ticket", t, "action", action.String(), "err", err)
		return now.Add(retryAfter)
	}
	next.CommentID = id
	if reply != "" {
		// A reply carries no marker, so one that may have gone out is
		// never sent again: it counts as sent, whatever the error.
		next.Reminded = now
		if _, err := src.Notifier.Reply(pctx, t, reply); err != nil {
			d.o.Metrics.notifications.WithLabelValues(channel, "failed").Inc()
			d.logger.Warn("the comment was edited but its reminder reply failed; the next is due after repeat_every", "ticket", t, "err", err)
		}
	}
	// Recorded even when ownerd is stopping: the write is done.
	if err := d.o.Store.SaveNote(context.WithoutCancel(ctx), next); err != nil {
		// Held in memory, so that it is not written again every
		// reconcile; after a restart the comment is found by its marker.
		d.logger.Error("wrote on the ticket but could not record it", "ticket", t, "err", err)
		d.mu.Lock()
		d.held[t] = next
		d.mu.Unlock()
	} else {
		d.mu.Lock()
		delete(d.held, t)
		d.mu.Unlock()
	}
	d.o.Metrics.notifications.WithLabelValues(channel, "success").Inc()
	d.logger.Info("wrote on the ticket", "ticket", t, "action", action.String(), "comment", id)
	d.mu.Lock()
	d.posted = append(d.posted, Posted{Ticket: t, Action: action, Body: body})
	d.mu.Unlock()
	return time.Time{}
}
