package mail

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"os"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
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
	// CAFile trusts a private certificate authority (PEM) besides the
	// system's, for a server whose certificate it signed.
	CAFile string `yaml:"ca_file"`
}

// Validate reports every problem with the account, each naming its key,
// without reading its password.
func (a Account) Validate() error { return a.validate(false) }

func (a Account) validate(passwordGiven bool) error {
	var errs []error
	if a.Addr == "" || !strings.Contains(a.Addr, ":") {
		errs = append(errs, fmt.Errorf("addr: %q is not host:port", a.Addr))
	}
	switch a.Security {
	case "", "tls", "starttls", "plain":
	default:
		errs = append(errs, fmt.Errorf("security: %q is not tls, starttls or plain", a.Security))
	}
	if a.User == "" {
		errs = append(errs, errors.New("user: required"))
	}
	if !passwordGiven && a.PasswordEnv == "" && a.PasswordFile == "" {
		errs = append(errs, errors.New("no credentials: give password_env or password_file"))
	}
	return errors.Join(errs...)
}

// Reader reads the mailboxes of one IMAP account, read-only: mailboxes are
// EXAMINEd and messages fetched with BODY.PEEK, so that nothing ownerd
// does marks a message read or moves it.
type Reader struct {
	acct     Account
	password string
	logger   *slog.Logger
	timeout  time.Duration
	now      func() time.Time

	tls      *tls.Config
	problems atomic.Int64

	mu       sync.Mutex
	c        *imapclient.Client // the session kept between syncs
	boxes    []box
	failures int       // dials that failed in a row
	retryAt  time.Time // no dial before this, after failures
}

// Option changes how a Reader is built.
type Option func(*Reader)

// WithPassword gives the password instead of the account's env or file.
func WithPassword(p string) Option { return func(r *Reader) { r.password = p } }

// WithLogger logs through l.
func WithLogger(l *slog.Logger) Option { return func(r *Reader) { r.logger = l } }

// WithTimeout bounds connecting, logging in and each answer while doing
// so (30 seconds by default).
func WithTimeout(d time.Duration) Option { return func(r *Reader) { r.timeout = d } }

// NewReader returns a reader for acct. It reads the password; it does not
// connect.
func NewReader(acct Account, opts ...Option) (*Reader, error) {
	if acct.Name == "" {
		acct.Name = "mail"
	}
	r := &Reader{acct: acct, logger: slog.New(slog.DiscardHandler), timeout: 30 * time.Second, now: time.Now}
	for _, o := range opts {
		o(r)
	}
	var errs []error
	if err := acct.validate(r.password != ""); err != nil {
		errs = append(errs, err)
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
		}
	}
	if acct.CAFile != "" {
		pool, err := x509.SystemCertPool()
		if err != nil {
			pool = x509.NewCertPool()
		}
		pem, err := os.ReadFile(acct.CAFile)
		if err != nil || !pool.AppendCertsFromPEM(pem) {
			errs = append(errs, fmt.Errorf("ca_file: %s holds no PEM certificate", acct.CAFile))
		}
		host, _, _ := strings.Cut(acct.Addr, ":")
		r.tls = &tls.Config{RootCAs: pool, ServerName: host, MinVersion: tls.VersionTLS12}
	}
	if err := errors.Join(errs...); err != nil {
		return nil, fmt.Errorf("mail %s: %w", acct.Name, err)
	}
	r.logger = r.logger.With("connector", acct.Name)
	return r, nil
}

// Name implements connectors.Source.
func (r *Reader) Name() string { return r.acct.Name }

// Problems counts the messages and mailboxes that could not be read and
// were left, since the reader was made (for the daemon's metrics).
func (r *Reader) Problems() int { return int(r.problems.Load()) }

var (
	_ connectors.Source = (*Reader)(nil)
	_ connectors.Syncer = (*Reader)(nil)
)

// syncTimeout bounds one sync of an account: reading a mailbox of some
// thousands of messages takes seconds; a stalled server, this long.
const syncTimeout = 5 * time.Minute

// mailboxState is where a mailbox was read up to: its UIDVALIDITY and the
// last UID read. A new UIDVALIDITY means the UIDs were renumbered: the
// mailbox is read again from its start.
type mailboxState struct {
	UIDValidity uint32 `json:"uid_validity"`
	LastUID     uint32 `json:"last_uid"`
	// HighestModSeq, where the server has CONDSTORE, changes with any
	// change in the mailbox: unchanged, there is nothing to read.
	HighestModSeq uint64 `json:"highest_modseq,omitempty"`
}

