// Package scenario is the connector that reads a scenario file: one YAML
// document describing an organisation at a moment (its people, Jira issues,
// GitHub issues and pull requests, mail, and the time now), as
// ../shared/spec/scenario.md defines it.
//
// It plays the part the Jira, GitHub and mail connectors play against live
// systems: it turns the file into the normalized model, resolving every
// identity through the people directory as live data would be, so that the
// rules never know where their data came from. Reading is strict: an
// unknown field, a date that does not parse, a duplicate key or an
// undefined person id is refused with the file, the line and the field.
package scenario

import (
	"context"
	"fmt"
	"net/mail"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/ownerd/ownerd/config/yamlfile"
	"github.com/ownerd/ownerd/connectors"
	"github.com/ownerd/ownerd/model"
)

// Scenario is an organisation at a moment, read from a file.
type Scenario struct {
	File     string
	Title    string
	Now      time.Time
	Location *time.Location
	Org      *model.Org
	// Rules are the file's threshold overrides, to be validated against the
	// rule table by the caller.
	Rules    []yamlfile.RuleOverride
	Items    []*model.Item
	Messages []*model.Message
	Expect   []model.Expectation
	Absent   []model.Expectation
	// HasExpect tells `expect: []` (nothing may be reported) from a file
	// that states no expectations.
	HasExpect bool
}

// Name implements connectors.Source.
func (s *Scenario) Name() string { return "scenario:" + s.File }

// Poll returns the scenario's tickets and messages. Identities were resolved
// through the scenario's own people directory when it was read.
func (s *Scenario) Poll(ctx context.Context, _ *model.Org) (connectors.Snapshot, error) {
	if err := ctx.Err(); err != nil {
		return connectors.Snapshot{}, err
	}
	return connectors.Snapshot{Items: s.Items, Messages: s.Messages}, nil
}

var _ connectors.Source = (*Scenario)(nil)

// Load reads and checks the scenario file at path.
func Load(path string) (*Scenario, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read scenario: %w", err)
	}
	return Parse(path, data)
}

// Parse reads and checks a scenario. name is used in error messages. A
// problem with the content is returned as *yamlfile.Errors. Time and
// memory are linear in the size of data: the lists of items are read one
// entry at a time, each turned into the model as it is read.
func Parse(name string, data []byte) (*Scenario, error) {
	errs := yamlfile.NewList(name)
	var h head
	doc := yamlfile.Open(data, errs, &h, "jira", "github", "mail")
	if doc == nil {
		return nil, errs.Err()
	}
	if doc.Empty() && errs.Len() == 0 {
		errs.Addf(1, "", "the file is empty")
		return nil, errs.Err()
	}
	p := &parser{
		errs: errs, s: &Scenario{File: name},
		jiraKeys: map[string]int{}, githubIDs: map[model.ItemID]int{}, messageIDs: map[string]int{},
	}
	p.parseHead(&h)
	yamlfile.Each(doc, "jira", "a list of Jira issues", p.parseJira)
	yamlfile.Each(doc, "github", "a list of GitHub issues and pull requests", p.parseGitHub)
	yamlfile.Each(doc, "mail", "a list of mail messages", p.parseMail)
	if err := errs.Err(); err != nil {
		return nil, err
	}
	return p.s, nil
}

type parser struct {
	errs *yamlfile.List
	s    *Scenario
	loc  *time.Location
	org  *model.Org
	// The first line of each item, to refuse a second with the same name.
	jiraKeys   map[string]int
	githubIDs  map[model.ItemID]int
	messageIDs map[string]int
}

// firstLine is the first known line of those given: a field that was left
// out has none, and its error stands on a neighbour's.
func firstLine(lines ...int) int {
	for _, l := range lines {
		if l > 0 {
			return l
		}
	}
	return 1
}

func (p *parser) errorf(line int, field, format string, args ...any) {
	p.errs.Addf(firstLine(line), field, format, args...)
}

func (p *parser) required(v str, line int, field string) bool {
	if v.Bad {
		return false // its shape was wrong, and said so
	}
	if !v.Set || strings.TrimSpace(v.V) == "" {
		if v.Line > 0 {
			line = v.Line
		}
		p.errorf(line, field, "is required")
		return false
	}
	return true
}

