// Package daemon is ownerd running: each connector synced on its own
// interval, the deliverables re-evaluated after every sync and whenever a
// time threshold may have been crossed, the gap ledger kept from the
// difference, comments written on tickets, and metrics and an HTTP API
// about all of it.
//
// It is level-triggered like a controller: findings are computed afresh
// from the state the connectors last read (reconcile.Run stays pure), and
// the ledger opens and resolves gaps from the difference. A source whose
// last sync failed freezes the gaps that depend on it: nothing is
// resolved on missing data. MarkDirty is the seam where webhooks will ask
// for an immediate reconcile.
package daemon

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"slices"
	"sort"
	"sync"
	"sync/atomic"
	"time"

	"github.com/ownerd/ownerd/connectors"
	"github.com/ownerd/ownerd/connectors/mail"
	"github.com/ownerd/ownerd/model"
	"github.com/ownerd/ownerd/reconcile"
	"github.com/ownerd/ownerd/reconcile/notify"
	"github.com/ownerd/ownerd/reconcile/store"
	"github.com/ownerd/ownerd/rules"
)

// Source is one connector as the daemon runs it.
type Source struct {
	Name   string
	Syncer connectors.Syncer
	// Every is how often it is synced, give or take a tenth (jitter, so
	// that connectors started together do not stay in step).
	Every time.Duration
	// Notifier writes on its tickets; nil for a source ownerd only reads
	// (mail: ownerd never replies to mail).
	Notifier notify.Notifier
	// Watch, when set, blocks calling changed whenever the source has
	// news (IMAP IDLE), so that it is synced at once; while it runs, the
	// interval is stretched fivefold, a safety net only. It is run again
	// when it ends.
	Watch func(ctx context.Context, changed func()) error
}

// watchedSlack stretches the interval of a source while it is watched.
// Five, not more: IMAP IDLE watches one mailbox (INBOX), and the team's
// replies in Sent are read on the interval.
const watchedSlack = 5

// Options configure a Daemon.
type Options struct {
	Org      *model.Org
	Settings rules.Settings
	Reader   rules.Reader
	Store    store.Store
	Sources  []Source
	Policy   notify.Policy
	// Reevaluate is how often the deliverables are evaluated again when
	// nothing was read, so that time thresholds are crossed on time [1m].
	Reevaluate time.Duration
	// DryRun logs what would be written instead of writing it.
	DryRun bool
	// Digests, when set, sends each team lead's daily digest.
	Digests *Digests
	// ReaderVersion names the language reader's version: cached readings
	// are kept under it and the organisation's names, so that a new
	// reader, or a renamed team, reads every text again.
	ReaderVersion string
	// Now is the clock [time.Now].
	Now     func() time.Time
	Logger  *slog.Logger
	Metrics *Metrics
	// PostTimeout bounds one write, and how long shutdown waits for the
	// write in flight [10s].
	PostTimeout time.Duration
}

// Daemon runs ownerd.
type Daemon struct {
	// o holds the options; its Org, Settings, Reader and Policy change on
	// Reload, under mu: read them through live.
	o      Options
	logger *slog.Logger
	reader *cachingReader

	mu      sync.Mutex
	snaps   map[string]connectors.Snapshot
	states  map[string][]byte
	failing map[string]bool
	synced  map[string]bool // completed a sync since start
	// syncedFrom is when each source's last good sync began: what it
	// read is at least that fresh.
	syncedFrom map[string]time.Time
	// kicks ask a source's loop to sync now (under Run).
	kicks   map[string]chan struct{}
	gaps    []store.Gap // open, as of the last reconcile
	result  reconcile.Result
	holdOff map[model.ItemID]time.Time // a write refused for good: not before
	posted  []Posted
	mailed  []mail.Message
	// heldMail are mail periods handled whose record the store refused.
	heldMail map[string]heldPeriod
	// held are the notes of writes whose record failed: they count as
	// written, so that a write is not repeated every reconcile while the
	// store fails. dry are a dry run's, which count only while dry.
	held, dry map[model.ItemID]store.Note
	// watching tells, by source, whether its watch is running now.
	watching map[string]*atomic.Bool

	dirty chan struct{}
}

