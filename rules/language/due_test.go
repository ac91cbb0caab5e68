package language

import (
	"testing"
	"time"
)

// TestDue pins the due-time table of classify.md to exact instants,
// including DST changes and the year end.
func TestDue(t *testing.T) {
	ny := mustLoad(t, "America/New_York")
	ber := mustLoad(t, "Europe/Berlin")
	lon := mustLoad(t, "Europe/London")
	wed := time.Date(2026, 4, 15, 15, 0, 0, 0, ny) // a Wednesday
	tests := []struct {
		words string
		now   time.Time
		want  string // RFC3339, "" for no due
	}{
		{"today", wed, "2026-04-15T23:59:59-04:00"},
		{"tonight", wed, "2026-04-15T23:59:59-04:00"},
		{"by end of day", wed, "2026-04-15T23:59:59-04:00"},
		{"EOD", wed, "2026-04-15T23:59:59-04:00"},
		{"by close of business", wed, "2026-04-15T23:59:59-04:00"},
		{"this morning", time.Date(2026, 4, 15, 8, 0, 0, 0, ny), "2026-04-15T12:00:00-04:00"},
		{"by noon", time.Date(2026, 4, 15, 8, 0, 0, 0, ny), "2026-04-15T12:00:00-04:00"},
		{"this afternoon", time.Date(2026, 4, 15, 8, 0, 0, 0, ny), "2026-04-15T18:00:00-04:00"},
		{"by 3pm", time.Date(2026, 4, 15, 8, 0, 0, 0, ny), "2026-04-15T15:00:00-04:00"},
		{"by 3:30 p.m.", time.Date(2026, 4, 15, 8, 0, 0, 0, ny), "2026-04-15T15:30:00-04:00"},
		{"at 15:00", time.Date(2026, 4, 15, 16, 0, 0, 0, ny), "2026-04-16T15:00:00-04:00"},
		{"by 10am", wed, "2026-04-16T10:00:00-04:00"},
		{"tomorrow", wed, "2026-04-16T23:59:59-04:00"},
		{"tomorrow morning", wed, "2026-04-16T12:00:00-04:00"},
		{"first thing tomorrow", wed, "2026-04-16T12:00:00-04:00"},
		{"first thing in the morning", wed, "2026-04-16T12:00:00-04:00"},
		{"tomorrow afternoon", wed, "2026-04-16T18:00:00-04:00"},
		{"tomorrow at 9am", wed, "2026-04-16T09:00:00-04:00"},
		{"Monday", wed, "2026-04-20T23:59:59-04:00"},
		{"on Friday", wed, "2026-04-17T23:59:59-04:00"},
		{"by Friday", time.Date(2026, 4, 17, 9, 0, 0, 0, ny), "2026-04-24T23:59:59-04:00"},
		{"next Friday", wed, "2026-04-17T23:59:59-04:00"},
		{"on Wednesday", wed, "2026-04-22T23:59:59-04:00"},
		{"Friday morning", wed, "2026-04-17T12:00:00-04:00"},
		{"this week", wed, "2026-04-17T23:59:59-04:00"},
		{"by the end of the week", time.Date(2026, 4, 17, 9, 0, 0, 0, ny), "2026-04-17T23:59:59-04:00"},
		{"this week", time.Date(2026, 4, 18, 9, 0, 0, 0, ny), "2026-04-24T23:59:59-04:00"},
		{"end of the week", time.Date(2026, 4, 19, 9, 0, 0, 0, ny), "2026-04-24T23:59:59-04:00"},
		{"next week", wed, "2026-04-24T23:59:59-04:00"},
		{"next week", time.Date(2026, 4, 18, 9, 0, 0, 0, ny), "2026-04-24T23:59:59-04:00"},
		{"in 3 days", wed, "2026-04-18T23:59:59-04:00"},
		{"in two days", wed, "2026-04-17T23:59:59-04:00"},
		{"in 2 business days", time.Date(2026, 4, 17, 9, 0, 0, 0, ny), "2026-04-21T23:59:59-04:00"},
		{"in 3 hours", time.Date(2026, 4, 15, 22, 30, 0, 0, ny), "2026-04-16T01:30:00-04:00"},
		{"in an hour", wed, "2026-04-15T16:00:00-04:00"},
		{"in an hour or two", wed, "2026-04-15T17:00:00-04:00"},
		{"March 3rd", wed, "2027-03-03T23:59:59-05:00"},
		{"3 March", wed, "2027-03-03T23:59:59-05:00"},
		{"2026-03-03", wed, "2026-03-03T23:59:59-05:00"},
		{"May 6th", wed, "2026-05-06T23:59:59-04:00"},
		{"12 June", wed, "2026-06-12T23:59:59-04:00"},
		{"the 15th", time.Date(2026, 4, 16, 9, 0, 0, 0, ny), "2026-05-15T23:59:59-04:00"},
		{"end of the month", wed, "2026-04-30T23:59:59-04:00"},
		{"end of the month", time.Date(2026, 2, 3, 9, 0, 0, 0, ny), "2026-02-28T23:59:59-05:00"},
		// DST starts in New York on 2026-03-08: days keep their wall clock.
		{"tomorrow", time.Date(2026, 3, 7, 10, 0, 0, 0, ny), "2026-03-08T23:59:59-04:00"},
		{"tomorrow morning", time.Date(2026, 3, 7, 10, 0, 0, 0, ny), "2026-03-08T12:00:00-04:00"},
		{"in 3 hours", time.Date(2026, 3, 8, 0, 30, 0, 0, ny), "2026-03-08T04:30:00-04:00"},
		// DST ends in Berlin on 2026-10-25.
		{"tomorrow", time.Date(2026, 10, 24, 18, 0, 0, 0, ber), "2026-10-25T23:59:59+01:00"},
		{"in 2 hours", time.Date(2026, 10, 25, 1, 30, 0, 0, ber), "2026-10-25T02:30:00+01:00"},
		{"by 9am", time.Date(2026, 10, 24, 18, 0, 0, 0, ber), "2026-10-25T09:00:00+01:00"},
		// Year end.
		{"tomorrow", time.Date(2026, 12, 31, 10, 0, 0, 0, lon), "2027-01-01T23:59:59Z"},
		{"next week", time.Date(2026, 12, 31, 10, 0, 0, 0, lon), "2027-01-08T23:59:59Z"},
		{"in 3 days", time.Date(2026, 12, 30, 10, 0, 0, 0, lon), "2027-01-02T23:59:59Z"},
		{"soon", wed, ""},
		{"asap", wed, ""},
	}
	r := New()
	for _, tt := range tests {
		t.Run(tt.words+"@"+tt.now.Format("Mon 2006-01-02T15:04"), func(t *testing.T) {
			got := r.Read("I'll send it "+tt.words+".", tt.now)
			if !got.Commitment {
				t.Fatalf("no commitment read")
			}
			if tt.want == "" {
				if !got.Due.IsZero() {
					t.Errorf("due = %s, want none", got.Due.Format(time.RFC3339))
				}
				return
			}
			want, err := time.Parse(time.RFC3339, tt.want)
			if err != nil {
				t.Fatal(err)
			}
			if !got.Due.Equal(want) || got.Due.Location() != tt.now.Location() {
				t.Errorf("due = %s (%s), want %s", got.Due.Format(time.RFC3339), got.Due.Location(), tt.want)
			}
		})
	}
}

