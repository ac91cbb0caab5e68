package github

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"time"

	gh "github.com/google/go-github/v60/github"
)

// markerPrefix opens every comment ownerd writes on GitHub: a hidden HTML
// comment (comments.md) by which ownerd finds its comment again.
const markerPrefix = "<!-- ownerd:gaps"

// Comment is what ownerd writes on an issue or pull request: Markdown
// (quote what comes from people with Neutralize, name them with Mention)
// and the deliverable its marker names.
type Comment struct {
	Body        string
	Deliverable string
}

// Posted is the outcome of Post.
type Posted struct {
	ID      int64
	Created bool // a new comment; else the existing one was edited
}

// Post writes ownerd's one comment on an issue or pull request: it edits
// the comment it wrote before, found by its marker, or creates one.
//
//meta:operation GET /repos/{owner}/{repo}/issues/{issue_number}/comments
//meta:operation POST /repos/{owner}/{repo}/issues/{issue_number}/comments
//meta:operation PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}
func (c *Client) Post(ctx context.Context, repo string, number int, cm Comment) (Posted, error) {
	owner, name, _ := strings.Cut(repo, "/")
	unlock := c.posting.Lock(fmt.Sprintf("%s#%d", strings.ToLower(repo), number))
	defer unlock()
	// The deliverable is written escaped: nothing in it can close the
	// HTML comment early ("-->", "--!>") or start a line.
	body := fmt.Sprintf("%s deliverable=%s -->\n%s", markerPrefix, markerValue(cm.Deliverable), cm.Body)
	me, err := c.me(ctx)
	if err != nil {
		return Posted{}, fmt.Errorf("github %s: who am I: %w", c.cfg.Name, err)
	}
	id, err := c.findOwn(ctx, owner, name, number, me)
	if err != nil {
		return Posted{}, fmt.Errorf("github %s: find ownerd's comment on %s#%d: %w", c.cfg.Name, repo, number, err)
	}
	if id != 0 {
		_, _, err := c.api.Issues.EditComment(ctx, owner, name, id, &gh.IssueComment{Body: &body})
		var e *gh.ErrorResponse
		switch {
		case err == nil:
			return Posted{ID: id}, nil
		case errors.As(err, &e) && (e.Response.StatusCode == http.StatusForbidden || e.Response.StatusCode == http.StatusNotFound):
			// Someone else's comment wearing the marker: write our own.
		default:
			return Posted{}, fmt.Errorf("github %s: edit comment %d on %s#%d: %w", c.cfg.Name, id, repo, number, err)
		}
	}
	created, _, err := c.api.Issues.CreateComment(ctx, owner, name, number, &gh.IssueComment{Body: &body})
	if err != nil {
		return Posted{}, fmt.Errorf("github %s: comment on %s#%d: %w", c.cfg.Name, repo, number, err)
	}
	return Posted{ID: created.GetID(), Created: true}, nil
}

// Updated is when an issue or pull request last changed, as GitHub says
// now: the daemon reads it again just before writing on it.
//
//meta:operation GET /repos/{owner}/{repo}/issues/{issue_number}
func (c *Client) Updated(ctx context.Context, repo string, number int) (time.Time, error) {
	owner, name, _ := strings.Cut(repo, "/")
	is, _, err := c.api.Issues.Get(ctx, owner, name, number)
	if err != nil {
		return time.Time{}, fmt.Errorf("github %s: read %s#%d: %w", c.cfg.Name, repo, number, err)
	}
	return is.GetUpdatedAt().Time, nil
}

// Reply adds a short comment of its own beside ownerd's one comment: a
// reminder that mentions the people to act, since GitHub notifies
// mentions in a new comment, not in an edit. It carries no marker, so it
// is never taken for ownerd's comment.
//
//meta:operation POST /repos/{owner}/{repo}/issues/{issue_number}/comments
func (c *Client) Reply(ctx context.Context, repo string, number int, body string) (int64, error) {
	owner, name, _ := strings.Cut(repo, "/")
	body = strings.ReplaceAll(body, markerPrefix, "")
	created, _, err := c.api.Issues.CreateComment(ctx, owner, name, number, &gh.IssueComment{Body: &body})
	if err != nil {
		return 0, fmt.Errorf("github %s: reply on %s#%d: %w", c.cfg.Name, repo, number, err)
	}
	return created.GetID(), nil
}

