package jira

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Property is the comment property that marks ownerd's own comment on an
// issue (comments.md): ownerd finds its comment again by it, and never
// posts a second while it exists.
const Property = "ownerd.gaps"

// Footer ends every comment ownerd writes. Besides telling people where
// the comment comes from, it finds the comment again when the property
// could not be set (a crash between the two requests).
const Footer = "ownerd · ownership check"

// Comment is what ownerd writes on an issue: wiki markup (escape what
// comes from people with Escape, name them with Mention) and what the
// marker property records.
type Comment struct {
	Body   string
	Marker map[string]any
}

// Posted is the outcome of Post.
type Posted struct {
	ID      string
	Created bool // a new comment; else the existing one was edited
}

// Post writes ownerd's one comment on an issue: it edits the comment it
// wrote before, found by its property or its footer, or creates one. The
// daemon decides what to write and when; this only makes sure there is
// one comment and it says that.
//
//meta:operation GET /rest/api/2/issue/{issueIdOrKey}/comment
//meta:operation POST /rest/api/2/issue/{issueIdOrKey}/comment
//meta:operation PUT /rest/api/2/issue/{issueIdOrKey}/comment/{id}
//meta:operation PUT /rest/api/2/comment/{commentId}/properties/{propertyKey}
func (c *Client) Post(ctx context.Context, issueKey string, cm Comment) (Posted, error) {
	s, err := c.learn(ctx)
	if err != nil {
		return Posted{}, err
	}
	// One post at a time on an issue: two at once would both find no
	// comment of ownerd's and both create one.
	unlock := c.posting.Lock(issueKey)
	defer unlock()
	body := cm.Body
	if !strings.Contains(body, Footer) {
		body += "\n\n----\n{color:#6b778c}" + Footer + "{color}"
	}
	id, hasProperty, err := c.findOwn(ctx, s, issueKey)
	if err != nil {
		return Posted{}, fmt.Errorf("jira %s: find ownerd's comment on %s: %w", c.cfg.Name, issueKey, err)
	}
	issue := "rest/api/2/issue/" + url.PathEscape(issueKey) + "/comment"
	out := Posted{ID: id}
	if id == "" {
		var created struct {
			ID string `json:"id"`
		}
		// A POST that timed out may have created the comment: it is not
		// retried, and the next Post finds it by its footer.
		if err := c.call(context.WithValue(ctx, creating{}, true), http.MethodPost, issue, nil, map[string]string{"body": body}, &created); err != nil {
			return Posted{}, fmt.Errorf("jira %s: comment on %s: %w", c.cfg.Name, issueKey, err)
		}
		out = Posted{ID: created.ID, Created: true}
	} else if err := c.call(ctx, http.MethodPut, issue+"/"+url.PathEscape(id), nil, map[string]string{"body": body}, nil); err != nil {
		return Posted{}, fmt.Errorf("jira %s: edit comment %s on %s: %w", c.cfg.Name, id, issueKey, err)
	}
	if !hasProperty || cm.Marker != nil {
		marker := cm.Marker
		if marker == nil {
			marker = map[string]any{}
		}
		if err := c.call(ctx, http.MethodPut, "rest/api/2/comment/"+url.PathEscape(out.ID)+"/properties/"+Property, nil, marker, nil); err != nil {
			return out, fmt.Errorf("jira %s: mark comment %s on %s: %w", c.cfg.Name, out.ID, issueKey, err)
		}
	}
	return out, nil
}

// findOwn finds the comment ownerd wrote on an issue: one of the API
// user's that carries the property, else one whose body ends with the
// footer. It reads the comments with their properties, page by page.
func (c *Client) findOwn(ctx context.Context, s *site, issueKey string) (id string, hasProperty bool, err error) {
	byFooter := ""
	for start := 0; ; {
		var page struct {
			Comments []struct {
				ID     string `json:"id"`
				Body   string `json:"body"`
				Author struct {
					AccountID string `json:"accountId"`
					Name      string `json:"name"`
				} `json:"author"`
				Properties []struct {
					Key string `json:"key"`
				} `json:"properties"`
			} `json:"comments"`
			Total int `json:"total"`
		}
		q := url.Values{"startAt": {strconv.Itoa(start)}, "maxResults": {"100"}, "expand": {"properties"}}
		if err := c.call(ctx, http.MethodGet, "rest/api/2/issue/"+url.PathEscape(issueKey)+"/comment", q, nil, &page); err != nil {
			return "", false, err
		}
		for _, cm := range page.Comments {
			if author := cm.Author.AccountID + cm.Author.Name; author != "" && cm.Author.AccountID != s.me && cm.Author.Name != s.me {
				continue
			}
			for _, p := range cm.Properties {
				if p.Key == Property {
					return cm.ID, true, nil
				}
			}
			if byFooter == "" && strings.Contains(cm.Body, Footer) {
				byFooter = cm.ID
			}
		}
		start += len(page.Comments)
		if len(page.Comments) == 0 || start >= page.Total {
			return byFooter, false, nil
		}
	}
}

