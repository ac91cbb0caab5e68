package daemon_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"maps"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ownerd/ownerd/connectors"
	"github.com/ownerd/ownerd/connectors/jira/jiratest"
	"github.com/ownerd/ownerd/connectors/mail"
	"github.com/ownerd/ownerd/connectors/sandbox"
	"github.com/ownerd/ownerd/connectors/scenario"
	"github.com/ownerd/ownerd/examples"
	"github.com/ownerd/ownerd/model"
	"github.com/ownerd/ownerd/reconcile"
	"github.com/ownerd/ownerd/reconcile/daemon"
	"github.com/ownerd/ownerd/reconcile/digest"
	"github.com/ownerd/ownerd/reconcile/notify"
	"github.com/ownerd/ownerd/reconcile/store"
	"github.com/ownerd/ownerd/reconcile/store/sqlite"
	"github.com/ownerd/ownerd/rules"
	"github.com/ownerd/ownerd/rules/language"
	"github.com/prometheus/client_golang/prometheus/testutil"
)

// clock is a test's time, moved by hand.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// world is the example organisation served by the fakes, read by the real
// connectors, with a store on disk.
type world struct {
	t       *testing.T
	sc      *scenario.Scenario
	fakes   *sandbox.Fakes
	clients *sandbox.Clients
	clock   *clock
	path    string
	metrics *daemon.Metrics
}

func newWorld(t *testing.T) *world {
	t.Helper()
	sc, err := scenario.Parse(examples.AgencyFile, examples.Agency)
	if err != nil {
		t.Fatal(err)
	}
	w := &world{t: t, sc: sc, clock: &clock{t: sc.Now}, path: filepath.Join(t.TempDir(), "ownerd.db"),
		metrics: daemon.NewMetrics([]string{"studio", "accounts", notify.Unassigned})}
	if w.fakes, err = sandbox.Serve(sc, sandbox.WithClock(w.clock.Now)); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(w.fakes.Close)
	if w.clients, err = w.fakes.Clients(sandbox.ClientOptions{Now: w.clock.Now, Transport: w.metrics.Transport}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.clients.Mail.Close() })
	return w
}

// start opens the store and a daemon on it; the store is closed at the
// test's end unless the caller closes it first.
func (w *world) start(st store.Store) *daemon.Daemon {
	w.t.Helper()
	if st == nil {
		s, err := sqlite.Open(context.Background(), w.path)
		if err != nil {
			w.t.Fatal(err)
		}
		w.t.Cleanup(func() { s.Close() })
		st = s
	}
	d, err := daemon.New(context.Background(), daemon.Options{
		Org: w.sc.Org, Settings: rules.DefaultSettings(), Reader: language.ForOrg(w.sc.Org), Store: st,
		Sources: []daemon.Source{
			{Name: sandbox.JiraName, Syncer: w.clients.Jira, Notifier: notify.Jira{Client: w.clients.Jira}},
			{Name: sandbox.GitHubName, Syncer: w.clients.GitHub, Notifier: notify.GitHub{Client: w.clients.GitHub}},
			{Name: sandbox.MailName, Syncer: w.clients.Mail},
		},
		Now: w.clock.Now, Metrics: w.metrics,
	})
	if err != nil {
		w.t.Fatal(err)
	}
	return d
}

func (w *world) cycle(d *daemon.Daemon) {
	w.t.Helper()
	if err := d.Cycle(context.Background()); err != nil {
		w.t.Fatal(err)
	}
}

// ownerdComments counts ownerd's comments (those with its marker) and all
// comments posted through the API, on every ticket.
func (w *world) comments() (own map[model.ItemID]int, all map[model.ItemID][]string) {
	own, all = map[model.ItemID]int{}, map[model.ItemID][]string{}
	for _, it := range w.sc.Items {
		switch it.System {
		case model.Jira:
			key := strings.TrimPrefix(string(it.ID), "jira:")
			for _, c := range w.fakes.Jira.Comments(key) {
				all[it.ID] = append(all[it.ID], c.Body)
				if _, ok := c.Properties["ownerd.gaps"]; ok {
					own[it.ID]++
				}
			}
		case model.GitHub:
			repo, num, _ := strings.Cut(strings.TrimPrefix(string(it.ID), "github:"), "#")
			n := 0
			for _, r := range num {
				n = n*10 + int(r-'0')
			}
			for _, b := range w.fakes.GitHub.Posted(repo, n) {
				if strings.Contains(b, "ownerd") {
					all[it.ID] = append(all[it.ID], b)
				}
				if strings.HasPrefix(b, "<!-- ownerd:gaps") {
					own[it.ID]++
				}
			}
		}
	}
	return own, all
}

