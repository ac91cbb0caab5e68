package rules_test

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/ownerd/ownerd/config"
	"github.com/ownerd/ownerd/connectors"
	"github.com/ownerd/ownerd/connectors/scenario"
	"github.com/ownerd/ownerd/reconcile"
	"github.com/ownerd/ownerd/rules"
)

// tagReader reads labels from tags written into the test texts, so that the
// rule tests do not depend on the language reader: {commitment},
// {commitment due=2026-04-16T12:00:00-04:00}, {deflection}, {request},
// {priority}.
type tagReader struct{}

var reTag = regexp.MustCompile(`\{(commitment|deflection|request|priority)(?: due=(\S+))?\}`)

func (tagReader) Read(text string, sent time.Time) rules.Reading {
	var r rules.Reading
	for _, m := range reTag.FindAllStringSubmatch(text, -1) {
		switch m[1] {
		case "commitment":
			r.Commitment = true
			if m[2] != "" {
				due, err := time.Parse(time.RFC3339, m[2])
				if err != nil {
					panic(err)
				}
				r.Due = due
			}
		case "deflection":
			r.Deflection = true
		case "request":
			r.Request = true
		case "priority":
			r.Priority = true
		}
	}
	return r
}

// header is the organisation every rule test case shares: a team at
// agency.example, a client at client.example, and a client-visible repo.
const header = `
timezone: America/New_York
org:
  team_domains: [agency.example]
  client_domains: [client.example]
  client_visible: ["github:agency/portal", "jira:SUP"]
  people:
    - {id: mia, name: Mia Lopez, email: mia@agency.example, jira: mia, github: mia-l, team: studio}
    - {id: josh, name: Josh Park, email: josh@agency.example, jira: josh, github: josh-p, team: studio}
    - {id: anna, name: Anna Kowalski, email: anna@agency.example, jira: anna, github: anna-k, team: studio}
  teams:
    - {name: studio, lead: mia}
`

// ruleCase is one organisation at a moment and the findings it must yield,
// as "rule item" pairs ("silent-handoff jira:MKT-1"), exactly.
type ruleCase struct {
	name string
	now  string
	yaml string
	want []string
}

func runCases(t *testing.T, cases []ruleCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			src := "now: " + tc.now + "\n" + header + dedent(tc.yaml)
			sc, err := scenario.Parse(tc.name+".yaml", []byte(src))
			if err != nil {
				t.Fatalf("scenario: %v\n%s", err, numbered(src))
			}
			settings := rules.DefaultSettings()
			for _, o := range sc.Rules {
				if err := config.SetRule(settings, o.Rule, o.Param, o.Value); err != nil {
					t.Fatal(err)
				}
			}
			res := reconcile.Run(snapshot(sc), sc.Org, tagReader{}, settings, sc.Now)
			var got []string
			for _, f := range res.Findings {
				got = append(got, f.Rule+" "+string(f.Target))
			}
			if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("findings (rule target):\n got: %q\nwant: %q", got, tc.want)
				for _, f := range res.Findings {
					t.Logf("%s %s: %s", f.Rule, f.Deliverable, f.Summary)
				}
			}
		})
	}
}

func snapshot(sc *scenario.Scenario) connectors.Snapshot {
	return connectors.Snapshot{Items: sc.Items, Messages: sc.Messages}
}

// dedent removes the tabs that indent the YAML in the Go source; YAML
// itself is indented with spaces, which stay.
func dedent(s string) string {
	lines := strings.Split(strings.TrimPrefix(s, "\n"), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimLeft(l, "\t")
	}
	return strings.Join(lines, "\n")
}

func numbered(s string) string {
	var b strings.Builder
	for i, l := range strings.Split(s, "\n") {
		fmt.Fprintf(&b, "%3d  %s\n", i+1, l)
	}
	return b.String()
}
