package mail

import (
	"fmt"
	"strings"
	"testing"

	"github.com/ownerd/ownerd/model"
	"github.com/ownerd/ownerd/reconcile"
)

// corpus makes n messages as clients send them: threads of replies, half
// plain text with the history quoted under "On … wrote:", half HTML-only
// with the history in a blockquote.
func corpus(n int) [][]byte {
	out := make([][]byte, 0, n)
	for i := range n {
		thread, step := i/5, i%5
		id := fmt.Sprintf("<t%d.%d@carter.example>", thread, step)
		refs := ""
		for s := range step {
			refs += fmt.Sprintf(" <t%d.%d@carter.example>", thread, s)
		}
		var b strings.Builder
		fmt.Fprintf(&b, "Message-ID: %s\r\nDate: Tue, 10 Mar 2026 %02d:%02d:00 -0400\r\nFrom: Tom Carter <tom@carter.example>\r\nTo: mia@agency.example\r\nSubject: Re: Campaign %d\r\n", id, 8+step, i%60, thread)
		if step > 0 {
			fmt.Fprintf(&b, "In-Reply-To: <t%d.%d@carter.example>\r\nReferences:%s\r\n", thread, step-1, refs)
		}
		if i%2 == 0 {
			b.WriteString("Content-Type: text/plain; charset=utf-8\r\n\r\nHi Mia,\r\n\r\nCould you send the revised deck? We need it before the board meets on Friday.\r\n\r\nThanks,\r\nTom\r\n\r\nOn Mon, Mar 9, 2026 at 9:05 AM Mia <mia@agency.example> wrote:\r\n> I'll have it to you by tomorrow morning.\r\n> Best, Mia\r\n")
		} else {
			b.WriteString("Content-Type: text/html; charset=utf-8\r\n\r\n<html><body><div>Hi Mia,</div><div>Could you send the revised deck? We need it before the board meets on Friday.</div><div>Thanks, Tom</div><div class=\"gmail_quote\"><blockquote>I'll have it to you by tomorrow morning.<br>Best, Mia</blockquote></div></body></html>\r\n")
		}
		out = append(out, []byte(b.String()))
	}
	return out
}

// BenchmarkParseAndThread parses 10,000 messages and threads them: the
// README quotes messages per second and bytes per message.
func BenchmarkParseAndThread(b *testing.B) {
	raws := corpus(10000)
	size := 0
	for _, r := range raws {
		size += len(r)
	}
	org := testOrg()
	b.SetBytes(int64(size))
	b.ReportAllocs()
	for b.Loop() {
		msgs := make([]*model.Message, 0, len(raws))
		for _, r := range raws {
			m, err := Parse(r, org, "INBOX")
			if err != nil {
				b.Fatal(err)
			}
			msgs = append(msgs, m)
		}
		if threads := reconcile.Threads(msgs); len(threads) != 2000 {
			b.Fatalf("%d threads, want 2000", len(threads))
		}
	}
	b.ReportMetric(float64(len(raws))*float64(b.N)/b.Elapsed().Seconds(), "messages/s")
}
