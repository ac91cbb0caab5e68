package mail

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	gomailaddr "net/mail"
	"os"
	"strconv"
	"strings"
	"time"

	gomail "github.com/wneessen/go-mail"
	"golang.org/x/net/idna"

	"github.com/ownerd/ownerd/model"
)

// SMTP is where and how ownerd sends mail (digests).
type SMTP struct {
	// Addr is host:port.
	Addr string `yaml:"addr"`
	// Security is starttls (the default: STARTTLS required), tls (implicit
	// TLS, port 465), or plain (tests: no TLS, no auth).
	Security string `yaml:"security"`
	// User, with PasswordEnv or PasswordFile, authenticates (PLAIN, or
	// LOGIN where the server offers only that).
	User         string `yaml:"user"`
	PasswordEnv  string `yaml:"password_env"`
	PasswordFile string `yaml:"password_file"`
	// From is the sender address.
	From    string        `yaml:"from"`
	Timeout time.Duration `yaml:"timeout"`
	Retries int           `yaml:"retries"`
}

// Validate reports every problem with the section, each naming its key,
// without reading its password.
func (c SMTP) Validate() error { return c.validate(false) }

func (c SMTP) validate(passwordGiven bool) error {
	var errs []error
	if _, port, ok := strings.Cut(c.Addr, ":"); !ok || port == "" {
		errs = append(errs, fmt.Errorf("addr: %q is not host:port", c.Addr))
	}
	switch c.Security {
	case "", "starttls", "tls", "plain":
	default:
		errs = append(errs, fmt.Errorf("security: %q is not starttls, tls or plain", c.Security))
	}
	if _, err := gomailaddr.ParseAddress(c.From); err != nil {
		errs = append(errs, fmt.Errorf("from: %q is not an address", c.From))
	}
	if c.User != "" && !passwordGiven && c.PasswordEnv == "" && c.PasswordFile == "" {
		errs = append(errs, errors.New("user: a user needs password_env or password_file"))
	}
	return errors.Join(errs...)
}

// Sender sends mail over SMTP with go-mail, and never to a client: a
// message to an address at a client domain is refused whole, before any
// connection is made. ownerd writes to the team, not to its clients.
type Sender struct {
	cfg      SMTP
	clients  []string // client domains, as IDNA ASCII
	password string
	sleep    func(context.Context, time.Duration) error
}

// Message is one mail to send: plain text, and HTML as its alternative,
// with the images the HTML shows inline (src="cid:NAME").
type Message struct {
	To      []string
	Subject string
	Text    string
	HTML    string
	Inline  []Inline
}

// Inline is an image shown in the HTML part.
type Inline struct {
	Name        string // its Content-ID, as the HTML names it
	ContentType string // image/png
	Data        []byte
}

// ErrClientAddress is returned for a message addressed to a client.
var ErrClientAddress = errors.New("ownerd never sends mail to a client")

// NewSender returns a sender for cfg. Client domains are org's.
func NewSender(cfg SMTP, org *model.Org, password string) (*Sender, error) {
	if org == nil {
		return nil, errors.New("smtp: no organisation to know its clients by")
	}
	if cfg.Timeout == 0 {
		cfg.Timeout = 30 * time.Second
	}
	if cfg.Retries == 0 {
		cfg.Retries = 3
	}
	var errs []error
	if err := cfg.validate(password != ""); err != nil {
		errs = append(errs, err)
	}
	if password == "" && cfg.User != "" {
		switch {
		case cfg.PasswordEnv != "":
			password = os.Getenv(cfg.PasswordEnv)
		case cfg.PasswordFile != "":
			b, err := os.ReadFile(cfg.PasswordFile)
			if err != nil {
				errs = append(errs, fmt.Errorf("password_file: read %s", cfg.PasswordFile))
			}
			password = strings.TrimSpace(string(b))
		}
		if password == "" {
			errs = append(errs, errors.New("user: a user needs password_env or password_file"))
		}
	}
	if err := errors.Join(errs...); err != nil {
		return nil, fmt.Errorf("smtp: %w", err)
	}
	s := &Sender{cfg: cfg, password: password, sleep: sleepCtx}
	for _, d := range org.ClientDomains {
		ascii, err := asciiDomain(strings.TrimPrefix(strings.TrimSpace(d), "@"))
		if err != nil {
			return nil, fmt.Errorf("smtp: the client domain %q: %w", d, err)
		}
		s.clients = append(s.clients, ascii)
	}
	return s, nil
}

