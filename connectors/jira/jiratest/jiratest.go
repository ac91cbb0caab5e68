// Package jiratest is an in-process fake Jira that serves the Jira issues of
// a scenario over Jira's REST API v2, as Cloud (token-paged
// /rest/api/2/search/jql, the old /search answering 410 Gone) or as Data
// Center (/rest/api/2/search with startAt and total), with the real
// shapes, paging caps, error bodies and rate-limit headers. It counts what
// it is asked, accepts comments, and can be told to fail.
package jiratest

import (
	"cmp"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/ownerd/ownerd/connectors/internal/fakeroute"
	"github.com/ownerd/ownerd/model"
)

// Flavor is the kind of Jira the fake plays.
type Flavor string

// The flavors.
const (
	Cloud      Flavor = "cloud"
	DataCenter Flavor = "datacenter"
)

// jiraTime is how Jira writes a moment.
const jiraTime = "2006-01-02T15:04:05.000-0700"

// Server is a fake Jira on a loopback port.
type Server struct {
	// URL is the base URL clients are given.
	URL string

	srv    *httptest.Server
	flavor Flavor
	zone   *time.Location
	org    *model.Org

	mu       sync.Mutex
	issues   []*issue // in creation order
	byKey    map[string]*issue
	statuses []status
	me       user
	stats    Stats
	faults   []*Fault
	nextID   int
	nowFn    func() time.Time
	wrap     []func(http.Handler) http.Handler
	user     string
	token    string

	// The last search's matches, so that paging through a result costs
	// each page, not a new search; any change to the issues drops it.
	lastJQL     string
	lastMatched []*issue
}

// Stats counts what the fake was asked (sandbox.md).
type Stats struct {
	Requests       int            `json:"requests"`
	Routes         map[string]int `json:"routes"`
	CommentsPosted int            `json:"comments_posted"`
}

// Fault is a failure the fake answers with instead of the real answer.
type Fault struct {
	// Route limits the fault to one route ("GET /rest/api/2/search/jql");
	// empty: any.
	Route string
	// Status is the HTTP status to answer (429, 500, 503, ...); 0 with
	// Truncate or Malformed answers 200.
	Status int
	// RetryAfter is the Retry-After header's value, when set.
	RetryAfter string
	// Delay is how long to wait before answering.
	Delay time.Duration
	// Truncate sends half of the real answer and closes the connection.
	Truncate bool
	// Malformed answers 200 with a body that is not JSON.
	Malformed bool
	// Times is how many requests the fault answers; 0: one.
	Times int
}

// Option changes the fake.
type Option func(*Server)

// WithFlavor makes the fake play Cloud (the default) or Data Center.
func WithFlavor(f Flavor) Option { return func(s *Server) { s.flavor = f } }

// WithZone sets the API user's time zone, in which JQL dates are read (the
// organisation's by default).
func WithZone(z *time.Location) Option { return func(s *Server) { s.zone = z } }

// WithClock takes the fake's time (for posted comments) from now.
func WithClock(now func() time.Time) Option { return func(s *Server) { s.nowFn = now } }

// WithCredentials makes the fake accept only this user and token (Basic)
// or token alone (Bearer), answering 401 to anything else; by default it
// accepts any, as the sandbox does.
func WithCredentials(user, token string) Option {
	return func(s *Server) { s.user, s.token = user, token }
}

// WithMiddleware wraps the fake's handler, for tests that check every
// request and answer against the API's description.
func WithMiddleware(mw func(http.Handler) http.Handler) Option {
	return func(s *Server) { s.wrap = append(s.wrap, mw) }
}

// New starts a fake serving the Jira issues among items, with people named
// through org as Jira would name them (a person's Jira identity, else its
// id). Close it when done.
func New(items []*model.Item, org *model.Org, opts ...Option) *Server {
	s := &Server{flavor: Cloud, org: org, byKey: map[string]*issue{}, nextID: 10000, nowFn: time.Now}
	s.stats.Routes = map[string]int{}
	for _, o := range opts {
		o(s)
	}
	if s.zone == nil {
		s.zone = cmp.Or(org.Location, time.UTC)
	}
	s.me = user{AccountID: "ownerd-bot", Name: "ownerd", DisplayName: "ownerd", Email: "ownerd@ownerd.invalid"}
	for _, it := range items {
		if it.System == model.Jira {
			s.add(it)
		}
	}
	var h http.Handler = http.HandlerFunc(s.serve)
	for _, mw := range s.wrap {
		h = mw(h)
	}
	s.srv = httptest.NewServer(h)
	s.URL = s.srv.URL
	return s
}

// Close stops the fake.
func (s *Server) Close() { s.srv.Close() }

