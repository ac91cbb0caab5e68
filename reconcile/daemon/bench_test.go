package daemon_test

import (
	"context"
	"fmt"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/ownerd/ownerd/connectors/sandbox"
	"github.com/ownerd/ownerd/connectors/scenario"
	"github.com/ownerd/ownerd/connectors/synthetic"
	"github.com/ownerd/ownerd/examples"
	"github.com/ownerd/ownerd/reconcile/daemon"
	"github.com/ownerd/ownerd/reconcile/notify"
	"github.com/ownerd/ownerd/reconcile/store/sqlite"
	"github.com/ownerd/ownerd/rules"
	"github.com/ownerd/ownerd/rules/language"
)

// BenchmarkCycle runs the daemon's full cycle (every source synced
// through the fakes over loopback, the deliverables evaluated, the ledger
// written, comments posted) on the demo's organisation and on a
// synthetic one of 10,000 deliverables, each time from an empty store.
// The large one runs dry (comments logged, not written): the GitHub
// connector sends writes a second apart, as GitHub asks of integrations,
// so a first cycle that writes a thousand comments takes that many
// seconds whatever ownerd's own cost.
// It reports the requests each system answered in that first cycle and
// in an idle cycle later (nothing changed), and the process's peak
// resident memory so far (getrusage: it only grows, so read it after the
// larger run).
func BenchmarkCycle(b *testing.B) {
	for _, c := range []struct {
		name string
		sc   func() *scenario.Scenario
		dry  bool
	}{
		{"demo", func() *scenario.Scenario { s, _ := scenario.Parse(examples.AgencyFile, examples.Agency); return s }, false},
		{fmt.Sprint(benchN) + "/dry-run", func() *scenario.Scenario {
			o := synthetic.Generate(benchN, 1)
			return &scenario.Scenario{Org: o.Org, Now: o.Now, Items: o.Snapshot.Items, Messages: o.Snapshot.Messages}
		}, true},
	} {
		b.Run(c.name, func(b *testing.B) {
			sc := c.sc()
			var first, idle sandbox.Stats
			var idleTook time.Duration
			for b.Loop() {
				b.StopTimer()
				fakes, err := sandbox.Serve(sc, sandbox.WithClock(func() time.Time { return sc.Now }))
				if err != nil {
					b.Fatal(err)
				}
				clients, err := fakes.Clients(sandbox.ClientOptions{Now: func() time.Time { return sc.Now }})
				if err != nil {
					b.Fatal(err)
				}
				st, err := sqlite.Open(context.Background(), filepath.Join(b.TempDir(), "ownerd.db"))
				if err != nil {
					b.Fatal(err)
				}
				srcs := []daemon.Source{
					{Name: sandbox.JiraName, Syncer: clients.Jira, Notifier: notify.Jira{Client: clients.Jira}},
					{Name: sandbox.MailName, Syncer: clients.Mail},
				}
				if clients.GitHub != nil {
					srcs = append(srcs, daemon.Source{Name: sandbox.GitHubName, Syncer: clients.GitHub, Notifier: notify.GitHub{Client: clients.GitHub}})
				}
				d, err := daemon.New(context.Background(), daemon.Options{
					Org: sc.Org, Settings: rules.DefaultSettings(), Reader: language.ForOrg(sc.Org), Store: st, Sources: srcs,
					Policy: notify.Policy{GroupWait: 0, RepeatEvery: 24 * time.Hour}, Now: func() time.Time { return sc.Now }, DryRun: c.dry,
				})
				if err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
				if err := d.Cycle(context.Background()); err != nil {
					b.Fatal(err)
				}
				b.StopTimer()
				first = fakes.Stats()
				// The next cycles move each watermark from nothing to the
				// newest change, then past ownerd's own comments (new
				// URLs, so no 304 yet); the fourth is the idle cycle of a
				// running daemon.
				var before sandbox.Stats
				for range 3 {
					before = fakes.Stats()
					began := time.Now()
					if err := d.Cycle(context.Background()); err != nil {
						b.Fatal(err)
					}
					idleTook = time.Since(began)
				}
				idle = minus(fakes.Stats(), before)
				clients.Mail.Close()
				st.Close()
				fakes.Close()
				b.StartTimer()
			}
			b.ReportMetric(float64(idleTook.Milliseconds()), "ms/idle-cycle")
			b.ReportMetric(float64(first.Jira.Requests), "jira-req/cycle")
			b.ReportMetric(float64(first.GitHub.Requests), "github-req/cycle")
			b.ReportMetric(float64(first.IMAP.Commands), "imap-cmd/cycle")
			b.ReportMetric(float64(first.CommentsPosted), "comments/cycle")
			b.ReportMetric(float64(idle.Jira.Requests), "jira-req/idle")
			b.ReportMetric(float64(idle.GitHub.Requests), "github-req/idle")
			b.ReportMetric(float64(idle.GitHub.RateLimitPoints), "github-points/idle")
			b.ReportMetric(float64(idle.IMAP.Commands), "imap-cmd/idle")
			var ru syscall.Rusage
			if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) == nil {
				b.ReportMetric(float64(ru.Maxrss)/1024, "MB-peak-rss")
			}
			if testing.Verbose() {
				fmt.Printf("idle cycle routes: jira %v github %v\n", idle.Jira.Routes, idle.GitHub.Routes)
			}
		})
	}
}

// minus is what the fakes were asked between two readings.
func minus(after, before sandbox.Stats) sandbox.Stats {
	j, g := *after.Jira, *after.GitHub
	j.Requests -= before.Jira.Requests
	g.Requests -= before.GitHub.Requests
	g.RateLimitPoints -= before.GitHub.RateLimitPoints
	j.Routes, g.Routes = map[string]int{}, map[string]int{}
	for k, v := range after.Jira.Routes {
		if d := v - before.Jira.Routes[k]; d > 0 {
			j.Routes[k] = d
		}
	}
	for k, v := range after.GitHub.Routes {
		if d := v - before.GitHub.Routes[k]; d > 0 {
			g.Routes[k] = d
		}
	}
	return sandbox.Stats{Jira: &j, GitHub: &g, IMAP: &sandbox.IMAPStats{Commands: after.IMAP.Commands - before.IMAP.Commands}, CommentsPosted: after.CommentsPosted - before.CommentsPosted}
}

// benchN is the size of the large organisation.
var benchN = 10_000
