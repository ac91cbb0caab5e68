// Package githubtest is an in-process fake GitHub that serves the GitHub
// issues and pull requests of a scenario over GitHub's REST API: the
// repository-wide streams (issues, issue events, issue comments, pulls)
// with Link paging, since, ETags that change only when the data does
// (a 304 costs no rate-limit points, as on GitHub), x-ratelimit headers
// from a budget, comment create and edit, switchable faults and request
// counts.
package githubtest

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/ownerd/ownerd/connectors/internal/fakeroute"
	"github.com/ownerd/ownerd/model"
)

// Server is a fake GitHub on a loopback port.
type Server struct {
	// URL is the REST base URL: GET {URL}/repos/{owner}/{repo}/issues.
	URL string

	srv *httptest.Server
	org *model.Org

	mu     sync.Mutex
	repos  map[string]*repo // by lower-case "owner/name"
	nextID int64
	budget int
	used   int
	stats  Stats
	faults []*Fault
	nowFn  func() time.Time
	wrap   []func(http.Handler) http.Handler
}

// Stats counts what the fake was asked (sandbox.md).
type Stats struct {
	Requests        int            `json:"requests"`
	Routes          map[string]int `json:"routes"`
	RateLimitPoints int            `json:"ratelimit_points"`
	CommentsPosted  int            `json:"comments_posted"`
}

// Fault is a failure the fake answers with instead of the real answer.
type Fault struct {
	Route      string // "GET /repos/{owner}/{repo}/issues"; empty: any
	Status     int    // 403 with Secondary or RateLimited, 429, 500, ...
	RetryAfter string
	// RateLimited answers as the primary limit does: remaining 0 and a
	// reset time.
	RateLimited bool
	// Secondary words the answer as the secondary limit does.
	Secondary bool
	Delay     time.Duration
	Malformed bool
	Times     int
}

// Option changes the fake.
type Option func(*Server)

// WithBudget sets the primary rate limit (5,000 points an hour by default).
func WithBudget(points int) Option { return func(s *Server) { s.budget = points } }

// WithClock takes the fake's time (for posted comments) from now.
func WithClock(now func() time.Time) Option { return func(s *Server) { s.nowFn = now } }

// WithMiddleware wraps the fake's handler, for tests that check every
// request and answer against the API's description.
func WithMiddleware(mw func(http.Handler) http.Handler) Option {
	return func(s *Server) { s.wrap = append(s.wrap, mw) }
}

type repo struct {
	owner, name string
	id          int64
	issues      []*issue // by number
	byNumber    map[int]*issue
	events      []*event // oldest first
}

type issue struct {
	id       int64
	number   int
	item     *model.Item
	updated  time.Time
	comments []*comment
}

type event struct {
	id       int64
	number   int
	actor    model.PersonID
	name     string
	assignee model.PersonID
	label    string
	at       time.Time
}

type comment struct {
	id      int64
	number  int
	by      model.PersonID
	body    string
	created time.Time
	updated time.Time
}

// New starts a fake serving the GitHub items among items, people named by
// their GitHub login (else their id). Close it when done.
func New(items []*model.Item, org *model.Org, opts ...Option) *Server {
	s := &Server{org: org, repos: map[string]*repo{}, nextID: 1000, budget: 5000, nowFn: time.Now}
	s.stats.Routes = map[string]int{}
	for _, o := range opts {
		o(s)
	}
	for _, it := range items {
		if it.System == model.GitHub {
			s.add(it)
		}
	}
	var h http.Handler = http.HandlerFunc(s.serve)
	for _, mw := range s.wrap {
		h = mw(h)
	}
	s.srv = httptest.NewServer(h)
	s.URL = s.srv.URL + "/"
	return s
}

// Close stops the fake.
func (s *Server) Close() { s.srv.Close() }

// Stats returns what the fake was asked so far.
func (s *Server) Stats() Stats {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := s.stats
	out.Routes = maps.Clone(s.stats.Routes)
	return out
}

// Fail queues a fault: the next matching requests get it.
func (s *Server) Fail(f Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	f.Times = max(f.Times, 1)
	s.faults = append(s.faults, &f)
}

