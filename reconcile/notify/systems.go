package notify

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	gh "github.com/google/go-github/v60/github"

	"github.com/ownerd/ownerd/connectors/github"
	"github.com/ownerd/ownerd/connectors/jira"
	"github.com/ownerd/ownerd/model"
)

// Jira writes comments on one Jira site's issues, in wiki markup.
type Jira struct{ Client *jira.Client }

// Dialect implements Notifier.
func (Jira) Dialect() Dialect {
	return Dialect{
		Bold:  func(s string) string { return "*" + s + "*" },
		Small: func(s string) string { return "{color:#6b778c}" + s + "{color}" },
		Text:  jira.Escape,
	}
}

// Mention implements Notifier: by account id on Cloud, by user name on
// Data Center.
func (j Jira) Mention(ctx context.Context, p *model.Person) string {
	if p.Jira == "" {
		return ""
	}
	m, err := j.Client.Mention(ctx, p.Jira)
	if err != nil {
		return ""
	}
	return m
}

// Post implements Notifier.
func (j Jira) Post(ctx context.Context, ticket, deliverable model.ItemID, body string) (string, bool, error) {
	key, ok := strings.CutPrefix(string(ticket), "jira:")
	if !ok {
		return "", false, fmt.Errorf("%s is not a Jira issue", ticket)
	}
	posted, err := j.Client.Post(ctx, key, jira.Comment{Body: body, Marker: map[string]any{"deliverable": string(deliverable)}})
	if err != nil {
		return "", retryJira(ctx, err), err
	}
	return posted.ID, false, nil
}

// Reply implements Notifier.
func (j Jira) Reply(ctx context.Context, ticket model.ItemID, body string) (bool, error) {
	_, err := j.Client.Reply(ctx, strings.TrimPrefix(string(ticket), "jira:"), body)
	if err != nil {
		return retryJira(ctx, err), err
	}
	return false, nil
}

// Updated implements Rereader.
func (j Jira) Updated(ctx context.Context, ticket model.ItemID) (time.Time, error) {
	return j.Client.Updated(ctx, strings.TrimPrefix(string(ticket), "jira:"))
}

func retryJira(ctx context.Context, err error) bool {
	var api *jira.APIError
	if errors.As(err, &api) {
		return !api.Terminal() && api.Status != http.StatusNotFound
	}
	return ctx.Err() == nil
}

// GitHub writes comments on one GitHub account's issues and pull
// requests, in Markdown.
type GitHub struct{ Client *github.Client }

// Dialect implements Notifier.
func (GitHub) Dialect() Dialect {
	return Dialect{
		Bold:  func(s string) string { return "**" + s + "**" },
		Small: func(s string) string { return "<sub>" + s + "</sub>" },
		Text:  github.Neutralize,
	}
}

// Mention implements Notifier.
func (GitHub) Mention(_ context.Context, p *model.Person) string {
	if p.GitHub == "" {
		return ""
	}
	return github.Mention(p.GitHub)
}

// Post implements Notifier.
func (g GitHub) Post(ctx context.Context, ticket, deliverable model.ItemID, body string) (string, bool, error) {
	repo, n, err := githubTicket(ticket)
	if err != nil {
		return "", false, err
	}
	posted, err := g.Client.Post(ctx, repo, n, github.Comment{Body: body, Deliverable: string(deliverable)})
	if err != nil {
		return "", retryGitHub(ctx, err), err
	}
	return strconv.FormatInt(posted.ID, 10), false, nil
}

// Reply implements Notifier.
func (g GitHub) Reply(ctx context.Context, ticket model.ItemID, body string) (bool, error) {
	repo, n, err := githubTicket(ticket)
	if err != nil {
		return false, err
	}
	if _, err := g.Client.Reply(ctx, repo, n, body); err != nil {
		return retryGitHub(ctx, err), err
	}
	return false, nil
}

// Updated implements Rereader.
func (g GitHub) Updated(ctx context.Context, ticket model.ItemID) (time.Time, error) {
	repo, n, err := githubTicket(ticket)
	if err != nil {
		return time.Time{}, err
	}
	return g.Client.Updated(ctx, repo, n)
}

func githubTicket(ticket model.ItemID) (string, int, error) {
	rest, ok := strings.CutPrefix(string(ticket), "github:")
	repo, num, ok2 := strings.Cut(rest, "#")
	n, err := strconv.Atoi(num)
	if !ok || !ok2 || err != nil {
		return "", 0, fmt.Errorf("%s is not a GitHub issue or pull request", ticket)
	}
	return repo, n, nil
}

// retryGitHub: a refusal of the request itself (4xx other than the rate
// limits) will be refused again.
func retryGitHub(ctx context.Context, err error) bool {
	var rl *gh.RateLimitError
	var abuse *gh.AbuseRateLimitError
	if errors.As(err, &rl) || errors.As(err, &abuse) {
		return true
	}
	var e *gh.ErrorResponse
	if errors.As(err, &e) && e.Response != nil {
		s := e.Response.StatusCode
		return s == http.StatusTooManyRequests || s >= 500
	}
	return ctx.Err() == nil
}
