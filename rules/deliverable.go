package rules

import (
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/ownerd/ownerd/model"
)

// TextKind tells where a text was written.
type TextKind int8

// The places people write.
const (
	// CommentText is a comment on a ticket.
	CommentText TextKind = iota
	// MailText is a mail message.
	MailText
	// DescriptionText is a ticket's title and description, written by its
	// creator when it was created.
	DescriptionText
)

// Text is one thing a person wrote on an item, with what it says.
type Text struct {
	Item    *model.Item
	Kind    TextKind
	At      time.Time
	By      model.PersonID
	Body    string
	Message *model.Message // for MailText
	Reading Reading
}

// Texts lists what people wrote on items, in time order, without readings:
// every comment, every mail message, and every ticket's title and
// description.
func Texts(items []*model.Item) []Text {
	n := 0
	for _, it := range items {
		n += len(it.Comments) + len(it.Messages) + 1
	}
	out := make([]Text, 0, n)
	for _, it := range items {
		if it.IsTicket() {
			body := it.Title
			if it.Body != "" {
				body += "\n\n" + it.Body
			}
			out = append(out, Text{Item: it, Kind: DescriptionText, At: it.Created, By: it.Creator, Body: body})
		}
		for _, c := range it.Comments {
			out = append(out, Text{Item: it, Kind: CommentText, At: c.At, By: c.By, Body: c.Body})
		}
		for _, m := range it.Messages {
			out = append(out, Text{Item: it, Kind: MailText, At: m.At, By: m.From, Body: m.Body, Message: m})
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].At.Before(out[j].At) })
	return out
}

// Deliverable is a connected component of linked items with at least one
// client-facing item, with the facts the rules read computed once. Build it
// with NewDeliverable.
type Deliverable struct {
	// Key is the earliest-created client-facing item.
	Key model.ItemID
	// Items are sorted by ID.
	Items []*model.Item
	Org   *model.Org
	// Texts are in time order, each with its reading.
	Texts []Text
	// Done: at least one ticket, and every ticket done.
	Done bool
	// Owners are the persons assigned to open tickets, sorted.
	Owners []model.PersonID

	lastActivity     map[model.PersonID]time.Time
	lastTeamActivity time.Time
	ownerSince       map[model.PersonID]time.Time
	ownerRemoved     time.Time
	splitSince       time.Time
	becameDone       []time.Time
	handoffs         []handoff
	deliveries       map[*model.Item][]time.Time // mail to the client that promises nothing, by thread; see keptAt
	ids              []model.ItemID
	openTickets      []*model.Item
	commits          []commitment
}

// handoff is an open ticket's most recent assignment change when it replaced
// one owner by another.
type handoff struct {
	item     *model.Item
	at       time.Time
	by       model.PersonID
	from, to model.PersonID
}

// NewDeliverable computes a deliverable's facts. items must be the whole
// component; it is sorted by ID in place. texts (from Texts, with readings
// filled in) are kept as given.
func NewDeliverable(key model.ItemID, items []*model.Item, org *model.Org, texts []Text) *Deliverable {
	slices.SortFunc(items, func(a, b *model.Item) int { return strings.Compare(string(a.ID), string(b.ID)) })
	d := &Deliverable{Key: key, Items: items, Org: org, Texts: texts}
	d.ids = make([]model.ItemID, len(items))
	for i, it := range items {
		d.ids[i] = it.ID
		if it.IsTicket() && !it.Done {
			d.openTickets = append(d.openTickets, it)
		}
	}
	sort.SliceStable(d.openTickets, func(i, j int) bool { return d.openTickets[i].Created.Before(d.openTickets[j].Created) })
	d.activity()
	d.replay()
	d.commits = d.commitments()
	return d
}

// Item returns the deliverable's item with the given ID, or nil.
func (d *Deliverable) Item(id model.ItemID) *model.Item {
	i, ok := slices.BinarySearchFunc(d.Items, id, func(it *model.Item, id model.ItemID) int {
		switch {
		case it.ID < id:
			return -1
		case it.ID > id:
			return 1
		}
		return 0
	})
	if !ok {
		return nil
	}
	return d.Items[i]
}

// IDs lists the IDs of the deliverable's items, sorted. The slice is
// shared: do not modify it.
func (d *Deliverable) IDs() []model.ItemID { return d.ids }

// HasTicket reports whether any item is a Jira or GitHub item.
func (d *Deliverable) HasTicket() bool {
	for _, it := range d.Items {
		if it.IsTicket() {
			return true
		}
	}
	return false
}

