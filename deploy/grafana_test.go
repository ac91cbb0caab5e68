package deploy

import (
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/grafana/grafana-foundation-sdk/go/cog"
	"github.com/grafana/grafana-foundation-sdk/go/cog/plugins"
	"github.com/grafana/grafana-foundation-sdk/go/dashboard"
	"github.com/grafana/grafana-foundation-sdk/go/prometheus"
	"github.com/grafana/grafana-foundation-sdk/go/timeseries"
	"github.com/prometheus/common/model"
	"github.com/prometheus/prometheus/promql/parser"

	"github.com/ownerd/ownerd/rules"
)

// dashboardFile is the dashboard as users import it (a link to the
// monitoring component's copy, which the ConfigMap is generated from).
const dashboardFile = "grafana/ownerd.json"

// loadDashboard decodes the dashboard with Grafana's SDK, strictly: an
// unknown field, a wrong type or a missing required one is an error, in
// the dashboard, its panels' options and its Prometheus queries alike.
//
// The strict decode only validates: in v0.0.22 a panel decoded strictly
// is dropped from the result (the panel's empty error list reaches its
// parent as a non-nil error, which returns before keeping the panel), so
// the dashboard is then read with the SDK's ordinary decoder.
func loadDashboard(t *testing.T) *dashboard.Dashboard {
	t.Helper()
	plugins.RegisterDefaultPlugins()
	raw := readFile(t, dashboardFile)
	var check dashboard.Dashboard
	if err := strict(check.UnmarshalJSONStrict(raw)); err != nil {
		t.Fatalf("%s: %v", dashboardFile, err)
	}
	var d dashboard.Dashboard
	if err := json.Unmarshal(raw, &d); err != nil {
		t.Fatalf("%s: %v", dashboardFile, err)
	}
	return &d
}

// strict turns the SDK's strict decoders' answer into an error or nil:
// they return their error list even when it is empty (a typed nil in a
// non-nil error), so success is an empty list, not a nil error.
func strict(err error) error {
	var list cog.BuildErrors
	if errors.As(err, &list) && len(list) == 0 {
		return nil
	}
	return err
}

// panel is a panel with its queries, wherever it sits (rows included).
type panel struct {
	dashboard.Panel
	exprs []string
}

// panels lists the dashboard's panels, rows apart, and its rows' titles.
func panels(t *testing.T, d *dashboard.Dashboard) (out []panel, rows []string) {
	t.Helper()
	add := func(p *dashboard.Panel) {
		pp := panel{Panel: *p}
		for i, q := range p.Targets {
			pq, ok := q.(*prometheus.Dataquery)
			if !ok {
				t.Errorf("panel %q: query %d is a %T, not a Prometheus query", title(p.Title), i, q)
				continue
			}
			pp.exprs = append(pp.exprs, pq.Expr)
		}
		out = append(out, pp)
	}
	for _, p := range d.Panels {
		switch {
		case p.Panel != nil:
			add(p.Panel)
		case p.RowPanel != nil:
			rows = append(rows, title(p.RowPanel.Title))
			for i := range p.RowPanel.Panels {
				add(&p.RowPanel.Panels[i])
			}
		}
	}
	return out, rows
}

