package github

import (
	"context"
	crand "crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ownerd/ownerd/connectors"
	"github.com/ownerd/ownerd/connectors/github/githubtest"
	"github.com/ownerd/ownerd/connectors/scenario"
	"github.com/ownerd/ownerd/model"
)

const org = `now: 2026-04-15T17:00:00-04:00
timezone: America/New_York
org:
  team_domains: [agency.example]
  people:
    - {id: josh, name: Josh Park, github: josh-p}
    - {id: anna, name: Anna Lee, github: anna-k}
github:
  - repo: agency/site
    number: 42
    kind: pull_request
    title: "MKT-1: landing page copy"
    body: Copy and layout.
    head: mkt-1-landing
    state: open
    labels: [client]
    milestone: {title: Launch, due_on: 2026-04-20T07:00:00Z}
    created: 2026-04-02T10:00:00Z
    author: josh-p
    assignees: [anna-k]
    events:
      - {at: 2026-04-02T10:05:00Z, by: josh-p, event: assigned, assignee: josh-p}
      - {at: 2026-04-08T16:20:00Z, by: josh-p, event: unassigned, assignee: josh-p}
      - {at: 2026-04-08T16:20:00Z, by: josh-p, event: assigned, assignee: anna-k}
      - {at: 2026-04-09T09:00:00Z, by: anna-k, event: labeled, label: client}
    comments:
      - {at: 2026-04-08T16:21:00Z, by: josh-p, body: Over to you Anna.}
  - repo: agency/site
    number: 7
    title: Broken link
    state: closed
    created: 2026-03-01T10:00:00Z
    author: outsider
    events:
      - {at: 2026-03-02T10:00:00Z, by: anna-k, event: closed}
      - {at: 2026-03-03T10:00:00Z, by: anna-k, event: reopened}
      - {at: 2026-03-04T10:00:00Z, by: anna-k, event: closed}
`

func items(its []*model.Item) map[model.ItemID]*model.Item {
	out := map[model.ItemID]*model.Item{}
	for _, it := range its {
		out[it.ID] = it
	}
	return out
}

// TestPollReadsTheScenario: what the fake serves, the connector reads back
// into the same model.
func TestPollReadsTheScenario(t *testing.T) {
	sc, err := scenario.Parse("org.yaml", []byte(org))
	if err != nil {
		t.Fatal(err)
	}
	fake := githubtest.New(sc.Items, sc.Org)
	defer fake.Close()
	c, err := New(Config{URL: fake.URL, Repos: []string{"agency/site"}}, WithToken("t"))
	if err != nil {
		t.Fatal(err)
	}
	snap, err := c.Poll(t.Context(), sc.Org)
	if err != nil {
		t.Fatal(err)
	}
	got, want := items(snap.Items), items(sc.Items)
	if len(got) != len(want) {
		t.Fatalf("read %d items, want %d", len(got), len(want))
	}
	for id, w := range want {
		g := got[id]
		if g == nil {
			t.Fatalf("%s not read", id)
		}
		if g.Title != w.Title || g.Body != w.Body || g.Kind != w.Kind || g.Branch != w.Branch || g.Done != w.Done || g.Status != w.Status ||
			!g.Due.Equal(w.Due) || !g.Created.Equal(w.Created) || g.Creator != w.Creator || fmt.Sprint(g.Labels) != fmt.Sprint(w.Labels) ||
			fmt.Sprint(g.Assignees) != fmt.Sprint(w.Assignees) || g.Source != w.Source {
			t.Errorf("%s:\n got %+v\nwant %+v", id, g, w)
		}
		if len(g.Changes) != len(w.Changes) || len(g.Comments) != len(w.Comments) {
			t.Fatalf("%s: %d changes and %d comments, want %d and %d", id, len(g.Changes), len(g.Comments), len(w.Changes), len(w.Comments))
		}
		for i := range w.Changes {
			a, b := g.Changes[i], w.Changes[i]
			if !a.At.Equal(b.At) || a.By != b.By || a.Field != b.Field || a.Done != b.Done || !slices.Equal(a.Assigned, b.Assigned) || !slices.Equal(a.Unassigned, b.Unassigned) {
				t.Errorf("%s change %d:\n got %+v\nwant %+v", id, i, a, b)
			}
		}
	}
}