// OpenTickets lists the tickets that are not done, oldest first. The slice
// is shared: do not modify it.
func (d *Deliverable) OpenTickets() []*model.Item { return d.openTickets }

// LastActivity is the person's latest activity on any item of the
// deliverable, or zero.
func (d *Deliverable) LastActivity(p model.PersonID) time.Time { return d.lastActivity[p] }

// LastTeamActivity is the latest activity of any team member, or zero.
func (d *Deliverable) LastTeamActivity() time.Time { return d.lastTeamActivity }

// OwnerSince is when p last became an owner (and has stayed one), or zero
// when p is not an owner.
func (d *Deliverable) OwnerSince(p model.PersonID) time.Time { return d.ownerSince[p] }

// BecameDoneBetween reports the first moment in (from, to] at which the
// deliverable became done.
func (d *Deliverable) BecameDoneBetween(from, to time.Time) (time.Time, bool) {
	for _, t := range d.becameDone {
		if t.After(from) && !t.After(to) {
			return t, true
		}
	}
	return time.Time{}, false
}

// keyTicket is the target of rules aimed at "the deliverable's
// key if it is a ticket, else its oldest open ticket, else the key".
func (d *Deliverable) keyTicket() model.ItemID {
	if it := d.Item(d.Key); it != nil && it.IsTicket() {
		return d.Key
	}
	if open := d.OpenTickets(); len(open) > 0 {
		return open[0].ID
	}
	return d.Key
}

// activity indexes who last did anything: creating an item, a change, a
// comment, a mail message.
func (d *Deliverable) activity() {
	last := make(map[model.PersonID]time.Time, 8)
	note := func(p model.PersonID, at time.Time) {
		if p != "" && at.After(last[p]) {
			last[p] = at
		}
	}
	for _, it := range d.Items {
		note(it.Creator, it.Created)
		for i := range it.Changes {
			note(it.Changes[i].By, it.Changes[i].At)
		}
		for i := range it.Comments {
			note(it.Comments[i].By, it.Comments[i].At)
		}
		for _, m := range it.Messages {
			note(m.From, m.At)
		}
	}
	for p, at := range last {
		if at.After(d.lastTeamActivity) && d.Org.IsTeam(p) {
			d.lastTeamActivity = at
		}
	}
	d.lastActivity = last
}

// event is one moment in the life of a ticket that can change the
// deliverable's owners or done state.
type event struct {
	at        time.Time
	ticket    int
	created   bool
	assign    bool             // the event sets the assignees
	assignees []model.PersonID // after the event
	setDone   model.DoneChange
}

// assignment is one assignment change of a ticket: adjacent changelog
// entries with the same time and actor are one change (GitHub records a
// reassignment as an unassigned and an assigned event).
type assignment struct {
	at            time.Time
	by            model.PersonID
	before, after []model.PersonID
}

// assignments rebuilds a ticket's assignee sets, walking back from the
// current assignees: the current state is what the source vouches for, and
// a history may begin after the ticket was created with assignees.
func assignments(it *model.Item) (initial []model.PersonID, changes []assignment) {
	cur := slices.Clone(it.Assignees)
	for i := len(it.Changes) - 1; i >= 0; {
		c := &it.Changes[i]
		if c.Field != "assignee" {
			i--
			continue
		}
		a := assignment{at: c.At, by: c.By, after: slices.Clone(cur)}
		for ; i >= 0; i-- {
			c := &it.Changes[i]
			if c.Field != "assignee" {
				continue
			}
			if !c.At.Equal(a.at) || c.By != a.by {
				break
			}
			cur = without(cur, c.Assigned)
			for _, p := range c.Unassigned {
				if !slices.Contains(cur, p) {
					cur = append(cur, p)
				}
			}
		}
		a.before = slices.Clone(cur)
		changes = append(changes, a)
	}
	slices.Reverse(changes)
	return cur, changes
}

func without(set, drop []model.PersonID) []model.PersonID {
	out := set[:0:0]
	for _, p := range set {
		if !slices.Contains(drop, p) {
			out = append(out, p)
		}
	}
	return out
}

