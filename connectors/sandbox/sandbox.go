// Package sandbox serves a scenario through the fakes of the systems it
// describes and reads it back through the real connectors, over loopback,
// exactly as the daemon reads live systems (../shared/spec/sandbox.md).
package sandbox

import (
	"context"
	"fmt"
	"log/slog"
	"slices"
	"strings"

	"github.com/ownerd/ownerd/connectors"
	"github.com/ownerd/ownerd/connectors/github"
	"github.com/ownerd/ownerd/connectors/github/githubtest"
	"github.com/ownerd/ownerd/connectors/jira"
	"github.com/ownerd/ownerd/connectors/jira/jiratest"
	"github.com/ownerd/ownerd/connectors/mail"
	"github.com/ownerd/ownerd/connectors/mail/mailtest"
	"github.com/ownerd/ownerd/connectors/scenario"
	"github.com/ownerd/ownerd/model"
)

// Stats is what the fakes were asked (sandbox.md's stats object). Systems
// that have no fake yet are left out.
type Stats struct {
	Jira           *jiratest.Stats   `json:"jira,omitempty"`
	GitHub         *githubtest.Stats `json:"github,omitempty"`
	IMAP           *IMAPStats        `json:"imap,omitempty"`
	SMTP           *SMTPStats        `json:"smtp,omitempty"`
	CommentsPosted int               `json:"comments_posted"`
}

// IMAPStats counts the IMAP commands the reader sent.
type IMAPStats struct {
	Commands int `json:"commands"`
}

// Read serves sc's Jira issues through jiratest and its GitHub issues and
// pull requests through githubtest, and reads them back with the Jira and
// GitHub connectors, and its mail through an IMAP server and the mail
// reader. The snapshot it returns holds what
// the connectors read, and so does sc afterwards: the items as the file
// described them are let go rather than held twice.
func Read(ctx context.Context, sc *scenario.Scenario, logger *slog.Logger) (connectors.Snapshot, Stats, error) {
	snap, err := sc.Poll(ctx, sc.Org)
	if err != nil {
		return connectors.Snapshot{}, Stats{}, err
	}
	// check reads and never sends: its SMTP fake, were it started, would
	// count nothing (sandbox.md's stats object names it all the same).
	st := Stats{SMTP: &SMTPStats{}}
	isJira := func(it *model.Item) bool { return it.System == model.Jira }
	if slices.ContainsFunc(snap.Items, isJira) {
		fake := jiratest.New(snap.Items, sc.Org)
		defer fake.Close()
		c, err := jira.New(jira.Config{URL: fake.URL}, jira.WithCredentials("sandbox@ownerd.invalid", "sandbox"), jira.WithLogger(logger))
		if err != nil {
			return connectors.Snapshot{}, Stats{}, err
		}
		read, err := c.Poll(ctx, sc.Org)
		if err != nil {
			return connectors.Snapshot{}, Stats{}, fmt.Errorf("read the scenario's Jira issues back: %w", err)
		}
		snap.Items = append(slices.DeleteFunc(slices.Clone(snap.Items), isJira), read.Items...)
		sc.Items = snap.Items
		js := fake.Stats()
		st.Jira = &js
		st.CommentsPosted += js.CommentsPosted
	}
	isGitHub := func(it *model.Item) bool { return it.System == model.GitHub }
	if slices.ContainsFunc(snap.Items, isGitHub) {
		fake := githubtest.New(snap.Items, sc.Org)
		defer fake.Close()
		var repos []string
		seen := map[string]bool{}
		for _, it := range snap.Items {
			if full := strings.TrimPrefix(it.Source, "github:"); isGitHub(it) && !seen[strings.ToLower(full)] {
				seen[strings.ToLower(full)] = true
				repos = append(repos, full)
			}
		}
		c, err := github.New(github.Config{URL: fake.URL, Repos: repos}, github.WithToken("sandbox"), github.WithLogger(logger))
		if err != nil {
			return connectors.Snapshot{}, Stats{}, err
		}
		read, err := c.Poll(ctx, sc.Org)
		if err != nil {
			return connectors.Snapshot{}, Stats{}, fmt.Errorf("read the scenario's GitHub items back: %w", err)
		}
		snap.Items = append(slices.DeleteFunc(slices.Clone(snap.Items), isGitHub), read.Items...)
		sc.Items = snap.Items
		gs := fake.Stats()
		st.GitHub = &gs
		st.CommentsPosted += gs.CommentsPosted
	}
	if len(snap.Messages) > 0 {
		fake, err := mailtest.NewIMAP(snap.Messages)
		if err != nil {
			return connectors.Snapshot{}, Stats{}, fmt.Errorf("serve the scenario's mail: %w", err)
		}
		defer fake.Close()
		r, err := mail.NewReader(mail.Account{Name: "mail", Addr: fake.Addr, Security: "plain", User: mailtest.User}, mail.WithPassword(mailtest.Password), mail.WithLogger(logger))
		if err != nil {
			return connectors.Snapshot{}, Stats{}, err
		}
		defer r.Close()
		read, err := r.Poll(ctx, sc.Org)
		if err != nil {
			return connectors.Snapshot{}, Stats{}, fmt.Errorf("read the scenario's mail back: %w", err)
		}
		snap.Messages, sc.Messages = read.Messages, read.Messages
		st.IMAP = &IMAPStats{Commands: fake.Commands()}
	}
	return snap, st, nil
}
