package digest

import (
	"bytes"
	"image"
	_ "image/png"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"github.com/ownerd/ownerd/model"
	"github.com/ownerd/ownerd/reconcile/store"
	"github.com/ownerd/ownerd/rules"
)

func carterRetro(t *testing.T) Retro {
	sc, in := carter(t)
	return BuildRetro(RetroInput{Org: sc.Org, Team: in.Open[0].Team, Gaps: in.Open, Deliverables: in.Deliverables, Links: in.Links, From: sc.Now.Add(-7 * 24 * time.Hour), To: sc.Now})
}

func TestCarterRetro(t *testing.T) {
	r := carterRetro(t)
	if len(r.Misses) != 1 {
		t.Fatalf("%d misses, want MKT-214's", len(r.Misses))
	}
	m := r.Misses[0]
	text := r.Text()
	for _, want := range []string{
		"Josh Park handed MKT-214 to Anna Kowalski",
		"Mia Lopez promised",
		"ownerd found slipped-deadline",
		QOwner + "\n     Yes: Anna Kowalski owned it when the first sign appeared (Wed Apr 8 16:20).",
		QAssumed + "\n     Yes: MKT-214 was handed from Josh to Anna",
		QSteppedIn + "\n     Yes, after the first sign",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("the retrospective lacks %q", want)
		}
	}
	if len(m.Debrief) != 3 || len(m.Timeline) < 5 {
		t.Errorf("%d answers, %d events", len(m.Debrief), len(m.Timeline))
	}
	golden(t, "carter-retro.txt", text)
	golden(t, "carter-retro.html", r.HTML("cid:"+ChartName))
}

func TestRetroHTMLAndChart(t *testing.T) {
	r := carterRetro(t)
	png, err := r.Chart()
	if err != nil {
		t.Fatal(err)
	}
	cfg, format, err := image.DecodeConfig(bytes.NewReader(png))
	if err != nil || format != "png" || cfg.Width < 600 || cfg.Height < 200 {
		t.Fatalf("the chart: %s %dx%d %v", format, cfg.Width, cfg.Height, err)
	}
	doc, err := html.Parse(strings.NewReader(r.HTML("cid:" + ChartName)))
	if err != nil {
		t.Fatal(err)
	}
	var misses, questions int
	var img string
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			switch n.Data {
			case "script", "style", "link", "form", "iframe":
				t.Errorf("the HTML holds a <%s>", n.Data)
			case "dt":
				questions++
			case "img":
				for _, a := range n.Attr {
					if a.Key == "src" {
						img = a.Val
					}
				}
			}
			for _, a := range n.Attr {
				if a.Key == "class" && a.Val == "miss" {
					misses++
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	if misses != 1 || questions != 3 || img != "cid:"+ChartName {
		t.Errorf("%d misses, %d questions, chart at %q", misses, questions, img)
	}
}

// TestTrendWeeks: a gap is counted in the week it opened and the week it
// resolved, the weeks' edges included in the later week.
func TestTrendWeeks(t *testing.T) {
	to := time.Date(2026, 5, 8, 17, 0, 0, 0, time.UTC)
	week := 7 * 24 * time.Hour
	gap := func(opened, resolved time.Time) store.Gap {
		return store.Gap{Team: "studio", FirstSeen: opened, ResolvedAt: resolved, Finding: rules.Finding{Since: opened}}
	}
	org := &model.Org{Location: time.UTC, Teams: []model.Team{{Name: "studio"}}}
	org.Index()
	r := BuildRetro(RetroInput{Org: org, Team: "studio", From: to.Add(-week), To: to, Gaps: []store.Gap{
		gap(to.Add(-time.Hour), time.Time{}),                 // this week
		gap(to.Add(-week), to.Add(-week+time.Hour)),          // on the edge: this week, both
		gap(to.Add(-week-time.Minute), to.Add(-time.Minute)), // last week; resolved this week
		gap(to.Add(-13*week), time.Time{}),                   // before the trend
		{Team: "accounts", FirstSeen: to.Add(-time.Hour)},    // another team's
	}})
	last, prev := r.Trend[len(r.Trend)-1], r.Trend[len(r.Trend)-2]
	if last.Opened != 2 || last.Resolved != 2 || prev.Opened != 1 || prev.Resolved != 0 {
		t.Errorf("this week %+v, last week %+v", last, prev)
	}
	total := 0
	for _, w := range r.Trend {
		total += w.Opened
	}
	if total != 3 || len(r.Trend) != 12 || !r.Trend[0].Start.Equal(to.Add(-12*week)) {
		t.Errorf("%d weeks from %v, %d opened in all", len(r.Trend), r.Trend[0].Start, total)
	}
}

// TestOwnersAt: who owned a ticket at a moment, its later hand-offs undone.
func TestOwnersAt(t *testing.T) {
	t0 := time.Date(2026, 4, 1, 9, 0, 0, 0, time.UTC)
	it := &model.Item{ID: "jira:A-1", System: model.Jira, Created: t0, Assignees: []model.PersonID{"anna"}, Changes: []model.Change{
		{At: t0.Add(time.Hour), Field: "assignee", Assigned: []model.PersonID{"josh"}},
		{At: t0.Add(48 * time.Hour), Field: "assignee", Assigned: []model.PersonID{"anna"}, Unassigned: []model.PersonID{"josh"}},
	}}
	dl := &rules.Deliverable{Key: it.ID, Items: []*model.Item{it}}
	for _, c := range []struct {
		at   time.Time
		want string
	}{{t0.Add(30 * time.Minute), ""}, {t0.Add(2 * time.Hour), "josh"}, {t0.Add(72 * time.Hour), "anna"}} {
		got := ownersAt(dl, c.at)
		if strings.Join(func() []string {
			var s []string
			for _, p := range got {
				s = append(s, string(p))
			}
			return s
		}(), ",") != c.want {
			t.Errorf("owners at %v: %v, want %q", c.at, got, c.want)
		}
	}
}

// TestMissWithinTheWeek: a gap is a miss of the week it became one in.
func TestMissWithinTheWeek(t *testing.T) {
	to := time.Date(2026, 5, 8, 17, 0, 0, 0, time.UTC)
	day := 24 * time.Hour
	in := RetroInput{From: to.Add(-7 * day), To: to, Threshold: 3 * day}
	gap := func(rule string, since, resolved time.Time) store.Gap {
		return store.Gap{Rule: rule, FirstSeen: since, ResolvedAt: resolved, Finding: rules.Finding{Since: since}}
	}
	for _, c := range []struct {
		name string
		g    store.Gap
		want bool
	}{
		{"open 5 days: crossed 3 days in, this week", gap("idle-owner", to.Add(-5*day), time.Time{}), true},
		{"open 2 days: not yet", gap("idle-owner", to.Add(-2*day), time.Time{}), false},
		{"open 20 days: a miss of an earlier week", gap("idle-owner", to.Add(-20*day), time.Time{}), false},
		{"a promise broken this week", gap("broken-promise", to.Add(-1*day), time.Time{}), true},
		{"a promise broken ten days ago", gap("broken-promise", to.Add(-10*day), time.Time{}), false},
		{"resolved before the threshold", gap("idle-owner", to.Add(-5*day), to.Add(-4*day)), false},
	} {
		if got := isMiss(c.g, in); got != c.want {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
}