func (p *parser) parseHead(f *head) {
	s := p.s
	s.Title = f.Name.V
	p.loc = time.UTC
	if f.Timezone.Set {
		loc, err := time.LoadLocation(f.Timezone.V)
		if err != nil {
			p.errorf(f.Timezone.Line, "timezone", "unknown time zone %q", f.Timezone.V)
		} else {
			p.loc = loc
		}
	}
	s.Location = p.loc
	p.org = &model.Org{Location: p.loc}
	if p.required(f.Now, 1, "now") {
		s.Now = p.time(f.Now, "now")
	}
	p.parseOrg(&f.Org)
	s.Rules = f.Rules.Overrides()
	s.Expect = p.expectations(f.Expect, "expect")
	s.HasExpect = f.Expect != nil
	s.Absent = p.expectations(f.Absent, "absent")
}

// Times are RFC 3339; one without an offset is in the scenario's zone.
func (p *parser) time(v str, field string) time.Time {
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02 15:04:05Z07:00", "2006-01-02T15:04"} {
		loc := p.loc
		if t, err := time.ParseInLocation(layout, strings.TrimSpace(v.V), loc); err == nil {
			return t
		}
	}
	p.errorf(v.Line, field, "%q is not a time (want RFC 3339, like 2026-03-12T14:00:00Z)", v.V)
	return time.Time{}
}

// date reads a calendar date and returns the end of that day in the
// organisation's zone: a date without a time ends at the end of that day.
func (p *parser) date(v str, field string) time.Time {
	d, err := time.ParseInLocation("2006-01-02", strings.TrimSpace(v.V), p.loc)
	if err != nil {
		p.errorf(v.Line, field, "%q is not a date (want YYYY-MM-DD)", v.V)
		return time.Time{}
	}
	return endOfDay(d, p.loc)
}

// endOfDay is the last second of t's calendar day in loc.
func endOfDay(t time.Time, loc *time.Location) time.Time {
	y, m, d := t.In(loc).Date()
	return time.Date(y, m, d, 23, 59, 59, 0, loc)
}

func (p *parser) parseOrg(o *orgFile) {
	org := p.org
	for _, d := range o.TeamDomains.V {
		org.TeamDomains = append(org.TeamDomains, strings.ToLower(d.V))
	}
	for _, d := range o.ClientDomains.V {
		org.ClientDomains = append(org.ClientDomains, strings.ToLower(d.V))
	}
	for _, v := range o.ClientVisible.V {
		if !strings.HasPrefix(v.V, "github:") && !strings.HasPrefix(v.V, "jira:") {
			p.errorf(v.Line, "org.client_visible", "%q names no source (want \"github:owner/repo\" or \"jira:PROJECT\")", v.V)
			continue
		}
		org.ClientVisible = append(org.ClientVisible, v.V)
	}
	teams := map[string]int{}
	for _, t := range o.Teams {
		if !p.required(t.Name, int(t.Pos), "org.teams.name") {
			continue
		}
		if first, dup := teams[t.Name.V]; dup {
			p.errorf(t.Name.Line, "org.teams.name", "duplicate team %q (first at line %d)", t.Name.V, first)
			continue
		}
		teams[t.Name.V] = t.Name.Line
	}
	seen := map[string]int{}
	idents := map[string]int{}
	for _, pf := range o.People {
		if !p.required(pf.ID, int(pf.Pos), "org.people.id") {
			continue
		}
		if first, dup := seen[pf.ID.V]; dup {
			p.errorf(pf.ID.Line, "org.people.id", "duplicate person %q (first at line %d)", pf.ID.V, first)
			continue
		}
		seen[pf.ID.V] = pf.ID.Line
		for _, ident := range []struct {
			v    str
			kind string
		}{{pf.Email, "email"}, {pf.Jira, "jira"}, {pf.GitHub, "github"}} {
			if !ident.v.Set {
				continue
			}
			k := ident.kind + ":" + strings.ToLower(ident.v.V)
			if first, dup := idents[k]; dup {
				p.errorf(ident.v.Line, "org.people."+ident.kind, "%q belongs to two people (first at line %d)", ident.v.V, first)
			}
			idents[k] = ident.v.Line
		}
		if pf.Email.Set {
			if _, err := mail.ParseAddress(pf.Email.V); err != nil {
				p.errorf(pf.Email.Line, "org.people.email", "%q is not an email address", pf.Email.V)
			}
		}
		if pf.Team.Set {
			if _, ok := teams[pf.Team.V]; !ok {
				p.errorf(pf.Team.Line, "org.people.team", "undefined team %q", pf.Team.V)
			}
		}
		org.People = append(org.People, model.Person{
			ID: model.PersonID(pf.ID.V), Name: pf.Name.V, Email: pf.Email.V,
			Jira: pf.Jira.V, GitHub: pf.GitHub.V, Team: pf.Team.V,
		})
	}
	for _, t := range o.Teams {
		if t.Lead.Set {
			if _, ok := seen[t.Lead.V]; !ok {
				p.errorf(t.Lead.Line, "org.teams.lead", "undefined person %q", t.Lead.V)
			}
		}
		org.Teams = append(org.Teams, model.Team{Name: t.Name.V, Lead: model.PersonID(t.Lead.V)})
	}
	org.Index()
	p.org = org
	p.s.Org = org
}

