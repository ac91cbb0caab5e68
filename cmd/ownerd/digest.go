package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"time"

	"github.com/spf13/cobra"

	"github.com/ownerd/ownerd/config"
	"github.com/ownerd/ownerd/connectors/mail"
	"github.com/ownerd/ownerd/connectors/scenario"
	"github.com/ownerd/ownerd/model"
	"github.com/ownerd/ownerd/reconcile"
	"github.com/ownerd/ownerd/reconcile/digest"
	"github.com/ownerd/ownerd/rules/language"
)

func newDigest(stdout io.Writer) *cobra.Command {
	var file, team, preview string
	cmd := &cobra.Command{
		Use:   "digest --scenario FILE [--team T] [--preview text|html|eml]",
		Short: "Print the daily digest each team lead would receive, without sending it",
		Long: `digest prints the daily digest of each team (or of --team): its open gaps
grouped by habit and rule, oldest first, each with its deliverable, owners,
age, one line of evidence and links, and what opened in the last day. It
reads a scenario at its now, as check does; nothing is sent.

--preview text prints the plain text part, html the HTML part, eml the
whole message as it would be sent (an .eml file).`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if file == "" {
				return badInput(errors.New("digest: --scenario FILE is required"))
			}
			if !slices.Contains([]string{"text", "html", "eml"}, preview) {
				return badInput(fmt.Errorf("digest: --preview %q: want text, html or eml", preview))
			}
			return printDigests(cmd.Context(), stdout, file, team, preview)
		},
	}
	cmd.Flags().StringVar(&file, "scenario", "", "the scenario to make the digests of, at its now")
	cmd.Flags().StringVar(&team, "team", "", "only this team's digest")
	cmd.Flags().StringVar(&preview, "preview", "text", "what to print: text, html or eml")
	return cmd
}

func printDigests(ctx context.Context, w io.Writer, file, team, preview string) error {
	sc, err := scenario.Load(file)
	if err != nil {
		return badInput(err)
	}
	settings, err := config.RuleSettings(file, sc.Rules, nil)
	if err != nil {
		return badInput(err)
	}
	snap, err := sc.Poll(ctx, sc.Org)
	if err != nil {
		return err
	}
	res := reconcile.Run(snap, sc.Org, language.ForOrg(sc.Org), settings, sc.Now)
	gaps, byKey := digest.Gaps(res, sc.Org)
	teams := digest.Teams(sc.Org)
	if team != "" {
		if !slices.Contains(teams, team) {
			return badInput(fmt.Errorf("digest: --team %q: the scenario's teams are %v", team, teams))
		}
		teams = []string{team}
	}
	printed := 0
	for _, t := range teams {
		d := digest.Build(digest.Input{Org: sc.Org, Team: t, Open: gaps, Deliverables: byKey, At: sc.Now, From: sc.Now.Add(-24 * time.Hour)})
		if d.Empty() && team == "" {
			continue // no empty digest is sent, so none is shown
		}
		if printed > 0 {
			fmt.Fprintln(w)
		}
		printed++
		switch preview {
		case "text":
			fmt.Fprintf(w, "Subject: %s\n\n%s", d.Subject(), d.Text())
		case "html":
			io.WriteString(w, d.HTML())
		case "eml":
			to := "lead@" + firstDomain(sc.Org)
			if d.Lead != nil && d.Lead.Email != "" {
				to = d.Lead.Email
			}
			if err := mail.EML(w, "ownerd@"+firstDomain(sc.Org), mail.Message{To: []string{to}, Subject: d.Subject(), Text: d.Text(), HTML: d.HTML()}); err != nil {
				return err
			}
		}
	}
	if printed == 0 {
		fmt.Fprintln(w, "No team has an open gap: no digest would be sent.")
	}
	return nil
}

func firstDomain(org *model.Org) string {
	if len(org.TeamDomains) > 0 {
		return org.TeamDomains[0]
	}
	return "localhost"
}
