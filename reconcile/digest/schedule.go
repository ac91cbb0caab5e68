package digest

import (
	"fmt"
	"time"

	"github.com/robfig/cron/v3"
)

// Schedule is when a team's digest goes out: a cron expression (five
// fields, or @daily and the like; github.com/robfig/cron/v3) read in the
// team's time zone, so that "0 8 * * 1-5" is 8am there on weekdays,
// through daylight-saving changes.
type Schedule struct {
	Spec string
	loc  *time.Location
	s    cron.Schedule
}

// ParseSchedule reads a cron expression for a zone.
func ParseSchedule(spec string, loc *time.Location) (Schedule, error) {
	if loc == nil {
		loc = time.UTC
	}
	s, err := cron.ParseStandard(spec)
	if err != nil {
		return Schedule{}, fmt.Errorf("%q is not a cron schedule: %v", spec, err)
	}
	return Schedule{Spec: spec, loc: loc, s: s}, nil
}

// Next is the first firing after t.
func (s Schedule) Next(t time.Time) time.Time { return s.s.Next(t.In(s.loc)) }

// Last is the latest firing at or before t, looking back at most eight
// days; zero when there is none.
func (s Schedule) Last(t time.Time) time.Time {
	var last time.Time
	for n := s.Next(t.Add(-8 * 24 * time.Hour)); !n.IsZero() && !n.After(t); n = s.Next(n) {
		last = n
	}
	return last
}
