package main

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/spf13/cobra"

	"github.com/ownerd/ownerd/config"
	"github.com/ownerd/ownerd/connectors"
	"github.com/ownerd/ownerd/connectors/scenario"
	"github.com/ownerd/ownerd/model"
	"github.com/ownerd/ownerd/reconcile"
	"github.com/ownerd/ownerd/reconcile/digest"
	"github.com/ownerd/ownerd/reconcile/store"
	"github.com/ownerd/ownerd/reconcile/store/sqlite"
	"github.com/ownerd/ownerd/rules"
	"github.com/ownerd/ownerd/rules/language"
)

// view is what the digest and retrospective previews read: the gaps,
// the deliverables they are on, and the moment.
type view struct {
	org      *model.Org
	open     []store.Gap
	resolved []store.Gap // in the last twelve weeks
	byKey    map[model.ItemID]*rules.Deliverable
	links    digest.Links
	now      time.Time
	// lastSent is when a team's last digest went (zero: a day ago).
	lastSent func(team string) time.Time
	from     string // the sender's address
}

// previewSource adds --scenario and --config to a preview command.
func previewSource(cmd *cobra.Command, scenarioFile, configFile *string) {
	cmd.Flags().StringVar(scenarioFile, "scenario", "", "a scenario, read at its now")
	cmd.Flags().StringVar(configFile, "config", "", "ownerd's configuration: the ledger of the daemon that runs with it (daemon.store), read beside it")
}

func loadView(ctx context.Context, scenarioFile, configFile string) (*view, error) {
	switch {
	case scenarioFile != "" && configFile != "":
		return nil, badInput(errors.New("--scenario and --config: give one"))
	case scenarioFile != "":
		return scenarioView(ctx, scenarioFile)
	case configFile != "":
		return configView(ctx, configFile)
	}
	return nil, badInput(errors.New("--scenario FILE or --config FILE is required"))
}

// scenarioView evaluates a scenario at its now: every gap is open,
// first seen when it began.
func scenarioView(ctx context.Context, file string) (*view, error) {
	sc, err := scenario.Load(file)
	if err != nil {
		return nil, badInput(err)
	}
	settings, err := config.RuleSettings(file, sc.Rules, nil)
	if err != nil {
		return nil, badInput(err)
	}
	snap, err := sc.Poll(ctx, sc.Org)
	if err != nil {
		return nil, err
	}
	res := reconcile.Run(snap, sc.Org, language.ForOrg(sc.Org), settings, sc.Now)
	gaps, byKey := digest.Gaps(res, sc.Org)
	return &view{org: sc.Org, open: gaps, byKey: byKey, now: sc.Now, from: "ownerd@" + firstDomain(sc.Org),
		lastSent: func(string) time.Time { return time.Time{} }}, nil
}

// configView reads the ledger of the daemon that runs with the
// configuration, beside it: its open gaps, those resolved in the last
// twelve weeks, and the items it synced (to name them), now.
func configView(ctx context.Context, file string) (*view, error) {
	cfg, err := loadRunnable(file, nil)
	if err != nil {
		return nil, badInput(err)
	}
	st, err := sqlite.OpenReadOnly(ctx, cfg.Daemon.Store)
	if err != nil {
		return nil, &exitError{code: exitFailed, err: fmt.Errorf("%w (has ownerd run with this configuration?)", err)}
	}
	defer st.Close()
	now := time.Now()
	v := &view{org: cfg.Org, now: now, from: "ownerd@" + firstDomain(cfg.Org)}
	if cfg.SMTP != nil {
		v.from = cfg.SMTP.From
	}
	if v.open, err = st.OpenGaps(ctx); err != nil {
		return nil, err
	}
	if v.resolved, err = st.ResolvedSince(ctx, now.Add(-12*7*24*time.Hour)); err != nil {
		return nil, err
	}
	var snap connectors.Snapshot
	site := map[model.ItemID]string{}
	var names []string
	for _, j := range cfg.Jira {
		names = append(names, j.Name)
	}
	for _, g := range cfg.GitHub {
		names = append(names, g.Name)
	}
	for _, m := range cfg.Mail {
		names = append(names, m.Name)
	}
	for _, name := range names {
		_, s, err := st.Synced(ctx, name)
		if err != nil {
			return nil, err
		}
		snap.Items = append(snap.Items, s.Items...)
		snap.Messages = append(snap.Messages, s.Messages...)
		for _, it := range s.Items {
			site[it.ID] = name
		}
	}
	res := reconcile.Run(snap, cfg.Org, language.ForOrg(cfg.Org), cfg.Settings, now)
	v.byKey = map[model.ItemID]*rules.Deliverable{}
	for _, d := range res.Deliverables {
		v.byKey[d.Key] = d
	}
	jiraURL, githubAPI := map[string]string{}, map[string]string{}
	for _, j := range cfg.Jira {
		jiraURL[j.Name] = j.URL
	}
	for _, g := range cfg.GitHub {
		githubAPI[g.Name] = g.URL
	}
	v.links = digest.WebLinks(func(id model.ItemID) string { return site[id] }, jiraURL, githubAPI)
	sent := map[string]time.Time{}
	for _, t := range digest.Teams(cfg.Org) {
		if _, at, err := st.DigestSent(ctx, t); err == nil {
			sent[t] = at
		}
	}
	v.lastSent = func(team string) time.Time { return sent[team] }
	return v, nil
}

// teams are the view's teams, or the one asked for.
func (v *view) teams(team string) ([]string, error) {
	teams := digest.Teams(v.org)
	if team == "" {
		return teams, nil
	}
	if !slices.Contains(teams, team) {
		return nil, badInput(fmt.Errorf("--team %q: the teams are %v", team, teams))
	}
	return []string{team}, nil
}
