package main

import (
	"fmt"
	"io"
	"slices"
	"time"

	"github.com/spf13/cobra"

	"github.com/ownerd/ownerd/connectors/mail"
	"github.com/ownerd/ownerd/model"
	"github.com/ownerd/ownerd/reconcile/digest"
)

func newDigest(stdout io.Writer) *cobra.Command {
	var file, configFile, team, preview string
	cmd := &cobra.Command{
		Use:   "digest (--scenario FILE | --config FILE) [--team T] [--preview text|html|eml]",
		Short: "Print the daily digest each team lead would receive, without sending it",
		Long: `digest prints the daily digest of each team (or of --team): its open gaps
grouped by habit and rule, oldest first, each with its deliverable, owners,
age, one line of evidence and links, and what opened and resolved since
the last digest. Nothing is sent.

With --scenario it reads a scenario at its now (what opened in the last
day counts as new). With --config it reads the ledger of the ownerd that
runs with that configuration (daemon.store), beside it, now: what it
would send if the digest were due.

--preview text prints the plain text part, html the HTML part, eml the
whole message as it would be sent (an .eml file).`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if !slices.Contains([]string{"text", "html", "eml"}, preview) {
				return badInput(fmt.Errorf("digest: --preview %q: want text, html or eml", preview))
			}
			v, err := loadView(cmd.Context(), file, configFile)
			if err != nil {
				return err
			}
			return printDigests(stdout, v, team, preview)
		},
	}
	previewSource(cmd, &file, &configFile)
	cmd.Flags().StringVar(&team, "team", "", "only this team's digest")
	cmd.Flags().StringVar(&preview, "preview", "text", "what to print: text, html or eml")
	return cmd
}

func printDigests(w io.Writer, v *view, team, preview string) error {
	teams, err := v.teams(team)
	if err != nil {
		return err
	}
	printed := 0
	for _, t := range teams {
		from := v.lastSent(t)
		if from.IsZero() {
			from = v.now.Add(-24 * time.Hour)
		}
		d := digest.Build(digest.Input{Org: v.org, Team: t, Open: v.open, Resolved: v.resolved, Deliverables: v.byKey, Links: v.links, At: v.now, From: from})
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
			if err := mail.EML(w, v.from, mail.Message{To: []string{leadAddress(d.Lead, v.org)}, Subject: d.Subject(), Text: d.Text(), HTML: d.HTML()}); err != nil {
				return err
			}
		}
	}
	if printed == 0 {
		fmt.Fprintln(w, "No team has an open gap: no digest would be sent.")
	}
	return nil
}

// leadAddress is where a lead's mail goes: their address, or a stand-in
// for a preview when the directory has none.
func leadAddress(lead *model.Person, org *model.Org) string {
	if lead != nil && lead.Email != "" {
		return lead.Email
	}
	return "lead@" + firstDomain(org)
}

func firstDomain(org *model.Org) string {
	if len(org.TeamDomains) > 0 {
		return org.TeamDomains[0]
	}
	return "localhost"
}
