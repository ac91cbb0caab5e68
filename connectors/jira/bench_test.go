package jira

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/ownerd/ownerd/connectors/jira/jiratest"
	"github.com/ownerd/ownerd/model"
)

// busySite makes n issues as a busy Jira holds them: up to 100 changelog
// entries (hand-offs, status moves, due dates, labels) and up to 20
// comments each, the most Cloud's search carries inline.
func busySite(n int) ([]*model.Item, *model.Org) {
	r := rand.New(rand.NewPCG(7, 7))
	org := &model.Org{}
	for i := range 50 {
		org.People = append(org.People, model.Person{ID: model.PersonID(fmt.Sprintf("p%d", i)), Jira: fmt.Sprintf("acct-%d", i), Email: fmt.Sprintf("p%d@agency.example", i)})
	}
	org.Index()
	start := time.Date(2026, 1, 1, 9, 0, 0, 0, time.UTC)
	items := make([]*model.Item, n)
	for i := range n {
		key := fmt.Sprintf("MKT-%d", i+1)
		it := &model.Item{ID: model.JiraID(key), System: model.Jira, Kind: model.JiraIssue, Source: "jira:MKT", Title: "Deliverable " + key,
			Body: "Revise per the client's notes.", Status: "In Progress", Labels: []string{"client-facing"}, Created: start.Add(time.Duration(i) * time.Minute),
			Creator: "p1", Assignees: []model.PersonID{"p2"}}
		at := it.Created
		for j := range r.IntN(101) {
			at = at.Add(time.Hour)
			p := model.PersonID(fmt.Sprintf("p%d", r.IntN(50)))
			switch j % 3 {
			case 0:
				it.Changes = append(it.Changes, model.Change{At: at, By: p, Field: "assignee", Assigned: []model.PersonID{p}})
			case 1:
				it.Changes = append(it.Changes, model.Change{At: at, By: p, Field: "labels", To: fmt.Sprintf("l%d", j)})
			default:
				it.Changes = append(it.Changes, model.Change{At: at, By: p, Field: "duedate", DueTo: at.AddDate(0, 0, 7)})
			}
		}
		for range r.IntN(21) {
			at = at.Add(time.Hour)
			it.Comments = append(it.Comments, model.Comment{At: at, By: "p3", Body: "Draft v2 is in the shared folder."})
		}
		items[i] = it
	}
	return items, org
}

// TestRequestBudget: an initial sync of 2,000 issues costs the search's
// 20 pages of 100 and the fixed calls (serverInfo, myself, status), within
// 1.05 times the pages plus 5; a sync with nothing new costs one search.
func TestRequestBudget(t *testing.T) {
	items, org := busySite(2000)
	fake := jiratest.New(items, org)
	defer fake.Close()
	c, err := New(Config{URL: fake.URL}, WithCredentials("a@b", "t"))
	if err != nil {
		t.Fatal(err)
	}
	ch, st, err := c.Sync(t.Context(), org, nil)
	if err != nil || len(ch.Items) != 2000 {
		t.Fatalf("initial sync: %d items, %v", len(ch.Items), err)
	}
	initial := fake.Stats()
	if limit := 105*20/100 + 5; initial.Requests > limit {
		t.Errorf("initial sync: %d requests, more than %d: %v", initial.Requests, limit, initial.Routes)
	}
	if _, _, err := c.Sync(t.Context(), org, st); err != nil {
		t.Fatal(err)
	}
	if idle := fake.Stats().Requests - initial.Requests; idle != 1 {
		t.Errorf("an idle sync made %d requests, want 1", idle)
	}
	t.Logf("initial sync of 2,000 issues: %d requests %v; idle sync: 1", initial.Requests, initial.Routes)
}

// BenchmarkInitialSync reads 2,000 issues from the fake over loopback
// HTTP: the wall time of a first sync, the fake's own work included.
func BenchmarkInitialSync(b *testing.B) {
	items, org := busySite(2000)
	fake := jiratest.New(items, org)
	defer fake.Close()
	b.ReportAllocs()
	for b.Loop() {
		c, err := New(Config{URL: fake.URL}, WithCredentials("a@b", "t"))
		if err != nil {
			b.Fatal(err)
		}
		if _, _, err := c.Sync(b.Context(), org, nil); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(fake.Stats().Requests)/float64(b.N), "requests/op")
}