func rulesOf(gaps []store.Gap) []string {
	var out []string
	for _, g := range gaps {
		out = append(out, g.Rule)
	}
	slices.Sort(out)
	return out
}

func TestDaemonEndToEnd(t *testing.T) {
	w := newWorld(t)
	d := w.start(nil)
	if ok, waiting := d.Ready(); ok || len(waiting) != 3 {
		t.Errorf("before any sync: ready %v, waiting for %v", ok, waiting)
	}
	w.cycle(d)
	if ok, _ := d.Ready(); !ok {
		t.Error("not ready after every source synced")
	}
	gaps := d.Gaps()
	// The daemon finds what check finds on the same file, read directly.
	direct := reconcile.Run(mustPoll(t, w.sc), w.sc.Org, language.ForOrg(w.sc.Org), rules.DefaultSettings(), w.sc.Now)
	if missing, unexpected := reconcile.Match(w.sc.Expect, direct.Findings); len(missing)+len(unexpected) > 0 {
		t.Fatalf("the example no longer meets its expect: list: %v %v", missing, unexpected)
	}
	if len(gaps) != len(w.sc.Expect) {
		t.Fatalf("gaps = %v, want the %d the example expects", rulesOf(gaps), len(w.sc.Expect))
	}
	if own, _ := w.comments(); len(own) != 0 {
		t.Fatalf("comments before group_wait: %v", own)
	}

	// After group_wait: exactly one comment per ticket with gaps, none on
	// the repository the client reads.
	w.clock.Add(31 * time.Second)
	w.cycle(d)
	own, _ := w.comments()
	tickets := map[model.ItemID]bool{}
	for _, g := range d.Gaps() {
		if g.Ticket != "" {
			tickets[g.Ticket] = true
		}
		if strings.HasPrefix(string(g.Ticket), "github:agency/bayside-portal") {
			t.Errorf("gap %s is written on a client-visible repository", g.Key)
		}
	}
	if len(own) != len(tickets) {
		t.Errorf("comments on %v, want one on each of %v", own, tickets)
	}
	for id, n := range own {
		if n != 1 {
			t.Errorf("%s has %d ownerd comments, want 1", id, n)
		}
	}
	if len(tickets) == 0 {
		t.Fatal("no gap is written on a ticket")
	}
	if got := rulesOf(d.Gaps()); !slices.Equal(got, rulesOf(gaps)) {
		t.Errorf("ownerd's own comments changed the findings: %v, was %v", got, rulesOf(gaps))
	}

	// Nothing changes: nothing is written.
	before := w.fakes.Stats().CommentsPosted
	w.clock.Add(time.Hour)
	w.cycle(d)
	if after := w.fakes.Stats().CommentsPosted; after != before {
		t.Errorf("an idle cycle wrote %d comments", after-before)
	}
}

