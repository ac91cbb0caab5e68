package mail

import (
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"

	"github.com/ownerd/ownerd/connectors/mail/mailtest"
	"github.com/ownerd/ownerd/model"
)

// dovecot starts a real Dovecot on a free loopback port, as this test's
// child, with its configuration, users and mail in a temporary folder, and
// stops it when the test ends. Without Dovecot the test is skipped, and
// fails where CI=true: CI installs it (Debian's dovecot-imapd).
func dovecot(t *testing.T) (addr string) {
	t.Helper()
	bin, err := exec.LookPath("dovecot")
	if err != nil {
		if _, err2 := os.Stat("/usr/sbin/dovecot"); err2 == nil {
			bin = "/usr/sbin/dovecot"
		} else if os.Getenv("CI") == "true" {
			t.Fatal("dovecot is not installed, and CI must run this test: apt-get install dovecot-imapd")
		} else {
			t.Skip("dovecot is not installed (apt-get install dovecot-imapd); the in-memory IMAP server's tests still run")
		}
	}
	dir := t.TempDir()
	// Dovecot reads mail as an unprivileged user, who must reach the
	// mail under the test's folder.
	for _, d := range []string{dir, filepath.Dir(dir)} {
		os.Chmod(d, 0o755)
	}
	home := filepath.Join(dir, "home")
	os.MkdirAll(home, 0o777)
	os.Chmod(home, 0o777)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	passwd := filepath.Join(dir, "passwd")
	os.WriteFile(passwd, []byte(mailtest.User+":{PLAIN}"+mailtest.Password+"::::::\n"), 0o644)
	conf := filepath.Join(dir, "dovecot.conf")
	os.WriteFile(conf, []byte(fmt.Sprintf(`base_dir = %[1]s/run
state_dir = %[1]s/state
log_path = %[1]s/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
mail_uid = nobody
mail_gid = nogroup
first_valid_uid = 1
mail_location = maildir:%[2]s/%%u/Maildir
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%%u %[3]s
}
userdb {
  driver = static
  args = uid=nobody gid=nogroup home=%[2]s/%%u
}
namespace inbox {
  inbox = yes
  mailbox Sent {
    special_use = \Sent
    auto = create
  }
}
service imap-login {
  chroot =
  inet_listener imap {
    address = 127.0.0.1
    port = %[4]d
  }
  inet_listener imaps {
    port = 0
  }
}
service anvil {
  chroot =
}
`, dir, home, passwd, port)), 0o644)
	cmd := exec.Command(bin, "-F", "-c", conf)
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Signal(syscall.SIGTERM)
		cmd.Wait()
	})
	addr = fmt.Sprintf("127.0.0.1:%d", port)
	for start := time.Now(); ; {
		if conn, err := net.Dial("tcp", addr); err == nil {
			conn.Close()
			return addr
		}
		if time.Since(start) > 10*time.Second {
			log, _ := os.ReadFile(filepath.Join(dir, "dovecot.log"))
			t.Fatalf("dovecot did not listen on %s:\n%s", addr, log)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// TestDovecot: the reader against a real Dovecot: messages appended over
// IMAP are read back from INBOX and the \Sent mailbox, a second sync reads
// only what arrived, and a mailbox recreated (a new UIDVALIDITY) is read
// again from its start.
func TestDovecot(t *testing.T) {
	addr := dovecot(t)
	c, err := imapclient.DialInsecure(addr, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if err := c.Login(mailtest.User, mailtest.Password).Wait(); err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 3, 10, 13, 0, 0, 0, time.UTC)
	appendTo := func(box string, m *model.Message) {
		raw := mailtest.Render(m)
		cmd := c.Append(box, int64(len(raw)), &imap.AppendOptions{Time: m.At})
		cmd.Write(raw)
		cmd.Close()
		if _, err := cmd.Wait(); err != nil {
			t.Fatalf("append to %s: %v", box, err)
		}
	}
	appendTo("INBOX", testMessage("<a@carter.example>", "INBOX", at))
	appendTo("Sent", testMessage("<b@agency.example>", "Sent", at.Add(time.Hour)))

	r, err := NewReader(Account{Addr: addr, Security: "plain", User: mailtest.User}, WithPassword(mailtest.Password))
	if err != nil {
		t.Fatal(err)
	}
	o := testOrg()
	ch, st, err := r.Sync(t.Context(), o, nil)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, m := range ch.Messages {
		ids = append(ids, m.Mailbox+" "+m.ID)
	}
	if strings.Join(ids, ", ") != "INBOX <a@carter.example>, Sent <b@agency.example>" || !ch.Messages[1].At.Equal(at.Add(time.Hour)) {
		t.Fatalf("first sync: %v", ids)
	}
	appendTo("INBOX", testMessage("<c@carter.example>", "INBOX", at.Add(2*time.Hour)))
	ch, st, err = r.Sync(t.Context(), o, st)
	if err != nil || len(ch.Messages) != 1 || ch.Messages[0].ID != "<c@carter.example>" {
		t.Fatalf("second sync: %+v, %v", ch.Messages, err)
	}
	// Recreated, Sent has a new UIDVALIDITY: all of it is read again.
	if err := c.Delete("Sent").Wait(); err != nil {
		t.Fatal(err)
	}
	if err := c.Create("Sent", &imap.CreateOptions{SpecialUse: []imap.MailboxAttr{imap.MailboxAttrSent}}).Wait(); err != nil {
		t.Fatal(err)
	}
	appendTo("Sent", testMessage("<d@agency.example>", "Sent", at.Add(3*time.Hour)))
	ch, _, err = r.Sync(t.Context(), o, st)
	if err != nil || len(ch.Messages) != 1 || ch.Messages[0].ID != "<d@agency.example>" {
		t.Fatalf("after a new UIDVALIDITY: %+v, %v", ch.Messages, err)
	}
}