// Poll reads every message of the account's mailboxes.
func (r *Reader) Poll(ctx context.Context, org *model.Org) (connectors.Snapshot, error) {
	ch, _, err := r.Sync(ctx, org, nil)
	if err != nil {
		return connectors.Snapshot{}, err
	}
	return connectors.Snapshot{Messages: ch.Messages}, nil
}

// Sync reads the messages that arrived since state in each mailbox. The
// session is kept between syncs: a sync with nothing new costs one STATUS
// a mailbox. A session that broke is opened again, with backoff after
// failures.
//
//meta:operation LOGIN, LIST, STATUS, EXAMINE, UID FETCH BODY.PEEK[]
func (r *Reader) Sync(ctx context.Context, org *model.Org, prev []byte) (connectors.Changes, []byte, error) {
	st := map[string]mailboxState{}
	if len(prev) > 0 {
		if err := json.Unmarshal(prev, &st); err != nil {
			return connectors.Changes{}, nil, fmt.Errorf("mail %s: the sync state does not read (%w); start over with none", r.acct.Name, err)
		}
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	c, err := r.session(ctx)
	if err != nil {
		return connectors.Changes{}, nil, fmt.Errorf("mail %s: %w", r.acct.Name, err)
	}
	stop := context.AfterFunc(ctx, func() { c.Close() })
	defer stop()
	// A server that stalls ends the sync at the deadline, not never.
	deadline := time.AfterFunc(syncTimeout, func() { c.Close() })
	defer deadline.Stop()
	var ch connectors.Changes
	for _, b := range r.boxes {
		msgs, next, err := r.readMailbox(c, org, b, st[b.name])
		var refused *imap.Error
		if errors.As(err, &refused) {
			// The server refused this mailbox (gone, renamed, no rights):
			// it is logged and counted, its state kept, and the others go on.
			r.problems.Add(1)
			r.logger.Warn("a mailbox could not be read", "mailbox", b.server, "err", err)
			continue
		}
		if err != nil {
			r.drop()
			return connectors.Changes{}, nil, fmt.Errorf("mail %s: %s: %w", r.acct.Name, b.name, err)
		}
		st[b.name] = next
		ch.Messages = append(ch.Messages, msgs...)
	}
	out, err := json.Marshal(st)
	if err != nil {
		return connectors.Changes{}, nil, err
	}
	return ch, out, nil
}

// Close ends the session.
func (r *Reader) Close() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.c != nil {
		r.c.Logout().Wait()
		r.drop()
	}
	return nil
}

// session returns the open session, or opens one: dial, log in, find the
// mailboxes. After a failure it waits exponentially longer (up to five
// minutes) before dialling again.
func (r *Reader) session(ctx context.Context) (*imapclient.Client, error) {
	if r.c != nil {
		select {
		case <-r.c.Closed():
			r.drop()
		default:
			return r.c, nil
		}
	}
	if wait := r.retryAt.Sub(r.now()); wait > 0 {
		return nil, fmt.Errorf("reconnecting in %s, after %d failures", wait.Round(time.Second), r.failures)
	}
	c, err := r.open(ctx)
	if err != nil {
		r.failures++
		r.retryAt = r.now().Add(min(time.Duration(1<<min(r.failures, 9))*time.Second, 5*time.Minute))
		return nil, err
	}
	r.failures, r.retryAt = 0, time.Time{}
	r.c = c
	return c, nil
}

func (r *Reader) open(ctx context.Context) (*imapclient.Client, error) {
	c, _, err := r.connect(ctx, &imapclient.Options{})
	if err != nil {
		return nil, fmt.Errorf("connect to %s: %w", r.acct.Addr, err)
	}
	// Logging in and listing must answer within the timeout, or when the
	// caller gives up: a server that greets and then stalls hangs nothing.
	// (Timers, not deadlines: go-imap sets the connection's read deadline
	// itself.)
	timer := time.AfterFunc(r.timeout, func() { c.Close() })
	defer timer.Stop()
	stop := context.AfterFunc(ctx, func() { c.Close() })
	defer stop()
	if err := c.Login(r.acct.User, r.password).Wait(); err != nil {
		c.Close()
		return nil, fmt.Errorf("log in as %s: %w", r.acct.User, err)
	}
	boxes, err := r.mailboxes(c)
	if err != nil {
		c.Close()
		return nil, err
	}
	if !timer.Stop() {
		c.Close()
		return nil, fmt.Errorf("log in as %s: no answer within %s", r.acct.User, r.timeout)
	}
	r.boxes = boxes
	return c, nil
}

