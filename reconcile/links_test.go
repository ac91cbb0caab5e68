package reconcile

import (
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ownerd/ownerd/connectors"
	"github.com/ownerd/ownerd/model"
	"github.com/ownerd/ownerd/rules"
)

func TestJiraKeys(t *testing.T) {
	cases := map[string][]string{
		"MKT-214: landing page":              {"MKT-214"},
		"see MKT-1, OPS-22 and AB_C2-7.":     {"MKT-1", "OPS-22", "AB_C2-7"},
		"[MKT-214] subject":                  {"MKT-214"},
		"mkt-214-landing-page":               nil, // lower case
		"xMKT-1 and MKT-1x and M-1":          nil, // no word boundary; one letter
		"2MKT-1 _MKT-2":                      nil,
		"ends with MKT-9":                    {"MKT-9"},
		"MKT-12-13":                          {"MKT-12"},
		"UTF-8 and ISO-8859 are not tickets": {"UTF-8", "ISO-8859"}, // matched; the index drops unknown keys
	}
	re := regexp.MustCompile(`\b[A-Z][A-Z0-9_]+-[0-9]+\b`)
	for in, want := range cases {
		var got []string
		jiraKeys(in, func(k string) { got = append(got, k) })
		if !slices.Equal(got, want) {
			t.Errorf("jiraKeys(%q) = %q, want %q", in, got, want)
		}
		// The scanner is the specification's regular expression, faster.
		if rx := re.FindAllString(in, -1); !slices.Equal(rx, got) {
			t.Errorf("jiraKeys(%q) = %q, but the regexp finds %q", in, got, rx)
		}
	}
}

func TestGitHubRefs(t *testing.T) {
	cases := []struct {
		in, repo string
		want     []string
	}{
		{"in agency/carter-site#57.", "", []string{"agency/carter-site#57"}},
		{"fixes #12 and #13", "agency/site", []string{"agency/site#12", "agency/site#13"}},
		{"fixes #12", "", nil}, // bare #N only inside a repository
		{"https://github.com/agency/site/issues/4 and https://github.com/agency/site/pull/5)", "", []string{"agency/site#4", "agency/site#5"}},
		{"https://github.com/agency/site/blob/main/x.go", "", nil},
		{"issue#12 #12a &#39; a/b#", "agency/site", nil},
		{"(agency/site#3)", "x/y", []string{"agency/site#3"}},
	}
	for _, c := range cases {
		var got []string
		githubRefs(c.in, c.repo, func(r string) { got = append(got, r) })
		if !slices.Equal(got, c.want) {
			t.Errorf("githubRefs(%q, %q) = %q, want %q", c.in, c.repo, got, c.want)
		}
	}
}

// org is a small organisation for linking tests.
func testOrg() *model.Org {
	org := &model.Org{
		TeamDomains:   []string{"agency.example"},
		ClientDomains: []string{"client.example"},
		People:        []model.Person{{ID: "josh", Email: "josh@agency.example", Jira: "josh", GitHub: "josh-p"}},
	}
	org.Index()
	return org
}

type nopReader struct{}

func (nopReader) Read(string, time.Time) rules.Reading { return rules.Reading{} }

func at(h int) time.Time { return time.Date(2026, 4, 1, h, 0, 0, 0, time.UTC) }