// Mention names a Jira user in wiki markup so that Jira notifies them: by
// account id on Cloud, by user name on Data Center.
func (c *Client) Mention(ctx context.Context, ident string) (string, error) {
	s, err := c.learn(ctx)
	if err != nil {
		return "", err
	}
	ident = strings.Map(func(r rune) rune {
		if strings.ContainsRune("[]~|{}\n\r", r) {
			return -1
		}
		return r
	}, ident)
	if s.flavor == DataCenter {
		return "[~" + ident + "]", nil
	}
	return "[~accountid:" + ident + "]", nil
}

// Escape makes text written by people (a ticket's title, a line of mail)
// safe to quote in wiki markup: it can add no formatting, macro, link,
// mention, image or emoticon, and stays on one line. A backslash is
// written as a look-alike: escaped, it would be Jira's line break.
func Escape(text string) string {
	var b strings.Builder
	text = strings.ReplaceAll(strings.Join(strings.Fields(text), " "), `\`, "\u2216")
	for _, r := range text {
		switch r {
		case '[', ']', '{', '}', '*', '_', '+', '^', '~', '?', '-', '|', '!', '#', '%', '@', '=', ':', '(', ')', ';':
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	out := b.String()
	// "h1." or "bq." at the start of a line would be a heading or a
	// quote, wherever the caller puts the text.
	if reBlock.MatchString(out) {
		out = "\u200b" + out
	}
	// Jira links a bare address even when its colon is escaped; a zero
	// width space keeps the scheme from being one.
	return reScheme.ReplaceAllString(out, "$1\u200b\\:")
}

var reBlock = regexp.MustCompile(`^(?i)(h[1-6]|bq)\.`)

var reScheme = regexp.MustCompile(`(?i)(https?|ftp|mailto|file|irc|ssh|news|telnet|nntp|sftp|smb|jira)\\:`)

// Reply adds a short comment of its own beside ownerd's one comment: a
// reminder that mentions the people to act, since Jira notifies mentions
// in a new comment, not in an edit. It carries neither the property nor
// the footer, so it is never taken for ownerd's comment.
//
//meta:operation POST /rest/api/2/issue/{issueIdOrKey}/comment
func (c *Client) Reply(ctx context.Context, issueKey, body string) (string, error) {
	if _, err := c.learn(ctx); err != nil {
		return "", err
	}
	body = strings.ReplaceAll(body, Footer, "ownerd")
	var created struct {
		ID string `json:"id"`
	}
	if err := c.call(context.WithValue(ctx, creating{}, true), http.MethodPost, "rest/api/2/issue/"+url.PathEscape(issueKey)+"/comment", nil, map[string]string{"body": body}, &created); err != nil {
		return "", fmt.Errorf("jira %s: reply on %s: %w", c.cfg.Name, issueKey, err)
	}
	return created.ID, nil
}

// Updated is when an issue last changed, as Jira says now: the daemon
// reads it again just before writing on it.
//
//meta:operation GET /rest/api/2/issue/{issueIdOrKey}
func (c *Client) Updated(ctx context.Context, issueKey string) (time.Time, error) {
	if _, err := c.learn(ctx); err != nil {
		return time.Time{}, err
	}
	var is struct {
		Fields struct {
			Updated string `json:"updated"`
		} `json:"fields"`
	}
	if err := c.call(ctx, http.MethodGet, "rest/api/2/issue/"+url.PathEscape(issueKey), url.Values{"fields": {"updated"}}, nil, &is); err != nil {
		return time.Time{}, fmt.Errorf("jira %s: read %s: %w", c.cfg.Name, issueKey, err)
	}
	t, err := jiraTime(is.Fields.Updated)
	if err != nil {
		return time.Time{}, fmt.Errorf("jira %s: %s's updated time %q does not read", c.cfg.Name, issueKey, is.Fields.Updated)
	}
	return t, nil
}
