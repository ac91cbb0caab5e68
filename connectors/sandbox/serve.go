package sandbox

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/ownerd/ownerd/connectors/github"
	"github.com/ownerd/ownerd/connectors/github/githubtest"
	"github.com/ownerd/ownerd/connectors/jira"
	"github.com/ownerd/ownerd/connectors/jira/jiratest"
	"github.com/ownerd/ownerd/connectors/mail"
	"github.com/ownerd/ownerd/connectors/mail/mailtest"
	"github.com/ownerd/ownerd/connectors/scenario"
	"github.com/ownerd/ownerd/model"
)

// Fakes are a scenario's systems, served on loopback until Close: its
// Jira issues, its GitHub issues and pull requests, its mail over IMAP,
// and an SMTP server that records what it is sent.
type Fakes struct {
	Jira   *jiratest.Server
	GitHub *githubtest.Server
	IMAP   *mailtest.IMAP
	SMTP   *mailtest.SMTP
	// Repos are the GitHub repositories the scenario holds.
	Repos []string
	Org   *model.Org
}

// Option changes how the fakes are served.
type Option func(*serveOptions)

type serveOptions struct {
	now func() time.Time
}

// WithClock gives the fakes a clock (for the times of posted comments).
func WithClock(now func() time.Time) Option { return func(o *serveOptions) { o.now = now } }

// Serve starts the fakes of every system sc describes (always all four,
// so that a client finds each endpoint, even an empty one).
func Serve(sc *scenario.Scenario, opts ...Option) (*Fakes, error) {
	o := serveOptions{now: time.Now}
	for _, opt := range opts {
		opt(&o)
	}
	f := &Fakes{Org: sc.Org}
	f.Jira = jiratest.New(sc.Items, sc.Org, jiratest.WithClock(o.now))
	f.GitHub = githubtest.New(sc.Items, sc.Org, githubtest.WithClock(o.now))
	seen := map[string]bool{}
	for _, it := range sc.Items {
		if full := strings.TrimPrefix(it.Source, "github:"); it.System == model.GitHub && !seen[strings.ToLower(full)] {
			seen[strings.ToLower(full)] = true
			f.Repos = append(f.Repos, full)
		}
	}
	slices.Sort(f.Repos)
	var err error
	if f.IMAP, err = mailtest.NewIMAP(sc.Messages); err != nil {
		f.Close()
		return nil, fmt.Errorf("serve the scenario's mail: %w", err)
	}
	if f.SMTP, err = mailtest.NewSMTP("", ""); err != nil {
		f.Close()
		return nil, fmt.Errorf("serve SMTP: %w", err)
	}
	return f, nil
}

// Close stops every fake.
func (f *Fakes) Close() {
	if f.Jira != nil {
		f.Jira.Close()
	}
	if f.GitHub != nil {
		f.GitHub.Close()
	}
	if f.IMAP != nil {
		f.IMAP.Close()
	}
	if f.SMTP != nil {
		f.SMTP.Close()
	}
}

// Endpoints is the JSON line `ownerd sandbox` prints (sandbox.md).
type Endpoints struct {
	Jira    string `json:"jira"`
	GitHub  string `json:"github"`
	IMAP    string `json:"imap"`
	SMTP    string `json:"smtp"`
	Control string `json:"control,omitempty"`
}

// Endpoints names where each fake listens.
func (f *Fakes) Endpoints() Endpoints {
	return Endpoints{Jira: f.Jira.URL, GitHub: f.GitHub.URL, IMAP: f.IMAP.Addr, SMTP: f.SMTP.Addr}
}

// Stats is what the fakes were asked since they started.
func (f *Fakes) Stats() Stats {
	js, gs := f.Jira.Stats(), f.GitHub.Stats()
	st := Stats{Jira: &js, GitHub: &gs, IMAP: &IMAPStats{Commands: f.IMAP.Commands()}, SMTP: &SMTPStats{Messages: len(f.SMTP.Received())}}
	st.CommentsPosted = js.CommentsPosted + gs.CommentsPosted
	return st
}

// SMTPStats counts the messages the SMTP fake accepted.
type SMTPStats struct {
	Messages int `json:"messages"`
}

// Control serves the control API: GET /stats.
func (f *Fakes) Control() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /stats", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(f.Stats())
	})
	return mux
}

// Clients are the real connectors, pointed at the fakes.
type Clients struct {
	Jira   *jira.Client
	GitHub *github.Client
	Mail   *mail.Reader
}

// ClientOptions pass observers and loggers to the connectors.
type ClientOptions struct {
	Logger *slog.Logger
	// Transport wraps each HTTP connector's transport (to observe its
	// requests); nil leaves it as it is.
	Transport func(connector string, next http.RoundTripper) http.RoundTripper
	// Now is the connectors' clock.
	Now func() time.Time
}

// Connector names in the sandbox.
const (
	JiraName   = "jira"
	GitHubName = "github"
	MailName   = "mail"
)

// Clients returns the real connectors, configured for the fakes with the
// credentials the fakes accept; GitHub is nil when the scenario has no
// repository.
func (f *Fakes) Clients(o ClientOptions) (*Clients, error) {
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	wrap := func(name string) http.RoundTripper {
		if o.Transport == nil {
			return http.DefaultTransport
		}
		return o.Transport(name, http.DefaultTransport)
	}
	jc, err := jira.New(jira.Config{Name: JiraName, URL: f.Jira.URL}, jira.WithCredentials("sandbox@ownerd.invalid", "sandbox"),
		jira.WithLogger(o.Logger), jira.WithTransport(wrap(JiraName)), jira.WithClock(o.Now))
	if err != nil {
		return nil, err
	}
	var gc *github.Client
	if len(f.Repos) > 0 {
		if gc, err = github.New(github.Config{Name: GitHubName, URL: f.GitHub.URL, Repos: f.Repos}, github.WithToken("sandbox"),
			github.WithLogger(o.Logger), github.WithTransport(wrap(GitHubName))); err != nil {
			return nil, err
		}
	}
	mr, err := mail.NewReader(mail.Account{Name: MailName, Addr: f.IMAP.Addr, Security: "plain", User: mailtest.User},
		mail.WithPassword(mailtest.Password), mail.WithLogger(o.Logger))
	if err != nil {
		return nil, err
	}
	return &Clients{Jira: jc, GitHub: gc, Mail: mr}, nil
}
