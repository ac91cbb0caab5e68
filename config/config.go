// Package config reads ownerd's configuration: a YAML file found and merged
// by viper, decoded strictly (an unknown key is an error, never ignored),
// started from the defaults of the specification, and validated section by
// section against the tables the code itself uses (the rule table for
// `rules:`), with every problem reported, not only the first.
package config

import (
	"errors"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/viper"

	"github.com/ownerd/ownerd/rules"
)

// Config is ownerd's configuration.
type Config struct {
	// Rules are the rules' switches and thresholds: the defaults with the
	// file's overrides applied.
	Rules rules.Settings
	// RuleOverrides are the file's `rules:` entries as written, validated,
	// for applying on top of other settings (a scenario's).
	RuleOverrides []RuleOverride
}

// RuleOverride is one switch or threshold of a rule, as written.
type RuleOverride struct {
	Rule, Param, Value string
}

// Default returns the configuration of the specification's defaults.
func Default() *Config { return &Config{Rules: rules.DefaultSettings()} }

// ApplyRules applies the file's rule overrides to s.
func (c *Config) ApplyRules(s rules.Settings) error {
	var errs []error
	for _, o := range c.RuleOverrides {
		if err := SetRule(s, o.Rule, o.Param, o.Value); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// sections are the top-level keys a configuration file may hold.
var sections = []string{"rules"}

// Load reads the configuration file at path on top of the defaults.
func Load(path string) (*Config, error) {
	v := viper.New()
	v.SetConfigFile(path)
	if !strings.HasSuffix(path, ".yaml") && !strings.HasSuffix(path, ".yml") && !strings.HasSuffix(path, ".json") && !strings.HasSuffix(path, ".toml") {
		v.SetConfigType("yaml")
	}
	if err := v.ReadInConfig(); err != nil {
		return nil, fmt.Errorf("config %s: %w", path, err)
	}
	cfg := Default()
	var errs []error
	for _, key := range sortedKeys(v.AllSettings()) {
		if !slices.Contains(sections, key) {
			errs = append(errs, fmt.Errorf("%s: unknown section (known: %s)", key, strings.Join(sections, ", ")))
		}
	}
	raw, _ := v.Get("rules").(map[string]any)
	if v.IsSet("rules") && raw == nil {
		errs = append(errs, errors.New("rules: want a mapping of rule names"))
	}
	for _, name := range sortedKeys(raw) {
		params, ok := raw[name].(map[string]any)
		if !ok {
			if raw[name] == nil {
				continue
			}
			errs = append(errs, fmt.Errorf("rules.%s: want a mapping of thresholds", name))
			continue
		}
		for _, param := range sortedKeys(params) {
			o := RuleOverride{Rule: name, Param: param, Value: fmt.Sprint(params[param])}
			if err := SetRule(cfg.Rules, o.Rule, o.Param, o.Value); err != nil {
				errs = append(errs, fmt.Errorf("rules.%w", err))
				continue
			}
			cfg.RuleOverrides = append(cfg.RuleOverrides, o)
		}
	}
	if err := errors.Join(errs...); err != nil {
		return nil, fmt.Errorf("config %s:\n%w", path, err)
	}
	return cfg, nil
}

// SetRule sets one switch or threshold of a rule from its written value:
// `enabled` (true or false), a duration (90s, 30m, 4h, 5d, 1w, 1d12h) or a
// count. An unknown rule or threshold is an error that lists the known ones.
func SetRule(s rules.Settings, rule, param, value string) error {
	r := rules.Lookup(rule)
	if r == nil {
		return fmt.Errorf("%s: unknown rule (known: %s)", rule, strings.Join(rules.Names(), ", "))
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
		return fmt.Errorf("%s.%s: unknown threshold (known: %s, enabled)", rule, param, strings.Join(r.ParamNames(), ", "))
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
			return 0, fmt.Errorf("%q is not a duration: %w", orig, err)
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

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
