// Package mailtest serves a scenario's mail over IMAP: go-imap's in-memory
// server with one account, INBOX and a Sent mailbox marked \Sent, seeded
// through the protocol itself (APPEND, with each message's date as its
// internal date), counting the commands clients send.
package mailtest

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"mime"
	"net"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
	"github.com/emersion/go-imap/v2/imapserver"
	"github.com/emersion/go-imap/v2/imapserver/imapmemserver"
	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"

	"github.com/ownerd/ownerd/model"
)

// The account every fake serves. The IMAP fake lets any user name and
// password in to it (it is for trying ownerd, not for guarding data); the
// SMTP fake checks credentials only when NewSMTP is given some.
const (
	User     = "ownerd"
	Password = "ownerd"
)

// IMAP is a fake IMAP server on a loopback port.
type IMAP struct {
	// Addr is host:port, without TLS.
	Addr string

	ln       net.Listener
	srv      *imapserver.Server
	commands atomic.Int64
	counting atomic.Bool
	wg       sync.WaitGroup
}

// NewIMAP starts a server holding msgs, each in its Mailbox ("Sent", else
// INBOX). Close it when done.
func NewIMAP(msgs []*model.Message) (*IMAP, error) {
	user := imapmemserver.NewUser(User, Password)
	if err := user.Create("INBOX", nil); err != nil {
		return nil, err
	}
	if err := user.Create("Sent", &imap.CreateOptions{SpecialUse: []imap.MailboxAttr{imap.MailboxAttrSent}}); err != nil {
		return nil, err
	}
	s := &IMAP{}
	s.srv = imapserver.New(&imapserver.Options{
		NewSession: func(*imapserver.Conn) (imapserver.Session, *imapserver.GreetingData, error) {
			return &anyLogin{user: user}, nil, nil
		},
		Caps:         imap.CapSet{imap.CapIMAP4rev1: {}, imap.CapIMAP4rev2: {}},
		InsecureAuth: true,
		Logger:       quiet{},
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	s.ln, s.Addr = ln, ln.Addr().String()
	s.wg.Go(func() { s.srv.Serve(counting{ln, s}) })
	if err := s.seed(msgs); err != nil {
		s.Close()
		return nil, err
	}
	s.counting.Store(true)
	return s, nil
}

// anyLogin is a session of the one account that any credentials open.
// The memory server's own session would refuse all but the account's;
// this one embeds the same user session, so IDLE, MOVE and the rest work
// as they do there.
type anyLogin struct {
	*imapmemserver.UserSession // nil until logged in
	user                       *imapmemserver.User
}

func (s *anyLogin) Login(string, string) error {
	s.UserSession = imapmemserver.NewUserSession(s.user)
	return nil
}

// Close stops the server.
func (s *IMAP) Close() {
	s.srv.Close()
	s.wg.Wait()
}

// Commands is how many commands clients sent since the server was seeded.
func (s *IMAP) Commands() int { return int(s.commands.Load()) }

// seed appends every message through an IMAP client, as a mail client
// would file it.
func (s *IMAP) seed(msgs []*model.Message) error {
	c, err := imapclient.DialInsecure(s.Addr, nil)
	if err != nil {
		return err
	}
	defer c.Close()
	if err := c.Login(User, Password).Wait(); err != nil {
		return err
	}
	for _, m := range msgs {
		raw := Render(m)
		box := "INBOX"
		if m.Mailbox == "Sent" {
			box = "Sent"
		}
		cmd := c.Append(box, int64(len(raw)), &imap.AppendOptions{Time: m.At})
		if _, err := cmd.Write(raw); err != nil {
			return err
		}
		if err := cmd.Close(); err != nil {
			return err
		}
		if _, err := cmd.Wait(); err != nil {
			return fmt.Errorf("append %s: %w", m.ID, err)
		}
	}
	return c.Logout().Wait()
}

// Render writes a message of the model as a mail client sends it: the
// headers reconcile threads by, every address in To, the text as UTF-8.
func Render(m *model.Message) []byte {
	var b bytes.Buffer
	h := func(k, v string) {
		if v != "" {
			fmt.Fprintf(&b, "%s: %s\r\n", k, v)
		}
	}
	h("Message-ID", m.ID)
	h("Date", m.At.Format(time.RFC1123Z))
	h("From", "<"+m.FromAddr+">")
	addrs := make([]string, len(m.ToAddrs))
	for i, a := range m.ToAddrs {
		addrs[i] = "<" + a + ">"
	}
	h("To", strings.Join(addrs, ", "))
	h("Subject", mime.QEncoding.Encode("utf-8", m.Subject))
	h("In-Reply-To", m.InReplyTo)
	h("References", strings.Join(m.References, " "))
	b.WriteString("MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n")
	b.WriteString(strings.ReplaceAll(strings.ReplaceAll(m.Body, "\r\n", "\n"), "\n", "\r\n"))
	return b.Bytes()
}

// counting counts the command lines of the connections it accepts.
type counting struct {
	net.Listener
	s *IMAP
}

func (l counting) Accept() (net.Conn, error) {
	conn, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	return &countingConn{Conn: conn, s: l.s}, nil
}

type countingConn struct {
	net.Conn
	s    *IMAP
	line bytes.Buffer
}

// Read counts the lines that start with a tag and a command word; a
// literal's lines are data, and rarely look like that.
func (c *countingConn) Read(p []byte) (int, error) {
	n, err := c.Conn.Read(p)
	if c.s.counting.Load() {
		sc := bufio.NewScanner(bytes.NewReader(p[:n]))
		for sc.Scan() {
			c.line.Write(sc.Bytes())
			fields := strings.Fields(c.line.String())
			if len(fields) >= 2 && isCommand(fields[1]) {
				c.s.commands.Add(1)
			}
			c.line.Reset()
		}
	}
	return n, err
}

func isCommand(w string) bool {
	switch strings.ToUpper(w) {
	case "LOGIN", "LOGOUT", "LIST", "SELECT", "EXAMINE", "FETCH", "UID", "IDLE", "CAPABILITY", "NOOP", "STATUS", "AUTHENTICATE", "STARTTLS", "ENABLE", "ID", "SEARCH", "UNSELECT", "CLOSE", "NAMESPACE":
		return true
	}
	return false
}

type quiet struct{}

func (quiet) Printf(string, ...any) {}

// SMTP is a fake SMTP submission server on a loopback port that records
// every message it accepts. With a user set it requires AUTH PLAIN.
type SMTP struct {
	// Addr is host:port, without TLS.
	Addr string

	srv *smtp.Server
	wg  sync.WaitGroup

	mu       sync.Mutex
	received []Received
	tempFail int // DATA answers 451 this many more times
	user     string
	password string
}

// Received is a message the fake accepted.
type Received struct {
	From string
	To   []string
	Data []byte
}

// NewSMTP starts a fake SMTP server. user and password, when set, are the
// only credentials it accepts.
func NewSMTP(user, password string) (*SMTP, error) {
	s := &SMTP{user: user, password: password}
	s.srv = smtp.NewServer(smtp.BackendFunc(func(*smtp.Conn) (smtp.Session, error) { return &smtpSession{s: s}, nil }))
	s.srv.Domain = "mailtest.invalid"
	s.srv.AllowInsecureAuth = true
	s.srv.ReadTimeout, s.srv.WriteTimeout = 10*time.Second, 10*time.Second
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	s.Addr = ln.Addr().String()
	s.wg.Go(func() { s.srv.Serve(ln) })
	return s, nil
}

// Close stops the server.
func (s *SMTP) Close() {
	s.srv.Close()
	s.wg.Wait()
}

// TempFail makes the next n messages meet a temporary refusal (451).
func (s *SMTP) TempFail(n int) {
	s.mu.Lock()
	s.tempFail = n
	s.mu.Unlock()
}

// Received returns the messages accepted so far.
func (s *SMTP) Received() []Received {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Received(nil), s.received...)
}

type smtpSession struct {
	s      *SMTP
	authed bool
	from   string
	to     []string
}

func (ss *smtpSession) AuthMechanisms() []string { return []string{sasl.Plain} }

func (ss *smtpSession) Auth(mech string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(_, user, pass string) error {
		if user != ss.s.user || pass != ss.s.password {
			return errors.New("invalid credentials")
		}
		ss.authed = true
		return nil
	}), nil
}

func (ss *smtpSession) Mail(from string, _ *smtp.MailOptions) error {
	if ss.s.user != "" && !ss.authed {
		return smtp.ErrAuthRequired
	}
	ss.from = from
	return nil
}

func (ss *smtpSession) Rcpt(to string, _ *smtp.RcptOptions) error {
	ss.to = append(ss.to, to)
	return nil
}

func (ss *smtpSession) Data(r io.Reader) error {
	data, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	ss.s.mu.Lock()
	defer ss.s.mu.Unlock()
	if ss.s.tempFail > 0 {
		ss.s.tempFail--
		return &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 3, 0}, Message: "try again later"}
	}
	ss.s.received = append(ss.s.received, Received{From: ss.from, To: ss.to, Data: data})
	return nil
}

func (ss *smtpSession) Reset()        { ss.from, ss.to = "", nil }
func (ss *smtpSession) Logout() error { return nil }
