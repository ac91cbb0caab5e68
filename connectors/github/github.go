package github

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/bradleyfalzon/ghinstallation/v2"
	gh "github.com/google/go-github/v60/github"

	"github.com/ownerd/ownerd/connectors"
	"github.com/ownerd/ownerd/connectors/internal/keylock"
	"github.com/ownerd/ownerd/model"
)

// Config is what the connector needs to read repositories.
type Config struct {
	// Name names the connector in logs and metrics ("github" by default).
	Name string `yaml:"name"`
	// URL is the REST API's base URL: https://api.github.com/ (the
	// default), or https://HOST/api/v3/ for GitHub Enterprise Server.
	URL string `yaml:"url"`
	// Repos are the repositories read, "owner/name"; or, without them,
	// every repository of Org, or of the App's installation.
	Repos []string `yaml:"repos"`
	Org   string   `yaml:"org"`
	// TokenEnv or TokenFile names where a personal access token is; or a
	// GitHub App authenticates: AppID, InstallationID and its private key
	// in PrivateKeyFile.
	TokenEnv       string `yaml:"token_env"`
	TokenFile      string `yaml:"token_file"`
	AppID          int64  `yaml:"app_id"`
	InstallationID int64  `yaml:"installation_id"`
	PrivateKeyFile string `yaml:"private_key_file"`
	// Timeout bounds one request; Retries how often a refused or failed
	// one is tried again.
	Timeout time.Duration `yaml:"timeout"`
	Retries int           `yaml:"retries"`
}

// WithDefaults returns c with every unset option at its default.
func (c Config) WithDefaults() Config {
	if c.Name == "" {
		c.Name = "github"
	}
	if c.URL == "" {
		c.URL = "https://api.github.com/"
	}
	if !strings.HasSuffix(c.URL, "/") {
		c.URL += "/"
	}
	if c.Timeout == 0 {
		c.Timeout = 30 * time.Second
	}
	if c.Retries == 0 {
		c.Retries = 4
	}
	return c
}

// Validate reports every problem with the configuration, each naming its
// key.
func (c Config) Validate() error { return c.validate(false) }

func (c Config) validate(given bool) error {
	var errs []error
	if u, err := url.Parse(c.URL); c.URL != "" && (err != nil || u.Scheme == "" || u.Host == "" || u.User != nil) {
		errs = append(errs, fmt.Errorf("url: %q is not an API URL without credentials (want https://api.github.com/ or https://HOST/api/v3/)", c.URL))
	}
	app := c.AppID != 0 || c.InstallationID != 0 || c.PrivateKeyFile != ""
	if len(c.Repos) == 0 && c.Org == "" && !app {
		errs = append(errs, errors.New("repos: name the repositories (owner/name), or an org, or authenticate as an App to read its installation's"))
	}
	if app && (c.AppID == 0 || c.InstallationID == 0 || c.PrivateKeyFile == "") {
		errs = append(errs, errors.New("app_id, installation_id and private_key_file go together"))
	}
	if app && (c.TokenEnv != "" || c.TokenFile != "") {
		errs = append(errs, errors.New("token_* and app_*: give one way to authenticate, not both"))
	}
	for _, r := range c.Repos {
		if o, n, ok := strings.Cut(r, "/"); !ok || o == "" || n == "" || strings.Contains(n, "/") {
			errs = append(errs, fmt.Errorf("repos: %q is not owner/name", r))
		}
	}
	if !given && !app && c.TokenEnv == "" && c.TokenFile == "" {
		errs = append(errs, errors.New("no credentials: give token_env or token_file, or app_id, installation_id and private_key_file"))
	}
	return errors.Join(errs...)
}

// Client reads GitHub repositories.
type Client struct {
	cfg    Config
	api    *gh.Client
	logger *slog.Logger

	mu      sync.Mutex
	posting keylock.Map // by item: one Post at a time
	login   string      // who ownerd's comments are by, once asked
}

// Option changes how a Client is built.
type Option func(*options)

type options struct {
	token     string
	transport http.RoundTripper
	logger    *slog.Logger
}

