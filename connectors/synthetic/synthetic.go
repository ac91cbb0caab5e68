// Package synthetic generates a made-up organisation of any size,
// deterministically from a seed: people, Jira issues, GitHub issues and pull
// requests, and mail threads with realistic history, comments and wording,
// linked into deliverables the way teams link them (ticket keys in titles,
// subjects and branch names). It exists for benchmarks and load tests, where
// the shape of the data matters more than its story.
package synthetic

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/ownerd/ownerd/connectors"
	"github.com/ownerd/ownerd/model"
)

// Org is a generated organisation.
type Org struct {
	Org      *model.Org
	Now      time.Time
	Snapshot connectors.Snapshot
}

// Name implements connectors.Source.
func (o *Org) Name() string { return "synthetic" }

// Poll returns the generated items.
func (o *Org) Poll(ctx context.Context, _ *model.Org) (connectors.Snapshot, error) {
	return o.Snapshot, ctx.Err()
}

var _ connectors.Source = (*Org)(nil)

// The words people write, by what they say. Each deliverable draws its
// comments and mail from these, so the language reader sees a realistic mix.
var (
	commitments = []string{
		"I'll have the revised deck to you by tomorrow morning.",
		"We will send the final files on Friday.",
		"Let me check with the printer and get back to you by 3pm.",
		"I'll upload the new cut tonight.",
		"Josh will send the banners next week.",
	}
	deflections = []string{
		"I would love to help, but it's out of my hands.",
		"Not my call, you'd have to talk to Scheduling.",
	}
	requests = []string{
		"Hi, where are we with the revised campaign? We need it to lock the plan.",
		"Could you swap the hero image in Monday's email?",
		"Is there any flexibility on the delivery date?",
	}
	thanks = []string{"Thanks, got it!", "Great, thank you.", "Perfect, thanks!"}
	notes  = []string{
		"Draft v2 is in the shared folder.",
		"Copy matches the brief; the headline still needs sign-off.",
		"Sent the draft to the team for review.",
		"Reviewed with the client on the call; they are happy with the direction.",
	}
	quoted = "\n\nOn Mon, Apr 13, 2026 at 9:05 AM Client <c@client%d.example> wrote:\n> Where are we with the revised campaign?\n> I need it to lock the launch plan with my team.\n> Thanks\n"
)

// Generate makes an organisation with n deliverables (plus about a fifth as
// many internal tickets that belong to none), evaluated at a fixed now.
func Generate(n int, seed uint64) *Org {
	r := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	now := time.Date(2026, 4, 15, 17, 0, 0, 0, time.UTC)
	org := &model.Org{TeamDomains: []string{"agency.example"}, Location: time.UTC}
	const people = 200
	for i := range people {
		id := fmt.Sprintf("p%d", i)
		org.People = append(org.People, model.Person{ID: model.PersonID(id), Name: "Person " + id, Email: id + "@agency.example", Jira: id, GitHub: id + "-gh", Team: fmt.Sprintf("t%d", i%10)})
	}
	for i := range 10 {
		org.Teams = append(org.Teams, model.Team{Name: fmt.Sprintf("t%d", i), Lead: model.PersonID(fmt.Sprintf("p%d", i))})
	}
	for i := range n/50 + 1 {
		org.ClientDomains = append(org.ClientDomains, fmt.Sprintf("client%d.example", i))
	}
	org.Index()

	g := &gen{r: r, now: now, org: org}
	for d := range n {
		g.deliverable(d)
	}
	for i := range n / 5 {
		it := g.jira(fmt.Sprintf("OPS-%d", i+1), nil)
		g.snap.Items = append(g.snap.Items, it)
	}
	return &Org{Org: org, Now: now, Snapshot: g.snap}
}

type gen struct {
	r    *rand.Rand
	now  time.Time
	org  *model.Org
	snap connectors.Snapshot
	msgs int
}