// Posted is one write on a ticket, for the demo and for tests.
type Posted struct {
	Ticket model.ItemID
	Action notify.Action
	Body   string
	DryRun bool
}

// New loads what the store kept (sync states, synced items, readings)
// and returns a daemon ready to run.
func New(ctx context.Context, o Options) (*Daemon, error) {
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if o.Metrics == nil {
		o.Metrics = NewMetrics(nil)
	}
	if o.Reevaluate <= 0 {
		o.Reevaluate = time.Minute
	}
	if o.PostTimeout <= 0 {
		o.PostTimeout = 10 * time.Second
	}
	if o.Policy == (notify.Policy{}) {
		o.Policy = notify.DefaultPolicy
	}
	d := &Daemon{
		o: o, logger: o.Logger,
		snaps: map[string]connectors.Snapshot{}, states: map[string][]byte{},
		failing: map[string]bool{}, synced: map[string]bool{}, holdOff: map[model.ItemID]time.Time{},
		syncedFrom: map[string]time.Time{}, kicks: map[string]chan struct{}{},
		held: map[model.ItemID]store.Note{}, dry: map[model.ItemID]store.Note{}, watching: map[string]*atomic.Bool{},
		heldMail: map[string]heldPeriod{},
		dirty:    make(chan struct{}, 1),
	}
	for _, s := range o.Sources {
		state, snap, err := o.Store.Synced(ctx, s.Name)
		if err != nil {
			return nil, err
		}
		d.states[s.Name], d.snaps[s.Name] = state, snap
		o.Metrics.connector(s.Name)
	}
	cached, err := o.Store.Readings(ctx)
	if err != nil {
		return nil, err
	}
	d.reader = newCachingReader(o.Reader, readingSalt(o.ReaderVersion, o.Org), cached)
	open, err := o.Store.OpenGaps(ctx)
	if err != nil {
		return nil, err
	}
	d.gaps = open
	d.setGapGauges(open)
	return d, nil
}

// Live is what a reload can change.
type Live struct {
	Org      *model.Org
	Settings rules.Settings
	Reader   rules.Reader
	Policy   notify.Policy
	DryRun   bool
}

// Live returns what a reload can change, as it is now.
func (d *Daemon) Live() Live {
	d.mu.Lock()
	defer d.mu.Unlock()
	return Live{Org: d.o.Org, Settings: d.o.Settings, Reader: d.reader, Policy: d.o.Policy, DryRun: d.o.DryRun}
}

// Reload replaces the organisation, the rules' settings, the comment
// policy and dry_run from a new configuration, and reconciles with them
// at once.
// (Connectors, the listen address and the store are fixed for the
// process's life.) Readings cached under the old organisation are
// dropped: who is on the team changes what a message says.
func (d *Daemon) Reload(l Live) {
	d.mu.Lock()
	d.o.Org, d.o.Settings, d.o.DryRun = l.Org, l.Settings, l.DryRun
	if l.Policy != (notify.Policy{}) {
		d.o.Policy = l.Policy
	}
	if l.Reader != nil {
		d.o.Reader = l.Reader
		d.reader = newCachingReader(l.Reader, readingSalt(d.o.ReaderVersion, l.Org), nil)
	}
	d.mu.Unlock()
	d.MarkDirty()
}

// resync asks a source's loop to sync now; outside Run it does nothing.
func (d *Daemon) resync(name string) {
	d.mu.Lock()
	kick := d.kicks[name]
	d.mu.Unlock()
	if kick != nil {
		select {
		case kick <- struct{}{}:
		default:
		}
	}
}

// MarkDirty asks for a reconcile as soon as possible: a webhook's news
// about items (none: about everything). Today every reconcile evaluates
// every deliverable, so the items only say why; a reconcile that builds
// only the deliverables holding dirty items will use them.
func (d *Daemon) MarkDirty(items ...model.ItemID) {
	if len(items) > 0 {
		d.logger.Debug("marked dirty", "items", len(items))
	}
	select {
	case d.dirty <- struct{}{}:
	default:
	}
}

// Ready reports whether every source has completed a sync since start,
// and names those that have not.
func (d *Daemon) Ready() (bool, []string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	var waiting []string
	for _, s := range d.o.Sources {
		if !d.synced[s.Name] {
			waiting = append(waiting, s.Name)
		}
	}
	return len(waiting) == 0, waiting
}

