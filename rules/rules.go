// Package rules holds the nine gap rules of ../shared/spec/rules.md. Each
// rule is a pure function of one deliverable, its thresholds and the moment
// of evaluation, in a file of its own, and is registered once in Table, the
// list that configuration is validated against and that findings are
// ordered by.
//
// A rule reads a Deliverable: the linked items with facts computed once
// (owners over time, last activity per person, the readings of every text).
// Rules never ask which system an item came from beyond what the
// specification needs (is it a ticket, is its source client-visible).
package rules

import (
	"fmt"
	"strings"
	"time"

	"github.com/ownerd/ownerd/model"
)

// Rule is one gap rule.
type Rule struct {
	// Name is the rule's name in findings and configuration.
	Name string
	// Habit is the habit of accountable teams the rule guards.
	Habit string
	// Doc is one sentence saying what the rule reports.
	Doc string
	// Params are the rule's thresholds with their defaults.
	Params []Param
	// InhibitedBy names rules whose finding on the same deliverable
	// suppresses this rule's.
	InhibitedBy []string
	// Eval returns the rule's finding on d at now, or nil. It only fills
	// Rule-specific fields; Evaluate fills the rest.
	Eval func(d *Deliverable, p Params, now time.Time) *Finding
}

// Habits of accountable teams, as the specification groups the rules.
const (
	OwnTheResult = "Own the end result"
	WalkTheTalk  = "Walk the talk"
	NoInvisible  = "No invisibility"
)

// ParamKind is the type of a threshold.
type ParamKind int8

// The kinds of threshold.
const (
	Duration ParamKind = iota
	Count
)

// Param is one threshold of a rule.
type Param struct {
	Name    string
	Kind    ParamKind
	Default int64 // a time.Duration for Duration params
	Doc     string
}

// Params are a rule's thresholds by name: durations as time.Duration
// nanoseconds, counts as numbers.
type Params map[string]int64

// Duration returns the named duration threshold.
func (p Params) Duration(name string) time.Duration { return time.Duration(p.get(name)) }

// Int returns the named count threshold.
func (p Params) Int(name string) int { return int(p.get(name)) }

// get panics on a name the rule does not declare: settings always hold
// every declared threshold, so a miss is a typo in a rule, and a silent 0
// would make it fire on everything.
func (p Params) get(name string) int64 {
	v, ok := p[name]
	if !ok {
		panic(fmt.Sprintf("rules: threshold %q is not declared", name))
	}
	return v
}

// RepeatEveryParam is the threshold every rule has: how often an alert on
// an open gap may be repeated.
var RepeatEveryParam = Param{Name: "repeat_every", Kind: Duration, Default: int64(72 * time.Hour), Doc: "repeat an alert on an open gap no more often than this"}

// Table is every rule, in the order findings are listed.
var Table = []*Rule{
	NoOwner,
	SplitOwner,
	SilentHandoff,
	IdleOwner,
	UntrackedRequest,
	BrokenPromise,
	SlippedDeadline,
	IdlePriority,
	Deflection,
}

// Lookup returns the rule with the given name, or nil.
func Lookup(name string) *Rule {
	for _, r := range Table {
		if r.Name == name {
			return r
		}
	}
	return nil
}

// Names lists the rules' names in table order.
func Names() []string {
	names := make([]string, len(Table))
	for i, r := range Table {
		names[i] = r.Name
	}
	return names
}

// Param returns the rule's threshold of the given name (repeat_every
// included), or false.
func (r *Rule) Param(name string) (Param, bool) {
	for _, p := range r.Params {
		if p.Name == name {
			return p, true
		}
	}
	if name == RepeatEveryParam.Name {
		return RepeatEveryParam, true
	}
	return Param{}, false
}

// ParamNames lists the names of the rule's thresholds, repeat_every last.
func (r *Rule) ParamNames() []string {
	var names []string
	for _, p := range r.Params {
		names = append(names, p.Name)
	}
	return append(names, RepeatEveryParam.Name)
}

// Setting is how one rule is configured.
type Setting struct {
	Enabled bool
	Params  Params
}

// Settings configure every rule by name. Start from DefaultSettings.
type Settings map[string]Setting

