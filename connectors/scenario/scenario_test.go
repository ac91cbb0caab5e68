package scenario

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/ownerd/ownerd/config/yamlfile"
	"github.com/ownerd/ownerd/connectors"
	"github.com/ownerd/ownerd/model"
)

const good = `now: 2026-04-15T17:00:00-04:00
timezone: America/New_York
org:
  team_domains: [agency.example]
  client_domains: [carter.example]
  people:
    - {id: josh, email: josh@agency.example, jira: josh, github: josh-p, team: studio}
  teams:
    - {name: studio, lead: josh}
jira:
  - key: MKT-1
    labels: [client-facing]
    status_category: indeterminate
    created: 2026-04-06T09:30:00-04:00
    creator: josh
    assignee: josh
    duedate: 2026-04-17
    history:
      - {at: 2026-04-06T09:31:00-04:00, by: josh, field: assignee, from: "", to: josh}
      - {at: 2026-04-07T09:31:00-04:00, by: josh, field: status, from: To Do, to: Done, to_category: done}
      - {at: 2026-04-08T09:31:00-04:00, by: josh, field: status, from: Done, to: In Progress}
github:
  - {repo: agency/site, number: 5, kind: pull_request, head: mkt-1, state: closed, merged: true, created: 2026-04-07T10:00:00Z, author: josh-p, assignees: [josh-p, kiran], milestone: {title: M, due_on: 2026-04-20T07:00:00Z}}
mail:
  - {message_id: <a@carter.example>, date: 2026-04-10T09:00:00-04:00, from: "Tom <TOM@carter.example>", to: [josh@agency.example], subject: s, body: b}
expect:
  - {rule: no-owner, item: jira:MKT-1}
`

func TestParseGood(t *testing.T) {
	sc, err := Parse("good.yaml", []byte(good))
	if err != nil {
		t.Fatal(err)
	}
	ny, _ := time.LoadLocation("America/New_York")
	jira, gh := sc.Items[0], sc.Items[1]
	if want := time.Date(2026, 4, 17, 23, 59, 59, 0, ny); !jira.Due.Equal(want) {
		t.Errorf("duedate ends at the end of the day in the org's zone: got %v, want %v", jira.Due, want)
	}
	if jira.Changes[1].Done != model.BecameDone || jira.Changes[2].Done != model.BecameOpen {
		t.Errorf("status changes: %+v", jira.Changes[1:])
	}
	if jira.Source != "jira:MKT" || gh.Source != "github:agency/site" || gh.Kind != model.PullRequest || !gh.Done {
		t.Errorf("items: %+v %+v", jira, gh)
	}
	if got := gh.Assignees; len(got) != 2 || got[0] != "josh" || got[1] != "kiran" {
		t.Errorf("GitHub logins resolve through the directory: %q", got)
	}
	if want := time.Date(2026, 4, 20, 23, 59, 59, 0, ny); !gh.Due.Equal(want) {
		t.Errorf("milestone: got %v, want %v", gh.Due, want)
	}
	m := sc.Messages[0]
	if m.From != "tom@carter.example" || m.To[0] != "josh" || m.Mailbox != "INBOX" {
		t.Errorf("message: %+v", m)
	}
	if len(sc.Expect) != 1 || sc.Expect[0].Item != "jira:MKT-1" {
		t.Errorf("expect: %+v", sc.Expect)
	}
}

// TestParseBad checks that each kind of bad input is refused with the
// file, the line and the field.
func TestParseBad(t *testing.T) {
	cases := []struct {
		name, from, to string
		want           string
	}{
		{"unknown field", "    creator: josh\n", "    creater: josh\n", "bad.yaml:15: jira.creater: unknown field; did you mean created or creator?"},
		{"bad date", "duedate: 2026-04-17", "duedate: 2026-04-31", `bad.yaml:17: jira[MKT-1].duedate: "2026-04-31" is not a date`},
		{"bad time", "created: 2026-04-06T09:30:00-04:00", "created: yesterday", `bad.yaml:14: jira[MKT-1].created: "yesterday" is not a time`},
		{"duplicate key", "    creator: josh\n", "    creator: josh\n    creator: mia\n", `bad.yaml:16: jira.creator: duplicate key (first at line 15)`},
		{"duplicate issue", "github:\n", "  - {key: MKT-1, created: 2026-04-06T09:30:00-04:00}\ngithub:\n", `bad.yaml:22: jira.key: duplicate issue "MKT-1" (first at line 11)`},
		{"undefined lead", "lead: josh", "lead: raj", `bad.yaml:9: org.teams.lead: undefined person "raj"`},
		{"undefined team", "team: studio}", "team: design}", `bad.yaml:7: org.people.team: undefined team "design"`},
		{"bad zone", "America/New_York", "America/Gotham", `bad.yaml:2: timezone: unknown time zone "America/Gotham"`},
		{"bad address", `from: "Tom <TOM@carter.example>"`, `from: "Tom <TOM at carter>"`, `bad.yaml:25: mail[<a@carter.example>].from:`},
		{"bad category", "status_category: indeterminate", "status_category: doing", `bad.yaml:13: jira[MKT-1].status_category: "doing" is not a status category`},
		{"missing now", "now: 2026-04-15T17:00:00-04:00\n", "", `bad.yaml:1: now: is required`},
		{"bad kind", "kind: pull_request", "kind: pr", `bad.yaml:23: github[agency/site#5].kind: "pr" is not a kind`},
		{"missing key names its entry", "  - key: MKT-1\n", "  - summary: no key\n", `bad.yaml:11: jira.key: is required`},
		{"wrong shape said once", "  - key: MKT-1\n", "  - key: [MKT-1]\n", `bad.yaml:11: jira.key: want a single value, found a list`},
		{"list where a value belongs", "creator: josh", "creator: [josh]", `bad.yaml:15: jira.creator: want a single value, found a list`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if !strings.Contains(good, c.from) {
				t.Fatalf("fixture lacks %q", c.from)
			}
			src := strings.Replace(good, c.from, c.to, 1)
			_, err := Parse("bad.yaml", []byte(src))
			var errs *yamlfile.Errors
			if !errors.As(err, &errs) {
				t.Fatalf("want Errors, got %v", err)
			}
			if !strings.HasPrefix(err.Error(), c.want) {
				t.Errorf("error:\n got %s\nwant %s...", err, c.want)
			}
		})
	}
}

