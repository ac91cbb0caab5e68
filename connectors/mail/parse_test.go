package mail

import (
	"fmt"
	"strings"
	"testing"

	"github.com/ownerd/ownerd/model"
)

func testOrg() *model.Org {
	o := &model.Org{TeamDomains: []string{"agency.example"}, ClientDomains: []string{"carter.example"},
		People: []model.Person{{ID: "mia", Email: "mia@agency.example"}}}
	o.Index()
	return o
}

func TestParse(t *testing.T) {
	cases := []struct {
		name, raw string
		check     func(m *model.Message) string
	}{
		{"plain", "Message-ID: <c1@carter.example>\r\nDate: Tue, 10 Mar 2026 09:00:00 -0400\r\nFrom: Tom Carter <TOM@carter.example>\r\nTo: Mia <mia@agency.example>, bob@agency.example\r\nCc: anna@agency.example\r\nSubject: Revised campaign?\r\nIn-Reply-To: <m0@agency.example>\r\nReferences: <r1@x> <m0@agency.example>\r\n\r\nWhere is it?\r\n", func(m *model.Message) string {
			if m.ID != "<c1@carter.example>" || m.FromAddr != "tom@carter.example" || m.To[0] != "mia" || len(m.ToAddrs) != 3 || m.InReplyTo != "<m0@agency.example>" ||
				fmt.Sprint(m.References) != "[<r1@x> <m0@agency.example>]" || m.At.UTC().Hour() != 13 || m.Subject != "Revised campaign?" || strings.TrimSpace(m.Body) != "Where is it?" {
				return fmt.Sprintf("%+v", m)
			}
			return ""
		}},
		{"quoted-printable and a charset", "Message-ID: <q@x>\r\nFrom: a@carter.example\r\nSubject: =?ISO-8859-1?Q?Caf=E9_menu?=\r\nContent-Type: text/plain; charset=iso-8859-1\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\nLe caf=E9 est pr=EAt.\r\n", func(m *model.Message) string {
			if m.Subject != "Café menu" || !strings.Contains(m.Body, "Le café est prêt.") {
				return fmt.Sprintf("%q %q", m.Subject, m.Body)
			}
			return ""
		}},
		{"base64", "Message-ID: <b@x>\r\nFrom: a@carter.example\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\nSSdsbCBzZW5kIGl0IGJ5IEZyaWRheS4=\r\n", func(m *model.Message) string {
			if m.Body != "I'll send it by Friday." {
				return fmt.Sprintf("%q", m.Body)
			}
			return ""
		}},
		{"an unknown charset", "Message-ID: <u@x>\r\nFrom: a@carter.example\r\nContent-Type: text/plain; charset=x-nowhere\r\n\r\nplain words\r\n", func(m *model.Message) string {
			if !strings.Contains(m.Body, "plain words") {
				return fmt.Sprintf("%q", m.Body)
			}
			return ""
		}},
		{"HTML only, the history quoted", "Message-ID: <h@x>\r\nFrom: a@carter.example\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<html><head><style>p{}</style></head><body><p>Thanks, <b>I'll</b> have it Friday.</p><div class=gmail_quote><blockquote>Where is it?<br>Tom</blockquote></div><script>x()</script></body></html>", func(m *model.Message) string {
			if m.Body != "Thanks, I'll have it Friday.\n> Where is it?\n> Tom" {
				return fmt.Sprintf("%q", m.Body)
			}
			return ""
		}},
		{"attachments skipped", "Message-ID: <a@x>\r\nFrom: a@carter.example\r\nContent-Type: multipart/mixed; boundary=B\r\n\r\n--B\r\nContent-Type: text/plain\r\n\r\nSee attached.\r\n--B\r\nContent-Type: application/pdf\r\nContent-Disposition: attachment; filename=x.pdf\r\nContent-Transfer-Encoding: base64\r\n\r\nJVBERi0=\r\n--B--\r\n", func(m *model.Message) string {
			if strings.TrimSpace(m.Body) != "See attached." {
				return fmt.Sprintf("%q", m.Body)
			}
			return ""
		}},
		{"no Message-ID: a stable one", "From: a@carter.example\r\nDate: Tue, 10 Mar 2026 09:00:00 -0400\r\nSubject: hi\r\n\r\nbody\r\n", func(m *model.Message) string {
			// The same mail filed in another folder, headers reordered: same id.
			again, _ := Parse([]byte("Subject: hi\r\nFrom: a@carter.example\r\nDate: Tue, 10 Mar 2026 09:00:00 -0400\r\nX-Other: 1\r\n\r\nbody\r\n"), testOrg(), "Sent")
			if !strings.HasSuffix(m.ID, "@ownerd.invalid>") || again.ID != m.ID {
				return m.ID + " " + again.ID
			}
			// Two mails sent the same minute with the same subject are two mails.
			other, _ := Parse([]byte("From: a@carter.example\r\nDate: Tue, 10 Mar 2026 09:00:00 -0400\r\nSubject: hi\r\n\r\nother body\r\n"), testOrg(), "INBOX")
			if other.ID == m.ID {
				return "different bodies share id " + m.ID
			}
			return ""
		}},
		{"a line break smuggled into the subject", "Message-ID: <s@x>\r\nFrom: a@carter.example\r\nSubject: =?UTF-8?Q?hello=0D=0ABcc:_evil@x?=\r\n\r\nx\r\n", func(m *model.Message) string {
			if strings.ContainsAny(m.Subject, "\r\n") {
				return fmt.Sprintf("%q", m.Subject)
			}
			return ""
		}},
		{"8-bit headers", "Message-ID: <8@x>\r\nFrom: Zoë <zoe@carter.example>\r\nSubject: Über alles\r\n\r\nx\r\n", func(m *model.Message) string {
			if m.Subject != "Über alles" || m.FromAddr != "zoe@carter.example" {
				return fmt.Sprintf("%q %q", m.Subject, m.FromAddr)
			}
			return ""
		}},
		{"a part in a charset nobody knows is still read", "Message-ID: <cs@x>\r\nFrom: a@carter.example\r\nContent-Type: multipart/alternative; boundary=B\r\n\r\n--B\r\nContent-Type: text/plain; charset=x-unheard-of\r\n\r\nWe are waiting on you.\r\n--B--\r\n", func(m *model.Message) string {
			if !strings.Contains(m.Body, "We are waiting on you.") {
				return fmt.Sprintf("%q", m.Body)
			}
			return ""
		}},
		{"threading ids with commas and a bad one among them", "Message-ID: <t@x>\r\nFrom: a@carter.example\r\nIn-Reply-To: Your message of Monday <p2@x>\r\nReferences: <p0@x>, <p1 bad>, <p2@x>\r\n\r\nx\r\n", func(m *model.Message) string {
			if m.InReplyTo != "<p2@x>" || strings.Join(m.References, " ") != "<p0@x> <p2@x>" {
				return fmt.Sprintf("%q %q", m.InReplyTo, m.References)
			}
			return ""
		}},
		{"an 8-bit display name keeps the address", "Message-ID: <l@x>\r\nFrom: Ren\xe9 M\xfcller <Rene@Carter.example>\r\nTo: \"Doe, Jane\" <jane@acme.example>, bob@acme.example\r\n\r\nx\r\n", func(m *model.Message) string {
			if m.FromAddr != "rene@carter.example" || strings.Join(m.ToAddrs, " ") != "jane@acme.example bob@acme.example" {
				return fmt.Sprintf("%q %q", m.FromAddr, m.ToAddrs)
			}
			return ""
		}},
		{"control characters leave the subject", "Message-ID: <c@x>\r\nFrom: a@carter.example\r\nSubject: =?UTF-8?Q?late=1B[31m_again=07?=\r\n\r\nx\r\n", func(m *model.Message) string {
			if strings.ContainsAny(m.Subject, "\x1b\x07") || !strings.HasPrefix(m.Subject, "late") {
				return fmt.Sprintf("%q", m.Subject)
			}
			return ""
		}},
		{"a file shown inline is not the message", "Message-ID: <f@x>\r\nFrom: a@carter.example\r\nContent-Type: multipart/mixed; boundary=B\r\n\r\n--B\r\nContent-Type: text/plain\r\nContent-Disposition: inline; filename=build.log\r\n\r\nERROR: it is out of my hands\r\n--B\r\nContent-Type: text/plain\r\n\r\nLog attached.\r\n--B--\r\n", func(m *model.Message) string {
			if strings.Contains(m.Body, "out of my hands") || !strings.Contains(m.Body, "Log attached.") {
				return fmt.Sprintf("%q", m.Body)
			}
			return ""
		}},
		{"a multipart that breaks off", "Message-ID: <m@x>\r\nFrom: a@carter.example\r\nContent-Type: multipart/alternative; boundary=B\r\n\r\n--B\r\nContent-Type: text/plain\r\n\r\nFirst part survives.\r\n--B\r\nContent-Type: text/html\r\n\r\n<p>cut", func(m *model.Message) string {
			if !strings.Contains(m.Body, "First part survives.") {
				return fmt.Sprintf("%q", m.Body)
			}
			return ""
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m, err := Parse([]byte(c.raw), testOrg(), "INBOX")
			if err != nil {
				t.Fatal(err)
			}
			if problem := c.check(m); problem != "" {
				t.Error(problem)
			}
		})
	}
	if _, err := Parse([]byte("\x00\x01 not mail at all"), testOrg(), "INBOX"); err == nil {
		t.Log("binary garbage parsed as a message with no headers")
	}
}

