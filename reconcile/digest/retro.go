package digest

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/ownerd/ownerd/model"
	"github.com/ownerd/ownerd/reconcile/store"
	"github.com/ownerd/ownerd/rules"
)

// RetroInput is what a team's weekly retrospective is made of.
type RetroInput struct {
	Org  *model.Org
	Team string
	// Gaps are every gap, open or resolved, the ledger holds for the
	// last twelve weeks or more: the week's misses are taken from them,
	// and the trend counted.
	Gaps         []store.Gap
	Deliverables map[model.ItemID]*rules.Deliverable
	Links        Links
	// From and To bound the week looked back on.
	From, To time.Time
	// Threshold is how long a gap stays open before it counts as a miss
	// [3 days]; a broken promise or a slipped date always does.
	Threshold time.Duration
}

// Retro is one team's retrospective of a week.
type Retro struct {
	Team     string
	Lead     *model.Person
	From, To time.Time
	Location *time.Location
	Misses   []Miss
	Trend    []Week
}

// Miss is one deliverable that missed in the week: its gaps, what
// happened on it, and the debrief's questions answered from that.
type Miss struct {
	Deliverable string
	Gaps        []string // the rules that found it, with how long each was open
	Links       []Link
	Timeline    []Event
	Debrief     []Answer
}

// Event is one moment of a miss's story.
type Event struct {
	At   time.Time
	What string
}

// Answer is one debrief question answered from the data.
type Answer struct {
	Question, Answer string
}

// Week counts the gaps that opened and resolved in one week.
type Week struct {
	Start            time.Time
	Opened, Resolved int
}

// The debrief's questions.
const (
	QOwner     = "Did we have an owner?"
	QAssumed   = "Did that person assume others were covering the gaps?"
	QSteppedIn = "Did the rest of us step in when the signs of a miss appeared?"
)

// BuildRetro makes a team's retrospective.
func BuildRetro(in RetroInput) Retro {
	loc := in.Org.Location
	if loc == nil {
		loc = time.UTC
	}
	if in.Threshold <= 0 {
		in.Threshold = 72 * time.Hour
	}
	r := Retro{Team: in.Team, From: in.From, To: in.To, Location: loc}
	for _, t := range in.Org.Teams {
		if t.Name == in.Team {
			r.Lead = in.Org.Person(t.Lead)
		}
	}
	byDeliverable := map[model.ItemID][]store.Gap{}
	var order []model.ItemID
	for _, g := range sortedOldestFirst(in.Gaps) {
		if g.Team != in.Team || !isMiss(g, in) {
			continue
		}
		if _, ok := byDeliverable[g.Deliverable]; !ok {
			order = append(order, g.Deliverable)
		}
		byDeliverable[g.Deliverable] = append(byDeliverable[g.Deliverable], g)
	}
	for _, key := range order {
		r.Misses = append(r.Misses, miss(in, byDeliverable[key], loc))
	}
	r.Trend = trend(in)
	return r
}

// isMiss: a gap that became a miss within the week — a promise that
// broke or a date that slipped then, or a gap that reached the threshold
// then, still open. One that became a miss before was the week before's.
func isMiss(g store.Gap, in RetroInput) bool {
	start := g.Finding.Since
	if start.IsZero() || g.FirstSeen.Before(start) {
		start = g.FirstSeen
	}
	crossed := start.Add(in.Threshold)
	if g.Rule == "broken-promise" || g.Rule == "slipped-deadline" {
		crossed = start
	}
	if !g.ResolvedAt.IsZero() && !g.ResolvedAt.After(crossed) {
		return false // resolved before it became a miss
	}
	return crossed.After(in.From) && !crossed.After(in.To)
}

func miss(in RetroInput, gaps []store.Gap, loc *time.Location) Miss {
	dl := in.Deliverables[gaps[0].Deliverable]
	m := Miss{Deliverable: name(dl, gaps[0].Deliverable, loc, true)}
	first := gaps[0].Finding.Since
	for _, g := range gaps {
		state := "still open"
		if !g.ResolvedAt.IsZero() && !g.ResolvedAt.After(in.To) {
			state = "resolved after " + rules.Age(g.ResolvedAt.Sub(g.Finding.Since))
		} else {
			state += " after " + rules.Age(in.To.Sub(g.Finding.Since))
		}
		m.Gaps = append(m.Gaps, g.Rule+" ("+state+")")
		if g.Finding.Since.Before(first) {
			first = g.Finding.Since
		}
	}
	for _, id := range gaps[0].Finding.Items {
		l := Link{Name: name(itemOf(dl, id), id, loc, false)}
		if in.Links != nil {
			l.URL = in.Links(id)
		}
		m.Links = append(m.Links, l)
	}
	m.Timeline = timeline(in, dl, gaps, loc)
	m.Debrief = debrief(in, dl, gaps, first)
	return m
}