// TestIdleSync: once the watermarks have settled (the sync after the first
// asks from the new ones), a sync with nothing new asks each stream once,
// conditionally, gets four 304s and spends no rate-limit point; a new
// comment is read whole.
func TestIdleSync(t *testing.T) {
	sc, _ := scenario.Parse("org.yaml", []byte(org))
	fake := githubtest.New(sc.Items, sc.Org)
	defer fake.Close()
	c, _ := New(Config{URL: fake.URL, Repos: []string{"agency/site"}}, WithToken("t"))
	_, st, err := c.Sync(t.Context(), sc.Org, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, st, err = c.Sync(t.Context(), sc.Org, st); err != nil {
		t.Fatal(err)
	}
	before := fake.Stats()
	ch, st, err := c.Sync(t.Context(), sc.Org, st)
	after := fake.Stats()
	if err != nil || len(ch.Items) != 0 {
		t.Fatalf("idle sync: %d items, %v", len(ch.Items), err)
	}
	if n, p := after.Requests-before.Requests, after.RateLimitPoints-before.RateLimitPoints; n != 4 || p != 0 {
		t.Errorf("an idle sync made %d requests and spent %d points, want 4 and 0", n, p)
	}
	fake.Comment("agency/site", 42, "anna", "Picked it up.", time.Date(2026, 4, 15, 12, 0, 0, 0, time.UTC))
	ch, _, err = c.Sync(t.Context(), sc.Org, st)
	if err != nil || len(ch.Items) != 1 || len(ch.Items[0].Comments) != 2 {
		t.Fatalf("after a comment: %+v, %v", ch.Items, err)
	}
}

// TestPost: one comment per item, found again by its marker and edited in
// place, even by a client that starts with no memory.
func TestPost(t *testing.T) {
	sc, _ := scenario.Parse("org.yaml", []byte(org))
	fake := githubtest.New(sc.Items, sc.Org)
	defer fake.Close()
	c, _ := New(Config{URL: fake.URL, Repos: []string{"agency/site"}}, WithToken("t"))
	first, err := c.Post(t.Context(), "agency/site", 42, Comment{Body: Mention("anna-k") + ": " + Neutralize("@josh-p see [x](https://evil.example) <b>now</b> agency/site#7"), Deliverable: "jira:MKT-1"})
	if err != nil || !first.Created {
		t.Fatalf("first: %+v %v", first, err)
	}
	fresh, _ := New(Config{URL: fake.URL, Repos: []string{"agency/site"}}, WithToken("t"))
	second, err := fresh.Post(t.Context(), "agency/site", 42, Comment{Body: "all clear", Deliverable: "jira:MKT-1"})
	if err != nil || second.Created || second.ID != first.ID {
		t.Fatalf("second: %+v %v", second, err)
	}
	bodies := fake.Posted("agency/site", 42)
	if len(bodies) != 2 || !strings.HasPrefix(bodies[1], "<!-- ownerd:gaps deliverable=jira:MKT-1 -->\nall clear") {
		t.Errorf("comments: %q", bodies)
	}
	// A reply is a comment of its own, never taken for ownerd's: the next
	// Post still edits the marked one.
	if _, err := fresh.Reply(t.Context(), "agency/site", 42, "@anna-k: still open. <!-- ownerd:gaps x -->"); err != nil {
		t.Fatal(err)
	}
	third, err := fresh.Post(t.Context(), "agency/site", 42, Comment{Body: "again", Deliverable: "jira:MKT-1"})
	if err != nil || third.ID != first.ID {
		t.Fatalf("after a reply: %+v %v", third, err)
	}
	bodies = fake.Posted("agency/site", 42)
	if len(bodies) != 3 || strings.Contains(bodies[2], "ownerd:gaps") || !strings.HasPrefix(bodies[2], "@anna-k") {
		t.Errorf("comments after a reply: %q", bodies)
	}
}

// TestNeutralize: text from people mentions nobody, links nothing and
// formats nothing.
func TestNeutralize(t *testing.T) {
	for _, hostile := range []string{
		"@anna-k please", "[click](https://evil.example)", "<img src=x onerror=alert(1)>", "**bold** _it_ `code`",
		"# heading\n- list\n> quote", "see agency/site#7 and #12", "https://evil.example www.evil.example", "<!-- ownerd:gaps -->",
	} {
		got := Neutralize(hostile)
		// What a backslash escapes is shown as it is: look at the rest.
		bare := regexp.MustCompile(`\\.`).ReplaceAllString(got, "")
		for _, bad := range []string{"\n", "@a", "](", "<", "*", "`", "https://", "www.", "#7", "#1", "_"} {
			if strings.Contains(bare, bad) || bad == "https://" && strings.Contains(got, bad) {
				t.Errorf("Neutralize(%q) = %q: holds %q", hostile, got, bad)
			}
		}
	}
	if Mention("anna-k") != "@anna-k" || Mention("x y]z") != "@xyz" {
		t.Errorf("Mention: %q %q", Mention("anna-k"), Mention("x y]z"))
	}
}

// TestFaults: the primary limit is waited out to its reset, the secondary
// and a 429 to their Retry-After, a 500 retried; malformed JSON and a
// repository that is not there fail the sync with no state, and what was
// known stays.
func TestFaults(t *testing.T) {
	sc, _ := scenario.Parse("org.yaml", []byte(org))
	fake := githubtest.New(sc.Items, sc.Org)
	defer fake.Close()
	c, _ := New(Config{URL: fake.URL, Repos: []string{"agency/site"}}, WithToken("t"))
	ctx := t.Context()
	for _, f := range []githubtest.Fault{
		{Route: "GET /repos/{owner}/{repo}/issues", Status: 403, RateLimited: true},
		{Route: "GET /repos/{owner}/{repo}/issues/events", Status: 403, Secondary: true, RetryAfter: "1"},
		{Route: "GET /repos/{owner}/{repo}/pulls", Status: 429, RetryAfter: "1"},
		{Route: "GET /repos/{owner}/{repo}/issues/comments", Status: 500},
	} {
		fake.Fail(f)
		began := time.Now()
		snap, err := c.Poll(ctx, sc.Org)
		if err != nil || len(snap.Items) != 2 {
			t.Errorf("fault %+v: %d items, %v", f, len(snap.Items), err)
		}
		if f.Status != 500 && time.Since(began) < 900*time.Millisecond {
			t.Errorf("fault %+v: came back after %s, before the wait asked for", f, time.Since(began))
		}
	}
	_, st, err := c.Sync(ctx, sc.Org, nil)
	if err != nil {
		t.Fatal(err)
	}
	fake.Fail(githubtest.Fault{Route: "GET /repos/{owner}/{repo}/issues/comments", Malformed: true})
	if ch, next, err := c.Sync(ctx, sc.Org, st); err == nil || next != nil || len(ch.Items) != 0 || !strings.Contains(err.Error(), "list comments") {
		t.Errorf("malformed JSON: %+v, state %v, %v", ch, next != nil, err)
	}
	gone, _ := New(Config{URL: fake.URL, Repos: []string{"agency/nope"}}, WithToken("t"))
	if _, err := gone.Poll(ctx, sc.Org); err == nil || !strings.Contains(err.Error(), "agency/nope") || !strings.Contains(err.Error(), "404") {
		t.Errorf("a missing repository: %v", err)
	}
}

// appKey writes a fresh RSA key where a GitHub App's private key would be.
func appKey(t *testing.T) string {
	t.Helper()
	key, err := rsa.GenerateKey(crand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "app.pem")
	pemBytes := pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(key)})
	if err := os.WriteFile(path, pemBytes, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestAppAndOrg: a GitHub App reads its installation's repositories with
// an installation token made from its key; a token reads an org's.
func TestAppAndOrg(t *testing.T) {
	sc, _ := scenario.Parse("org.yaml", []byte(org))
	fake := githubtest.New(sc.Items, sc.Org)
	defer fake.Close()
	app, err := New(Config{URL: fake.URL, AppID: 42, InstallationID: 7, PrivateKeyFile: appKey(t)})
	if err != nil {
		t.Fatal(err)
	}
	snap, err := app.Poll(t.Context(), sc.Org)
	if err != nil || len(snap.Items) != 2 {
		t.Fatalf("as an App: %d items, %v", len(snap.Items), err)
	}
	routes := fake.Stats().Routes
	if routes["POST /app/installations/{installation_id}/access_tokens"] != 1 || routes["GET /installation/repositories"] != 1 {
		t.Errorf("routes: %v", routes)
	}
	byOrg, _ := New(Config{URL: fake.URL, Org: "agency"}, WithToken("t"))
	if snap, err := byOrg.Poll(t.Context(), sc.Org); err != nil || len(snap.Items) != 2 {
		t.Errorf("by org: %d items, %v", len(snap.Items), err)
	}
	if _, err := New(Config{URL: fake.URL, AppID: 42, InstallationID: 7, PrivateKeyFile: "/nonexistent.pem"}); err == nil || !strings.Contains(err.Error(), "/nonexistent.pem") {
		t.Errorf("a missing key: %v", err)
	}
}

// TestSecretsStayOut: the token appears in no error, even when every
// request fails.
func TestSecretsStayOut(t *testing.T) {
	sc, _ := scenario.Parse("org.yaml", []byte(org))
	fake := githubtest.New(sc.Items, sc.Org)
	defer fake.Close()
	t.Setenv("OWNERD_TEST_GH_TOKEN", "ghp_s3cr3t")
	c, err := New(Config{URL: fake.URL, Repos: []string{"agency/site"}, TokenEnv: "OWNERD_TEST_GH_TOKEN", Retries: 1})
	if err != nil {
		t.Fatal(err)
	}
	fake.Fail(githubtest.Fault{Status: 502, Times: 100})
	fake.Fail(githubtest.Fault{Status: 401, Times: 100})
	_, err = c.Poll(t.Context(), sc.Org)
	if err == nil || strings.Contains(err.Error(), "s3cr3t") {
		t.Errorf("error: %v", err)
	}
	if _, err := New(Config{Repos: []string{"a/b"}, TokenFile: "/nonexistent/token"}); err == nil || !strings.Contains(err.Error(), "/nonexistent/token") {
		t.Errorf("a missing token file: %v", err)
	}
}

// TestOddInput: a renamed repository (301), a deleted user (null), a 20 MB
// body, events of an issue never listed, and a full page of events whose
// Link header went missing: the sync goes on, reads what it can, and does
// not move past what it did not see.
func TestOddInput(t *testing.T) {
	big := strings.Repeat("x", 20<<20)
	var eventsAfter int64
	mux := http.NewServeMux()
	answer := func(v any) http.HandlerFunc {
		return func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			json.NewEncoder(w).Encode(v)
		}
	}
	mux.HandleFunc("/repos/old/site/", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, strings.Replace(r.URL.RequestURI(), "/repos/old/site/", "/repos/agency/site/", 1), http.StatusMovedPermanently)
	})
	mux.HandleFunc("GET /repos/agency/site/issues", answer([]any{map[string]any{
		"id": 1, "number": 1, "title": "t", "body": big, "state": "open", "user": nil, "labels": []any{}, "assignees": []any{},
		"created_at": "2026-04-01T09:00:00Z", "updated_at": "2026-04-02T09:00:00Z",
	}}))
	mux.HandleFunc("GET /repos/agency/site/issues/comments", answer([]any{map[string]any{
		"id": 5, "issue_url": "http://x/repos/agency/site/issues/1", "user": nil, "body": "from a deleted account",
		"created_at": "2026-04-02T09:00:00Z", "updated_at": "2026-04-02T09:00:00Z",
	}}))
	mux.HandleFunc("GET /repos/agency/site/issues/events", func(w http.ResponseWriter, r *http.Request) {
		var events []any
		for id := 200; id > 200-100; id-- { // a full page, and no Link header
			events = append(events, map[string]any{"id": id, "event": "labeled", "label": map[string]any{"name": "x"}, "actor": nil,
				"created_at": "2026-04-03T09:00:00Z", "issue": map[string]any{"number": 99}})
		}
		answer(events)(w, r)
	})
	mux.HandleFunc("GET /repos/agency/site/pulls", answer([]any{}))
	srv := httptest.NewServer(mux)
	defer srv.Close()
	o := &model.Org{}
	o.Index()
	c, _ := New(Config{URL: srv.URL, Repos: []string{"old/site"}}, WithToken("t"))
	st := []byte(`{"repos": {"old/site": {"events_after": 5, "items": {}}}}`)
	ch, next, err := c.Sync(t.Context(), o, st)
	if err != nil {
		t.Fatal(err)
	}
	if len(ch.Items) != 1 || len(ch.Items[0].Body) != len(big) || ch.Items[0].Creator != "" || len(ch.Items[0].Comments) != 1 || ch.Items[0].Comments[0].By != "" {
		t.Fatalf("items: %d", len(ch.Items))
	}
	var state struct {
		Repos map[string]struct {
			EventsAfter int64 `json:"events_after"`
		} `json:"repos"`
	}
	json.Unmarshal(next, &state)
	if eventsAfter = state.Repos["old/site"].EventsAfter; eventsAfter != 5 {
		t.Errorf("events watermark %d after a full page without a Link header, want it kept at 5", eventsAfter)
	}
}

