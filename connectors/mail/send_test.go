package mail

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/ownerd/ownerd/connectors/mail/mailtest"
)

// TestSender: a digest goes out as text with its HTML alternative,
// authenticated; a temporary refusal is retried; and nothing is ever sent
// to a client, whatever else the message holds.
func TestSender(t *testing.T) {
	org := testOrg()
	org.ClientDomains = append(org.ClientDomains, "bücher.example")
	org.Index()
	srv, err := mailtest.NewSMTP("ownerd", "s3cret")
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	s, err := NewSender(SMTP{Addr: srv.Addr, Security: "plain", User: "ownerd", From: "ownerd@agency.example"}, org, "s3cret")
	if err != nil {
		t.Fatal(err)
	}
	var slept []time.Duration
	s.sleep = func(_ context.Context, d time.Duration) error { slept = append(slept, d); return nil }
	ctx := t.Context()
	msg := Message{To: []string{"raj@agency.example"}, Subject: "Digest: 3 open gaps\r\nBcc: evil@x", Text: "3 open gaps.", HTML: "<p>3 open gaps.</p>"}
	srv.TempFail(1)
	if err := s.Send(ctx, msg); err != nil {
		t.Fatal(err)
	}
	got := srv.Received()
	if len(got) != 1 || len(slept) != 1 || got[0].From != "ownerd@agency.example" || got[0].To[0] != "raj@agency.example" {
		t.Fatalf("received %+v after %d retries", got, len(slept))
	}
	data := string(got[0].Data)
	for _, want := range []string{"multipart/alternative", "text/plain", "text/html", "Subject: Digest: 3 open gaps Bcc: evil@x"} {
		if !strings.Contains(data, want) {
			t.Errorf("the message lacks %q:\n%s", want, data)
		}
	}
	for _, to := range [][]string{{"tom@carter.example"}, {"raj@agency.example", "Tom <TOM@Carter.Example>"}, {"tom@mail.carter.example"},
		{"tom@ｃａｒｔｅｒ.example"}, {"tom@carter。example"}, {"tom@carter.example."}, {"tom@carter\u200b.example"}, {"tom@xn--bcher-kva.example"}, {"tom@bücher.example"}} {
		err := s.Send(ctx, Message{To: to, Subject: "x", Text: "x"})
		if err == nil || !errors.Is(err, ErrClientAddress) && !strings.Contains(err.Error(), "is not an address") {
			t.Errorf("to %v: %v", to, err)
		}
	}
	if n := len(srv.Received()); n != 1 {
		t.Errorf("%d messages reached the server; a message to a client must not", n)
	}
	if _, err := NewSender(SMTP{Addr: srv.Addr, Security: "plain", From: "ownerd@agency.example"}, nil, ""); err == nil {
		t.Error("a sender with no organisation knows no clients, and must not be made")
	}
	bad, _ := NewSender(SMTP{Addr: srv.Addr, Security: "plain", User: "ownerd", From: "ownerd@agency.example"}, testOrg(), "wrong")
	if err := bad.Send(ctx, msg); err == nil || strings.Contains(err.Error(), "wrong") {
		t.Errorf("wrong password: %v", err)
	}
}