// person resolves a `by`, `assignee`, `author`… value: a person id, else a
// raw identity of the item's system resolved like live data would be.
func (p *parser) person(sys model.System, v str) model.PersonID {
	if !v.Set {
		return ""
	}
	id := strings.TrimSpace(v.V)
	if p.org.Person(model.PersonID(id)) != nil {
		return model.PersonID(id)
	}
	return p.org.Resolve(sys, id)
}

// parseJira turns one entry of `jira:` into an item.
func (p *parser) parseJira(f *jiraFile) {
	if !p.required(f.Key, int(f.Pos), "jira.key") {
		return
	}
	key := f.Key.V
	if first, dup := p.jiraKeys[key]; dup {
		p.errorf(f.Key.Line, "jira.key", "duplicate issue %q (first at line %d)", key, first)
		return
	}
	p.jiraKeys[key] = f.Key.Line
	dash := strings.LastIndexByte(key, '-')
	if dash <= 0 || !reJiraKey.MatchString(key) {
		p.errorf(f.Key.Line, "jira.key", "%q is not a Jira key (want PROJECT-123)", key)
		return
	}
	it := &model.Item{
		ID: model.JiraID(key), System: model.Jira, Kind: model.JiraIssue,
		Source: "jira:" + key[:dash], Title: f.Summary.V, Body: f.Description.V,
		Priority: f.Priority.V, Status: f.Status.V,
	}
	for _, l := range f.Labels.V {
		it.Labels = append(it.Labels, l.V)
	}
	field := "jira[" + key + "]."
	if p.required(f.Created, int(f.Pos), field+"created") {
		it.Created = p.time(f.Created, field+"created")
	}
	category := "indeterminate"
	if f.StatusCategory.Set {
		category = f.StatusCategory.V
		if !validCategory(category) {
			p.errorf(f.StatusCategory.Line, field+"status_category", "%q is not a status category (new, indeterminate, done)", category)
		}
	} else if model.LooksDone(f.Status.V) {
		category = "done"
	}
	it.Done = category == "done"
	creator := f.Creator
	if !creator.Set {
		creator = f.Reporter
	}
	it.Creator = p.person(model.Jira, creator)
	if a := p.person(model.Jira, f.Assignee); a != "" {
		it.Assignees = []model.PersonID{a}
	}
	if f.DueDate.Set && f.DueDate.V != "" {
		it.Due = p.date(f.DueDate, field+"duedate")
	}
	wasDone := false
	for _, h := range f.History {
		hf := field + "history."
		if !p.required(h.At, int(h.Pos), hf+"at") || !p.required(h.Field, int(h.Pos), hf+"field") {
			continue
		}
		c := model.Change{At: p.time(h.At, hf+"at"), By: p.person(model.Jira, h.By), Field: h.Field.V, From: h.From.V, To: h.To.V}
		switch strings.ToLower(h.Field.V) {
		case "assignee":
			c.Field = "assignee"
			if a := p.person(model.Jira, h.From); a != "" {
				c.Unassigned = []model.PersonID{a}
			}
			if a := p.person(model.Jira, h.To); a != "" {
				c.Assigned = []model.PersonID{a}
			}
		case "status":
			c.Field = "status"
			cat := h.ToCategory.V
			switch {
			case h.ToCategory.Set:
				if !validCategory(cat) {
					p.errorf(h.ToCategory.Line, hf+"to_category", "%q is not a status category (new, indeterminate, done)", cat)
				}
			case h.To.V == f.Status.V:
				cat = category
			case model.LooksDone(h.To.V):
				cat = "done"
			}
			nowDone := cat == "done"
			c.Done = model.DoneBy(wasDone, nowDone)
			wasDone = nowDone
		case "duedate":
			c.Field = "duedate"
			if h.From.V != "" {
				c.DueFrom = p.date(h.From, hf+"from")
			}
			if h.To.V != "" {
				c.DueTo = p.date(h.To, hf+"to")
			}
		}
		it.Changes = append(it.Changes, c)
	}
	it.Comments = p.comments(model.Jira, f.Comments, field+"comments")
	p.s.Items = append(p.s.Items, it)
}