// TestReviewFindings holds the fixes of a review of the connector.
func TestReviewFindings(t *testing.T) {
	ctx := t.Context()
	t.Run("someone else's comment wearing the marker is not ownerd's", func(t *testing.T) {
		sc, _ := scenario.Parse("org.yaml", []byte(org))
		fake := githubtest.New(sc.Items, sc.Org)
		defer fake.Close()
		fake.Comment("agency/site", 42, "mallory", "<!-- ownerd:gaps deliverable=x -->\nspoof", time.Date(2026, 4, 10, 0, 0, 0, 0, time.UTC))
		c, _ := New(Config{URL: fake.URL, Repos: []string{"agency/site"}}, WithToken("t"))
		for range 3 {
			if _, err := c.Post(ctx, "agency/site", 42, Comment{Body: "ours", Deliverable: "jira:MKT-1"}); err != nil {
				t.Fatal(err)
			}
		}
		bodies := fake.Posted("agency/site", 42)
		if len(bodies) != 3 || bodies[1] != "<!-- ownerd:gaps deliverable=x -->\nspoof" {
			t.Errorf("want the issue's comment, mallory's untouched and one of ownerd's: %q", bodies)
		}
	})
	t.Run("the deliverable cannot close the marker", func(t *testing.T) {
		for _, v := range []string{"a-->b", "a--!>b", "a--->->b", "mail:<x@y>\n# h"} {
			if got := markerValue(v); strings.Contains(got, "--") || strings.ContainsAny(got, "<>!\n") {
				t.Errorf("markerValue(%q) = %q", v, got)
			}
		}
	})
	t.Run("mentioned and subscribed are nobody's activity", func(t *testing.T) {
		src := strings.Replace(org, "      - {at: 2026-04-09T09:00:00Z, by: anna-k, event: labeled, label: client}\n",
			"      - {at: 2026-04-09T09:00:00Z, by: anna-k, event: labeled, label: client}\n      - {at: 2026-04-10T09:00:00Z, by: anna-k, event: mentioned}\n      - {at: 2026-04-10T09:00:00Z, by: anna-k, event: subscribed}\n", 1)
		sc, err := scenario.Parse("org.yaml", []byte(src))
		if err != nil {
			t.Fatal(err)
		}
		fake := githubtest.New(sc.Items, sc.Org)
		defer fake.Close()
		c, _ := New(Config{URL: fake.URL, Repos: []string{"agency/site"}}, WithToken("t"))
		snap, err := c.Poll(ctx, sc.Org)
		if err != nil {
			t.Fatal(err)
		}
		for _, it := range snap.Items {
			for _, ch := range it.Changes {
				if ch.Field == "mentioned" || ch.Field == "subscribed" {
					t.Errorf("%s: %+v counts as %s's activity", it.ID, ch, ch.By)
				}
			}
		}
	})
	t.Run("two changes in one second", func(t *testing.T) {
		a := &itemState{Listed: true, Title: "v1", Updated: time.Unix(100, 0)}
		b := *a
		b.Title = "v2"
		if sameFields(a, &b) {
			t.Error("a title changed within the same second is a change")
		}
	})
	t.Run("Neutralize breaks references by shape", func(t *testing.T) {
		got := Neutralize("$\\color{red}{PAY}$ GH-12 JIRA-123 deadbeefcafe1234 \u202eevil")
		bare := regexp.MustCompile(`\\.`).ReplaceAllString(got, "")
		if strings.Contains(bare, "$") || strings.Contains(got, "GH\\-12") || strings.Contains(got, "deadbeefcafe") || strings.ContainsRune(got, '\u202e') {
			t.Errorf("%q", got)
		}
		if n := len([]rune(Neutralize(strings.Repeat("x", 5000)))); n > 1001 {
			t.Errorf("a quote of %d characters", n)
		}
	})
}

