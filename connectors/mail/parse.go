// Package mail is the connector for mail: it reads messages as IMAP
// servers hand them out (RFC 5322 bytes) into the model, where reconcile
// threads them. Parsing is go-message's, with its charsets.
package mail

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"
	"time"

	"github.com/emersion/go-message"
	_ "github.com/emersion/go-message/charset" // every charset the text package knows
	gomail "github.com/emersion/go-message/mail"
	"golang.org/x/net/html"

	"github.com/ownerd/ownerd/model"
)

// MaxText is the most text kept of one message: far beyond what a person
// writes above the quoted history, and a bound on what a 30 MB message
// costs to read.
const MaxText = 1 << 20

// Parse reads one message into the model. mailbox names where it was
// found; identities are resolved through org. A message whose headers
// cannot be read is an error; a body that breaks off keeps what was read.
func Parse(raw []byte, org *model.Org, mailbox string) (*model.Message, error) {
	mr, err := gomail.CreateReader(bytes.NewReader(raw))
	if err != nil && !message.IsUnknownCharset(err) && !message.IsUnknownEncoding(err) {
		return nil, fmt.Errorf("not a mail message: %w", err)
	}
	if mr == nil {
		return nil, errors.New("not a mail message")
	}
	h := mr.Header
	m := &model.Message{Mailbox: mailbox}
	m.ID, _ = h.MessageID()
	if m.ID != "" {
		m.ID = "<" + m.ID + ">"
	} else if ids := rawIDs(h.Get("Message-Id")); len(ids) > 0 {
		m.ID = ids[0] // an id go-message will not take (no "@"), as written
	}
	if m.At, err = h.Date(); err != nil || m.At.IsZero() {
		m.At = time.Time{}
	}
	subject, err := h.Subject()
	if err != nil {
		subject = h.Get("Subject") // a word that does not decode stays as written
	}
	m.Subject = oneLine(strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return ' ' // control characters, escapes among them
		}
		return r
	}, strings.ToValidUTF8(subject, "\uFFFD")))
	if from := addresses(h, "From"); len(from) > 0 {
		m.FromAddr = from[0]
		m.From = org.Resolve(model.Mail, m.FromAddr)
	}
	for _, a := range append(addresses(h, "To"), addresses(h, "Cc")...) {
		m.ToAddrs = append(m.ToAddrs, a)
		m.To = append(m.To, org.Resolve(model.Mail, a))
	}
	// Threading headers are read id by id: one malformed id, or ids
	// written with commas or words between them, loses nothing else.
	if ids := rawIDs(h.Get("In-Reply-To")); len(ids) > 0 {
		m.InReplyTo = ids[0]
	}
	m.References = rawIDs(h.Get("References"))
	m.Body = body(mr)
	if m.ID == "" {
		m.ID = stableID(h, m.Body)
	}
	return m, nil
}

// addresses reads an address list leniently: a list that does not parse
// as a whole still gives the addresses in it that do.
func addresses(h gomail.Header, key string) []string {
	var out []string
	if list, err := h.AddressList(key); err == nil {
		for _, a := range list {
			out = append(out, strings.ToLower(a.Address))
		}
		return out
	}
	// A list that does not parse as a whole (an 8-bit display name, a
	// comma inside a name): every address that stands in it.
	for _, a := range reAddress.FindAllString(h.Get(key), -1) {
		out = append(out, strings.ToLower(a))
	}
	return out
}

var (
	reAddress = regexp.MustCompile(`[A-Za-z0-9.!#$%&'*+/=?^_{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+`)
	reMsgID   = regexp.MustCompile(`<[^<>\s]{1,500}>`)
)

// maxRefs bounds the ids kept of one References header.
const maxRefs = 200

// rawIDs reads the message ids of a header as written: every <…> in it.
func rawIDs(v string) []string {
	ids := reMsgID.FindAllString(v, -1)
	if len(ids) > maxRefs {
		ids = ids[len(ids)-maxRefs:] // the nearest ancestors are last
	}
	return ids
}

// stableID names a message that has no Message-ID by a hash of the headers
// that identify it, so that the same message seen twice is one.
func stableID(h gomail.Header, body string) string {
	sum := sha256.New()
	for _, k := range []string{"From", "To", "Cc", "Date", "Subject", "In-Reply-To"} {
		fmt.Fprintf(sum, "%s: %s\n", k, h.Get(k))
	}
	// And the start of the text: two alerts with one sender and subject
	// and no date are two messages.
	fmt.Fprintf(sum, "\n%s", body[:min(len(body), 4096)])
	return "<" + hex.EncodeToString(sum.Sum(nil)[:16]) + "@ownerd.invalid>"
}

// oneLine folds a header value onto one line: a subject cannot carry a
// line break into anything that quotes it.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// body is the message's text: its first text/plain part, else its first
// text/html part made text; attachments are skipped; at most MaxText.
func body(mr *gomail.Reader) string {
	var plain, htmlText string
	for {
		p, err := mr.NextPart()
		if err != nil && (p == nil || !message.IsUnknownCharset(err)) {
			break // the end, or a body that breaks off: keep what was read
		}
		ih, ok := p.Header.(*gomail.InlineHeader)
		if !ok {
			continue // an attachment
		}
		if _, params, _ := ih.ContentDisposition(); params["filename"] != "" {
			continue // a file shown inline (a log, a patch) is not the message
		}
		ct, _, _ := ih.ContentType()
		data, _ := io.ReadAll(io.LimitReader(p.Body, MaxText))
		switch {
		case ct == "text/plain" && plain == "":
			plain = string(data)
		case ct == "text/html" && htmlText == "":
			htmlText = htmlToText(data)
		}
	}
	if plain != "" {
		return strings.ToValidUTF8(strings.ReplaceAll(plain, "\r\n", "\n"), "\uFFFD")
	}
	return strings.ToValidUTF8(htmlText, "\uFFFD")
}

// htmlToText turns an HTML body into the text a reader sees: block
// elements end lines, scripts and styles are dropped, and what stands in a
// blockquote (how mail clients quote the history of a thread) is quoted
// with "> ", so that the language reader leaves it out as it does in plain
// mail.
func htmlToText(data []byte) string {
	z := html.NewTokenizer(bytes.NewReader(data))
	var b strings.Builder
	depth, skip := 0, 0
	lineStart := true
	newline := func() {
		if !lineStart {
			b.WriteByte('\n')
			lineStart = true
		}
	}
	for {
		switch z.Next() {
		case html.ErrorToken:
			return strings.TrimSpace(b.String())
		case html.StartTagToken, html.SelfClosingTagToken:
			name, _ := z.TagName()
			switch string(name) {
			case "script", "style", "head", "title":
				skip++
			case "blockquote":
				depth++
				newline()
			case "br", "p", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "table", "ul", "ol":
				newline()
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			switch string(name) {
			case "script", "style", "head", "title":
				skip = max(skip-1, 0)
			case "blockquote":
				depth = max(depth-1, 0)
				newline()
			case "p", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6":
				newline()
			}
		case html.TextToken:
			if skip > 0 {
				continue
			}
			text := strings.Join(strings.Fields(string(z.Text())), " ")
			if text == "" {
				continue
			}
			if lineStart {
				b.WriteString(strings.Repeat("> ", depth))
			} else {
				b.WriteByte(' ')
			}
			b.WriteString(text)
			lineStart = false
		}
		if b.Len() > MaxText {
			return b.String()[:MaxText]
		}
	}
}
