package digest

import (
	"fmt"
	"strings"
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

// ParseSchedule reads a cron expression for a zone. "@every" is refused:
// it counts from whenever it is asked, so it names no period.
func ParseSchedule(spec string, loc *time.Location) (Schedule, error) {
	if loc == nil {
		loc = time.UTC
	}
	if strings.HasPrefix(strings.TrimSpace(spec), "@every") {
		return Schedule{}, fmt.Errorf("%q has no fixed times: write a cron expression (\"0 8 * * 1-5\") or @daily, @weekly", spec)
	}
	s, err := cron.ParseStandard(spec)
	if err != nil {
		return Schedule{}, fmt.Errorf("%q is not a cron schedule: %v", spec, err)
	}
	return Schedule{Spec: spec, loc: loc, s: s}, nil
}

// Next is the first firing after t.
func (s Schedule) Next(t time.Time) time.Time { return s.s.Next(t.In(s.loc)) }

// Last is the latest firing at or before t, looking back as far as a
// year; zero when there is none. It looks back a little first, then
// further, so that a schedule every minute and one a month both cost a
// few steps. When the clocks go back, a wall time that comes twice fires
// once: its second coming is not a new period.
func (s Schedule) Last(t time.Time) time.Time {
	for _, back := range []time.Duration{time.Hour, 26 * time.Hour, 8 * 24 * time.Hour, 32 * 24 * time.Hour, 367 * 24 * time.Hour} {
		var last, prev time.Time
		for n := s.Next(t.Add(-back)); !n.IsZero() && !n.After(t); n = s.Next(n) {
			prev, last = last, n
		}
		if last.IsZero() {
			continue
		}
		if !prev.IsZero() && sameWall(prev.In(s.loc), last.In(s.loc)) {
			return prev
		}
		// The firing before the window's first is outside it: look one
		// step back for a repeated wall time there too.
		if prev.IsZero() {
			if before := s.lastBefore(last); !before.IsZero() && sameWall(before.In(s.loc), last.In(s.loc)) {
				return before
			}
		}
		return last
	}
	return time.Time{}
}

// lastBefore is the firing just before t within two hours (the clocks
// go back by one, or rarely two).
func (s Schedule) lastBefore(t time.Time) time.Time {
	var last time.Time
	for n := s.Next(t.Add(-2 * time.Hour)); !n.IsZero() && n.Before(t); n = s.Next(n) {
		last = n
	}
	return last
}

func sameWall(a, b time.Time) bool {
	return a.Year() == b.Year() && a.YearDay() == b.YearDay() && a.Hour() == b.Hour() && a.Minute() == b.Minute()
}
