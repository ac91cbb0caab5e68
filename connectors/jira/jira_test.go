package jira

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ownerd/ownerd/connectors"
	"github.com/ownerd/ownerd/connectors/jira/jiratest"
	"github.com/ownerd/ownerd/connectors/scenario"
	"github.com/ownerd/ownerd/model"
)

// org is a small organisation with a Jira history that touches every field
// the connector maps: hand-offs, status round trips, due date moves,
// priority and labels, people known by Jira id, by email only and not at
// all.
const org = `now: 2026-04-15T17:00:00-04:00
timezone: America/New_York
org:
  team_domains: [agency.example]
  client_domains: [carter.example]
  people:
    - {id: josh, name: Josh Park, email: josh@agency.example, jira: 5b10josh}
    - {id: anna, name: Anna Lee, email: anna@agency.example, jira: 5b10anna}
    - {id: mia, name: Mia Lopez, email: mia@agency.example}
    - {id: raj, name: Raj Rao, email: raj@agency.example}
jira:
  - key: MKT-1
    summary: Carter launch
    description: "Revise per notes: *headlines* and [links]"
    status: In Progress
    status_category: indeterminate
    labels: [client-facing, launch]
    priority: High
    created: 2026-04-01T09:00:00-04:00
    creator: mia
    assignee: anna
    duedate: 2026-04-17
    history:
      - {at: 2026-04-01T09:05:00-04:00, by: mia, field: assignee, from: "", to: josh}
      - {at: 2026-04-02T10:00:00-04:00, by: josh, field: status, from: To Do, to: Done, to_category: done}
      - {at: 2026-04-03T10:00:00-04:00, by: josh, field: status, from: Done, to: In Progress}
      - {at: 2026-04-06T11:00:00-04:00, by: mia, field: duedate, from: 2026-04-08, to: 2026-04-17}
      - {at: 2026-04-08T16:20:00-04:00, by: josh, field: assignee, from: josh, to: anna}
      - {at: 2026-04-08T16:20:00-04:00, by: josh, field: priority, from: Medium, to: High}
      - {at: 2026-04-09T08:00:00-04:00, by: outsider, field: labels, from: "", to: launch}
    comments:
      - {at: 2026-04-08T16:21:00-04:00, by: josh, body: Sent the draft to Anna.}
      - {at: 2026-04-09T09:00:00-04:00, by: anna, body: "On it, I'll send it by Friday."}
  - key: WEB-7
    summary: Internal tooling
    status: Done
    created: 2026-03-01T09:00:00-05:00
    creator: josh
    history:
      - {at: 2026-03-02T09:00:00-05:00, by: josh, field: assignee, from: raj, to: ""}
`

type fixture struct {
	sc   *scenario.Scenario
	fake *jiratest.Server
	c    *Client
	logs *bytes.Buffer
	now  time.Time
}