// WithToken authenticates with this token instead of the one the
// configuration names (the sandbox, tests).
func WithToken(token string) Option { return func(o *options) { o.token = token } }

// WithTransport sends requests through rt.
func WithTransport(rt http.RoundTripper) Option { return func(o *options) { o.transport = rt } }

// WithLogger logs through l.
func WithLogger(l *slog.Logger) Option { return func(o *options) { o.logger = l } }

// New returns a client for cfg. It reads the token; it makes no request.
//
// The transport, from the top: go-github's authentication, conditional
// requests (etags), the rate limits (limits), one attempt with a timeout.
func New(cfg Config, opts ...Option) (*Client, error) {
	cfg = cfg.WithDefaults()
	o := options{logger: slog.New(slog.DiscardHandler), transport: http.DefaultTransport}
	for _, opt := range opts {
		opt(&o)
	}
	if err := cfg.validate(o.token != ""); err != nil {
		return nil, fmt.Errorf("github %s: %w", cfg.Name, err)
	}
	attempt := &http.Client{Timeout: cfg.Timeout, Transport: o.transport}
	under := newETags(newLimits(attemptTransport{attempt}, cfg.Retries))
	var api *gh.Client
	if o.token == "" && cfg.AppID != 0 {
		// ghinstallation v2.10.0, the release built on go-github v60:
		// installation tokens made from the App's key and renewed before
		// they expire.
		key, err := os.ReadFile(cfg.PrivateKeyFile)
		if err != nil {
			return nil, fmt.Errorf("github %s: read the App's private key %s", cfg.Name, cfg.PrivateKeyFile)
		}
		itr, err := ghinstallation.New(under, cfg.AppID, cfg.InstallationID, key)
		if err != nil {
			return nil, fmt.Errorf("github %s: the App's private key %s does not read as an RSA key", cfg.Name, cfg.PrivateKeyFile)
		}
		itr.BaseURL = strings.TrimSuffix(cfg.URL, "/")
		// Without options ghinstallation posts the body "null", which
		// GitHub's description of the token request does not allow.
		itr.InstallationTokenOptions = &gh.InstallationTokenOptions{}
		api = gh.NewClient(&http.Client{Transport: itr})
	} else {
		token := o.token
		if token == "" {
			var err error
			if token, err = readSecret(cfg.TokenEnv, cfg.TokenFile); err != nil {
				return nil, fmt.Errorf("github %s: token: %w", cfg.Name, err)
			}
		}
		api = gh.NewClient(&http.Client{Transport: under}).WithAuthToken(token)
	}
	base, err := url.Parse(cfg.URL)
	if err != nil {
		return nil, fmt.Errorf("github %s: url: %w", cfg.Name, err)
	}
	api.BaseURL = base
	return &Client{cfg: cfg, api: api, logger: o.logger.With("connector", cfg.Name)}, nil
}

// attemptTransport sends one attempt through a client with a timeout
// (which follows a renamed repository's 301, as go-github would).
type attemptTransport struct{ c *http.Client }

func (a attemptTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	return a.c.Do(req)
}

func readSecret(env, file string) (string, error) {
	if env != "" {
		if v := strings.TrimSpace(os.Getenv(env)); v != "" {
			return v, nil
		}
		return "", fmt.Errorf("the environment variable %s is empty or unset", env)
	}
	b, err := os.ReadFile(file)
	if err != nil {
		return "", fmt.Errorf("read the secret file %s", file)
	}
	if v := strings.TrimSpace(string(b)); v != "" {
		return v, nil
	}
	return "", fmt.Errorf("the secret file %s is empty", file)
}

// Name implements connectors.Source.
func (c *Client) Name() string { return c.cfg.Name }

var (
	_ connectors.Source = (*Client)(nil)
	_ connectors.Syncer = (*Client)(nil)
)

// state is the connector's sync state: per repository, the watermark of
// each stream and what it read of each issue, so that a changed issue is
// rebuilt whole without asking for it again.
type state struct {
	Repos map[string]*repoState `json:"repos"`
	// Pages are the ETags and Link headers of the stream pages the sync
	// that made this state read: the next sync asks each conditionally.
	Pages map[string]pageTag `json:"pages,omitempty"`
}

