package daemon

import (
	"context"
	"slices"
	"time"

	"github.com/ownerd/ownerd/connectors/mail"
	"github.com/ownerd/ownerd/model"
	"github.com/ownerd/ownerd/reconcile/digest"
	"github.com/ownerd/ownerd/reconcile/store"
	"github.com/ownerd/ownerd/rules"
)

// Mailer sends mail (mail.Sender).
type Mailer interface {
	Send(ctx context.Context, m mail.Message) error
}

// Digests configures the daily digests.
type Digests struct {
	Mailer Mailer
	// Schedules are the teams' digest schedules, and RetroSchedules their
	// weekly retrospectives'; a team without one gets none.
	Schedules, RetroSchedules map[string]digest.Schedule
	// SendEmpty sends a digest with nothing in it too.
	SendEmpty bool
	// JiraURL and GitHubAPI are each connector's base URL, by name, to
	// link items to their web pages.
	JiraURL, GitHubAPI map[string]string
	// Late is how long after its time a digest missed (ownerd was down)
	// is still sent; an older one is skipped [12h].
	Late time.Duration
}

// digestRetry is how soon a digest that could not be sent is tried again.
const digestRetry = 5 * time.Minute

// sendDigests sends each team's digest whose time has come, once per
// period: the period is recorded after the mail went, so that a restart
// never sends one twice. Nothing goes out before every source has synced
// in this process. It returns the next moment a digest falls due.
func (d *Daemon) sendDigests(ctx context.Context, live Live, open []store.Gap, byKey map[model.ItemID]*rules.Deliverable, from map[model.ItemID]string, now time.Time) time.Time {
	dg := d.o.Digests
	if dg == nil || dg.Mailer == nil {
		return time.Time{}
	}
	late := dg.Late
	if late <= 0 {
		late = 12 * time.Hour
	}
	var wake time.Time
	soon := func(t time.Time) {
		if !t.IsZero() && (wake.IsZero() || t.Before(wake)) {
			wake = t
		}
	}
	ready, _ := d.Ready()
	for _, team := range digest.Teams(live.Org) {
		for _, kind := range []mailKind{dailyDigest, weeklyRetro} {
			sched, ok := kind.schedules(dg)[team]
			if !ok {
				continue
			}
			soon(sched.Next(now))
			period := sched.Last(now)
			if period.IsZero() || !ready || ctx.Err() != nil {
				continue
			}
			soon(d.sendOne(ctx, live, kind, team, sched, period, open, byKey, from, now, late))
		}
	}
	return wake
}

// mailKind is a digest or a retrospective.
type mailKind int

const (
	dailyDigest mailKind = iota
	weeklyRetro
)

func (k mailKind) schedules(dg *Digests) map[string]digest.Schedule {
	if k == weeklyRetro {
		return dg.RetroSchedules
	}
	return dg.Schedules
}

// key names the kind's record in the store, per team.
func (k mailKind) key(team string) string {
	if k == weeklyRetro {
		return team + " retro"
	}
	return team
}

// retroWeeks is how far back the retrospective's trend reads the ledger.
const retroWeeks = 12

// sendOne sends one team's digest or retrospective for a period, unless
// it went already; it returns when to try again after a failure.
func (d *Daemon) sendOne(ctx context.Context, live Live, kind mailKind, team string, sched digest.Schedule, period time.Time, open []store.Gap, byKey map[model.ItemID]*rules.Deliverable, from map[model.ItemID]string, now time.Time, late time.Duration) time.Time {
	dg := d.o.Digests
	key := kind.key(team)
	sent, err := d.o.Store.DigestSent(ctx, key)
	if err != nil {
		d.logger.Error("could not read when the last mail went", "team", team, "err", err)
		return time.Time{}
	}
	if !period.After(sent) {
		return time.Time{}
	}
	if now.Sub(period) > late {
		d.logger.Warn("a digest's time passed long ago (ownerd was down); skipping to the next", "team", team, "period", period)
		d.o.Store.SaveDigest(ctx, key, period, time.Time{})
		return time.Time{}
	}
	since := sent
	if since.IsZero() {
		since = sched.Last(period.Add(-time.Nanosecond))
	}
	if kind == weeklyRetro {
		since = now.Add(-retroWeeks * 7 * 24 * time.Hour)
	}
	resolved, err := d.o.Store.ResolvedSince(ctx, since)
	if err != nil {
		d.logger.Error("could not read the resolved gaps", "err", err)
		return now.Add(digestRetry)
	}
	links := digest.WebLinks(func(id model.ItemID) string { return from[id] }, dg.JiraURL, dg.GitHubAPI)
	var msg mail.Message
	var lead *model.Person
	empty := false
	if kind == weeklyRetro {
		r := digest.BuildRetro(digest.RetroInput{Org: live.Org, Team: team, Gaps: append(slices.Clone(open), resolved...), Deliverables: byKey, Links: links,
			From: now.Add(-7 * 24 * time.Hour), To: now})
		chart, err := r.Chart()
		if err != nil {
			d.logger.Error("could not draw the retrospective's chart", "err", err)
			return time.Time{}
		}
		lead, empty = r.Lead, len(r.Misses) == 0
		msg = mail.Message{Subject: r.Subject(), Text: r.Text(), HTML: r.HTML("cid:" + digest.ChartName),
			Inline: []mail.Inline{{Name: digest.ChartName, ContentType: "image/png", Data: chart}}}
	} else {
		out := digest.Build(digest.Input{Org: live.Org, Team: team, Open: open, Resolved: resolved, Deliverables: byKey, Links: links, At: now, From: since})
		lead, empty = out.Lead, out.Empty()
		msg = mail.Message{Subject: out.Subject(), Text: out.Text(), HTML: out.HTML()}
	}
	if empty && !dg.SendEmpty {
		d.o.Store.SaveDigest(ctx, key, period, time.Time{})
		return time.Time{}
	}
	if lead == nil || lead.Email == "" {
		d.logger.Warn("the team's lead has no email address: no mail", "team", team)
		d.o.Store.SaveDigest(ctx, key, period, time.Time{})
		return time.Time{}
	}
	msg.To = []string{lead.Email}
	if live.DryRun {
		d.logger.Info("dry run: would send", "team", team, "to", lead.Email, "subject", msg.Subject)
		d.o.Store.SaveDigest(ctx, key, period, time.Time{})
		return time.Time{}
	}
	if err := dg.Mailer.Send(ctx, msg); err != nil {
		d.o.Metrics.notifications.WithLabelValues("mail", "failed").Inc()
		d.logger.Error("could not send the mail; trying again soon", "team", team, "subject", msg.Subject, "err", err)
		return now.Add(digestRetry)
	}
	if err := d.o.Store.SaveDigest(context.WithoutCancel(ctx), key, period, now); err != nil {
		d.logger.Error("sent the mail but could not record it", "team", team, "err", err)
	}
	d.o.Metrics.notifications.WithLabelValues("mail", "success").Inc()
	d.logger.Info("sent", "team", team, "subject", msg.Subject)
	d.mu.Lock()
	d.mailed = append(d.mailed, msg)
	d.mu.Unlock()
	return time.Time{}
}

// Mailed returns the digests sent since start, for the demo and tests.
func (d *Daemon) Mailed() []mail.Message {
	d.mu.Lock()
	defer d.mu.Unlock()
	return append([]mail.Message(nil), d.mailed...)
}
