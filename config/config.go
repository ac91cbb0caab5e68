// Package config reads ownerd's configuration: a YAML file found and merged
// by viper, decoded strictly (an unknown key is an error, never ignored),
// started from the defaults of the specification, and validated section by
// section against the tables the code itself uses (the rule table for
// `rules:`), with every problem reported, not only the first.
package config

import (
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/pflag"

	"github.com/ownerd/ownerd/config/yamlfile"
	"github.com/ownerd/ownerd/connectors/github"
	"github.com/ownerd/ownerd/connectors/jira"
	"github.com/ownerd/ownerd/connectors/mail"
	"github.com/ownerd/ownerd/connectors/scenario"
	"github.com/ownerd/ownerd/model"
	"github.com/ownerd/ownerd/rules"
)

// Config is ownerd's configuration.
type Config struct {
	// File is the file it was read from.
	File string
	// RuleOverrides are the file's `rules:` entries, validated against the
	// rule table, in file order.
	RuleOverrides []yamlfile.RuleOverride
	// Jira are the Jira sites to read, each validated.
	Jira []jira.Config
	// GitHub are the GitHub accounts to read, each validated.
	GitHub []github.Config
	// Mail are the IMAP accounts to read; SMTP is how mail is sent.
	Mail []mail.Account
	SMTP *mail.SMTP
	// Org is the organisation (`org:` and `timezone:`, as in a
	// scenario); nil when the file has no `org:`.
	Org *model.Org
	// Daemon is how `ownerd run` runs, merged from the file, the
	// environment and the flags.
	Daemon Daemon
	// Settings are the rules' thresholds: the defaults with the file's
	// `rules:` applied.
	Settings rules.Settings
	// Digest is when each team lead's digest goes out (with `smtp:`).
	Digest Digest
}

// Runnable reports what `ownerd run` needs and the file lacks: the
// organisation, and something to read.
func (c *Config) Runnable() error {
	errs := yamlfile.NewList(c.File)
	if c.Org == nil || len(c.Org.People) == 0 {
		errs.Addf(1, "org.people", "is required to run: ownerd needs to know who is on the team")
	}
	if len(c.Jira)+len(c.GitHub)+len(c.Mail) == 0 {
		errs.Addf(1, "", "no connector: add a jira:, github: or mail: section")
	}
	return errs.Err()
}

// ApplyRules applies the file's rule overrides to s, on top of whatever s
// holds (the defaults, a scenario's own overrides).
func (c *Config) ApplyRules(s rules.Settings) error {
	errs := yamlfile.NewList(c.File)
	ApplyOverrides(s, c.RuleOverrides, errs)
	return errs.Err()
}

// RuleSettings are the rules' thresholds for one evaluation, merged in
// one place for check and the daemon: the defaults, then a scenario's
// `rules:` (file names it in errors; none for the daemon), then the
// configuration's (nil: none). Each problem is reported at its line.
func RuleSettings(file string, scenario []yamlfile.RuleOverride, cfg *Config) (rules.Settings, error) {
	s := rules.DefaultSettings()
	errs := yamlfile.NewList(file)
	ApplyOverrides(s, scenario, errs)
	if err := errs.Err(); err != nil {
		return nil, err
	}
	if cfg != nil {
		if err := cfg.ApplyRules(s); err != nil {
			return nil, err
		}
	}
	return s, nil
}

// ApplyOverrides applies rule overrides written in a file (a configuration
// or a scenario) to s. Each that names an unknown rule or threshold, or
// holds a value that does not read, is added to errs at its line.
func ApplyOverrides(s rules.Settings, overrides []yamlfile.RuleOverride, errs *yamlfile.List) {
	for _, o := range overrides {
		if err := SetRule(s, o.Rule, o.Param, o.Value); err != nil {
			errs.Addf(o.Line, "", "rules.%v", err)
		}
	}
}

