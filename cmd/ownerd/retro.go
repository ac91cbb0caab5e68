package main

import (
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"slices"
	"time"

	"github.com/spf13/cobra"

	"github.com/ownerd/ownerd/config"
	"github.com/ownerd/ownerd/connectors/mail"
	"github.com/ownerd/ownerd/connectors/scenario"
	"github.com/ownerd/ownerd/reconcile"
	"github.com/ownerd/ownerd/reconcile/digest"
	"github.com/ownerd/ownerd/reconcile/store"
	"github.com/ownerd/ownerd/rules/language"
)

func newRetro(stdout io.Writer) *cobra.Command {
	var file, team, preview, since string
	cmd := &cobra.Command{
		Use:   "retro --scenario FILE [--team T] [--since 7d] [--preview text|html|eml]",
		Short: "Print each team's weekly retrospective, without sending it",
		Long: `retro prints each team's retrospective of the week before the scenario's
now (or --since): for each miss — a broken promise or a slipped date, or a
gap that stayed open three days or more — what happened across Jira,
GitHub and mail (who owned it when, hand-offs, promises made and moved),
and the debrief's questions answered from that: did we have an owner, did
that person assume others were covering the gaps, did the rest of us step
in when the signs of a miss appeared. Then the trend, gaps opened and
resolved per week over twelve weeks, as a chart. Nothing is sent.

--preview text prints the plain text part (the trend as a table), html the
HTML part with the chart inline (a data: URL, to open in a browser), eml
the whole message as it would be sent (the chart as an inline image).`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if file == "" {
				return badInput(errors.New("retro: --scenario FILE is required"))
			}
			if !slices.Contains([]string{"text", "html", "eml"}, preview) {
				return badInput(fmt.Errorf("retro: --preview %q: want text, html or eml", preview))
			}
			window, err := config.ParseDuration(since)
			if err != nil || window <= 0 {
				return badInput(fmt.Errorf("retro: --since %q: want a duration such as 7d", since))
			}
			return printRetros(cmd, stdout, file, team, preview, window)
		},
	}
	cmd.Flags().StringVar(&file, "scenario", "", "the scenario to look back on, from its now")
	cmd.Flags().StringVar(&team, "team", "", "only this team's retrospective")
	cmd.Flags().StringVar(&since, "since", "7d", "how far back the retrospective looks")
	cmd.Flags().StringVar(&preview, "preview", "text", "what to print: text, html or eml")
	return cmd
}

func printRetros(cmd *cobra.Command, w io.Writer, file, team, preview string, window time.Duration) error {
	sc, err := scenario.Load(file)
	if err != nil {
		return badInput(err)
	}
	settings, err := config.RuleSettings(file, sc.Rules, nil)
	if err != nil {
		return badInput(err)
	}
	snap, err := sc.Poll(cmd.Context(), sc.Org)
	if err != nil {
		return err
	}
	res := reconcile.Run(snap, sc.Org, language.ForOrg(sc.Org), settings, sc.Now)
	gaps, byKey := digest.Gaps(res, sc.Org)
	teams := digest.Teams(sc.Org)
	if team != "" {
		if !slices.Contains(teams, team) {
			return badInput(fmt.Errorf("retro: --team %q: the scenario's teams are %v", team, teams))
		}
		teams = []string{team}
	}
	for i, t := range teams {
		r := digest.BuildRetro(digest.RetroInput{Org: sc.Org, Team: t, Gaps: gaps, Deliverables: byKey, From: sc.Now.Add(-window), To: sc.Now})
		if len(r.Misses) == 0 && team == "" && !hasGaps(gaps, t) {
			continue
		}
		if i > 0 {
			fmt.Fprintln(w)
		}
		chart, err := r.Chart()
		if err != nil {
			return err
		}
		switch preview {
		case "text":
			fmt.Fprintf(w, "Subject: %s\n\n%s", r.Subject(), r.Text())
		case "html":
			io.WriteString(w, r.HTML("data:image/png;base64,"+base64.StdEncoding.EncodeToString(chart)))
		case "eml":
			to := "lead@" + firstDomain(sc.Org)
			if r.Lead != nil && r.Lead.Email != "" {
				to = r.Lead.Email
			}
			m := mail.Message{To: []string{to}, Subject: r.Subject(), Text: r.Text(), HTML: r.HTML("cid:" + digest.ChartName),
				Inline: []mail.Inline{{Name: digest.ChartName, ContentType: "image/png", Data: chart}}}
			if err := mail.EML(w, "ownerd@"+firstDomain(sc.Org), m); err != nil {
				return err
			}
		}
	}
	return nil
}

// hasGaps reports whether any gap is the team's.
func hasGaps(gaps []store.Gap, team string) bool {
	return slices.ContainsFunc(gaps, func(g store.Gap) bool { return g.Team == team })
}