func (g *gen) person() model.PersonID { return model.PersonID(fmt.Sprintf("p%d", g.r.IntN(200))) }

// ago is a moment up to days before now.
func (g *gen) ago(days int) time.Time {
	return g.now.Add(-time.Duration(g.r.Int64N(int64(days) * int64(24*time.Hour))))
}

func (g *gen) pick(list []string) string { return list[g.r.IntN(len(list))] }

// text is something a team member writes: mostly notes, sometimes a
// commitment, rarely a deflection.
func (g *gen) text() string {
	switch x := g.r.IntN(20); {
	case x < 12:
		return g.pick(notes)
	case x < 17:
		return g.pick(commitments)
	case x < 18:
		return g.pick(deflections)
	}
	return g.pick(requests)
}

func (g *gen) deliverable(d int) {
	key := fmt.Sprintf("MKT-%d", d+1)
	client := fmt.Sprintf("client%d.example", d/50)
	switch shape := g.r.IntN(20); {
	case shape < 3: // a mail-only request
		g.thread(d, client, "")
		return
	case shape < 5: // a GitHub issue alone
		it := g.github(fmt.Sprintf("agency/site%d", d%100), d+1, model.GitHubIssue, "")
		it.Labels = []string{"client"}
		g.snap.Items = append(g.snap.Items, it)
		return
	}
	it := g.jira(key, []string{"client-facing"})
	g.snap.Items = append(g.snap.Items, it)
	if g.r.IntN(2) == 0 {
		pr := g.github(fmt.Sprintf("agency/site%d", d%100), 100000+d, model.PullRequest, key)
		// The ticket's owner usually opens and owns the pull request too.
		if len(it.Assignees) > 0 && len(pr.Assignees) > 0 && g.r.IntN(4) > 0 {
			pr.Assignees[0] = it.Assignees[0]
			pr.Changes[0].By, pr.Changes[0].Assigned = it.Assignees[0], pr.Assignees
		}
		g.snap.Items = append(g.snap.Items, pr)
	}
	if g.r.IntN(5) < 3 {
		g.thread(d, client, key)
	}
}

func (g *gen) jira(key string, labels []string) *model.Item {
	created := g.ago(30)
	it := &model.Item{
		ID: model.JiraID(key), System: model.Jira, Kind: model.JiraIssue, Source: "jira:" + key[:3],
		Title: "Campaign work for " + key, Body: "Revise the campaign per the client's notes: headlines, visuals and copy.",
		Created: created, Creator: g.person(), Labels: labels, Status: "In Progress",
	}
	if g.r.IntN(4) == 0 {
		it.Priority = "High"
	} else {
		it.Priority = "Medium"
	}
	if g.r.IntN(8) == 0 {
		it.Done, it.Status = true, "Done"
	}
	at := created
	step := func() time.Time {
		at = at.Add(time.Duration(g.r.Int64N(int64(48 * time.Hour))))
		return at
	}
	var owner model.PersonID
	// Most tickets are assigned once; some are handed on once or twice.
	handoffs := 0
	if g.r.IntN(10) < 3 {
		handoffs = 1 + g.r.IntN(2)
	}
	for range handoffs + 1 {
		next := g.person()
		c := model.Change{At: step(), By: g.person(), Field: "assignee", Assigned: []model.PersonID{next}}
		if owner != "" {
			c.Unassigned = []model.PersonID{owner}
		}
		it.Changes = append(it.Changes, c)
		owner = next
	}
	if g.r.IntN(20) == 0 {
		it.Changes = append(it.Changes, model.Change{At: step(), By: owner, Field: "assignee", Unassigned: []model.PersonID{owner}})
		owner = ""
	}
	if owner != "" {
		it.Assignees = []model.PersonID{owner}
	}
	if g.r.IntN(3) == 0 {
		due := time.Date(2026, 4, 13+g.r.IntN(30), 23, 59, 59, 0, time.UTC)
		for range g.r.IntN(5) / 2 {
			later := due.AddDate(0, 0, 1+g.r.IntN(4))
			it.Changes = append(it.Changes, model.Change{At: step(), By: g.person(), Field: "duedate", DueFrom: due, DueTo: later})
			due = later
		}
		it.Due = due
	}
	if it.Done {
		it.Changes = append(it.Changes, model.Change{At: step(), By: owner, Field: "status", From: "In Progress", To: "Done", Done: model.BecameDone})
	}
	for range g.r.IntN(5) {
		by := owner
		if by == "" || g.r.IntN(3) == 0 {
			by = g.person()
		}
		it.Comments = append(it.Comments, model.Comment{At: step(), By: by, Body: g.text()})
	}
	// Most work is alive: its owner wrote on it in the last few days.
	if owner != "" && g.r.IntN(10) < 7 {
		it.Comments = append(it.Comments, model.Comment{At: g.ago(3), By: owner, Body: g.pick(notes)})
	}
	return it
}

