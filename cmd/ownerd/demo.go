package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/ownerd/ownerd/connectors/mail"
	"github.com/ownerd/ownerd/connectors/mail/mailtest"
	"github.com/ownerd/ownerd/connectors/sandbox"
	"github.com/ownerd/ownerd/connectors/scenario"
	"github.com/ownerd/ownerd/examples"
	"github.com/ownerd/ownerd/reconcile/daemon"
	"github.com/ownerd/ownerd/reconcile/digest"
	"github.com/ownerd/ownerd/reconcile/notify"
	"github.com/ownerd/ownerd/rules"
	"github.com/ownerd/ownerd/rules/language"
)

func newDemo(stdout, stderr io.Writer, level *slog.LevelVar) *cobra.Command {
	var listen string
	var once bool
	cmd := &cobra.Command{
		Use:   "demo [--listen ADDR] [--once]",
		Short: "Run the whole product on a built-in organisation: no credentials, no setup",
		Long: `demo serves Northwind Studio, the example organisation built into ownerd
(examples/agency.yaml: every rule finds one gap there, beside a near-miss
that must not be reported), through fake Jira, GitHub, IMAP and SMTP
servers, and runs the daemon on it with its store in a temporary
directory. It prints where to look and runs until interrupted.

Its time is the organisation's, moved by whole weeks to this week, so
that each weekday and hour in it means what it says; the clock runs on
from there. Comments are written at once (group_wait 0), and each team
lead's digest goes to the SMTP fake every ten minutes, kept as .eml files
in a folder it names.

--once runs one full cycle, prints the open gaps and the comments it
wrote, and exits.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return demo(cmd.Context(), listen, once, stdout, newLogger(stderr, "text", level))
		},
	}
	cmd.Flags().StringVar(&listen, "listen", "127.0.0.1:9464", "the HTTP address of /metrics, /readyz and /api/v1/gaps")
	cmd.Flags().BoolVar(&once, "once", false, "run one full cycle, print what it found and wrote, and exit")
	return cmd
}

// offsetClock runs from a chosen moment at the pace of the real one.
type offsetClock struct {
	from  time.Time
	start time.Time
}

func (c offsetClock) Now() time.Time { return c.from.Add(time.Since(c.start)) }

func demo(ctx context.Context, listen string, once bool, stdout io.Writer, logger *slog.Logger) error {
	sc, err := scenario.Parse(examples.AgencyFile, examples.Agency)
	if err != nil {
		return err
	}
	sc.Shift(sc.WholeWeeks(time.Now()))
	clock := offsetClock{from: sc.Now, start: time.Now()}
	fakes, err := sandbox.Serve(sc, sandbox.WithClock(clock.Now))
	if err != nil {
		return &exitError{code: exitFailed, err: err}
	}
	defer fakes.Close()
	dir, err := os.MkdirTemp("", "ownerd-demo-")
	if err != nil {
		return &exitError{code: exitFailed, err: err}
	}
	defer os.RemoveAll(dir)
	m := daemon.NewMetrics(teams(sc.Org))
	clients, err := fakes.Clients(sandbox.ClientOptions{Logger: logger, Transport: m.Transport, Now: clock.Now})
	if err != nil {
		return &exitError{code: exitFailed, err: err}
	}
	defer clients.Mail.Close()
	st, err := openStore(ctx, filepath.Join(dir, "ownerd.db"))
	if err != nil {
		return &exitError{code: exitFailed, err: err}
	}
	defer st.Close()
	const every = 15 * time.Second
	srcs := []daemon.Source{
		{Name: sandbox.JiraName, Syncer: clients.Jira, Every: every, Notifier: notify.Jira{Client: clients.Jira}},
		{Name: sandbox.MailName, Syncer: clients.Mail, Every: every, Watch: clients.Mail.Watch},
	}
	if clients.GitHub != nil {
		srcs = append(srcs, daemon.Source{Name: sandbox.GitHubName, Syncer: clients.GitHub, Every: every, Notifier: notify.GitHub{Client: clients.GitHub}})
	}
	// Each lead's digest and retrospective every ten minutes, to the SMTP
	// fake: the first at once (its period began less than ten minutes ago).
	sender, err := mail.NewSender(mail.SMTP{Addr: fakes.SMTP.Addr, Security: "plain", From: "ownerd@agency.example"}, sc.Org, "")
	if err != nil {
		return &exitError{code: exitFailed, err: err}
	}
	schedules := map[string]digest.Schedule{}
	for _, t := range digest.Teams(sc.Org) {
		schedules[t], _ = digest.ParseSchedule("*/10 * * * *", sc.Org.Location)
	}
	d, err := daemon.New(ctx, daemon.Options{
		Org: sc.Org, Settings: rules.DefaultSettings(), Reader: language.ForOrg(sc.Org), Store: st, Sources: srcs,
		Digests: &daemon.Digests{Mailer: sender, Schedules: schedules, RetroSchedules: schedules,
			JiraURL: map[string]string{sandbox.JiraName: fakes.Jira.URL}, GitHubAPI: map[string]string{sandbox.GitHubName: fakes.GitHub.URL}},
		Policy: notify.Policy{GroupWait: 0, RepeatEvery: 24 * time.Hour}, Reevaluate: every,
		Now: clock.Now, ReaderVersion: release(), Logger: logger, Metrics: m,
	})
	if err != nil {
		return &exitError{code: exitFailed, err: err}
	}
	if once {
		return cycleOnce(ctx, d, stdout)
	}
	srv, addr, err := serve(listen, d.Handler(), logger)
	if err != nil {
		return badInput(err)
	}
	mailDir := filepath.Join(dir, "mail")
	if err := os.Mkdir(mailDir, 0o755); err != nil {
		return &exitError{code: exitFailed, err: err}
	}
	ep := fakes.Endpoints()
	fmt.Fprintf(stdout, `ownerd demo: Northwind Studio, at %s in New York (the clock runs on from there)
  gaps:     http://%[2]s/api/v1/gaps   (each gap names the ticket its comment is on)
  metrics:  http://%[2]s/metrics
  ready:    http://%[2]s/readyz
  comments: %[3]s/rest/api/2/issue/WEB-12/comment   (the fake Jira; WEB-10 to WEB-16 each have one)
  digests:  %[7]s   (each lead's, every ten minutes, as .eml files)
  fakes:    GitHub %[4]s   IMAP %[5]s (any user and password)   SMTP %[6]s
Press Ctrl-C to stop.
`, sc.Now.In(sc.Org.Location).Format("Mon Jan 2, 15:04 MST"), addr, ep.Jira, ep.GitHub, ep.IMAP, ep.SMTP, mailDir)
	go keepMail(ctx, fakes.SMTP, mailDir)
	err = runServing(ctx, d, srv)
	return err
}

// keepMail writes each message the SMTP fake accepts to dir, as N.eml,
// until ctx ends.
func keepMail(ctx context.Context, smtp *mailtest.SMTP, dir string) {
	written := 0
	t := time.NewTicker(500 * time.Millisecond)
	defer t.Stop()
	for {
		for _, m := range smtp.Received()[written:] {
			written++
			os.WriteFile(filepath.Join(dir, fmt.Sprintf("%d.eml", written)), m.Data, 0o644)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// cycleOnce runs one full cycle and prints what it found and wrote; a
// source that failed makes it exit 1, after printing.
func cycleOnce(ctx context.Context, d *daemon.Daemon, stdout io.Writer) error {
	err := d.Cycle(ctx)
	printCycle(stdout, d)
	if err != nil {
		return &exitError{code: exitFailed, err: err}
	}
	return nil
}

// printCycle prints the open gaps and what was written on tickets.
func printCycle(w io.Writer, d *daemon.Daemon) {
	gaps := d.Gaps()
	sort.SliceStable(gaps, func(i, j int) bool { return gaps[i].Deliverable < gaps[j].Deliverable })
	fmt.Fprintf(w, "%s open:\n", plural(len(gaps), "gap", "gaps"))
	for _, g := range gaps {
		where := "the digest (no ticket ownerd may write on)"
		if g.Ticket != "" {
			where = string(g.Ticket)
		}
		fmt.Fprintf(w, "  %-18s %-40s team %-10s → %s\n    %s\n", g.Rule, g.Deliverable, g.Team, where, g.Finding.Summary)
	}
	posted := d.Posted()
	fmt.Fprintf(w, "\n%s written:\n", plural(len(posted), "comment", "comments"))
	for _, p := range posted {
		verb := p.Action.String()
		if p.DryRun {
			verb = "would " + verb
		}
		fmt.Fprintf(w, "\n── %s (%s)\n%s\n", p.Ticket, verb, strings.TrimRight(p.Body, "\n"))
	}
	if mailed := d.Mailed(); len(mailed) > 0 {
		fmt.Fprintf(w, "\n%s sent (digests and retrospectives):\n", plural(len(mailed), "mail", "mails"))
		for _, m := range mailed {
			fmt.Fprintf(w, "  to %s: %s\n", strings.Join(m.To, ", "), m.Subject)
		}
	}
}