// validCategory reports whether c is one of Jira's status categories.
func validCategory(c string) bool { return c == "new" || c == "indeterminate" || c == "done" }

func (p *parser) comments(sys model.System, cs []commentFile, field string) []model.Comment {
	out := make([]model.Comment, 0, len(cs))
	for _, c := range cs {
		if !p.required(c.At, int(c.Pos), field+".at") {
			continue
		}
		out = append(out, model.Comment{At: p.time(c.At, field+".at"), By: p.person(sys, c.By), Body: c.Body.V})
	}
	return out
}

// parseGitHub turns one entry of `github:` into an item.
func (p *parser) parseGitHub(f *githubFile) {
	if !p.required(f.Repo, int(f.Pos), "github.repo") || !p.required(f.Number, int(f.Pos), "github.number") {
		return
	}
	if !reRepo.MatchString(f.Repo.V) {
		p.errorf(f.Repo.Line, "github.repo", "%q is not owner/repo", f.Repo.V)
		return
	}
	n, err := strconv.Atoi(f.Number.V)
	if err != nil || n <= 0 {
		p.errorf(f.Number.Line, "github.number", "%q is not an issue number", f.Number.V)
		return
	}
	id := model.GitHubID(f.Repo.V, n)
	// GitHub's owner and repository names are case-insensitive.
	lower := model.ItemID(strings.ToLower(string(id)))
	if first, dup := p.githubIDs[lower]; dup {
		p.errorf(f.Number.Line, "github.number", "duplicate item %s (first at line %d)", id, first)
		return
	}
	p.githubIDs[lower] = f.Number.Line
	field := "github[" + string(id)[len("github:"):] + "]."
	it := &model.Item{ID: id, System: model.GitHub, Kind: model.GitHubIssue, Source: "github:" + f.Repo.V, Title: f.Title.V, Body: f.Body.V}
	switch f.Kind.V {
	case "", "issue":
	case "pull_request":
		it.Kind = model.PullRequest
		it.Branch = f.Head.V
	default:
		p.errorf(f.Kind.Line, field+"kind", "%q is not a kind (issue, pull_request)", f.Kind.V)
	}
	merged := false
	if f.Merged.Set {
		merged, err = strconv.ParseBool(f.Merged.V)
		if err != nil {
			p.errorf(f.Merged.Line, field+"merged", "%q is not true or false", f.Merged.V)
		}
	}
	switch f.State.V {
	case "", "open":
		if merged {
			p.errorf(firstLine(f.State.Line, f.Merged.Line), field+"state", "a merged pull request is closed")
		}
	case "closed":
		it.Done = true
	default:
		p.errorf(f.State.Line, field+"state", "%q is not a state (open, closed)", f.State.V)
	}
	it.Status = "open"
	if it.Done {
		it.Status = "closed"
	}
	for _, l := range f.Labels.V {
		it.Labels = append(it.Labels, l.V)
	}
	if f.Milestone != nil && f.Milestone.DueOn.Set {
		// A milestone's due_on is read as the date it names in UTC, and
		// ends at the end of that day in the organisation's zone.
		if t := p.time(f.Milestone.DueOn, field+"milestone.due_on"); !t.IsZero() {
			y, m, d := t.UTC().Date()
			it.Due = time.Date(y, m, d, 23, 59, 59, 0, p.loc)
		}
	}
	if p.required(f.Created, int(f.Pos), field+"created") {
		it.Created = p.time(f.Created, field+"created")
	}
	it.Creator = p.person(model.GitHub, f.Author)
	for _, a := range f.Assignees.V {
		it.Assignees = append(it.Assignees, p.person(model.GitHub, a))
	}
	for _, e := range f.Events {
		ef := field + "events."
		if !p.required(e.At, int(e.Pos), ef+"at") || !p.required(e.Event, int(e.Pos), ef+"event") {
			continue
		}
		c := model.Change{At: p.time(e.At, ef+"at"), By: p.person(model.GitHub, e.By), Field: e.Event.V}
		switch e.Event.V {
		case "assigned", "unassigned":
			if !p.required(e.Assignee, int(e.Pos), ef+"assignee") {
				continue
			}
			c.Field, c.To = "assignee", e.Assignee.V
			a := []model.PersonID{p.person(model.GitHub, e.Assignee)}
			if e.Event.V == "assigned" {
				c.Assigned = a
			} else {
				c.Unassigned = a
			}
		case "labeled", "unlabeled":
			if !p.required(e.Label, int(e.Pos), ef+"label") {
				continue
			}
			c.Field, c.To = "labels", e.Label.V
		case "closed", "merged":
			c.Field, c.Done = "state", model.BecameDone
		case "reopened":
			c.Field, c.Done = "state", model.BecameOpen
		}
		it.Changes = append(it.Changes, c)
	}
	it.Comments = p.comments(model.GitHub, f.Comments, field+"comments")
	p.s.Items = append(p.s.Items, it)
}

