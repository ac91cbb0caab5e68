package config

import (
	"strings"
	"time"

	"github.com/ownerd/ownerd/config/yamlfile"
	"github.com/ownerd/ownerd/model"
	"github.com/ownerd/ownerd/reconcile/digest"
)

// DefaultDigestSchedule is 8am on weekdays, and DefaultRetroSchedule 4pm
// on Fridays, in the organisation's zone.
const (
	DefaultDigestSchedule = "0 8 * * 1-5"
	DefaultRetroSchedule  = "0 16 * * 5"
)

// Digest is the `digest:` section: when each team lead's daily digest
// goes out. Digests are sent when `smtp:` is configured.
type Digest struct {
	// Schedules are each team's, by name: the section's schedule in the
	// organisation's zone unless the team has its own.
	Schedules map[string]digest.Schedule
	// RetroSchedules are each team's weekly retrospective's.
	RetroSchedules map[string]digest.Schedule
	SendEmpty      bool
}

type digestFile struct {
	Pos           yamlfile.Pos
	Schedule      yamlfile.Str     `yaml:"schedule"`
	RetroSchedule yamlfile.Str     `yaml:"retro_schedule"`
	SendEmpty     yamlfile.Str     `yaml:"send_empty"`
	Teams         []digestTeamFile `yaml:"teams" want:"a list of {team, schedule, timezone}"`
}

type digestTeamFile struct {
	Pos      yamlfile.Pos
	Team     yamlfile.Str `yaml:"team"`
	Schedule yamlfile.Str `yaml:"schedule"`
	Timezone yamlfile.Str `yaml:"timezone"`
}

// digestConfig reads the `digest:` section for the organisation's teams.
func digestConfig(f *digestFile, org *model.Org, errs *yamlfile.List) Digest {
	out := Digest{Schedules: map[string]digest.Schedule{}, RetroSchedules: map[string]digest.Schedule{}}
	if org == nil {
		return out
	}
	loc := org.Location
	if loc == nil {
		loc = time.UTC
	}
	var sched, retroSched yamlfile.Str
	if f != nil {
		sched, retroSched = f.Schedule, f.RetroSchedule
	}
	spec, def := parseSchedule(sched, DefaultDigestSchedule, "digest.schedule", loc, errs)
	retroSpec, retro := parseSchedule(retroSched, DefaultRetroSchedule, "digest.retro_schedule", loc, errs)
	for _, t := range digest.Teams(org) {
		out.Schedules[t] = def
		out.RetroSchedules[t] = retro
	}
	if f == nil {
		return out
	}
	if f.SendEmpty.Set {
		switch strings.TrimSpace(f.SendEmpty.V) {
		case "true":
			out.SendEmpty = true
		case "false":
		default:
			errs.Addf(f.SendEmpty.Line, "digest.send_empty", "%q is not true or false", f.SendEmpty.V)
		}
	}
	for _, t := range f.Teams {
		name := strings.TrimSpace(t.Team.V)
		if _, ok := out.Schedules[name]; !ok {
			errs.Addf(max(t.Team.Line, int(t.Pos)), "digest.teams.team", "undefined team %q%s", name, yamlfile.Suggest(name, digest.Teams(org)))
			continue
		}
		tloc := loc
		if t.Timezone.Set {
			l, err := time.LoadLocation(strings.TrimSpace(t.Timezone.V))
			if err != nil {
				errs.Addf(t.Timezone.Line, "digest.teams.timezone", "unknown time zone %q", t.Timezone.V)
				continue
			}
			tloc = l
			// The team's zone moves its retrospective too.
			if r, err := digest.ParseSchedule(retroSpec, tloc); err == nil {
				out.RetroSchedules[name] = r
			}
		}
		tspec := spec
		if t.Schedule.Set {
			tspec = strings.TrimSpace(t.Schedule.V)
		}
		s, err := digest.ParseSchedule(tspec, tloc)
		if err != nil {
			errs.Addf(max(t.Schedule.Line, int(t.Pos)), "digest.teams.schedule", "%v", err)
			continue
		}
		out.Schedules[name] = s
	}
	return out
}

// parseSchedule reads a cron schedule key of digest:, or its default
// when the key is absent: its text (a team's zone reads it again) and
// the schedule in loc; a bad one is reported at its line.
func parseSchedule(v yamlfile.Str, dflt, key string, loc *time.Location, errs *yamlfile.List) (string, digest.Schedule) {
	spec := dflt
	if v.Set {
		spec = strings.TrimSpace(v.V)
	}
	s, err := digest.ParseSchedule(spec, loc)
	if err != nil {
		errs.Addf(v.Line, key, "%v", err)
	}
	return spec, s
}