type repoState struct {
	IssuesSince   time.Time          `json:"issues_since"`
	CommentsSince time.Time          `json:"comments_since"`
	EventsAfter   int64              `json:"events_after"`
	PullsSince    time.Time          `json:"pulls_since"`
	Items         map[int]*itemState `json:"items"`
}

type itemState struct {
	Listed    bool           `json:"listed"` // the issue itself was read, not only its events
	PR        bool           `json:"pr,omitempty"`
	Title     string         `json:"title"`
	Body      string         `json:"body,omitempty"`
	Closed    bool           `json:"closed,omitempty"`
	Labels    []string       `json:"labels,omitempty"`
	Assignees []string       `json:"assignees,omitempty"`
	Author    string         `json:"author"`
	Created   time.Time      `json:"created"`
	Updated   time.Time      `json:"updated"`
	DueOn     time.Time      `json:"due_on,omitzero"`
	Head      string         `json:"head,omitempty"`
	Events    []eventState   `json:"events,omitempty"`
	Comments  []commentState `json:"comments,omitempty"`
}

type eventState struct {
	ID       int64     `json:"id"`
	At       time.Time `json:"at"`
	Actor    string    `json:"actor"`
	Event    string    `json:"event"`
	Assignee string    `json:"assignee,omitempty"`
	Label    string    `json:"label,omitempty"`
}

type commentState struct {
	ID      int64     `json:"id"`
	At      time.Time `json:"at"`
	Updated time.Time `json:"updated"`
	By      string    `json:"by"`
	Body    string    `json:"body"`
}

// Poll reads every configured repository whole.
func (c *Client) Poll(ctx context.Context, org *model.Org) (connectors.Snapshot, error) {
	ch, _, err := c.Sync(ctx, org, nil)
	if err != nil {
		return connectors.Snapshot{}, err
	}
	return connectors.Snapshot{Items: ch.Items}, nil
}

// Sync reads what changed in each repository since state, through its four
// streams, and returns the issues and pull requests that changed, whole.
func (c *Client) Sync(ctx context.Context, org *model.Org, prev []byte) (connectors.Changes, []byte, error) {
	st := state{Repos: map[string]*repoState{}}
	if len(prev) > 0 {
		if err := json.Unmarshal(prev, &st); err != nil {
			return connectors.Changes{}, nil, fmt.Errorf("github %s: the sync state does not read (%w); start over with none", c.cfg.Name, err)
		}
	}
	repos, err := c.repos(ctx)
	if err != nil {
		return connectors.Changes{}, nil, fmt.Errorf("github %s: %w", c.cfg.Name, err)
	}
	tags := &streamTags{prev: st.Pages, next: map[string]pageTag{}}
	ctx = withStream(ctx, tags)
	var ch connectors.Changes
	for _, full := range repos {
		rs := st.Repos[full]
		if rs == nil {
			rs = &repoState{Items: map[int]*itemState{}}
			st.Repos[full] = rs
		}
		changed, err := c.syncRepo(ctx, full, rs)
		if err != nil {
			return connectors.Changes{}, nil, fmt.Errorf("github %s: %s: %w", c.cfg.Name, full, err)
		}
		for _, n := range changed {
			if is := rs.Items[n]; is.Listed {
				ch.Items = append(ch.Items, item(org, full, n, is))
			}
		}
	}
	st.Pages = tags.next
	next, err := json.Marshal(st)
	if err != nil {
		return connectors.Changes{}, nil, err
	}
	return ch, next, nil
}

