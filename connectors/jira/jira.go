// Package jira is the connector for Jira Cloud and Data Center. It reads
// the client-facing issues incrementally (a JQL search from a watermark,
// each issue's whole changelog and comments) into the model, and writes
// ownerd's one comment on an issue, found again by its property.
package jira

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	gojira "github.com/andygrunwald/go-jira"
	_ "time/tzdata" // JQL dates are read in the API user's zone: know every zone, in any container

	"github.com/ownerd/ownerd/connectors"
	"github.com/ownerd/ownerd/connectors/internal/keylock"
	"github.com/ownerd/ownerd/model"
)

// Client reads one Jira site. It is safe for one Sync at a time; posting
// may run beside a sync.
type Client struct {
	cfg    Config
	api    *gojira.Client
	logger *slog.Logger
	now    func() time.Time

	mu      sync.Mutex
	site    *site                     // learnt once, on the first sync
	posting keylock.Map               // by issue key: one Post at a time
	idents  map[string]model.PersonID // identities resolved by email or lookup
}

// site is what the connector learns of the site before its first search.
type site struct {
	// slack widens every incremental search: 14 hours when the API user's
	// zone is one Go cannot load, so that reading JQL dates in an
	// unknown zone can only read more, never less.
	slack    time.Duration
	flavor   Flavor
	zone     *time.Location    // the API user's: JQL dates are read in it
	me       string            // the API user's account id (Cloud) or name
	category map[string]string // status id → status category key
}

// Option changes how a Client is built.
type Option func(*options)

type options struct {
	user, token string
	transport   http.RoundTripper
	logger      *slog.Logger
	observe     func(*http.Response, error)
	now         func() time.Time
}

// WithCredentials authenticates with these credentials instead of those
// the configuration names: an email and API token (Cloud), or an empty
// user and a personal access token (Data Center). For programs that hold
// them already, such as the sandbox.
func WithCredentials(user, token string) Option {
	return func(o *options) { o.user, o.token = user, token }
}

// WithTransport sends requests through rt instead of
// http.DefaultTransport (tests, proxies).
func WithTransport(rt http.RoundTripper) Option { return func(o *options) { o.transport = rt } }

// WithLogger logs through l.
func WithLogger(l *slog.Logger) Option { return func(o *options) { o.logger = l } }

// WithObserver calls fn with every attempt's response or error, for
// request and rate-limit metrics.
func WithObserver(fn func(*http.Response, error)) Option {
	return func(o *options) { o.observe = fn }
}

// WithClock takes the time from now instead of time.Now.
func WithClock(now func() time.Time) Option { return func(o *options) { o.now = now } }

// New returns a client for the site cfg describes. It reads the
// credentials; it makes no request.
func New(cfg Config, opts ...Option) (*Client, error) {
	cfg = cfg.WithDefaults()
	o := options{logger: slog.New(slog.DiscardHandler), now: time.Now}
	for _, opt := range opts {
		opt(&o)
	}
	if err := cfg.validate(o.token != ""); err != nil {
		return nil, fmt.Errorf("jira %s: %w", cfg.Name, err)
	}
	logger := o.logger.With("connector", cfg.Name)
	under := newTransport(cfg, o.transport, logger, o.observe)
	var hc *http.Client
	switch {
	case o.token != "" && o.user != "":
		hc = (&gojira.BasicAuthTransport{Username: o.user, Password: o.token, Transport: under}).Client()
	case o.token != "":
		hc = (&gojira.BearerAuthTransport{Token: o.token, Transport: under}).Client()
	case cfg.APITokenEnv != "" || cfg.APITokenFile != "":
		token, err := secret(cfg.APITokenEnv, cfg.APITokenFile)
		if err != nil {
			return nil, fmt.Errorf("jira %s: api token: %w", cfg.Name, err)
		}
		hc = (&gojira.BasicAuthTransport{Username: cfg.Email, Password: token, Transport: under}).Client()
	default:
		token, err := secret(cfg.TokenEnv, cfg.TokenFile)
		if err != nil {
			return nil, fmt.Errorf("jira %s: token: %w", cfg.Name, err)
		}
		hc = (&gojira.BearerAuthTransport{Token: token, Transport: under}).Client()
	}
	api, err := gojira.NewClient(hc, cfg.URL)
	if err != nil {
		return nil, fmt.Errorf("jira %s: %w", cfg.Name, err)
	}
	return &Client{cfg: cfg, api: api, logger: logger, now: o.now, idents: map[string]model.PersonID{}}, nil
}

// Name implements connectors.Source.
func (c *Client) Name() string { return c.cfg.Name }

