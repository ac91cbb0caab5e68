package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/ownerd/ownerd/model"
	"github.com/ownerd/ownerd/reconcile"
	"github.com/ownerd/ownerd/rules"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

// sharedDir finds the shared folder (the product's contract and worked
// examples, kept beside the repository): $OWNERD_SHARED, else ../shared.
// Without it the test fails, saying how to point at it: a skip would let
// `go test ./...` print ok for tests that never ran. OWNERD_SHARED=skip
// skips them on purpose.
func sharedDir(t *testing.T) string {
	t.Helper()
	dir := os.Getenv("OWNERD_SHARED")
	if dir == "skip" {
		t.Skip("OWNERD_SHARED=skip: the tests against the shared contract do not run")
	}
	if dir == "" {
		dir = filepath.Join("..", "..", "..", "shared")
	}
	if _, err := os.Stat(filepath.Join(dir, "scenarios")); err != nil {
		t.Fatalf("the shared folder (the product's contract, beside this repository) is not at %s: set OWNERD_SHARED to it, or OWNERD_SHARED=skip to leave these tests out: %v", dir, err)
	}
	return dir
}

func runCLI(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(context.Background(), args, strings.NewReader(""), &out, &errb)
	return out.String(), errb.String(), code
}

// writer returns a function that writes a file under dir and returns its
// path.
func writer(t *testing.T, dir string) func(name, body string) string {
	return func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
}

// checkJSON runs `ownerd check --format json` and applies scenario.md's
// exact-match rule against the file's expect list.
func checkJSON(t *testing.T, file string) {
	t.Helper()
	out, errs, code := runCLI(t, "check", "--scenario", file, "--format", "json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var rep struct {
		Now          string          `json:"now"`
		Deliverables int             `json:"deliverables"`
		Findings     []rules.Finding `json:"findings"`
	}
	dec := json.NewDecoder(strings.NewReader(out))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&rep); err != nil {
		t.Fatalf("output is not one check object: %v\n%s", err, out)
	}
	if dec.More() {
		t.Fatalf("output holds more than one JSON object")
	}
	res, sc, err := check(t.Context(), file, "", time.Time{}, false, slog.New(slog.DiscardHandler), nil)
	if err != nil {
		t.Fatal(err)
	}
	exp := make([]model.Expectation, len(sc.Expect))
	for i, e := range sc.Expect {
		exp[i] = model.Expectation{Rule: e.Rule, Item: res.Canonical(e.Item)}
	}
	missing, unexpected := reconcile.Match(exp, rep.Findings)
	for _, e := range missing {
		t.Errorf("missing: %s on %s", e.Rule, e.Item)
	}
	for _, f := range unexpected {
		t.Errorf("not expected: %s on %s (%s)", f.Rule, f.Deliverable, f.Summary)
	}
	for _, f := range rep.Findings {
		if f.Target == "" || f.Summary == "" || f.Since.IsZero() || len(f.Items) == 0 || f.Evidence == nil {
			t.Errorf("finding %s on %s lacks a field: %+v", f.Rule, f.Deliverable, f)
		}
	}
}

// TestSharedScenarios runs every worked example of ../shared/scenarios.
func TestSharedScenarios(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(sharedDir(t), "scenarios", "*.yaml"))
	if len(files) == 0 {
		t.Fatal("no scenarios in the shared folder")
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) { checkJSON(t, f) })
	}
}

// TestOurScenarios runs scenarios written for ownerd in the style of the
// shared ones, beyond them: other zones and DST weeks, threshold
// overrides, exact "at least" boundaries, reopened tickets, client-visible
// Jira projects. Each file's leading comment gives its reasoning.
func TestOurScenarios(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join("testdata", "scenarios", "*.yaml"))
	if len(files) < 10 {
		t.Fatalf("found %d scenarios under testdata/scenarios", len(files))
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) { checkJSON(t, f) })
	}
}

// TestExamples runs the example organisations shipped in the repository,
// and compares the JSON of the README's example with its golden file.
func TestExamples(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join("..", "..", "examples", "*.yaml"))
	if len(files) == 0 {
		t.Fatal("no examples")
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) { checkJSON(t, f) })
	}
	out, _, _ := runCLI(t, "check", "--scenario", filepath.Join("..", "..", "examples", "agency.yaml"), "--format", "json")
	golden := filepath.Join("testdata", "agency.json")
	if *update {
		if err := os.WriteFile(golden, []byte(out), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test ./cmd/ownerd -run TestExamples -update)", err)
	}
	if out != string(want) {
		t.Errorf("check --format json differs from %s (rerun with -update if the change is intended):\n%s", golden, out)
	}
}

