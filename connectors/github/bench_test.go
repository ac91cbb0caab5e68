package github

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/ownerd/ownerd/connectors/github/githubtest"
	"github.com/ownerd/ownerd/model"
)

// busyRepo makes n issues and pull requests in one repository, with
// assignment and label events and comments, and counts them.
func busyRepo(n int) (items []*model.Item, org *model.Org, events, comments, pulls int) {
	r := rand.New(rand.NewPCG(3, 3))
	org = &model.Org{}
	org.Index()
	start := time.Date(2026, 1, 1, 9, 0, 0, 0, time.UTC)
	for i := range n {
		it := &model.Item{ID: model.GitHubID("agency/site", i+1), System: model.GitHub, Kind: model.GitHubIssue, Source: "github:agency/site",
			Title: fmt.Sprintf("Item %d", i+1), Created: start.Add(time.Duration(i) * time.Minute), Creator: "dev1", Status: "open", Labels: []string{"client"}}
		if i%3 == 0 {
			it.Kind, it.Branch = model.PullRequest, fmt.Sprintf("feature-%d", i)
			pulls++
		}
		at := it.Created
		for range r.IntN(4) {
			at = at.Add(time.Hour)
			it.Changes = append(it.Changes, model.Change{At: at, By: "dev1", Field: "assignee", Assigned: []model.PersonID{"dev2"}})
			events++
		}
		for range r.IntN(4) {
			at = at.Add(time.Hour)
			it.Comments = append(it.Comments, model.Comment{At: at, By: "dev2", Body: "Looks good."})
			comments++
		}
		items = append(items, it)
	}
	return items, org, events, comments, pulls
}

func pages(n int) int { return max(1, (n+99)/100) }

// TestRequestBudget: the first sync of a repository of 3,000 issues and
// pull requests costs the lower bound of its four streams (pages of 100),
// within 1.05 times it plus 5; once settled, a sync with nothing new costs
// four 304s and no rate-limit point. actions/stale, for comparison, spends
// a request per 100 issues listed and 2 to 4 per idle issue.
func TestRequestBudget(t *testing.T) {
	items, org, events, comments, pulls := busyRepo(3000)
	fake := githubtest.New(items, org)
	defer fake.Close()
	c, _ := New(Config{URL: fake.URL, Repos: []string{"agency/site"}}, WithToken("t"))
	ch, st, err := c.Sync(t.Context(), org, nil)
	if err != nil || len(ch.Items) != 3000 {
		t.Fatalf("first sync: %d items, %v", len(ch.Items), err)
	}
	first := fake.Stats()
	bound := pages(3000) + pages(events) + pages(comments) + pages(pulls)
	if limit := bound*105/100 + 5; first.Requests > limit {
		t.Errorf("first sync: %d requests, more than %d (lower bound %d): %v", first.Requests, limit, bound, first.Routes)
	}
	if _, st, err = c.Sync(t.Context(), org, st); err != nil { // from the new watermarks
		t.Fatal(err)
	}
	settled := fake.Stats()
	if _, _, err = c.Sync(t.Context(), org, st); err != nil {
		t.Fatal(err)
	}
	idle := fake.Stats()
	if n, p := idle.Requests-settled.Requests, idle.RateLimitPoints-settled.RateLimitPoints; n != 4 || p != 0 {
		t.Errorf("an idle sync: %d requests and %d points, want 4 and 0", n, p)
	}
	t.Logf("first sync of 3,000 items (%d events, %d comments, %d pulls): %d requests, %d points, lower bound %d; settling sync %d requests; idle sync 4 requests, 0 points; actions/stale: at least %d",
		events, comments, pulls, first.Requests, first.RateLimitPoints, bound, settled.Requests-first.Requests, 30+2*3000)
}

// BenchmarkInitialSync reads a repository of 3,000 items from the fake
// over loopback HTTP, the fake's own work included.
func BenchmarkInitialSync(b *testing.B) {
	items, org, _, _, _ := busyRepo(3000)
	fake := githubtest.New(items, org)
	defer fake.Close()
	b.ReportAllocs()
	for b.Loop() {
		c, _ := New(Config{URL: fake.URL, Repos: []string{"agency/site"}}, WithToken("t"))
		if _, _, err := c.Sync(b.Context(), org, nil); err != nil {
			b.Fatal(err)
		}
	}
}
