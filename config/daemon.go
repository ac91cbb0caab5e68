package config

import (
	"bytes"
	"fmt"
	"net"
	"strings"
	"time"

	"github.com/spf13/pflag"
	"github.com/spf13/viper"

	"github.com/ownerd/ownerd/config/yamlfile"
)

// Daemon is how `ownerd run` runs: the `daemon:` section, merged by viper
// from the defaults, the file, OWNERD_DAEMON_* environment variables and
// the command line's flags, in that order.
type Daemon struct {
	// Listen is the HTTP address of /metrics, /healthz, /readyz and the
	// API [127.0.0.1:9464].
	Listen string
	// Store is the SQLite file of the ledger [ownerd.db].
	Store string
	// PollEvery is how often each connector syncs [1m].
	PollEvery time.Duration
	// ReevaluateEvery is how often deliverables are evaluated again when
	// nothing was read, so that time thresholds are crossed on time [1m].
	ReevaluateEvery time.Duration
	// GroupWait and RepeatEvery: comments.md [30s, 24h].
	GroupWait   time.Duration
	RepeatEvery time.Duration
	// DryRun logs what would be written on tickets instead [false].
	DryRun bool
	// LogFormat is json or text [json]; LogLevel debug, info, warn or
	// error [info].
	LogFormat string
	LogLevel  string
}

// daemonFile is the `daemon:` section as written.
type daemonFile struct {
	Pos             yamlfile.Pos
	Listen          yamlfile.Str `yaml:"listen"`
	Store           yamlfile.Str `yaml:"store"`
	PollEvery       yamlfile.Str `yaml:"poll_every"`
	ReevaluateEvery yamlfile.Str `yaml:"reevaluate_every"`
	GroupWait       yamlfile.Str `yaml:"group_wait"`
	RepeatEvery     yamlfile.Str `yaml:"repeat_every"`
	DryRun          yamlfile.Str `yaml:"dry_run"`
	LogFormat       yamlfile.Str `yaml:"log_format"`
	LogLevel        yamlfile.Str `yaml:"log_level"`
}

// daemonDefaults are the `daemon:` keys with their defaults; every key
// here can be set in the file, as OWNERD_DAEMON_<KEY>, and by a flag of
// `ownerd run` of the same name with dashes.
var daemonDefaults = []struct{ key, value string }{
	{"listen", "127.0.0.1:9464"},
	{"store", "ownerd.db"},
	{"poll_every", "1m"},
	{"reevaluate_every", "1m"},
	{"group_wait", "30s"},
	{"repeat_every", "24h"},
	{"dry_run", "false"},
	{"log_format", "json"},
	{"log_level", "info"},
}

// FlagName is the flag of `ownerd run` that sets a `daemon:` key.
func FlagName(key string) string { return strings.ReplaceAll(key, "_", "-") }

// AddDaemonFlags adds a flag for every `daemon:` key to fs, for
// LoadWithFlags to merge.
func AddDaemonFlags(fs *pflag.FlagSet) {
	for _, d := range daemonDefaults {
		if d.key == "log_level" {
			continue // ownerd's global --log-level sets it
		}
		if d.key == "dry_run" {
			fs.Bool(FlagName(d.key), false, "log what would be written on tickets instead of writing it (daemon.dry_run)")
			continue
		}
		fs.String(FlagName(d.key), "", fmt.Sprintf("daemon.%s [%s]", d.key, d.value))
	}
}

// daemonSettings merges the `daemon:` section through viper and checks
// every value. A bad value from the file is added to errs at its line;
// one from the environment or a flag is returned, naming the variable or
// the flag.
func daemonSettings(data []byte, f daemonFile, flags *pflag.FlagSet, errs *yamlfile.List) (Daemon, []error) {
	v := viper.New()
	v.SetConfigType("yaml")
	for _, d := range daemonDefaults {
		v.SetDefault("daemon."+d.key, d.value)
	}
	// The file was decoded strictly before; viper reads the same bytes
	// only to take its place in the order of precedence.
	if err := v.ReadConfig(bytes.NewReader(data)); err != nil {
		errs.Addf(1, "", "%v", err)
	}
	v.SetEnvPrefix("OWNERD")
	v.SetEnvKeyReplacer(strings.NewReplacer(".", "_"))
	v.AutomaticEnv()
	if flags != nil {
		for _, d := range daemonDefaults {
			if fl := flags.Lookup(FlagName(d.key)); fl != nil && fl.Changed {
				v.BindPFlag("daemon."+d.key, fl)
			}
		}
	}
	lines := map[string]yamlfile.Str{
		"listen": f.Listen, "store": f.Store, "poll_every": f.PollEvery, "reevaluate_every": f.ReevaluateEvery,
		"group_wait": f.GroupWait, "repeat_every": f.RepeatEvery, "dry_run": f.DryRun, "log_format": f.LogFormat, "log_level": f.LogLevel,
	}
	// where names a value's origin in an error: the file's line, the
	// environment variable, or the flag.
	where := func(key string) (int, string) {
		if flags != nil {
			if fl := flags.Lookup(FlagName(key)); fl != nil && fl.Changed {
				return 0, "--" + FlagName(key)
			}
		}
		// viper takes an empty variable for an unset one; so does this.
		env := "OWNERD_DAEMON_" + strings.ToUpper(key)
		if v, ok := lookupEnv(env); ok && v != "" {
			return 0, env
		}
		return max(lines[key].Line, int(f.Pos)), "daemon." + key
	}
	out := Daemon{Listen: v.GetString("daemon.listen"), Store: v.GetString("daemon.store"), LogFormat: v.GetString("daemon.log_format"), LogLevel: v.GetString("daemon.log_level")}
	var others []error
	bad := func(key, format string, args ...any) {
		line, name := where(key)
		if line == 0 {
			others = append(others, fmt.Errorf("%s: %s", name, fmt.Sprintf(format, args...)))
			return
		}
		errs.Addf(line, name, format, args...)
	}
	if _, _, err := net.SplitHostPort(out.Listen); err != nil {
		bad("listen", "%q is not host:port", out.Listen)
	}
	if strings.TrimSpace(out.Store) == "" {
		bad("store", "is empty: name the SQLite file of the ledger")
	}
	for _, d := range []struct {
		key string
		to  *time.Duration
		min time.Duration
	}{{"poll_every", &out.PollEvery, time.Second}, {"reevaluate_every", &out.ReevaluateEvery, time.Second}, {"group_wait", &out.GroupWait, 0}, {"repeat_every", &out.RepeatEvery, time.Minute}} {
		s := strings.TrimSpace(v.GetString("daemon." + d.key))
		dur, err := ParseDuration(s)
		switch {
		case err != nil:
			bad(d.key, "%v", err)
		case dur < d.min:
			bad(d.key, "%s is too short (at least %s)", s, d.min)
		}
		*d.to = dur
	}
	switch s := strings.ToLower(strings.TrimSpace(v.GetString("daemon.dry_run"))); s {
	case "true", "yes", "1":
		out.DryRun = true
	case "false", "no", "0", "":
	default:
		bad("dry_run", "%q is not true or false", s)
	}
	if out.LogFormat != "json" && out.LogFormat != "text" {
		bad("log_format", "%q: want json or text", out.LogFormat)
	}
	switch out.LogLevel {
	case "debug", "info", "warn", "error":
	default:
		bad("log_level", "%q: want debug, info, warn or error", out.LogLevel)
	}
	return out, others
}
