package github

import (
	"testing"

	"github.com/ownerd/ownerd/connectors/github/githubtest"
	"github.com/ownerd/ownerd/connectors/internal/contract"
	"github.com/ownerd/ownerd/connectors/scenario"
)

// The contract: every request the connector makes and every answer the
// fake gives is checked against GitHub's own description of its REST API
// (../shared/api/github-rest-subset.json, API version 2022-11-28).

// TestContract runs every kind of request the connector makes through a
// fake whose every exchange is validated against GitHub's description.
func TestContract(t *testing.T) {
	check := contract.New(t, "github-rest-subset.json", nil)
	sc, err := scenario.Parse("org.yaml", []byte(org))
	if err != nil {
		t.Fatal(err)
	}
	fake := githubtest.New(sc.Items, sc.Org, githubtest.WithMiddleware(check.Middleware))
	defer fake.Close()
	c, err := New(Config{URL: fake.URL, Repos: []string{"agency/site"}}, WithToken("t"))
	if err != nil {
		t.Fatal(err)
	}
	ctx := t.Context()
	_, st, err := c.Sync(ctx, sc.Org, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := c.Sync(ctx, sc.Org, st); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Post(ctx, "agency/site", 42, Comment{Body: "first", Deliverable: "jira:MKT-1"}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Post(ctx, "agency/site", 42, Comment{Body: "second", Deliverable: "jira:MKT-1"}); err != nil {
		t.Fatal(err)
	}
	app, err := New(Config{URL: fake.URL, AppID: 42, InstallationID: 7, PrivateKeyFile: appKey(t)})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := app.Poll(ctx, sc.Org); err != nil {
		t.Fatal(err)
	}
	byOrg, _ := New(Config{URL: fake.URL, Org: "agency"}, WithToken("t"))
	if _, err := byOrg.Poll(ctx, sc.Org); err != nil {
		t.Fatal(err)
	}
	routes := fake.Stats().Routes
	if len(routes) < 10 {
		t.Errorf("only %d routes exercised: %v", len(routes), routes)
	}
	for _, p := range check.Problems() {
		t.Error(p)
	}
}