// Gaps returns the open gaps as of the last reconcile, oldest first.
func (d *Daemon) Gaps() []store.Gap {
	d.mu.Lock()
	defer d.mu.Unlock()
	return slices.Clone(d.gaps)
}

// Posted returns every write made (or, dry, logged) since start.
func (d *Daemon) Posted() []Posted {
	d.mu.Lock()
	defer d.mu.Unlock()
	return slices.Clone(d.posted)
}

// Sync syncs one source and keeps what it read. On failure what was
// known before stays, and the source is marked failing until a sync
// succeeds.
func (d *Daemon) Sync(ctx context.Context, name string) error {
	i := slices.IndexFunc(d.o.Sources, func(s Source) bool { return s.Name == name })
	if i < 0 {
		return fmt.Errorf("no source %q", name)
	}
	src := d.o.Sources[i]
	d.mu.Lock()
	prev := d.states[name]
	d.mu.Unlock()
	start, from := time.Now(), d.o.Now()
	ch, state, err := src.Syncer.Sync(ctx, d.Live().Org, prev)
	if err == nil {
		err = d.o.Store.SaveSync(ctx, name, state, ch)
	}
	d.o.Metrics.polled(name, time.Since(start), d.o.Now(), err)
	d.mu.Lock()
	defer d.mu.Unlock()
	if err != nil {
		d.failing[name] = true
		d.logger.Warn("sync failed; its gaps are frozen until it succeeds", "connector", name, "err", err)
		return fmt.Errorf("sync %s: %w", name, err)
	}
	d.failing[name] = false
	d.synced[name] = true
	d.syncedFrom[name] = from
	d.states[name] = state
	d.snaps[name] = connectors.Apply(d.snaps[name], ch)
	d.logger.Info("synced", "connector", name, "items", len(ch.Items), "messages", len(ch.Messages), "removed", len(ch.Removed), "took", time.Since(start).Round(time.Millisecond))
	return nil
}

// Cycle runs one full cycle: every source synced, then one reconcile
// with its writes. A source that fails is reported and its gaps frozen;
// the cycle goes on with the others.
func (d *Daemon) Cycle(ctx context.Context) error {
	var errs []error
	for _, s := range d.o.Sources {
		if err := d.Sync(ctx, s.Name); err != nil {
			errs = append(errs, err)
		}
	}
	if _, err := d.Reconcile(ctx); err != nil {
		errs = append(errs, err)
	}
	return errors.Join(errs...)
}

// Run syncs each source on its interval (and at once when it says it has
// news), reconciles after every sync and at the earliest moment a write
// is due, until ctx ends. In-flight writes are let finish (within
// PostTimeout) before it returns.
func (d *Daemon) Run(ctx context.Context) error {
	var wg sync.WaitGroup
	for _, s := range d.o.Sources {
		kick := make(chan struct{}, 1)
		d.mu.Lock()
		d.kicks[s.Name] = kick
		d.mu.Unlock()
		if s.Watch != nil {
			watching := &atomic.Bool{}
			d.mu.Lock()
			d.watching[s.Name] = watching
			d.mu.Unlock()
			wg.Go(func() { d.watch(ctx, s, watching, kick) })
		}
		wg.Go(func() { d.syncLoop(ctx, s, kick) })
	}
	// The first reconcile follows the first sync (each sync marks the
	// daemon dirty), not the store's old snapshot.
	timer := time.NewTimer(d.o.Reevaluate)
	defer timer.Stop()
	for {
		select {
		case <-ctx.Done():
			wg.Wait()
			return nil
		case <-d.dirty:
		case <-timer.C:
		}
		wake, err := d.Reconcile(ctx)
		if err != nil && ctx.Err() == nil {
			d.logger.Error("reconcile failed", "err", err)
		}
		next := d.o.Reevaluate
		if !wake.IsZero() {
			next = min(next, max(wake.Sub(d.o.Now()), time.Second))
		}
		timer.Reset(next)
	}
}

