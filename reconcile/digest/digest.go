// Package digest writes each team lead's daily digest: the team's open
// gaps grouped by habit and rule, oldest first, each with its
// deliverable, owners, age, one line of evidence and links to the items,
// and what opened and resolved since the last digest; as plain text and
// as HTML with inline styles (mail clients drop style sheets), under a
// subject with the counts. When to send is Schedule's (cron expressions
// in a team's time zone).
package digest

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/ownerd/ownerd/model"
	"github.com/ownerd/ownerd/reconcile"
	"github.com/ownerd/ownerd/reconcile/notify"
	"github.com/ownerd/ownerd/reconcile/store"
	"github.com/ownerd/ownerd/rules"
)

// Link names an item and, where it has one, its web address.
type Link struct {
	Name string
	URL  string
}

// Links gives an item's web address ("" for mail, or where unknown).
type Links func(id model.ItemID) string

// Entry is one gap as a digest shows it.
type Entry struct {
	Rule        string
	Deliverable string // its key ticket and title, or a thread's subject
	Owners      []string
	Since       time.Time
	Age         string // how long the gap has been open, at the digest's time
	Summary     string
	Evidence    string // one line
	Links       []Link
	// Resolved is when it resolved (the resolved list only).
	Resolved time.Time
}

// Group is a habit's open gaps, rule by rule, in the rule table's order.
type Group struct {
	Habit string
	Rules []RuleEntries
}

// RuleEntries are one rule's open gaps, oldest first.
type RuleEntries struct {
	Rule    string
	Doc     string
	Entries []Entry
}

// Digest is one team's digest.
type Digest struct {
	Team string
	Lead *model.Person
	// At is the digest's moment; From is the last digest's (what opened
	// and resolved is counted from it).
	At, From time.Time
	Location *time.Location
	Open     []Group
	Count    int // open gaps
	Opened   []Entry
	Resolved []Entry
}

// Input is what a digest is made of.
type Input struct {
	Org  *model.Org
	Team string
	// Open are the open gaps (every team's: the team's are taken),
	// Resolved those resolved (at any time: those after From are taken).
	Open, Resolved []store.Gap
	// Deliverables by key, to name the items; may miss some.
	Deliverables map[model.ItemID]*rules.Deliverable
	Links        Links
	At, From     time.Time
}

// Build makes a team's digest.
func Build(in Input) Digest {
	loc := in.Org.Location
	if loc == nil {
		loc = time.UTC
	}
	d := Digest{Team: in.Team, At: in.At, From: in.From, Location: loc}
	for _, t := range in.Org.Teams {
		if t.Name == in.Team {
			d.Lead = in.Org.Person(t.Lead)
		}
	}
	byRule := map[string][]Entry{}
	for _, g := range sortedOldestFirst(in.Open) {
		if g.Team != in.Team {
			continue
		}
		e := entry(in, g, loc)
		byRule[g.Rule] = append(byRule[g.Rule], e)
		d.Count++
		if g.FirstSeen.After(in.From) {
			d.Opened = append(d.Opened, e)
		}
	}
	for _, g := range sortedOldestFirst(in.Resolved) {
		if g.Team == in.Team && g.ResolvedAt.After(in.From) && !g.ResolvedAt.After(in.At) {
			e := entry(in, g, loc)
			e.Resolved = g.ResolvedAt
			e.Age = rules.Age(g.ResolvedAt.Sub(g.Finding.Since))
			d.Resolved = append(d.Resolved, e)
		}
	}
	for _, habit := range []string{rules.OwnTheResult, rules.WalkTheTalk, rules.NoInvisible} {
		grp := Group{Habit: habit}
		for _, r := range rules.Table {
			if r.Habit == habit && len(byRule[r.Name]) > 0 {
				grp.Rules = append(grp.Rules, RuleEntries{Rule: r.Name, Doc: r.Doc, Entries: byRule[r.Name]})
			}
		}
		if len(grp.Rules) > 0 {
			d.Open = append(d.Open, grp)
		}
	}
	return d
}

func sortedOldestFirst(gaps []store.Gap) []store.Gap {
	out := slices.Clone(gaps)
	slices.SortStableFunc(out, func(a, b store.Gap) int {
		if c := a.Finding.Since.Compare(b.Finding.Since); c != 0 {
			return c
		}
		return strings.Compare(a.Key, b.Key)
	})
	return out
}