func TestBuildLinksAndThreads(t *testing.T) {
	jira := func(key string, created int, labels []string, texts ...string) *model.Item {
		it := &model.Item{ID: model.JiraID(key), System: model.Jira, Kind: model.JiraIssue, Source: "jira:" + key[:strings.IndexByte(key, '-')], Created: at(created), Labels: labels}
		if len(texts) > 0 {
			it.Title = texts[0]
		}
		for _, c := range texts[min(1, len(texts)):] {
			it.Comments = append(it.Comments, model.Comment{At: at(created), Body: c})
		}
		return it
	}
	pr := &model.Item{ID: model.GitHubID("agency/site", 7), System: model.GitHub, Kind: model.PullRequest, Source: "github:agency/site", Created: at(3), Title: "landing page", Branch: "MKT-2-landing"}
	issue := &model.Item{ID: model.GitHubID("agency/site", 8), System: model.GitHub, Kind: model.GitHubIssue, Source: "github:agency/site", Created: at(4), Body: "follow-up of #7"}
	msg := func(id string, h int, from, to, subject, body string, refs ...string) *model.Message {
		m := &model.Message{ID: id, At: at(h), FromAddr: from, ToAddrs: []string{to}, Subject: subject, Body: body, References: refs}
		if len(refs) > 0 {
			m.InReplyTo = refs[len(refs)-1]
		}
		return m
	}
	snap := connectors.Snapshot{
		Items: []*model.Item{
			jira("MKT-1", 1, []string{"client-facing"}, "campaign", "see agency/site#8"),
			jira("MKT-2", 2, nil, "copy for MKT-9 (unknown key)"),
			jira("OPS-5", 1, nil, "internal only"),
			pr, issue,
		},
		Messages: []*model.Message{
			// a thread about MKT-2, by subject; its reply quotes nothing
			msg("<a@client.example>", 5, "tom@client.example", "josh@agency.example", "Copy [MKT-2]", "hi"),
			msg("<b@agency.example>", 6, "josh@agency.example", "tom@client.example", "Re: Copy", "ok", "<a@client.example>"),
			// a reply whose parent is missing still joins its thread by References
			msg("<c@client.example>", 7, "tom@client.example", "josh@agency.example", "Re: Copy", "?", "<a@client.example>", "<gone@x>"),
			// same subject, no headers: a thread of its own
			msg("<d@client.example>", 8, "tom@client.example", "josh@agency.example", "Copy [MKT-2]", "again"),
			// internal thread: not client-facing, links nothing
			msg("<e@agency.example>", 9, "josh@agency.example", "mia@agency.example", "lunch", "MKT-1?"),
		},
	}
	ds := Build(snap, testOrg(), nopReader{})
	var got []string
	for _, d := range ds {
		ids := make([]string, len(d.Items))
		for i, it := range d.Items {
			ids[i] = string(it.ID)
		}
		got = append(got, string(d.Key)+" = "+strings.Join(ids, " "))
	}
	want := []string{
		// MKT-1 -> #8 (comment) -> #7 (#7 in the same repo) -> MKT-2 (branch)
		// -> thread a (subject); thread e mentions MKT-1 but is internal, and
		// still joins the component (links are undirected).
		"jira:MKT-1 = github:agency/site#7 github:agency/site#8 jira:MKT-1 jira:MKT-2 mail:<a@client.example> mail:<d@client.example> mail:<e@agency.example>",
	}
	if !slices.Equal(got, want) {
		t.Errorf("deliverables:\n got %q\nwant %q", got, want)
	}
	thread := ds[0].Item("mail:<a@client.example>")
	if thread == nil || len(thread.Messages) != 3 || thread.Title != "Copy [MKT-2]" {
		t.Errorf("thread a: %+v", thread)
	}
}

func TestKeyIsEarliestClientFacing(t *testing.T) {
	a := &model.Item{ID: "jira:AB-1", System: model.Jira, Created: at(5), Labels: []string{"client"}, Title: "BC-1"}
	b := &model.Item{ID: "jira:BC-1", System: model.Jira, Created: at(1)}
	m := &model.Message{ID: "<m@x>", At: at(3), FromAddr: "tom@client.example", Subject: "BC-1"}
	ds := Build(connectors.Snapshot{Items: []*model.Item{a, b}, Messages: []*model.Message{m}}, testOrg(), nopReader{})
	if len(ds) != 1 || ds[0].Key != "mail:<m@x>" {
		t.Fatalf("want one deliverable keyed by the thread (earliest client-facing), got %+v", ds)
	}
}