// drop forgets a session that broke.
func (r *Reader) drop() {
	if r.c != nil {
		r.c.Close()
	}
	r.c = nil
}

// connect dials the server with a timeout and starts the IMAP client on
// the connection, which it returns too, for deadlines.
func (r *Reader) connect(ctx context.Context, opts *imapclient.Options) (*imapclient.Client, net.Conn, error) {
	host, _, _ := strings.Cut(r.acct.Addr, ":")
	cfg := r.tls
	if cfg == nil {
		cfg = &tls.Config{ServerName: host, MinVersion: tls.VersionTLS12}
	}
	opts.TLSConfig = cfg
	d := &net.Dialer{Timeout: r.timeout}
	conn, err := d.DialContext(ctx, "tcp", r.acct.Addr)
	if err != nil {
		return nil, nil, err
	}
	// The greeting and the TLS handshake within the timeout.
	timer := time.AfterFunc(r.timeout, func() { conn.Close() })
	defer timer.Stop()
	switch r.acct.Security {
	case "plain":
		return imapclient.New(conn, opts), conn, nil
	case "starttls":
		c, err := imapclient.NewStartTLS(conn, opts)
		if err != nil {
			conn.Close()
			return nil, nil, err
		}
		return c, conn, nil
	}
	tc := tls.Client(conn, cfg)
	if err := tc.HandshakeContext(ctx); err != nil {
		conn.Close()
		return nil, nil, err
	}
	return imapclient.New(tc, opts), conn, nil
}