func entry(in Input, g store.Gap, loc *time.Location) Entry {
	f := g.Finding
	dl := in.Deliverables[g.Deliverable]
	e := Entry{Rule: g.Rule, Since: f.Since, Age: rules.Age(in.At.Sub(f.Since)), Summary: f.Summary}
	e.Deliverable = name(dl, g.Deliverable, loc, true)
	for _, o := range f.Owners {
		e.Owners = append(e.Owners, display(in.Org, o))
	}
	if len(f.Evidence) > 0 {
		ev := f.Evidence[len(f.Evidence)-1]
		who := ""
		if ev.By != "" {
			who = display(in.Org, ev.By) + ", "
		}
		e.Evidence = fmt.Sprintf("%s%s: %s", who, ev.At.In(loc).Format("Mon Jan 2 15:04"), oneLine(ev.Text, 200))
	}
	for _, id := range f.Items {
		l := Link{Name: name(itemOf(dl, id), id, loc, false)}
		if in.Links != nil {
			l.URL = in.Links(id)
		}
		e.Links = append(e.Links, l)
	}
	return e
}

func itemOf(dl *rules.Deliverable, id model.ItemID) *rules.Deliverable {
	if dl == nil || dl.Item(id) == nil {
		return nil
	}
	return &rules.Deliverable{Key: id, Items: []*model.Item{dl.Item(id)}}
}

// name names an item: a ticket by its key (and title), a mail thread by
// its subject and the date it began.
func name(dl *rules.Deliverable, id model.ItemID, loc *time.Location, title bool) string {
	if dl == nil || dl.Item(id) == nil {
		_, rest, _ := strings.Cut(string(id), ":")
		return rest
	}
	it := dl.Item(id)
	if it.System == model.Mail {
		return fmt.Sprintf("mail %q (%s)", oneLine(it.Title, 80), it.Created.In(loc).Format("Jan 2"))
	}
	if title && it.Title != "" {
		return fmt.Sprintf("%s %q", rules.Short(it), oneLine(it.Title, 80))
	}
	return rules.Short(it)
}

func display(org *model.Org, p model.PersonID) string {
	if person := org.Person(p); person != nil && person.Name != "" {
		return person.Name
	}
	return string(p)
}

func oneLine(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}

// Empty reports a digest with nothing in it: no open gap, none opened or
// resolved.
func (d Digest) Empty() bool { return d.Count == 0 && len(d.Resolved) == 0 }

// Subject is the mail's subject, with the counts.
func (d Digest) Subject() string {
	s := fmt.Sprintf("ownerd: %s — %s open", d.Team, plural(d.Count, "gap", "gaps"))
	if n := len(d.Opened); n > 0 {
		s += fmt.Sprintf(", %d new", n)
	}
	if n := len(d.Resolved); n > 0 {
		s += fmt.Sprintf(", %d resolved", n)
	}
	return s + " · " + d.At.In(d.Location).Format("Mon Jan 2")
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// WebLinks makes the Links of Jira sites and GitHub accounts: a Jira
// issue's /browse/KEY on its site, a GitHub item's page on github.com or
// an Enterprise Server host (its API base without /api/v3). site names
// the connector each item came from.
func WebLinks(site func(model.ItemID) string, jiraURL, githubAPI map[string]string) Links {
	return func(id model.ItemID) string {
		src := site(id)
		switch {
		case strings.HasPrefix(string(id), "jira:"):
			base, ok := jiraURL[src]
			if !ok {
				return ""
			}
			return strings.TrimSuffix(base, "/") + "/browse/" + strings.TrimPrefix(string(id), "jira:")
		case strings.HasPrefix(string(id), "github:"):
			api, ok := githubAPI[src]
			if !ok {
				return ""
			}
			web := strings.TrimSuffix(strings.TrimSuffix(strings.TrimSuffix(api, "/"), "/api/v3"), "/")
			if strings.Contains(web, "://api.github.com") {
				web = strings.Replace(web, "://api.github.com", "://github.com", 1)
			}
			repo, n, _ := strings.Cut(strings.TrimPrefix(string(id), "github:"), "#")
			return web + "/" + repo + "/issues/" + n
		}
		return ""
	}
}

// Gaps turns one evaluation's findings into open gaps as the ledger would
// hold them on first sight (first seen when each began), for a digest of
// a scenario, which has no ledger.
func Gaps(res reconcile.Result, org *model.Org) ([]store.Gap, map[model.ItemID]*rules.Deliverable) {
	byKey := make(map[model.ItemID]*rules.Deliverable, len(res.Deliverables))
	for _, d := range res.Deliverables {
		byKey[d.Key] = d
	}
	gaps := make([]store.Gap, 0, len(res.Findings))
	for _, f := range res.Findings {
		gaps = append(gaps, store.Gap{Key: store.GapKey(f.Rule, f.Deliverable), Rule: f.Rule, Deliverable: f.Deliverable,
			Team: notify.Team(f, byKey[f.Deliverable], org), Finding: f, FirstSeen: f.Since, LastSeen: res.Now})
	}
	return gaps, byKey
}

// Teams lists the organisation's teams, and Unassigned.
func Teams(org *model.Org) []string {
	out := make([]string, 0, len(org.Teams)+1)
	for _, t := range org.Teams {
		out = append(out, t.Name)
	}
	return append(out, notify.Unassigned)
}