func (g *gen) github(repo string, number int, kind model.Kind, key string) *model.Item {
	it := &model.Item{
		ID: model.GitHubID(repo, number), System: model.GitHub, Kind: kind, Source: "github:" + repo,
		Title: "Landing page copy", Body: "Copy and layout for the landing page.", Created: g.ago(20), Creator: g.person(), Status: "open",
	}
	if key != "" {
		it.Title = key + ": landing page copy"
		it.Branch = "feature/" + key + "-landing"
	}
	if g.r.IntN(2) == 0 {
		a := g.person()
		it.Assignees = []model.PersonID{a}
		it.Changes = append(it.Changes, model.Change{At: it.Created.Add(time.Minute), By: a, Field: "assignee", Assigned: it.Assignees})
	}
	for i := range g.r.IntN(4) {
		it.Comments = append(it.Comments, model.Comment{At: it.Created.Add(time.Duration(i+1) * 3 * time.Hour), By: g.person(), Body: g.text()})
	}
	return it
}

// thread writes a client thread: the client asks, the team answers, back
// and forth, with the history quoted under each reply.
func (g *gen) thread(d int, client, key string) {
	subject := fmt.Sprintf("Campaign update %d", d)
	if key != "" {
		subject += " [" + key + "]"
	}
	clientAddr := fmt.Sprintf("c%d@%s", d, client)
	teamMember := g.person()
	teamAddr := string(teamMember) + "@agency.example"
	at := g.ago(14)
	var refs []string
	for i := range g.r.IntN(5) + 1 {
		g.msgs++
		id := fmt.Sprintf("<m%d.%d@synthetic.example>", g.msgs, d)
		m := &model.Message{ID: id, At: at, Subject: subject, References: append([]string(nil), refs...)}
		if len(refs) > 0 {
			m.InReplyTo = refs[len(refs)-1]
			m.Subject = "Re: " + subject
		}
		if i%2 == 0 {
			m.Mailbox, m.FromAddr, m.From = "INBOX", clientAddr, model.PersonID(clientAddr)
			m.ToAddrs, m.To = []string{teamAddr}, []model.PersonID{teamMember}
			m.Body = g.pick(requests)
			if i > 0 && g.r.IntN(3) == 0 {
				m.Body = g.pick(thanks)
			}
		} else {
			m.Mailbox, m.FromAddr, m.From = "Sent", teamAddr, teamMember
			m.ToAddrs, m.To = []string{clientAddr}, []model.PersonID{model.PersonID(clientAddr)}
			m.Body = "Hi,\n\n" + g.text() + "\n\nBest,\nTeam" + fmt.Sprintf(quoted, d/50)
		}
		g.snap.Messages = append(g.snap.Messages, m)
		refs = append(refs, id)
		at = at.Add(time.Duration(g.r.Int64N(int64(30 * time.Hour))))
	}
}
