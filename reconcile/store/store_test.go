package store

import (
	"testing"
	"time"
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