func title(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// panelTypes are Grafana's built-in panels the dashboard may use.
var panelTypes = map[string]bool{"stat": true, "timeseries": true, "bargauge": true, "barchart": true, "table": true, "gauge": true, "heatmap": true, "text": true}

// expand fills the dashboard's variables as Grafana would with every team
// chosen ("All" is .*), and $__rate_interval with rate.
func expand(expr, rate string) string {
	return strings.NewReplacer("$__rate_interval", rate, "${team}", ".*", "$team", ".*").Replace(expr)
}

// TestDashboard checks the dashboard's contract with its users: a fixed
// uid, a datasource and a team variable, and on every panel a title, a
// description, a unit and Prometheus queries on the chosen datasource.
func TestDashboard(t *testing.T) {
	d := loadDashboard(t)
	if d.Uid == nil || *d.Uid != "ownerd" {
		t.Errorf("uid %v: links to the dashboard need a fixed one", d.Uid)
	}
	vars := map[string]dashboard.VariableModel{}
	for _, v := range d.Templating.List {
		vars[v.Name] = v
	}
	if v, ok := vars["datasource"]; !ok || v.Type != dashboard.VariableTypeDatasource {
		t.Error("no datasource variable")
	}
	if v, ok := vars["team"]; !ok || v.Type != dashboard.VariableTypeQuery ||
		v.IncludeAll == nil || !*v.IncludeAll || v.AllValue == nil || *v.AllValue != ".*" {
		t.Error("the team variable must be a query with All meaning .*")
	}
	ps, rows := panels(t, d)
	if len(ps) < 10 || len(rows) < 4 {
		t.Errorf("%d panels in %d rows", len(ps), len(rows))
	}
	for _, p := range ps {
		name := title(p.Title)
		if name == "" || p.Description == nil || *p.Description == "" {
			t.Errorf("panel %q has no title or no description", name)
		}
		if p.FieldConfig == nil || p.FieldConfig.Defaults.Unit == nil || *p.FieldConfig.Defaults.Unit == "" {
			t.Errorf("panel %q has no unit", name)
		}
		if p.Datasource == nil || p.Datasource.Uid == nil || *p.Datasource.Uid != "${datasource}" {
			t.Errorf("panel %q does not read the chosen datasource", name)
		}
		if len(p.exprs) == 0 {
			t.Errorf("panel %q has no query", name)
		}
		if !panelTypes[p.Type] {
			t.Errorf("panel %q is a %q, which no Grafana panel is", name, p.Type)
		}
		// The SDK's zero values are not Grafana's defaults: a time series
		// with several lines and no legend cannot be read.
		if o, ok := p.Options.(*timeseries.Options); ok && (!o.Legend.ShowLegend || o.Tooltip.Mode == "") {
			t.Errorf("time series %q hides its legend or its tooltip", name)
		}
	}
	// The stats per habit cover every rule, each once.
	covered := map[string]int{}
	for _, p := range ps {
		if p.Type != "stat" {
			continue
		}
		for _, e := range p.exprs {
			if m := regexp.MustCompile(`rule=~"([^"]+)"`).FindStringSubmatch(e); m != nil {
				for _, r := range strings.Split(m[1], "|") {
					covered[r]++
				}
			}
		}
	}
	for _, r := range rules.Table {
		if covered[r.Name] != 1 {
			t.Errorf("rule %s is in %d of the habit stats, want 1", r.Name, covered[r.Name])
		}
		delete(covered, r.Name)
	}
	for r := range covered {
		t.Errorf("the habit stats name %q, which is no rule", r)
	}
	// The README describes each row.
	readme := string(readFile(t, "../README.md"))
	for _, r := range rows {
		if !strings.Contains(readme, "**"+r+"**") {
			t.Errorf("the README does not describe the row %q (as **%s**)", r, r)
		}
	}
}

// TestDashboardQueriesParse parses every query with Prometheus's own
// parser, its variables filled, and checks its windows: a rate over
// $__rate_interval (so that it spans at least four scrapes whatever the
// zoom), an increase over exactly the panel's fixed interval (one point
// per day for the per-day panel).
func TestDashboardQueriesParse(t *testing.T) {
	const sentinel = 4*time.Minute + 33*time.Second // stands for $__rate_interval
	ps, _ := panels(t, loadDashboard(t))
	n := 0
	for _, p := range ps {
		for _, e := range p.exprs {
			n++
			q := expand(e, model.Duration(sentinel).String())
			expr, err := parser.NewParser(parser.Options{}).ParseExpr(q)
			if err != nil {
				t.Errorf("panel %q: %s: %v", title(p.Title), q, err)
				continue
			}
			for _, w := range windows(expr) {
				var want time.Duration
				switch w.fn {
				case "rate", "irate":
					want = sentinel
				case "increase":
					if p.Interval != nil {
						d, err := model.ParseDuration(*p.Interval)
						if err != nil {
							t.Errorf("panel %q: interval %q: %v", title(p.Title), *p.Interval, err)
						}
						want = time.Duration(d)
					}
				}
				if w.window != want || want == 0 {
					t.Errorf("panel %q: %s over %v, want $__rate_interval for a rate, the panel's interval for an increase: %s",
						title(p.Title), w.fn, w.window, e)
				}
			}
		}
	}
	if n < 15 {
		t.Errorf("only %d queries", n)
	}
}

type window struct {
	fn     string
	window time.Duration
}

// windows lists the range of every range vector in expr, with the
// function it is given to.
func windows(expr parser.Expr) []window {
	var out []window
	parser.Inspect(expr, func(n parser.Node, _ []parser.Node) error {
		if c, ok := n.(*parser.Call); ok {
			for _, a := range c.Args {
				if m, ok := a.(*parser.MatrixSelector); ok {
					out = append(out, window{c.Func.Name, m.Range})
				}
			}
		}
		return nil
	})
	return out
}

// TestStrictDecodeCatchesMistakes: the strict decode above rejects a
// misspelt field and a panel without its type; one that accepted
// anything would prove nothing.
func TestStrictDecodeCatchesMistakes(t *testing.T) {
	plugins.RegisterDefaultPlugins()
	good := string(readFile(t, dashboardFile))
	for _, c := range []struct{ name, from, to string }{
		{"a misspelt dashboard field", `"schemaVersion"`, `"schemaVersio"`},
		{"a misspelt query field", `"legendFormat"`, `"legendFromat"`},
		{"a panel field of the wrong type", `"collapsed": false`, `"collapsed": "no"`},
	} {
		if !strings.Contains(good, c.from) {
			t.Fatalf("%s: the dashboard has no %s", c.name, c.from)
		}
		var d dashboard.Dashboard
		if strict(d.UnmarshalJSONStrict([]byte(strings.Replace(good, c.from, c.to, 1)))) == nil {
			t.Errorf("%s passed the strict decode", c.name)
		}
	}
}

// queriesOf lists every query of the dashboard, named for messages.
func queriesOf(t *testing.T) map[string]string {
	ps, _ := panels(t, loadDashboard(t))
	out := map[string]string{}
	for _, p := range ps {
		for i, e := range p.exprs {
			out[fmt.Sprintf("panel %q query %d", title(p.Title), i+1)] = e
		}
	}
	return out
}