// Comment adds a comment by a person, as someone commenting on GitHub.
func (s *Server) Comment(repoName string, number int, by model.PersonID, body string, at time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	r := s.repos[strings.ToLower(repoName)]
	is := r.byNumber[number]
	is.comments = append(is.comments, &comment{id: s.id(), number: number, by: by, body: body, created: at, updated: at})
	is.updated = later(is.updated, at)
}

// Posted returns the bodies of the comments on an issue, oldest first.
func (s *Server) Posted(repoName string, number int) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []string
	if r := s.repos[strings.ToLower(repoName)]; r != nil && r.byNumber[number] != nil {
		for _, c := range r.byNumber[number].comments {
			out = append(out, c.body)
		}
	}
	return out
}

func (s *Server) id() int64 {
	s.nextID++
	return s.nextID
}

func later(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

func (s *Server) add(orig *model.Item) {
	it := *orig
	full, num, _ := strings.Cut(strings.TrimPrefix(string(it.ID), "github:"), "#")
	owner, name, _ := strings.Cut(full, "/")
	n, _ := strconv.Atoi(num)
	r := s.repos[strings.ToLower(full)]
	if r == nil {
		r = &repo{owner: owner, name: name, id: s.id(), byNumber: map[int]*issue{}}
		s.repos[strings.ToLower(full)] = r
	}
	is := &issue{id: s.id(), number: n, item: &it, updated: it.Created}
	for _, c := range it.Changes {
		e := &event{id: 0, number: n, actor: c.By, name: c.Field, at: c.At}
		switch {
		case c.Field == "assignee" && len(c.Assigned) > 0:
			e.name, e.assignee = "assigned", c.Assigned[0]
		case c.Field == "assignee" && len(c.Unassigned) > 0:
			e.name, e.assignee = "unassigned", c.Unassigned[0]
		case c.Field == "labels":
			e.name, e.label = "labeled", c.To
		case c.Done == model.BecameDone:
			e.name = "closed"
		case c.Done == model.BecameOpen:
			e.name = "reopened"
		}
		r.events = append(r.events, e)
		is.updated = later(is.updated, c.At)
	}
	for _, c := range it.Comments {
		is.comments = append(is.comments, &comment{id: s.id(), number: n, by: c.By, body: c.Body, created: c.At, updated: c.At})
		is.updated = later(is.updated, c.At)
	}
	r.issues = append(r.issues, is)
	r.byNumber[n] = is
	// Event ids grow with time, as GitHub's do.
	slices.SortStableFunc(r.events, func(a, b *event) int { return a.at.Compare(b.at) })
	for _, e := range r.events {
		e.id = 0
	}
	for _, e := range r.events {
		e.id = s.id()
	}
}

// ----- JSON, with every field GitHub's description requires -----

func (s *Server) api(path string) string { return strings.TrimSuffix(s.URL, "/") + path }

func (s *Server) login(p model.PersonID) string {
	if person := s.org.Person(p); person != nil && person.GitHub != "" {
		return person.GitHub
	}
	return string(p)
}

func (s *Server) user(p model.PersonID) any {
	if p == "" {
		return nil
	}
	login := s.login(p)
	sum := sha256.Sum256([]byte(login))
	id := int64(sum[0])<<16 | int64(sum[1])<<8 | int64(sum[2])
	u := s.api("/users/" + login)
	return map[string]any{
		"login": login, "id": id, "node_id": "U_" + hex.EncodeToString(sum[:6]), "avatar_url": "https://avatars.githubusercontent.com/u/" + strconv.FormatInt(id, 10),
		"gravatar_id": "", "url": u, "html_url": "https://github.com/" + login, "followers_url": u + "/followers",
		"following_url": u + "/following{/other_user}", "gists_url": u + "/gists{/gist_id}", "starred_url": u + "/starred{/owner}{/repo}",
		"subscriptions_url": u + "/subscriptions", "organizations_url": u + "/orgs", "repos_url": u + "/repos", "events_url": u + "/events{/privacy}",
		"received_events_url": u + "/received_events", "type": userType(login), "site_admin": false,
	}
}

func userType(login string) string {
	if strings.HasSuffix(login, "[bot]") {
		return "Bot"
	}
	return "User"
}

func stamp(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UTC().Format(time.RFC3339)
}

func (s *Server) label(r *repo, name string) map[string]any {
	sum := sha256.Sum256([]byte(name))
	return map[string]any{"id": int64(sum[0])<<8 | int64(sum[1]), "node_id": "LA_" + hex.EncodeToString(sum[:6]), "url": s.api("/repos/" + r.owner + "/" + r.name + "/labels/" + url.PathEscape(name)),
		"name": name, "description": "", "color": hex.EncodeToString(sum[:3]), "default": false}
}

func (s *Server) issueJSON(r *repo, is *issue) map[string]any {
	it := is.item
	base := s.api(fmt.Sprintf("/repos/%s/%s/issues/%d", r.owner, r.name, is.number))
	state := "open"
	var closed any
	if it.Done {
		state, closed = "closed", stamp(is.updated)
	}
	labels := []any{}
	for _, l := range it.Labels {
		labels = append(labels, s.label(r, l))
	}
	assignees := []any{}
	for _, a := range it.Assignees {
		assignees = append(assignees, s.user(a))
	}
	var assignee any
	if len(assignees) > 0 {
		assignee = assignees[0]
	}
	var milestone any
	if !it.Due.IsZero() {
		y, m, d := it.Due.In(cmp.Or(s.org.Location, time.UTC)).Date()
		due := time.Date(y, m, d, 7, 0, 0, 0, time.UTC)
		milestone = map[string]any{
			"url": s.api(fmt.Sprintf("/repos/%s/%s/milestones/1", r.owner, r.name)), "html_url": fmt.Sprintf("https://github.com/%s/%s/milestone/1", r.owner, r.name),
			"labels_url": s.api(fmt.Sprintf("/repos/%s/%s/milestones/1/labels", r.owner, r.name)), "id": is.id + 500000, "node_id": "MI_" + strconv.FormatInt(is.id, 36),
			"number": 1, "state": "open", "title": "Due " + due.Format("Jan 2"), "description": nil, "creator": s.user(it.Creator), "open_issues": 1, "closed_issues": 0,
			"created_at": stamp(it.Created), "updated_at": stamp(it.Created), "closed_at": nil, "due_on": stamp(due),
		}
	}
	out := map[string]any{
		"id": is.id, "node_id": "I_" + strconv.FormatInt(is.id, 36), "url": base, "repository_url": s.api("/repos/" + r.owner + "/" + r.name),
		"labels_url": base + "/labels{/name}", "comments_url": base + "/comments", "events_url": base + "/events",
		"html_url": fmt.Sprintf("https://github.com/%s/%s/issues/%d", r.owner, r.name, is.number), "number": is.number, "state": state,
		"title": it.Title, "body": nilIfEmpty(it.Body), "user": s.user(it.Creator), "labels": labels, "assignee": assignee, "assignees": assignees,
		"milestone": milestone, "locked": false, "active_lock_reason": nil, "comments": len(is.comments), "closed_at": closed,
		"created_at": stamp(it.Created), "updated_at": stamp(is.updated), "author_association": "MEMBER",
	}
	if it.Kind == model.PullRequest {
		pr := fmt.Sprintf("https://github.com/%s/%s/pull/%d", r.owner, r.name, is.number)
		out["pull_request"] = map[string]any{"url": s.api(fmt.Sprintf("/repos/%s/%s/pulls/%d", r.owner, r.name, is.number)), "html_url": pr, "diff_url": pr + ".diff", "patch_url": pr + ".patch", "merged_at": nil}
	}
	return out
}

func nilIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func (s *Server) eventJSON(r *repo, e *event) map[string]any {
	is := r.byNumber[e.number]
	out := map[string]any{
		"id": e.id, "node_id": "E_" + strconv.FormatInt(e.id, 36), "url": s.api(fmt.Sprintf("/repos/%s/%s/issues/events/%d", r.owner, r.name, e.id)),
		"actor": s.user(e.actor), "event": e.name, "commit_id": nil, "commit_url": nil, "created_at": stamp(e.at),
		"issue": s.issueJSON(r, is),
	}
	if e.assignee != "" {
		out["assignee"], out["assigner"] = s.user(e.assignee), s.user(e.actor)
	}
	if e.label != "" {
		out["label"] = map[string]any{"name": e.label, "color": "ededed"}
	}
	return out
}

func (s *Server) commentJSON(r *repo, c *comment) map[string]any {
	issueURL := s.api(fmt.Sprintf("/repos/%s/%s/issues/%d", r.owner, r.name, c.number))
	return map[string]any{
		"id": c.id, "node_id": "IC_" + strconv.FormatInt(c.id, 36), "url": s.api(fmt.Sprintf("/repos/%s/%s/issues/comments/%d", r.owner, r.name, c.id)),
		"html_url":  fmt.Sprintf("https://github.com/%s/%s/issues/%d#issuecomment-%d", r.owner, r.name, c.number, c.id),
		"issue_url": issueURL, "body": c.body, "user": s.user(c.by), "created_at": stamp(c.created), "updated_at": stamp(c.updated),
		"author_association": "MEMBER",
	}
}

func (s *Server) repoJSON(r *repo) map[string]any {
	full := r.owner + "/" + r.name
	u := s.api("/repos/" + full)
	out := map[string]any{"id": r.id, "node_id": "R_" + strconv.FormatInt(r.id, 36), "name": r.name, "full_name": full, "private": true,
		"owner": s.user(model.PersonID(r.owner)), "html_url": "https://github.com/" + full, "url": u, "description": nil, "fork": false,
		"homepage": nil, "language": nil, "mirror_url": nil, "license": nil, "pushed_at": nil, "created_at": nil, "updated_at": nil,
		"default_branch": "main", "archived": false, "disabled": false, "visibility": "private",
		"clone_url": "https://github.com/" + full + ".git", "git_url": "git://github.com/" + full + ".git", "ssh_url": "git@github.com:" + full + ".git",
		"svn_url": "https://github.com/" + full}
	for _, k := range []string{"forks", "forks_count", "open_issues", "open_issues_count", "size", "stargazers_count", "watchers", "watchers_count"} {
		out[k] = 0
	}
	for _, k := range []string{"has_downloads", "has_issues", "has_projects", "has_wiki", "has_pages"} {
		out[k] = k == "has_issues"
	}
	// The templated links every repository carries.
	for k, suffix := range map[string]string{
		"archive_url": "/{archive_format}{/ref}", "assignees_url": "/assignees{/user}", "blobs_url": "/git/blobs{/sha}", "branches_url": "/branches{/branch}",
		"collaborators_url": "/collaborators{/collaborator}", "comments_url": "/comments{/number}", "commits_url": "/commits{/sha}",
		"compare_url": "/compare/{base}...{head}", "contents_url": "/contents/{+path}", "contributors_url": "/contributors",
		"deployments_url": "/deployments", "downloads_url": "/downloads", "events_url": "/events", "forks_url": "/forks",
		"git_commits_url": "/git/commits{/sha}", "git_refs_url": "/git/refs{/sha}", "git_tags_url": "/git/tags{/sha}", "hooks_url": "/hooks",
		"issue_comment_url": "/issues/comments{/number}", "issue_events_url": "/issues/events{/number}", "issues_url": "/issues{/number}",
		"keys_url": "/keys{/key_id}", "labels_url": "/labels{/name}", "languages_url": "/languages", "merges_url": "/merges",
		"milestones_url": "/milestones{/number}", "notifications_url": "/notifications{?since,all,participating}", "pulls_url": "/pulls{/number}",
		"releases_url": "/releases{/id}", "stargazers_url": "/stargazers", "statuses_url": "/statuses/{sha}", "subscribers_url": "/subscribers",
		"subscription_url": "/subscription", "tags_url": "/tags", "teams_url": "/teams", "trees_url": "/git/trees{/sha}",
	} {
		out[k] = u + suffix
	}
	return out
}

func (s *Server) pullJSON(r *repo, is *issue) map[string]any {
	it := is.item
	out := s.issueJSON(r, is)
	delete(out, "pull_request")
	delete(out, "repository_url")
	delete(out, "labels_url")
	delete(out, "events_url")
	delete(out, "comments")
	delete(out, "assignees")
	pr := fmt.Sprintf("https://github.com/%s/%s/pull/%d", r.owner, r.name, is.number)
	api := s.api(fmt.Sprintf("/repos/%s/%s/pulls/%d", r.owner, r.name, is.number))
	issueAPI := s.api(fmt.Sprintf("/repos/%s/%s/issues/%d", r.owner, r.name, is.number))
	out["url"], out["html_url"], out["diff_url"], out["patch_url"], out["issue_url"] = api, pr, pr+".diff", pr+".patch", issueAPI
	out["commits_url"], out["review_comments_url"], out["review_comment_url"] = api+"/commits", api+"/comments", s.api(fmt.Sprintf("/repos/%s/%s/pulls/comments{/number}", r.owner, r.name))
	out["comments_url"], out["statuses_url"] = issueAPI+"/comments", s.api(fmt.Sprintf("/repos/%s/%s/statuses/0000000", r.owner, r.name))
	out["merge_commit_sha"], out["merged_at"], out["auto_merge"], out["draft"] = nil, nil, nil, false
	out["body"] = nilIfEmpty(it.Body)
	assignees := []any{}
	for _, a := range it.Assignees {
		assignees = append(assignees, s.user(a))
	}
	out["assignees"], out["requested_reviewers"], out["requested_teams"] = assignees, []any{}, []any{}
	ref := func(branch string) map[string]any {
		return map[string]any{"label": r.owner + ":" + branch, "ref": branch, "sha": "0000000000000000000000000000000000000000", "user": s.user(model.PersonID(r.owner)), "repo": s.repoJSON(r)}
	}
	out["head"], out["base"] = ref(cmp.Or(it.Branch, "branch-"+strconv.Itoa(is.number))), ref("main")
	out["_links"] = map[string]any{"self": map[string]any{"href": api}, "html": map[string]any{"href": pr}, "issue": map[string]any{"href": issueAPI},
		"comments": map[string]any{"href": issueAPI + "/comments"}, "review_comments": map[string]any{"href": api + "/comments"},
		"review_comment": map[string]any{"href": s.api(fmt.Sprintf("/repos/%s/%s/pulls/comments{/number}", r.owner, r.name))},
		"commits":        map[string]any{"href": api + "/commits"}, "statuses": map[string]any{"href": s.api(fmt.Sprintf("/repos/%s/%s/statuses/0000000", r.owner, r.name))}}
	return out
}

// ----- serving -----

var routes = []string{
	"GET /repos/{owner}/{repo}/issues",
	"GET /repos/{owner}/{repo}/issues/events",
	"GET /repos/{owner}/{repo}/issues/comments",
	"GET /repos/{owner}/{repo}/pulls",
	"GET /repos/{owner}/{repo}/issues/{issue_number}",
	"GET /repos/{owner}/{repo}/issues/{issue_number}/comments",
	"POST /repos/{owner}/{repo}/issues/{issue_number}/comments",
	"PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}",
	"GET /rate_limit",
	"GET /user",
	"GET /orgs/{org}/repos",
	"GET /installation/repositories",
	"POST /app/installations/{installation_id}/access_tokens",
}

type apiError struct {
	Message          string `json:"message"`
	DocumentationURL string `json:"documentation_url"`
	Status           string `json:"status,omitempty"`
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	route, params := fakeroute.Find(routes, r.Method, r.URL.Path)
	s.mu.Lock()
	s.stats.Requests++
	if route != "" {
		s.stats.Routes[route]++
	}
	fault := s.takeFault(route)
	s.mu.Unlock()
	if fault != nil && fault.Delay > 0 {
		select {
		case <-time.After(fault.Delay):
		case <-r.Context().Done():
			return
		}
	}
	if fault != nil && fault.Status != 0 {
		s.refuse(w, fault)
		return
	}
	if r.Header.Get("Authorization") == "" {
		s.write(w, http.StatusUnauthorized, apiError{Message: "Requires authentication", DocumentationURL: "https://docs.github.com/rest", Status: "401"}, false)
		return
	}
	if route == "" {
		s.write(w, http.StatusNotFound, apiError{Message: "Not Found", DocumentationURL: "https://docs.github.com/rest", Status: "404"}, false)
		return
	}
	s.mu.Lock()
	status, body := s.answer(w, r, route, params)
	data, _ := json.Marshal(body)
	etag := ""
	if r.Method == http.MethodGet && status == http.StatusOK {
		sum := sha256.Sum256(append(data, []byte(w.Header().Get("Link"))...))
		etag = `W/"` + hex.EncodeToString(sum[:16]) + `"`
	}
	notModified := etag != "" && r.Header.Get("If-None-Match") == etag
	if !notModified && route != "GET /rate_limit" {
		s.used++
		s.stats.RateLimitPoints++
	}
	s.rateHeaders(w)
	s.mu.Unlock()
	if etag != "" {
		w.Header().Set("ETag", etag)
		w.Header().Set("Cache-Control", "private, max-age=60, s-maxage=60")
	}
	if notModified {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	if fault != nil && fault.Malformed {
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.WriteHeader(http.StatusOK)
		w.Write([]byte(`[{"id": 1, "number": `))
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	w.Write(data)
}

func (s *Server) rateHeaders(w http.ResponseWriter) {
	w.Header().Set("X-RateLimit-Limit", strconv.Itoa(s.budget))
	w.Header().Set("X-RateLimit-Remaining", strconv.Itoa(max(s.budget-s.used, 0)))
	w.Header().Set("X-RateLimit-Used", strconv.Itoa(s.used))
	w.Header().Set("X-RateLimit-Reset", strconv.FormatInt(s.nowFn().Add(time.Hour).Unix(), 10))
	w.Header().Set("X-RateLimit-Resource", "core")
	w.Header().Set("X-GitHub-Api-Version-Selected", "2022-11-28")
}

func (s *Server) refuse(w http.ResponseWriter, f *Fault) {
	s.mu.Lock()
	s.rateHeaders(w)
	s.mu.Unlock()
	msg := "Server Error"
	switch {
	case f.RateLimited:
		w.Header().Set("X-RateLimit-Remaining", "0")
		w.Header().Set("X-RateLimit-Reset", strconv.FormatInt(s.nowFn().Add(time.Second).Unix(), 10))
		msg = "API rate limit exceeded for user ID 1. If you reach out to GitHub Support for help, please include the request ID."
	case f.Secondary:
		msg = "You have exceeded a secondary rate limit. Please wait a few minutes before you try again."
	}
	if f.RetryAfter != "" {
		w.Header().Set("Retry-After", f.RetryAfter)
	}
	s.write(w, f.Status, apiError{Message: msg, DocumentationURL: "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api", Status: strconv.Itoa(f.Status)}, true)
}

func (s *Server) write(w http.ResponseWriter, status int, v any, _ bool) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

func (s *Server) takeFault(route string) *Fault {
	for i, f := range s.faults {
		if f.Route != "" && f.Route != route {
			continue
		}
		if f.Times--; f.Times <= 0 {
			s.faults = slices.Delete(s.faults, i, i+1)
		}
		return f
	}
	return nil
}

// page cuts a list by ?page= and ?per_page= (at most 100, 30 by default)
// and sets the Link header GitHub sends.
func page[T any](w http.ResponseWriter, r *http.Request, list []T) ([]T, error) {
	q := r.URL.Query()
	per, pg := 30, 1
	if v := q.Get("per_page"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			return nil, fmt.Errorf("per_page")
		}
		per = min(n, 100)
	}
	if v := q.Get("page"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			return nil, fmt.Errorf("page")
		}
		pg = n
	}
	last := max(1, (len(list)+per-1)/per)
	link := func(n int, rel string) string {
		u := *r.URL
		v := u.Query()
		v.Set("page", strconv.Itoa(n))
		v.Set("per_page", strconv.Itoa(per))
		u.RawQuery = v.Encode()
		return fmt.Sprintf(`<http://%s%s>; rel="%s"`, r.Host, u.RequestURI(), rel)
	}
	var links []string
	if pg < last {
		links = append(links, link(pg+1, "next"), link(last, "last"))
	}
	if pg > 1 {
		links = append(links, link(1, "first"), link(pg-1, "prev"))
	}
	if len(links) > 0 {
		w.Header().Set("Link", strings.Join(links, ", "))
	}
	from := (pg - 1) * per
	if from >= len(list) {
		return []T{}, nil
	}
	return list[from:min(len(list), from+per)], nil
}

func (s *Server) answer(w http.ResponseWriter, r *http.Request, route string, params map[string]string) (int, any) {
	notFound := func() (int, any) {
		return http.StatusNotFound, apiError{Message: "Not Found", DocumentationURL: "https://docs.github.com/rest", Status: "404"}
	}
	invalid := func(what string) (int, any) {
		return http.StatusUnprocessableEntity, apiError{Message: "Invalid value for " + what, DocumentationURL: "https://docs.github.com/rest", Status: "422"}
	}
	switch route {
	case "GET /user":
		if isApp(r) {
			return http.StatusForbidden, apiError{Message: "Resource not accessible by integration", DocumentationURL: "https://docs.github.com/rest/users/users#get-the-authenticated-user", Status: "403"}
		}
		u := s.user(caller(r)).(map[string]any)
		for k, v := range map[string]any{"name": "ownerd", "company": nil, "blog": "", "location": nil, "email": nil, "hireable": nil, "bio": nil,
			"public_repos": 0, "public_gists": 0, "followers": 0, "following": 0, "created_at": stamp(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)),
			"updated_at": stamp(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)), "private_gists": 0, "total_private_repos": 0, "owned_private_repos": 0,
			"disk_usage": 0, "collaborators": 0, "two_factor_authentication": true, "user_view_type": "private"} {
			u[k] = v
		}
		return http.StatusOK, u
	case "POST /app/installations/{installation_id}/access_tokens":
		// The App's JWT is taken as it comes: the fake guards nothing.
		return http.StatusCreated, map[string]any{"token": "ghs_fake" + params["installation_id"], "expires_at": stamp(s.nowFn().Add(time.Hour)),
			"permissions": map[string]any{"issues": "write", "pull_requests": "read", "metadata": "read"}, "repository_selection": "all"}
	case "GET /orgs/{org}/repos", "GET /installation/repositories":
		var list []*repo
		for _, r := range s.repos {
			if route == "GET /installation/repositories" || strings.EqualFold(r.owner, params["org"]) {
				list = append(list, r)
			}
		}
		if len(list) == 0 && route == "GET /orgs/{org}/repos" {
			return http.StatusNotFound, apiError{Message: "Not Found", DocumentationURL: "https://docs.github.com/rest", Status: "404"}
		}
		slices.SortFunc(list, func(a, b *repo) int { return strings.Compare(a.owner+"/"+a.name, b.owner+"/"+b.name) })
		pg, err := page(w, r, list)
		if err != nil {
			return http.StatusUnprocessableEntity, apiError{Message: "Invalid value for " + err.Error(), DocumentationURL: "https://docs.github.com/rest", Status: "422"}
		}
		out := make([]any, 0, len(pg))
		for _, rp := range pg {
			out = append(out, s.repoJSON(rp))
		}
		if route == "GET /orgs/{org}/repos" {
			return http.StatusOK, out
		}
		return http.StatusOK, map[string]any{"total_count": len(list), "repositories": out, "repository_selection": "all"}
	}
	if route == "GET /rate_limit" {
		core := map[string]any{"limit": s.budget, "remaining": max(s.budget-s.used, 0), "used": s.used, "reset": s.nowFn().Add(time.Hour).Unix()}
		return http.StatusOK, map[string]any{"resources": map[string]any{"core": core}, "rate": core}
	}
	rp := s.repos[strings.ToLower(params["owner"]+"/"+params["repo"])]
	if rp == nil {
		return notFound()
	}
	q := r.URL.Query()
	var since time.Time
	if v := q.Get("since"); v != "" {
		t, err := time.Parse(time.RFC3339, v)
		if err != nil {
			return invalid("since")
		}
		since = t
	}
	switch route {
	case "GET /repos/{owner}/{repo}/issues":
		var list []*issue
		for _, is := range rp.issues {
			state := q.Get("state")
			if (state == "" || state == "open") && is.item.Done || state == "closed" && !is.item.Done {
				continue
			}
			if !since.IsZero() && is.updated.Before(since) {
				continue
			}
			list = append(list, is)
		}
		sortIssues(list, q.Get("sort"), q.Get("direction"))
		pg, err := page(w, r, list)
		if err != nil {
			return invalid(err.Error())
		}
		out := make([]any, 0, len(pg))
		for _, is := range pg {
			out = append(out, s.issueJSON(rp, is))
		}
		return http.StatusOK, out
	case "GET /repos/{owner}/{repo}/issues/events":
		list := slices.Clone(rp.events)
		slices.Reverse(list) // newest first
		pg, err := page(w, r, list)
		if err != nil {
			return invalid(err.Error())
		}
		out := make([]any, 0, len(pg))
		for _, e := range pg {
			out = append(out, s.eventJSON(rp, e))
		}
		return http.StatusOK, out
	case "GET /repos/{owner}/{repo}/issues/comments", "GET /repos/{owner}/{repo}/issues/{issue_number}/comments":
		var list []*comment
		for _, is := range rp.issues {
			if n := params["issue_number"]; n != "" && n != strconv.Itoa(is.number) {
				continue
			}
			for _, c := range is.comments {
				if since.IsZero() || !c.updated.Before(since) {
					list = append(list, c)
				}
			}
		}
		slices.SortStableFunc(list, func(a, b *comment) int {
			if q.Get("sort") == "updated" {
				return a.updated.Compare(b.updated)
			}
			return a.created.Compare(b.created)
		})
		if q.Get("direction") == "desc" {
			slices.Reverse(list)
		}
		if n := params["issue_number"]; n != "" && rp.byNumber[atoi(n)] == nil {
			return notFound()
		}
		pg, err := page(w, r, list)
		if err != nil {
			return invalid(err.Error())
		}
		out := make([]any, 0, len(pg))
		for _, c := range pg {
			out = append(out, s.commentJSON(rp, c))
		}
		return http.StatusOK, out
	case "GET /repos/{owner}/{repo}/pulls":
		var list []*issue
		for _, is := range rp.issues {
			if is.item.Kind != model.PullRequest {
				continue
			}
			state := q.Get("state")
			if (state == "" || state == "open") && is.item.Done || state == "closed" && !is.item.Done {
				continue
			}
			list = append(list, is)
		}
		sortIssues(list, q.Get("sort"), cmp.Or(q.Get("direction"), "desc"))
		pg, err := page(w, r, list)
		if err != nil {
			return invalid(err.Error())
		}
		out := make([]any, 0, len(pg))
		for _, is := range pg {
			out = append(out, s.pullJSON(rp, is))
		}
		return http.StatusOK, out
	case "GET /repos/{owner}/{repo}/issues/{issue_number}":
		is := rp.byNumber[atoi(params["issue_number"])]
		if is == nil {
			return notFound()
		}
		return http.StatusOK, s.issueJSON(rp, is)
	case "POST /repos/{owner}/{repo}/issues/{issue_number}/comments":
		is := rp.byNumber[atoi(params["issue_number"])]
		if is == nil {
			return notFound()
		}
		var in struct {
			Body *string `json:"body"`
		}
		if err := json.NewDecoder(r.Body).Decode(&in); err != nil || in.Body == nil {
			return invalid("body")
		}
		now := s.nowFn()
		c := &comment{id: s.id(), number: is.number, by: caller(r), body: *in.Body, created: now, updated: now}
		is.comments = append(is.comments, c)
		is.updated = later(is.updated, now)
		s.stats.CommentsPosted++
		return http.StatusCreated, s.commentJSON(rp, c)
	case "PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}":
		var in struct {
			Body *string `json:"body"`
		}
		if err := json.NewDecoder(r.Body).Decode(&in); err != nil || in.Body == nil {
			return invalid("body")
		}
		for _, is := range rp.issues {
			for _, c := range is.comments {
				if strconv.FormatInt(c.id, 10) == params["comment_id"] {
					if c.by != caller(r) {
						// The fake's tokens write, but only their own comments.
						return http.StatusForbidden, apiError{Message: "Must have admin rights to Repository.", DocumentationURL: "https://docs.github.com/rest/issues/comments#update-an-issue-comment", Status: "403"}
					}
					c.body, c.updated = *in.Body, s.nowFn()
					is.updated = later(is.updated, c.updated)
					s.stats.CommentsPosted++
					return http.StatusOK, s.commentJSON(rp, c)
				}
			}
		}
		return notFound()
	}
	return notFound()
}

// isApp reports a request made with an App installation's token.
func isApp(r *http.Request) bool {
	return strings.HasPrefix(strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer "), "ghs_")
}

// caller is who a request's token speaks for: an App's bot, or the
// account of a personal token.
func caller(r *http.Request) model.PersonID {
	if isApp(r) {
		return "ownerd[bot]"
	}
	return "ownerd-bot"
}

func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}

func sortIssues(list []*issue, sort, direction string) {
	slices.SortStableFunc(list, func(a, b *issue) int {
		if sort == "updated" {
			return a.updated.Compare(b.updated)
		}
		return a.item.Created.Compare(b.item.Created)
	})
	if direction != "asc" { // GitHub's default is newest first
		slices.Reverse(list)
	}
}
