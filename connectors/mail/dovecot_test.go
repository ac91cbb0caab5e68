package mail

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	crand "crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"math/big"
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
	addr, _, _ = dovecotTLS(t, false)
	return addr
}

// dovecotTLS is dovecot, also listening with implicit TLS (and offering
// STARTTLS on the plain port) with a self-signed certificate, whose PEM
// file it returns, when withTLS is set.
func dovecotTLS(t *testing.T, withTLS bool) (addr, tlsAddr, caFile string) {
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
	tlsPort, sslConf := 0, "ssl = no\n"
	if withTLS {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		tlsPort = ln.Addr().(*net.TCPAddr).Port
		ln.Close()
		caFile = filepath.Join(dir, "cert.pem")
		keyFile := filepath.Join(dir, "key.pem")
		selfSigned(t, caFile, keyFile)
		sslConf = fmt.Sprintf("ssl = yes\nssl_cert = <%s\nssl_key = <%s\n", caFile, keyFile)
	}
	passwd := filepath.Join(dir, "passwd")
	os.WriteFile(passwd, []byte(mailtest.User+":{PLAIN}"+mailtest.Password+"::::::\n"), 0o644)
	conf := filepath.Join(dir, "dovecot.conf")
	os.WriteFile(conf, []byte(fmt.Sprintf(`base_dir = %[1]s/run
state_dir = %[1]s/state
log_path = %[1]s/dovecot.log
protocols = imap
listen = 127.0.0.1
%[5]sdisable_plaintext_auth = no
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
    address = 127.0.0.1
    port = %[6]d
    ssl = yes
  }
}
service anvil {
  chroot =
}
`, dir, home, passwd, port, sslConf, tlsPort)), 0o644)
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
	if withTLS {
		tlsAddr = fmt.Sprintf("127.0.0.1:%d", tlsPort)
	}
	for start := time.Now(); ; {
		if conn, err := net.Dial("tcp", addr); err == nil {
			conn.Close()
			return addr, tlsAddr, caFile
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
	ch, st, err = r.Sync(t.Context(), o, st)
	if err != nil || len(ch.Messages) != 1 || ch.Messages[0].ID != "<d@agency.example>" {
		t.Fatalf("after a new UIDVALIDITY: %+v, %v", ch.Messages, err)
	}
	// Dovecot has CONDSTORE: the state holds each mailbox's HIGHESTMODSEQ.
	var boxes map[string]mailboxState
	json.Unmarshal(st, &boxes)
	if boxes["INBOX"].HighestModSeq == 0 || boxes["Sent"].HighestModSeq == 0 {
		t.Errorf("no HIGHESTMODSEQ kept from a CONDSTORE server: %+v", boxes)
	}
	// IDLE: a message arriving wakes the watcher.
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
	time.Sleep(300 * time.Millisecond)
	appendTo("INBOX", testMessage("<e@carter.example>", "INBOX", at.Add(4*time.Hour)))
	select {
	case <-woke:
	case <-time.After(10 * time.Second):
		t.Error("IDLE did not wake the watcher")
	}
	cancel()
	if err := <-done; err != nil {
		t.Errorf("watch: %v", err)
	}
	r.Close()
}

// selfSigned writes a self-signed certificate for 127.0.0.1 and its key.
func selfSigned(t *testing.T, certFile, keyFile string) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), crand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "127.0.0.1"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(24 * time.Hour),
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}, KeyUsage: x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}, IsCA: true, BasicConstraintsValid: true,
	}
	der, err := x509.CreateCertificate(crand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	keyDER, _ := x509.MarshalECPrivateKey(key)
	os.WriteFile(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o644)
	os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: keyDER}), 0o644)
}

// TestDovecotTLS: the reader over implicit TLS and over STARTTLS, trusting
// the server's own certificate authority, and refusing a server it cannot
// trust.
func TestDovecotTLS(t *testing.T) {
	addr, tlsAddr, ca := dovecotTLS(t, true)
	for _, acct := range []Account{
		{Addr: tlsAddr, Security: "tls", User: mailtest.User, CAFile: ca},
		{Addr: addr, Security: "starttls", User: mailtest.User, CAFile: ca},
	} {
		r, err := NewReader(acct, WithPassword(mailtest.Password))
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := r.Sync(t.Context(), testOrg(), nil); err != nil {
			t.Errorf("%s: %v", acct.Security, err)
		}
		r.Close()
	}
	untrusted, _ := NewReader(Account{Addr: tlsAddr, Security: "tls", User: mailtest.User}, WithPassword(mailtest.Password))
	if _, _, err := untrusted.Sync(t.Context(), testOrg(), nil); err == nil || !strings.Contains(err.Error(), "certificate") {
		t.Errorf("a certificate nobody vouches for: %v", err)
	}
}
