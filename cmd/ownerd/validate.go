package main

import (
	"errors"
	"fmt"
	"io"

	"github.com/spf13/cobra"
)

func newValidate(stdout io.Writer) *cobra.Command {
	var file string
	cmd := &cobra.Command{
		Use:   "validate --config FILE",
		Short: "Check a configuration file without running anything",
		Long: `validate reads a configuration as run would (the file, OWNERD_DAEMON_*
variables) and reports every problem with its line and key: unknown keys,
values that do not read, a team lead who is not a person, a rule override
for an unknown rule, a connector without credentials named. Secrets are
not read. It exits 0 when the file is good and 2 when it is not.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if file == "" {
				return badInput(errors.New("validate: --config FILE is required"))
			}
			cfg, err := loadRunnable(file, nil)
			if err != nil {
				return badInput(err)
			}
			fmt.Fprintf(stdout, "%s: good: %s, %s, %d Jira, %d GitHub, %d mail\n", file,
				plural(len(cfg.Org.People), "person", "people"), plural(len(cfg.Org.Teams), "team", "teams"), len(cfg.Jira), len(cfg.GitHub), len(cfg.Mail))
			return nil
		},
	}
	cmd.Flags().StringVar(&file, "config", "", "the configuration file to check")
	return cmd
}
