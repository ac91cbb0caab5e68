package synthetic

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/ownerd/ownerd/model"
)

// WriteScenario writes the organisation as a scenario file
// (../shared/spec/scenario.md), so that the scenario loader, `ownerd
// check` and the sandbox can be measured on an organisation of any size.
// Items are written one at a time: the writer holds one item's text.
func WriteScenario(w io.Writer, o *Org) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "name: synthetic\nnow: %s\ntimezone: UTC\n", o.Now.Format(time.RFC3339))
	org := orgOut{TeamDomains: o.Org.TeamDomains, ClientDomains: o.Org.ClientDomains}
	for _, p := range o.Org.People {
		org.People = append(org.People, personOut{ID: string(p.ID), Name: p.Name, Email: p.Email, Jira: p.Jira, GitHub: p.GitHub, Team: p.Team})
	}
	for _, t := range o.Org.Teams {
		org.Teams = append(org.Teams, teamOut{Name: t.Name, Lead: string(t.Lead)})
	}
	if err := section(bw, "org", org); err != nil {
		return err
	}
	for _, sys := range []model.System{model.Jira, model.GitHub} {
		fmt.Fprintf(bw, "%s:\n", sys)
		for _, it := range o.Snapshot.Items {
			if it.System != sys {
				continue
			}
			var v any = jiraOut(it)
			if sys == model.GitHub {
				v = githubOut(it)
			}
			if err := entry(bw, v); err != nil {
				return err
			}
		}
	}
	bw.WriteString("mail:\n")
	for _, m := range o.Snapshot.Messages {
		if err := entry(bw, mailOut(m)); err != nil {
			return err
		}
	}
	return bw.Flush()
}

// section writes a top-level key and its value.
func section(w *bufio.Writer, key string, v any) error {
	b, err := yaml.Marshal(map[string]any{key: v})
	if err != nil {
		return err
	}
	_, err = w.Write(b)
	return err
}

// entry writes one entry of a top-level list, indented under its key.
func entry(w *bufio.Writer, v any) error {
	b, err := yaml.Marshal([]any{v})
	if err != nil {
		return err
	}
	for _, line := range strings.SplitAfter(string(b), "\n") {
		if line != "" {
			w.WriteString("  ")
			w.WriteString(line)
		}
	}
	return nil
}

type orgOut struct {
	TeamDomains   []string    `yaml:"team_domains"`
	ClientDomains []string    `yaml:"client_domains"`
	People        []personOut `yaml:"people"`
	Teams         []teamOut   `yaml:"teams"`
}

type personOut struct {
	ID     string `yaml:"id"`
	Name   string `yaml:"name,omitempty"`
	Email  string `yaml:"email,omitempty"`
	Jira   string `yaml:"jira,omitempty"`
	GitHub string `yaml:"github,omitempty"`
	Team   string `yaml:"team,omitempty"`
}

type teamOut struct {
	Name string `yaml:"name"`
	Lead string `yaml:"lead,omitempty"`
}

type changeOut struct {
	At         string `yaml:"at"`
	By         string `yaml:"by,omitempty"`
	Field      string `yaml:"field,omitempty"`
	Event      string `yaml:"event,omitempty"`
	Assignee   string `yaml:"assignee,omitempty"`
	From       string `yaml:"from,omitempty"`
	To         string `yaml:"to,omitempty"`
	ToCategory string `yaml:"to_category,omitempty"`
}

type commentOut struct {
	At   string `yaml:"at"`
	By   string `yaml:"by,omitempty"`
	Body string `yaml:"body"`
}

func stamp(t time.Time) string { return t.UTC().Format(time.RFC3339) }

func day(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format("2006-01-02")
}

func first(ps []model.PersonID) string {
	if len(ps) == 0 {
		return ""
	}
	return string(ps[0])
}

func comments(cs []model.Comment) []commentOut {
	out := make([]commentOut, len(cs))
	for i, c := range cs {
		out[i] = commentOut{At: stamp(c.At), By: string(c.By), Body: c.Body}
	}
	return out
}