// file is the configuration file's shape.
type file struct {
	Timezone yamlfile.Str         `yaml:"timezone"`
	Org      *scenario.OrgSection `yaml:"org" want:"a mapping of the organisation (team_domains, client_domains, client_visible, people, teams)"`
	Daemon   daemonFile           `yaml:"daemon" want:"a mapping {listen, store, poll_every, reevaluate_every, group_wait, repeat_every, dry_run, log_format, log_level}"`
	Digest   *digestFile          `yaml:"digest" want:"a mapping {schedule, retro_schedule, send_empty, teams}"`
	Rules    yamlfile.RuleSection `yaml:"rules" want:"a mapping of rule names to their thresholds"`
	Jira     []jiraFile           `yaml:"jira" want:"a list of Jira sites ({name, url, email, api_token_env, jql, ...})"`
	GitHub   []githubFile         `yaml:"github" want:"a list of GitHub accounts ({name, url, repos or org, token_env or app_id, ...})"`
	Mail     []mailFile           `yaml:"mail" want:"a list of IMAP accounts ({name, addr, security, user, password_env, mailboxes})"`
	SMTP     *smtpFile            `yaml:"smtp" want:"a mapping {addr, security, user, password_env, from}"`
}

// mailFile is one `mail:` account as written; mail.Account says what each
// key means.
type mailFile struct {
	Pos          yamlfile.Pos
	Name         yamlfile.Str  `yaml:"name"`
	Addr         yamlfile.Str  `yaml:"addr"`
	Security     yamlfile.Str  `yaml:"security"`
	User         yamlfile.Str  `yaml:"user"`
	PasswordEnv  yamlfile.Str  `yaml:"password_env"`
	PasswordFile yamlfile.Str  `yaml:"password_file"`
	Mailboxes    yamlfile.Strs `yaml:"mailboxes"`
	CAFile       yamlfile.Str  `yaml:"ca_file"`
}

// smtpFile is the `smtp:` section as written; mail.SMTP says what each key
// means.
type smtpFile struct {
	Pos          yamlfile.Pos
	Addr         yamlfile.Str `yaml:"addr"`
	Security     yamlfile.Str `yaml:"security"`
	User         yamlfile.Str `yaml:"user"`
	PasswordEnv  yamlfile.Str `yaml:"password_env"`
	PasswordFile yamlfile.Str `yaml:"password_file"`
	From         yamlfile.Str `yaml:"from"`
	Timeout      yamlfile.Str `yaml:"timeout"`
	Retries      yamlfile.Str `yaml:"retries"`
}

// mailConfigs reads the `mail:` accounts and the `smtp:` section. The
// accounts' credentials are checked where they are named, not read: a
// configuration is validated without its secrets.
func mailConfigs(accounts []mailFile, s *smtpFile, errs *yamlfile.List) ([]mail.Account, *mail.SMTP) {
	var out []mail.Account
	for i, a := range accounts {
		acct := mail.Account{Name: a.Name.V, Addr: a.Addr.V, Security: a.Security.V, User: a.User.V, PasswordEnv: a.PasswordEnv.V, PasswordFile: a.PasswordFile.V, CAFile: a.CAFile.V}
		for _, m := range a.Mailboxes.V {
			acct.Mailboxes = append(acct.Mailboxes, m.V)
		}
		if acct.Name == "" {
			acct.Name = fmt.Sprintf("mail%d", i+1)
		}
		addValidation(errs, int(a.Pos), "mail["+acct.Name+"].", acct.Validate())
		out = append(out, acct)
	}
	if s == nil {
		return out, nil
	}
	cfg := &mail.SMTP{Addr: s.Addr.V, Security: s.Security.V, User: s.User.V, PasswordEnv: s.PasswordEnv.V, PasswordFile: s.PasswordFile.V, From: s.From.V}
	if s.Timeout.Set {
		d, err := ParseDuration(strings.TrimSpace(s.Timeout.V))
		if err != nil {
			errs.Addf(s.Timeout.Line, "smtp.timeout", "%v", err)
		}
		cfg.Timeout = d
	}
	if s.Retries.Set {
		n, err := strconv.Atoi(strings.TrimSpace(s.Retries.V))
		if err != nil || n < 1 {
			errs.Addf(s.Retries.Line, "smtp.retries", "%q is not a whole number, 1 or more", s.Retries.V)
		}
		cfg.Retries = n
	}
	addValidation(errs, int(s.Pos), "smtp.", cfg.Validate())
	return out, cfg
}