// DefaultSettings enables every rule with the thresholds of the
// specification.
func DefaultSettings() Settings {
	s := make(Settings, len(Table))
	for _, r := range Table {
		p := Params{RepeatEveryParam.Name: RepeatEveryParam.Default}
		for _, param := range r.Params {
			p[param.Name] = param.Default
		}
		s[r.Name] = Setting{Enabled: true, Params: p}
	}
	return s
}

// Finding is one gap a rule found on a deliverable.
type Finding struct {
	Rule        string           `json:"rule"`
	Deliverable model.ItemID     `json:"deliverable"`
	Items       []model.ItemID   `json:"items"`
	Target      model.ItemID     `json:"target"`
	Owners      []model.PersonID `json:"owners"`
	// Since is when the gap's condition began to hold.
	Since    time.Time  `json:"since"`
	Summary  string     `json:"summary"`
	Evidence []Evidence `json:"evidence"`
}

// Evidence is one fact behind a finding.
type Evidence struct {
	Item model.ItemID   `json:"item"`
	At   time.Time      `json:"at"`
	By   model.PersonID `json:"by,omitempty"`
	Text string         `json:"text"`
}

// Evaluate runs every enabled rule on d at now and returns its findings in
// table order, with inhibited findings removed.
func Evaluate(d *Deliverable, s Settings, now time.Time) []Finding {
	var out []Finding
	for _, r := range Table {
		set, ok := s[r.Name]
		if !ok || !set.Enabled {
			continue
		}
		f := r.Eval(d, set.Params, now)
		if f == nil {
			continue
		}
		f.Rule = r.Name
		f.Deliverable = d.Key
		f.Items = d.IDs()
		f.Owners = d.Owners
		if f.Target == "" {
			f.Target = d.Key
		}
		f.Since = f.Since.UTC()
		for i := range f.Evidence {
			f.Evidence[i].At = f.Evidence[i].At.UTC()
		}
		if f.Evidence == nil {
			f.Evidence = []Evidence{}
		}
		out = append(out, *f)
	}
	if len(out) < 2 {
		return out
	}
	kept := out[:0]
	for _, f := range out {
		if !inhibited(f.Rule, out) {
			kept = append(kept, f)
		}
	}
	return kept
}

func inhibited(rule string, found []Finding) bool {
	for _, by := range Lookup(rule).InhibitedBy {
		for _, f := range found {
			if f.Rule == by {
				return true
			}
		}
	}
	return false
}

// Age writes a duration for people: "2d 23h", "7h10m", "25m".
func Age(d time.Duration) string {
	if d < 0 {
		d = -d
	}
	days := int(d / (24 * time.Hour))
	hours := int(d % (24 * time.Hour) / time.Hour)
	mins := int(d % time.Hour / time.Minute)
	switch {
	case days > 0 && hours > 0:
		return fmt.Sprintf("%dd %dh", days, hours)
	case days > 0:
		return fmt.Sprintf("%dd", days)
	case hours > 0 && mins > 0:
		return fmt.Sprintf("%dh%02dm", hours, mins)
	case hours > 0:
		return fmt.Sprintf("%dh", hours)
	}
	return fmt.Sprintf("%dm", mins)
}

// Who names a person for people: the first word of the directory name, or
// the identity itself.
func (d *Deliverable) Who(p model.PersonID) string {
	if p == "" {
		return "someone"
	}
	if person := d.Org.Person(p); person != nil {
		if f := strings.Fields(person.Name); len(f) > 0 {
			return f[0]
		}
	}
	return string(p)
}

// Short names an item for people: "MKT-101", "agency/site#42", or the mail
// thread's subject in quotes.
func Short(it *model.Item) string {
	switch it.System {
	case model.Jira:
		return strings.TrimPrefix(string(it.ID), "jira:")
	case model.GitHub:
		return strings.TrimPrefix(string(it.ID), "github:")
	}
	if it.Title != "" {
		return fmt.Sprintf("the thread %q", it.Title)
	}
	return "the thread " + strings.TrimPrefix(string(it.ID), "mail:")
}

// quote shortens a text for evidence.
func quote(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > 160 {
		s = string(r[:157]) + "..."
	}
	return s
}