// TestIssuesThatMoveWhilePaged: an issue updated while the issues stream
// is paged moves to the end and pushes the next page by one; the issue
// passed over is read by the next sync.
func TestIssuesThatMoveWhilePaged(t *testing.T) {
	var b strings.Builder
	b.WriteString("now: 2026-04-15T17:00:00Z\norg:\n  people: [{id: dev, github: dev}]\ngithub:\n")
	for i := 1; i <= 150; i++ {
		fmt.Fprintf(&b, "  - {repo: agency/site, number: %d, title: t%d, created: %s, author: dev}\n", i, i, time.Date(2026, 1, 1, 0, i, 0, 0, time.UTC).Format(time.RFC3339))
	}
	sc, err := scenario.Parse("many.yaml", []byte(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	var fake *githubtest.Server
	pages := 0
	moveFirst := func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			next.ServeHTTP(w, r)
			if strings.HasSuffix(r.URL.Path, "/issues") {
				if pages++; pages == 1 {
					fake.Comment("agency/site", 1, "dev", "moved", time.Date(2026, 4, 15, 12, 0, 0, 0, time.UTC))
				}
			}
		})
	}
	fake = githubtest.New(sc.Items, sc.Org, githubtest.WithMiddleware(moveFirst))
	defer fake.Close()
	c, _ := New(Config{URL: fake.URL, Repos: []string{"agency/site"}}, WithToken("t"))
	seen := map[model.ItemID]bool{}
	var st []byte
	for range 2 {
		ch, next, err := c.Sync(t.Context(), sc.Org, st)
		if err != nil {
			t.Fatal(err)
		}
		for _, it := range ch.Items {
			seen[it.ID] = true
		}
		st = next
	}
	if len(seen) != 150 {
		t.Errorf("after two syncs %d of 150 items read", len(seen))
	}
}