// maxEvents bounds a timeline: the latest are kept.
const maxEvents = 30

// timeline tells a deliverable's story across its items, oldest first:
// who owned it when and hand-offs, promises made and moved, the client's
// messages, and when ownerd found each gap.
func timeline(in RetroInput, dl *rules.Deliverable, gaps []store.Gap, loc *time.Location) []Event {
	var out []Event
	add := func(at time.Time, format string, args ...any) {
		out = append(out, Event{At: at, What: fmt.Sprintf(format, args...)})
	}
	who := func(p model.PersonID) string { return display(in.Org, p) }
	if dl != nil {
		for _, it := range dl.Items {
			item := name(&rules.Deliverable{Key: it.ID, Items: []*model.Item{it}}, it.ID, loc, false)
			if it.IsTicket() {
				add(it.Created, "%s opened %s", who(it.Creator), item)
			}
			for _, c := range it.Changes {
				switch c.Field {
				case "assignee":
					switch {
					case len(c.Assigned) > 0 && slices.Equal(c.Unassigned, []model.PersonID{c.By}):
						add(c.At, "%s handed %s to %s", who(c.By), item, names(in.Org, c.Assigned))
					case len(c.Assigned) > 0 && len(c.Unassigned) > 0:
						add(c.At, "%s handed %s from %s to %s", who(c.By), item, names(in.Org, c.Unassigned), names(in.Org, c.Assigned))
					case len(c.Assigned) > 0:
						add(c.At, "%s assigned %s to %s", who(c.By), item, names(in.Org, c.Assigned))
					case len(c.Unassigned) > 0:
						add(c.At, "%s took %s off %s", who(c.By), names(in.Org, c.Unassigned), item)
					}
				case "duedate":
					add(c.At, "%s moved %s's due date from %s to %s", who(c.By), item, orNone(c.From), orNone(c.To))
				}
				if c.Done == model.BecameDone {
					add(c.At, "%s closed %s", who(c.By), item)
				} else if c.Done == model.BecameOpen {
					add(c.At, "%s reopened %s", who(c.By), item)
				}
			}
		}
		for _, t := range dl.Texts {
			if t.Kind == rules.DescriptionText {
				continue
			}
			switch {
			case t.Reading.Commitment && !t.Reading.Due.IsZero():
				add(t.At, "%s promised %q (due %s)", who(t.By), oneLine(t.Body, 100), t.Reading.Due.In(loc).Format("Mon Jan 2 15:04"))
			case t.Reading.Deflection:
				add(t.At, "%s told the client %q", who(t.By), oneLine(t.Body, 100))
			case in.Org.IsClient(t.By):
				add(t.At, "%s (client) wrote %q", who(t.By), oneLine(t.Body, 100))
			}
		}
	}
	for _, g := range gaps {
		add(g.FirstSeen, "ownerd found %s: %s", g.Rule, g.Finding.Summary)
		if !g.ResolvedAt.IsZero() && !g.ResolvedAt.After(in.To) {
			add(g.ResolvedAt, "%s resolved", g.Rule)
		}
	}
	slices.SortStableFunc(out, func(a, b Event) int { return a.At.Compare(b.At) })
	if len(out) > maxEvents {
		out = out[len(out)-maxEvents:]
	}
	return out
}

func names(org *model.Org, ps []model.PersonID) string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = display(org, p)
	}
	return strings.Join(out, ", ")
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}

