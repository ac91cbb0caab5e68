package language

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// emails are realistic messages: several paragraphs, a signature and the
// quoted thread below the reply, as mail clients send them.
var emails = []string{
	`Hi Tom,

Thanks for your patience on this one, and sorry for the back and forth. We've gone through your notes from Tuesday's call with the team and made the changes to the hero section and the pricing table.

I'll have the revised campaign deck in your inbox by tomorrow morning. Josh will send the cut-downs on Friday once the colour grade is approved.

Could you confirm the banner sizes are still 300x250 and 728x90? This is a top priority for us.

Best,
Mia

--
Mia Lopez
Account Lead, agency.example
+1 555 0100

On Wed, Apr 15, 2026 at 3:00 PM Tom Carter <tom@client.example> wrote:
> Hi Mia,
>
> Where are we on the deck? The launch is in two weeks and I still haven't
> seen the revised version. This is the third time I'm asking.
>
> Tom
>
> On Mon, Apr 13, 2026 at 9:00 AM Mia Lopez <mia@agency.example> wrote:
>> We'll have it to you by end of week.
`,
	`Hello Kiran,

I understand the frustration. Unfortunately the shoot date is not my call - that's something Scheduling will have to decide, and they're out until Monday. You'd have to talk to Raj about the studio fee as well.

Kind regards,
Dana

From: Kiran Patel <kiran@bayside.example>
Sent: Monday, April 20, 2026 9:12 AM
To: Dana Reyes <dana@lumen.example>
Subject: RE: shoot

Can we push the shoot to next week? It's urgent for us.
We'll cover the extra studio fee.

-----Original Message-----
From: Dana Reyes
Sent: Friday, April 17, 2026 4:00 PM

The shoot is confirmed for Thursday.
`,
	`thanks, got it! will have the copy deck over to you eod, and i'll ping you in an hour with the link to the staging build so you can check the new navigation before the review on 12 June.

Sent from my iPhone
`,
}

func BenchmarkClassify(b *testing.B) {
	r := New(WithTeams("Scheduling", "Mia", "Raj"))
	now := time.Date(2026, 4, 15, 15, 0, 0, 0, time.UTC)
	total := 0
	for _, e := range emails {
		total += len(e)
	}
	b.SetBytes(int64(total))
	b.ReportAllocs()
	for b.Loop() {
		for _, e := range emails {
			_ = r.Read(e, now)
		}
	}
}

// BenchmarkClassifyNewText measures the new part only, without quoted
// history, which is the expensive part of reading.
func BenchmarkClassifyNewText(b *testing.B) {
	r := New()
	now := time.Date(2026, 4, 15, 15, 0, 0, 0, time.UTC)
	text := strings.Repeat(NewPart(emails[0])+"\n\n", 4)
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		_ = r.Read(text, now)
	}
}

// BenchmarkClassifyLength reads one message of two lengths, eight times
// apart: the time per byte stays the same, because reading is linear in
// the text (the README quotes the ratio).
func BenchmarkClassifyLength(b *testing.B) {
	r := New(WithTeams("Scheduling", "Mia", "Raj"))
	now := time.Date(2026, 4, 15, 15, 0, 0, 0, time.UTC)
	part := NewPart(emails[0]) + "\n\n" + NewPart(emails[1]) + "\n\n"
	for _, k := range []int{1, 8} {
		text := strings.Repeat(part, 64*k)
		b.Run(fmt.Sprintf("size=%dx", k), func(b *testing.B) {
			b.SetBytes(int64(len(text)))
			b.ReportAllocs()
			for b.Loop() {
				_ = r.Read(text, now)
			}
		})
	}
}

// hostile are texts made to find work that grows faster than the text:
// many sentences, one endless sentence, endless quoting, hedges after
// every promise.
var hostile = []string{
	strings.Repeat("I will.\n", 80000),
	strings.Repeat("I will ", 50000),
	strings.Repeat("> quoted\n", 50000) + "I'll send it by Friday.",
	strings.Repeat("I'll send it by Friday, hopefully. Hopefully! ", 10000),
	strings.Repeat("That's not my call, talk to Mia. Could you send it? Urgent! ", 10000),
	strings.Repeat("by Friday by Monday by tomorrow at 3pm ", 20000),
	// A weak agent in every sentence: the deflection grammar asks once
	// per message whether the speaker's side is powerless (it once asked
	// at every agent: 1 MB took 7.5 s).
	strings.Repeat("The report was prepared by the finance team. ", 25000),
	strings.Repeat("Only the council can fix it; we just get told. ", 20000),
}

func FuzzClassify(f *testing.F) {
	for _, e := range emails {
		f.Add(e, int64(1776279600))
	}
	for _, h := range hostile {
		f.Add(h, int64(1776279600))
	}
	f.Add("I'll send it in 99999999999 days by 99:99pm on 2026-13-45", int64(0))
	f.Add("ill well tmrw afternon  on the 31st of february, at 12am", int64(-1))
	f.Add("On x\nwrote:\n> -- \n{quote}", int64(1))
	r := New(WithTeams("Scheduling", "Creative Services"))
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, text string, sec int64) {
		now := time.Unix(sec%(1<<34), 0).In(ny)
		start := time.Now()
		a := r.Read(text, now)
		// A bound a hundred times the usual cost of a byte: reading that
		// grows faster than the text (it once took 83 s on 5.9 MB of
		// short sentences) fails it on the large inputs above.
		if d, limit := time.Since(start), 200*time.Millisecond+time.Duration(len(text))*4*time.Microsecond; d > limit {
			t.Errorf("Read took %s on %d bytes (limit %s)", d, len(text), limit)
		}
		b := r.Read(text, now)
		if a.Commitment != b.Commitment || !a.Due.Equal(b.Due) || a.Deflection != b.Deflection ||
			a.Request != b.Request || a.Priority != b.Priority || len(a.Spans) != len(b.Spans) {
			t.Errorf("not deterministic: %+v vs %+v", a, b)
		}
		if a.Commitment && a.Deflection {
			t.Errorf("commitment and deflection together: %+v", a)
		}
		if !a.Commitment && !a.Due.IsZero() {
			t.Errorf("due without commitment: %+v", a)
		}
		for _, s := range a.Spans {
			if s.Text == "" {
				t.Errorf("empty span: %+v", a)
			}
		}
	})
}
