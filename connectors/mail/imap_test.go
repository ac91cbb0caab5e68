package mail

import (
	"context"
	"io"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"

	"github.com/ownerd/ownerd/connectors/mail/mailtest"
	"github.com/ownerd/ownerd/model"
	"github.com/ownerd/ownerd/reconcile"
)

func testMessage(id, mailbox string, at time.Time) *model.Message {
	return &model.Message{ID: id, Mailbox: mailbox, At: at, FromAddr: "tom@carter.example", ToAddrs: []string{"mia@agency.example"},
		Subject: "Revised campaign?", Body: "Where is it?\n"}
}

// TestReader: the reader reads INBOX and Sent, then only what arrived,
// and leaves every message unread.
func TestReader(t *testing.T) {
	at := time.Date(2026, 3, 10, 13, 0, 0, 0, time.UTC)
	fake, err := mailtest.NewIMAP([]*model.Message{testMessage("<a@carter.example>", "INBOX", at), testMessage("<b@agency.example>", "Sent", at.Add(time.Hour))})
	if err != nil {
		t.Fatal(err)
	}
	defer fake.Close()
	r, err := NewReader(Account{Addr: fake.Addr, Security: "plain", User: mailtest.User}, WithPassword(mailtest.Password))
	if err != nil {
		t.Fatal(err)
	}
	o := testOrg()
	ch, st, err := r.Sync(t.Context(), o, nil)
	if err != nil || len(ch.Messages) != 2 {
		t.Fatalf("first sync: %d messages, %v", len(ch.Messages), err)
	}
	sent := ch.Messages[1]
	if sent.Mailbox != "Sent" || sent.ID != "<b@agency.example>" || sent.From != "tom@carter.example" || sent.To[0] != "mia" || !sent.At.Equal(at.Add(time.Hour)) || sent.Body != "Where is it?\n" {
		t.Errorf("read back: %+v", sent)
	}
	ch, st, err = r.Sync(t.Context(), o, st)
	if err != nil || len(ch.Messages) != 0 {
		t.Fatalf("nothing new: %d messages, %v", len(ch.Messages), err)
	}
	// A new message is read, alone.
	c, err := imapclient.DialInsecure(fake.Addr, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if err := c.Login(mailtest.User, mailtest.Password).Wait(); err != nil {
		t.Fatal(err)
	}
	raw := mailtest.Render(testMessage("<c@carter.example>", "INBOX", at.Add(2*time.Hour)))
	app := c.Append("INBOX", int64(len(raw)), nil)
	app.Write(raw)
	app.Close()
	if _, err := app.Wait(); err != nil {
		t.Fatal(err)
	}
	ch, _, err = r.Sync(t.Context(), o, st)
	if err != nil || len(ch.Messages) != 1 || ch.Messages[0].ID != "<c@carter.example>" {
		t.Fatalf("a new message: %+v, %v", ch.Messages, err)
	}
	// Read-only: nothing was marked seen.
	if _, err := c.Select("INBOX", &imap.SelectOptions{ReadOnly: true}).Wait(); err != nil {
		t.Fatal(err)
	}
	msgs, err := c.Fetch(imap.SeqSetNum(1, 2), &imap.FetchOptions{Flags: true}).Collect()
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range msgs {
		for _, f := range m.Flags {
			if f == imap.FlagSeen {
				t.Errorf("message %d was marked seen", m.SeqNum)
			}
		}
	}
	if _, err := NewReader(Account{Addr: "x", User: ""}); err == nil {
		t.Error("a bad account is refused")
	}
}

// TestIdleCostAndWatch: with the session kept, a sync with nothing new is
// one STATUS a mailbox; a message arriving wakes a watcher holding IDLE.
func TestIdleCostAndWatch(t *testing.T) {
	at := time.Date(2026, 3, 10, 13, 0, 0, 0, time.UTC)
	fake, err := mailtest.NewIMAP([]*model.Message{testMessage("<a@carter.example>", "INBOX", at)})
	if err != nil {
		t.Fatal(err)
	}
	defer fake.Close()
	r, _ := NewReader(Account{Addr: fake.Addr, Security: "plain", User: mailtest.User}, WithPassword(mailtest.Password))
	defer r.Close()
	o := testOrg()
	_, st, err := r.Sync(t.Context(), o, nil)
	if err != nil {
		t.Fatal(err)
	}
	before := fake.Commands()
	if ch, _, err := r.Sync(t.Context(), o, st); err != nil || len(ch.Messages) != 0 {
		t.Fatalf("idle sync: %v %v", ch.Messages, err)
	}
	if n := fake.Commands() - before; n != 2 {
		t.Errorf("an idle sync sent %d commands, want 2 (a STATUS for INBOX and for Sent)", n)
	}

	woke := make(chan struct{}, 1)
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error, 1)
	go func() {
		done <- r.Watch(ctx, func() {
			select {
			case woke <- struct{}{}:
			default:
			}
		})
	}()
	time.Sleep(200 * time.Millisecond) // the watcher's IDLE is held
	c, _ := imapclient.DialInsecure(fake.Addr, nil)
	defer c.Close()
	c.Login(mailtest.User, mailtest.Password).Wait()
	raw := mailtest.Render(testMessage("<new@carter.example>", "INBOX", at.Add(time.Hour)))
	app := c.Append("INBOX", int64(len(raw)), nil)
	app.Write(raw)
	app.Close()
	app.Wait()
	select {
	case <-woke:
	case <-time.After(5 * time.Second):
		t.Error("the watcher was not woken by a new message")
	}
	cancel()
	if err := <-done; err != nil {
		t.Errorf("watch: %v", err)
	}
}