// githubFile is one `github:` entry as written; github.Config says what
// each key means.
type githubFile struct {
	Pos            yamlfile.Pos
	Name           yamlfile.Str  `yaml:"name"`
	URL            yamlfile.Str  `yaml:"url"`
	Repos          yamlfile.Strs `yaml:"repos"`
	Org            yamlfile.Str  `yaml:"org"`
	TokenEnv       yamlfile.Str  `yaml:"token_env"`
	TokenFile      yamlfile.Str  `yaml:"token_file"`
	AppID          yamlfile.Str  `yaml:"app_id"`
	InstallationID yamlfile.Str  `yaml:"installation_id"`
	PrivateKeyFile yamlfile.Str  `yaml:"private_key_file"`
	Timeout        yamlfile.Str  `yaml:"timeout"`
	Retries        yamlfile.Str  `yaml:"retries"`
}

// githubConfigs reads the `github:` entries, each problem at its line
// under github[NAME].KEY.
func githubConfigs(entries []githubFile, errs *yamlfile.List) []github.Config {
	var out []github.Config
	names := map[string]int{}
	for i, e := range entries {
		c := github.Config{Name: e.Name.V, URL: e.URL.V, Org: e.Org.V, TokenEnv: e.TokenEnv.V, TokenFile: e.TokenFile.V, PrivateKeyFile: e.PrivateKeyFile.V}
		for _, r := range e.Repos.V {
			c.Repos = append(c.Repos, strings.TrimSpace(r.V))
		}
		if c.Name == "" {
			c.Name = "github"
			if len(entries) > 1 {
				c.Name = fmt.Sprintf("github%d", i+1)
			}
		}
		field := "github[" + c.Name + "]."
		if first, dup := names[c.Name]; dup {
			errs.Addf(int(e.Pos), field+"name", "a second GitHub account named %q (first at line %d): give each its own name", c.Name, first)
		}
		names[c.Name] = int(e.Pos)
		for _, n := range []struct {
			v   yamlfile.Str
			key string
			to  *int64
		}{{e.AppID, "app_id", &c.AppID}, {e.InstallationID, "installation_id", &c.InstallationID}} {
			if n.v.Set {
				v, err := strconv.ParseInt(strings.TrimSpace(n.v.V), 10, 64)
				if err != nil || v < 1 {
					errs.Addf(n.v.Line, field+n.key, "%q is not a whole number, 1 or more", n.v.V)
				}
				*n.to = v
			}
		}
		if e.Retries.Set {
			v, err := strconv.Atoi(strings.TrimSpace(e.Retries.V))
			if err != nil || v < 1 {
				errs.Addf(e.Retries.Line, field+"retries", "%q is not a whole number, 1 or more", e.Retries.V)
			}
			c.Retries = v
		}
		if e.Timeout.Set {
			v, err := ParseDuration(strings.TrimSpace(e.Timeout.V))
			if err != nil {
				errs.Addf(e.Timeout.Line, field+"timeout", "%v", err)
			}
			c.Timeout = v
		}
		addValidation(errs, int(e.Pos), field, c.WithDefaults().Validate())
		out = append(out, c.WithDefaults())
	}
	return out
}

// addValidation adds a connector's own validation problems at its entry,
// each under its key where the message names one.
func addValidation(errs *yamlfile.List, line int, field string, err error) {
	if err == nil {
		return
	}
	for _, msg := range strings.Split(err.Error(), "\n") {
		if key, rest, ok := strings.Cut(msg, ": "); ok && !strings.ContainsAny(key, " *") {
			errs.Addf(line, field+key, "%s", rest)
		} else {
			errs.Addf(line, strings.TrimSuffix(field, "."), "%s", msg)
		}
	}
}

// jiraFile is one `jira:` entry as written; jira.Config says what each key
// means.
type jiraFile struct {
	Pos          yamlfile.Pos
	Name         yamlfile.Str `yaml:"name"`
	URL          yamlfile.Str `yaml:"url"`
	Flavor       yamlfile.Str `yaml:"flavor"`
	JQL          yamlfile.Str `yaml:"jql"`
	ClientField  yamlfile.Str `yaml:"client_field"`
	Email        yamlfile.Str `yaml:"email"`
	APITokenEnv  yamlfile.Str `yaml:"api_token_env"`
	APITokenFile yamlfile.Str `yaml:"api_token_file"`
	TokenEnv     yamlfile.Str `yaml:"token_env"`
	TokenFile    yamlfile.Str `yaml:"token_file"`
	PageSize     yamlfile.Str `yaml:"page_size"`
	Overlap      yamlfile.Str `yaml:"overlap"`
	SweepEvery   yamlfile.Str `yaml:"sweep_every"`
	Timeout      yamlfile.Str `yaml:"timeout"`
	Retries      yamlfile.Str `yaml:"retries"`
	Concurrency  yamlfile.Str `yaml:"concurrency"`
}