// Stats returns what the fake was asked so far.
func (s *Server) Stats() Stats {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := s.stats
	out.Routes = make(map[string]int, len(s.stats.Routes))
	for k, v := range s.stats.Routes {
		out.Routes[k] = v
	}
	return out
}

// Fail queues a fault: the next matching requests get it.
func (s *Server) Fail(f Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if f.Times == 0 {
		f.Times = 1
	}
	s.faults = append(s.faults, &f)
}

// Heal drops every queued fault: the fake answers normally again.
func (s *Server) Heal() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = nil
}

// Update changes an issue as a user would, and moves its updated time to
// at: fn edits the issue's model item (its fields, and changes and
// comments appended), which the fake renders again.
func (s *Server) Update(key string, at time.Time, fn func(it *model.Item)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.lastMatched = nil
	is := s.byKey[key]
	if is == nil {
		panic("jiratest: no issue " + key)
	}
	fn(is.item)
	s.render(is)
	is.updated = at
}

// Move gives an issue a new key in another project, as moving it does;
// its id stays.
func (s *Server) Move(key, newKey string, at time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.lastMatched = nil
	is := s.byKey[key]
	delete(s.byKey, key)
	is.key = newKey
	is.project = newKey[:strings.LastIndexByte(newKey, '-')]
	is.item.ID, is.item.Source = model.JiraID(newKey), "jira:"+is.project
	is.updated = at
	s.byKey[newKey] = is
}

// Delete removes an issue, as a deletion or a move out of scope would.
func (s *Server) Delete(key string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.lastMatched = nil
	is := s.byKey[key]
	delete(s.byKey, key)
	s.issues = slices.DeleteFunc(s.issues, func(x *issue) bool { return x == is })
}

// Comments returns the comments posted on an issue through the API, with
// their properties.
func (s *Server) Comments(key string) []PostedComment {
	s.mu.Lock()
	defer s.mu.Unlock()
	is := s.byKey[key]
	if is == nil {
		return nil
	}
	var out []PostedComment
	for _, c := range is.comments {
		if c.posted {
			out = append(out, PostedComment{ID: c.ID, Body: c.Body, Properties: maps(c.props)})
		}
	}
	return out
}

// PostedComment is a comment a client posted, as the fake holds it.
type PostedComment struct {
	ID         string
	Body       string
	Properties map[string]json.RawMessage
}

