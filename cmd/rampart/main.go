// Command rampart detects designated terrorist organisations' propaganda,
// recruitment and fake-account networks in platform exports, decides what to
// do under a CEL policy, and records findings for casework.
//
// This package only wires: each subcommand builds the capabilities it needs
// from the other packages and runs them.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/pprof"
	"syscall"

	"github.com/spf13/cobra"
)

// Exit codes: 0 the command completed (a scan with rejected lines still
// completed; they are counted), 1 a fatal error, 2 bad usage.
const (
	exitOK    = 0
	exitFatal = 1
	exitUsage = 2
)

// usageError marks errors in how the command was called.
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

func usagef(format string, args ...any) error { return usageError{fmt.Errorf(format, args...)} }

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// run executes one command line; tests call it directly.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	root := newRootCmd(stdin, stdout, stderr)
	root.SetArgs(args)
	err := root.ExecuteContext(ctx)
	if err == nil {
		return exitOK
	}
	fmt.Fprintf(stderr, "rampart: %v\n", err)
	var ue usageError
	if errors.As(err, &ue) {
		return exitUsage
	}
	return exitFatal
}

type streams struct {
	in       io.Reader
	out, err io.Writer
}

func newRootCmd(stdin io.Reader, stdout, stderr io.Writer) *cobra.Command {
	s := &streams{in: stdin, out: stdout, err: stderr}
	root := &cobra.Command{
		Use:           "rampart",
		Short:         "Detect and act on designated terrorist organisations' content and networks, without silencing lawful speech",
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetIn(stdin)
	root.SetOut(stdout)
	root.SetErr(stderr)
	var cpuProfile string
	root.PersistentFlags().StringVar(&cpuProfile, "cpuprofile", "", "write a CPU profile to this file (for performance work)")
	_ = root.PersistentFlags().MarkHidden("cpuprofile")
	var stopProfile func()
	root.PersistentPreRunE = func(cmd *cobra.Command, _ []string) error {
		// A missing required flag is bad usage (exit 2); cobra checks them
		// after flag parsing, past SetFlagErrorFunc.
		if err := cmd.ValidateRequiredFlags(); err != nil {
			return usageError{err}
		}
		if cpuProfile == "" {
			return nil
		}
		f, err := os.Create(cpuProfile)
		if err != nil {
			return err
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			f.Close()
			return err
		}
		stopProfile = func() { pprof.StopCPUProfile(); f.Close() }
		return nil
	}
	root.PersistentPostRun = func(*cobra.Command, []string) {
		if stopProfile != nil {
			stopProfile()
		}
	}
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		return usageError{fmt.Errorf("%w (see 'rampart %s --help')", err, c.Name())}
	})
	root.AddCommand(
		newScanCmd(s),
		newMatchCmd(s),
		newFindingsCmd(s),
		newSimCmd(s),
		newDemoCmd(s),
		newVersionCmd(s),
		newDesignationsCmd(s),
		newRescanCmd(s),
		newServeCmd(s),
		newCaseCmd(s),
		newUsersCmd(s),
		newAuditCmd(s),
		newReferralCmd(s),
		newHashCmd(s),
		newBankCmd(s),
		newMediaCmd(s),
		newAccountsCmd(s),
		newCoordCmd(s),
		newClassifyCmd(s),
	)
	// Unknown subcommands and wrong argument counts are usage errors too.
	for _, c := range root.Commands() {
		wrapArgs(c)
	}
	return root
}

func wrapArgs(c *cobra.Command) {
	if c.Args != nil {
		orig := c.Args
		c.Args = func(cmd *cobra.Command, args []string) error {
			if err := orig(cmd, args); err != nil {
				return usageError{err}
			}
			return nil
		}
	}
	for _, sub := range c.Commands() {
		wrapArgs(sub)
	}
}
