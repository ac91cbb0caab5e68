package jira

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	gojira "github.com/andygrunwald/go-jira"

	"github.com/ownerd/ownerd/model"
)

// issueJSON is one issue of a search page. The fields are go-jira's types,
// but the page, comment and changelog envelopes are read here: go-jira's
// Issue drops their totals, and without them a truncated changelog or
// comment list cannot be told from a complete one.
type issueJSON struct {
	ID        string          `json:"id"`
	Key       string          `json:"key"`
	Fields    json.RawMessage `json:"fields"`
	Changelog *changelogPage  `json:"changelog"`

	f fieldsJSON
}

type fieldsJSON struct {
	Summary     string           `json:"summary"`
	Description json.RawMessage  `json:"description"`
	Status      *gojira.Status   `json:"status"`
	Labels      []string         `json:"labels"`
	Priority    *gojira.Priority `json:"priority"`
	Created     gojira.Time      `json:"created"`
	Updated     gojira.Time      `json:"updated"`
	Creator     *gojira.User     `json:"creator"`
	Reporter    *gojira.User     `json:"reporter"`
	Assignee    *gojira.User     `json:"assignee"`
	Duedate     *string          `json:"duedate"`
	Comment     *commentPage     `json:"comment"`
	Project     *struct {
		Key string `json:"key"`
	} `json:"project"`
}

// commentPage is the comment field of an issue, and a page of
// GET /issue/{key}/comment.
type commentPage struct {
	Comments   []gojira.Comment `json:"comments"`
	StartAt    int              `json:"startAt"`
	MaxResults int              `json:"maxResults"`
	Total      int              `json:"total"`
}

// changelogPage is an issue's expanded changelog ("histories") and a page
// of GET /issue/{key}/changelog ("values").
type changelogPage struct {
	Histories  []gojira.ChangelogHistory `json:"histories"`
	Values     []gojira.ChangelogHistory `json:"values"`
	StartAt    int                       `json:"startAt"`
	MaxResults int                       `json:"maxResults"`
	Total      int                       `json:"total"`
	IsLast     *bool                     `json:"isLast"`
}

func (is *issueJSON) updated() time.Time { return time.Time(is.f.Updated) }

// UnmarshalJSON reads the issue and its fields, failing on fields of the
// wrong type with the issue's key in the message.
func (is *issueJSON) UnmarshalJSON(b []byte) error {
	type plain issueJSON
	if err := json.Unmarshal(b, (*plain)(is)); err != nil {
		return err
	}
	if len(is.Fields) > 0 && string(is.Fields) != "null" {
		if err := json.Unmarshal(is.Fields, &is.f); err != nil {
			return fmt.Errorf("issue %s: fields: %w", cmp.Or(is.Key, is.ID), err)
		}
	}
	return nil
}

// complete reads what a search left out: the changelog beyond its first
// 100 entries and the comments beyond the first 20 (Cloud's caps), a few
// issues at a time.
func (c *Client) complete(ctx context.Context, s *site, issues []*issueJSON) error {
	var (
		wg    sync.WaitGroup
		mu    sync.Mutex
		first error
		slots = make(chan struct{}, c.cfg.Concurrency)
	)
	fail := func(err error) {
		mu.Lock()
		first = cmp.Or(first, err)
		mu.Unlock()
	}
	for _, is := range issues {
		needLog := is.Changelog != nil && is.Changelog.Total > len(is.Changelog.Histories)
		needComments := is.f.Comment != nil && is.f.Comment.Total > len(is.f.Comment.Comments)
		if !needLog && !needComments {
			continue
		}
		slots <- struct{}{}
		wg.Go(func() {
			defer func() { <-slots }()
			if needLog {
				h, err := c.changelog(ctx, s, is)
				if err != nil {
					fail(err)
					return
				}
				is.Changelog.Histories = h
			}
			if needComments {
				cs, err := c.comments(ctx, is.ID)
				if err != nil {
					fail(err)
					return
				}
				is.f.Comment.Comments = cs
			}
		})
	}
	wg.Wait()
	return first
}

// changelog reads an issue's whole changelog: page by page on Cloud, and
// on Data Center, which has no such endpoint, through the issue itself.
//
//meta:operation GET /rest/api/2/issue/{issueIdOrKey}/changelog
//meta:operation GET /rest/api/2/issue/{issueIdOrKey}
func (c *Client) changelog(ctx context.Context, s *site, is *issueJSON) ([]gojira.ChangelogHistory, error) {
	if s.flavor == DataCenter {
		var whole issueJSON
		if err := c.call(ctx, http.MethodGet, "rest/api/2/issue/"+url.PathEscape(is.ID), url.Values{"fields": {"updated"}, "expand": {"changelog"}}, nil, &whole); err != nil {
			return nil, fmt.Errorf("changelog of %s: %w", is.Key, err)
		}
		if whole.Changelog == nil {
			return nil, nil
		}
		return whole.Changelog.Histories, nil
	}
	var all []gojira.ChangelogHistory
	for start := 0; ; {
		var page changelogPage
		q := url.Values{"startAt": {strconv.Itoa(start)}, "maxResults": {"100"}}
		if err := c.call(ctx, http.MethodGet, "rest/api/2/issue/"+url.PathEscape(is.ID)+"/changelog", q, nil, &page); err != nil {
			return nil, fmt.Errorf("changelog of %s: %w", is.Key, err)
		}
		all = append(all, page.Values...)
		start += len(page.Values)
		if len(page.Values) == 0 || page.IsLast != nil && *page.IsLast || page.IsLast == nil && start >= page.Total {
			return all, nil
		}
	}
}

