package scenario

import (
	"time"

	"github.com/ownerd/ownerd/config/yamlfile"
	"github.com/ownerd/ownerd/model"
)

// Shift moves every moment of the scenario by d: now, and each item's,
// change's, comment's and message's time. The sandbox shifts a scenario
// so that its now is the present.
func (s *Scenario) Shift(d time.Duration) {
	at := func(t *time.Time) {
		if !t.IsZero() {
			*t = t.Add(d)
		}
	}
	at(&s.Now)
	for _, it := range s.Items {
		at(&it.Created)
		at(&it.Due)
		for i := range it.Changes {
			c := &it.Changes[i]
			at(&c.At)
			at(&c.DueFrom)
			at(&c.DueTo)
		}
		for i := range it.Comments {
			at(&it.Comments[i].At)
		}
	}
	for _, m := range s.Messages {
		at(&m.At)
	}
}

// WholeWeeks is the shift that brings the scenario's now closest to, and
// not after, the present while keeping every weekday and time of day:
// "by Friday, 3pm" means in the shifted scenario what it meant in the
// file. (An exact shift would move a message sent at 13:00 to any hour,
// and "by 3pm" with it.)
func (s *Scenario) WholeWeeks(present time.Time) time.Duration {
	const week = 7 * 24 * time.Hour
	return present.Sub(s.Now) / week * week
}

// OrgSection is the `org:` section as written: a scenario's, and the
// configuration file's, which has the same shape.
type OrgSection = orgFile

// ReadOrg reads an `org:` section and the zone named by timezone into the
// model, adding each problem to errs at its line (a team lead who is not
// a person, a person's undefined team, an identity held by two people).
func ReadOrg(timezone yamlfile.Str, o *OrgSection, errs *yamlfile.List) *model.Org {
	p := &parser{errs: errs, s: &Scenario{}, loc: time.UTC}
	if timezone.Set {
		loc, err := time.LoadLocation(timezone.V)
		if err != nil {
			p.errorf(timezone.Line, "timezone", "unknown time zone %q", timezone.V)
		} else {
			p.loc = loc
		}
	}
	p.org = &model.Org{Location: p.loc}
	p.parseOrg(o)
	return p.org
}