// repos are the repositories to read: those configured, else the org's,
// else the App installation's (each list asked conditionally).
//
//meta:operation GET /orgs/{org}/repos
//meta:operation GET /installation/repositories
func (c *Client) repos(ctx context.Context) ([]string, error) {
	if len(c.cfg.Repos) > 0 {
		return c.cfg.Repos, nil
	}
	var out []string
	opts := gh.ListOptions{PerPage: 100}
	for {
		var repos []*gh.Repository
		var resp *gh.Response
		var err error
		if c.cfg.Org != "" {
			repos, resp, err = c.api.Repositories.ListByOrg(ctx, c.cfg.Org, &gh.RepositoryListByOrgOptions{Type: "all", ListOptions: opts})
		} else {
			var list *gh.ListRepositories
			list, resp, err = c.api.Apps.ListRepos(ctx, &opts)
			if list != nil {
				repos = list.Repositories
			}
		}
		if err != nil {
			return nil, fmt.Errorf("list repositories: %w", err)
		}
		for _, r := range repos {
			if !r.GetArchived() {
				out = append(out, r.GetFullName())
			}
		}
		if resp.NextPage == 0 {
			return out, nil
		}
		opts.Page = resp.NextPage
	}
}

// syncRepo reads the four streams of one repository and returns the
// numbers of the items that changed, in order.
//
//meta:operation GET /repos/{owner}/{repo}/issues
//meta:operation GET /repos/{owner}/{repo}/issues/comments
//meta:operation GET /repos/{owner}/{repo}/issues/events
//meta:operation GET /repos/{owner}/{repo}/pulls
func (c *Client) syncRepo(ctx context.Context, full string, rs *repoState) ([]int, error) {
	owner, name, _ := strings.Cut(full, "/")
	changed := map[int]bool{}
	at := func(n int) *itemState {
		if rs.Items[n] == nil {
			rs.Items[n] = &itemState{}
		}
		return rs.Items[n]
	}
	// Issues and pull requests, oldest change first, from the watermark.
	opts := &gh.IssueListByRepoOptions{State: "all", Sort: "updated", Direction: "asc", Since: rs.IssuesSince, ListOptions: gh.ListOptions{PerPage: 100}}
	since := rs.IssuesSince
	seen := map[int]bool{}
	shifted := false
	for {
		issues, resp, err := c.api.Issues.ListByRepo(ctx, owner, name, opts)
		if err != nil {
			return nil, fmt.Errorf("list issues: %w", err)
		}
		for _, i := range issues {
			n := i.GetNumber()
			// An issue seen twice in one listing was updated while it was
			// paged: the pages after it moved by one, and one issue may
			// have been passed over. The watermark stays for the next sync.
			shifted = shifted || seen[n]
			seen[n] = true
			is := at(n)
			// Whatever the updated time says, the fields are compared: two
			// changes in one second share it.
			next := *is
			next.Listed, next.PR = true, i.IsPullRequest()
			next.Title, next.Body, next.Closed = i.GetTitle(), i.GetBody(), i.GetState() == "closed"
			next.Author, next.Created, next.Updated = i.GetUser().GetLogin(), i.GetCreatedAt().Time, i.GetUpdatedAt().Time
			next.Labels, next.Assignees = nil, nil
			for _, l := range i.Labels {
				next.Labels = append(next.Labels, l.GetName())
			}
			for _, a := range i.Assignees {
				next.Assignees = append(next.Assignees, a.GetLogin())
			}
			next.DueOn = time.Time{}
			if m := i.GetMilestone(); m != nil && m.DueOn != nil {
				next.DueOn = m.GetDueOn().Time
			}
			if is.Listed && sameFields(is, &next) {
				continue // read before, unchanged
			}
			*is = next
			changed[n] = true
			if is.Updated.After(since) {
				since = is.Updated
			}
		}
		if resp.NextPage == 0 {
			break
		}
		opts.Page = resp.NextPage
	}
	if !shifted {
		rs.IssuesSince = since
	}

	// Comments, repository-wide, oldest change first.
	sort, dir := "updated", "asc"
	copts := &gh.IssueListCommentsOptions{Sort: &sort, Direction: &dir, ListOptions: gh.ListOptions{PerPage: 100}}
	if !rs.CommentsSince.IsZero() {
		copts.Since = &rs.CommentsSince
	}
	csince := rs.CommentsSince
	seenComments := map[int64]bool{}
	shifted = false
	for {
		comments, resp, err := c.api.Issues.ListComments(ctx, owner, name, 0, copts)
		if err != nil {
			return nil, fmt.Errorf("list comments: %w", err)
		}
		for _, cm := range comments {
			shifted = shifted || seenComments[cm.GetID()]
			seenComments[cm.GetID()] = true
			n, ok := numberOf(cm.GetIssueURL())
			if !ok {
				continue
			}
			is := at(n)
			i := slices.IndexFunc(is.Comments, func(x commentState) bool { return x.ID == cm.GetID() })
			s := commentState{ID: cm.GetID(), At: cm.GetCreatedAt().Time, Updated: cm.GetUpdatedAt().Time, By: cm.GetUser().GetLogin(), Body: cm.GetBody()}
			switch {
			case i < 0:
				is.Comments = append(is.Comments, s)
			case sameComment(is.Comments[i], s):
				continue
			default:
				is.Comments[i] = s
			}
			changed[n] = true
			if s.Updated.After(csince) {
				csince = s.Updated
			}
		}
		if resp.NextPage == 0 {
			break
		}
		copts.Page = resp.NextPage
	}
	if !shifted {
		rs.CommentsSince = csince
	}

	// Issue events, newest first: page back to the last one read.
	eopts := &gh.ListOptions{PerPage: 100}
	var fresh []*gh.IssueEvent
	newest, reached := rs.EventsAfter, rs.EventsAfter == 0
events:
	for {
		events, resp, err := c.api.Issues.ListRepositoryEvents(ctx, owner, name, eopts)
		if err != nil {
			return nil, fmt.Errorf("list issue events: %w", err)
		}
		if resp.Header.Get(FromCache) != "" {
			// Newest first and unchanged since the state's sync read it:
			// nothing happened since, and the pages after it are older.
			reached = true
			break
		}
		for _, e := range events {
			if e.GetID() <= rs.EventsAfter {
				reached = true
				break events
			}
			fresh = append(fresh, e)
			newest = max(newest, e.GetID())
		}
		if resp.NextPage == 0 {
			// The last page, or a Link header missing on a full one: then
			// events between it and the last read were not seen, and the
			// watermark stays for the next sync to look again.
			reached = reached || len(events) < eopts.PerPage
			break
		}
		eopts.Page = resp.NextPage
	}
	slices.Reverse(fresh)
	for _, e := range fresh {
		n := e.GetIssue().GetNumber()
		if n == 0 {
			continue
		}
		if notTheActors[e.GetEvent()] {
			continue
		}
		is := at(n)
		if slices.ContainsFunc(is.Events, func(x eventState) bool { return x.ID == e.GetID() }) {
			continue
		}
		is.Events = append(is.Events, eventState{ID: e.GetID(), At: e.GetCreatedAt().Time, Actor: e.GetActor().GetLogin(), Event: e.GetEvent(), Assignee: e.GetAssignee().GetLogin(), Label: e.GetLabel().GetName()})
		changed[n] = true
	}
	if reached {
		rs.EventsAfter = newest
	}

	// Pull requests, newest change first, for their head branches.
	popts := &gh.PullRequestListOptions{State: "all", Sort: "updated", Direction: "desc", ListOptions: gh.ListOptions{PerPage: 100}}
	psince, reachedPulls := rs.PullsSince, rs.PullsSince.IsZero()
pulls:
	for {
		prs, resp, err := c.api.PullRequests.List(ctx, owner, name, popts)
		if err != nil {
			return nil, fmt.Errorf("list pull requests: %w", err)
		}
		if resp.Header.Get(FromCache) != "" {
			reachedPulls = true // newest first and unchanged, as above
			break
		}
		for _, pr := range prs {
			if pr.GetUpdatedAt().Time.Before(rs.PullsSince) {
				reachedPulls = true
				break pulls
			}
			is := at(pr.GetNumber())
			if head := pr.GetHead().GetRef(); head != is.Head {
				is.Head = head
				changed[pr.GetNumber()] = true
			}
			if pr.GetUpdatedAt().Time.After(psince) {
				psince = pr.GetUpdatedAt().Time
			}
		}
		if resp.NextPage == 0 {
			// As with events: a full last page may be a Link header gone
			// missing, and the watermark then stays.
			reachedPulls = reachedPulls || len(prs) < popts.PerPage
			break
		}
		popts.Page = resp.NextPage
	}
	if reachedPulls {
		rs.PullsSince = psince
	}

	out := make([]int, 0, len(changed))
	for n := range changed {
		out = append(out, n)
	}
	slices.Sort(out)
	return out, nil
}