// jiraConfigs reads the `jira:` entries, each problem at its line under
// jira[NAME].KEY.
func jiraConfigs(entries []jiraFile, errs *yamlfile.List) []jira.Config {
	var out []jira.Config
	names := map[string]int{}
	for i, e := range entries {
		c := jira.Config{
			Name: e.Name.V, URL: e.URL.V, Flavor: jira.Flavor(e.Flavor.V), JQL: e.JQL.V, ClientField: e.ClientField.V,
			Email: e.Email.V, APITokenEnv: e.APITokenEnv.V, APITokenFile: e.APITokenFile.V, TokenEnv: e.TokenEnv.V, TokenFile: e.TokenFile.V,
		}
		if c.Name == "" {
			c.Name = "jira"
			if len(entries) > 1 {
				c.Name = fmt.Sprintf("jira%d", i+1)
			}
		}
		field := "jira[" + c.Name + "]."
		if first, dup := names[c.Name]; dup {
			errs.Addf(int(e.Pos), field+"name", "a second Jira site named %q (first at line %d): give each its own name", c.Name, first)
		}
		names[c.Name] = int(e.Pos)
		for _, n := range []struct {
			v   yamlfile.Str
			key string
			to  *int
		}{{e.PageSize, "page_size", &c.PageSize}, {e.Retries, "retries", &c.Retries}, {e.Concurrency, "concurrency", &c.Concurrency}} {
			if n.v.Set {
				v, err := strconv.Atoi(strings.TrimSpace(n.v.V))
				if err != nil || v < 1 {
					errs.Addf(n.v.Line, field+n.key, "%q is not a whole number, 1 or more", n.v.V)
				}
				*n.to = v
			}
		}
		for _, d := range []struct {
			v   yamlfile.Str
			key string
			to  *time.Duration
		}{{e.Overlap, "overlap", &c.Overlap}, {e.SweepEvery, "sweep_every", &c.SweepEvery}, {e.Timeout, "timeout", &c.Timeout}} {
			if d.v.Set {
				v, err := ParseDuration(strings.TrimSpace(d.v.V))
				if err != nil {
					errs.Addf(d.v.Line, field+d.key, "%v", err)
				}
				*d.to = v
			}
		}
		addValidation(errs, int(e.Pos), field, c.WithDefaults().Validate())
		out = append(out, c.WithDefaults())
	}
	return out
}

// Load reads the configuration file at path, with the environment's
// OWNERD_DAEMON_* overrides.
func Load(path string) (*Config, error) { return LoadWithFlags(path, nil) }

// LoadWithFlags reads the configuration file at path. It is decoded
// strictly (yamlfile: unknown and duplicate keys refused, every problem
// with its line, keys case-sensitive), started from the defaults, every
// section validated with its cross-references (a team lead who is not a
// person, a rule override for an unknown rule, a connector without
// credentials named), and every problem reported, not only the first.
// The `daemon:` section is then merged by viper with the environment and
// the flags of fs that were set (see AddDaemonFlags).
//
// Secrets are never read here, only where they are named (`*_env`,
// `*_file`): a configuration is validated without them, and no error
// can hold one.
func LoadWithFlags(path string, fs *pflag.FlagSet) (*Config, error) {
	// Read once: the file may be a pipe ("--config <(...)").
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("config %s: %w", path, err)
	}
	return Parse(path, data, fs)
}

