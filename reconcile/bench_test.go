package reconcile

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ownerd/ownerd/connectors/synthetic"
	"github.com/ownerd/ownerd/rules"
	"github.com/ownerd/ownerd/rules/language"
)

// BenchmarkReconcile measures one reconcile of a synthetic organisation in
// parts: build (threading, linking, and the facts of every
// deliverable, with texts read by a reader that costs nothing, since the
// language reader has a benchmark of its own and the daemon reads each text
// once), build+read (the same with the language reader, at 10k), and
// evaluate (all nine rules on every deliverable). Figures are per
// run; divide by the size for per-deliverable costs.
func BenchmarkReconcile(b *testing.B) {
	for _, n := range []int{10_000, 100_000} {
		org := synthetic.Generate(n, 1)
		settings := rules.DefaultSettings()
		b.Run(fmt.Sprintf("build/%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				Build(org.Snapshot, org.Org, nopReader{})
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/deliverable")
		})
		if n == 10_000 {
			// The whole of a first reconcile: every text read by the
			// language reader as well.
			b.Run(fmt.Sprintf("build+read/%d", n), func(b *testing.B) {
				b.ReportAllocs()
				reader := language.New()
				for b.Loop() {
					Build(org.Snapshot, org.Org, reader)
				}
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/deliverable")
			})
		}
		ds := Build(org.Snapshot, org.Org, nopReader{})
		b.Run(fmt.Sprintf("evaluate/%d", n), func(b *testing.B) {
			b.ReportAllocs()
			var found int
			for b.Loop() {
				found = len(Evaluate(ds, settings, org.Now))
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/deliverable")
			b.ReportMetric(float64(found), "findings")
		})
	}
}

func TestSyntheticIsDeterministic(t *testing.T) {
	a, b := synthetic.Generate(1000, 7), synthetic.Generate(1000, 7)
	da, db := Build(a.Snapshot, a.Org, nopReader{}), Build(b.Snapshot, b.Org, nopReader{})
	if len(da) != len(db) || len(da) < 900 {
		t.Fatalf("deliverables: %d and %d, want the same, about 1000", len(da), len(db))
	}
	fa, fb := Evaluate(da, rules.DefaultSettings(), a.Now), Evaluate(db, rules.DefaultSettings(), b.Now)
	if len(fa) != len(fb) || len(fa) == 0 {
		t.Fatalf("findings: %d and %d", len(fa), len(fb))
	}
	seen := map[string]bool{}
	for i := range fa {
		if fa[i].Rule != fb[i].Rule || fa[i].Deliverable != fb[i].Deliverable {
			t.Fatalf("finding %d differs: %v / %v", i, fa[i], fb[i])
		}
		seen[fa[i].Rule] = true
	}
	// Without a language reader, the rules that read words stay quiet; the
	// others must all appear in a realistic organisation.
	for _, r := range []string{"no-owner", "split-owner", "silent-handoff", "idle-owner", "broken-promise", "slipped-deadline", "idle-priority"} {
		if !seen[r] {
			t.Errorf("no %s finding in 1000 synthetic deliverables", r)
		}
	}
}

// TestRunContextStops: a context that ends during a build stops it, with
// the context's error, long before every text is read.
func TestRunContextStops(t *testing.T) {
	org := synthetic.Generate(5_000, 1)
	all := &countingReader{}
	Run(org.Snapshot, org.Org, all, rules.DefaultSettings(), org.Now)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	cut := &countingReader{after: 100, cancel: cancel}
	res, err := RunContext(ctx, org.Snapshot, org.Org, cut, rules.DefaultSettings(), org.Now)
	if !errors.Is(err, context.Canceled) || len(res.Findings) != 0 {
		t.Fatalf("RunContext cancelled mid-build: %d findings, %v", len(res.Findings), err)
	}
	if n, total := cut.n.Load(), all.n.Load(); n*4 > total {
		t.Errorf("cancelled after 100 readings, it went on to %d of %d", n, total)
	}
}

// countingReader counts readings and cancels a context after some.
type countingReader struct {
	n      atomic.Int64
	after  int64
	cancel func()
}

func (r *countingReader) Read(string, time.Time) rules.Reading {
	if r.n.Add(1) == r.after && r.cancel != nil {
		r.cancel()
	}
	return rules.Reading{}
}
