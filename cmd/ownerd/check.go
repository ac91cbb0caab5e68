package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"time"

	"github.com/spf13/cobra"

	"github.com/ownerd/ownerd/config"
	"github.com/ownerd/ownerd/config/yamlfile"
	"github.com/ownerd/ownerd/connectors"
	"github.com/ownerd/ownerd/connectors/sandbox"
	"github.com/ownerd/ownerd/connectors/scenario"
	"github.com/ownerd/ownerd/model"
	"github.com/ownerd/ownerd/reconcile"
	"github.com/ownerd/ownerd/rules"
	"github.com/ownerd/ownerd/rules/language"
)

func newCheck(stdout, stderr io.Writer, logger *slog.Logger) *cobra.Command {
	var file, format, configFile, nowFlag string
	var strict, stats, direct bool
	cmd := &cobra.Command{
		Use:   "check --scenario FILE [flags]",
		Short: "Evaluate every rule on a scenario file and print the findings",
		Long: `check reads a scenario (an organisation at a moment: people, Jira issues,
GitHub issues and pull requests, mail, and the time now), evaluates every
gap rule at that moment and prints the findings. Thresholds are the
defaults, overridden by the scenario's rules: section, then by --config.

The scenario is read as the daemon reads live systems: its Jira issues are
served by an in-process fake Jira and read back by the Jira connector over
loopback HTTP (--stats prints what the fake was asked, as one JSON line
on stderr). --direct reads the file as it is instead, which is faster on
very large files.

The table shows one row per gap: the rule, the deliverable (and, after an
arrow, the ticket a comment would go to when that is another one), its
owners, how long the gap has been open and a summary. --format json prints
the object scenario files are tested with.

It exits 0 when it ran, whatever it found, and 2 on unusable input. With
--strict it exits 1 when the findings do not meet the scenario's expect:
list exactly, for scenarios kept as tests in a CI of your own.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if file == "" {
				return badInput(errors.New("check: --scenario FILE is required"))
			}
			if format != "table" && format != "json" {
				return badInput(fmt.Errorf("check: --format %q: want table or json", format))
			}
			var at time.Time
			if nowFlag != "" {
				t, err := time.Parse(time.RFC3339, nowFlag)
				if err != nil {
					return badInput(fmt.Errorf("check: --now %q is not RFC 3339", nowFlag))
				}
				at = t
			}
			var statsOut io.Writer
			if stats {
				statsOut = stderr
			}
			if stats && direct {
				return badInput(errors.New("check: --stats counts what the sandbox's fakes were asked; --direct reads without them"))
			}
			res, sc, err := check(cmd.Context(), file, configFile, at, direct, logger, statsOut)
			if err != nil {
				return err
			}
			logger.Debug("checked scenario", "file", file, "deliverables", len(res.Deliverables), "findings", len(res.Findings))
			if format == "json" {
				err = writeJSON(stdout, res)
			} else {
				err = writeTable(stdout, res, sc, tableWidth(stdout))
			}
			if err != nil || !strict {
				return err
			}
			if !sc.HasExpect {
				return &exitError{code: exitFailed, err: fmt.Errorf("check: --strict: %s states no expect: list", file)}
			}
			if missing, unexpected := expectMismatch(res, sc); len(missing)+len(unexpected) > 0 {
				return &exitError{code: exitFailed, err: fmt.Errorf("check: --strict: %s, %s not expected", plural(len(missing), "expected gap", "expected gaps")+" not found", plural(len(unexpected), "gap", "gaps"))}
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&file, "scenario", "", "the scenario file to evaluate")
	cmd.Flags().StringVar(&format, "format", "table", "output format: table or json")
	cmd.Flags().StringVar(&configFile, "config", "", "a configuration file whose rules: override the scenario's")
	cmd.Flags().BoolVar(&stats, "stats", false, "print what the sandbox's fakes were asked, as one JSON line on stderr")
	cmd.Flags().BoolVar(&direct, "direct", false, "read the file as it is, not through the sandbox's fakes and the connectors: faster on very large files")
	cmd.Flags().BoolVar(&strict, "strict", false, "exit 1 unless the findings meet the scenario's expect: list exactly")
	cmd.Flags().StringVar(&nowFlag, "now", "", "evaluate at this moment instead of the scenario's now (RFC 3339): what would be reported then?")
	return cmd
}

// check loads the scenario and the configuration and runs every rule, at
// the scenario's now unless at is set.
func check(ctx context.Context, file, configFile string, at time.Time, direct bool, logger *slog.Logger, statsOut io.Writer) (reconcile.Result, *scenario.Scenario, error) {
	sc, err := scenario.Load(file)
	if err != nil {
		return reconcile.Result{}, nil, badInput(err)
	}
	// The scenario's expectations name rules, checked against the rule
	// table here, where both are known; the connector knows no rules.
	errs := yamlfile.NewList(file)
	for field, list := range map[string][]model.Expectation{"expect": sc.Expect, "absent": sc.Absent} {
		for _, e := range list {
			if rules.Lookup(e.Rule) == nil {
				errs.Addf(e.Line, field+".rule", "unknown rule %q%s", e.Rule, yamlfile.Suggest(e.Rule, rules.Names()))
			}
		}
	}
	var cfg *config.Config
	if configFile != "" {
		if cfg, err = config.Load(configFile); err != nil {
			return reconcile.Result{}, nil, badInput(err)
		}
	}
	// Thresholds: the defaults, the scenario's rules:, then --config's.
	settings, serr := config.RuleSettings(file, sc.Rules, cfg)
	if err := errors.Join(serr, errs.Err()); err != nil {
		return reconcile.Result{}, nil, badInput(err)
	}
	// The scenario is served through the fakes and read back through the
	// connectors, as the daemon reads live systems (sandbox.md), unless
	// asked to read the file as it is.
	var snap connectors.Snapshot
	var stats sandbox.Stats
	if direct {
		snap, err = sc.Poll(ctx, sc.Org)
	} else {
		snap, stats, err = sandbox.Read(ctx, sc, logger)
	}
	if err != nil {
		return reconcile.Result{}, nil, err
	}
	if statsOut != nil && !direct {
		line, _ := json.Marshal(stats)
		fmt.Fprintf(statsOut, "%s\n", line)
	}
	if !at.IsZero() {
		// The file holds the organisation's state at its now: assignees,
		// statuses and texts as they were then. A later moment asks what
		// would be reported if nothing changed; an earlier one would judge
		// the past by what came after it.
		if at.Before(sc.Now) {
			return reconcile.Result{}, nil, badInput(fmt.Errorf("check: --now %s is before the scenario's now %s: only later moments can be asked", at.Format(time.RFC3339), sc.Now.Format(time.RFC3339)))
		}
		sc.Now = at
	}
	res := reconcile.Run(snap, sc.Org, language.ForOrg(sc.Org), settings, sc.Now)
	return res, sc, nil
}