// notTheActors are events whose actor is not the one who acted: GitHub
// names the person mentioned or subscribed, who did nothing, and whose
// "activity" would wrongly clear a hand-off or an idle owner (ownerd's own
// comment mentions them).
var notTheActors = map[string]bool{"mentioned": true, "subscribed": true, "unsubscribed": true}

// sameFields reports whether two readings of an issue agree on what the
// model takes from it.
func sameFields(a, b *itemState) bool {
	return a.PR == b.PR && a.Title == b.Title && a.Body == b.Body && a.Closed == b.Closed && a.Author == b.Author &&
		a.Created.Equal(b.Created) && a.Updated.Equal(b.Updated) && a.DueOn.Equal(b.DueOn) &&
		slices.Equal(a.Labels, b.Labels) && slices.Equal(a.Assignees, b.Assignees)
}

func sameComment(a, b commentState) bool {
	return a.ID == b.ID && a.At.Equal(b.At) && a.Updated.Equal(b.Updated) && a.By == b.By && a.Body == b.Body
}

// numberOf reads the issue number at the end of an issue's API URL.
func numberOf(issueURL string) (int, bool) {
	i := strings.LastIndexByte(issueURL, '/')
	n, err := strconv.Atoi(issueURL[i+1:])
	return n, err == nil && n > 0
}

