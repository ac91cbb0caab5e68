package rules

import (
	"testing"
	"time"
)

// TestTable checks the one list of rules that configuration, inhibition
// and output order all read.
func TestTable(t *testing.T) {
	seen := map[string]bool{}
	for _, r := range Table {
		if r.Name == "" || r.Habit == "" || r.Doc == "" || r.Eval == nil {
			t.Errorf("rule %q is incomplete", r.Name)
		}
		if seen[r.Name] {
			t.Errorf("rule %q is registered twice", r.Name)
		}
		seen[r.Name] = true
		for _, p := range r.Params {
			if p.Name == RepeatEveryParam.Name || p.Name == "enabled" {
				t.Errorf("rule %q redeclares %q", r.Name, p.Name)
			}
		}
	}
	if len(Table) != 9 {
		t.Errorf("%d rules, the specification has nine", len(Table))
	}
	for _, r := range Table {
		for _, by := range r.InhibitedBy {
			if Lookup(by) == nil {
				t.Errorf("rule %q is inhibited by unknown rule %q", r.Name, by)
			}
		}
	}
}

func TestParamsPanicOnUndeclared(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("reading an undeclared threshold must panic, not return 0")
		}
	}()
	DefaultSettings()["no-owner"].Params.Duration("grase")
}

func TestAge(t *testing.T) {
	for d, want := range map[time.Duration]string{
		71*time.Hour + 40*time.Minute: "2d 23h",
		7*time.Hour + 10*time.Minute:  "7h10m",
		48 * time.Hour:                "2d",
		3 * time.Hour:                 "3h",
		25 * time.Minute:              "25m",
	} {
		if got := Age(d); got != want {
			t.Errorf("Age(%v) = %q, want %q", d, got, want)
		}
	}
}
