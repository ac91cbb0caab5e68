package daemon

import (
	"context"
	"errors"
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

// sendTimeout bounds one mail's sending, its retries included.
const sendTimeout = 45 * time.Second

// digestRetry is how soon a digest that could not be sent is tried again.
const digestRetry = 5 * time.Minute

// sendDigests sends each team's digest whose time has come, once per
// period: the period is recorded after the mail went, so that a restart
// never sends one twice. Nothing goes out before every source has synced
// in this process. It returns the next moment a digest falls due.
//
// allSynced says whether every source had synced when the evaluation's
// snapshot was taken: a digest is made of what that evaluation saw.
func (d *Daemon) sendDigests(ctx context.Context, live Live, open []store.Gap, byKey map[model.ItemID]*rules.Deliverable, from map[model.ItemID]string, allSynced bool, now time.Time) time.Time {
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
	ready := allSynced
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

// heldPeriod is a period handled whose record the store refused.
type heldPeriod struct{ period, sentAt time.Time }

// retroWeeks is how far back the retrospective's trend reads the ledger.
const retroWeeks = 12

// sendOne sends one team's digest or retrospective for a period, unless
// it went already; it returns when to try again after a failure.
func (d *Daemon) sendOne(ctx context.Context, live Live, kind mailKind, team string, sched digest.Schedule, period time.Time, open []store.Gap, byKey map[model.ItemID]*rules.Deliverable, from map[model.ItemID]string, now time.Time, late time.Duration) time.Time {
	dg := d.o.Digests
	key := kind.key(team)
	sent, sentAt, err := d.o.Store.DigestSent(ctx, key)
	if err != nil {
		d.logger.Error("could not read when the last mail went", "team", team, "err", err)
		return time.Time{}
	}
	d.mu.Lock()
	if h, ok := d.heldMail[key]; ok && !h.period.Before(sent) {
		sent, sentAt = h.period, h.sentAt
	}
	d.mu.Unlock()
	if !period.After(sent) {
		return time.Time{}
	}
	// record keeps a period as handled; a period with nothing sent keeps
	// the last send's time, from which the next digest counts.
	record := func(at time.Time) {
		if at.IsZero() {
			at = sentAt
		}
		if err := d.o.Store.SaveDigest(context.WithoutCancel(ctx), key, period, at); err != nil {
			// Held in memory, so that it is not sent again every
			// reconcile while the store fails.
			d.logger.Error("could not record the mail's period", "team", team, "err", err)
			d.mu.Lock()
			d.heldMail[key] = heldPeriod{period, at}
			d.mu.Unlock()
		}
	}
	if now.Sub(period) > late {
		d.logger.Warn("a mail's time passed long ago (ownerd was down); skipping to the next", "team", team, "period", period)
		record(time.Time{})
		return time.Time{}
	}
	// What opened and resolved is counted from the last digest that went;
	// a retrospective looks back on the week that ended at its period.
	since := sentAt
	if since.IsZero() {
		since = sched.Last(period.Add(-time.Nanosecond))
	}
	weekFrom, weekTo := period.Add(-7*24*time.Hour), period
	if kind == weeklyRetro {
		since = weekTo.Add(-retroWeeks * 7 * 24 * time.Hour)
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
			From: weekFrom, To: weekTo})
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
		record(time.Time{})
		return time.Time{}
	}
	if lead == nil || lead.Email == "" {
		d.logger.Warn("the team's lead has no email address: no mail", "team", team)
		record(time.Time{})
		return time.Time{}
	}
	// The organisation as it is now: a client domain added by a reload
	// is refused here, whatever the sender was started with.
	if live.Org.IsClientAddress(lead.Email) {
		d.logger.Error("the team's lead's address is at a client's domain: nothing is sent there", "team", team)
		record(time.Time{})
		return time.Time{}
	}
	msg.To = []string{lead.Email}
	if live.DryRun {
		d.logger.Info("dry run: would send", "team", team, "to", lead.Email, "subject", msg.Subject)
		record(time.Time{})
		return time.Time{}
	}
	// Sent within the reconcile: bounded, so that a server that hangs
	// holds the loop back no longer than this.
	sctx, cancel := context.WithTimeout(ctx, sendTimeout)
	err = dg.Mailer.Send(sctx, msg)
	cancel()
	if err != nil {
		d.o.Metrics.notifications.WithLabelValues("mail", "failed").Inc()
		if errors.Is(err, mail.ErrClientAddress) {
			d.logger.Error("the mail was refused for good; skipping this period", "team", team, "err", err)
			record(time.Time{})
			return time.Time{}
		}
		d.logger.Error("could not send the mail; trying again soon", "team", team, "subject", msg.Subject, "err", err)
		return now.Add(digestRetry)
	}
	record(now)
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