func TestParseMore(t *testing.T) {
	// `expect: []` says nothing may be reported; no expect says nothing.
	sc, err := Parse("e.yaml", []byte(good+"absent: []\n"))
	if err != nil || !sc.HasExpect {
		t.Errorf("expect list: %v %v", sc, err)
	}
	sc, err = Parse("e.yaml", []byte(strings.Replace(good, "expect:\n  - {rule: no-owner, item: jira:MKT-1}\n", "", 1)))
	if err != nil || sc.HasExpect {
		t.Errorf("no expect list: %v", err)
	}
	sc, err = Parse("e.yaml", []byte(strings.Replace(good, "expect:\n  - {rule: no-owner, item: jira:MKT-1}\n", "expect: []\n", 1)))
	if err != nil || !sc.HasExpect || len(sc.Expect) != 0 {
		t.Errorf("empty expect list: %v", err)
	}
	// GitHub names are case-insensitive, so these are one item twice.
	dup := strings.Replace(good, "mail:\n", "  - {repo: Agency/Site, number: 5, created: 2026-04-07T10:00:00Z}\nmail:\n", 1)
	if _, err := Parse("d.yaml", []byte(dup)); err == nil || !strings.Contains(err.Error(), "duplicate item") {
		t.Errorf("case-variant duplicate: %v", err)
	}
}

// FuzzParse: whatever the bytes, Parse returns a scenario or errors that
// name the file and a line, and never panics.
func FuzzParse(f *testing.F) {
	f.Add([]byte(good))
	f.Add([]byte("now: 2026-01-01T00:00:00Z\njira:\n  - {key: A-1}\n"))
	f.Add([]byte("rules: {x: 1}\nexpect: [{rule: no-owner}]\n"))
	for _, h := range hostileFiles() {
		f.Add(h)
	}
	big, _ := syntheticFile(f, 300)
	f.Add(big)
	f.Fuzz(func(t *testing.T, data []byte) {
		start := time.Now()
		sc, err := Parse("f.yaml", data)
		// A hundred times the usual cost of a byte: work that grows faster
		// than the file (duplicate keys once took 126 s) fails this on the
		// large inputs above.
		if d, limit := time.Since(start), 200*time.Millisecond+time.Duration(len(data))*10*time.Microsecond; d > limit {
			t.Errorf("Parse took %s on %d bytes (limit %s)", d, len(data), limit)
		}
		if err == nil {
			if sc == nil || sc.Org == nil {
				t.Fatal("no scenario and no error")
			}
			return
		}
		var errs *yamlfile.Errors
		if !errors.As(err, &errs) || errs.Len() == 0 || len(errs.List) > yamlfile.Limit {
			t.Fatalf("error of another kind: %v", err)
		}
		for _, e := range errs.List {
			if e.File != "f.yaml" || e.Line < 1 {
				t.Fatalf("error without file and line: %v", e)
			}
			for _, goSpeak := range []string{"unmarshal", "!!", "Go value", "yamlfile", "scenario.", "reflect"} {
				if strings.Contains(e.Msg, goSpeak) {
					t.Fatalf("a message in Go's terms, not the file's: %v", e)
				}
			}
		}
	})
}

func connectorsSnapshot(sc *Scenario) connectors.Snapshot {
	snap, _ := sc.Poll(context.Background(), sc.Org)
	return snap
}

// hostileFiles are the inputs that once took time or memory growing with
// the square of their size, or speaking Go instead of the file's terms.
func hostileFiles() [][]byte {
	var typeErrors, wideMap, deep strings.Builder
	typeErrors.WriteString("now: 2026-01-01T00:00:00Z\njira:\n")
	wideMap.WriteString("now: 2026-01-01T00:00:00Z\nrules:\n  no-owner:\n")
	for i := range 32000 {
		fmt.Fprintf(&typeErrors, "  - key: [MKT-%d]\n", i)
		fmt.Fprintf(&wideMap, "    k%d: 1\n", i)
	}
	deep.WriteString("now: 2026-01-01T00:00:00Z\norg: ")
	deep.WriteString(strings.Repeat("[", 5000) + strings.Repeat("]", 5000) + "\n")
	return [][]byte{
		[]byte(strings.Repeat("a: b\n", 4000)),
		[]byte(typeErrors.String()),
		[]byte(wideMap.String()),
		[]byte(deep.String()),
		[]byte(good + "---\n" + good),
		[]byte("now: 2026-01-01T00:00:00Z\nname: " + strings.Repeat("x", 1<<20) + "\n"),
	}
}