func maps(m map[string]json.RawMessage) map[string]json.RawMessage {
	out := make(map[string]json.RawMessage, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

// ----- the data, rendered as Jira renders it -----

type user struct {
	AccountID   string
	Name        string
	DisplayName string
	Email       string
}

type status struct {
	ID       string
	Name     string
	Category string // new, indeterminate, done
}

type issue struct {
	id, key, project string
	item             *model.Item
	created, updated time.Time
	histories        []history
	comments         []*comment
	status           status
}

type history struct {
	ID      string
	Author  *user
	Created time.Time
	Items   []historyItem
}

type historyItem struct {
	Field, FieldType string
	From, FromString *string
	To, ToString     *string
}

type comment struct {
	ID      string
	Author  *user
	Body    string
	Created time.Time
	Updated time.Time
	posted  bool
	props   map[string]json.RawMessage
}

func (s *Server) id() string {
	s.nextID++
	return strconv.Itoa(s.nextID)
}

// userOf names a person as Jira would: the directory's Jira identity, else
// the person's id; the email where the directory has one.
func (s *Server) userOf(p model.PersonID) *user {
	if p == "" {
		return nil
	}
	u := &user{AccountID: string(p), Name: string(p), DisplayName: string(p)}
	if person := s.org.Person(p); person != nil {
		if person.Jira != "" {
			u.AccountID, u.Name = person.Jira, person.Jira
		} else {
			// Cloud gives everyone an opaque account id: a person the
			// directory knows by email alone is found by that email, where
			// Jira shows it, or by asking /user for the account.
			sum := sha256.Sum256([]byte(p))
			u.AccountID = "5b10" + hex.EncodeToString(sum[:10])
		}
		u.DisplayName = cmp.Or(person.Name, string(p))
		u.Email = person.Email
	}
	return u
}

// statusOf returns the status of a name in a category: one status per
// pair, as a site with several workflows may have two statuses of one name.
func (s *Server) statusOf(name, category string) status {
	for _, st := range s.statuses {
		if st.Name == name && st.Category == category {
			return st
		}
	}
	st := status{ID: strconv.Itoa(1 + len(s.statuses)), Name: name, Category: category}
	s.statuses = append(s.statuses, st)
	return st
}

func (s *Server) add(orig *model.Item) {
	// The fake keeps a copy: Update, Move and Delete change the fake's
	// issues, never the caller's items.
	it := *orig
	it.Labels = slices.Clone(orig.Labels)
	it.Assignees = slices.Clone(orig.Assignees)
	it.Changes = slices.Clone(orig.Changes)
	it.Comments = slices.Clone(orig.Comments)
	key := strings.TrimPrefix(string(it.ID), "jira:")
	is := &issue{id: s.id(), key: key, item: &it, project: strings.TrimPrefix(it.Source, "jira:")}
	s.render(is)
	s.issues = append(s.issues, is)
	s.byKey[key] = is
}

func ptr(s string) *string { return &s }

// render turns the issue's model item into Jira's data: statuses and
// their categories from the done state each change left, the changelog
// grouped into histories by moment and author, comments with ids.
func (s *Server) render(is *issue) {
	it := is.item
	is.created = it.Created
	is.updated = it.Created
	is.histories = is.histories[:0]
	done := false
	for i := 0; i < len(it.Changes); {
		c := it.Changes[i]
		h := history{ID: s.id(), Author: s.userOf(c.By), Created: c.At}
		for ; i < len(it.Changes) && it.Changes[i].At.Equal(c.At) && it.Changes[i].By == c.By; i++ {
			ch := it.Changes[i]
			item := historyItem{Field: ch.Field, FieldType: "jira"}
			switch ch.Field {
			case "assignee":
				if len(ch.Unassigned) > 0 {
					u := s.userOf(ch.Unassigned[0])
					item.From, item.FromString = ptr(s.ident(u)), ptr(u.DisplayName)
				}
				if len(ch.Assigned) > 0 {
					u := s.userOf(ch.Assigned[0])
					item.To, item.ToString = ptr(s.ident(u)), ptr(u.DisplayName)
				}
			case "status":
				before := s.statusOf(ch.From, category(done))
				switch ch.Done {
				case model.BecameDone:
					done = true
				case model.BecameOpen:
					done = false
				}
				after := s.statusOf(ch.To, category(done))
				if ch.From != "" {
					item.From, item.FromString = ptr(before.ID), ptr(ch.From)
				}
				item.To, item.ToString = ptr(after.ID), ptr(ch.To)
			case "duedate":
				if !ch.DueFrom.IsZero() {
					d := ch.DueFrom.In(s.orgZone()).Format("2006-01-02")
					item.From, item.FromString = ptr(d), ptr(d+" 00:00:00.0")
				}
				if !ch.DueTo.IsZero() {
					d := ch.DueTo.In(s.orgZone()).Format("2006-01-02")
					item.To, item.ToString = ptr(d), ptr(d+" 00:00:00.0")
				}
			default:
				if ch.From != "" {
					item.FromString = ptr(ch.From)
				}
				if ch.To != "" {
					item.ToString = ptr(ch.To)
				}
			}
			h.Items = append(h.Items, item)
		}
		is.histories = append(is.histories, h)
		is.updated = later(is.updated, c.At)
	}
	is.status = s.statusOf(it.Status, category(it.Done))
	kept := is.comments[:0]
	for _, c := range is.comments {
		if c.posted {
			kept = append(kept, c)
		}
	}
	is.comments = kept
	for _, c := range it.Comments {
		is.comments = append(is.comments, &comment{ID: s.id(), Author: s.userOf(c.By), Body: c.Body, Created: c.At, Updated: c.At})
		is.updated = later(is.updated, c.At)
	}
	slices.SortStableFunc(is.comments, func(a, b *comment) int { return a.Created.Compare(b.Created) })
}

func later(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

func category(done bool) string {
	if done {
		return "done"
	}
	return "indeterminate"
}

func (s *Server) orgZone() *time.Location { return cmp.Or(s.org.Location, time.UTC) }

// users are everyone the fake's issues name.
func (s *Server) users() []*user {
	var out []*user
	seen := map[model.PersonID]bool{}
	add := func(p model.PersonID) {
		if p != "" && !seen[p] {
			seen[p] = true
			out = append(out, s.userOf(p))
		}
	}
	for _, person := range s.org.People {
		add(person.ID)
	}
	for _, is := range s.issues {
		add(is.item.Creator)
		for _, a := range is.item.Assignees {
			add(a)
		}
		for _, c := range is.item.Changes {
			add(c.By)
			for _, a := range append(slices.Clone(c.Assigned), c.Unassigned...) {
				add(a)
			}
		}
		for _, c := range is.item.Comments {
			add(c.By)
		}
	}
	return out
}

// ident is how a user appears in a changelog: its account id on Cloud, its
// name on Data Center.
func (s *Server) ident(u *user) string {
	if s.flavor == DataCenter {
		return u.Name
	}
	return u.AccountID
}

func (is *issue) timeOf(field string) time.Time {
	switch field {
	case "updated":
		return is.updated
	case "created":
		return is.created
	case "duedate":
		return is.item.Due
	}
	return time.Time{}
}

func (is *issue) valuesOf(field string) []string {
	it := is.item
	switch field {
	case "project":
		return []string{is.project}
	case "key", "issuekey":
		return []string{is.key}
	case "id":
		return []string{is.id}
	case "labels":
		return it.Labels
	case "status":
		return []string{it.Status}
	case "statuscategory":
		return []string{is.status.Category}
	case "assignee":
		var out []string
		for _, a := range it.Assignees {
			out = append(out, string(a))
		}
		return out
	case "priority":
		if it.Priority == "" {
			return nil
		}
		return []string{it.Priority}
	case "summary", "text":
		return []string{it.Title, it.Body}
	}
	return nil
}

// ----- JSON -----

func (s *Server) userJSON(u *user) any {
	if u == nil {
		return nil
	}
	m := map[string]any{"displayName": u.DisplayName, "active": true}
	if s.flavor == DataCenter {
		m["name"], m["key"] = u.Name, u.Name
		m["self"] = s.URL + "/rest/api/2/user?username=" + u.Name
	} else {
		m["accountId"], m["accountType"] = u.AccountID, "atlassian"
		m["self"] = s.URL + "/rest/api/2/user?accountId=" + u.AccountID
	}
	if u.Email != "" {
		m["emailAddress"] = u.Email
	}
	return m
}

func (s *Server) statusJSON(st status) map[string]any {
	ids := map[string]int{"new": 2, "indeterminate": 4, "done": 3}
	names := map[string]string{"new": "To Do", "indeterminate": "In Progress", "done": "Done"}
	colors := map[string]string{"new": "blue-gray", "indeterminate": "yellow", "done": "green"}
	return map[string]any{
		"self": s.URL + "/rest/api/2/status/" + st.ID, "id": st.ID, "name": st.Name, "description": "", "iconUrl": s.URL + "/images/icons/statuses/generic.png",
		"statusCategory": map[string]any{"self": s.URL + "/rest/api/2/statuscategory/" + strconv.Itoa(ids[st.Category]), "id": ids[st.Category], "key": st.Category, "colorName": colors[st.Category], "name": names[st.Category]},
	}
}

func (s *Server) commentJSON(is *issue, c *comment, withProps bool) map[string]any {
	m := map[string]any{
		"self": s.URL + "/rest/api/2/issue/" + is.id + "/comment/" + c.ID, "id": c.ID,
		"author": s.userJSON(c.Author), "updateAuthor": s.userJSON(c.Author), "body": c.Body,
		"created": c.Created.Format(jiraTime), "updated": c.Updated.Format(jiraTime), "jsdPublic": true,
	}
	if c.Author == nil {
		delete(m, "author")
		delete(m, "updateAuthor")
	}
	if withProps {
		props := []map[string]any{}
		for _, k := range sortedKeys(c.props) {
			props = append(props, map[string]any{"key": k, "value": c.props[k]})
		}
		m["properties"] = props
	}
	return m
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

func (s *Server) historyJSON(h history) map[string]any {
	items := make([]map[string]any, 0, len(h.Items))
	for _, it := range h.Items {
		m := map[string]any{"field": it.Field, "fieldtype": it.FieldType}
		// Jira leaves out a side that is empty rather than writing null.
		for k, v := range map[string]*string{"from": it.From, "fromString": it.FromString, "to": it.To, "toString": it.ToString} {
			if v != nil {
				m[k] = *v
			}
		}
		items = append(items, m)
	}
	m := map[string]any{"id": h.ID, "created": h.Created.Format(jiraTime), "items": items}
	if h.Author != nil {
		m["author"] = s.userJSON(h.Author)
	}
	return m
}

// Cloud caps what a search returns inline: 20 comments and 100 changelog
// entries an issue; the rest is paged from the issue's own endpoints.
const (
	cloudInlineComments  = 20
	cloudInlineChangelog = 100
)

// issueJSON renders an issue with the fields asked for ("*all" or none:
// all; Cloud's search without fields: the id alone) and, with expand
// changelog, its changelog.
func (s *Server) issueJSON(is *issue, fieldList []string, changelog, search bool) map[string]any {
	out := map[string]any{"id": is.id}
	if search && s.flavor == Cloud && (len(fieldList) == 0 || len(fieldList) == 1 && fieldList[0] == "id") {
		return out
	}
	out["key"], out["self"] = is.key, s.URL+"/rest/api/2/issue/"+is.id
	out["expand"] = "renderedFields,names,schema,operations,editmeta,changelog,versionedRepresentations"
	it := is.item
	all := len(fieldList) == 0 || slices.Contains(fieldList, "*all") || slices.Contains(fieldList, "*navigable")
	want := func(f string) bool { return all || slices.Contains(fieldList, f) }
	f := map[string]any{}
	// An empty field is left out: the API's description types a field's
	// value as any value but null.
	set := func(name string, v any) {
		if want(name) && v != nil {
			f[name] = v
		}
	}
	set("summary", it.Title)
	if it.Body != "" {
		set("description", it.Body)
	} else {
		set("description", nil)
	}
	set("status", s.statusJSON(is.status))
	set("labels", nonNil(it.Labels))
	if it.Priority != "" {
		set("priority", map[string]any{"self": s.URL + "/rest/api/2/priority/3", "id": "3", "name": it.Priority})
	} else {
		set("priority", nil)
	}
	set("created", is.created.Format(jiraTime))
	set("updated", is.updated.Format(jiraTime))
	creator := s.userJSON(s.userOf(it.Creator))
	set("creator", creator)
	set("reporter", creator)
	var assignee any
	if len(it.Assignees) > 0 {
		assignee = s.userJSON(s.userOf(it.Assignees[0]))
	}
	set("assignee", assignee)
	if !it.Due.IsZero() {
		set("duedate", it.Due.In(s.orgZone()).Format("2006-01-02"))
	} else {
		set("duedate", nil)
	}
	set("project", map[string]any{"self": s.URL + "/rest/api/2/project/" + is.project, "id": "1" + strconv.Itoa(len(is.project)), "key": is.project, "name": is.project})
	if want("comment") {
		cs := is.comments
		max := len(cs)
		if search && s.flavor == Cloud {
			max = min(len(cs), cloudInlineComments)
		}
		list := make([]any, 0, max)
		for _, c := range cs[:max] {
			list = append(list, s.commentJSON(is, c, false))
		}
		f["comment"] = map[string]any{"comments": list, "maxResults": max, "total": len(cs), "startAt": 0, "self": s.URL + "/rest/api/2/issue/" + is.id + "/comment"}
	}
	if len(f) > 0 || !search {
		out["fields"] = f
	}
	if changelog {
		hs := is.histories
		max := len(hs)
		if search && s.flavor == Cloud {
			max = min(len(hs), cloudInlineChangelog)
		}
		list := make([]any, 0, max)
		for _, h := range hs[:max] {
			list = append(list, s.historyJSON(h))
		}
		out["changelog"] = map[string]any{"startAt": 0, "maxResults": max, "total": len(hs), "histories": list}
	}
	return out
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// ----- serving -----

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	route, params := fakeroute.Find(routes, r.Method, r.URL.Path)
	s.mu.Lock()
	s.stats.Requests++
	if route != "" {
		s.stats.Routes[route]++
	}
	fault := s.takeFault(route)
	s.mu.Unlock()

	w.Header().Set("X-RateLimit-Limit", "1000")
	w.Header().Set("X-RateLimit-Remaining", "999")
	if s.flavor == DataCenter {
		w.Header().Set("X-RateLimit-Interval-Seconds", "1")
		w.Header().Set("X-RateLimit-FillRate", "10")
	} else {
		w.Header().Set("X-RateLimit-Reset", time.Now().UTC().Add(time.Minute).Format(time.RFC3339))
	}
	if fault != nil {
		if fault.Delay > 0 {
			select {
			case <-time.After(fault.Delay):
			case <-r.Context().Done():
				return
			}
		}
		if fault.Status != 0 {
			if fault.RetryAfter != "" {
				w.Header().Set("Retry-After", fault.RetryAfter)
			}
			if fault.Status == http.StatusTooManyRequests {
				w.Header().Set("X-RateLimit-Remaining", "0")
				if s.flavor == Cloud {
					w.Header().Set("RateLimit-Reason", "jira-quota-global-based")
				}
			}
			writeError(w, fault.Status, "Rate limit exceeded or the server is unavailable: a fault the test asked for.")
			return
		}
	}
	if !s.authorized(r) {
		writeError(w, http.StatusUnauthorized, "You are not authenticated. Authentication required to perform this operation.")
		return
	}
	if route == "" {
		writeError(w, http.StatusNotFound, "No resource matches "+r.Method+" "+r.URL.Path+".")
		return
	}
	status, body := s.answerLocked(r, route, params)
	w.Header().Set("Content-Type", "application/json;charset=UTF-8")
	data, _ := json.Marshal(body)
	switch {
	case fault != nil && fault.Truncate:
		w.Header().Set("Content-Length", strconv.Itoa(len(data)))
		w.WriteHeader(status)
		w.Write(data[:len(data)/2])
		if hj, ok := w.(http.Hijacker); ok {
			if conn, _, err := hj.Hijack(); err == nil {
				conn.Close()
			}
		}
	case fault != nil && fault.Malformed:
		w.WriteHeader(http.StatusOK)
		w.Write([]byte(`{"issues": [{"id": "1", "fields": {"summary": `))
	default:
		w.WriteHeader(status)
		w.Write(data)
	}
}

// authorized checks the request's credentials: any, or the configured.
func (s *Server) authorized(r *http.Request) bool {
	if s.token == "" {
		return r.Header.Get("Authorization") != ""
	}
	if user, pass, ok := r.BasicAuth(); ok {
		return user == s.user && pass == s.token
	}
	return r.Header.Get("Authorization") == "Bearer "+s.token
}

// takeFault returns the first queued fault for route and spends it.
func (s *Server) takeFault(route string) *Fault {
	for i, f := range s.faults {
		if f.Route != "" && f.Route != route {
			continue
		}
		f.Times--
		if f.Times <= 0 {
			s.faults = slices.Delete(s.faults, i, i+1)
		}
		return f
	}
	return nil
}

// errorBody is Jira's error collection.
type errorBody struct {
	ErrorMessages []string          `json:"errorMessages"`
	Errors        map[string]string `json:"errors"`
}

func writeError(w http.ResponseWriter, status int, msg string) {
	w.Header().Set("Content-Type", "application/json;charset=UTF-8")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(errorBody{ErrorMessages: []string{msg}, Errors: map[string]string{}})
}

type failure struct {
	status int
	msg    string
}

// routes are the paths the fake serves, written as the API's description
// writes them.
var routes = []string{
	"GET /rest/api/2/serverInfo",
	"GET /rest/api/2/myself",
	"GET /rest/api/2/status",
	"GET /rest/api/2/user",
	"GET /rest/api/2/search/jql",
	"GET /rest/api/2/search",
	"GET /rest/api/2/issue/{issueIdOrKey}",
	"GET /rest/api/2/issue/{issueIdOrKey}/changelog",
	"GET /rest/api/2/issue/{issueIdOrKey}/comment",
	"POST /rest/api/2/issue/{issueIdOrKey}/comment",
	"PUT /rest/api/2/issue/{issueIdOrKey}/comment/{id}",
	"GET /rest/api/2/comment/{commentId}/properties/{propertyKey}",
	"PUT /rest/api/2/comment/{commentId}/properties/{propertyKey}",
}

func (s *Server) answerLocked(r *http.Request, route string, params map[string]string) (int, any) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.answer(r, route, params)
}

func (s *Server) answer(r *http.Request, route string, params map[string]string) (int, any) {
	q := r.URL.Query()
	fail := func(status int, msg string) (int, any) {
		return status, errorBody{ErrorMessages: []string{msg}, Errors: map[string]string{}}
	}
	switch route {
	case "GET /rest/api/2/serverInfo":
		dt := "Cloud"
		if s.flavor == DataCenter {
			dt = "Server"
		}
		now := s.nowFn().Format(jiraTime)
		return http.StatusOK, map[string]any{"baseUrl": s.URL, "version": "1001.0.0-SNAPSHOT", "versionNumbers": []int{1001, 0, 0}, "deploymentType": dt, "buildNumber": 100245, "buildDate": now, "serverTime": now, "scmInfo": "ownerd-jiratest", "serverTitle": "jiratest"}
	case "GET /rest/api/2/myself":
		m := s.userJSON(&s.me).(map[string]any)
		m["timeZone"], m["locale"] = s.zone.String(), "en_US"
		return http.StatusOK, m
	case "GET /rest/api/2/user":
		want := q.Get("accountId")
		if s.flavor == DataCenter {
			want = q.Get("username")
		}
		for _, u := range s.users() {
			if s.ident(u) == want {
				return http.StatusOK, s.userJSON(u)
			}
		}
		return fail(http.StatusNotFound, "The user with the account id '"+want+"' does not exist.")
	case "GET /rest/api/2/status":
		list := make([]any, 0, len(s.statuses))
		for _, st := range s.statuses {
			list = append(list, s.statusJSON(st))
		}
		return http.StatusOK, list
	case "GET /rest/api/2/search":
		if s.flavor == Cloud {
			return fail(http.StatusGone, "The requested API has been removed. Please migrate to the /rest/api/3/search/jql API. A full migration guideline is available at https://developer.atlassian.com/changelog/#CHANGE-2046")
		}
		return s.search(q)
	case "GET /rest/api/2/search/jql":
		if s.flavor == DataCenter {
			return fail(http.StatusNotFound, "null for uri: "+s.URL+r.URL.Path)
		}
		return s.search(q)
	case "GET /rest/api/2/issue/{issueIdOrKey}":
		is := s.find(params["issueIdOrKey"])
		if is == nil {
			return fail(http.StatusNotFound, "Issue does not exist or you do not have permission to see it.")
		}
		return http.StatusOK, s.issueJSON(is, splitList(q["fields"]), strings.Contains(q.Get("expand"), "changelog"), false)
	case "GET /rest/api/2/issue/{issueIdOrKey}/changelog":
		is := s.find(params["issueIdOrKey"])
		if is == nil || s.flavor == DataCenter {
			return fail(http.StatusNotFound, "Issue does not exist or you do not have permission to see it.")
		}
		start, max, bad := paging(q, 100)
		if bad != nil {
			return fail(bad.status, bad.msg)
		}
		page := window(is.histories, start, max)
		values := make([]any, 0, len(page))
		for _, h := range page {
			values = append(values, s.historyJSON(h))
		}
		return http.StatusOK, map[string]any{"self": s.URL + r.URL.Path, "maxResults": max, "startAt": start, "total": len(is.histories), "isLast": start+len(page) >= len(is.histories), "values": values}
	case "GET /rest/api/2/issue/{issueIdOrKey}/comment":
		is := s.find(params["issueIdOrKey"])
		if is == nil {
			return fail(http.StatusNotFound, "Issue does not exist or you do not have permission to see it.")
		}
		start, max, bad := paging(q, 100)
		if bad != nil {
			return fail(bad.status, bad.msg)
		}
		page := window(is.comments, start, max)
		list := make([]any, 0, len(page))
		for _, c := range page {
			list = append(list, s.commentJSON(is, c, strings.Contains(q.Get("expand"), "properties")))
		}
		return http.StatusOK, map[string]any{"startAt": start, "maxResults": max, "total": len(is.comments), "comments": list}
	case "POST /rest/api/2/issue/{issueIdOrKey}/comment", "PUT /rest/api/2/issue/{issueIdOrKey}/comment/{id}":
		is := s.find(params["issueIdOrKey"])
		if is == nil {
			return fail(http.StatusNotFound, "Issue does not exist or you do not have permission to see it.")
		}
		var in struct {
			Body *string `json:"body"`
		}
		if err := json.NewDecoder(r.Body).Decode(&in); err != nil || in.Body == nil {
			return http.StatusBadRequest, errorBody{ErrorMessages: []string{}, Errors: map[string]string{"comment": "Comment body can not be empty!"}}
		}
		now := s.nowFn()
		s.lastMatched = nil // the issue's updated time moves
		if route[0] == 'P' && route[1] == 'O' {
			c := &comment{ID: s.id(), Author: &s.me, Body: *in.Body, Created: now, Updated: now, posted: true, props: map[string]json.RawMessage{}}
			is.comments = append(is.comments, c)
			is.updated = later(is.updated, now)
			s.stats.CommentsPosted++
			return http.StatusCreated, s.commentJSON(is, c, false)
		}
		for _, c := range is.comments {
			if c.ID == params["id"] {
				c.Body, c.Updated = *in.Body, now
				is.updated = later(is.updated, now)
				s.stats.CommentsPosted++
				return http.StatusOK, s.commentJSON(is, c, false)
			}
		}
		return fail(http.StatusNotFound, "Can not find a comment for the id: "+params["id"]+".")
	case "GET /rest/api/2/comment/{commentId}/properties/{propertyKey}", "PUT /rest/api/2/comment/{commentId}/properties/{propertyKey}":
		c := s.comment(params["commentId"])
		if c == nil {
			return fail(http.StatusNotFound, "Comment does not exist or you do not have permission to see it.")
		}
		key := params["propertyKey"]
		if r.Method == http.MethodGet {
			v, ok := c.props[key]
			if !ok {
				return fail(http.StatusNotFound, "The property with key '"+key+"' does not exist.")
			}
			return http.StatusOK, map[string]any{"key": key, "value": v}
		}
		var v json.RawMessage
		if err := json.NewDecoder(r.Body).Decode(&v); err != nil {
			return fail(http.StatusBadRequest, "The property value must be valid JSON.")
		}
		_, existed := c.props[key]
		c.props[key] = v
		if existed {
			return http.StatusOK, map[string]any{}
		}
		return http.StatusCreated, map[string]any{}
	}
	return fail(http.StatusNotFound, "No resource.")
}

func (s *Server) find(idOrKey string) *issue {
	if is := s.byKey[idOrKey]; is != nil {
		return is
	}
	for _, is := range s.issues {
		if is.id == idOrKey {
			return is
		}
	}
	return nil
}

func (s *Server) comment(id string) *comment {
	for _, is := range s.issues {
		for _, c := range is.comments {
			if c.ID == id {
				return c
			}
		}
	}
	return nil
}

// paging reads startAt and maxResults (at most 100).
func paging(q map[string][]string, def int) (start, max int, bad *failure) {
	start, max = 0, def
	if v := first(q["startAt"]); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			return 0, 0, &failure{http.StatusBadRequest, "The value '" + v + "' is invalid for startAt."}
		}
		start = n
	}
	if v := first(q["maxResults"]); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			return 0, 0, &failure{http.StatusBadRequest, "The value '" + v + "' is invalid for maxResults."}
		}
		max = min(n, 100)
	}
	return start, max, nil
}