func mustPoll(t *testing.T, sc *scenario.Scenario) connectors.Snapshot {
	s, err := sc.Poll(context.Background(), sc.Org)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestDaemonLifecycleOfAComment(t *testing.T) {
	w := newWorld(t)
	d := w.start(nil)
	w.cycle(d)
	w.clock.Add(31 * time.Second)
	w.cycle(d)
	posted := func(id model.ItemID) []string { _, all := w.comments(); return all[id] }
	if n := len(posted("jira:WEB-13")); n != 1 {
		t.Fatalf("WEB-13 has %d comments, want 1", n)
	}

	// A second gap on the same ticket: the one comment is edited to hold
	// both.
	w.clock.Add(time.Hour)
	w.fakes.Jira.Update("WEB-13", w.clock.Now(), func(it *model.Item) { it.Due = w.clock.Now().Add(-48 * time.Hour) })
	w.cycle(d)
	got := posted("jira:WEB-13")
	if len(got) != 1 || !strings.Contains(got[0], "gone quiet") || !strings.Contains(got[0], "promise to the client has passed") {
		t.Fatalf("WEB-13 after a second gap: %q", got)
	}

	// The new owner acts on the hand-off: the gap resolves and the
	// comment says all clear, in place.
	w.clock.Add(time.Hour)
	w.fakes.Jira.Update("WEB-12", w.clock.Now(), func(it *model.Item) {
		it.Comments = append(it.Comments, model.Comment{At: w.clock.Now(), By: "anna", Body: "Picking this up now, edits by tonight."})
	})
	w.cycle(d)
	got = posted("jira:WEB-12")
	if len(got) != 1 || !strings.Contains(got[0], "all clear since") || !strings.Contains(got[0], "silent-handoff") {
		t.Fatalf("WEB-12 after Anna acted: %q", got)
	}
	if slices.Contains(rulesOf(d.Gaps()), "silent-handoff") {
		t.Error("the hand-off is still open")
	}

	// A reminder only after repeat_every: the comment is edited and one
	// reply mentions the people to act.
	w.clock.Add(20 * time.Hour)
	w.cycle(d)
	if n := len(posted("jira:WEB-10")); n != 1 {
		t.Fatalf("a reminder before repeat_every: %d comments", n)
	}
	w.clock.Add(5 * time.Hour)
	w.cycle(d)
	got = posted("jira:WEB-10")
	if len(got) != 2 || !strings.Contains(got[1], "[~accountid:mia]") || !strings.Contains(got[1], "still open") {
		t.Fatalf("WEB-10 after repeat_every: %q", got)
	}
	if got := posted("jira:WEB-12"); len(got) != 1 {
		t.Errorf("a resolved ticket was reminded: %q", got)
	}
	w.clock.Add(time.Hour)
	w.cycle(d)
	if got := posted("jira:WEB-10"); len(got) != 2 {
		t.Errorf("a second reminder within repeat_every: %d comments", len(got))
	}
}

func TestFailingSourceFreezesItsGaps(t *testing.T) {
	w := newWorld(t)
	d := w.start(nil)
	w.cycle(d)
	open := rulesOf(d.Gaps())
	// Jira fails; meanwhile the no-owner ticket got an owner, which the
	// daemon cannot see. Nothing is resolved on missing data.
	w.fakes.Jira.Fail(jiratest.Fault{Status: http.StatusUnauthorized, Times: 1000})
	w.fakes.Jira.Update("WEB-10", w.clock.Now(), func(it *model.Item) { it.Assignees = []model.PersonID{"mia"} })
	// And a mail-only gap resolves meanwhile: other sources go on.
	w.clock.Add(time.Hour)
	if err := d.Cycle(context.Background()); err == nil {
		t.Fatal("a cycle with Jira failing reported no error")
	}
	if got := rulesOf(d.Gaps()); !slices.Equal(got, open) {
		t.Fatalf("with Jira failing the gaps went from %v to %v", open, got)
	}
	w.fakes.Jira.Heal()
	w.cycle(d)
	if slices.Contains(rulesOf(d.Gaps()), "no-owner") {
		t.Error("once Jira answers again, the no-owner gap should resolve")
	}
}

func TestRestartWritesNothingTwice(t *testing.T) {
	w := newWorld(t)
	s, err := sqlite.Open(context.Background(), w.path)
	if err != nil {
		t.Fatal(err)
	}
	// The first run dies between writing and recording: every note is
	// lost, as if killed mid-dispatch.
	d := w.start(forgetful{s})
	w.cycle(d)
	w.clock.Add(31 * time.Second)
	w.cycle(d)
	own, _ := w.comments()
	if len(own) == 0 {
		t.Fatal("nothing was written")
	}
	s.Close()

	// The second run starts from the store: no resync from zero, and its
	// writes find the comments by their markers.
	d = w.start(nil)
	kept := rulesOf(d.Gaps())
	if len(kept) == 0 {
		t.Fatal("the ledger's open gaps were not kept across the restart")
	}
	// Evaluated before any sync, from the items the store kept: the same
	// gaps (had the items been lost, every gap would resolve here), and
	// nothing written on what this process has not read yet.
	posted := w.fakes.Stats().CommentsPosted
	if _, err := d.Reconcile(context.Background()); err != nil {
		t.Fatal(err)
	}
	if n := w.fakes.Stats().CommentsPosted - posted; n != 0 {
		t.Errorf("%d comments written before the restarted daemon synced", n)
	}
	if got := rulesOf(d.Gaps()); !slices.Equal(got, kept) {
		t.Fatalf("evaluated from the store after a restart: %v, want %v", got, kept)
	}
	w.cycle(d)
	after := w.fakes.Stats()
	again, _ := w.comments()
	for id, n := range again {
		if n != 1 {
			t.Errorf("%s has %d ownerd comments after the restart, want 1", id, n)
		}
	}
	// Restarted with its notes, a third run writes nothing at all.
	w.cycle(d)
	if third := w.fakes.Stats(); third.CommentsPosted != after.CommentsPosted {
		t.Errorf("a cycle after the restart wrote %d comments", third.CommentsPosted-after.CommentsPosted)
	}
}

// forgetful is a store that loses every note: a process killed after
// writing a comment and before recording it.
type forgetful struct{ store.Store }

func (forgetful) SaveNote(context.Context, store.Note) error { return nil }

func TestMetricsAndEndpoints(t *testing.T) {
	w := newWorld(t)
	d := w.start(nil)
	srv := httptest.NewServer(d.Handler())
	defer srv.Close()
	get := func(path string) (int, string) {
		resp, err := http.Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	if code, body := get("/readyz"); code != http.StatusServiceUnavailable || !strings.Contains(body, "jira") {
		t.Errorf("/readyz before a sync: %d %q", code, body)
	}
	// Every rule × team exists at 0 before anything is found.
	_, before := get("/metrics")
	for _, r := range rules.Table {
		if !strings.Contains(before, `ownerd_gaps_open{rule="`+r.Name+`",team="studio"} 0`) {
			t.Errorf("ownerd_gaps_open for %s and studio is not pre-created", r.Name)
		}
	}
	w.cycle(d)
	if code, _ := get("/readyz"); code != http.StatusOK {
		t.Errorf("/readyz after a cycle: %d", code)
	}
	if code, _ := get("/healthz"); code != http.StatusOK {
		t.Errorf("/healthz: %d", code)
	}
	_, m := get("/metrics")
	for _, want := range []string{
		`ownerd_gaps_open{rule="no-owner",team="accounts"} 1`,
		`ownerd_gaps_open{rule="silent-handoff",team="studio"} 1`,
		`ownerd_gaps_opened_total{rule="deflection"} 1`,
		`ownerd_last_successful_poll_timestamp_seconds{connector="jira"}`,
		`ownerd_api_requests_total{code="200",connector="github"}`,
		`ownerd_ratelimit_remaining{connector="github"}`,
		`ownerd_build_info{`,
		`ownerd_config_last_reload_successful 1`,
	} {
		if !strings.Contains(m, want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
	// No label value comes from the text of a ticket or a mail: every one
	// is a rule, a team, a connector, a status code or a word of ownerd's.
	allowed := map[string]bool{"jira": true, "github": true, "mail": true, notify.Unassigned: true, "studio": true, "accounts": true, "success": true, "failed": true, "deferred": true,
		"timeout": true, "rate_limited": true, "auth": true, "server_error": true, "client_error": true, "network": true, "other": true}
	for _, r := range rules.Table {
		allowed[r.Name] = true
	}
	mfs, err := d.Metrics().Registry.Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, mf := range mfs {
		if mf.GetName() == "ownerd_build_info" || strings.HasPrefix(mf.GetName(), "promhttp_") {
			continue
		}
		for _, metric := range mf.GetMetric() {
			for _, l := range metric.GetLabel() {
				v := l.GetValue()
				if _, err := strconv.Atoi(v); err != nil && !allowed[v] && l.GetName() != "le" {
					t.Errorf("%s has label %s=%q, not one of ownerd's own values", mf.GetName(), l.GetName(), v)
				}
			}
		}
	}
	problems, err := testutil.GatherAndLint(d.Metrics().Registry)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range problems {
		t.Errorf("promlint: %s: %s", p.Metric, p.Text)
	}

	// The gaps API: the fields of check's findings, with the ledger's.
	_, api := get("/api/v1/gaps")
	var doc struct {
		Gaps []struct {
			Rule        string    `json:"rule"`
			Deliverable string    `json:"deliverable"`
			Summary     string    `json:"summary"`
			Team        string    `json:"team"`
			FirstSeen   time.Time `json:"first_seen"`
			Evidence    []any     `json:"evidence"`
		} `json:"gaps"`
	}
	if err := json.Unmarshal([]byte(api), &doc); err != nil {
		t.Fatalf("/api/v1/gaps: %v\n%s", err, api)
	}
	if len(doc.Gaps) != len(w.sc.Expect) {
		t.Errorf("/api/v1/gaps has %d gaps, want %d", len(doc.Gaps), len(w.sc.Expect))
	}
	for _, g := range doc.Gaps {
		if _, off := g.FirstSeen.Zone(); off != 0 {
			t.Errorf("first_seen %v is not in UTC, as check's times are", g.FirstSeen)
		}
		if g.Rule == "" || g.Deliverable == "" || g.Summary == "" || g.Team == "" || g.FirstSeen.IsZero() || len(g.Evidence) == 0 {
			t.Errorf("incomplete gap in the API: %+v", g)
		}
	}
}

// TestTicketChangedBeforeTheWrite: a ticket someone changed after its
// last sync is read again before the write, and not written on until the
// change is read; here the change closes the gap, so nothing is written.
func TestTicketChangedBeforeTheWrite(t *testing.T) {
	w := newWorld(t)
	d := w.start(nil)
	w.cycle(d)
	w.clock.Add(31 * time.Second)
	ctx := context.Background()
	for _, s := range []string{"jira", "github", "mail"} {
		if err := d.Sync(ctx, s); err != nil {
			t.Fatal(err)
		}
	}
	// Between the sync and the write, Mia takes WEB-10.
	w.clock.Add(time.Second)
	w.fakes.Jira.Update("WEB-10", w.clock.Now(), func(it *model.Item) { it.Assignees = []model.PersonID{"mia"} })
	if _, err := d.Reconcile(ctx); err != nil {
		t.Fatal(err)
	}
	posted := func(id model.ItemID) int { _, all := w.comments(); return len(all[id]) }
	if n := posted("jira:WEB-10"); n != 0 {
		t.Fatalf("WEB-10 changed after its sync and was written on anyway (%d comments)", n)
	}
	if posted("jira:WEB-12") != 1 {
		t.Fatal("an unchanged ticket was not written on")
	}
	w.cycle(d)
	if n := posted("jira:WEB-10"); n != 0 || slices.Contains(rulesOf(d.Gaps()), "no-owner") {
		t.Errorf("after the next sync: %d comments on WEB-10, gaps %v; want none, no-owner resolved", n, rulesOf(d.Gaps()))
	}
}

func TestDryRunWritesNothing(t *testing.T) {
	w := newWorld(t)
	st, err := sqlite.Open(context.Background(), w.path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	d, err := daemon.New(context.Background(), daemon.Options{
		Org: w.sc.Org, Settings: rules.DefaultSettings(), Reader: language.ForOrg(w.sc.Org), Store: st,
		Sources: []daemon.Source{
			{Name: "jira", Syncer: w.clients.Jira, Notifier: notify.Jira{Client: w.clients.Jira}},
			{Name: "github", Syncer: w.clients.GitHub, Notifier: notify.GitHub{Client: w.clients.GitHub}},
		},
		Now: w.clock.Now, Policy: notify.Policy{RepeatEvery: 24 * time.Hour}, DryRun: true,
	})
	if err != nil {
		t.Fatal(err)
	}
	w.cycle(d)
	w.cycle(d)
	if st := w.fakes.Stats(); st.CommentsPosted != 0 {
		t.Errorf("a dry run posted %d comments", st.CommentsPosted)
	}
	logged := d.Posted()
	if len(logged) != 7 || !logged[0].DryRun {
		t.Errorf("a dry run logged %d writes, want the 7 once each", len(logged))
	}
}

// TestStoreFailingWritesOnce: when the store cannot record a write, the
// write is not repeated every reconcile.
func TestStoreFailingWritesOnce(t *testing.T) {
	w := newWorld(t)
	s, err := sqlite.Open(context.Background(), w.path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	d := w.start(brokenNotes{s})
	w.cycle(d)
	w.clock.Add(31 * time.Second)
	w.cycle(d)
	first := w.fakes.Stats().CommentsPosted
	if first == 0 {
		t.Fatal("nothing was written")
	}
	for range 3 {
		w.clock.Add(time.Minute)
		w.cycle(d)
	}
	if again := w.fakes.Stats().CommentsPosted; again != first {
		t.Errorf("with the store failing, %d more writes in three cycles", again-first)
	}
}

// brokenNotes is a store that cannot record notes (a full disk).
type brokenNotes struct{ store.Store }

func (brokenNotes) SaveNote(context.Context, store.Note) error { return errors.New("disk full") }

// TestTextsAreReadOnce: a text is read once, then its reading comes from
// the cache, across reconciles and across a restart from the store; a
// renamed team member makes every text be read again after a restart.
func TestTextsAreReadOnce(t *testing.T) {
	w := newWorld(t)
	s, err := sqlite.Open(context.Background(), w.path)
	if err != nil {
		t.Fatal(err)
	}
	reader := &countingReader{next: language.ForOrg(w.sc.Org)}
	opts := func(st store.Store, org *model.Org) daemon.Options {
		return daemon.Options{Org: org, Settings: rules.DefaultSettings(), Reader: reader, Store: st, ReaderVersion: "test",
			Sources: []daemon.Source{{Name: "jira", Syncer: w.clients.Jira}, {Name: "mail", Syncer: w.clients.Mail}}, Now: w.clock.Now}
	}
	d, err := daemon.New(context.Background(), opts(s, w.sc.Org))
	if err != nil {
		t.Fatal(err)
	}
	w.cycle(d)
	first := reader.n.Load()
	if first == 0 {
		t.Fatal("nothing was read")
	}
	w.cycle(d)
	if again := reader.n.Load(); again != first {
		t.Errorf("a second reconcile read %d texts again", again-first)
	}
	s.Close()
	s, err = sqlite.Open(context.Background(), w.path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	d, err = daemon.New(context.Background(), opts(s, w.sc.Org))
	if err != nil {
		t.Fatal(err)
	}
	w.cycle(d)
	if again := reader.n.Load(); again != first {
		t.Errorf("after a restart %d texts were read again", again-first)
	}
	renamed := *w.sc.Org
	renamed.People = slices.Clone(renamed.People)
	renamed.People[0].Name = "Mia Lopez-Park"
	renamed.Index()
	// Restarted with the person renamed: the store's readings were made
	// under the old names and are not used.
	d, err = daemon.New(context.Background(), opts(s, &renamed))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := d.Reconcile(context.Background()); err != nil {
		t.Fatal(err)
	}
	if again := reader.n.Load(); again < 2*first {
		t.Errorf("after a person was renamed only %d of %d texts were read again", again-first, first)
	}
}

type countingReader struct {
	next rules.Reader
	n    atomic.Int64
}

func (r *countingReader) Read(text string, sent time.Time) rules.Reading {
	r.n.Add(1)
	return r.next.Read(text, sent)
}

// TestDigestsOncePerPeriod: each team lead's digest goes out through a
// real SMTP exchange when its time comes, once: not again on the next
// reconcile, nor after a restart; the next day's goes the next day.
// mailing returns a daemon over st that sends each lead's digest at
// 9:00 (only studio's when onlyStudio) through the world's SMTP fake,
// and, when retro, studio's retrospective on Wednesdays at 9:00.
func (w *world) mailing(st store.Store, onlyStudio, retro bool) *daemon.Daemon {
	w.t.Helper()
	sender, err := mail.NewSender(mail.SMTP{Addr: w.fakes.SMTP.Addr, Security: "plain", From: "ownerd@agency.example"}, w.sc.Org, "")
	if err != nil {
		w.t.Fatal(err)
	}
	nine, err := digest.ParseSchedule("0 9 * * *", w.sc.Org.Location)
	if err != nil {
		w.t.Fatal(err)
	}
	dg := &daemon.Digests{Mailer: sender, Schedules: map[string]digest.Schedule{"studio": nine, "accounts": nine}}
	if onlyStudio {
		delete(dg.Schedules, "accounts")
	}
	if retro {
		wednesday, _ := digest.ParseSchedule("0 9 * * 3", w.sc.Org.Location)
		dg.RetroSchedules = map[string]digest.Schedule{"studio": wednesday}
	}
	d, err := daemon.New(context.Background(), daemon.Options{
		Org: w.sc.Org, Settings: rules.DefaultSettings(), Reader: language.ForOrg(w.sc.Org), Store: st, Now: w.clock.Now,
		Sources: []daemon.Source{{Name: "jira", Syncer: w.clients.Jira}, {Name: "github", Syncer: w.clients.GitHub}, {Name: "mail", Syncer: w.clients.Mail}},
		Digests: dg,
	})
	if err != nil {
		w.t.Fatal(err)
	}
	return d
}

func TestDigestsOncePerPeriod(t *testing.T) {
	w := newWorld(t)
	var held *sqlite.Store
	start := func() *daemon.Daemon {
		if held != nil {
			held.Close()
		}
		s, err := sqlite.Open(context.Background(), w.path)
		if err != nil {
			t.Fatal(err)
		}
		held = s
		t.Cleanup(func() { s.Close() })
		return w.mailing(s, false, true)
	}
	d := start()
	w.cycle(d) // Wed 16:00: the 9:00 digests are 7 h late, and go; so does studio's retrospective
	got := w.fakes.SMTP.Received()
	if len(got) != 3 {
		t.Fatalf("%d mails sent, want a digest to each lead and studio's retrospective", len(got))
	}
	to := map[string]string{}
	retros := 0
	for _, m := range got {
		if strings.Contains(string(m.Data), "multipart/related") {
			retros++
			continue
		}
		to[m.To[0]] = string(m.Data)
	}
	if retros != 1 {
		t.Errorf("%d retrospectives with their chart, want 1", retros)
	}
	if !strings.Contains(to["raj@agency.example"], "studio") || !strings.Contains(to["mia@agency.example"], "accounts") {
		t.Errorf("digests went to %v", slices.Collect(maps.Keys(to)))
	}
	w.cycle(d)
	d = start() // a restart within the period
	w.cycle(d)
	if n := len(w.fakes.SMTP.Received()); n != 3 {
		t.Errorf("%d mails after another reconcile and a restart, want still 3", n)
	}
	w.clock.Add(17*time.Hour + time.Minute) // Thu 9:01: the digests, not the weekly retrospective
	w.cycle(d)
	if n := len(w.fakes.SMTP.Received()); n != 5 {
		t.Errorf("%d mails after the next day's time, want 5", n)
	}
}

// TestDigestStoreFailingSendsOnce: when the store cannot record a digest
// that went, it is not sent again every reconcile.
func TestDigestStoreFailingSendsOnce(t *testing.T) {
	w := newWorld(t)
	s, err := sqlite.Open(context.Background(), w.path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	d := w.mailing(brokenDigests{s}, true, false)
	for range 3 {
		w.cycle(d)
		w.clock.Add(time.Minute)
	}
	if n := len(w.fakes.SMTP.Received()); n != 1 {
		t.Errorf("with the store failing, %d digests went for one period", n)
	}
}

// brokenDigests is a store that cannot record digests.
type brokenDigests struct{ store.Store }

func (brokenDigests) SaveDigest(context.Context, string, time.Time, time.Time) error {
	return errors.New("disk full")
}