// TestReconnect: a session that broke is opened again; while the server
// is down, dials back off.
func TestReconnect(t *testing.T) {
	fake, err := mailtest.NewIMAP(nil)
	if err != nil {
		t.Fatal(err)
	}
	r, _ := NewReader(Account{Addr: fake.Addr, Security: "plain", User: mailtest.User}, WithPassword(mailtest.Password))
	defer r.Close()
	if _, _, err := r.Sync(t.Context(), testOrg(), nil); err != nil {
		t.Fatal(err)
	}
	fake.Close()  // the server goes away, and the session with it
	for range 2 { // the broken session, then a dial that fails
		if _, _, err := r.Sync(t.Context(), testOrg(), nil); err == nil {
			t.Fatal("a sync against a server that is gone")
		}
	}
	_, _, err = r.Sync(t.Context(), testOrg(), nil)
	if err == nil || !strings.Contains(err.Error(), "reconnecting in") {
		t.Errorf("the next sync backs off: %v", err)
	}
}

// TestOddMailboxes: a mailbox that is not there is logged, counted and
// left while the others are read; the same message in INBOX and Sent is
// one message once threaded.
func TestOddMailboxes(t *testing.T) {
	at := time.Date(2026, 3, 10, 13, 0, 0, 0, time.UTC)
	m := testMessage("<same@agency.example>", "INBOX", at)
	sent := *m
	sent.Mailbox = "Sent"
	fake, err := mailtest.NewIMAP([]*model.Message{m, &sent})
	if err != nil {
		t.Fatal(err)
	}
	defer fake.Close()
	r, _ := NewReader(Account{Addr: fake.Addr, Security: "plain", User: mailtest.User, Mailboxes: []string{"INBOX", "Gone", "Sent"}}, WithPassword(mailtest.Password))
	defer r.Close()
	ch, st, err := r.Sync(t.Context(), testOrg(), nil)
	if err != nil || len(ch.Messages) != 2 || r.Problems() != 1 || !strings.Contains(string(st), "Sent") {
		t.Fatalf("%d messages, %d problems, %v", len(ch.Messages), r.Problems(), err)
	}
	if threads := reconcile.Threads(ch.Messages); len(threads) != 1 || len(threads[0].Messages) != 1 {
		t.Errorf("the same message in two mailboxes: %d threads", len(threads))
	}
}

// TestStalledServer: a server that greets and then never answers ends
// the sync at the timeout, not never.
func TestStalledServer(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			conn.Write([]byte("* OK IMAP4rev1 ready\r\n"))
			go io.Copy(io.Discard, conn) // reads every command, answers none
		}
	}()
	r, _ := NewReader(Account{Addr: ln.Addr().String(), Security: "plain", User: "u"}, WithPassword("p"), WithTimeout(300*time.Millisecond))
	began := time.Now()
	_, _, err = r.Sync(t.Context(), testOrg(), nil)
	if err == nil || time.Since(began) > 5*time.Second {
		t.Errorf("after %s: %v", time.Since(began), err)
	}
	r.Close()
}
