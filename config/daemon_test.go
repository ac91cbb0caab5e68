package config

import (
	"os"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/spf13/pflag"
)

func TestExampleConfigLoads(t *testing.T) {
	cfg, err := Load("../deploy/config.example.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if err := cfg.Runnable(); err != nil {
		t.Error(err)
	}
	if cfg.Org == nil || len(cfg.Org.People) != 2 || cfg.Org.Location.String() != "America/New_York" {
		t.Errorf("org = %+v", cfg.Org)
	}
	if cfg.Daemon.RepeatEvery != 24*time.Hour || cfg.Daemon.Listen != "127.0.0.1:9464" {
		t.Errorf("daemon = %+v", cfg.Daemon)
	}
	if len(cfg.Jira) != 1 || len(cfg.GitHub) != 1 || len(cfg.Mail) != 1 || cfg.SMTP == nil {
		t.Errorf("connectors: %d jira, %d github, %d mail, smtp %v", len(cfg.Jira), len(cfg.GitHub), len(cfg.Mail), cfg.SMTP)
	}
}

// The file, then the environment, then the flags: each beats the one
// before, and a bad value names where it came from.
func TestDaemonPrecedence(t *testing.T) {
	file := []byte("daemon:\n  listen: 127.0.0.1:1111\n  group_wait: 10s\n  repeat_every: 12h\n")
	env := map[string]string{"OWNERD_DAEMON_GROUP_WAIT": "45s", "OWNERD_DAEMON_REPEAT_EVERY": "6h"}
	lookupEnv = func(k string) (string, bool) { v, ok := env[k]; return v, ok }
	defer func() { lookupEnv = os.LookupEnv }()
	for k, v := range env {
		t.Setenv(k, v)
	}
	fs := pflag.NewFlagSet("run", pflag.ContinueOnError)
	AddDaemonFlags(fs)
	if err := fs.Parse([]string{"--repeat-every", "2h", "--dry-run"}); err != nil {
		t.Fatal(err)
	}
	cfg, err := Parse("c.yaml", file, fs)
	if err != nil {
		t.Fatal(err)
	}
	d := cfg.Daemon
	if d.Listen != "127.0.0.1:1111" || d.GroupWait != 45*time.Second || d.RepeatEvery != 2*time.Hour || !d.DryRun || d.PollEvery != time.Minute {
		t.Errorf("merged = %+v: want listen from the file, group_wait from the environment, repeat_every and dry_run from the flags, poll_every the default", d)
	}

	t.Setenv("OWNERD_DAEMON_GROUP_WAIT", "soon")
	env["OWNERD_DAEMON_GROUP_WAIT"] = "soon"
	_, err = Parse("c.yaml", []byte("daemon:\n  poll_every: 0s\n  log_format: xml\n"), nil)
	if err == nil {
		t.Fatal("bad values were accepted")
	}
	for _, want := range []string{"\nOWNERD_DAEMON_GROUP_WAIT: ", "c.yaml:2: daemon.poll_every", "c.yaml:3: daemon.log_format"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not name %s", err, want)
		}
	}
	// An empty variable is no value, for viper and for the error.
	env["OWNERD_DAEMON_POLL_EVERY"] = ""
	t.Setenv("OWNERD_DAEMON_POLL_EVERY", "")
	if _, err := Parse("c.yaml", []byte("daemon:\n  poll_every: 0s\n"), nil); err == nil || !strings.Contains(err.Error(), "c.yaml:2: daemon.poll_every") {
		t.Errorf("a bad file value under an empty variable: %v", err)
	}
}

func TestOrgCrossReferences(t *testing.T) {
	_, err := Parse("c.yaml", []byte(`org:
  people:
    - {id: mia, name: Mia, team: acounts}
  teams:
    - {name: accounts, lead: raj}
rules:
  silent-handof: {ack_within: 1d}
daemon:
  lissen: 1
`), nil)
	if err == nil {
		t.Fatal("accepted")
	}
	for _, want := range []string{"c.yaml:3: org.people.team", "c.yaml:5: org.teams.lead", "c.yaml:7", "silent-handof", "c.yaml:9", "lissen"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error does not name %s:\n%v", want, err)
		}
	}
}

// TestExampleDocumentsEveryKey: every key the configuration file takes
// is written in deploy/config.example.yaml, set or in a comment.
func TestExampleDocumentsEveryKey(t *testing.T) {
	data, err := os.ReadFile("../deploy/config.example.yaml")
	if err != nil {
		t.Fatal(err)
	}
	example := string(data)
	seen := map[reflect.Type]bool{}
	var walk func(path string, ty reflect.Type)
	walk = func(path string, ty reflect.Type) {
		for ty.Kind() == reflect.Pointer || ty.Kind() == reflect.Slice {
			ty = ty.Elem()
		}
		if ty.Kind() != reflect.Struct || seen[ty] {
			return
		}
		seen[ty] = true
		for i := range ty.NumField() {
			f := ty.Field(i)
			key, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
			if key == "" || key == "-" {
				continue
			}
			if !regexp.MustCompile(`(?m)(^|[\s{,#])` + regexp.QuoteMeta(key) + `:`).MatchString(example) {
				t.Errorf("deploy/config.example.yaml does not document %s%s", path, key)
			}
			walk(path+key+".", f.Type)
		}
	}
	walk("", reflect.TypeOf(file{}))
}

func TestDigestConfig(t *testing.T) {
	cfg, err := Load("../deploy/config.example.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if s := cfg.Digest.Schedules["studio"]; s.Spec != "30 8 * * 1-5" {
		t.Errorf("studio's schedule %q", s.Spec)
	}
	if s := cfg.Digest.Schedules["accounts"]; s.Spec != DefaultDigestSchedule {
		t.Errorf("accounts' schedule %q, want the section's", s.Spec)
	}
	_, err = Parse("c.yaml", []byte(`org:
  people:
    - {id: mia, name: Mia, team: accounts}
  teams:
    - {name: accounts, lead: mia}
digest:
  schedule: every morning
  teams:
    - {team: acounts, schedule: "0 9 * * *"}
    - {team: accounts, timezone: Mars/Olympus}
`), nil)
	for _, want := range []string{"c.yaml:7: digest.schedule", "c.yaml:9: digest.teams.team: undefined team \"acounts\"", "c.yaml:10: digest.teams.timezone"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("error does not name %s: %v", want, err)
		}
	}
}
