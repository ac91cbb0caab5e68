package notify

import (
	"slices"

	"github.com/ownerd/ownerd/model"
	"github.com/ownerd/ownerd/rules"
)

// Addressees returns the people a finding's next step is addressed to
// (comments.md's table), and those mentioned beside them (the giver of a
// hand-off). d may be nil.
func Addressees(f rules.Finding, d *rules.Deliverable, org *model.Org) (to, also []model.PersonID) {
	owners := f.Owners
	first := func(ps ...[]model.PersonID) []model.PersonID {
		for _, p := range ps {
			if len(p) > 0 {
				return p
			}
		}
		return nil
	}
	switch f.Rule {
	case "no-owner":
		return first(leadOf(f, d, org)), nil
	case "split-owner", "idle-owner":
		return owners, nil
	case "silent-handoff":
		var giver []model.PersonID
		if len(f.Evidence) > 0 && f.Evidence[0].By != "" && !slices.Contains(owners, f.Evidence[0].By) {
			giver = []model.PersonID{f.Evidence[0].By}
		}
		return owners, giver
	case "untracked-request":
		return first(sentTo(f, d, org), one(owners), leadOf(f, d, org)), nil
	case "broken-promise", "slipped-deadline", "idle-priority", "deflection":
		// The person who promised, moved the date, called it a priority
		// or wrote to the client: the latest team member in the evidence.
		for i := len(f.Evidence) - 1; i >= 0; i-- {
			if p := f.Evidence[i].By; p != "" && org.IsTeam(p) {
				return []model.PersonID{p}, nil
			}
		}
		return first(one(owners), leadOf(f, d, org)), nil
	}
	return first(one(owners), leadOf(f, d, org)), nil
}

func one(ps []model.PersonID) []model.PersonID {
	if len(ps) > 1 {
		return ps[:1]
	}
	return ps
}

// sentTo is the team member a client's request was sent to.
func sentTo(f rules.Finding, d *rules.Deliverable, org *model.Org) []model.PersonID {
	if d == nil || len(f.Evidence) == 0 {
		return nil
	}
	e := f.Evidence[0]
	it := d.Item(e.Item)
	if it == nil {
		return nil
	}
	for _, m := range it.Messages {
		if !m.At.Equal(e.At) {
			continue
		}
		for _, p := range m.To {
			if org.IsTeam(p) {
				return []model.PersonID{p}
			}
		}
	}
	return nil
}

// leadOf is the lead of the finding's team.
func leadOf(f rules.Finding, d *rules.Deliverable, org *model.Org) []model.PersonID {
	team := Team(f, d, org)
	for _, t := range org.Teams {
		if t.Name == team && t.Lead != "" {
			return []model.PersonID{t.Lead}
		}
	}
	return nil
}

// Unassigned is the team of a gap that no team can be found for.
const Unassigned = "unassigned"

// Team is the team a finding counts for: its owners' team, else that of
// the team members in its evidence, else of the deliverable's key ticket's
// creator, else Unassigned.
func Team(f rules.Finding, d *rules.Deliverable, org *model.Org) string {
	var people []model.PersonID
	people = append(people, f.Owners...)
	for _, e := range f.Evidence {
		people = append(people, e.By)
	}
	people = append(people, sentTo(f, d, org)...)
	if d != nil {
		if it := d.Item(d.Key); it != nil {
			people = append(people, it.Creator)
		}
		for _, it := range d.Items {
			people = append(people, it.Assignees...)
		}
	}
	for _, p := range people {
		if person := org.Person(p); person != nil && person.Team != "" {
			return person.Team
		}
	}
	return Unassigned
}