// debrief answers the three questions from the deliverable's facts.
func debrief(in RetroInput, dl *rules.Deliverable, gaps []store.Gap, signs time.Time) []Answer {
	// The owners when the first sign appeared, not now: the retrospective
	// asks about the miss.
	owner := Answer{Question: QOwner}
	owners := ownersAt(dl, signs)
	split := slices.ContainsFunc(gaps, func(g store.Gap) bool { return g.Rule == "split-owner" })
	when := signs.In(in.Org.Location).Format("Mon Jan 2 15:04")
	switch {
	case dl == nil:
		// The deliverable is no longer read: the gaps' own owners.
		owners = gaps[0].Finding.Owners
		if len(owners) == 0 {
			owner.Answer = "Not known: its items are no longer read, and the gap named no owner."
		} else {
			owner.Answer = fmt.Sprintf("%s, as the gap last named (its items are no longer read).", names(in.Org, owners))
		}
	case len(owners) == 0:
		owner.Answer = fmt.Sprintf("No: nobody owned it when the first sign appeared (%s).", when)
	case split || len(owners) > 1:
		owner.Answer = fmt.Sprintf("Not one: %s shared it when the first sign appeared (%s), and none owned the whole.", names(in.Org, owners), when)
	default:
		owner.Answer = fmt.Sprintf("Yes: %s owned it when the first sign appeared (%s).", display(in.Org, owners[0]), when)
	}
	assumed := Answer{Question: QAssumed, Answer: "No hand-off went unanswered."}
	for _, g := range gaps {
		if g.Rule == "silent-handoff" {
			assumed.Answer = "Yes: " + g.Finding.Summary
		}
	}
	stepped := Answer{Question: QSteppedIn}
	counts := map[model.PersonID]int{}
	if dl != nil {
		for _, t := range dl.Texts {
			// A promise or a deflection is part of the miss, not a step
			// toward the deliverable.
			if t.At.After(signs) && !t.At.After(in.To) && in.Org.IsTeam(t.By) && !slices.Contains(owners, t.By) && t.Kind != rules.DescriptionText &&
				!t.Reading.Commitment && !t.Reading.Deflection {
				counts[t.By]++
			}
		}
		for _, it := range dl.Items {
			for _, c := range it.Changes {
				if c.At.After(signs) && !c.At.After(in.To) && in.Org.IsTeam(c.By) && !slices.Contains(owners, c.By) {
					counts[c.By]++
				}
			}
		}
	}
	if len(counts) == 0 {
		stepped.Answer = fmt.Sprintf("No: nobody besides the owner acted on it after the first sign, %s.", signs.In(in.Org.Location).Format("Mon Jan 2 15:04"))
	} else {
		people := make([]model.PersonID, 0, len(counts))
		for p := range counts {
			people = append(people, p)
		}
		slices.Sort(people)
		var parts []string
		for _, p := range people {
			parts = append(parts, fmt.Sprintf("%s (%s)", display(in.Org, p), plural(counts[p], "action", "actions")))
		}
		stepped.Answer = fmt.Sprintf("Yes, after the first sign (%s): %s.", signs.In(in.Org.Location).Format("Mon Jan 2 15:04"), strings.Join(parts, ", "))
	}
	return []Answer{owner, assumed, stepped}
}

// ownersAt is who was assigned to the deliverable's open tickets at t:
// each ticket's assignees now, with the assignment changes after t undone.
func ownersAt(dl *rules.Deliverable, t time.Time) []model.PersonID {
	if dl == nil {
		return nil
	}
	var out []model.PersonID
	for _, it := range dl.Items {
		if !it.IsTicket() || it.Created.After(t) || doneAt(it, t) {
			continue
		}
		as := slices.Clone(it.Assignees)
		for i := len(it.Changes) - 1; i >= 0; i-- {
			c := it.Changes[i]
			if !c.At.After(t) || c.Field != "assignee" {
				continue
			}
			as = slices.DeleteFunc(as, func(p model.PersonID) bool { return slices.Contains(c.Assigned, p) })
			for _, p := range c.Unassigned {
				if !slices.Contains(as, p) {
					as = append(as, p)
				}
			}
		}
		for _, p := range as {
			if !slices.Contains(out, p) {
				out = append(out, p)
			}
		}
	}
	slices.Sort(out)
	return out
}

// doneAt is whether a ticket was done at t: its state now, with the
// closes and reopens after t undone.
func doneAt(it *model.Item, t time.Time) bool {
	done := it.Done
	for i := len(it.Changes) - 1; i >= 0; i-- {
		c := it.Changes[i]
		if !c.At.After(t) {
			break
		}
		switch c.Done {
		case model.BecameDone:
			done = false
		case model.BecameOpen:
			done = true
		}
	}
	return done
}

// trendWeeks is how many weeks the trend shows.
const trendWeeks = 12

// trend counts the team's gaps opened and resolved in each of the twelve
// weeks that end at To.
func trend(in RetroInput) []Week {
	weeks := make([]Week, trendWeeks)
	for i := range weeks {
		weeks[i].Start = in.To.Add(-time.Duration(trendWeeks-i) * 7 * 24 * time.Hour)
	}
	const week = 7 * 24 * time.Hour
	// A moment in [Start, Start+week) of week i.
	index := func(t time.Time) int {
		if t.IsZero() || !t.Before(in.To) {
			return -1
		}
		back := int((in.To.Sub(t)+week-1)/week) - 1 // whole weeks before To's
		if back >= trendWeeks {
			return -1
		}
		return trendWeeks - 1 - back
	}
	for _, g := range in.Gaps {
		if g.Team != in.Team {
			continue
		}
		if i := index(g.FirstSeen); i >= 0 {
			weeks[i].Opened++
		}
		if i := index(g.ResolvedAt); i >= 0 {
			weeks[i].Resolved++
		}
	}
	return weeks
}