func mustLoad(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatalf("load %s: %v", name, err)
	}
	return loc
}

func TestNewPart(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Sure \u2014 I\u2019ll send it.\n\n-- \nMia", "Sure - I'll send it."},
		{"ok\n\nOn Mon, Apr 20, 2026 at 9:12 AM Kiran <k@x.example> wrote:\n> hi", "ok"},
		{"ok\n\nOn Mon, Apr 20, 2026 at 9:12 AM Kiran Patel\n<k@x.example> wrote:\n> hi", "ok"},
		{"yes\r\n\r\n-----Original Message-----\r\nFrom: a", "yes"},
		{"yes\n\nFrom: Tom <t@x>\nSent: Monday\nTo: Mia\n\nold", "yes"},
		{"> quoted\nnew   text\tthere\n\n\n\nmore", "new text there\n\nmore"},
		{"done\n\nSent from my iPhone", "done"},
		{"From: here on, I'll handle it.", "From: here on, I'll handle it."},
	}
	for _, tt := range tests {
		if got := NewPart(tt.in); got != tt.want {
			t.Errorf("NewPart(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestSpansAndTeams(t *testing.T) {
	now := time.Date(2026, 4, 20, 9, 0, 0, 0, time.UTC)
	got := New(WithTeams("Creative Services")).Read("Honestly, creative services will have to decide.", now)
	if !got.Deflection || len(got.Spans) != 1 || got.Spans[0].Label != "deflection" {
		t.Errorf("team deflection: %+v", got)
	}
	got = New().Read("This is urgent. I'll have it done by Friday.", now)
	if len(got.Spans) != 2 || got.Spans[0].Text != "I'll have it done by Friday." || got.Spans[1].Text != "This is urgent." {
		t.Errorf("spans: %+v", got.Spans)
	}
}