func setup(t *testing.T, src string, cfg Config, opts ...jiratest.Option) *fixture {
	t.Helper()
	sc, err := scenario.Parse("org.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	f := &fixture{sc: sc, logs: &bytes.Buffer{}, now: sc.Now}
	f.fake = jiratest.New(sc.Items, sc.Org, append([]jiratest.Option{jiratest.WithClock(func() time.Time { return f.now })}, opts...)...)
	t.Cleanup(f.fake.Close)
	cfg.URL = f.fake.URL
	cfg.Flavor = Flavor(cmpOr(string(cfg.Flavor), ""))
	t.Setenv("OWNERD_TEST_JIRA_TOKEN", "s3cr3t-t0ken")
	cfg.Email, cfg.APITokenEnv = "ownerd@agency.example", "OWNERD_TEST_JIRA_TOKEN"
	if cfg.TokenEnv != "" {
		cfg.Email, cfg.APITokenEnv = "", ""
		t.Setenv(cfg.TokenEnv, "s3cr3t-t0ken")
	}
	logger := slog.New(slog.NewTextHandler(f.logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	f.c, err = New(cfg, WithLogger(logger), WithClock(func() time.Time { return f.now }))
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

func jiraItems(items []*model.Item) map[model.ItemID]*model.Item {
	out := map[model.ItemID]*model.Item{}
	for _, it := range items {
		if it.System == model.Jira {
			out[it.ID] = it
		}
	}
	return out
}

// sameItem compares what the connector read with what the scenario says,
// field by field, in the model's terms.
func sameItem(t *testing.T, got, want *model.Item) {
	t.Helper()
	g, w := *got, *want
	if g.Title != w.Title || g.Body != w.Body || g.Status != w.Status || g.Done != w.Done || g.Priority != w.Priority ||
		g.Source != w.Source || g.Creator != w.Creator || !g.Created.Equal(w.Created) || !g.Due.Equal(w.Due) ||
		fmt.Sprint(g.Labels) != fmt.Sprint(w.Labels) || fmt.Sprint(g.Assignees) != fmt.Sprint(w.Assignees) {
		t.Errorf("%s: fields differ:\n got %+v\nwant %+v", w.ID, g, w)
	}
	if len(g.Changes) != len(w.Changes) {
		t.Fatalf("%s: %d changes, want %d", w.ID, len(g.Changes), len(w.Changes))
	}
	for i := range w.Changes {
		a, b := g.Changes[i], w.Changes[i]
		if !a.At.Equal(b.At) || a.By != b.By || a.Field != b.Field || a.Done != b.Done || !a.DueFrom.Equal(b.DueFrom) || !a.DueTo.Equal(b.DueTo) ||
			fmt.Sprint(a.Assigned) != fmt.Sprint(b.Assigned) || fmt.Sprint(a.Unassigned) != fmt.Sprint(b.Unassigned) {
			t.Errorf("%s: change %d:\n got %+v\nwant %+v", w.ID, i, a, b)
		}
	}
	if len(g.Comments) != len(w.Comments) {
		t.Fatalf("%s: %d comments, want %d", w.ID, len(g.Comments), len(w.Comments))
	}
	for i := range w.Comments {
		if a, b := g.Comments[i], w.Comments[i]; !a.At.Equal(b.At) || a.By != b.By || a.Body != b.Body {
			t.Errorf("%s: comment %d: got %+v, want %+v", w.ID, i, a, b)
		}
	}
}

// TestPollReadsTheScenario: what the fake serves, the connector reads back
// into the same model, on Cloud and on Data Center.
func TestPollReadsTheScenario(t *testing.T) {
	for _, flavor := range []jiratest.Flavor{jiratest.Cloud, jiratest.DataCenter} {
		t.Run(string(flavor), func(t *testing.T) {
			f := setup(t, org, Config{}, jiratest.WithFlavor(flavor))
			snap, err := f.c.Poll(t.Context(), f.sc.Org)
			if err != nil {
				t.Fatal(err)
			}
			got, want := jiraItems(snap.Items), jiraItems(f.sc.Items)
			if len(got) != len(want) {
				t.Fatalf("read %d issues, want %d", len(got), len(want))
			}
			for id, w := range want {
				sameItem(t, got[id], w)
			}
			if f.c.site.flavor != Flavor(flavor) {
				t.Errorf("flavor %q, found out from serverInfo as %q", flavor, f.c.site.flavor)
			}
			if flavor == jiratest.Cloud && f.fake.Stats().Routes["GET /rest/api/2/user"] != 1 {
				t.Errorf("raj, known by email and seen only in a changelog, is looked up once: %v", f.fake.Stats().Routes)
			}
			if route := map[jiratest.Flavor]string{jiratest.Cloud: "GET /rest/api/2/search/jql", jiratest.DataCenter: "GET /rest/api/2/search"}[flavor]; f.fake.Stats().Routes[route] != 1 {
				t.Errorf("routes: %v", f.fake.Stats().Routes)
			}
		})
	}
}

// TestIncremental: a second sync with nothing changed costs one search and
// reads nothing; a change is read whole; a deleted issue is found by the
// sweep; a moved issue replaces its old key.
func TestIncremental(t *testing.T) {
	f := setup(t, org, Config{SweepEvery: time.Hour})
	ctx := t.Context()
	ch, st, err := f.c.Sync(ctx, f.sc.Org, nil)
	if err != nil || len(ch.Items) != 2 {
		t.Fatalf("first sync: %d items, %v", len(ch.Items), err)
	}
	before := f.fake.Stats().Requests

	f.now = f.now.Add(time.Minute)
	ch, st, err = f.c.Sync(ctx, f.sc.Org, st)
	if err != nil || len(ch.Items)+len(ch.Removed) != 0 {
		t.Fatalf("idle sync: %+v, %v", ch, err)
	}
	if n := f.fake.Stats().Requests - before; n != 1 {
		t.Errorf("an idle sync made %d requests, want 1 search", n)
	}

	f.now = f.now.Add(time.Minute)
	f.fake.Update("MKT-1", f.now, func(it *model.Item) {
		it.Comments = append(it.Comments, model.Comment{At: f.now, By: "josh", Body: "Anything I can do?"})
	})
	ch, st, err = f.c.Sync(ctx, f.sc.Org, st)
	if err != nil || len(ch.Items) != 1 || len(ch.Items[0].Comments) != 3 {
		t.Fatalf("after a comment: %+v, %v", ch, err)
	}

	f.fake.Move("MKT-1", "WEB-99", f.now.Add(time.Minute))
	f.now = f.now.Add(2 * time.Minute)
	ch, st, err = f.c.Sync(ctx, f.sc.Org, st)
	if err != nil || len(ch.Items) != 1 || ch.Items[0].ID != "jira:WEB-99" || ch.Items[0].Source != "jira:WEB" || fmt.Sprint(ch.Removed) != "[jira:MKT-1]" {
		t.Fatalf("after a move: %+v, %v", ch, err)
	}

	f.fake.Delete("WEB-7")
	f.now = f.now.Add(30 * time.Minute)
	ch, st, err = f.c.Sync(ctx, f.sc.Org, st)
	if err != nil || len(ch.Removed) != 0 {
		t.Fatalf("no sweep before sweep_every: %+v, %v", ch, err)
	}
	f.now = f.now.Add(31 * time.Minute)
	ch, _, err = f.c.Sync(ctx, f.sc.Org, st)
	if err != nil || fmt.Sprint(ch.Removed) != "[jira:WEB-7]" {
		t.Fatalf("sweep: %+v, %v", ch, err)
	}
}

// TestCompletesTruncatedLists: Cloud's search carries 20 comments and 100
// changelog entries an issue; the connector pages the rest.
func TestCompletesTruncatedLists(t *testing.T) {
	var b strings.Builder
	b.WriteString("now: 2026-04-15T17:00:00Z\norg:\n  people: [{id: josh, jira: josh}]\njira:\n  - key: MKT-1\n    labels: [client-facing]\n    created: 2026-01-01T00:00:00Z\n    history:\n")
	start := time.Date(2026, 1, 2, 0, 0, 0, 0, time.UTC)
	for i := range 130 {
		fmt.Fprintf(&b, "      - {at: %s, by: josh, field: labels, to: l%d}\n", start.Add(time.Duration(i)*time.Hour).Format(time.RFC3339), i)
	}
	b.WriteString("    comments:\n")
	for i := range 45 {
		fmt.Fprintf(&b, "      - {at: %s, by: josh, body: comment %d}\n", start.Add(time.Duration(i)*time.Minute).Format(time.RFC3339), i)
	}
	f := setup(t, b.String(), Config{})
	snap, err := f.c.Poll(t.Context(), f.sc.Org)
	if err != nil {
		t.Fatal(err)
	}
	sameItem(t, snap.Items[0], f.sc.Items[0])
	routes := f.fake.Stats().Routes
	if routes["GET /rest/api/2/issue/{issueIdOrKey}/changelog"] != 2 || routes["GET /rest/api/2/issue/{issueIdOrKey}/comment"] != 1 {
		t.Errorf("pages: %v", routes)
	}
}

// TestFaults: Retry-After is honoured exactly, 5xx are retried, and a sync
// that fails returns no state, so that what was known stays.
func TestFaults(t *testing.T) {
	f := setup(t, org, Config{Retries: 3})
	ctx := t.Context()
	_, st, err := f.c.Sync(ctx, f.sc.Org, nil)
	if err != nil {
		t.Fatal(err)
	}

	f.fake.Fail(jiratest.Fault{Route: "GET /rest/api/2/search/jql", Status: http.StatusTooManyRequests, RetryAfter: "1"})
	began := time.Now()
	if _, _, err := f.c.Sync(ctx, f.sc.Org, st); err != nil {
		t.Fatalf("after a 429: %v", err)
	}
	if waited := time.Since(began); waited < time.Second {
		t.Errorf("came back %s after Retry-After: 1", waited)
	}

	f.fake.Fail(jiratest.Fault{Route: "GET /rest/api/2/search/jql", Status: http.StatusBadGateway, Times: 2})
	if _, _, err := f.c.Sync(ctx, f.sc.Org, st); err != nil {
		t.Fatalf("two 502s then an answer: %v", err)
	}

	for _, fault := range []jiratest.Fault{
		{Route: "GET /rest/api/2/search/jql", Status: http.StatusInternalServerError, Times: 4},
		{Route: "GET /rest/api/2/search/jql", Truncate: true},
		{Route: "GET /rest/api/2/search/jql", Malformed: true},
	} {
		f.fake.Fail(fault)
		ch, next, err := f.c.Sync(ctx, f.sc.Org, st)
		if err == nil || next != nil || len(ch.Items)+len(ch.Removed) != 0 {
			t.Errorf("fault %+v: want an error and nothing else, got %+v, state %v, %v", fault, ch, next != nil, err)
		}
		if err != nil && !strings.Contains(err.Error(), "search") {
			t.Errorf("fault %+v: the error does not say what failed: %v", fault, err)
		}
	}
	// The state from before the failures still works, and nothing was lost.
	snap := connectors.Snapshot{}
	ch, _, err := f.c.Sync(ctx, f.sc.Org, nil)
	if err != nil {
		t.Fatal(err)
	}
	snap = connectors.Apply(snap, ch)
	if len(snap.Items) != 2 {
		t.Errorf("after the faults: %d items", len(snap.Items))
	}
}

// TestAPIErrors: Jira's refusals reach the caller in Jira's words, and the
// ones retrying cannot mend are terminal.
func TestAPIErrors(t *testing.T) {
	ctx := t.Context()
	f := setup(t, org, Config{JQL: `project = MKT AND updatd > "2026/01/01"`})
	_, err := f.c.Poll(ctx, f.sc.Org)
	var api *APIError
	if !errors.As(err, &api) || api.Status != http.StatusBadRequest || !api.Terminal() || !strings.Contains(err.Error(), "Field 'updatd' does not exist") {
		t.Errorf("bad JQL: %v", err)
	}
	dc := setup(t, org, Config{Flavor: DataCenter}) // a Cloud site read as Data Center
	_, err = dc.c.Poll(ctx, dc.sc.Org)
	if !errors.As(err, &api) || api.Status != http.StatusGone || !strings.Contains(err.Error(), "/rest/api/3/search/jql") {
		t.Errorf("the removed Cloud search: %v", err)
	}
}

// TestSecretsStayOut: the token appears in no log line and no error, even
// when every request fails.
func TestSecretsStayOut(t *testing.T) {
	f := setup(t, org, Config{Retries: 1})
	f.fake.Fail(jiratest.Fault{Status: http.StatusInternalServerError, Times: 100})
	_, err := f.c.Poll(t.Context(), f.sc.Org)
	if err == nil {
		t.Fatal("want an error")
	}
	for what, text := range map[string]string{"error": err.Error(), "logs": f.logs.String()} {
		if strings.Contains(text, "s3cr3t") || strings.Contains(text, "czNjcjN0") { // the token, and its base64
			t.Errorf("the token leaks into the %s:\n%s", what, text)
		}
	}
	if _, err := New(Config{URL: "https://x.example", Email: "a@b", APITokenFile: "/nonexistent/token"}); err == nil || !strings.Contains(err.Error(), "/nonexistent/token") {
		t.Errorf("a missing secret file: %v", err)
	}
	if _, err := New(Config{URL: "https://x.example"}); err == nil || !strings.Contains(err.Error(), "no credentials") {
		t.Errorf("no credentials: %v", err)
	}
}

// TestPost: one comment per issue, found again by its property, or by its
// footer when the property was never set; hostile text stays inert.
func TestPost(t *testing.T) {
	f := setup(t, org, Config{})
	ctx := t.Context()
	title := Escape("[~accountid:5b10anna] *urgent* [see|https://evil.example]")
	mention, err := f.c.Mention(ctx, "5b10anna")
	if err != nil || mention != "[~accountid:5b10anna]" {
		t.Fatalf("mention: %q %v", mention, err)
	}
	first, err := f.c.Post(ctx, "MKT-1", Comment{Body: mention + ": " + title, Marker: map[string]any{"deliverable": "jira:MKT-1"}})
	if err != nil || !first.Created {
		t.Fatalf("first post: %+v %v", first, err)
	}
	again, err := f.c.Post(ctx, "MKT-1", Comment{Body: "edited"})
	if err != nil || again.Created || again.ID != first.ID {
		t.Fatalf("second post edits the first: %+v %v", again, err)
	}
	posted := f.fake.Comments("MKT-1")
	if len(posted) != 1 || !strings.HasPrefix(posted[0].Body, "edited") || !strings.Contains(posted[0].Body, Footer) {
		t.Fatalf("comments: %+v", posted)
	}
	if _, ok := posted[0].Properties[Property]; !ok {
		t.Errorf("no %s property: %+v", Property, posted[0].Properties)
	}
	// A client restarted without its memory still finds the comment.
	g := setup(t, org, Config{})
	fresh, err := g.c.Post(ctx, "MKT-1", Comment{Body: "one"})
	if err != nil {
		t.Fatal(err)
	}
	h, _ := New(Config{URL: g.fake.URL}, WithCredentials("x@y", "z"))
	second, err := h.Post(ctx, "MKT-1", Comment{Body: "two"})
	if err != nil || second.Created || second.ID != fresh.ID || len(g.fake.Comments("MKT-1")) != 1 {
		t.Errorf("found again after a restart: %+v %v (%d comments)", second, err, len(g.fake.Comments("MKT-1")))
	}
}

// TestOddInput: fields Jira may send that the connector has not seen
// before, a description of 20 MB, a status its list lacks, a user without
// an email: the sync goes on.
func TestOddInput(t *testing.T) {
	big := strings.Repeat("x", 20<<20)
	srv := oddJira(t, big)
	c, err := New(Config{URL: srv, Flavor: Cloud}, WithCredentials("a@b", "t"))
	if err != nil {
		t.Fatal(err)
	}
	org := &model.Org{}
	org.Index()
	snap, err := c.Poll(t.Context(), org)
	if err != nil {
		t.Fatal(err)
	}
	it := snap.Items[0]
	if len(it.Body) != len(big) || !it.Done || it.Assignees[0] != "5b10nomail" || len(it.Changes) != 2 || it.Changes[1].Done != model.BecameDone {
		t.Errorf("item: %d bytes, done %v, assignees %v, changes %+v", len(it.Body), it.Done, it.Assignees, it.Changes)
	}
}

func oddJira(t *testing.T, description string) string {
	issue := map[string]any{
		"id": "1", "key": "MKT-1", "somethingNew": map[string]any{"x": 1},
		"fields": map[string]any{
			"summary": "s", "description": description, "labels": []string{"client-facing"},
			"status":  map[string]any{"id": "77", "name": "Shipped", "statusCategory": map[string]any{"key": "done"}, "newField": true},
			"created": "2026-04-01T09:00:00.000+0000", "updated": "2026-04-02T09:00:00.000+0000",
			"assignee":      map[string]any{"accountId": "5b10nomail", "displayName": "No Mail"},
			"customfield_1": []any{1, 2},
		},
		"changelog": map[string]any{"total": 1, "histories": []any{map[string]any{
			"id": "9", "created": "2026-04-02T09:00:00.000+0000", "author": map[string]any{"accountId": "5b10nomail"}, "unknownKey": 1,
			"items": []any{
				map[string]any{"field": "Sprint", "fieldtype": "custom", "fieldId": "customfield_10020", "to": 42, "toString": "Sprint 4", "tmpFromAccountId": nil},
				map[string]any{"field": "status", "fieldtype": "jira", "from": "1", "fromString": "Open", "to": "77", "toString": "Shipped"},
			},
		}}},
	}
	mux := http.NewServeMux()
	answer := func(v any) http.HandlerFunc {
		return func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			json.NewEncoder(w).Encode(v)
		}
	}
	mux.HandleFunc("GET /rest/api/2/myself", answer(map[string]any{"accountId": "me", "timeZone": "Mars/Olympus"}))
	mux.HandleFunc("GET /rest/api/2/status", answer([]any{map[string]any{"id": "1", "name": "Open", "statusCategory": map[string]any{"key": "new"}}}))
	mux.HandleFunc("GET /rest/api/2/search/jql", answer(map[string]any{"issues": []any{issue}, "isLast": true}))
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv.URL
}

// TestCredentialsAndTimeouts: wrong credentials are a terminal 401 in
// Jira's words; an answer slower than the timeout is given up and tried
// again.
func TestCredentialsAndTimeouts(t *testing.T) {
	f := setup(t, org, Config{}, jiratest.WithCredentials("ownerd@agency.example", "another-token"))
	_, err := f.c.Poll(t.Context(), f.sc.Org)
	var api *APIError
	if !errors.As(err, &api) || api.Status != http.StatusUnauthorized || !api.Terminal() || !strings.Contains(err.Error(), "not authenticated") {
		t.Errorf("wrong token: %v", err)
	}

	g := setup(t, org, Config{Timeout: 300 * time.Millisecond})
	g.fake.Fail(jiratest.Fault{Route: "GET /rest/api/2/search/jql", Delay: 2 * time.Second})
	began := time.Now()
	snap, err := g.c.Poll(t.Context(), g.sc.Org)
	if err != nil || len(snap.Items) != 2 {
		t.Fatalf("after a slow answer: %d items, %v", len(snap.Items), err)
	}
	if d := time.Since(began); d > 1500*time.Millisecond {
		t.Errorf("waited %s for an answer the timeout gives up on after 300ms", d)
	}
	if n := g.fake.Stats().Routes["GET /rest/api/2/search/jql"]; n != 2 {
		t.Errorf("%d searches, want the slow one and its retry", n)
	}
}

func TestClientField(t *testing.T) {
	for raw, want := range map[string]string{
		`{"customfield_1": "Carter Foods"}`:                           "Carter Foods",
		`{"customfield_1": {"value": "Carter Foods", "id": "10"}}`:    "Carter Foods",
		`{"customfield_1": [{"value": "Lumen"}, {"value": "Other"}]}`: "Lumen",
		`{"customfield_1": null}`:                                     "",
		`{"customfield_1": [1, 2]}`:                                   "",
		`{"customfield_2": "x"}`:                                      "",
	} {
		if got := clientOf(json.RawMessage(raw), "customfield_1"); got != want {
			t.Errorf("clientOf(%s) = %q, want %q", raw, got, want)
		}
	}
}

// TestPagesThatMove: an issue updated while a search is paged moves the
// pages after it; the issue passed over is read by the next sync, and the
// moved one is read once, as it is now.
func TestPagesThatMove(t *testing.T) {
	var b strings.Builder
	b.WriteString("now: 2026-04-15T17:00:00Z\norg:\n  people: [{id: josh, jira: josh}]\njira:\n")
	for i := 1; i <= 5; i++ {
		fmt.Fprintf(&b, "  - {key: MKT-%d, labels: [client-facing], created: 2026-04-0%dT09:00:00Z}\n", i, i)
	}
	var f *fixture
	searches := 0
	moveFirst := func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if strings.HasSuffix(r.URL.Path, "/search") {
				if searches++; searches == 2 {
					f.fake.Update("MKT-1", time.Date(2026, 4, 15, 16, 0, 0, 0, time.UTC), func(it *model.Item) { it.Title = "moved" })
				}
			}
			next.ServeHTTP(w, r)
		})
	}
	f = setup(t, b.String(), Config{PageSize: 2}, jiratest.WithFlavor(jiratest.DataCenter), jiratest.WithMiddleware(moveFirst))
	ch, st, err := f.c.Sync(t.Context(), f.sc.Org, nil)
	if err != nil {
		t.Fatal(err)
	}
	got := map[model.ItemID]string{}
	for _, it := range ch.Items {
		if _, twice := got[it.ID]; twice {
			t.Errorf("%s read twice in one sync", it.ID)
		}
		got[it.ID] = it.Title
	}
	f.now = f.now.Add(time.Minute)
	ch, _, err = f.c.Sync(t.Context(), f.sc.Org, st)
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range ch.Items {
		got[it.ID] = it.Title
	}
	if len(got) != 5 || got["jira:MKT-1"] != "moved" {
		t.Errorf("after two syncs: %v", got)
	}
}

