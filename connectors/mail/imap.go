package mail

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"

	"github.com/ownerd/ownerd/connectors"
	"github.com/ownerd/ownerd/model"
)

// Account is one IMAP mailbox account to read.
type Account struct {
	// Name names the account in logs and metrics.
	Name string `yaml:"name"`
	// Addr is host:port.
	Addr string `yaml:"addr"`
	// Security is tls (the default, port 993), starttls, or plain (tests).
	Security string `yaml:"security"`
	User     string `yaml:"user"`
	// PasswordEnv or PasswordFile names where the password is.
	PasswordEnv  string `yaml:"password_env"`
	PasswordFile string `yaml:"password_file"`
	// Mailboxes are read; empty: INBOX and the mailbox the server marks
	// \Sent (SPECIAL-USE), else one named Sent.
	Mailboxes []string `yaml:"mailboxes"`
}

// Reader reads the mailboxes of one IMAP account, read-only: mailboxes are
// EXAMINEd and messages fetched with BODY.PEEK, so that nothing ownerd
// does marks a message read or moves it.
type Reader struct {
	acct     Account
	password string
	logger   *slog.Logger
	timeout  time.Duration
}

// Option changes how a Reader is built.
type Option func(*Reader)

// WithPassword gives the password instead of the account's env or file.
func WithPassword(p string) Option { return func(r *Reader) { r.password = p } }

// WithLogger logs through l.
func WithLogger(l *slog.Logger) Option { return func(r *Reader) { r.logger = l } }

// NewReader returns a reader for acct. It reads the password; it does not
// connect.
func NewReader(acct Account, opts ...Option) (*Reader, error) {
	if acct.Name == "" {
		acct.Name = "mail"
	}
	r := &Reader{acct: acct, logger: slog.New(slog.DiscardHandler), timeout: 30 * time.Second}
	for _, o := range opts {
		o(r)
	}
	var errs []error
	if acct.Addr == "" || !strings.Contains(acct.Addr, ":") {
		errs = append(errs, fmt.Errorf("addr: %q is not host:port", acct.Addr))
	}
	switch acct.Security {
	case "", "tls", "starttls", "plain":
	default:
		errs = append(errs, fmt.Errorf("security: %q is not tls, starttls or plain", acct.Security))
	}
	if acct.User == "" {
		errs = append(errs, errors.New("user: required"))
	}
	if r.password == "" {
		switch {
		case acct.PasswordEnv != "":
			if r.password = os.Getenv(acct.PasswordEnv); r.password == "" {
				errs = append(errs, fmt.Errorf("password_env: the environment variable %s is empty or unset", acct.PasswordEnv))
			}
		case acct.PasswordFile != "":
			b, err := os.ReadFile(acct.PasswordFile)
			if err != nil {
				errs = append(errs, fmt.Errorf("password_file: read %s", acct.PasswordFile))
			}
			r.password = strings.TrimSpace(string(b))
		default:
			errs = append(errs, errors.New("no credentials: give password_env or password_file"))
		}
	}
	if err := errors.Join(errs...); err != nil {
		return nil, fmt.Errorf("mail %s: %w", acct.Name, err)
	}
	r.logger = r.logger.With("connector", acct.Name)
	return r, nil
}

// Name implements connectors.Source.
func (r *Reader) Name() string { return r.acct.Name }

var (
	_ connectors.Source = (*Reader)(nil)
	_ connectors.Syncer = (*Reader)(nil)
)

// mailboxState is where a mailbox was read up to: its UIDVALIDITY and the
// last UID read. A new UIDVALIDITY means the UIDs were renumbered: the
// mailbox is read again from its start.
type mailboxState struct {
	UIDValidity uint32 `json:"uid_validity"`
	LastUID     uint32 `json:"last_uid"`
}

// Poll reads every message of the account's mailboxes.
func (r *Reader) Poll(ctx context.Context, org *model.Org) (connectors.Snapshot, error) {
	ch, _, err := r.Sync(ctx, org, nil)
	if err != nil {
		return connectors.Snapshot{}, err
	}
	return connectors.Snapshot{Messages: ch.Messages}, nil
}

