package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ownerd/ownerd/rules"
)

func TestParseDuration(t *testing.T) {
	for in, want := range map[string]time.Duration{
		"90s": 90 * time.Second, "30m": 30 * time.Minute, "4h": 4 * time.Hour,
		"5d": 120 * time.Hour, "1w": 168 * time.Hour, "1d12h": 36 * time.Hour, "0": 0,
	} {
		got, err := ParseDuration(in)
		if err != nil || got != want {
			t.Errorf("ParseDuration(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, bad := range []string{"", "4", "h", "4x", "1.5h", "-1h", "99999999999999999w"} {
		if _, err := ParseDuration(bad); err == nil {
			t.Errorf("ParseDuration(%q): want an error", bad)
		}
	}
}

// TestLoadBadConfigs: each file is refused with an error naming the file,
// the line and what is wrong.
func TestLoadBadConfigs(t *testing.T) {
	cases := []struct{ name, file, want string }{
		{"unknown rule", "rules:\n  silent-handof: {ack_within: 12h}\n", `ownerd.yaml:2: rules.silent-handof: unknown rule; did you mean silent-handoff?`},
		{"unknown threshold", "rules:\n  silent-handoff:\n    ack_witin: 12h\n", `ownerd.yaml:3: rules.silent-handoff.ack_witin: unknown threshold; did you mean ack_within?`},
		{"bad duration", "rules:\n  silent-handoff: {ack_within: soon}\n", `ownerd.yaml:2: rules.silent-handoff.ack_within: "soon" is not a duration`},
		{"bad count", "rules:\n  slipped-deadline: {max_slips: two}\n", `rules.slipped-deadline.max_slips: "two" is not a count`},
		{"zero count", "rules:\n  slipped-deadline: {max_slips: 0}\n", `rules.slipped-deadline.max_slips: "0" is not a count (a whole number, 1 or more)`},
		{"bad switch", "rules:\n  deflection: {enabled: maybe}\n", `rules.deflection.enabled: "maybe" is not true or false`},
		{"unknown section", "rule:\n  deflection: {enabled: false}\n", `ownerd.yaml:1: rule: unknown field; did you mean rules?`},
		{"key case", "Rules:\n  deflection: {enabled: false}\n", `ownerd.yaml:1: Rules: unknown field; did you mean rules?`},
		{"unrelated section", "webhooks:\n  at: 9am\n", `ownerd.yaml:1: webhooks: unknown field (known: timezone, org, daemon, digest, rules, jira, github, mail, smtp)`},
		{"not a mapping", "rules: [a]\n", `ownerd.yaml:1: rules: want a mapping of rule names to their thresholds, found a list`},
		{"threshold not a mapping", "rules:\n  deflection: off\n", `ownerd.yaml:2: rules.deflection: want a mapping (key: value lines), found the value "off"`},
		{"a list as a value", "rules:\n  deflection: {expire_after: [1d]}\n", `ownerd.yaml:2: rules.deflection.expire_after: want a single value, found a list`},
		{"syntax", "rules:\n  deflection: {expire_after: [1d\n", `ownerd.yaml:1: rules: not valid YAML: did not find expected ',' or ']'`},
		{"second document", "rules: {}\n---\nrules: {}\n", `ownerd.yaml:2: a second YAML document starts here; the file holds one document`},
		{"jira secret in the file", "jira:\n  - {url: https://a.atlassian.net, email: a@b.example, api_token: xyz}\n", `ownerd.yaml:2: jira.api_token: unknown field; did you mean api_token_env or api_token_file?`},
		{"jira without credentials", "jira:\n  - url: https://a.atlassian.net\n", `ownerd.yaml:2: jira[jira]: no credentials: give email with api_token_env or api_token_file (Cloud), or token_env or token_file (Data Center)`},
		{"jira bad url", "jira:\n  - {url: agency, token_env: T}\n", `ownerd.yaml:2: jira[jira].url: "agency" is not a URL`},
		{"jira bad page size", "jira:\n  - url: https://a.atlassian.net\n    token_env: T\n    page_size: lots\n", `ownerd.yaml:4: jira[jira].page_size: "lots" is not a whole number, 1 or more`},
		{"jira bad flavor", "jira:\n  - {url: https://a.atlassian.net, token_env: T, flavor: server}\n", `jira[jira].flavor: "server" is not cloud or datacenter`},
		{"jira two of one name", "jira:\n  - {name: a, url: https://a.atlassian.net, token_env: T}\n  - {name: a, url: https://b.atlassian.net, token_env: T}\n", `ownerd.yaml:3: jira[a].name: a second Jira site named "a" (first at line 2)`},
		{"github without repos", "github:\n  - {token_env: GH}\n", `ownerd.yaml:2: github[github].repos: name the repositories`},
		{"github half an app", "github:\n  - {org: agency, app_id: 1}\n", `github[github]: app_id, installation_id and private_key_file go together`},
		{"github bad app id", "github:\n  - {org: agency, app_id: x, installation_id: 2, private_key_file: k.pem}\n", `ownerd.yaml:2: github[github].app_id: "x" is not a whole number`},
		{"mail without a user", "mail:\n  - {addr: imap.agency.example:993, password_env: P}\n", `ownerd.yaml:2: mail[mail1].user: required`},
		{"mail password in the file", "mail:\n  - {addr: imap.agency.example:993, user: u, password: x}\n", `mail.password: unknown field; did you mean password_env or password_file?`},
		{"smtp bad from", "smtp: {addr: smtp.agency.example:587, from: nobody}\n", `ownerd.yaml:1: smtp.from: "nobody" is not an address`},
		{"duplicate key", "rules:\n  deflection: {enabled: false}\n  deflection: {enabled: true}\n", `ownerd.yaml:3: rules.deflection: duplicate key (first at line 2)`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "ownerd.yaml")
			if err := os.WriteFile(path, []byte(c.file), 0o600); err != nil {
				t.Fatal(err)
			}
			_, err := Load(path)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("Load(%q):\n got %v\nwant %q", c.file, err, c.want)
			}
		})
	}
}

