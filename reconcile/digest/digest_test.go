package digest

import (
	"context"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"github.com/ownerd/ownerd/connectors/scenario"
	"github.com/ownerd/ownerd/model"
	"github.com/ownerd/ownerd/reconcile"
	"github.com/ownerd/ownerd/rules"
	"github.com/ownerd/ownerd/rules/language"
)

var update = flag.Bool("update", false, "write the golden files anew")

// carter reads ../shared's carter-crisis scenario and its digest input.
func carter(t *testing.T) (*scenario.Scenario, Input) {
	t.Helper()
	dir := os.Getenv("OWNERD_SHARED")
	if dir == "skip" {
		t.Skip("OWNERD_SHARED=skip")
	}
	if dir == "" {
		dir = filepath.Join("..", "..", "..", "shared")
	}
	sc, err := scenario.Load(filepath.Join(dir, "scenarios", "carter-crisis.yaml"))
	if err != nil {
		t.Fatalf("the shared contract is not at %s (set OWNERD_SHARED): %v", dir, err)
	}
	snap, _ := sc.Poll(context.Background(), sc.Org)
	res := reconcile.Run(snap, sc.Org, language.ForOrg(sc.Org), rules.DefaultSettings(), sc.Now)
	gaps, byKey := Gaps(res, sc.Org)
	return sc, Input{Org: sc.Org, Open: gaps, Deliverables: byKey, At: sc.Now, From: sc.Now.Add(-24 * time.Hour),
		Links: WebLinks(func(id model.ItemID) string { return strings.SplitN(string(id), ":", 2)[0] }, map[string]string{"jira": "https://agency.atlassian.net"}, map[string]string{"github": "https://api.github.com/"})}
}

func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		os.MkdirAll("testdata", 0o755)
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to write it)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs from the golden file (go test ./reconcile/digest -update writes it anew):\n%s", name, got)
	}
}

func TestCarterDigest(t *testing.T) {
	sc, in := carter(t)
	var team string
	for _, g := range in.Open {
		team = g.Team
	}
	in.Team = team
	d := Build(in)
	if d.Count != len(sc.Expect) {
		t.Fatalf("%d open gaps, want the scenario's %d", d.Count, len(sc.Expect))
	}
	text := d.Text()
	for _, g := range in.Open {
		if !strings.Contains(text, g.Finding.Summary) {
			t.Errorf("the digest does not tell %s: %q", g.Rule, g.Finding.Summary)
		}
	}
	if !strings.Contains(text, "handed from") || !strings.Contains(text, "https://agency.atlassian.net/browse/MKT-214") {
		t.Errorf("no hand-off story or no link:\n%s", text)
	}
	golden(t, "carter.txt", text)
	golden(t, "carter.html", d.HTML())
	if d.Subject() != "ownerd: studio — 2 gaps open, 1 new · Wed Apr 15" {
		t.Errorf("subject %q", d.Subject())
	}
}

// TestDigestHTML: the HTML is a document mail clients show as written:
// one row a gap, the counts, links that are web addresses, and no
// script, style sheet, image or form.
func TestDigestHTML(t *testing.T) {
	_, in := carter(t)
	in.Team = in.Open[0].Team
	d := Build(in)
	doc, err := html.Parse(strings.NewReader(d.HTML()))
	if err != nil {
		t.Fatal(err)
	}
	var gaps, counts int
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			switch n.Data {
			case "script", "style", "link", "img", "form", "iframe", "object":
				t.Errorf("the HTML holds a <%s>", n.Data)
			case "a":
				for _, a := range n.Attr {
					if a.Key == "href" && !strings.HasPrefix(a.Val, "https://") && !strings.HasPrefix(a.Val, "http://") {
						t.Errorf("a link to %q", a.Val)
					}
				}
			}
			for _, a := range n.Attr {
				if a.Key == "class" && a.Val == "gap" {
					gaps++
				}
				if a.Key == "id" && a.Val == "counts" {
					counts++
				}
				if strings.HasPrefix(a.Key, "on") {
					t.Errorf("an event handler %s", a.Key)
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	if gaps != d.Count || counts != 1 {
		t.Errorf("%d gap rows for %d gaps, %d counts", gaps, d.Count, counts)
	}
	// Text from people is escaped, never markup.
	in.Open[0].Finding.Summary = `<script>alert(1)</script> & <b>bold</b>`
	if h := Build(in).HTML(); strings.Contains(h, "<script>") || !strings.Contains(h, "&lt;script&gt;") {
		t.Error("a summary's markup reached the HTML")
	}
}