// Parse reads a configuration held in data; path names it in errors.
func Parse(path string, data []byte, fs *pflag.FlagSet) (*Config, error) {
	errs := yamlfile.NewList(path)
	var f file
	yamlfile.Open(data, errs, &f)
	cfg := &Config{File: path, RuleOverrides: f.Rules.Overrides(), Jira: jiraConfigs(f.Jira, errs), GitHub: githubConfigs(f.GitHub, errs)}
	cfg.Mail, cfg.SMTP = mailConfigs(f.Mail, f.SMTP, errs)
	cfg.Settings = rules.DefaultSettings()
	ApplyOverrides(cfg.Settings, cfg.RuleOverrides, errs) // the daemon's: RuleSettings("", nil, cfg)
	if f.Org != nil {
		cfg.Org = scenario.ReadOrg(f.Timezone, f.Org, errs)
	} else if f.Timezone.Set {
		errs.Addf(f.Timezone.Line, "timezone", "is set but there is no org: section for it to apply to")
	}
	cfg.Digest = digestConfig(f.Digest, cfg.Org, errs)
	var others []error
	cfg.Daemon, others = daemonSettings(data, f.Daemon, fs, errs)
	if err := errors.Join(append([]error{errs.Err()}, others...)...); err != nil {
		return nil, err
	}
	return cfg, nil
}

// lookupEnv is os.LookupEnv, replaced in tests.
var lookupEnv = os.LookupEnv

// SetRule sets one switch or threshold of a rule from its written value:
// `enabled` (true or false), a duration (90s, 30m, 4h, 5d, 1w, 1d12h) or a
// count. An unknown rule or threshold is an error that lists the known ones.
func SetRule(s rules.Settings, rule, param, value string) error {
	r := rules.Lookup(rule)
	if r == nil {
		return fmt.Errorf("%s: unknown rule%s", rule, yamlfile.Suggest(rule, rules.Names()))
	}
	set := s[rule]
	params := make(rules.Params, len(set.Params)+1)
	for k, v := range set.Params {
		params[k] = v
	}
	set.Params = params
	value = strings.TrimSpace(value)
	if param == "enabled" {
		b, err := strconv.ParseBool(value)
		if err != nil {
			return fmt.Errorf("%s.enabled: %q is not true or false", rule, value)
		}
		set.Enabled = b
		s[rule] = set
		return nil
	}
	p, ok := r.Param(param)
	if !ok {
		return fmt.Errorf("%s.%s: unknown threshold%s", rule, param, yamlfile.Suggest(param, append(r.ParamNames(), "enabled")))
	}
	switch p.Kind {
	case rules.Duration:
		d, err := ParseDuration(value)
		if err != nil {
			return fmt.Errorf("%s.%s: %w", rule, param, err)
		}
		params[param] = int64(d)
	case rules.Count:
		n, err := strconv.Atoi(value)
		if err != nil || n < 1 {
			return fmt.Errorf("%s.%s: %q is not a count (a whole number, 1 or more)", rule, param, value)
		}
		params[param] = int64(n)
	}
	s[rule] = set
	return nil
}

// ParseDuration reads a duration as written in configuration and scenarios:
// a sequence of numbers with units s, m, h, d (24 hours) and w (7 days), such
// as 90s, 30m, 4h, 5d, 1w or 1d12h. Go's time.ParseDuration has no days or
// weeks, which every threshold here is naturally written in.
func ParseDuration(s string) (time.Duration, error) {
	orig := s
	if s == "" {
		return 0, errors.New("empty duration")
	}
	if s == "0" {
		return 0, nil
	}
	var total time.Duration
	for s != "" {
		i := 0
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
		if i == 0 || i == len(s) {
			return 0, fmt.Errorf("%q is not a duration (write it like 90s, 30m, 4h, 5d, 1w or 1d12h)", orig)
		}
		n, err := strconv.ParseInt(s[:i], 10, 64)
		if err != nil {
			return 0, fmt.Errorf("%q is too long", orig)
		}
		var unit time.Duration
		switch s[i] {
		case 's':
			unit = time.Second
		case 'm':
			unit = time.Minute
		case 'h':
			unit = time.Hour
		case 'd':
			unit = 24 * time.Hour
		case 'w':
			unit = 7 * 24 * time.Hour
		default:
			return 0, fmt.Errorf("%q is not a duration: unknown unit %q (use s, m, h, d or w)", orig, s[i])
		}
		if n > int64((1<<63-1)/unit) || time.Duration(n)*unit > time.Duration(1<<63-1)-total {
			return 0, fmt.Errorf("%q is too long", orig)
		}
		total += time.Duration(n) * unit
		s = s[i+1:]
	}
	return total, nil
}