func TestCheckTable(t *testing.T) {
	out, _, code := runCLI(t, "check", "--scenario", filepath.Join("..", "..", "examples", "agency.yaml"))
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	for _, want := range []string{"RULE", "silent-handoff", "WEB-12", "Anna", "handed from Josh to Anna", "OPEN FOR counts from", "12 deliverables, 9 gaps found", `"Updated menu PDF for…" May 6`, "expect: all 9 met"} {
		if !strings.Contains(out, want) {
			t.Errorf("table lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "jira:WEB-12") {
		t.Errorf("the table names items for people, not in item notation:\n%s", out)
	}
}

// TestCheckTableFits: every scenario's table fits a 120-column terminal;
// runCLI's output is no terminal, so $COLUMNS decides.
func TestCheckTableFits(t *testing.T) {
	t.Setenv("COLUMNS", "120")
	files, _ := filepath.Glob(filepath.Join("testdata", "scenarios", "*.yaml"))
	files = append(files, filepath.Join("..", "..", "examples", "agency.yaml"))
	for _, f := range files {
		out, _, _ := runCLI(t, "check", "--scenario", f)
		for _, line := range strings.Split(out, "\n") {
			// The first line names the file, whose path is the reader's.
			if n := utf8.RuneCountInString(line); n > 120 && !strings.HasPrefix(line, f) {
				t.Errorf("%s: a line of %d characters:\n%s", f, n, line)
			}
		}
	}
}

// TestCheckClean: an organisation with nothing to report says so.
func TestCheckClean(t *testing.T) {
	f := filepath.Join(t.TempDir(), "clean.yaml")
	os.WriteFile(f, []byte("now: 2026-04-15T17:00:00Z\norg:\n  people: [{id: mia}]\nexpect: []\n"), 0o644)
	out, _, code := runCLI(t, "check", "--scenario", f)
	if code != 0 || !strings.Contains(out, "0 deliverables, 0 gaps found") || !strings.Contains(out, "No gaps:") || !strings.Contains(out, "expect: all 0 met") {
		t.Errorf("exit %d:\n%s", code, out)
	}
}

// TestCheckStrict: --strict turns an unmet expect: list into exit 1, for
// scenarios kept as tests; without it, check exits 0 whatever it found.
func TestCheckStrict(t *testing.T) {
	dir := t.TempDir()
	base := "now: 2026-04-15T17:00:00Z\norg:\n  team_domains: [a.example]\n  people: [{id: mia}]\njira:\n  - {key: MKT-1, labels: [client-facing], created: 2026-04-01T00:00:00Z}\n"
	write := writer(t, dir)
	met := write("met.yaml", base+"expect: [{rule: no-owner, item: jira:MKT-1}]\n")
	unmet := write("unmet.yaml", base+"expect: [{rule: idle-owner, item: jira:MKT-1}]\n")
	none := write("none.yaml", base)
	if _, errs, code := runCLI(t, "check", "--strict", "--scenario", met); code != 0 {
		t.Errorf("met: exit %d: %s", code, errs)
	}
	out, errs, code := runCLI(t, "check", "--strict", "--scenario", unmet)
	if code != 1 || !strings.Contains(errs, "1 expected gap not found, 1 gap not expected") {
		t.Errorf("unmet: exit %d: %s", code, errs)
	}
	if !strings.Contains(out, "missing     idle-owner on jira:MKT-1 (") || !strings.Contains(out, "unexpected  no-owner on jira:MKT-1: reported, not in expect:") {
		t.Errorf("unmet: the table says what is missing and what was not expected:\n%s", out)
	}
	if _, _, code := runCLI(t, "check", "--scenario", unmet); code != 0 {
		t.Errorf("without --strict: exit %d", code)
	}
	if _, errs, code := runCLI(t, "check", "--strict", "--format", "json", "--scenario", none); code != 1 || !strings.Contains(errs, "states no expect: list") {
		t.Errorf("no expect list: exit %d: %s", code, errs)
	}
}

// TestCheckBadInput: unusable input exits 2 with one line naming file,
// line and field.
func TestCheckBadInput(t *testing.T) {
	dir := t.TempDir()
	write := writer(t, dir)
	base := "now: 2026-04-15T17:00:00Z\norg:\n  people: [{id: mia}]\n"
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"check", "--scenario", write("typo.yaml", base+"jira:\n  - {key: MKT-1, created: 2026-04-01T00:00:00Z, asignee: mia}\n")}, "typo.yaml:5: jira.asignee: unknown field; did you mean assignee?"},
		{[]string{"check", "--scenario", write("rule.yaml", base+"rules: {silent-handof: {ack_within: 1h}}\n")}, `rule.yaml:4: rules.silent-handof: unknown rule; did you mean silent-handoff?`},
		{[]string{"check", "--scenario", write("expect.yaml", base+"expect: [{rule: no-owners}]\n")}, `expect.yaml:4: expect.rule: unknown rule "no-owners"; did you mean no-owner?`},
		{[]string{"check", "--scenario", filepath.Join(dir, "absent.yaml")}, "absent.yaml: no such file"},
		{[]string{"check", "--scenario", write("ok.yaml", base), "--format", "xml"}, `--format "xml": want table or json`},
		{[]string{"check", "--scenario", write("ok2.yaml", base), "--config", write("c.yaml", "rules: {deflection: {expire_after: soon}}\n")}, `rules.deflection.expire_after: "soon" is not a duration`},
		{[]string{"check"}, "--scenario FILE is required"},
		{[]string{"check", "--scenari", "x"}, "unknown flag: --scenari"},
	}
	// Several problems: one line each, in line order, every one ownerd's.
	many := write("many.yaml", base+"rules: {zz-rule: {a: 1}, aa-rule: {b: 2}, no-owner: {grace: soon}}\nexpect: [{rule: nope}]\n")
	for range 3 {
		_, errs, code := runCLI(t, "check", "--scenario", many)
		lines := strings.Split(strings.TrimSpace(errs), "\n")
		if code != 2 || len(lines) != 4 || !strings.Contains(lines[3], "many.yaml:5: expect.rule:") {
			t.Fatalf("exit %d, want 4 lines ending with line 5's:\n%s", code, errs)
		}
		for _, l := range lines {
			if !strings.HasPrefix(l, "ownerd: ") {
				t.Errorf("line without the ownerd: prefix: %q", l)
			}
		}
	}
	for _, c := range cases {
		out, errs, code := runCLI(t, c.args...)
		if code != 2 || !strings.Contains(errs, c.want) || out != "" {
			t.Errorf("%v: exit %d, stderr %q, stdout %q; want exit 2 and %q", c.args, code, errs, out, c.want)
		}
	}
}