// asciiDomain writes a domain as mail servers look it up: IDNA's mapping
// (UTS 46: case, full-width letters, other dots) to its ASCII form, with
// no trailing dot. Characters IDNA does not allow (zero-width spaces) are
// an error.
func asciiDomain(d string) (string, error) {
	ascii, err := idna.Lookup.ToASCII(strings.TrimSuffix(d, "."))
	if err != nil {
		return "", err
	}
	return strings.TrimSuffix(strings.ToLower(ascii), "."), nil
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Send sends m, retrying a temporary refusal (4xx) with backoff.
func (s *Sender) Send(ctx context.Context, m Message) error {
	if len(m.To) == 0 {
		return errors.New("smtp: a message with no recipient")
	}
	for _, to := range m.To {
		a, err := gomailaddr.ParseAddress(to)
		if err != nil {
			return fmt.Errorf("smtp: %q is not an address", to)
		}
		at := strings.LastIndexByte(a.Address, '@')
		domain, err := asciiDomain(a.Address[at+1:])
		if err != nil {
			// A domain that does not map to one a mail server would use
			// cannot be checked: it is refused, not risked.
			return fmt.Errorf("smtp: %s: the domain does not read (%v): %w", a.Address, err, ErrClientAddress)
		}
		for _, c := range s.clients {
			if domain == c || strings.HasSuffix(domain, "."+c) {
				return fmt.Errorf("smtp: %s: %w", a.Address, ErrClientAddress)
			}
		}
	}
	msg, err := build(s.cfg.From, m)
	if err != nil {
		return err
	}
	host, portText, _ := strings.Cut(s.cfg.Addr, ":")
	port, _ := strconv.Atoi(portText)
	opts := []gomail.Option{gomail.WithPort(port), gomail.WithTimeout(s.cfg.Timeout)}
	switch s.cfg.Security {
	case "plain":
		opts = append(opts, gomail.WithTLSPolicy(gomail.NoTLS))
	case "tls":
		opts = append(opts, gomail.WithSSL())
	default:
		opts = append(opts, gomail.WithTLSPolicy(gomail.TLSMandatory))
	}
	if s.cfg.User != "" {
		// PLAIN (LOGIN where the server offers only that) over TLS; in
		// plain mode (tests against a local server) without it.
		auth := gomail.SMTPAuthAutoDiscover
		if s.cfg.Security == "plain" {
			auth = gomail.SMTPAuthPlainNoEnc
		}
		opts = append(opts, gomail.WithSMTPAuth(auth), gomail.WithUsername(s.cfg.User), gomail.WithPassword(s.password))
	}
	client, err := gomail.NewClient(host, opts...)
	if err != nil {
		return fmt.Errorf("smtp: %w", err)
	}
	for attempt := 0; ; attempt++ {
		err := client.DialAndSendWithContext(ctx, msg)
		if err == nil {
			return nil
		}
		var se *gomail.SendError
		if !errors.As(err, &se) || !se.IsTemp() || attempt >= s.cfg.Retries {
			return fmt.Errorf("smtp: send to %s: %w", strings.Join(m.To, ", "), err)
		}
		d := time.Duration(1<<attempt) * time.Second
		if err := s.sleep(ctx, d/2+rand.N(d/2+1)); err != nil {
			return err
		}
	}
}

// build makes the MIME message: plain text, with HTML as its alternative.
func build(from string, m Message) (*gomail.Msg, error) {
	msg := gomail.NewMsg()
	if err := msg.From(from); err != nil {
		return nil, fmt.Errorf("smtp: from: %w", err)
	}
	if err := msg.To(m.To...); err != nil {
		return nil, fmt.Errorf("smtp: to: %w", err)
	}
	msg.Subject(strings.Join(strings.Fields(m.Subject), " "))
	msg.SetBodyString(gomail.TypeTextPlain, m.Text)
	if m.HTML != "" {
		msg.AddAlternativeString(gomail.TypeTextHTML, m.HTML)
	}
	for _, in := range m.Inline {
		err := msg.EmbedReader(in.Name, bytes.NewReader(in.Data), gomail.WithFileContentID("<"+in.Name+">"), gomail.WithFileContentType(gomail.ContentType(in.ContentType)))
		if err != nil {
			return nil, fmt.Errorf("smtp: embed %s: %w", in.Name, err)
		}
	}
	return msg, nil
}

// EML writes m as the message Send would send from the address from, in
// the Internet Message Format (an .eml file), for previews.
func EML(w io.Writer, from string, m Message) error {
	msg, err := build(from, m)
	if err != nil {
		return err
	}
	_, err = msg.WriteTo(w)
	return err
}