func TestLoadGood(t *testing.T) {
	path := filepath.Join(t.TempDir(), "ownerd.yaml")
	os.WriteFile(path, []byte("rules:\n  silent-handoff: {ack_within: 12h}\n  deflection: {enabled: false}\n  slipped-deadline: {max_slips: 3}\n"), 0o600)
	cfg, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	s := rules.DefaultSettings()
	if err := cfg.ApplyRules(s); err != nil {
		t.Fatal(err)
	}
	if got := s["silent-handoff"].Params.Duration("ack_within"); got != 12*time.Hour {
		t.Errorf("ack_within = %v", got)
	}
	if s["deflection"].Enabled || !s["no-owner"].Enabled {
		t.Error("enabled switches")
	}
	if got := s["slipped-deadline"].Params.Int("max_slips"); got != 3 {
		t.Errorf("max_slips = %d", got)
	}
	if got := s["no-owner"].Params.Duration("grace"); got != 4*time.Hour {
		t.Errorf("untouched defaults stay: grace = %v", got)
	}
	if got := s["silent-handoff"].Params.Duration("repeat_every"); got != 72*time.Hour {
		t.Errorf("untouched thresholds of a touched rule stay: repeat_every = %v", got)
	}
}

func TestLoadJira(t *testing.T) {
	path := filepath.Join(t.TempDir(), "ownerd.yaml")
	os.WriteFile(path, []byte(`jira:
  - name: agency
    url: https://agency.atlassian.net
    email: ownerd@agency.example
    api_token_file: /run/secrets/jira-token
    jql: project in (MKT, WEB)
    client_field: customfield_10042
    sweep_every: 2h
    page_size: 50
`), 0o600)
	cfg, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(cfg.Jira) != 1 {
		t.Fatalf("jira: %+v", cfg.Jira)
	}
	j := cfg.Jira[0]
	if j.Name != "agency" || j.JQL != "project in (MKT, WEB)" || j.SweepEvery != 2*time.Hour || j.PageSize != 50 || j.Timeout != 30*time.Second || j.APITokenFile != "/run/secrets/jira-token" {
		t.Errorf("jira config, defaults filled in: %+v", j)
	}
}

func TestLoadGitHub(t *testing.T) {
	path := filepath.Join(t.TempDir(), "ownerd.yaml")
	os.WriteFile(path, []byte("github:\n  - name: agency\n    repos: [agency/site, agency/app]\n    token_file: /run/secrets/gh\n  - name: enterprise\n    url: https://ghe.agency.example/api/v3/\n    org: agency\n    app_id: 12\n    installation_id: 34\n    private_key_file: /run/secrets/app.pem\n"), 0o600)
	cfg, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(cfg.GitHub) != 2 || len(cfg.GitHub[0].Repos) != 2 || cfg.GitHub[1].AppID != 12 || cfg.GitHub[1].Org != "agency" || cfg.GitHub[0].URL != "https://api.github.com/" {
		t.Errorf("github: %+v", cfg.GitHub)
	}
}

func TestLoadMail(t *testing.T) {
	path := filepath.Join(t.TempDir(), "ownerd.yaml")
	os.WriteFile(path, []byte("mail:\n  - name: accounts\n    addr: imap.agency.example:993\n    user: accounts@agency.example\n    password_file: /run/secrets/imap\n    mailboxes: [INBOX, Sent Items]\nsmtp:\n  addr: smtp.agency.example:587\n  user: ownerd@agency.example\n  password_env: SMTP_PASSWORD\n  from: ownerd@agency.example\n  timeout: 20s\n"), 0o600)
	cfg, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(cfg.Mail) != 1 || cfg.Mail[0].Mailboxes[1] != "Sent Items" || cfg.SMTP == nil || cfg.SMTP.Timeout != 20*time.Second || cfg.SMTP.From != "ownerd@agency.example" {
		t.Errorf("mail %+v smtp %+v", cfg.Mail, cfg.SMTP)
	}
}
