package notify

import (
	"strings"
	"testing"
	"time"

	"github.com/ownerd/ownerd/model"

	"github.com/ownerd/ownerd/reconcile/store"
)

func TestDecide(t *testing.T) {
	t0 := time.Date(2026, 5, 6, 16, 0, 0, 0, time.UTC)
	p := Policy{GroupWait: 30 * time.Second, RepeatEvery: 24 * time.Hour}
	a := store.Gap{Key: "idle-owner jira:A-1", FirstSeen: t0}
	b := store.Gap{Key: "no-owner jira:A-1", FirstSeen: t0.Add(time.Minute)}
	posted := store.Note{Gaps: []string{"idle-owner jira:A-1"}, Posted: t0, Changed: t0.Add(time.Minute)}
	for _, tc := range []struct {
		name     string
		note     store.Note
		ok       bool
		gaps     []store.Gap
		now      time.Time
		want     Action
		wantWake time.Time
	}{
		{"nothing written, nothing open", store.Note{}, false, nil, t0, Nothing, time.Time{}},
		{"a new gap waits group_wait", store.Note{}, false, []store.Gap{a}, t0.Add(10 * time.Second), Nothing, t0.Add(30 * time.Second)},
		{"after group_wait it is posted", store.Note{}, false, []store.Gap{a}, t0.Add(30 * time.Second), Create, t0.Add(30*time.Second + 24*time.Hour)},
		{"the oldest gap sets the wait", store.Note{}, false, []store.Gap{b, a}, t0.Add(31 * time.Second), Create, t0.Add(31*time.Second + 24*time.Hour)},
		{"unchanged: nothing until repeat_every", posted, true, []store.Gap{a}, t0.Add(2 * time.Hour), Nothing, t0.Add(time.Minute + 24*time.Hour)},
		{"a gap added: edited", posted, true, []store.Gap{a, b}, t0.Add(2 * time.Hour), Update, t0.Add(26 * time.Hour)},
		{"a gap gone, one left: edited", store.Note{Gaps: Keys([]store.Gap{a, b}), Changed: t0}, true, []store.Gap{b}, t0.Add(time.Hour), Update, t0.Add(25 * time.Hour)},
		{"repeat_every passed: reminded", posted, true, []store.Gap{a}, t0.Add(time.Minute + 24*time.Hour), Remind, t0.Add(time.Minute + 48*time.Hour)},
		{"reminded lately: not again", store.Note{Gaps: posted.Gaps, Changed: t0, Reminded: t0.Add(24 * time.Hour)}, true, []store.Gap{a}, t0.Add(30 * time.Hour), Nothing, t0.Add(48 * time.Hour)},
		{"all gaps gone: all clear", posted, true, nil, t0.Add(time.Hour), Resolve, time.Time{}},
		{"a finding changed (a new owner): edited", store.Note{Gaps: posted.Gaps, Digest: "was", Changed: t0}, true, []store.Gap{a}, t0.Add(time.Hour), Update, t0.Add(25 * time.Hour)},
		{"the same finding: nothing", store.Note{Gaps: posted.Gaps, Digest: Digest([]store.Gap{a}), Changed: t0}, true, []store.Gap{a}, t0.Add(time.Hour), Nothing, t0.Add(24 * time.Hour)},
		{"all clear stays quiet", store.Note{Resolved: true}, true, nil, t0.Add(time.Hour), Nothing, time.Time{}},
		{"a gap after all clear: written again after group_wait", store.Note{Resolved: true}, true, []store.Gap{b}, t0.Add(time.Minute + 30*time.Second), Create, t0.Add(time.Minute + 30*time.Second + 24*time.Hour)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, wake := Decide(tc.note, tc.ok, tc.gaps, tc.now, p)
			if got != tc.want || !wake.Equal(tc.wantWake) {
				t.Errorf("Decide = %v, wake %v; want %v, wake %v", got, wake, tc.want, tc.wantWake)
			}
		})
	}
}

// TestResolvedNamesMovedGaps: a comment whose gaps moved to another
// ticket does not call them clear.
func TestResolvedNamesMovedGaps(t *testing.T) {
	w := Writer{Org: &model.Org{Location: time.UTC}, Dialect: GitHub{}.Dialect()}
	at := time.Date(2026, 5, 6, 16, 0, 0, 0, time.UTC)
	moved := w.Resolved(Ticket{ID: "github:o/r#1"}, nil, map[string]model.ItemID{"split-owner": "jira:WEB-11"}, at)
	if strings.Contains(moved, "all clear") || !strings.Contains(moved, "split-owner is followed on WEB") {
		t.Errorf("moved: %q", moved)
	}
	clear := w.Resolved(Ticket{ID: "github:o/r#1"}, []string{"no-owner"}, nil, at)
	if !strings.Contains(clear, "all clear since Wed May 6, 16:00 UTC (resolved: no-owner)") {
		t.Errorf("resolved: %q", clear)
	}
}