// comments reads every comment of an issue, page by page.
//
//meta:operation GET /rest/api/2/issue/{issueIdOrKey}/comment
func (c *Client) comments(ctx context.Context, id string) ([]gojira.Comment, error) {
	var all []gojira.Comment
	for start := 0; ; {
		var page commentPage
		q := url.Values{"startAt": {strconv.Itoa(start)}, "maxResults": {"100"}}
		if err := c.call(ctx, http.MethodGet, "rest/api/2/issue/"+url.PathEscape(id)+"/comment", q, nil, &page); err != nil {
			return nil, fmt.Errorf("comments of issue %s: %w", id, err)
		}
		all = append(all, page.Comments...)
		start += len(page.Comments)
		if len(page.Comments) == 0 || start >= page.Total {
			return all, nil
		}
	}
}

// jiraTime reads the times go-jira leaves as strings (comments and
// changelog entries): Jira's own layout, or RFC 3339.
func jiraTime(s string) (time.Time, error) {
	for _, layout := range []string{"2006-01-02T15:04:05.000-0700", "2006-01-02T15:04:05-0700", time.RFC3339Nano} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("%q is not a time Jira writes", s)
}

// person resolves a Jira user through the directory: its account id
// (Cloud) or user name (Data Center), then its email where Jira shows it.
// What an email resolved is remembered by identity, for the changelog,
// which names people by identity alone.
func (c *Client) person(org *model.Org, s *site, u *gojira.User) model.PersonID {
	if u == nil {
		return ""
	}
	ident := u.AccountID
	if s.flavor == DataCenter || ident == "" {
		ident = cmp.Or(u.Name, u.Key, u.AccountID)
	}
	id := org.Resolve(model.Jira, ident)
	if org.Person(id) == nil && u.EmailAddress != "" {
		if byMail := org.Resolve(model.Mail, u.EmailAddress); org.Person(byMail) != nil {
			c.mu.Lock()
			c.idents[ident] = byMail
			c.mu.Unlock()
			return byMail
		}
	}
	return id
}

// ident resolves an identity as a changelog gives it (an account id or a
// user name, no email): through the directory, then through what other
// fields showed of that user, then by asking Jira for the user once.
//
//meta:operation GET /rest/api/2/user
func (c *Client) ident(ctx context.Context, org *model.Org, s *site, ident string) model.PersonID {
	id := org.Resolve(model.Jira, ident)
	if id == "" || org.Person(id) != nil {
		return id
	}
	c.mu.Lock()
	known, ok := c.idents[ident]
	c.mu.Unlock()
	if ok {
		return known
	}
	var u gojira.User
	q := url.Values{"accountId": {ident}}
	if s.flavor == DataCenter {
		q = url.Values{"username": {ident}}
	}
	known = id
	if err := c.call(ctx, http.MethodGet, "rest/api/2/user", q, nil, &u); err == nil {
		known = c.person(org, s, &u)
	} else {
		c.logger.Debug("a user in a changelog could not be looked up", "ident", ident, "err", err)
	}
	c.mu.Lock()
	c.idents[ident] = known
	c.mu.Unlock()
	return known
}

// endOfDay is the last second of a calendar date in the organisation's
// zone: a due date ends at the end of its day (rules.md).
func endOfDay(date string, loc *time.Location) (time.Time, error) {
	if len(date) > 10 {
		date = date[:10] // "2026-03-10 00:00:00.0" in a changelog
	}
	d, err := time.ParseInLocation("2006-01-02", date, loc)
	if err != nil {
		return time.Time{}, fmt.Errorf("%q is not a date", date)
	}
	// The next midnight less a second, not 24 hours on: a day of a
	// daylight-saving change is 23 or 25 hours long.
	return d.AddDate(0, 0, 1).Add(-time.Second), nil
}