var (
	_ connectors.Source = (*Client)(nil)
	_ connectors.Syncer = (*Client)(nil)
)

// APIError is an answer from Jira other than success, after retries.
type APIError struct {
	Method, Path string
	Status       int
	Messages     []string // Jira's errorMessages and errors, as it words them
}

func (e *APIError) Error() string {
	msg := fmt.Sprintf("%s %s: %d %s", e.Method, e.Path, e.Status, http.StatusText(e.Status))
	if len(e.Messages) > 0 {
		msg += ": " + strings.Join(e.Messages, "; ")
	}
	return msg
}

// Terminal reports an error that retrying will not mend: bad credentials,
// no permission, a query Jira refuses. The daemon keeps what it knew and
// says so, instead of backing off and trying again.
func (e *APIError) Terminal() bool {
	return e.Status == http.StatusBadRequest || e.Status == http.StatusUnauthorized || e.Status == http.StatusForbidden
}

// maxErrorBody bounds how much of an error answer is read.
const maxErrorBody = 64 << 10

// get sends one request through go-jira and decodes a JSON answer into v.
// A non-2xx answer becomes an *APIError with Jira's own messages.
func (c *Client) call(ctx context.Context, method, path string, query url.Values, body, v any) error {
	u := path
	if len(query) > 0 {
		u += "?" + query.Encode()
	}
	req, err := c.api.NewRequestWithContext(ctx, method, u, body)
	if err != nil {
		return fmt.Errorf("%s %s: %w", method, path, err)
	}
	resp, err := c.api.Do(req, nil)
	if err != nil && (resp == nil || resp.Response == nil) {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return fmt.Errorf("%s %s: %w", method, path, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return readAPIError(method, path, resp.Response)
	}
	if v == nil {
		_, err = io.Copy(io.Discard, resp.Body)
		return err
	}
	if err := json.NewDecoder(resp.Body).Decode(v); err != nil {
		return fmt.Errorf("%s %s: the answer is not the JSON Jira sends: %w", method, path, err)
	}
	return nil
}

// readAPIError reads Jira's error body: {"errorMessages": [...],
// "errors": {"field": "message"}}.
func readAPIError(method, path string, resp *http.Response) error {
	e := &APIError{Method: method, Path: path, Status: resp.StatusCode}
	var body struct {
		ErrorMessages []string          `json:"errorMessages"`
		Errors        map[string]string `json:"errors"`
	}
	if json.NewDecoder(io.LimitReader(resp.Body, maxErrorBody)).Decode(&body) == nil {
		e.Messages = body.ErrorMessages
		keys := make([]string, 0, len(body.Errors))
		for k := range body.Errors {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			e.Messages = append(e.Messages, k+": "+body.Errors[k])
		}
	}
	return e
}

// learn finds out, once, the site's flavor, the API user and its zone, and
// the categories of the statuses.
//
//meta:operation GET /rest/api/2/serverInfo
//meta:operation GET /rest/api/2/myself
//meta:operation GET /rest/api/2/status
func (c *Client) learn(ctx context.Context) (*site, error) {
	c.mu.Lock()
	s := c.site
	c.mu.Unlock()
	if s != nil {
		return s, nil
	}
	s = &site{flavor: c.cfg.Flavor, zone: time.UTC, category: map[string]string{}}
	if s.flavor == "" {
		var info struct {
			DeploymentType string `json:"deploymentType"`
		}
		if err := c.call(ctx, http.MethodGet, "rest/api/2/serverInfo", nil, nil, &info); err != nil {
			return nil, err
		}
		s.flavor = DataCenter
		if strings.EqualFold(info.DeploymentType, "Cloud") {
			s.flavor = Cloud
		}
	}
	var me gojira.User
	if err := c.call(ctx, http.MethodGet, "rest/api/2/myself", nil, nil, &me); err != nil {
		return nil, err
	}
	s.me = cmp.Or(me.AccountID, me.Name)
	if loc, err := time.LoadLocation(me.TimeZone); err == nil && me.TimeZone != "" {
		s.zone = loc
	} else {
		s.slack = 14 * time.Hour
		c.logger.Warn("the Jira user's time zone is unknown; searches look 14 hours further back to be safe", "zone", me.TimeZone)
	}
	var statuses []gojira.Status
	if err := c.call(ctx, http.MethodGet, "rest/api/2/status", nil, nil, &statuses); err != nil {
		return nil, err
	}
	for _, st := range statuses {
		s.category[st.ID] = st.StatusCategory.Key
	}
	c.mu.Lock()
	c.site = s
	c.mu.Unlock()
	return s, nil
}

// state is the connector's sync state, handed out and back as JSON.
type state struct {
	// Watermark is the latest `updated` of an issue read.
	Watermark time.Time `json:"watermark"`
	// Issues are the issues in scope, by id: keys change when an issue
	// moves to another project, ids do not.
	Issues map[string]issueState `json:"issues"`
	// Swept is when every id in scope was last listed.
	Swept time.Time `json:"swept"`
}

type issueState struct {
	Key     string    `json:"key"`
	Updated time.Time `json:"updated"`
}

// Poll reads every issue in scope.
func (c *Client) Poll(ctx context.Context, org *model.Org) (connectors.Snapshot, error) {
	ch, _, err := c.Sync(ctx, org, nil)
	if err != nil {
		return connectors.Snapshot{}, err
	}
	return connectors.Snapshot{Items: ch.Items}, nil
}

// Sync reads the issues updated since the state's watermark (all of them
// when state is nil), whole, and every so often the ids of all issues in
// scope to find those deleted or moved out of it.
func (c *Client) Sync(ctx context.Context, org *model.Org, prev []byte) (connectors.Changes, []byte, error) {
	st := state{Issues: map[string]issueState{}}
	if len(prev) > 0 {
		if err := json.Unmarshal(prev, &st); err != nil {
			return connectors.Changes{}, nil, fmt.Errorf("jira %s: the sync state does not read (%w); start over with none", c.cfg.Name, err)
		}
		if st.Issues == nil {
			st.Issues = map[string]issueState{}
		}
	}
	ch, err := c.sync(ctx, org, &st)
	if err != nil {
		return connectors.Changes{}, nil, fmt.Errorf("jira %s: %w", c.cfg.Name, err)
	}
	next, err := json.Marshal(st)
	if err != nil {
		return connectors.Changes{}, nil, err
	}
	return ch, next, nil
}

func (c *Client) sync(ctx context.Context, org *model.Org, st *state) (connectors.Changes, error) {
	s, err := c.learn(ctx)
	if err != nil {
		return connectors.Changes{}, err
	}
	first := st.Watermark.IsZero()
	jql := c.cfg.JQL
	if !first {
		jql = andJQL(jql, `updated >= "`+jqlTime(st.Watermark.Add(-c.cfg.Overlap-s.slack), s.zone)+`"`)
	}
	var ch connectors.Changes
	var fetched []*issueJSON
	at := map[string]int{} // an issue read twice in one search: the later copy
	shifted, err := c.search(ctx, s, boundedJQL(jql)+" ORDER BY updated ASC", searchFields(c.cfg), "changelog", func(is *issueJSON) error {
		known, ok := st.Issues[is.ID]
		if ok && known.Updated.Equal(is.updated()) && known.Key == is.Key {
			return nil // read before, unchanged
		}
		if i, twice := at[is.ID]; twice {
			fetched[i] = is
			return nil
		}
		at[is.ID] = len(fetched)
		fetched = append(fetched, is)
		return nil
	})
	if err != nil {
		return connectors.Changes{}, err
	}
	if err := c.complete(ctx, s, fetched); err != nil {
		return connectors.Changes{}, err
	}
	watermark := st.Watermark
	for _, is := range fetched {
		it, err := c.item(ctx, org, s, is)
		if err != nil {
			return connectors.Changes{}, err
		}
		if known, ok := st.Issues[is.ID]; ok && known.Key != is.Key {
			ch.Removed = append(ch.Removed, model.JiraID(known.Key)) // moved: a new key
		}
		st.Issues[is.ID] = issueState{Key: is.Key, Updated: is.updated()}
		if is.updated().After(watermark) {
			watermark = is.updated()
		}
		ch.Items = append(ch.Items, it)
	}
	// When the pages moved under the search, an issue may have been
	// passed over: the watermark stays, and the next sync reads the same
	// window again (what it read already is skipped by its updated time).
	if !shifted {
		st.Watermark = watermark
	}
	now := c.now()
	switch {
	case first:
		st.Swept = now
	case now.Sub(st.Swept) >= c.cfg.SweepEvery:
		// A sweep that fails costs only its own finding: what the search
		// read stands, and the sweep is tried again next sync.
		if gone, err := c.sweep(ctx, s, st); err != nil {
			if ctx.Err() != nil {
				return connectors.Changes{}, ctx.Err()
			}
			c.logger.Warn("the sweep for deleted and moved issues failed; it is tried again next sync", "err", err)
		} else {
			ch.Removed = append(ch.Removed, gone...)
			st.Swept = now
		}
	}
	return ch, nil
}

// boundedJQL makes a scope Cloud accepts: it refuses a query with no
// condition ("Unbounded JQL queries are not allowed here").
func boundedJQL(jql string) string {
	if strings.TrimSpace(jql) == "" {
		return `created >= "1970/01/01"`
	}
	return jql
}

// jqlTime writes a moment as JQL reads it: a minute, in the API user's
// zone. Near a daylight-saving change a wall time can name two moments;
// the earlier one an hour before is written then, so that nothing is
// passed over.
func jqlTime(t time.Time, zone *time.Location) string {
	_, before := t.Add(-2 * time.Hour).In(zone).Zone()
	if _, after := t.Add(2 * time.Hour).In(zone).Zone(); before != after {
		t = t.Add(-time.Hour)
	}
	return t.In(zone).Format("2006/01/02 15:04")
}

// andJQL joins the configured scope and a condition.
func andJQL(scope, cond string) string {
	if strings.TrimSpace(scope) == "" {
		return cond
	}
	return "(" + scope + ") AND " + cond
}

// sweep lists the id of every issue in scope and returns the items of
// those it knew that are no longer there.
func (c *Client) sweep(ctx context.Context, s *site, st *state) ([]model.ItemID, error) {
	in := map[string]bool{}
	shifted, err := c.search(ctx, s, boundedJQL(c.cfg.JQL)+" ORDER BY id ASC", []string{"id"}, "", func(is *issueJSON) error {
		in[is.ID] = true
		return nil
	})
	if err != nil {
		return nil, err
	}
	if shifted {
		return nil, nil // issues came or went while listing: sweep next time
	}
	var gone []model.ItemID
	for id, known := range st.Issues {
		if !in[id] {
			gone = append(gone, model.JiraID(known.Key))
			delete(st.Issues, id)
		}
	}
	slices.Sort(gone)
	return gone, nil
}

// searchPage is one page of either search: Cloud's token paging or Data
// Center's offsets.
type searchPage struct {
	Issues        []*issueJSON `json:"issues"`
	NextPageToken string       `json:"nextPageToken"`
	IsLast        bool         `json:"isLast"`
	StartAt       int          `json:"startAt"`
	MaxResults    int          `json:"maxResults"`
	Total         int          `json:"total"`
}

// search runs a JQL search to its last page, calling fn with each issue.
//
//meta:operation GET /rest/api/2/search/jql
//meta:operation GET /rest/api/2/search
func (c *Client) search(ctx context.Context, s *site, jql string, fields []string, expand string, fn func(*issueJSON) error) (shifted bool, err error) {
	q := url.Values{"jql": {jql}, "maxResults": {strconv.Itoa(c.cfg.PageSize)}, "fields": {strings.Join(fields, ",")}}
	if expand != "" {
		q.Set("expand", expand)
	}
	path := "rest/api/2/search/jql"
	if s.flavor == DataCenter {
		path = "rest/api/2/search"
		q.Set("startAt", "0")
	}
	seen := map[string]bool{}
	tokens := map[string]bool{}
	for read, total := 0, -1; ; {
		var page searchPage
		if err := c.call(ctx, http.MethodGet, path, q, nil, &page); err != nil {
			return false, fmt.Errorf("search %q: %w", jql, err)
		}
		for _, is := range page.Issues {
			if is == nil || is.ID == "" {
				continue
			}
			// An issue seen twice in one search was updated while it was
			// paged: the pages after it moved by one, and an issue may
			// have been passed over. The caller reads the window again.
			if seen[is.ID] {
				shifted = true
			}
			seen[is.ID] = true
			if err := fn(is); err != nil {
				return false, err
			}
		}
		read += len(page.Issues)
		if s.flavor == DataCenter {
			if total >= 0 && page.Total != total {
				shifted = true // issues came or went while paging
			}
			total = page.Total
			// The next page starts where this one ended, counted here: a
			// server that echoes a wrong startAt cannot make it loop.
			if len(page.Issues) == 0 || read >= page.Total {
				return shifted, nil
			}
			q.Set("startAt", strconv.Itoa(read))
			continue
		}
		if page.IsLast || page.NextPageToken == "" {
			return shifted, nil
		}
		if tokens[page.NextPageToken] {
			return false, fmt.Errorf("search %q: Jira gave the page token %q twice; stopped rather than loop", jql, page.NextPageToken)
		}
		tokens[page.NextPageToken] = true
		q.Set("nextPageToken", page.NextPageToken)
	}
}

// searchFields are the fields a sync asks for: Cloud's search returns only
// ids without them.
func searchFields(cfg Config) []string {
	f := []string{"summary", "description", "status", "labels", "priority", "created", "updated", "creator", "reporter", "assignee", "duedate", "comment", "project"}
	if cfg.ClientField != "" {
		f = append(f, cfg.ClientField)
	}
	return f
}