// TestConditionalStreams: the state keeps each stream page's ETag, so an
// idle sync costs no rate-limit points, even from a new client (a
// restart); a Poll reads everything whatever was asked before; and a sync
// that fails keeps no ETag, so what it read is read again.
func TestConditionalStreams(t *testing.T) {
	sc, _ := scenario.Parse("org.yaml", []byte(org))
	fake := githubtest.New(sc.Items, sc.Org)
	defer fake.Close()
	cfg := Config{URL: fake.URL, Repos: []string{"agency/site"}}
	c, _ := New(cfg, WithToken("t"))
	ctx := t.Context()
	sync := func(c *Client, st []byte) (connectors.Changes, []byte, int) {
		t.Helper()
		before := fake.Stats().RateLimitPoints
		ch, next, err := c.Sync(ctx, sc.Org, st)
		if err != nil {
			t.Fatal(err)
		}
		return ch, next, fake.Stats().RateLimitPoints - before
	}
	first, st, _ := sync(c, nil)
	if len(first.Items) != 2 {
		t.Fatalf("first sync: %d items", len(first.Items))
	}
	_, st, _ = sync(c, st) // the watermarks move to the newest change
	ch, st, points := sync(c, st)
	if len(ch.Items) != 0 || points != 0 {
		t.Errorf("an idle sync: %d items, %d points; want none and none", len(ch.Items), points)
	}
	restarted, _ := New(cfg, WithToken("t"))
	if ch, _, points := sync(restarted, st); len(ch.Items) != 0 || points != 0 {
		t.Errorf("an idle sync after a restart: %d items, %d points", len(ch.Items), points)
	}
	if snap, err := c.Poll(ctx, sc.Org); err != nil || len(snap.Items) != 2 {
		t.Errorf("a Poll on a client that synced before: %d items, %v", len(snap.Items), err)
	}

	// Someone comments; the sync that reads the comment fails later on.
	fake.Comment("agency/site", 42, "anna", "On it.", time.Now())
	fake.Fail(githubtest.Fault{Route: "GET /repos/{owner}/{repo}/issues/events", Status: 404})
	if _, next, err := c.Sync(ctx, sc.Org, st); err == nil || next != nil {
		t.Fatalf("the failing sync: state %v, %v", next != nil, err)
	}
	ch, _, _ = sync(c, st)
	if len(ch.Items) != 1 || !slices.ContainsFunc(ch.Items[0].Comments, func(cm model.Comment) bool { return cm.Body == "On it." }) {
		t.Errorf("after a failed sync the comment it read was lost: %+v", ch.Items)
	}
}