// watch runs a source's watch, and runs it again after it ends (a
// dropped connection, a server that stopped answering), waiting longer
// each time it fails at once, up to five minutes.
func (d *Daemon) watch(ctx context.Context, s Source, watching *atomic.Bool, kick chan<- struct{}) {
	backoff := time.Second
	for ctx.Err() == nil {
		began := time.Now()
		watching.Store(true)
		err := s.Watch(ctx, func() {
			select {
			case kick <- struct{}{}:
			default:
			}
		})
		watching.Store(false)
		if ctx.Err() != nil {
			return
		}
		if time.Since(began) > time.Minute {
			backoff = time.Second
		}
		d.logger.Warn("watch stopped; polling on the interval until it runs again", "connector", s.Name, "err", err, "retry_in", backoff)
		t := time.NewTimer(backoff)
		select {
		case <-ctx.Done():
			t.Stop()
			return
		case <-t.C:
		}
		backoff = min(backoff*2, 5*time.Minute)
	}
}

func (d *Daemon) syncLoop(ctx context.Context, s Source, kick <-chan struct{}) {
	base := s.Every
	if base <= 0 {
		base = time.Minute
	}
	d.mu.Lock()
	watching := d.watching[s.Name]
	d.mu.Unlock()
	for {
		every := base
		if watching != nil && watching.Load() {
			// A watched source says when it has news; its interval is
			// only a safety net while the watch runs.
			every *= watchedSlack
		}
		d.o.Metrics.interval(s.Name, every)
		if err := d.Sync(ctx, s.Name); err == nil || ctx.Err() == nil {
			d.MarkDirty()
		}
		jitter := time.Duration((rand.Float64()*0.2 - 0.1) * float64(every))
		t := time.NewTimer(every + jitter)
		select {
		case <-ctx.Done():
			t.Stop()
			return
		case <-kick:
			t.Stop()
		case <-t.C:
		}
	}
}

// snapshot joins every source's snapshot, and says which source each
// item came from.
//
// allSynced tells whether every source had synced since start when it
// was taken.
func (d *Daemon) snapshot() (snap connectors.Snapshot, from map[model.ItemID]string, frozen map[string]bool, allSynced bool) {
	d.mu.Lock()
	defer d.mu.Unlock()
	from = map[model.ItemID]string{}
	for _, s := range d.o.Sources {
		ss := d.snaps[s.Name]
		snap.Items = append(snap.Items, ss.Items...)
		snap.Messages = append(snap.Messages, ss.Messages...)
		for _, it := range ss.Items {
			from[it.ID] = s.Name
		}
		for _, m := range ss.Messages {
			from[model.MailID(m.ID)] = s.Name
		}
	}
	// A source not yet synced by this process is as good as failing: what
	// the store kept of it may be old, and nothing is resolved on it.
	frozen, allSynced = maps(d.failing), true
	for _, s := range d.o.Sources {
		if !d.synced[s.Name] {
			frozen[s.Name], allSynced = true, false
		}
	}
	return snap, from, frozen, allSynced
}

