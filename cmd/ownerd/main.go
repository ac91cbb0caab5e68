// Command ownerd makes sure every client-facing deliverable has one person
// who owns the end result. This file only wires flags and subcommands to the
// library; the work happens in the packages it calls.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/spf13/cobra"
)

// Exit statuses.
const (
	exitOK       = 0
	exitFailed   = 1 // ran, and something in the input could not be handled
	exitBadInput = 2 // unusable input or usage
)

// exitError carries the exit status a command wants.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string { return e.err.Error() }
func (e *exitError) Unwrap() error { return e.err }

func badInput(err error) error { return &exitError{code: exitBadInput, err: err} }

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// run executes the command line and returns the exit status.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	root := newRoot(stdin, stdout, stderr)
	root.SetArgs(args)
	root.SetIn(stdin)
	root.SetOut(stdout)
	root.SetErr(stderr)
	err := root.ExecuteContext(ctx)
	if err == nil {
		return exitOK
	}
	// One line per problem, each named as ownerd's, so that a list of
	// scenario errors reads the same as a single one.
	for _, line := range strings.Split(err.Error(), "\n") {
		fmt.Fprintln(stderr, "ownerd:", line)
	}
	var ee *exitError
	if errors.As(err, &ee) {
		return ee.code
	}
	// cobra's own errors are about usage: unknown flags, missing arguments.
	return exitBadInput
}

func newRoot(stdin io.Reader, stdout, stderr io.Writer) *cobra.Command {
	root := &cobra.Command{
		Use:           "ownerd",
		Short:         "Find client work that nobody owns, promises that slipped, and clients sent away",
		Version:       versionString(),
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetVersionTemplate("ownerd {{.Version}}\n")
	var level slog.LevelVar
	level.Set(slog.LevelWarn)
	root.PersistentFlags().Var(levelFlag{&level}, "log-level", "log level: debug, info, warn or error")
	logger := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: &level}))
	root.AddCommand(newCheck(stdout, stderr, logger))
	root.AddCommand(newClassify(stdin, stdout))
	root.AddCommand(newRun(stdout, stderr, &level))
	root.AddCommand(newValidate(stdout))
	root.AddCommand(newSandbox(stdout, logger))
	root.AddCommand(newDemo(stdout, stderr, &level))
	root.AddCommand(newDigest(stdout))
	root.AddCommand(newRetro(stdout))
	return root
}

// plural writes a count with the noun that agrees with it: "1 finding",
// "2 findings".
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// levelFlag is a --log-level flag over a slog.LevelVar.
type levelFlag struct{ v *slog.LevelVar }

func (f levelFlag) String() string {
	if f.v == nil {
		return "warn"
	}
	return strings.ToLower(f.v.Level().String())
}

func (f levelFlag) Set(s string) error { return f.v.UnmarshalText([]byte(s)) }

func (levelFlag) Type() string { return "level" }
