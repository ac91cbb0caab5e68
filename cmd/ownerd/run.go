package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/ownerd/ownerd/config"
	"github.com/ownerd/ownerd/connectors/github"
	"github.com/ownerd/ownerd/connectors/jira"
	"github.com/ownerd/ownerd/connectors/mail"
	"github.com/ownerd/ownerd/model"
	"github.com/ownerd/ownerd/reconcile/daemon"
	"github.com/ownerd/ownerd/reconcile/notify"
	"github.com/ownerd/ownerd/reconcile/store"
	"github.com/ownerd/ownerd/reconcile/store/sqlite"
	"github.com/ownerd/ownerd/rules/language"
)

func newRun(stdout, stderr io.Writer, level *slog.LevelVar) *cobra.Command {
	var file string
	var once bool
	cmd := &cobra.Command{
		Use:   "run --config FILE [flags]",
		Short: "Run the daemon: sync, find gaps, comment on tickets, serve metrics",
		Long: `run reads the systems the configuration names, keeps the gap ledger in its
SQLite store and writes one comment per ticket with gaps (comments.md),
until stopped. It serves /metrics, /healthz, /readyz and /api/v1/gaps on
daemon.listen.

Every daemon: key can also be given as OWNERD_DAEMON_<KEY> or as a flag
below; a flag beats the environment, which beats the file. The
configuration is read again on SIGHUP and when the file changes (a
Kubernetes ConfigMap update); a bad new configuration is refused, logged,
and the old one keeps running (ownerd_config_last_reload_successful 0).

--once runs one full cycle (sync, evaluate, write) and exits: for a
CronJob, and for measuring. A new gap is written once it has waited
group_wait, so a gap first seen by one --once run is written by the next.
SIGTERM lets the write in flight finish (10s at most) and closes the store.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if file == "" {
				return badInput(errors.New("run: --config FILE is required"))
			}
			cfg, err := loadRunnable(file, cmd.Flags())
			if err != nil {
				return badInput(err)
			}
			if !cmd.Flags().Changed("log-level") {
				level.UnmarshalText([]byte(cfg.Daemon.LogLevel))
			}
			logger := newLogger(stderr, cfg.Daemon.LogFormat, level)
			return runDaemon(cmd.Context(), cfg, cmd.Flags(), once, stdout, logger)
		},
	}
	cmd.Flags().StringVar(&file, "config", "", "the configuration file (deploy/config.example.yaml documents every key)")
	cmd.Flags().BoolVar(&once, "once", false, "run one full cycle and exit")
	config.AddDaemonFlags(cmd.Flags())
	return cmd
}

func loadRunnable(file string, fs *pflag.FlagSet) (*config.Config, error) {
	cfg, err := config.LoadWithFlags(file, fs)
	if err != nil {
		return nil, err
	}
	if err := cfg.Runnable(); err != nil {
		return nil, err
	}
	return cfg, nil
}

func newLogger(w io.Writer, format string, level *slog.LevelVar) *slog.Logger {
	opts := &slog.HandlerOptions{Level: level}
	if format == "text" {
		return slog.New(slog.NewTextHandler(w, opts))
	}
	return slog.New(slog.NewJSONHandler(w, opts))
}

// teams are the label values of ownerd_gaps_open's team.
func teams(org *model.Org) []string {
	out := []string{notify.Unassigned}
	for _, t := range org.Teams {
		out = append(out, t.Name)
	}
	return out
}

// sources builds the configured connectors. Each reads its secret where
// the configuration names it; none is ever logged.
func sources(cfg *config.Config, logger *slog.Logger, m *daemon.Metrics) ([]daemon.Source, func(), error) {
	var out []daemon.Source
	var closers []func()
	closeAll := func() {
		for _, c := range closers {
			c()
		}
	}
	every := cfg.Daemon.PollEvery
	for _, jc := range cfg.Jira {
		c, err := jira.New(jc, jira.WithLogger(logger), jira.WithTransport(m.Transport(jc.Name, nil)))
		if err != nil {
			return nil, closeAll, err
		}
		out = append(out, daemon.Source{Name: jc.Name, Syncer: c, Every: every, Notifier: notify.Jira{Client: c}})
	}
	for _, gc := range cfg.GitHub {
		c, err := github.New(gc, github.WithLogger(logger), github.WithTransport(m.Transport(gc.Name, nil)))
		if err != nil {
			return nil, closeAll, err
		}
		out = append(out, daemon.Source{Name: gc.Name, Syncer: c, Every: every, Notifier: notify.GitHub{Client: c}})
	}
	for _, acct := range cfg.Mail {
		r, err := mail.NewReader(acct, mail.WithLogger(logger))
		if err != nil {
			return nil, closeAll, err
		}
		closers = append(closers, func() { r.Close() })
		// IDLE tells of new mail at once; the interval is the safety net.
		out = append(out, daemon.Source{Name: acct.Name, Syncer: r, Every: every, Watch: r.Watch})
	}
	return out, closeAll, nil
}

// digestsFor sets up the daily digests when `smtp:` is configured: its
// sender (which reads its password here) and each item's web link, from
// the connector it came from.
func digestsFor(cfg *config.Config) (*daemon.Digests, error) {
	if cfg.SMTP == nil {
		return nil, nil
	}
	sender, err := mail.NewSender(*cfg.SMTP, cfg.Org, "")
	if err != nil {
		return nil, err
	}
	jiraURL, githubAPI := map[string]string{}, map[string]string{}
	for _, j := range cfg.Jira {
		jiraURL[j.Name] = j.URL
	}
	for _, g := range cfg.GitHub {
		githubAPI[g.Name] = g.URL
	}
	return &daemon.Digests{Mailer: sender, Schedules: cfg.Digest.Schedules, RetroSchedules: cfg.Digest.RetroSchedules,
		SendEmpty: cfg.Digest.SendEmpty, JiraURL: jiraURL, GitHubAPI: githubAPI}, nil
}

// openStore opens the SQLite store, saying plainly when another ownerd
// holds it.
func openStore(ctx context.Context, path string) (store.Store, error) {
	st, err := sqlite.Open(ctx, path)
	if errors.Is(err, store.ErrLocked) {
		return nil, fmt.Errorf("store %s is in use by another ownerd process: one process per store (stop the other, or give this one its own daemon.store)", path)
	}
	return st, err
}

func runDaemon(ctx context.Context, cfg *config.Config, fs *pflag.FlagSet, once bool, stdout io.Writer, logger *slog.Logger) error {
	m := daemon.NewMetrics(teams(cfg.Org))
	st, err := openStore(ctx, cfg.Daemon.Store)
	if err != nil {
		return &exitError{code: exitFailed, err: err}
	}
	defer st.Close()
	srcs, closeSources, err := sources(cfg, logger, m)
	defer closeSources()
	if err != nil {
		return badInput(err)
	}
	digests, err := digestsFor(cfg)
	if err != nil {
		return badInput(err)
	}
	d, err := daemon.New(ctx, daemon.Options{
		Org: cfg.Org, Settings: cfg.Settings, Reader: language.ForOrg(cfg.Org), Store: st, Sources: srcs, Digests: digests,
		Policy:     notify.Policy{GroupWait: cfg.Daemon.GroupWait, RepeatEvery: cfg.Daemon.RepeatEvery},
		Reevaluate: cfg.Daemon.ReevaluateEvery, DryRun: cfg.Daemon.DryRun, ReaderVersion: release(), Logger: logger, Metrics: m,
	})
	if err != nil {
		return &exitError{code: exitFailed, err: err}
	}
	if once {
		return cycleOnce(ctx, d, stdout)
	}
	srv, addr, err := serve(cfg.Daemon.Listen, d.Handler(), logger)
	if err != nil {
		return &exitError{code: exitFailed, err: err}
	}
	logger.Info("ownerd running", "listen", addr, "store", cfg.Daemon.Store, "sources", len(srcs), "dry_run", cfg.Daemon.DryRun)
	rctx, stopReload := context.WithCancel(ctx)
	defer stopReload()
	go watchConfig(rctx, cfg.File, fileDigest(cfg.File), fs, d, m, logger, 5*time.Second)
	err = runServing(ctx, d, srv)
	logger.Info("ownerd stopped")
	return err
}

// serve starts the HTTP server and returns the address it listens on.
func serve(addr string, h http.Handler, logger *slog.Logger) (*http.Server, string, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, "", fmt.Errorf("listen on %s: %w", addr, err)
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	go func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			logger.Error("HTTP server stopped", "err", err)
		}
	}()
	return srv, ln.Addr().String(), nil
}

// runServing runs the daemon until ctx ends, and stops the HTTP server
// as soon as it does, beside the write in flight, so that the whole
// process ends within 10 s of SIGTERM.
func runServing(ctx context.Context, d *daemon.Daemon, srv *http.Server) error {
	stopped := make(chan struct{})
	go func() {
		<-ctx.Done()
		shutdown(srv)
		close(stopped)
	}()
	err := d.Run(ctx)
	<-stopped
	return err
}

func shutdown(srv *http.Server) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if srv.Shutdown(ctx) != nil {
		srv.Close()
	}
}

// watchConfig reloads the configuration on SIGHUP and when the file's
// content changes. The file is compared by content every interval rather
// than watched for events: a ConfigMap is updated by swapping a symlink,
// which file-event watchers follow unevenly, and a read every few seconds
// costs nothing. A bad configuration is refused and the old one kept.
//
// last is the digest of the file as it was loaded.
func watchConfig(ctx context.Context, file string, last []byte, fs *pflag.FlagSet, d *daemon.Daemon, m *daemon.Metrics, logger *slog.Logger, every time.Duration) {
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	defer signal.Stop(hup)
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-hup:
			logger.Info("SIGHUP: reading the configuration again", "file", file)
		case <-t.C:
			sum := fileDigest(file)
			if bytes.Equal(sum, last) {
				continue
			}
			logger.Info("the configuration file changed: reading it again", "file", file)
		}
		last = fileDigest(file)
		reload(file, fs, d, m, logger)
	}
}

func fileDigest(file string) []byte {
	b, err := os.ReadFile(file)
	if err != nil {
		return nil
	}
	sum := sha256.Sum256(b)
	return sum[:]
}

// reload applies a new configuration to the running daemon, or refuses
// it and keeps the old one.
func reload(file string, fs *pflag.FlagSet, d *daemon.Daemon, m *daemon.Metrics, logger *slog.Logger) bool {
	cfg, err := loadRunnable(file, fs)
	if err != nil {
		m.ConfigReload.Set(0)
		logger.Error("the new configuration is refused; the old one keeps running", "file", file, "err", err)
		return false
	}
	d.Reload(daemon.Live{Org: cfg.Org, Settings: cfg.Settings, Reader: language.ForOrg(cfg.Org), DryRun: cfg.Daemon.DryRun,
		Policy: notify.Policy{GroupWait: cfg.Daemon.GroupWait, RepeatEvery: cfg.Daemon.RepeatEvery}})
	m.ConfigReload.Set(1)
	logger.Info("configuration reloaded: org, rules, group_wait, repeat_every and dry_run apply now; connectors, listen, store, poll_every, reevaluate_every, logging, digest: and smtp: on the next start", "file", file)
	return true
}
