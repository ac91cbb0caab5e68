package daemon

import (
	"context"
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
	// Schedules are the teams' schedules; a team without one gets none.
	Schedules map[string]digest.Schedule
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
		sched, ok := dg.Schedules[team]
		if !ok {
			continue
		}
		soon(sched.Next(now))
		period := sched.Last(now)
		if period.IsZero() || !ready || ctx.Err() != nil {
			continue
		}
		sent, err := d.o.Store.DigestSent(ctx, team)
		if err != nil {
			d.logger.Error("could not read when the last digest went", "team", team, "err", err)
			continue
		}
		if !period.After(sent) {
			continue
		}
		if now.Sub(period) > late {
			d.logger.Warn("a digest's time passed long ago (ownerd was down); skipping to the next", "team", team, "period", period)
			d.o.Store.SaveDigest(ctx, team, period, time.Time{})
			continue
		}
		since := sent
		if since.IsZero() {
			since = sched.Last(period.Add(-time.Nanosecond))
		}
		resolved, err := d.o.Store.ResolvedSince(ctx, since)
		if err != nil {
			d.logger.Error("could not read the resolved gaps", "err", err)
			soon(now.Add(digestRetry))
			continue
		}
		links := digest.WebLinks(func(id model.ItemID) string { return from[id] }, dg.JiraURL, dg.GitHubAPI)
		out := digest.Build(digest.Input{Org: live.Org, Team: team, Open: open, Resolved: resolved, Deliverables: byKey, Links: links, At: now, From: since})
		if out.Empty() && !dg.SendEmpty {
			d.o.Store.SaveDigest(ctx, team, period, time.Time{})
			continue
		}
		if out.Lead == nil || out.Lead.Email == "" {
			d.logger.Warn("the team's lead has no email address: no digest", "team", team)
			d.o.Store.SaveDigest(ctx, team, period, time.Time{})
			continue
		}
		msg := mail.Message{To: []string{out.Lead.Email}, Subject: out.Subject(), Text: out.Text(), HTML: out.HTML()}
		if live.DryRun {
			d.logger.Info("dry run: would send the digest", "team", team, "to", out.Lead.Email, "subject", msg.Subject)
			d.o.Store.SaveDigest(ctx, team, period, time.Time{})
			continue
		}
		if err := dg.Mailer.Send(ctx, msg); err != nil {
			d.o.Metrics.notifications.WithLabelValues("mail", "failed").Inc()
			d.logger.Error("could not send the digest; trying again soon", "team", team, "err", err)
			soon(now.Add(digestRetry))
			continue
		}
		if err := d.o.Store.SaveDigest(context.WithoutCancel(ctx), team, period, now); err != nil {
			d.logger.Error("sent the digest but could not record it", "team", team, "err", err)
		}
		d.o.Metrics.notifications.WithLabelValues("mail", "success").Inc()
		d.logger.Info("sent the digest", "team", team, "gaps", out.Count)
		d.mu.Lock()
		d.mailed = append(d.mailed, msg)
		d.mu.Unlock()
	}
	return wake
}

// Mailed returns the digests sent since start, for the demo and tests.
func (d *Daemon) Mailed() []mail.Message {
	d.mu.Lock()
	defer d.mu.Unlock()
	return append([]mail.Message(nil), d.mailed...)
}
