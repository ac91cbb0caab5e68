// Package mailtest serves a scenario's mail over IMAP: go-imap's in-memory
// server with one account, INBOX and a Sent mailbox marked \Sent, seeded
// through the protocol itself (APPEND, with each message's date as its
// internal date), counting the commands clients send.
package mailtest

import (
	"bufio"
	"bytes"
	"fmt"
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

	"github.com/ownerd/ownerd/model"
)

// The account every fake serves; any other user or password is refused.
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
	mem := imapmemserver.New()
	user := imapmemserver.NewUser(User, Password)
	if err := user.Create("INBOX", nil); err != nil {
		return nil, err
	}
	if err := user.Create("Sent", &imap.CreateOptions{SpecialUse: []imap.MailboxAttr{imap.MailboxAttrSent}}); err != nil {
		return nil, err
	}
	mem.AddUser(user)
	s := &IMAP{}
	s.srv = imapserver.New(&imapserver.Options{
		NewSession: func(*imapserver.Conn) (imapserver.Session, *imapserver.GreetingData, error) {
			return mem.NewSession(), nil, nil
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