// item turns an issue into the model.
func (c *Client) item(ctx context.Context, org *model.Org, s *site, is *issueJSON) (*model.Item, error) {
	f := &is.f
	key := is.Key
	project := key
	if i := strings.LastIndexByte(key, '-'); i > 0 {
		project = key[:i]
	}
	if f.Project != nil && f.Project.Key != "" {
		project = f.Project.Key
	}
	it := &model.Item{
		ID: model.JiraID(key), System: model.Jira, Kind: model.JiraIssue, Source: "jira:" + project,
		Title: f.Summary, Labels: f.Labels, Created: time.Time(f.Created),
	}
	var desc string
	if json.Unmarshal(f.Description, &desc) == nil {
		it.Body = desc // v2 writes text; anything else (a v3 document) is left out
	}
	if f.Priority != nil {
		it.Priority = f.Priority.Name
	}
	category := "indeterminate"
	if f.Status != nil {
		it.Status = f.Status.Name
		category = cmp.Or(f.Status.StatusCategory.Key, s.category[f.Status.ID], "indeterminate")
	}
	it.Done = category == "done"
	it.Creator = c.person(org, s, cmp.Or(f.Creator, f.Reporter))
	if a := c.person(org, s, f.Assignee); a != "" {
		it.Assignees = []model.PersonID{a}
	}
	if f.Duedate != nil && *f.Duedate != "" {
		due, err := endOfDay(*f.Duedate, org.Location)
		if err != nil {
			return nil, fmt.Errorf("issue %s: duedate: %w", key, err)
		}
		it.Due = due
	}
	if c.cfg.ClientField != "" {
		it.Client = clientOf(is.Fields, c.cfg.ClientField)
	}
	if is.Changelog != nil {
		changes, err := c.changes(ctx, org, s, is, category)
		if err != nil {
			return nil, err
		}
		it.Changes = changes
	}
	if f.Comment != nil {
		for _, cm := range f.Comment.Comments {
			at, err := jiraTime(cm.Created)
			if err != nil {
				return nil, fmt.Errorf("issue %s: comment %s: %w", key, cm.ID, err)
			}
			it.Comments = append(it.Comments, model.Comment{At: at, By: c.person(org, s, &cm.Author), Body: cm.Body})
		}
		slices.SortStableFunc(it.Comments, func(a, b model.Comment) int { return a.At.Compare(b.At) })
	}
	return it, nil
}

// changes turns the changelog into the model's changes, oldest first. A
// status change is done or open by its status's category; a status whose
// category the site did not list is read as the issue's current one when
// it is the current status, else by its name.
func (c *Client) changes(ctx context.Context, org *model.Org, s *site, is *issueJSON, current string) ([]model.Change, error) {
	hs := slices.Clone(is.Changelog.Histories)
	type entry struct {
		at time.Time
		h  *gojira.ChangelogHistory
	}
	entries := make([]entry, 0, len(hs))
	for i := range hs {
		at, err := jiraTime(hs[i].Created)
		if err != nil {
			return nil, fmt.Errorf("issue %s: changelog %s: %w", is.Key, hs[i].Id, err)
		}
		entries = append(entries, entry{at, &hs[i]})
	}
	slices.SortStableFunc(entries, func(a, b entry) int { return a.at.Compare(b.at) })
	var out []model.Change
	wasDone := false
	for _, e := range entries {
		by := c.person(org, s, &e.h.Author)
		for _, item := range e.h.Items {
			from, to := str(item.From), str(item.To)
			ch := model.Change{At: e.at, By: by, Field: item.Field, From: item.FromString, To: item.ToString}
			switch strings.ToLower(item.Field) {
			case "assignee":
				ch.Field = "assignee"
				if a := c.ident(ctx, org, s, from); a != "" {
					ch.Unassigned = []model.PersonID{a}
					ch.From = string(a)
				}
				if a := c.ident(ctx, org, s, to); a != "" {
					ch.Assigned = []model.PersonID{a}
					ch.To = string(a)
				}
			case "status":
				ch.Field = "status"
				cat, known := s.category[to]
				switch {
				case known && cat != "":
				case item.ToString == is.f.statusName():
					cat = current
				case model.LooksDone(item.ToString):
					cat = "done"
				}
				nowDone := cat == "done"
				ch.Done = model.DoneBy(wasDone, nowDone)
				wasDone = nowDone
			case "duedate":
				ch.Field = "duedate"
				var err error
				if from != "" {
					if ch.DueFrom, err = endOfDay(from, org.Location); err != nil {
						return nil, fmt.Errorf("issue %s: changelog duedate: %w", is.Key, err)
					}
				}
				if to != "" {
					if ch.DueTo, err = endOfDay(to, org.Location); err != nil {
						return nil, fmt.Errorf("issue %s: changelog duedate: %w", is.Key, err)
					}
				}
				ch.From, ch.To = from, to
			}
			out = append(out, ch)
		}
	}
	return out, nil
}

func (f *fieldsJSON) statusName() string {
	if f.Status == nil {
		return ""
	}
	return f.Status.Name
}

// str reads a changelog value: a string, a number, or null.
func str(v any) string {
	switch v := v.(type) {
	case nil:
		return ""
	case string:
		return v
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	}
	return fmt.Sprint(v)
}

// clientOf reads a "client" custom field: text, a select list's value, or
// the first of several.
func clientOf(fields json.RawMessage, id string) string {
	var all map[string]json.RawMessage
	if json.Unmarshal(fields, &all) != nil {
		return ""
	}
	var v any
	if json.Unmarshal(all[id], &v) != nil {
		return ""
	}
	for {
		switch x := v.(type) {
		case string:
			return strings.TrimSpace(x)
		case map[string]any:
			if x["value"] != nil {
				v = x["value"]
			} else if v = x["name"]; v == nil {
				return ""
			}
		case []any:
			if len(x) == 0 {
				return ""
			}
			v = x[0]
		default:
			return ""
		}
	}
}