// item builds the model's item from what the streams said of it.
func item(org *model.Org, full string, n int, is *itemState) *model.Item {
	it := &model.Item{
		ID: model.GitHubID(full, n), System: model.GitHub, Kind: model.GitHubIssue, Source: "github:" + full,
		Title: is.Title, Body: is.Body, Created: is.Created, Creator: org.Resolve(model.GitHub, is.Author),
		Labels: slices.Clone(is.Labels), Done: is.Closed, Status: "open",
	}
	if is.PR {
		it.Kind, it.Branch = model.PullRequest, is.Head
	}
	if it.Done {
		it.Status = "closed"
	}
	for _, a := range is.Assignees {
		it.Assignees = append(it.Assignees, org.Resolve(model.GitHub, a))
	}
	if !is.DueOn.IsZero() {
		// A milestone's due_on is read as the date it names in UTC, and
		// ends at the end of that day in the organisation's zone.
		y, m, d := is.DueOn.UTC().Date()
		it.Due = time.Date(y, m, d, 23, 59, 59, 0, org.Location)
	}
	events := slices.Clone(is.Events)
	slices.SortStableFunc(events, func(a, b eventState) int { return a.At.Compare(b.At) })
	for _, e := range events {
		c := model.Change{At: e.At, By: org.Resolve(model.GitHub, e.Actor), Field: e.Event}
		switch e.Event {
		case "assigned", "unassigned":
			c.Field, c.To = "assignee", e.Assignee
			a := []model.PersonID{org.Resolve(model.GitHub, e.Assignee)}
			if e.Event == "assigned" {
				c.Assigned = a
			} else {
				c.Unassigned = a
			}
		case "labeled", "unlabeled":
			c.Field, c.To = "labels", e.Label
		case "closed", "merged":
			c.Field, c.Done = "state", model.BecameDone
		case "reopened":
			c.Field, c.Done = "state", model.BecameOpen
		}
		it.Changes = append(it.Changes, c)
	}
	comments := slices.Clone(is.Comments)
	slices.SortStableFunc(comments, func(a, b commentState) int { return a.At.Compare(b.At) })
	for _, cm := range comments {
		it.Comments = append(it.Comments, model.Comment{At: cm.At, By: org.Resolve(model.GitHub, cm.By), Body: cm.Body})
	}
	return it
}