// Watch holds an IDLE on INBOX, on a connection of its own, and calls
// changed whenever the server reports a change there, until ctx ends; the
// daemon then syncs at once instead of polling. It returns an error when
// the server has no IDLE or the connection fails; the caller polls then,
// and may watch again later.
func (r *Reader) Watch(ctx context.Context, changed func()) error {
	opts := &imapclient.Options{UnilateralDataHandler: &imapclient.UnilateralDataHandler{
		Mailbox: func(*imapclient.UnilateralDataMailbox) { changed() },
		Expunge: func(uint32) { changed() },
	}}
	c, _, err := r.connect(ctx, opts)
	if err != nil {
		return fmt.Errorf("mail %s: watch: %w", r.acct.Name, err)
	}
	defer c.Close()
	stop := context.AfterFunc(ctx, func() { c.Close() })
	defer stop()
	timer := time.AfterFunc(r.timeout, func() { c.Close() })
	if err := c.Login(r.acct.User, r.password).Wait(); err != nil {
		return fmt.Errorf("mail %s: watch: log in: %w", r.acct.Name, err)
	}
	if !c.Caps().Has(imap.CapIdle) && !c.Caps().Has(imap.CapIMAP4rev2) {
		return fmt.Errorf("mail %s: the server has no IDLE", r.acct.Name)
	}
	if _, err := c.Select("INBOX", &imap.SelectOptions{ReadOnly: true}).Wait(); err != nil {
		return fmt.Errorf("mail %s: watch: examine INBOX: %w", r.acct.Name, err)
	}
	timer.Stop() // an IDLE waits as long as it must
	for {
		idle, err := c.Idle()
		if err != nil {
			return fmt.Errorf("mail %s: watch: %w", r.acct.Name, err)
		}
		// RFC 2177: a client re-issues IDLE at least every 29 minutes.
		t := time.NewTimer(25 * time.Minute)
		select {
		case <-ctx.Done():
			t.Stop()
			return nil
		case <-c.Closed():
			t.Stop()
			return fmt.Errorf("mail %s: watch: the connection closed", r.acct.Name)
		case <-t.C:
		}
		if err := idle.Close(); err != nil {
			return err
		}
		if err := idle.Wait(); err != nil {
			return fmt.Errorf("mail %s: watch: %w", r.acct.Name, err)
		}
	}
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
	var opts *imap.ListOptions
	if caps := c.Caps(); caps.Has(imap.CapSpecialUse) || caps.Has(imap.CapListExtended) || caps.Has(imap.CapIMAP4rev2) {
		opts = &imap.ListOptions{ReturnSpecialUse: true}
	}
	list, err := c.List("", "*", opts).Collect()
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
	// One STATUS says whether there is anything to read.
	condstore := c.Caps().Has(imap.CapCondStore)
	status, err := c.Status(b.server, &imap.StatusOptions{UIDNext: true, UIDValidity: true, HighestModSeq: condstore}).Wait()
	if err != nil {
		return nil, st, fmt.Errorf("status: %w", err)
	}
	if status.UIDValidity == st.UIDValidity && status.UIDNext != 0 && uint32(status.UIDNext) <= st.LastUID+1 &&
		(!condstore || status.HighestModSeq == st.HighestModSeq) {
		return nil, st, nil
	}
	sel, err := c.Select(b.server, &imap.SelectOptions{ReadOnly: true}).Wait()
	if err != nil {
		return nil, st, fmt.Errorf("examine: %w", err)
	}
	if sel.UIDValidity == st.UIDValidity && sel.UIDNext != 0 && st.LastUID >= uint32(sel.UIDNext) {
		// The state reads past what the mailbox ever held: it is not this
		// mailbox's any more (restored, or the server's state reset).
		r.logger.Warn("a mailbox holds fewer UIDs than the state read; reading it again from its start", "mailbox", b.server)
		st = mailboxState{UIDValidity: sel.UIDValidity}
	}
	if sel.UIDValidity != st.UIDValidity {
		if st.UIDValidity != 0 {
			r.logger.Info("a mailbox's UIDVALIDITY changed; reading it again from its start", "mailbox", b.server)
		}
		st = mailboxState{UIDValidity: sel.UIDValidity}
	}
	st.HighestModSeq = status.HighestModSeq
	if sel.NumMessages == 0 || sel.UIDNext != 0 && uint32(sel.UIDNext) <= st.LastUID+1 {
		return nil, st, nil // nothing new
	}
	uids := imap.UIDSet{imap.UIDRange{Start: imap.UID(st.LastUID + 1), Stop: 0}}
	// At most maxDownload of a message is fetched: its text is at the
	// start, and a 30 MB attachment is not worth the download.
	fetch := c.Fetch(uids, &imap.FetchOptions{UID: true, InternalDate: true,
		BodySection: []*imap.FetchItemBodySection{{Peek: true, Partial: &imap.SectionPartial{Offset: 0, Size: maxDownload}}}})
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
			return r.fetchFailed(out, st, last, b, err)
		}
		if uint32(buf.UID) <= st.LastUID {
			continue // "N:*" answers the last message when nothing is newer
		}
		last = max(last, uint32(buf.UID))
		if len(buf.BodySection) == 0 {
			r.problems.Add(1)
			r.logger.Warn("the server sent a message without its body; it is left", "mailbox", b.server, "uid", buf.UID)
			continue
		}
		m, err := Parse(buf.BodySection[0].Bytes, org, b.name)
		if err != nil {
			// One message that does not read is logged, counted and left;
			// the rest go on.
			r.problems.Add(1)
			r.logger.Warn("a message could not be read", "mailbox", b.server, "uid", buf.UID, "err", err)
			continue
		}
		if m.At.IsZero() {
			m.At = buf.InternalDate
		}
		out = append(out, m)
	}
	if err := fetch.Close(); err != nil {
		return r.fetchFailed(out, st, last, b, err)
	}
	st.LastUID = last
	return out, st, nil
}

// maxDownload is the most of one message fetched.
const maxDownload = 8 << 20

// fetchFailed keeps what a FETCH read before the server refused to go on
// (a message it cannot serve): the messages read stand, the state moves
// past them, and one more message is stepped over, so that one bad message
// stalls its mailbox for one sync, not for ever. A broken connection is
// an error of the sync.
func (r *Reader) fetchFailed(out []*model.Message, st mailboxState, last uint32, b box, err error) ([]*model.Message, mailboxState, error) {
	var refused *imap.Error
	if !errors.As(err, &refused) {
		return nil, st, fmt.Errorf("fetch: %w", err)
	}
	r.problems.Add(1)
	r.logger.Warn("the server refused to send a message; it is stepped over", "mailbox", b.server, "after_uid", last, "err", err)
	st.LastUID = last + 1
	return out, st, nil
}