func maps(m map[string]bool) map[string]bool {
	out := make(map[string]bool, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

// Reconcile evaluates every deliverable now, updates the ledger from the
// difference and writes on the tickets whose comment is due. It returns
// the earliest moment a write falls due if nothing changes.
func (d *Daemon) Reconcile(ctx context.Context) (time.Time, error) {
	now := d.o.Now()
	live := d.Live()
	org := live.Org
	snap, from, failing, allSynced := d.snapshot()
	res, err := reconcile.RunContext(ctx, snap, org, live.Reader, live.Settings, now)
	if err != nil {
		return time.Time{}, err
	}
	if err := d.o.Store.SaveReadings(ctx, live.Reader.(*cachingReader).fresh()); err != nil {
		d.logger.Warn("could not cache readings; they will be read again", "err", err)
	}
	byKey := make(map[model.ItemID]*rules.Deliverable, len(res.Deliverables))
	teams := map[string]float64{}
	for _, dl := range res.Deliverables {
		byKey[dl.Key] = dl
		teams[notify.Team(rules.Finding{Owners: dl.Owners}, dl, org)]++
	}
	current := make([]store.Gap, 0, len(res.Findings))
	for _, f := range res.Findings {
		dl := byKey[f.Deliverable]
		g := store.Gap{
			Key: store.GapKey(f.Rule, f.Deliverable), Rule: f.Rule, Deliverable: f.Deliverable,
			Team: notify.Team(f, dl, org), Ticket: ticketFor(org, f, dl), Finding: f,
		}
		seen := map[string]bool{}
		for _, id := range f.Items {
			// Mail threads are named by their first message.
			if s, ok := from[id]; ok && !seen[s] {
				seen[s] = true
				g.Sources = append(g.Sources, s)
			}
		}
		sort.Strings(g.Sources)
		current = append(current, g)
	}
	d.mu.Lock()
	open := slices.Clone(d.gaps)
	d.mu.Unlock()
	delta := store.Diff(open, current, func(s string) bool { return failing[s] }, now)
	if err := d.o.Store.RecordGaps(ctx, delta); err != nil {
		return time.Time{}, err
	}
	stillOpen := slices.Concat(delta.Opened, delta.Kept, delta.Frozen)
	sort.SliceStable(stillOpen, func(i, j int) bool { return stillOpen[i].FirstSeen.Before(stillOpen[j].FirstSeen) })
	for _, g := range delta.Opened {
		d.o.Metrics.gapsOpened.WithLabelValues(g.Rule).Inc()
		d.logger.Info("gap opened", "rule", g.Rule, "deliverable", g.Deliverable, "team", g.Team)
	}
	for _, g := range delta.Resolved {
		d.o.Metrics.gapsResolved.WithLabelValues(g.Rule).Inc()
		d.o.Metrics.openDuration.WithLabelValues(g.Rule).Observe(g.ResolvedAt.Sub(g.FirstSeen).Seconds())
		d.logger.Info("gap resolved", "rule", g.Rule, "deliverable", g.Deliverable, "open_for", g.ResolvedAt.Sub(g.FirstSeen).Round(time.Second))
	}
	d.setGapGauges(stillOpen)
	d.o.Metrics.deliverables.Reset()
	for t, n := range teams {
		d.o.Metrics.deliverables.WithLabelValues(t).Set(n)
	}
	for _, t := range org.Teams {
		d.o.Metrics.deliverables.WithLabelValues(t.Name).Add(0)
	}
	d.mu.Lock()
	d.gaps, d.result = stillOpen, res
	d.mu.Unlock()
	wake, err := d.dispatch(ctx, live, stillOpen, delta.Resolved, byKey, from, now)
	if next := d.sendDigests(ctx, live, stillOpen, byKey, from, allSynced, now); !next.IsZero() && (wake.IsZero() || next.Before(wake)) {
		wake = next
	}
	return wake, err
}

func (d *Daemon) setGapGauges(open []store.Gap) {
	counts := map[[2]string]float64{}
	for _, g := range open {
		counts[[2]string{g.Rule, g.Team}]++
	}
	// Series that were pre-created or seen before go back to 0.
	for _, r := range rules.Table {
		for _, t := range d.teamNames() {
			d.o.Metrics.gapsOpen.WithLabelValues(r.Name, t).Set(counts[[2]string{r.Name, t}])
		}
	}
	for k, n := range counts {
		d.o.Metrics.gapsOpen.WithLabelValues(k[0], k[1]).Set(n)
	}
}

func (d *Daemon) teamNames() []string {
	names := []string{notify.Unassigned}
	for _, t := range d.Live().Org.Teams {
		names = append(names, t.Name)
	}
	return names
}

// ticketFor is where a finding is written (comments.md): its target when
// that is a ticket, else the deliverable's key when that is a ticket,
// else its oldest open ticket; never a source the client reads, where
// ownerd writes nothing and the digest carries the gap.
func ticketFor(org *model.Org, f rules.Finding, dl *rules.Deliverable) model.ItemID {
	var ticket *model.Item
	if dl != nil {
		if it := dl.Item(f.Target); it != nil && it.IsTicket() {
			ticket = it
		} else if it := dl.Item(dl.Key); it != nil && it.IsTicket() {
			ticket = it
		} else if open := dl.OpenTickets(); len(open) > 0 {
			ticket = open[0]
		}
	}
	if ticket == nil || org.IsClientVisible(ticket.Source) {
		return ""
	}
	return ticket.ID
}

// Metrics returns the daemon's metrics.
func (d *Daemon) Metrics() *Metrics { return d.o.Metrics }
