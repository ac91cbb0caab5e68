package main

import (
	"encoding/base64"
	"fmt"
	"io"
	"slices"
	"time"

	"github.com/spf13/cobra"

	"github.com/ownerd/ownerd/config"
	"github.com/ownerd/ownerd/connectors/mail"
	"github.com/ownerd/ownerd/reconcile/digest"
)

func newRetro(stdout io.Writer) *cobra.Command {
	var file, configFile, team, preview, since string
	cmd := &cobra.Command{
		Use:   "retro (--scenario FILE | --config FILE) [--team T] [--since 7d] [--preview text|html|eml]",
		Short: "Print each team's weekly retrospective, without sending it",
		Long: `retro prints each team's retrospective of the last week (or --since): for
each miss — a broken promise or a slipped date, or a gap that stayed open
three days or more — what happened across Jira, GitHub and mail (who
owned it when, hand-offs, promises made and moved), and the debrief's
questions answered from that: did we have an owner, did that person
assume others were covering the gaps, did the rest of us step in when the
signs of a miss appeared. Then the trend, gaps opened and resolved per
week over twelve weeks, as a chart. Nothing is sent.

With --scenario it looks back from the scenario's now; with --config it
reads the ledger of the ownerd that runs with that configuration, beside
it, from now.

--preview text prints the plain text part (the trend as a table), html the
HTML part with the chart inline (a data: URL, to open in a browser), eml
the whole message as it would be sent (the chart as an inline image).`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if !slices.Contains([]string{"text", "html", "eml"}, preview) {
				return badInput(fmt.Errorf("retro: --preview %q: want text, html or eml", preview))
			}
			window, err := config.ParseDuration(since)
			if err != nil || window <= 0 {
				return badInput(fmt.Errorf("retro: --since %q: want a duration such as 7d", since))
			}
			v, err := loadView(cmd.Context(), file, configFile)
			if err != nil {
				return err
			}
			return printRetros(stdout, v, team, preview, window)
		},
	}
	previewSource(cmd, &file, &configFile)
	cmd.Flags().StringVar(&team, "team", "", "only this team's retrospective")
	cmd.Flags().StringVar(&since, "since", "7d", "how far back the retrospective looks")
	cmd.Flags().StringVar(&preview, "preview", "text", "what to print: text, html or eml")
	return cmd
}

func printRetros(w io.Writer, v *view, team, preview string, window time.Duration) error {
	teams, err := v.teams(team)
	if err != nil {
		return err
	}
	gaps := append(slices.Clone(v.open), v.resolved...)
	printed := 0
	for _, t := range teams {
		r := digest.BuildRetro(digest.RetroInput{Org: v.org, Team: t, Gaps: gaps, Deliverables: v.byKey, Links: v.links, From: v.now.Add(-window), To: v.now})
		if len(r.Misses) == 0 && team == "" {
			continue // a week without a miss sends nothing, so shows nothing
		}
		if printed > 0 {
			fmt.Fprintln(w)
		}
		printed++
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
			m := mail.Message{To: []string{leadAddress(r.Lead, v.org)}, Subject: r.Subject(), Text: r.Text(), HTML: r.HTML("cid:" + digest.ChartName),
				Inline: []mail.Inline{{Name: digest.ChartName, ContentType: "image/png", Data: chart}}}
			if err := mail.EML(w, v.from, m); err != nil {
				return err
			}
		}
	}
	if printed == 0 {
		fmt.Fprintln(w, "No team missed anything in the period: no retrospective would be sent.")
	}
	return nil
}