// me is the login ownerd's comments are written under: the account of a
// personal token (asked once), or "" for an App, whose comments are its
// bot's.
//
//meta:operation GET /user
func (c *Client) me(ctx context.Context) (string, error) {
	if c.cfg.AppID != 0 {
		return "", nil
	}
	c.mu.Lock()
	login := c.login
	c.mu.Unlock()
	if login != "" {
		return login, nil
	}
	u, _, err := c.api.Users.Get(ctx, "")
	if err != nil {
		return "", err
	}
	c.mu.Lock()
	c.login = u.GetLogin()
	c.mu.Unlock()
	return u.GetLogin(), nil
}

// markerValue writes a value into the marker: an item id stays readable
// ("jira:MKT-1", "mail:<a@b>" as mail:%3Ca@b%3E); anything that could end
// the HTML comment or a line is percent-encoded, and "--" never stands.
func markerValue(v string) string {
	var b strings.Builder
	for i := 0; i < len(v); i++ {
		c := v[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9', strings.IndexByte(":/#._@+=", c) >= 0,
			c == '-' && (i == 0 || v[i-1] != '-'):
			b.WriteByte(c)
		default:
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	return b.String()
}

// findOwn finds the comment that carries ownerd's marker and was written
// by ownerd (me, or an App's bot when me is empty), page by page: a
// comment of someone else's that copies the marker is not ownerd's.
func (c *Client) findOwn(ctx context.Context, owner, name string, number int, me string) (int64, error) {
	opts := &gh.IssueListCommentsOptions{ListOptions: gh.ListOptions{PerPage: 100}}
	for {
		comments, resp, err := c.api.Issues.ListComments(ctx, owner, name, number, opts)
		if err != nil {
			return 0, err
		}
		for _, cm := range comments {
			mine := me != "" && strings.EqualFold(cm.GetUser().GetLogin(), me) || me == "" && cm.GetUser().GetType() == "Bot"
			if mine && strings.HasPrefix(cm.GetBody(), markerPrefix) {
				return cm.GetID(), nil
			}
		}
		if resp.NextPage == 0 {
			return 0, nil
		}
		opts.Page = resp.NextPage
	}
}

// Mention names a GitHub user so that GitHub notifies them.
func Mention(login string) string {
	return "@" + reNotLogin.ReplaceAllString(login, "")
}

var reNotLogin = regexp.MustCompile(`[^A-Za-z0-9-]`)

// Neutralize makes text written by people (a title, a line of mail) safe
// to quote in ownerd's Markdown: it can mention nobody, link nothing, and
// add no formatting, HTML or line.
func Neutralize(text string) string {
	text = strings.Join(strings.Fields(text), " ")
	var b strings.Builder
	for _, r := range text {
		switch r {
		case '\\', '`', '*', '_', '{', '}', '[', ']', '<', '>', '(', ')', '#', '+', '-', '.', '!', '|', '~', ':', '&', '$':
			b.WriteByte('\\')
		case '\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069':
			continue // direction overrides could make the text read otherwise
		case '@':
			b.WriteString("@\u200b") // a mention no longer
			continue
		}
		b.WriteRune(r)
	}
	// GitHub links a bare address and a bare "owner/repo#1" even escaped;
	// a zero width space breaks both.
	out := reScheme.ReplaceAllString(b.String(), "$1\u200b")
	out = strings.ReplaceAll(out, "#", "#\u200b")
	// Autolinked references by shape: GH-12 and a repository's custom
	// prefixes (JIRA-123), and commit hashes.
	out = reKeyRef.ReplaceAllString(out, "$1\u200b$2")
	out = reSHA.ReplaceAllStringFunc(out, func(h string) string { return h[:4] + "\u200b" + h[4:] })
	if r := []rune(out); len(r) > maxQuote {
		out = string(r[:maxQuote]) + "…"
	}
	return out
}

// maxQuote bounds one quoted text: GitHub refuses a comment over 65,536
// characters, and a quote longer than a few lines helps nobody.
const maxQuote = 1000

var (
	reKeyRef = regexp.MustCompile(`([A-Za-z]+\\-)([0-9]+)`)
	reSHA    = regexp.MustCompile(`\b[0-9a-f]{7,40}\b`)
)

var reScheme = regexp.MustCompile(`(?i)(https?|ftp|mailto|www)`)