// TestPagingGuards: a server that repeats its page token ends the search
// with an error instead of a loop; an empty scope is still a bounded query.
func TestPagingGuards(t *testing.T) {
	mux := http.NewServeMux()
	answer := func(v any) http.HandlerFunc {
		return func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			json.NewEncoder(w).Encode(v)
		}
	}
	var jqls []string
	mux.HandleFunc("GET /rest/api/2/myself", answer(map[string]any{"accountId": "me", "timeZone": "UTC"}))
	mux.HandleFunc("GET /rest/api/2/status", answer([]any{}))
	mux.HandleFunc("GET /rest/api/2/search/jql", func(w http.ResponseWriter, r *http.Request) {
		jqls = append(jqls, r.URL.Query().Get("jql"))
		answer(map[string]any{"issues": []any{}, "isLast": false, "nextPageToken": "same"})(w, r)
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	c, _ := New(Config{URL: srv.URL, Flavor: Cloud}, WithCredentials("a@b", "t"))
	_, err := c.Poll(t.Context(), &model.Org{})
	if err == nil || !strings.Contains(err.Error(), "page token \"same\" twice") || len(jqls) != 2 {
		t.Errorf("a repeated token: %d searches, %v", len(jqls), err)
	}
	if !strings.HasPrefix(jqls[0], `created >= "1970/01/01"`) {
		t.Errorf("an empty scope sent %q: Cloud refuses unbounded queries", jqls[0])
	}
}

func TestValidate(t *testing.T) {
	for _, c := range []struct {
		cfg  Config
		want string
	}{
		{Config{URL: "https://bob:hunter2@jira.example", TokenEnv: "T"}, "holds credentials"},
		{Config{URL: "bob:hunter2@jira", TokenEnv: "T"}, "is not a URL"},
		{Config{URL: "https://jira.example", TokenEnv: "T", JQL: "project = MKT ORDER BY key"}, "jql: "},
	} {
		err := c.cfg.Validate()
		if err == nil || !strings.Contains(err.Error(), c.want) || strings.Contains(err.Error(), "hunter2") {
			t.Errorf("Validate(%+v) = %v, want %q and no password", c.cfg, err, c.want)
		}
	}
}

func TestEndOfDayAcrossDST(t *testing.T) {
	berlin, _ := time.LoadLocation("Europe/Berlin")
	for _, d := range []string{"2026-03-29", "2026-10-25", "2026-06-01"} {
		got, err := endOfDay(d, berlin)
		if err != nil || got.Format("2006-01-02 15:04:05") != d+" 23:59:59" {
			t.Errorf("endOfDay(%s) = %v, %v", d, got, err)
		}
	}
}

// TestConcurrentPosts: two posts on one issue at once make one comment.
func TestConcurrentPosts(t *testing.T) {
	f := setup(t, org, Config{})
	f.fake.Fail(jiratest.Fault{Route: "POST /rest/api/2/issue/{issueIdOrKey}/comment", Delay: 300 * time.Millisecond, Times: 2})
	done := make(chan error, 2)
	for _, body := range []string{"one", "two"} {
		go func() {
			_, err := f.c.Post(t.Context(), "MKT-1", Comment{Body: body})
			done <- err
		}()
	}
	for range 2 {
		if err := <-done; err != nil {
			t.Fatal(err)
		}
	}
	if n := len(f.fake.Comments("MKT-1")); n != 1 {
		t.Errorf("%d comments, want 1", n)
	}
}

func TestRetryAfter(t *testing.T) {
	for v, want := range map[string]time.Duration{"2": 2 * time.Second, "1.5": 2 * time.Second, "0": 0} {
		got, ok := retryAfter(&http.Response{Header: http.Header{"Retry-After": {v}}})
		if !ok || got != want {
			t.Errorf("Retry-After %q: %v %v, want %v", v, got, ok, want)
		}
	}
	date := time.Now().Add(3 * time.Second).UTC().Format(http.TimeFormat)
	if got, ok := retryAfter(&http.Response{Header: http.Header{"Retry-After": {date}}}); !ok || got < time.Second || got > 3*time.Second {
		t.Errorf("an HTTP date: %v %v", got, ok)
	}
	if _, ok := retryAfter(&http.Response{Header: http.Header{"Retry-After": {"soon"}}}); ok {
		t.Error("an unreadable Retry-After read")
	}
	// A 500 that asks for a pause gets it too.
	if d := backoff(time.Millisecond, time.Millisecond, 0, &http.Response{StatusCode: 500, Header: http.Header{"Retry-After": {"1"}}}); d != time.Second {
		t.Errorf("a 500's Retry-After: %v", d)
	}
}

// TestSweepFailure: a sweep that fails keeps what the search read, and is
// tried again next time.
func TestSweepFailure(t *testing.T) {
	var failSweep atomic.Bool
	failSweep.Store(true)
	sweeps := func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if failSweep.Load() && strings.Contains(r.URL.Query().Get("jql"), "ORDER BY id") {
				w.Header().Set("Content-Type", "application/json")
				w.WriteHeader(http.StatusBadRequest)
				w.Write([]byte(`{"errorMessages": ["a fault the test asked for"], "errors": {}}`))
				return
			}
			next.ServeHTTP(w, r)
		})
	}
	f := setup(t, org, Config{SweepEvery: time.Minute}, jiratest.WithMiddleware(sweeps))
	ctx := t.Context()
	_, st, err := f.c.Sync(ctx, f.sc.Org, nil)
	if err != nil {
		t.Fatal(err)
	}
	f.now = f.now.Add(2 * time.Minute)
	f.fake.Update("MKT-1", f.now, func(it *model.Item) { it.Title = "changed" })
	f.fake.Delete("WEB-7")
	ch, st, err := f.c.Sync(ctx, f.sc.Org, st)
	if err != nil || len(ch.Items) != 1 || ch.Items[0].Title != "changed" || len(ch.Removed) != 0 {
		t.Fatalf("a failed sweep keeps the change read: %+v, %v", ch, err)
	}
	failSweep.Store(false)
	f.now = f.now.Add(time.Minute)
	ch, _, err = f.c.Sync(ctx, f.sc.Org, st)
	if err != nil || fmt.Sprint(ch.Removed) != "[jira:WEB-7]" {
		t.Fatalf("the next sync sweeps: %+v, %v", ch, err)
	}
}
