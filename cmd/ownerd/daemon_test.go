package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/ownerd/ownerd/connectors/mail/mailtest"
	"github.com/ownerd/ownerd/connectors/sandbox"
	"github.com/ownerd/ownerd/connectors/scenario"
	"github.com/ownerd/ownerd/examples"
	"github.com/ownerd/ownerd/reconcile/daemon"
	"github.com/ownerd/ownerd/reconcile/store/sqlite"
	"github.com/ownerd/ownerd/rules"
)

func TestDemoOnce(t *testing.T) {
	out, errOut, code := runCLI(t, "demo", "--once")
	if code != 0 {
		t.Fatalf("demo --once: exit %d\n%s", code, errOut)
	}
	for _, r := range rules.Table {
		if !strings.Contains(out, "  "+r.Name+" ") {
			t.Errorf("demo --once found no %s gap:\n%s", r.Name, out)
		}
	}
	if !strings.Contains(out, "9 gaps open") || !strings.Contains(out, "7 comments written") || !strings.Contains(out, "Ownership check — WEB") ||
		!strings.Contains(out, "4 mails sent (digests and retrospectives):\n  to raj@agency.example: ownerd: studio — 7 gaps open") || !strings.Contains(out, "the week's retrospective") {
		t.Errorf("demo --once output:\n%s", out)
	}
}

// pipeWriter hands a test what a command writes, as it writes it.
type pipeWriter struct{ w *io.PipeWriter }

func (p pipeWriter) Write(b []byte) (int, error) { return p.w.Write(b) }

// startDemo runs `ownerd demo` on a free port until stop, and returns
// the host:port its HTTP server said it listens on; stop asks it to end
// and returns its exit status, or -1 if it did not end within 10 s.
func startDemo(t *testing.T) (addr string, stop func() int) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, []string{"demo", "--listen", "127.0.0.1:0"}, strings.NewReader(""), pipeWriter{pw}, io.Discard)
		pw.Close()
	}()
	stop = func() int {
		cancel()
		select {
		case code := <-done:
			return code
		case <-time.After(10 * time.Second):
			return -1
		}
	}
	sc := bufio.NewScanner(pr)
	for sc.Scan() {
		if m := regexp.MustCompile(`metrics:\s+http://(\S+)/metrics`).FindStringSubmatch(sc.Text()); m != nil {
			addr = m[1]
			break
		}
	}
	go io.Copy(io.Discard, pr)
	if addr == "" {
		stop()
		t.Fatal("the demo did not say where its metrics are")
	}
	return addr, stop
}

