package store

import (
	"testing"
	"time"

	"github.com/ownerd/ownerd/model"
	"github.com/ownerd/ownerd/rules"
)

func TestDiffFreezesOnFailingSource(t *testing.T) {
	t0 := time.Date(2026, 5, 1, 9, 0, 0, 0, time.UTC)
	open := []Gap{
		{Key: "no-owner jira:A-1", Sources: []string{"jira"}, FirstSeen: t0},
		{Key: "idle-owner github:o/r#1", Sources: []string{"github"}, FirstSeen: t0},
		{Key: "deflection mail:<m@x>", Sources: []string{"mail", "jira"}, FirstSeen: t0},
	}
	failing := func(s string) bool { return s == "jira" }
	d := Diff(open, nil, failing, t0.Add(time.Hour))
	if len(d.Frozen) != 2 || len(d.Resolved) != 1 || d.Resolved[0].Key != "idle-owner github:o/r#1" {
		t.Fatalf("diff = %+v: want the two gaps that depend on jira frozen, the GitHub one resolved", d)
	}
	if !d.Resolved[0].ResolvedAt.Equal(t0.Add(time.Hour)) {
		t.Errorf("resolved at %v", d.Resolved[0].ResolvedAt)
	}
	// A duplicate finding is counted once.
	d = Diff(nil, []Gap{{Key: "k"}, {Key: "k"}}, failing, t0)
	if len(d.Opened) != 1 {
		t.Errorf("opened %d, want 1", len(d.Opened))
	}
}

// TestDiffFollowsANewKey: when an older client-facing item is linked in,
// the deliverable's key changes; its gaps are the same gaps, kept with
// their first sighting, not resolved and opened again.
func TestDiffFollowsANewKey(t *testing.T) {
	t0 := time.Date(2026, 5, 1, 9, 0, 0, 0, time.UTC)
	none := func(string) bool { return false }
	open := []Gap{{Key: "idle-owner jira:B-2", Rule: "idle-owner", FirstSeen: t0, Finding: rules.Finding{Items: []model.ItemID{"jira:B-2"}}}}
	now := []Gap{
		{Key: "idle-owner jira:A-1", Rule: "idle-owner", Finding: rules.Finding{Items: []model.ItemID{"jira:A-1", "jira:B-2"}}},
		{Key: "no-owner jira:A-1", Rule: "no-owner", Finding: rules.Finding{Items: []model.ItemID{"jira:A-1", "jira:B-2"}}},
	}
	d := Diff(open, now, none, t0.Add(time.Hour))
	if len(d.Kept) != 1 || d.Kept[0].WasKey != "idle-owner jira:B-2" || !d.Kept[0].FirstSeen.Equal(t0) {
		t.Fatalf("kept = %+v", d.Kept)
	}
	if len(d.Opened) != 1 || d.Opened[0].Rule != "no-owner" || len(d.Resolved) != 0 {
		t.Errorf("opened %+v, resolved %+v: another rule's gap is new, nothing resolved", d.Opened, d.Resolved)
	}
}