// parseMail turns one entry of `mail:` into a message.
func (p *parser) parseMail(f *mailFile) {
	if !p.required(f.MessageID, int(f.Pos), "mail.message_id") {
		return
	}
	id := strings.TrimSpace(f.MessageID.V)
	if !reMsgID.MatchString(id) {
		p.errorf(f.MessageID.Line, "mail.message_id", "%q is not a Message-ID (want <local@host>)", id)
		return
	}
	if first, dup := p.messageIDs[id]; dup {
		p.errorf(f.MessageID.Line, "mail.message_id", "duplicate message %s (first at line %d)", id, first)
		return
	}
	p.messageIDs[id] = f.MessageID.Line
	field := "mail[" + id + "]."
	m := &model.Message{ID: id, Mailbox: f.Mailbox.V, Subject: f.Subject.V, Body: f.Body.V, InReplyTo: strings.TrimSpace(f.InReplyTo.V)}
	if m.Mailbox == "" {
		m.Mailbox = "INBOX"
	}
	if p.required(f.Date, int(f.Pos), field+"date") {
		m.At = p.time(f.Date, field+"date")
	}
	if p.required(f.From, int(f.Pos), field+"from") {
		if a, err := mail.ParseAddress(f.From.V); err != nil {
			p.errorf(f.From.Line, field+"from", "%q is not an address (want Name <user@host> or user@host)", f.From.V)
		} else {
			m.FromAddr = strings.ToLower(a.Address)
			m.From = p.org.Resolve(model.Mail, m.FromAddr)
		}
	}
	for _, list := range []struct {
		v    strs
		name string
	}{{f.To, "to"}, {f.Cc, "cc"}} {
		for _, v := range list.v.V {
			a, err := mail.ParseAddress(v.V)
			if err != nil {
				p.errorf(v.Line, field+list.name, "%q is not an address (want Name <user@host> or user@host)", v.V)
				continue
			}
			addr := strings.ToLower(a.Address)
			m.ToAddrs = append(m.ToAddrs, addr)
			m.To = append(m.To, p.org.Resolve(model.Mail, addr))
		}
	}
	if m.InReplyTo != "" && !reMsgID.MatchString(m.InReplyTo) {
		p.errorf(f.InReplyTo.Line, field+"in_reply_to", "%q is not a Message-ID", m.InReplyTo)
	}
	for _, r := range f.References.V {
		ref := strings.TrimSpace(r.V)
		if !reMsgID.MatchString(ref) {
			p.errorf(r.Line, field+"references", "%q is not a Message-ID", ref)
			continue
		}
		m.References = append(m.References, ref)
	}
	p.s.Messages = append(p.s.Messages, m)
}

func (p *parser) expectations(es []expectFile, field string) []model.Expectation {
	var out []model.Expectation
	for _, e := range es {
		if !p.required(e.Rule, int(e.Pos), field+".rule") {
			continue
		}
		out = append(out, model.Expectation{Rule: e.Rule.V, Item: model.ItemID(strings.TrimSpace(e.Item.V)), Line: e.Rule.Line})
	}
	return out
}