func jiraOut(it *model.Item) any {
	category := "indeterminate"
	if it.Done {
		category = "done"
	}
	var history []changeOut
	for _, c := range it.Changes {
		h := changeOut{At: stamp(c.At), By: string(c.By), Field: c.Field, From: c.From, To: c.To}
		switch c.Field {
		case "assignee":
			h.From, h.To = first(c.Unassigned), first(c.Assigned)
		case "duedate":
			h.From, h.To = day(c.DueFrom), day(c.DueTo)
		case "status":
			if c.Done == model.BecameDone {
				h.ToCategory = "done"
			}
		}
		history = append(history, h)
	}
	return struct {
		Key            string       `yaml:"key"`
		Summary        string       `yaml:"summary"`
		Description    string       `yaml:"description,omitempty"`
		Status         string       `yaml:"status"`
		StatusCategory string       `yaml:"status_category"`
		Labels         []string     `yaml:"labels,omitempty,flow"`
		Priority       string       `yaml:"priority,omitempty"`
		Created        string       `yaml:"created"`
		Creator        string       `yaml:"creator,omitempty"`
		Assignee       string       `yaml:"assignee,omitempty"`
		DueDate        string       `yaml:"duedate,omitempty"`
		History        []changeOut  `yaml:"history,omitempty"`
		Comments       []commentOut `yaml:"comments,omitempty"`
	}{
		strings.TrimPrefix(string(it.ID), "jira:"), it.Title, it.Body, it.Status, category, it.Labels, it.Priority,
		stamp(it.Created), string(it.Creator), first(it.Assignees), day(it.Due), history, comments(it.Comments),
	}
}

func githubOut(it *model.Item) any {
	repo, num, _ := strings.Cut(strings.TrimPrefix(string(it.ID), "github:"), "#")
	n, _ := strconv.Atoi(num)
	kind, state := "issue", "open"
	if it.Kind == model.PullRequest {
		kind = "pull_request"
	}
	if it.Done {
		state = "closed"
	}
	var events []changeOut
	for _, c := range it.Changes {
		e := changeOut{At: stamp(c.At), By: string(c.By), Event: c.Field}
		switch {
		case c.Field == "assignee" && len(c.Assigned) > 0:
			e.Event, e.Assignee = "assigned", first(c.Assigned)
		case c.Field == "assignee":
			e.Event, e.Assignee = "unassigned", first(c.Unassigned)
		}
		events = append(events, e)
	}
	assignees := make([]string, len(it.Assignees))
	for i, a := range it.Assignees {
		assignees[i] = string(a)
	}
	return struct {
		Repo      string       `yaml:"repo"`
		Number    int          `yaml:"number"`
		Kind      string       `yaml:"kind"`
		Title     string       `yaml:"title"`
		Body      string       `yaml:"body,omitempty"`
		Head      string       `yaml:"head,omitempty"`
		State     string       `yaml:"state"`
		Labels    []string     `yaml:"labels,omitempty,flow"`
		Created   string       `yaml:"created"`
		Author    string       `yaml:"author,omitempty"`
		Assignees []string     `yaml:"assignees,omitempty,flow"`
		Events    []changeOut  `yaml:"events,omitempty"`
		Comments  []commentOut `yaml:"comments,omitempty"`
	}{
		repo, n, kind, it.Title, it.Body, it.Branch, state, it.Labels, stamp(it.Created), string(it.Creator),
		assignees, events, comments(it.Comments),
	}
}

func mailOut(m *model.Message) any {
	return struct {
		MessageID  string   `yaml:"message_id"`
		Mailbox    string   `yaml:"mailbox"`
		Date       string   `yaml:"date"`
		From       string   `yaml:"from"`
		To         []string `yaml:"to,flow"`
		Subject    string   `yaml:"subject"`
		InReplyTo  string   `yaml:"in_reply_to,omitempty"`
		References []string `yaml:"references,omitempty,flow"`
		Body       string   `yaml:"body"`
	}{m.ID, m.Mailbox, stamp(m.At), m.FromAddr, m.ToAddrs, m.Subject, m.InReplyTo, m.References, m.Body}
}
