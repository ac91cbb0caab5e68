package deploy

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/prometheus/promql/parser"
	"sigs.k8s.io/yaml"

	"github.com/ownerd/ownerd/rules"
)

// ruleFile is prometheus/rules.yaml's shape.
type ruleFile struct {
	Groups []struct {
		Name  string
		Rules []struct {
			Record, Alert, Expr string
		}
	}
}

// TestPrometheusScrapesDemo runs `ownerd demo`, built by build.sh as the
// image is, and a real Prometheus (Debian's prometheus package) scraping
// it every second with prometheus/rules.yaml loaded. It checks that
// ownerd_gaps_open shows the demo's gap of every rule, that every rule
// evaluates healthy, and that every rule expression and every query of
// the Grafana dashboard returns data from that Prometheus. Both processes
// are stopped by pid at the end. Without Prometheus the test is skipped
// saying so, except where CI=true: CI installs it.
func TestPrometheusScrapesDemo(t *testing.T) {
	bin := installed(t, "prometheus")
	dir := t.TempDir()
	target := startDemo(t, dir)
	rulesFile, err := filepath.Abs(filepath.Join("prometheus", "rules.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	cfg := fmt.Sprintf(`global: {scrape_interval: 1s, evaluation_interval: 1s}
rule_files: [%q]
scrape_configs:
  - job_name: ownerd
    static_configs: [{targets: [%q]}]
`, rulesFile, target)
	if err := os.WriteFile(filepath.Join(dir, "prometheus.yml"), []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
	addr := freeAddr(t)
	start(t, exec.Command(bin, "--config.file="+filepath.Join(dir, "prometheus.yml"), "--storage.tsdb.path="+filepath.Join(dir, "data"),
		"--web.listen-address="+addr, "--log.level=warn"), os.Stderr)

	api := func(path string, out any) {
		resp, err := http.Get("http://" + addr + path)
		if err != nil {
			return
		}
		defer resp.Body.Close()
		json.NewDecoder(resp.Body).Decode(out)
	}
	// query counts the series of q with a number for a value. NaN counts
	// only for a quantile: histogram_quantile over a window with no
	// resolved gap is NaN (the demo's gaps stay open), and its series
	// still prove the query and its metric right.
	query := func(q string) int {
		var out struct {
			Data struct {
				Result []struct {
					Value [2]any `json:"value"`
				}
			}
		}
		api("/api/v1/query?query="+url.QueryEscape(q), &out)
		n := 0
		for _, r := range out.Data.Result {
			if v, ok := r.Value[1].(string); ok && (v != "NaN" || strings.HasPrefix(q, "histogram_quantile(")) {
				n++
			}
		}
		return n
	}
	deadline := time.Now().Add(90 * time.Second)
	wait := func(what string, ok func() bool) {
		t.Helper()
		for !ok() {
			if time.Now().After(deadline) {
				t.Fatalf("no %s within 90s", what)
			}
			time.Sleep(250 * time.Millisecond)
		}
	}

	// The demo's nine gaps, one per rule, as Prometheus scraped them.
	wait("gap of every rule in Prometheus", func() bool {
		return query(`sum by (rule) (ownerd_gaps_open) == 1`) == len(rules.Table)
	})

	// Every rule of rules.yaml is loaded and evaluates without error.
	var rf ruleFile
	if err := yaml.Unmarshal(readFile(t, "prometheus/rules.yaml"), &rf); err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, g := range rf.Groups {
		n += len(g.Rules)
	}
	wait("healthy rules", func() bool {
		var out struct {
			Data struct {
				Groups []struct {
					Rules []struct{ Name, Health, LastError string }
				}
			}
		}
		api("/api/v1/rules", &out)
		healthy := 0
		for _, g := range out.Data.Groups {
			for _, r := range g.Rules {
				if r.Health == "ok" {
					healthy++
				} else if r.LastError != "" {
					t.Logf("%s: %s", r.Name, r.LastError)
				}
			}
		}
		return healthy == n
	})

	// Every rule expression returns data: a recording rule's as it is,
	// and as recorded; an alert's as its measure (see measure).
	for _, g := range rf.Groups {
		for _, r := range g.Rules {
			if r.Record != "" {
				wait(r.Record+" data", func() bool { return query(r.Expr) > 0 && query(r.Record) > 0 })
				continue
			}
			m, err := measure(r.Expr)
			if err != nil {
				t.Fatalf("%s: %v", r.Alert, err)
			}
			wait(fmt.Sprintf("data for the alert %s (%s)", r.Alert, m), func() bool { return query(m) > 0 })
		}
	}

	// Every query of the Grafana dashboard returns data, its variables as
	// Grafana fills them: every team, a rate window of a minute.
	qs := queriesOf(t)
	names := make([]string, 0, len(qs))
	for name := range qs {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		q := expand(qs[name], "1m")
		wait(fmt.Sprintf("data for the dashboard's %s (%s)", name, q), func() bool { return query(q) > 0 })
	}
}

// TestPromtool runs `promtool check rules` and `promtool test rules` on
// prometheus/rules.yaml: each alert firing and not (rules_test.yaml). The
// real-Prometheus test above cannot tell a flipped comparison; these can.
func TestPromtool(t *testing.T) {
	bin := installed(t, "promtool")
	for _, args := range [][]string{{"check", "rules", "rules.yaml"}, {"test", "rules", "rules_test.yaml"}} {
		cmd := exec.Command(bin, args...)
		cmd.Dir = "prometheus"
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Errorf("promtool %v: %v\n%s", args, err, out)
		}
	}
}

// measure turns an alert's expression into what it measures, so that a
// healthy system still returns data for it: every comparison keeps its
// samples (bool: 0 or 1, not filtered), and offsets and subquery windows
// longer than this test's Prometheus has lived are cut to seconds.
func measure(expr string) (string, error) {
	e, err := parser.NewParser(parser.Options{}).ParseExpr(expr)
	if err != nil {
		return "", err
	}
	parser.Inspect(e, func(n parser.Node, _ []parser.Node) error {
		switch n := n.(type) {
		case *parser.BinaryExpr:
			if n.Op.IsComparisonOperator() {
				n.ReturnBool = true
			}
		case *parser.VectorSelector:
			if n.OriginalOffset > 5*time.Second {
				n.OriginalOffset, n.OriginalOffsetExpr = 5*time.Second, nil
			}
		case *parser.SubqueryExpr:
			if n.Range > 30*time.Second {
				n.Range, n.RangeExpr, n.Step, n.StepExpr = 30*time.Second, nil, time.Second, nil
			}
		}
		return nil
	})
	return e.String(), nil
}

func TestMeasure(t *testing.T) {
	for in, want := range map[string]string{
		`time() - ownerd_last_successful_poll_timestamp_seconds > 3 * ownerd_poll_interval_seconds`: `time() - ownerd_last_successful_poll_timestamp_seconds > bool 3 * ownerd_poll_interval_seconds`,
		`x > x offset 1w and deriv(x[1w:1h]) > 0`:                                                   `x > bool x offset 5s and deriv(x[30s:1s]) > bool 0`,
		`rate(x[15m]) > 0`: `rate(x[15m]) > bool 0`,
	} {
		got, err := measure(in)
		if err != nil || got != want {
			t.Errorf("measure(%s) = %s, %v; want %s", in, got, err, want)
		}
	}
}

// installed finds a program of Debian's prometheus package, or skips the
// test saying so; under CI=true it fails instead, since CI installs it.
func installed(t *testing.T, name string) string {
	t.Helper()
	bin, err := exec.LookPath(name)
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s is not installed, and CI must run this test: apt-get install prometheus", name)
		}
		t.Skipf("%s is not installed (apt-get install prometheus)", name)
	}
	return bin
}

// startDemo builds ownerd with build.sh and runs `ownerd demo`, stopped
// by pid at the end of the test; it returns where its metrics are.
func startDemo(t *testing.T, dir string) string {
	t.Helper()
	bin := filepath.Join(dir, "ownerd")
	build := exec.Command("sh", "deploy/build.sh", bin)
	build.Dir = ".."
	build.Env = append(os.Environ(), "VERSION=test")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("deploy/build.sh: %v\n%s", err, out)
	}
	demo := exec.Command(bin, "demo", "--listen", "127.0.0.1:0")
	out, err := demo.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	start(t, demo, io.Discard)
	lines := bufio.NewScanner(out)
	for lines.Scan() {
		if m := regexp.MustCompile(`metrics:\s+http://(\S+)/metrics`).FindStringSubmatch(lines.Text()); m != nil {
			go io.Copy(io.Discard, out)
			return m[1]
		}
	}
	t.Fatal("the demo did not say where its metrics are")
	return ""
}

// start starts cmd and kills it by pid when the test ends.
func start(t *testing.T, cmd *exec.Cmd, stderr io.Writer) {
	t.Helper()
	cmd.Stderr = stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
	})
}

func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}