// TestCheckConfigOverrides: --config overrides the scenario's thresholds.
func TestCheckConfigOverrides(t *testing.T) {
	cfg := filepath.Join(t.TempDir(), "ownerd.yaml")
	os.WriteFile(cfg, []byte("rules:\n  silent-handoff: {ack_within: 30d}\n  idle-owner: {enabled: false}\n"), 0o644)
	out, _, code := runCLI(t, "check", "--scenario", filepath.Join("..", "..", "examples", "agency.yaml"), "--config", cfg, "--format", "json")
	if code != 0 {
		t.Fatal(code)
	}
	if strings.Contains(out, `"rule": "silent-handoff"`) || strings.Contains(out, `"rule": "idle-owner"`) {
		t.Errorf("silent-handoff waits 30d and idle-owner is off, yet:\n%s", out)
	}
	if !strings.Contains(out, `"rule": "no-owner"`) {
		t.Errorf("other rules still run")
	}
}

func mustTime(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

func mustLoc(name string) *time.Location {
	l, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return l
}

// TestCheckNow: --now asks what would be reported at another moment. The
// carter-crisis scenario says broken-promise joins once Mia's last promise
// (Thu 04-16 12:00) passes undelivered.
func TestCheckNow(t *testing.T) {
	file := filepath.Join(sharedDir(t), "scenarios", "carter-crisis.yaml")
	for _, c := range []struct {
		now    string
		broken bool
	}{{"2026-04-16T11:00:00-04:00", false}, {"2026-04-16T13:00:00-04:00", true}} {
		out, errs, code := runCLI(t, "check", "--scenario", file, "--now", c.now, "--format", "json")
		if code != 0 {
			t.Fatalf("exit %d: %s", code, errs)
		}
		if got := strings.Contains(out, `"rule": "broken-promise"`); got != c.broken {
			t.Errorf("at %s: broken-promise reported %v, want %v", c.now, got, c.broken)
		}
	}
	if _, errs, code := runCLI(t, "check", "--scenario", file, "--now", "tomorrow"); code != 2 || !strings.Contains(errs, "--now") {
		t.Errorf("a bad --now: exit %d, %s", code, errs)
	}
	if _, errs, code := runCLI(t, "check", "--scenario", file, "--now", "2026-04-14T00:00:00Z"); code != 2 || !strings.Contains(errs, "only later moments") {
		t.Errorf("--now before the scenario's now: exit %d, %s", code, errs)
	}
}

// TestCheckDirect: reading the file as it is finds what reading it through
// the fakes finds, and --stats says what the fakes were asked.
func TestCheckDirect(t *testing.T) {
	f := filepath.Join("..", "..", "examples", "agency.yaml")
	viaFakes, stats, code := runCLI(t, "check", "--scenario", f, "--format", "json", "--stats")
	direct, _, code2 := runCLI(t, "check", "--scenario", f, "--format", "json", "--direct")
	if code != 0 || code2 != 0 || viaFakes != direct {
		t.Errorf("exit %d and %d; through the fakes and directly differ:\n%s\n%s", code, code2, viaFakes, direct)
	}
	var st struct {
		Jira struct {
			Requests int            `json:"requests"`
			Routes   map[string]int `json:"routes"`
		} `json:"jira"`
		CommentsPosted int `json:"comments_posted"`
	}
	if err := json.Unmarshal([]byte(stats), &st); err != nil || st.Jira.Routes["GET /rest/api/2/search/jql"] != 1 || st.Jira.Requests != 4 {
		t.Errorf("--stats: %v %q", err, stats)
	}
	if _, errs, code := runCLI(t, "check", "--scenario", f, "--direct", "--stats"); code != 2 || !strings.Contains(errs, "--direct reads without them") {
		t.Errorf("--direct --stats: exit %d %s", code, errs)
	}
}
