package jira

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/ownerd/ownerd/connectors/internal/contract"
	"github.com/ownerd/ownerd/connectors/jira/jiratest"
)

// The contract: every request the connector makes and every answer the
// fake gives is checked against Atlassian's description of the Jira Cloud
// REST API (../shared/api/jira-cloud-platform-v3.json). Version 2 of the
// API differs from version 3 only in writing rich text as strings instead
// of documents, and the description types those bodies loosely, so a v2
// path is checked as its v3 twin.

// jiraDateTime accepts Jira's own date-time layout beside RFC 3339: Jira
// writes "+0000" where RFC 3339 wants "+00:00", and its description says
// only "date-time".
var jiraDateTime = openapi3.NewCallbackValidator(func(s string) error {
	for _, layout := range []string{"2006-01-02T15:04:05.000-0700", time.RFC3339Nano} {
		if _, err := time.Parse(layout, s); err == nil {
			return nil
		}
	}
	return fmt.Errorf("not a Jira date-time: %q", s)
})

// TestContract runs every kind of request the connector makes, on Cloud
// and on Data Center, through a fake whose every exchange is validated.
func TestContract(t *testing.T) {
	for _, flavor := range []jiratest.Flavor{jiratest.Cloud, jiratest.DataCenter} {
		t.Run(string(flavor), func(t *testing.T) {
			check := contract.New(t, "jira-cloud-platform-v3.json",
				func(p string) string { return strings.Replace(p, "/rest/api/2/", "/rest/api/3/", 1) },
				openapi3.WithStringFormatValidator("date-time", jiraDateTime))
			f := setup(t, org, Config{SweepEvery: time.Minute}, jiratest.WithFlavor(flavor), jiratest.WithMiddleware(check.Middleware))
			ctx := t.Context()
			_, st, err := f.c.Sync(ctx, f.sc.Org, nil)
			if err != nil {
				t.Fatal(err)
			}
			f.now = f.now.Add(2 * time.Minute) // past sweep_every: the id sweep runs too
			if _, _, err := f.c.Sync(ctx, f.sc.Org, st); err != nil {
				t.Fatal(err)
			}
			if _, err := f.c.Post(ctx, "MKT-1", Comment{Body: "first", Marker: map[string]any{"deliverable": "jira:MKT-1"}}); err != nil {
				t.Fatal(err)
			}
			if _, err := f.c.Post(ctx, "MKT-1", Comment{Body: "second"}); err != nil {
				t.Fatal(err)
			}
			// The paths a sync takes when lists are long, and an error.
			is, _ := f.c.learn(ctx)
			if _, err := f.c.changelog(ctx, is, &issueJSON{ID: "10001", Key: "MKT-1"}); err != nil {
				t.Fatal(err)
			}
			if _, err := f.c.comments(ctx, "10001"); err != nil {
				t.Fatal(err)
			}
			if err := f.c.call(ctx, http.MethodGet, "rest/api/2/issue/NOPE-1", nil, nil, nil); err == nil {
				t.Fatal("want a 404")
			}
			routes := f.fake.Stats().Routes
			if len(routes) < 9 {
				t.Errorf("only %d routes exercised: %v", len(routes), routes)
			}
			for _, p := range check.Problems() {
				t.Error(p)
			}
		})
	}
}