func TestIdentityResolution(t *testing.T) {
	org := testOrg()
	for _, c := range []struct {
		sys  model.System
		in   string
		want model.PersonID
	}{
		{model.Jira, "josh", "josh"},
		{model.Jira, "Josh", "josh"}, // Jira Server user names ignore case
		{model.GitHub, "Josh-P", "josh"},
		{model.Mail, "JOSH@agency.example", "josh"},
		{model.GitHub, "josh", "josh"}, // no such login: a raw identity of its own
		{model.GitHub, "kiran", "kiran"},
		{model.Mail, "Tom@Client.example", "tom@client.example"},
	} {
		if got := org.Resolve(c.sys, c.in); got != c.want {
			t.Errorf("Resolve(%s, %q) = %q, want %q", c.sys, c.in, got, c.want)
		}
	}
	if !org.IsTeam("josh") || !org.IsTeam("ann@agency.example") || org.IsTeam("kiran") || org.IsTeam("tom@client.example") {
		t.Error("team membership: directory people and team-domain addresses only")
	}
	if !org.IsClient("tom@client.example") || !org.IsClient("a@eu.client.example") || org.IsClient("kiran") || org.IsClient("josh") {
		t.Error("clients: addresses in client domains (and their subdomains) only")
	}
}

func TestSentIn(t *testing.T) {
	ny, _ := time.LoadLocation("America/New_York")
	cases := []struct {
		at     time.Time
		want   string
		inZone bool
	}{
		// an offset matching the org's zone: read in the zone, whose DST
		// rules then move "tomorrow" across the change correctly
		{time.Date(2026, 3, 7, 22, 0, 0, 0, time.FixedZone("", -5*3600)), "2026-03-07T22:00:00-05:00", true},
		// UTC names no zone: the org's
		{time.Date(2026, 3, 9, 3, 0, 0, 0, time.UTC), "2026-03-08T23:00:00-04:00", true},
		// a Date header written in Berlin: the message's own offset
		{time.Date(2026, 3, 9, 9, 0, 0, 0, time.FixedZone("", 3600)), "2026-03-09T09:00:00+01:00", false},
	}
	for _, c := range cases {
		got := sentIn(c.at, ny)
		if got.Format(time.RFC3339) != c.want || (got.Location() == ny) != c.inZone {
			t.Errorf("sentIn(%v) = %v, want %s (in the org's zone: %v)", c.at, got, c.want, c.inZone)
		}
	}
}

func TestCanonicalThreadName(t *testing.T) {
	msgs := []*model.Message{
		{ID: "<a@client.example>", At: at(1), FromAddr: "tom@client.example"},
		{ID: "<b@agency.example>", At: at(2), FromAddr: "josh@agency.example", InReplyTo: "<a@client.example>"},
	}
	res := Run(connectors.Snapshot{Messages: msgs}, testOrg(), nopReader{}, rules.DefaultSettings(), at(3))
	if got := res.Canonical("mail:<b@agency.example>"); got != "mail:<a@client.example>" {
		t.Errorf("a thread named by a later message: %s", got)
	}
	if got := res.Canonical("jira:X-1"); got != "jira:X-1" {
		t.Errorf("tickets are their own names: %s", got)
	}
}

func TestThreadsDeduplicateAndEmptyIDs(t *testing.T) {
	a := &model.Message{ID: "<a@x>", At: at(1), Body: "first"}
	aAgain := &model.Message{ID: "<a@x>", At: at(1), Body: "first, from another mailbox"}
	b := &model.Message{ID: "<b@x>", At: at(2), InReplyTo: "<a@x>", References: []string{"", "<a@x>"}}
	noID1 := &model.Message{At: at(3), References: []string{""}}
	noID2 := &model.Message{At: at(4)}
	threads := Threads([]*model.Message{a, aAgain, b, noID1, noID2})
	if len(threads) != 3 {
		t.Fatalf("want 3 threads (a+b, and each message without an ID alone), got %d", len(threads))
	}
	if got := len(threads[0].Messages); got != 2 || threads[0].Messages[0] != a {
		t.Errorf("thread a holds %d messages; a message seen twice counts once", got)
	}
}

func TestCanonicalGitHubCase(t *testing.T) {
	it := &model.Item{ID: model.GitHubID("agency/site", 1), System: model.GitHub, Source: "github:agency/site", Labels: []string{"client"}, Created: at(1)}
	res := Run(connectors.Snapshot{Items: []*model.Item{it}}, testOrg(), nopReader{}, rules.DefaultSettings(), at(3))
	if got := res.Canonical("github:Agency/Site#1"); got != it.ID {
		t.Errorf("Canonical(github:Agency/Site#1) = %s", got)
	}
}
