package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"time"

	"github.com/spf13/cobra"

	"github.com/ownerd/ownerd/connectors/sandbox"
	"github.com/ownerd/ownerd/connectors/scenario"
)

func newSandbox(stdout io.Writer, logger *slog.Logger) *cobra.Command {
	var file, listen string
	cmd := &cobra.Command{
		Use:   "sandbox --scenario FILE [--listen ADDR]",
		Short: "Serve a scenario through fake Jira, GitHub, IMAP and SMTP servers",
		Long: `sandbox serves a scenario's Jira issues, GitHub issues and pull requests
and mail through fakes that speak the real protocols, on loopback ports,
with every time in the scenario shifted so that its now is the present.
It prints one JSON line naming the endpoints, then serves until
interrupted. GET {control}/stats counts what each fake was asked.

The fakes accept any token, user name and password.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if file == "" {
				return badInput(errors.New("sandbox: --scenario FILE is required"))
			}
			sc, err := scenario.Load(file)
			if err != nil {
				return badInput(err)
			}
			sc.Shift(time.Since(sc.Now))
			fakes, err := sandbox.Serve(sc)
			if err != nil {
				return &exitError{code: exitFailed, err: err}
			}
			defer fakes.Close()
			srv, addr, err := serve(listen, fakes.Control(), logger)
			if err != nil {
				return badInput(err)
			}
			defer shutdown(srv)
			ep := fakes.Endpoints()
			ep.Control = "http://" + addr
			line, _ := json.Marshal(ep)
			fmt.Fprintf(stdout, "%s\n", line)
			<-cmd.Context().Done()
			return nil
		},
	}
	cmd.Flags().StringVar(&file, "scenario", "", "the scenario file to serve")
	cmd.Flags().StringVar(&listen, "listen", "127.0.0.1:0", "the control server's address")
	return cmd
}