// Sync reads the messages that arrived since state in each mailbox.
//
//meta:operation LIST, EXAMINE, UID FETCH BODY.PEEK[]
func (r *Reader) Sync(ctx context.Context, org *model.Org, prev []byte) (connectors.Changes, []byte, error) {
	st := map[string]mailboxState{}
	if len(prev) > 0 {
		if err := json.Unmarshal(prev, &st); err != nil {
			return connectors.Changes{}, nil, fmt.Errorf("mail %s: the sync state does not read (%w); start over with none", r.acct.Name, err)
		}
	}
	c, err := r.dial(ctx)
	if err != nil {
		return connectors.Changes{}, nil, fmt.Errorf("mail %s: %w", r.acct.Name, err)
	}
	defer c.Close()
	stop := context.AfterFunc(ctx, func() { c.Close() })
	defer stop()
	if err := c.Login(r.acct.User, r.password).Wait(); err != nil {
		return connectors.Changes{}, nil, fmt.Errorf("mail %s: log in as %s: %w", r.acct.Name, r.acct.User, err)
	}
	boxes, err := r.mailboxes(c)
	if err != nil {
		return connectors.Changes{}, nil, fmt.Errorf("mail %s: %w", r.acct.Name, err)
	}
	var ch connectors.Changes
	for _, box := range boxes {
		msgs, next, err := r.readMailbox(c, org, box, st[box.name])
		if err != nil {
			return connectors.Changes{}, nil, fmt.Errorf("mail %s: %s: %w", r.acct.Name, box.name, err)
		}
		st[box.name] = next
		ch.Messages = append(ch.Messages, msgs...)
	}
	c.Logout().Wait()
	out, err := json.Marshal(st)
	if err != nil {
		return connectors.Changes{}, nil, err
	}
	return ch, out, nil
}

func (r *Reader) dial(ctx context.Context) (*imapclient.Client, error) {
	opts := &imapclient.Options{}
	switch r.acct.Security {
	case "plain":
		return imapclient.DialInsecure(r.acct.Addr, opts)
	case "starttls":
		return imapclient.DialStartTLS(r.acct.Addr, opts)
	}
	return imapclient.DialTLS(r.acct.Addr, opts)
}

// box is a mailbox to read and the name messages get in the model
// ("Sent" for the server's \Sent mailbox, whatever it is called there).
type box struct{ server, name string }

// mailboxes are the configured ones, else INBOX and the Sent mailbox.
func (r *Reader) mailboxes(c *imapclient.Client) ([]box, error) {
	if len(r.acct.Mailboxes) > 0 {
		var out []box
		for _, m := range r.acct.Mailboxes {
			out = append(out, box{m, m})
		}
		return out, nil
	}
	list, err := c.List("", "*", &imap.ListOptions{ReturnSpecialUse: true}).Collect()
	if err != nil {
		return nil, fmt.Errorf("list mailboxes: %w", err)
	}
	out := []box{{"INBOX", "INBOX"}}
	sent := ""
	for _, l := range list {
		if slices.Contains(l.Attrs, imap.MailboxAttrSent) {
			sent = l.Mailbox
			break
		}
		if strings.EqualFold(l.Mailbox, "Sent") && sent == "" {
			sent = l.Mailbox
		}
	}
	if sent != "" {
		out = append(out, box{sent, "Sent"})
	}
	return out, nil
}

// readMailbox EXAMINEs a mailbox and fetches the messages after the last
// UID read (all of them when its UIDVALIDITY changed).
func (r *Reader) readMailbox(c *imapclient.Client, org *model.Org, b box, st mailboxState) ([]*model.Message, mailboxState, error) {
	sel, err := c.Select(b.server, &imap.SelectOptions{ReadOnly: true}).Wait()
	if err != nil {
		return nil, st, fmt.Errorf("examine: %w", err)
	}
	if sel.UIDValidity != st.UIDValidity {
		if st.UIDValidity != 0 {
			r.logger.Info("a mailbox's UIDVALIDITY changed; reading it again from its start", "mailbox", b.server)
		}
		st = mailboxState{UIDValidity: sel.UIDValidity}
	}
	if sel.NumMessages == 0 || sel.UIDNext != 0 && uint32(sel.UIDNext) <= st.LastUID+1 {
		return nil, st, nil // nothing new
	}
	uids := imap.UIDSet{imap.UIDRange{Start: imap.UID(st.LastUID + 1), Stop: 0}}
	fetch := c.Fetch(uids, &imap.FetchOptions{UID: true, InternalDate: true, BodySection: []*imap.FetchItemBodySection{{Peek: true}}})
	var out []*model.Message
	last := st.LastUID
	for {
		msg := fetch.Next()
		if msg == nil {
			break
		}
		buf, err := msg.Collect()
		if err != nil {
			fetch.Close()
			return nil, st, fmt.Errorf("fetch: %w", err)
		}
		if uint32(buf.UID) <= st.LastUID {
			continue // "N:*" answers the last message when nothing is newer
		}
		last = max(last, uint32(buf.UID))
		if len(buf.BodySection) == 0 {
			continue
		}
		m, err := Parse(buf.BodySection[0].Bytes, org, b.name)
		if err != nil {
			// One message that does not read is logged and left; the rest
			// go on.
			r.logger.Warn("a message could not be read", "mailbox", b.server, "uid", buf.UID, "err", err)
			continue
		}
		if m.At.IsZero() {
			m.At = buf.InternalDate
		}
		out = append(out, m)
	}
	if err := fetch.Close(); err != nil {
		return nil, st, fmt.Errorf("fetch: %w", err)
	}
	st.LastUID = last
	return out, st, nil
}
