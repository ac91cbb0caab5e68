package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestHostileInputs runs the reproducers of inputs that once took time or
// memory growing with the square of their size (126 s and 7,998,000 lines
// for 4,000 duplicate keys; 83 s for 655,360 short sentences; 35 s for
// 32,000 type errors), and a file of two documents that was read as one.
// Each must end with a bounded answer. The time bound guards against the
// quadratic paths coming back, which took minutes; it is not a benchmark.
func TestHostileInputs(t *testing.T) {
	write := writer(t, t.TempDir())
	var types strings.Builder
	types.WriteString("now: 2026-04-15T17:00:00Z\njira:\n")
	for i := range 32000 {
		fmt.Fprintf(&types, "  - key: [MKT-%d]\n", i)
	}
	agency, err := os.ReadFile(filepath.Join("..", "..", "examples", "agency.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	agencyLines := bytes.Count(agency, []byte("\n"))
	// A subject of a hundred thousand ages, which the table once wrapped
	// in quadratic time (23 s for 960 KB).
	ages := "now: 2026-05-06T16:00:00-04:00\norg:\n  team_domains: [agency.example]\n  client_domains: [lumen.example]\nmail:\n" +
		"  - message_id: <a@lumen.example>\n    date: 2026-05-06T09:00:00-04:00\n    from: sam@lumen.example\n    to: [raj@agency.example]\n" +
		"    subject: \"" + strings.Repeat("1d 1h ", 160000) + "\"\n    body: Could you send the updated menu PDF?\n"
	// 16,000 threads each named by an expectation, once looked up by
	// walking every deliverable (32 s at 7 MB), and one thread of 16,000
	// alternating questions and promises, once read promise by promise (34
	// s at 7 MB).
	var expects, threads, thread strings.Builder
	expects.WriteString("now: 2026-05-06T16:00:00-04:00\norg:\n  team_domains: [agency.example]\n  client_domains: [lumen.example]\nexpect:\n")
	for i := range 16000 {
		fmt.Fprintf(&expects, "  - {rule: untracked-request, item: 'mail:<m%d@lumen.example>'}\n", i)
		fmt.Fprintf(&threads, "  - {message_id: '<m%d@lumen.example>', date: 2026-05-06T09:00:00-04:00, from: sam@lumen.example, to: [raj@agency.example], subject: s%d, body: hello}\n", i, i)
	}
	expects.WriteString("mail:\n" + threads.String())
	thread.WriteString("now: 2026-05-06T16:00:00Z\norg:\n  team_domains: [t.example]\n  client_domains: [c.example]\nmail:\n")
	for i := range 16000 {
		from, to, body := "c@c.example", "t@t.example", "Could you send the file?"
		if i%2 == 1 {
			from, to, body = to, from, "I will send it by Friday. It's out of my hands though."
		}
		reply := ""
		if i > 0 {
			reply = fmt.Sprintf(", in_reply_to: '<m%d@x>'", i-1)
		}
		fmt.Fprintf(&thread, "  - {message_id: '<m%d@x>', date: 2026-05-0%dT09:%02d:00Z, from: %s, to: [%s], subject: s, body: \"%s\"%s}\n", i, 1+i%5, i%60, from, to, body, reply)
	}
	sentences, _ := json.Marshal(map[string]string{"id": "x", "text": strings.Repeat("I will.\n", 655360), "now": "2026-03-12T14:00:00Z"})

	cases := []struct {
		name      string
		args      []string
		stdin     string
		code      int
		lines     int // of stderr, or of stdout with lastIsOut; 0: any number
		first     string
		last      string
		lastIsOut bool
	}{
		{
			name: "4,000 duplicate keys", code: 2, lines: 21,
			args:  []string{"check", "--scenario", write("dup.yaml", strings.Repeat("a: b\n", 4000))},
			first: "dup.yaml:1: a: unknown field", last: "dup.yaml: and 3981 more problems",
		},
		{
			name: "1.25 million duplicate keys", code: 2, lines: 21,
			args:  []string{"check", "--scenario", write("dup-big.yaml", strings.Repeat("a: b\n", 1250000))},
			first: "dup-big.yaml:1: a: unknown field", last: "dup-big.yaml: and 1249981 more problems",
		},
		{
			name: "32,000 type errors", code: 2, lines: 21,
			args:  []string{"check", "--scenario", write("types.yaml", types.String())},
			first: "types.yaml:3: jira.key: want a single value, found a list", last: "types.yaml: and 31980 more problems",
		},
		{
			name: "two documents", code: 2, lines: 1,
			args:  []string{"check", "--scenario", write("two.yaml", string(agency)+"---\n"+string(agency))},
			first: fmt.Sprintf("two.yaml:%d: a second YAML document starts here; the file holds one document", agencyLines+1),
		},
		{
			name: "a subject of 160,000 ages", code: 0,
			args:  []string{"check", "--scenario", write("ages.yaml", ages)},
			first: "ages.yaml at", lastIsOut: true,
		},
		{
			name: "16,000 expectations", code: 0, lines: 26,
			args:  []string{"check", "--scenario", write("expects.yaml", expects.String())},
			first: "expects.yaml at", last: "  and 15980 more", lastIsOut: true,
		},
		{
			name: "a thread of 16,000 promises", code: 0,
			args:  []string{"check", "--scenario", write("thread.yaml", thread.String()), "--format", "json"},
			first: "{", lastIsOut: true,
		},
		{
			name: "655,360 sentences in one message", code: 0, lines: 1,
			args: []string{"classify"}, stdin: string(sentences) + "\n",
			first: `{"id":"x","commitment":true,`, lastIsOut: true,
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var out, errb bytes.Buffer
			start := time.Now()
			code := run(context.Background(), c.args, strings.NewReader(c.stdin), &out, &errb)
			if d := time.Since(start); d > slowdown*10*time.Second {
				t.Errorf("took %s", d)
			}
			if code != c.code {
				t.Fatalf("exit %d, want %d: %.500s", code, c.code, errb.String())
			}
			text := errb.String()
			if c.lastIsOut {
				text = out.String()
			}
			lines := strings.Split(strings.TrimSuffix(text, "\n"), "\n")
			if c.lines > 0 && len(lines) != c.lines {
				t.Errorf("%d lines, want %d: %.1000s", len(lines), c.lines, text)
			}
			if !strings.Contains(lines[0], c.first) {
				t.Errorf("first line %.300q, want %q", lines[0], c.first)
			}
			if c.last != "" && !strings.HasSuffix(lines[len(lines)-1], c.last) {
				t.Errorf("last line %q, want %q", lines[len(lines)-1], c.last)
			}
		})
	}
}
