// Package config reads ownerd's configuration: a YAML file found and merged
// by viper, decoded strictly (an unknown key is an error, never ignored),
// started from the defaults of the specification, and validated section by
// section against the tables the code itself uses (the rule table for
// `rules:`), with every problem reported, not only the first.
package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/viper"
	"go.yaml.in/yaml/v3"

	"github.com/ownerd/ownerd/rules"
)

// Config is ownerd's configuration.
type Config struct {
	// File is the file it was read from.
	File string
	// RuleOverrides are the file's `rules:` entries, validated against the
	// rule table, in file order.
	RuleOverrides []RuleOverride
}

// RuleOverride is one switch or threshold of a rule, as written.
type RuleOverride struct {
	Rule, Param, Value string
	Line               int
}

// ApplyRules applies the file's rule overrides to s, on top of whatever s
// holds (the defaults, a scenario's own overrides).
func (c *Config) ApplyRules(s rules.Settings) error {
	var errs []error
	for _, o := range c.RuleOverrides {
		if err := SetRule(s, o.Rule, o.Param, o.Value); err != nil {
			errs = append(errs, fmt.Errorf("%s:%d: rules.%w", c.File, o.Line, err))
		}
	}
	return errors.Join(errs...)
}

// file is the configuration file's shape. Each value keeps its node, for
// its line.
type file struct {
	Rules map[string]map[string]yaml.Node `yaml:"rules"`
}

// Load reads the configuration file at path. viper reads it (and will merge
// the environment and flags when the daemon needs them); the bytes are
// decoded with yaml.v3 with unknown keys refused, because
// viper's own decoding folds the case of keys ("Rules:" would silently
// merge with "rules:") and loses the lines that errors should name.
func Load(path string) (*Config, error) {
	// Read once: the file may be a pipe ("--config <(...)").
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("config %s: %w", path, err)
	}
	v := viper.New()
	v.SetConfigType("yaml")
	if err := v.ReadConfig(bytes.NewReader(data)); err != nil {
		return nil, fmt.Errorf("config %s: %w", path, err)
	}
	var f file
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&f); err != nil && !errors.Is(err, io.EOF) {
		return nil, decodeError(path, err)
	}
	cfg := &Config{File: path}
	var errs []error
	for name, params := range f.Rules {
		for param, node := range params {
			o := RuleOverride{Rule: name, Param: param, Value: node.Value, Line: node.Line}
			if node.Kind != yaml.ScalarNode {
				errs = append(errs, fmt.Errorf("%s:%d: rules.%s.%s: want a single value", path, node.Line, name, param))
				continue
			}
			cfg.RuleOverrides = append(cfg.RuleOverrides, o)
		}
	}
	slices.SortFunc(cfg.RuleOverrides, func(a, b RuleOverride) int {
		if a.Line != b.Line {
			return a.Line - b.Line
		}
		return strings.Compare(a.Rule+"."+a.Param, b.Rule+"."+b.Param)
	})
	if err := cfg.ApplyRules(rules.DefaultSettings()); err != nil {
		errs = append(errs, err)
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return cfg, nil
}

var (
	reUnknownKey = regexp.MustCompile(`^line (\d+): field (\S+) not found in type \S+$`)
	reWrongShape = regexp.MustCompile(`^line (\d+): cannot unmarshal !!(\w+) .*$`)
)

// decodeError words the YAML decoder's errors as path:line: what is wrong.
func decodeError(path string, err error) error {
	var te *yaml.TypeError
	if !errors.As(err, &te) {
		return fmt.Errorf("config %s: %s", path, strings.TrimPrefix(err.Error(), "yaml: "))
	}
	var errs []error
	for _, m := range te.Errors {
		if g := reUnknownKey.FindStringSubmatch(m); g != nil {
			errs = append(errs, fmt.Errorf("%s:%s: %s: unknown key (known: rules)", path, g[1], g[2]))
		} else if g := reWrongShape.FindStringSubmatch(m); g != nil {
			errs = append(errs, fmt.Errorf("%s:%s: a %s where a mapping belongs", path, g[1], map[string]string{"seq": "list", "str": "value", "int": "value", "bool": "value"}[g[2]]))
		} else {
			errs = append(errs, fmt.Errorf("%s: %s", path, m))
		}
	}
	return errors.Join(errs...)
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