// TestParseLarge: a 30 MB attachment costs reading past it, and the text
// kept is bounded.
func TestParseLarge(t *testing.T) {
	raw := "Message-ID: <big@x>\r\nFrom: a@carter.example\r\nContent-Type: multipart/mixed; boundary=B\r\n\r\n--B\r\nContent-Type: text/plain\r\n\r\n" +
		strings.Repeat("word ", 1<<20) + "\r\n--B\r\nContent-Type: application/octet-stream\r\nContent-Disposition: attachment\r\n\r\n" + strings.Repeat("A", 30<<20) + "\r\n--B--\r\n"
	m, err := Parse([]byte(raw), testOrg(), "INBOX")
	if err != nil || len(m.Body) != MaxText {
		t.Errorf("%d bytes of text, %v", len(m.Body), err)
	}
}

func FuzzParseMessage(f *testing.F) {
	f.Add([]byte("Message-ID: <c1@carter.example>\r\nFrom: Tom <tom@carter.example>\r\nSubject: hi\r\n\r\nbody\r\n"))
	f.Add([]byte("Content-Type: multipart/mixed; boundary=B\r\n\r\n--B\r\nContent-Type: text/html\r\n\r\n<blockquote><blockquote>x"))
	f.Add([]byte("Subject: =?utf-8?B?////?=\r\nFrom: <<<@>>>\r\nReferences: <a> <\r\n\r\n"))
	f.Fuzz(func(t *testing.T, raw []byte) {
		m, err := Parse(raw, testOrg(), "INBOX")
		if err != nil {
			return
		}
		if m.ID == "" || strings.ContainsAny(m.Subject, "\r\n") || len(m.Body) > MaxText+4 {
			t.Fatalf("message: id %q subject %q body %d bytes", m.ID, m.Subject, len(m.Body))
		}
	})
}
