package digest

import (
	"context"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ownerd/ownerd/connectors/mail"
)

// smtpSink starts Postfix's smtp-sink, a real SMTP server that accepts
// mail without authentication and writes each message to a file under
// the returned folder. Absent, the test is skipped saying so, except
// where CI=true: CI installs it (Debian's postfix).
func smtpSink(t *testing.T) (addr, dir string) {
	t.Helper()
	bin, err := exec.LookPath("smtp-sink")
	if err != nil {
		bin = "/usr/sbin/smtp-sink"
		if _, err := os.Stat(bin); err != nil {
			if os.Getenv("CI") == "true" {
				t.Fatal("smtp-sink is not installed, and CI must run this test: apt-get install postfix")
			}
			t.Skip("smtp-sink is not installed (apt-get install postfix); the in-process SMTP server's tests still run")
		}
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr = ln.Addr().String()
	ln.Close()
	// smtp-sink drops to nobody, who cannot enter t.TempDir()'s parent.
	dir, err = os.MkdirTemp("", "ownerd-smtp-sink-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	os.Chmod(dir, 0o777)
	args := []string{"-d", filepath.Join(dir, "%H%M%S."), addr, "10"}
	if os.Geteuid() == 0 {
		args = append([]string{"-u", "nobody"}, args...)
	}
	cmd := exec.Command(bin, args...)
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		if c, err := net.Dial("tcp", addr); err == nil {
			c.Close()
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("smtp-sink did not listen on %s", addr)
		}
	}
	return addr, dir
}

// TestDigestThroughRealSMTP: the digest arrives through a real SMTP
// server, whole: the subject with the counts, the text and the HTML.
func TestDigestThroughRealSMTP(t *testing.T) {
	addr, dir := smtpSink(t)
	sc, in := carter(t)
	in.Team = in.Open[0].Team
	d := Build(in)
	sender, err := mail.NewSender(mail.SMTP{Addr: addr, Security: "plain", From: "ownerd@agency.example"}, sc.Org, "")
	if err != nil {
		t.Fatal(err)
	}
	if err := sender.Send(context.Background(), mail.Message{To: []string{d.Lead.Email}, Subject: d.Subject(), Text: d.Text(), HTML: d.HTML()}); err != nil {
		t.Fatal(err)
	}
	var got []byte
	for deadline := time.Now().Add(10 * time.Second); len(got) == 0; time.Sleep(20 * time.Millisecond) {
		files, _ := os.ReadDir(dir)
		for _, f := range files {
			got, _ = os.ReadFile(filepath.Join(dir, f.Name()))
		}
		if time.Now().After(deadline) {
			t.Fatal("smtp-sink wrote no message")
		}
	}
	text := string(got)
	for _, want := range []string{"raj@agency.example", "multipart/alternative", "text/plain", "text/html", "=?UTF-8?q?ownerd:_studio"} {
		if !strings.Contains(text, want) {
			t.Errorf("the message smtp-sink received lacks %q:\n%.800s", want, text)
		}
	}
	// A lead at a client's domain is never written to.
	if err := sender.Send(context.Background(), mail.Message{To: []string{"tom@carter.example"}, Subject: "x", Text: "x"}); err == nil {
		t.Error("a digest to a client's address was sent")
	}
}