func TestDemoServes(t *testing.T) {
	addr, stop := startDemo(t)
	base := "http://" + addr
	get := func(path string) (int, string) {
		resp, err := http.Get(base + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	deadline := time.Now().Add(20 * time.Second)
	for {
		code, _ := get("/readyz")
		if code == http.StatusOK {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("/readyz still %d after 20s", code)
		}
		time.Sleep(50 * time.Millisecond)
	}
	// Ready means every source synced; the reconcile after the last
	// sync follows at once.
	missing := func(metrics string) []string {
		var out []string
		for _, r := range rules.Table {
			if !regexp.MustCompile(`ownerd_gaps_open\{rule="` + r.Name + `",team="[a-z]+"\} 1`).MatchString(metrics) {
				out = append(out, r.Name)
			}
		}
		return out
	}
	var gone []string
	for time.Now().Before(deadline) {
		_, metrics := get("/metrics")
		if gone = missing(metrics); len(gone) == 0 {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	if len(gone) > 0 {
		t.Errorf("/metrics shows no open gap of %v", gone)
	}
	// The interval each connector is synced on, which the alert on a
	// connector that stopped syncing counts in: the demo's 15s for Jira.
	if _, metrics := get("/metrics"); !strings.Contains(metrics, `ownerd_poll_interval_seconds{connector="`+sandbox.JiraName+`"} 15`+"\n") {
		t.Errorf("/metrics lacks the Jira connector's poll interval of 15s")
	}
	switch code := stop(); code {
	case 0:
	case -1:
		t.Fatal("demo did not stop within 10s of being asked")
	default:
		t.Errorf("demo exited %d when stopped", code)
	}
}

// sandboxConfig writes a configuration that reads the fakes with the
// real connectors, each secret in an environment variable.
func sandboxConfig(t *testing.T, fakes *sandbox.Fakes, store string) string {
	t.Helper()
	org := string(examples.Agency)
	start := strings.Index(org, "timezone:")
	end := strings.Index(org, "rules:")
	return writer(t, t.TempDir())("ownerd.yaml", org[start:end]+fmt.Sprintf(`
daemon:
  store: %s
  log_format: json
jira:
  - url: %s
    email: ownerd@agency.example
    api_token_env: OWNERD_TEST_JIRA_TOKEN
github:
  - url: %s/
    repos: [%s]
    token_env: OWNERD_TEST_GITHUB_TOKEN
mail:
  - name: mail
    addr: %s
    security: plain
    user: %s
    password_env: OWNERD_TEST_IMAP_PASSWORD
`, store, fakes.Jira.URL, fakes.GitHub.URL, strings.Join(fakes.Repos, ", "), fakes.IMAP.Addr, mailtest.User))
}

var secrets = map[string]string{
	"OWNERD_TEST_JIRA_TOKEN":    "jira-SECRET-7f3a9c",
	"OWNERD_TEST_GITHUB_TOKEN":  "ghp_SECRET4d2e8b",
	"OWNERD_TEST_IMAP_PASSWORD": "imap-SECRET-91ac0e",
}

func TestRunOnceOverTheFakes(t *testing.T) {
	sc, err := scenario.Parse(examples.AgencyFile, examples.Agency)
	if err != nil {
		t.Fatal(err)
	}
	sc.Shift(time.Since(sc.Now))
	fakes, err := sandbox.Serve(sc)
	if err != nil {
		t.Fatal(err)
	}
	defer fakes.Close()
	for k, v := range secrets {
		t.Setenv(k, v)
	}
	storePath := filepath.Join(t.TempDir(), "ownerd.db")
	cfg := sandboxConfig(t, fakes, storePath)
	if out, errOut, code := runCLI(t, "validate", "--config", cfg); code != 0 || !strings.Contains(out, "good") {
		t.Fatalf("validate: exit %d\n%s%s", code, out, errOut)
	}

	// The first run finds the gaps; group_wait has not passed, so it
	// writes nothing. A second, with --group-wait 0s, writes.
	out, errOut, code := runCLI(t, "run", "--config", cfg, "--once", "--log-level", "debug")
	if code != 0 || !strings.Contains(out, "9 gaps open") || !strings.Contains(out, "0 comments written") {
		t.Fatalf("run --once: exit %d\n%s\n%s", code, out, errOut)
	}
	logs := errOut
	out, errOut, code = runCLI(t, "run", "--config", cfg, "--once", "--group-wait", "0s", "--log-level", "debug")
	if code != 0 || !strings.Contains(out, "7 comments written") {
		t.Fatalf("run --once --group-wait 0s: exit %d\n%s\n%s", code, out, errOut)
	}
	logs += errOut
	if st := fakes.Stats(); st.CommentsPosted < 7 {
		t.Errorf("the fakes saw %d comments posted", st.CommentsPosted)
	}
	// A third run writes nothing: the ledger remembers.
	before := fakes.Stats().CommentsPosted
	out, errOut, _ = runCLI(t, "run", "--config", cfg, "--once", "--group-wait", "0s", "--log-level", "debug")
	logs += errOut
	if after := fakes.Stats().CommentsPosted; after != before || !strings.Contains(out, "0 comments written") {
		t.Errorf("a third run wrote %d comments:\n%s", after-before, out)
	}
	if !strings.Contains(logs, `"msg":"synced"`) {
		t.Errorf("no JSON log lines at debug level:\n%s", logs)
	}
	for name, secret := range secrets {
		if strings.Contains(logs, secret) || strings.Contains(out, secret) {
			t.Errorf("the secret in %s appears in ownerd's output", name)
		}
	}

	// One process, one store.
	held, err := sqlite.Open(context.Background(), storePath)
	if err != nil {
		t.Fatal(err)
	}
	defer held.Close()
	_, errOut, code = runCLI(t, "run", "--config", cfg, "--once")
	if code != exitFailed || !strings.Contains(errOut, "in use by another ownerd process") {
		t.Errorf("a second ownerd on the same store: exit %d\n%s", code, errOut)
	}

	// The previews read the ledger beside the ownerd that holds it.
	out, errOut, code = runCLI(t, "digest", "--config", cfg, "--team", "studio")
	if code != 0 || !strings.Contains(out, "Subject: ownerd: studio — 7 gaps open") || !strings.Contains(out, "/browse/WEB-12") {
		t.Errorf("digest --config: exit %d %s\n%s", code, errOut, out)
	}
	out, errOut, code = runCLI(t, "retro", "--config", cfg, "--team", "studio")
	if code != 0 || !strings.Contains(out, "Did we have an owner?") {
		t.Errorf("retro --config: exit %d %s\n%s", code, errOut, out)
	}
}

func TestValidateNamesEveryProblem(t *testing.T) {
	w := writer(t, t.TempDir())
	cfg := w("bad.yaml", `org:
  people:
    - {id: mia, name: Mia, team: accounts}
  teams:
    - {name: accounts, lead: raj}
rules:
  no-owner: {grace: soon}
jira:
  - url: https://agency.atlassian.net
daemon:
  group_wait: later
`)
	_, errOut, code := runCLI(t, "validate", "--config", cfg)
	if code != exitBadInput {
		t.Fatalf("exit %d", code)
	}
	for _, want := range []string{"bad.yaml:5: org.teams.lead", "bad.yaml:7: rules.no-owner", "jira[jira]", "bad.yaml:11: daemon.group_wait"} {
		if !strings.Contains(errOut, want) {
			t.Errorf("validate does not name %q:\n%s", want, errOut)
		}
	}
}

// reloadable is a daemon started from a configuration file that a test
// rewrites: idle-owner starts switched off.
type reloadable struct {
	file string
	// write replaces the file, with idle-owner's enabled: set to v.
	write func(v string)
	d     *daemon.Daemon
	m     *daemon.Metrics
}

func newReloadable(t *testing.T) reloadable {
	t.Helper()
	dir := t.TempDir()
	w := writer(t, dir)
	const good = `org:
  people:
    - {id: mia, name: Mia, email: mia@agency.example, team: accounts}
  teams:
    - {name: accounts, lead: mia}
rules:
  idle-owner: {enabled: false}
mail:
  - {addr: "127.0.0.1:1", security: plain, user: u, password_env: OWNERD_TEST_UNUSED}
`
	r := reloadable{file: w("ownerd.yaml", good)}
	r.write = func(v string) { w("ownerd.yaml", strings.Replace(good, "enabled: false", "enabled: "+v, 1)) }
	cfg, err := loadRunnable(r.file, nil)
	if err != nil {
		t.Fatal(err)
	}
	st, err := sqlite.Open(context.Background(), filepath.Join(dir, "ownerd.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	r.m = daemon.NewMetrics(teams(cfg.Org))
	if r.d, err = daemon.New(context.Background(), daemon.Options{Org: cfg.Org, Settings: cfg.Settings, Reader: nopReader{}, Store: st, Metrics: r.m}); err != nil {
		t.Fatal(err)
	}
	return r
}

func (r reloadable) idleOwnerOn() bool { return r.d.Live().Settings["idle-owner"].Enabled }

func TestReloadRefusesABadConfig(t *testing.T) {
	r := newReloadable(t)
	logger := slog.New(slog.DiscardHandler)
	r.write("maybe")
	if reload(r.file, nil, r.d, r.m, logger) {
		t.Fatal("a bad configuration was accepted")
	}
	if v := testutil.ToFloat64(r.m.ConfigReload); v != 0 {
		t.Errorf("ownerd_config_last_reload_successful = %v after a refused reload", v)
	}
	if r.idleOwnerOn() {
		t.Error("the refused configuration was applied")
	}
	r.write("true")
	if !reload(r.file, nil, r.d, r.m, logger) {
		t.Fatal("a good configuration was refused")
	}
	if v := testutil.ToFloat64(r.m.ConfigReload); v != 1 || !r.idleOwnerOn() {
		t.Errorf("after a good reload: metric %v, idle-owner enabled %v", v, r.idleOwnerOn())
	}
}

// TestWatchConfigReloadsOnChange: a changed file is read again without a
// signal (a ConfigMap update), and a bad one is refused.
func TestWatchConfigReloadsOnChange(t *testing.T) {
	r := newReloadable(t)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	loaded := fileDigest(r.file)
	go func() {
		watchConfig(ctx, r.file, loaded, nil, r.d, r.m, slog.New(slog.DiscardHandler), 10*time.Millisecond)
		close(done)
	}()
	defer func() { cancel(); <-done }()
	r.write("nope")
	waitFor(t, "refusal", func() bool { return testutil.ToFloat64(r.m.ConfigReload) == 0 })
	if r.idleOwnerOn() {
		t.Fatal("the bad file was applied")
	}
	r.write("true")
	waitFor(t, "reload", r.idleOwnerOn)
	if testutil.ToFloat64(r.m.ConfigReload) != 1 {
		t.Error("ownerd_config_last_reload_successful stayed 0 after a good reload")
	}
}

// TestWatchConfigFollowsAConfigMapUpdate: the kubelet updates a mounted
// ConfigMap by writing the new files into a fresh timestamped directory
// and swapping the ..data symlink to it in one rename; config.yaml is a
// symlink through ..data and is never written itself. ownerd sees the
// new content without a restart.
func TestWatchConfigFollowsAConfigMapUpdate(t *testing.T) {
	r := newReloadable(t)
	good, err := os.ReadFile(r.file)
	if err != nil {
		t.Fatal(err)
	}
	mount := t.TempDir()
	publish := func(version string, content []byte) {
		t.Helper()
		dir := filepath.Join(mount, version)
		tmp := filepath.Join(mount, "..data_tmp")
		for _, err := range []error{
			os.Mkdir(dir, 0o755),
			os.WriteFile(filepath.Join(dir, "config.yaml"), content, 0o644),
			os.Symlink(version, tmp),
			os.Rename(tmp, filepath.Join(mount, "..data")),
		} {
			if err != nil {
				t.Fatal(err)
			}
		}
	}
	publish("..2026_12_02_09_00_00.1", good)
	file := filepath.Join(mount, "config.yaml")
	if err := os.Symlink(filepath.Join("..data", "config.yaml"), file); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	loaded := fileDigest(file) // before the goroutine: the swap below may come first
	go func() {
		watchConfig(ctx, file, loaded, nil, r.d, r.m, slog.New(slog.DiscardHandler), 10*time.Millisecond)
		close(done)
	}()
	defer func() { cancel(); <-done }()
	publish("..2026_12_02_09_01_00.2", bytes.Replace(good, []byte("enabled: false"), []byte("enabled: true"), 1))
	waitFor(t, "reload after the ..data swap", r.idleOwnerOn)
}

// waitFor polls ok for up to 10s.
func waitFor(t *testing.T, what string, ok func() bool) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); !ok(); time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("no %s within 10s", what)
		}
	}
}

type nopReader struct{}

func (nopReader) Read(string, time.Time) rules.Reading { return rules.Reading{} }

func TestSandboxPrintsEndpoints(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	pr, pw := io.Pipe()
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, []string{"sandbox", "--scenario", filepath.Join(sharedDir(t), "scenarios", "carter-crisis.yaml")}, strings.NewReader(""), pipeWriter{pw}, io.Discard)
		pw.Close()
	}()
	line, err := bufio.NewReader(pr).ReadString('\n')
	if err != nil {
		t.Fatal(err)
	}
	var ep sandbox.Endpoints
	if err := json.Unmarshal([]byte(line), &ep); err != nil || ep.Jira == "" || ep.GitHub == "" || ep.IMAP == "" || ep.SMTP == "" || ep.Control == "" {
		t.Fatalf("sandbox printed %q (%v)", line, err)
	}
	resp, err := http.Get(ep.Jira + "/rest/api/2/serverInfo")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	resp, err = http.Get(ep.Control + "/stats")
	if err != nil {
		t.Fatal(err)
	}
	var st sandbox.Stats
	json.NewDecoder(resp.Body).Decode(&st)
	resp.Body.Close()
	if st.Jira == nil || st.Jira.Requests < 1 {
		t.Errorf("stats after one request: %+v", st.Jira)
	}
	cancel()
	if code := <-done; code != 0 {
		t.Errorf("sandbox exited %d", code)
	}
}

// TestBuildInfo: ownerd_build_info carries the version --version prints.
func TestBuildInfo(t *testing.T) {
	m := daemon.NewMetrics(nil)
	mfs, err := m.Registry.Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, mf := range mfs {
		if mf.GetName() != "ownerd_build_info" {
			continue
		}
		for _, l := range mf.GetMetric()[0].GetLabel() {
			if l.GetName() == "version" && l.GetValue() == release() && l.GetValue() != "" {
				return
			}
		}
		t.Fatalf("ownerd_build_info has no version=%q: %v", release(), mf)
	}
	t.Fatal("no ownerd_build_info")
}