// TestStreamFullPageIsAskedAgain: GitHub's ETag covers a page's body, not
// its Link header, so a full page listed oldest first is never answered
// from the state: the page after it may be new while it is unchanged.
func TestStreamFullPageIsAskedAgain(t *testing.T) {
	var conditional int
	var pages [2]int
	pages[0] = 2 // per_page=2: page 1 full, and no page 2 yet
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		page := 1
		if r.URL.Query().Get("page") == "2" {
			page = 2
		}
		etag := fmt.Sprintf(`"p%d-%d"`, page, pages[page-1])
		if r.Header.Get("If-None-Match") == etag {
			conditional++
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("ETag", etag)
		if page == 1 && pages[1] > 0 {
			w.Header().Set("Link", "<http://"+r.Host+r.URL.Path+"?direction=asc&per_page=2&page=2>; rel=\"next\"")
		}
		items := make([]string, pages[page-1])
		for i := range items {
			items[i] = fmt.Sprintf(`{"id": %d}`, (page-1)*2+i+1)
		}
		fmt.Fprintf(w, "[%s]", strings.Join(items, ","))
	}))
	defer srv.Close()
	tr := newETags(http.DefaultTransport)
	c := &http.Client{Transport: tr}
	list := func(tags *streamTags) (ids int, link string) {
		req, _ := http.NewRequestWithContext(withStream(context.Background(), tags), http.MethodGet, srv.URL+"/repos/a/b/issues?direction=asc&per_page=2", nil)
		resp, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var items []json.RawMessage
		json.NewDecoder(resp.Body).Decode(&items)
		return len(items), resp.Header.Get("Link")
	}
	tags := &streamTags{next: map[string]pageTag{}}
	if n, _ := list(tags); n != 2 {
		t.Fatalf("first listing: %d items", n)
	}
	// A third issue changes: it lands on a new page 2; page 1 stays.
	pages[1] = 1
	tags = &streamTags{prev: tags.next, next: map[string]pageTag{}}
	if _, link := list(tags); !strings.Contains(link, "page=2") || conditional != 0 {
		t.Errorf("the full page was answered from the state (%d conditional), Link %q: the new page would never be read", conditional, link)
	}
}