// replay walks the tickets' histories in time order to learn since when
// each owner has owned the deliverable, when an owner was last removed,
// since when it has had two or more owners, and when it became done.
func (d *Deliverable) replay() {
	var events []event
	type state struct {
		exists, done bool
		assignees    []model.PersonID
	}
	var tickets []*model.Item
	for _, it := range d.Items {
		if !it.IsTicket() {
			continue
		}
		ti := len(tickets)
		tickets = append(tickets, it)
		initial, changes := assignments(it)
		done := it.Done
		for i := len(it.Changes) - 1; i >= 0; i-- {
			switch it.Changes[i].Done {
			case model.BecameDone:
				done = false
			case model.BecameOpen:
				done = true
			}
		}
		ev := event{at: it.Created, ticket: ti, created: true, assign: true, assignees: initial, setDone: model.BecameOpen}
		if done {
			ev.setDone = model.BecameDone
		}
		events = append(events, ev)
		for _, a := range changes {
			events = append(events, event{at: a.at, ticket: ti, assign: true, assignees: a.after})
		}
		for _, c := range it.Changes {
			if c.Done != model.DoneUnchanged {
				events = append(events, event{at: c.At, ticket: ti, setDone: c.Done})
			}
		}
		if !it.Done && len(changes) > 0 {
			last := changes[len(changes)-1]
			for _, to := range last.after {
				if len(last.before) == 0 || slices.Contains(last.before, to) || last.by == to {
					continue
				}
				for _, from := range last.before {
					if !slices.Contains(last.after, from) {
						d.handoffs = append(d.handoffs, handoff{item: it, at: last.at, by: last.by, from: from, to: to})
						break
					}
				}
			}
		}
	}
	// The ticket's current state is what its source vouches for; a history
	// can disagree with it (a close event with no reopen on an open issue,
	// an assignment stamped before the creation). So each ticket ends with
	// an event that sets its current assignees and done state, at the time
	// of its last recorded event: a no-op when history and state agree.
	for ti, it := range tickets {
		last := it.Created
		for i := range it.Changes {
			if it.Changes[i].At.After(last) {
				last = it.Changes[i].At
			}
		}
		sync := event{at: last, ticket: ti, assign: true, assignees: it.Assignees, setDone: model.BecameOpen}
		if it.Done {
			sync.setDone = model.BecameDone
		}
		events = append(events, sync)
	}
	sort.SliceStable(events, func(i, j int) bool { return events[i].at.Before(events[j].at) })

	states := make([]state, len(tickets))
	count := map[model.PersonID]int{}
	since := map[model.PersonID]time.Time{}
	existing, open := 0, 0
	wasDone := false
	contribute := func(s *state, sign int) {
		if s.exists && !s.done {
			for _, p := range s.assignees {
				count[p] += sign
			}
		}
	}
	// Events at one instant are applied together before any transition is
	// judged: a ticket closed in the same second as its follow-up opens
	// with the same assignee neither makes the deliverable done for a
	// moment nor restarts that assignee's ownership.
	var touched []model.PersonID
	for g := 0; g < len(events); {
		at := events[g].at
		touched = touched[:0]
		ownersBefore := len(since)
		for ; g < len(events) && events[g].at.Equal(at); g++ {
			e := &events[g]
			s := &states[e.ticket]
			touched = append(touched, s.assignees...)
			touched = append(touched, e.assignees...)
			wasOpen := s.exists && !s.done
			contribute(s, -1)
			if e.created && !s.exists {
				s.exists = true
				existing++
			}
			if e.assign {
				s.assignees = e.assignees
			}
			switch e.setDone {
			case model.BecameDone:
				s.done = true
			case model.BecameOpen:
				s.done = false
			}
			contribute(s, +1)
			// A ticket counts as open only once it exists: a close stamped
			// before the creation changes nothing yet.
			if isOpen := s.exists && !s.done; isOpen != wasOpen {
				if isOpen {
					open++
				} else {
					open--
				}
			}
		}
		for _, p := range touched {
			_, was := since[p]
			is := count[p] > 0
			switch {
			case is && !was:
				since[p] = at
			case was && !is:
				delete(since, p)
				d.ownerRemoved = at
			}
		}
		switch n := len(since); {
		case n >= 2 && ownersBefore < 2:
			d.splitSince = at
		case n < 2:
			d.splitSince = time.Time{}
		}
		isDone := existing > 0 && open == 0
		if isDone && !wasDone {
			d.becameDone = append(d.becameDone, at)
		}
		wasDone = isDone
	}
	d.ownerSince = since
	d.Done = wasDone
	d.Owners = make([]model.PersonID, 0, len(since))
	for p := range since {
		d.Owners = append(d.Owners, p)
	}
	slices.Sort(d.Owners)
}
