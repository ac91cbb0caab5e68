package main

import (
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ownerd/ownerd/rules"
)

// TestPrometheusScrapesDemo runs `ownerd demo` and a real Prometheus
// (Debian's prometheus package) scraping it every second with
// deploy/prometheus/rules.yaml loaded, and checks that ownerd_gaps_open
// shows the demo's gap of every rule, that every rule evaluates healthy
// and every recording rule returns data, and that every query of the
// Grafana dashboard (deploy/grafana/ownerd.json) does. Absent, the test is
// skipped saying so, except where CI=true: CI installs it.
func TestPrometheusScrapesDemo(t *testing.T) {
	bin, err := exec.LookPath("prometheus")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("prometheus is not installed, and CI must run this test: apt-get install prometheus")
		}
		t.Skip("prometheus is not installed (apt-get install prometheus)")
	}
	target, stop := startDemo(t)
	defer stop()

	dir := t.TempDir()
	rulesFile, _ := filepath.Abs(filepath.Join("..", "..", "deploy", "prometheus", "rules.yaml"))
	cfg := fmt.Sprintf(`global: {scrape_interval: 1s, evaluation_interval: 1s}
rule_files: [%q]
scrape_configs:
  - job_name: ownerd
    static_configs: [{targets: [%q]}]
`, rulesFile, target)
	if err := os.WriteFile(filepath.Join(dir, "prometheus.yml"), []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	cmd := exec.Command(bin, "--config.file="+filepath.Join(dir, "prometheus.yml"), "--storage.tsdb.path="+filepath.Join(dir, "data"),
		"--web.listen-address="+addr, "--log.level=warn")
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { cmd.Process.Kill(); cmd.Wait() }()

	query := func(q string) []map[string]any {
		resp, err := http.Get("http://" + addr + "/api/v1/query?query=" + url.QueryEscape(q))
		if err != nil {
			return nil
		}
		defer resp.Body.Close()
		var out struct {
			Data struct {
				Result []map[string]any `json:"result"`
			} `json:"data"`
		}
		json.NewDecoder(resp.Body).Decode(&out)
		return out.Data.Result
	}
	deadline := time.Now().Add(60 * time.Second)
	wait := func(what string, ok func() bool) {
		t.Helper()
		for !ok() {
			if time.Now().After(deadline) {
				t.Fatalf("no %s within 60s", what)
			}
			time.Sleep(200 * time.Millisecond)
		}
	}
	// The demo's nine gaps, one per rule, as Prometheus scraped them.
	wait("gap of every rule in Prometheus", func() bool {
		return len(query(`sum by (rule) (ownerd_gaps_open) == 1`)) == len(rules.Table)
	})
	// Every rule of rules.yaml evaluates without error, and every
	// recording rule returns data from this Prometheus.
	var records []string
	wait("healthy rules", func() bool {
		resp, err := http.Get("http://" + addr + "/api/v1/rules")
		if err != nil {
			return false
		}
		defer resp.Body.Close()
		var out struct {
			Data struct {
				Groups []struct {
					Rules []struct {
						Name, Type, Health, LastError string
					} `json:"rules"`
				} `json:"groups"`
			} `json:"data"`
		}
		json.NewDecoder(resp.Body).Decode(&out)
		records = records[:0]
		n := 0
		for _, g := range out.Data.Groups {
			for _, r := range g.Rules {
				n++
				if r.Health != "ok" {
					if r.LastError != "" {
						t.Logf("%s: %s", r.Name, r.LastError)
					}
					return false
				}
				if r.Type == "recording" {
					records = append(records, r.Name)
				}
			}
		}
		return n == 8
	})
	for _, r := range records {
		wait(r+" data", func() bool { return len(query(r)) > 0 })
	}

	// Every query of the Grafana dashboard returns data, its variables
	// as Grafana would fill them: every team, a rate window of a minute.
	raw, err := os.ReadFile(filepath.Join("..", "..", "deploy", "grafana", "ownerd.json"))
	if err != nil {
		t.Fatal(err)
	}
	var dash struct {
		Panels []struct {
			Title   string `json:"title"`
			Targets []struct {
				Expr string `json:"expr"`
			} `json:"targets"`
		} `json:"panels"`
	}
	if err := json.Unmarshal(raw, &dash); err != nil {
		t.Fatal(err)
	}
	queries := 0
	for _, p := range dash.Panels {
		for _, tg := range p.Targets {
			q := strings.NewReplacer("$__rate_interval", "1m", "$team", ".*").Replace(tg.Expr)
			queries++
			wait(fmt.Sprintf("data for the dashboard's %q (%s)", p.Title, q), func() bool { return len(query(q)) > 0 })
		}
	}
	if queries < 10 {
		t.Errorf("the dashboard has %d queries", queries)
	}
}