func first(vs []string) string {
	if len(vs) == 0 {
		return ""
	}
	return vs[0]
}

func window[T any](list []T, start, max int) []T {
	if start >= len(list) {
		return nil
	}
	return list[start:min(len(list), start+max)]
}

// splitList reads a list parameter given as repeated values or joined by
// commas.
func splitList(vs []string) []string {
	var out []string
	for _, v := range vs {
		for _, f := range strings.Split(v, ",") {
			if f = strings.TrimSpace(f); f != "" {
				out = append(out, f)
			}
		}
	}
	return out
}

// search answers both searches: Cloud's pages are chained by an opaque
// token, Data Center's by startAt with a total.
func (s *Server) search(q map[string][]string) (int, any) {
	text := first(q["jql"])
	jql, err := parseJQL(text, s.zone)
	if err != nil {
		return http.StatusBadRequest, errorBody{ErrorMessages: []string{err.Error()}, Errors: map[string]string{}}
	}
	if jql.where == nil && s.flavor == Cloud {
		return http.StatusBadRequest, errorBody{ErrorMessages: []string{"Unbounded JQL queries are not allowed here. Please add a search restriction to your query."}, Errors: map[string]string{}}
	}
	max := 50
	if v := first(q["maxResults"]); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			return http.StatusBadRequest, errorBody{ErrorMessages: []string{"The value '" + v + "' is invalid for maxResults."}, Errors: map[string]string{}}
		}
		max = min(n, 100)
	}
	// Paging through one result reuses its matches: a search of n issues
	// in pages costs n, not n times the pages.
	matched := s.lastMatched
	if text != s.lastJQL || matched == nil {
		matched = s.match(jql)
		s.lastJQL, s.lastMatched = text, matched
	}
	start := 0
	if s.flavor == Cloud {
		if tok := first(q["nextPageToken"]); tok != "" {
			b, err := base64.RawURLEncoding.DecodeString(tok)
			n, err2 := strconv.Atoi(strings.TrimPrefix(string(b), "offset:"))
			if err != nil || err2 != nil || n < 0 {
				return http.StatusBadRequest, errorBody{ErrorMessages: []string{"The provided next page token is invalid or expired."}, Errors: map[string]string{}}
			}
			start = n
		}
	} else if v := first(q["startAt"]); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			return http.StatusBadRequest, errorBody{ErrorMessages: []string{"The value '" + v + "' is invalid for startAt."}, Errors: map[string]string{}}
		}
		start = n
	}
	page := window(matched, start, max)
	fieldList := splitList(q["fields"])
	changelog := strings.Contains(first(q["expand"]), "changelog")
	issues := make([]any, 0, len(page))
	for _, is := range page {
		issues = append(issues, s.issueJSON(is, fieldList, changelog, true))
	}
	if s.flavor == DataCenter {
		return http.StatusOK, map[string]any{"expand": "schema,names", "startAt": start, "maxResults": max, "total": len(matched), "issues": issues}
	}
	out := map[string]any{"issues": issues, "isLast": start+len(page) >= len(matched)}
	if start+len(page) < len(matched) {
		out["nextPageToken"] = base64.RawURLEncoding.EncodeToString(fmt.Appendf(nil, "offset:%d", start+len(page)))
	}
	return http.StatusOK, out
}

// match returns the issues a query selects, in its order.
func (s *Server) match(jql query) []*issue {
	var matched []*issue
	for _, is := range s.issues {
		if jql.where == nil || jql.where.match(is, s.zone) {
			matched = append(matched, is)
		}
	}
	slices.SortStableFunc(matched, func(a, b *issue) int {
		for _, o := range jql.order {
			var c int
			switch o.field {
			case "updated", "created", "duedate":
				c = a.timeOf(o.field).Compare(b.timeOf(o.field))
			case "id":
				x, _ := strconv.Atoi(a.id)
				y, _ := strconv.Atoi(b.id)
				c = x - y
			default:
				c = strings.Compare(strings.Join(a.valuesOf(o.field), ","), strings.Join(b.valuesOf(o.field), ","))
			}
			if o.desc {
				c = -c
			}
			if c != 0 {
				return c
			}
		}
		return 0
	})
	return matched
}
