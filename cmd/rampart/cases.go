package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"strconv"
	"strings"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/rampart-tt/rampart"
	"github.com/rampart-tt/rampart/api/client"
	"github.com/rampart-tt/rampart/casework"
)

// apiFlags are how the casework commands reach a server.
type apiFlags struct{ server string }

func (f *apiFlags) register(cmd *cobra.Command) {
	cmd.PersistentFlags().StringVar(&f.server, "server", "", "server URL (default $RAMPART_SERVER, else http://127.0.0.1:8080)")
}

// client builds an API client from --server/RAMPART_SERVER and
// RAMPART_TOKEN; the token is never a flag, so it stays out of shell
// history and process lists.
func (f *apiFlags) client() (*client.Client, error) {
	server := f.server
	if server == "" {
		server = os.Getenv("RAMPART_SERVER")
	}
	if server == "" {
		server = "http://127.0.0.1:8080"
	}
	token := os.Getenv("RAMPART_TOKEN")
	if token == "" {
		return nil, usagef("set RAMPART_TOKEN to your API token (rampart serve prints the first one)")
	}
	c, err := client.New(server, token, nil)
	if err != nil {
		return nil, usageError{err}
	}
	return c, nil
}

func printJSON(s *streams, v any) error {
	enc := json.NewEncoder(s.out)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

func parseID(arg string) (int64, error) {
	id, err := strconv.ParseInt(arg, 10, 64)
	if err != nil || id < 1 {
		return 0, usagef("%q is not a case id (a positive integer)", arg)
	}
	return id, nil
}

func newCaseCmd(s *streams) *cobra.Command {
	var af apiFlags
	cmd := &cobra.Command{Use: "case", Short: "List, show, assign and decide cases on a Rampart server"}
	af.register(cmd)

	var status, platform string
	var limit int
	list := &cobra.Command{
		Use: "list", Short: "List cases", Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			c, err := af.client()
			if err != nil {
				return err
			}
			q := url.Values{"limit": {strconv.Itoa(limit)}}
			if status != "" {
				q.Set("status", status)
			}
			if platform != "" {
				q.Set("platform", platform)
			}
			out, err := c.Cases(cmd.Context(), q)
			if err != nil {
				return err
			}
			for _, k := range out.Cases {
				ttl := ""
				if k.ThreatToLife {
					ttl = " THREAT-TO-LIFE"
				}
				fmt.Fprintf(s.out, "%d\t%s\t%d\t%s\t%s %s\t%s%s\n", k.ID, k.Status, k.Priority, k.Platform, k.GroupBy, k.Key, k.Title, ttl)
			}
			return nil
		},
	}
	list.Flags().StringVar(&status, "status", "", "only cases in this status (open, in_review, decided, closed)")
	list.Flags().StringVar(&platform, "platform", "", "only cases on this platform")
	list.Flags().IntVar(&limit, "limit", 100, "at most this many cases (1–1000)")

	show := &cobra.Command{
		Use: "show ID", Short: "Show a case as JSON", Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			id, err := parseID(args[0])
			if err != nil {
				return err
			}
			c, err := af.client()
			if err != nil {
				return err
			}
			k, err := c.Case(cmd.Context(), id)
			if err != nil {
				return err
			}
			return printJSON(s, k)
		},
	}

	assign := &cobra.Command{
		Use: "assign ID USER_ID", Short: "Assign a case to a user (0 unassigns)", Args: cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			id, err := parseID(args[0])
			if err != nil {
				return err
			}
			user, err := strconv.ParseInt(args[1], 10, 64)
			if err != nil || user < 0 {
				return usagef("%q is not a user id", args[1])
			}
			c, err := af.client()
			if err != nil {
				return err
			}
			k, err := c.Assign(cmd.Context(), id, user)
			if err != nil {
				return err
			}
			return printJSON(s, k)
		},
	}

	var d casework.Decision
	var action string
	decide := &cobra.Command{
		Use:   "decide ID --action A --reason CODE --basis TEXT [--notes TEXT]",
		Short: "Claim a case's review and decide it (remove and suspend need a second reviewer)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			id, err := parseID(args[0])
			if err != nil {
				return err
			}
			if _, err := rampart.ParseAction(action); err != nil {
				return usageError{err}
			}
			d.Action = rampart.Action(action)
			c, err := af.client()
			if err != nil {
				return err
			}
			if _, err := c.Claim(cmd.Context(), id); err != nil {
				return err
			}
			k, err := c.Decide(cmd.Context(), id, d)
			if err != nil {
				return err
			}
			if k.Pending != nil && k.Decision == nil {
				fmt.Fprintf(s.err, "case %d: your decision waits for a second reviewer (two-person rule)\n", k.ID)
			}
			return printJSON(s, k)
		},
	}
	decide.Flags().StringVar(&action, "action", "", "none, refer, withhold:<CC>, remove or suspend")
	decide.Flags().StringVar(&d.Reason, "reason", "", "reason code")
	decide.Flags().StringVar(&d.Basis, "basis", "", "policy or legal basis")
	decide.Flags().StringVar(&d.Notes, "notes", "", "reviewer notes")
	for _, f := range []string{"action", "reason", "basis"} {
		_ = decide.MarkFlagRequired(f)
	}
	var purpose string
	evidence := &cobra.Command{
		Use: "evidence ID --purpose WHY", Short: "Print a case's evidence bundle and chain of custody as JSON (the access is audited)",
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			id, err := parseID(args[0])
			if err != nil {
				return err
			}
			if purpose == "" {
				return usagef("say why you access the evidence with --purpose; it is recorded in the chain of custody")
			}
			c, err := af.client()
			if err != nil {
				return err
			}
			ev, err := c.Evidence(cmd.Context(), id, purpose)
			if err != nil {
				return err
			}
			return printJSON(s, ev)
		},
	}
	evidence.Flags().StringVar(&purpose, "purpose", "", "why you access the evidence (recorded)")

	var reason string
	var release bool
	hold := &cobra.Command{
		Use: "hold ID --reason BASIS [--release]", Short: "Place (or with --release lift) a legal hold on a case",
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			id, err := parseID(args[0])
			if err != nil {
				return err
			}
			if reason == "" {
				return usagef("give the legal basis or order with --reason")
			}
			c, err := af.client()
			if err != nil {
				return err
			}
			res, err := c.Hold(cmd.Context(), id, !release, reason)
			if err != nil {
				return err
			}
			return printJSON(s, res)
		},
	}
	hold.Flags().StringVar(&reason, "reason", "", "legal basis or order for the hold (recorded)")
	hold.Flags().BoolVar(&release, "release", false, "lift the hold instead of placing it")

	cmd.AddCommand(list, show, assign, decide, evidence, hold)
	return cmd
}

func newUsersCmd(s *streams) *cobra.Command {
	var af apiFlags
	cmd := &cobra.Command{Use: "users", Short: "Manage users on a Rampart server"}
	af.register(cmd)
	var nu casework.NewUser
	var role string
	var withPassword bool
	create := &cobra.Command{
		Use: "create NAME --role ROLE [--platform P] [--password]", Short: "Create a user and print a token for it (shown once)",
		Long: "Create a user and print a token for it (shown once). With --password, also set its console password,\n" +
			"read from the terminal without echo, or as one line from standard input when that is not a terminal.",
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			nu.Name, nu.Role = args[0], rampart.Role(role)
			if !nu.Role.Valid() {
				return usagef("--role %q: want one of %v", role, rampart.Roles())
			}
			var pw string
			if withPassword {
				var err error
				// Read before anything is created, so that a bad password
				// leaves no half-made user.
				if pw, err = readPassword(s, "password for "+nu.Name); err != nil {
					return err
				}
			}
			c, err := af.client()
			if err != nil {
				return err
			}
			u, err := c.CreateUser(cmd.Context(), nu, "")
			if err != nil {
				return err
			}
			tok, err := c.CreateToken(cmd.Context(), casework.NewToken{UserID: u.ID})
			if err != nil {
				return fmt.Errorf("user %d created, but its token was not: %w", u.ID, err)
			}
			fmt.Fprintf(s.out, "user %d %s (%s)\ntoken: %s\n", u.ID, u.Name, u.Role, tok.Secret)
			if withPassword {
				if _, err := c.SetPassword(cmd.Context(), u.ID, pw); err != nil {
					return fmt.Errorf("user %d created, but its password was not set (retry with rampart users passwd %d): %w", u.ID, u.ID, err)
				}
				fmt.Fprintln(s.out, "console password set")
			}
			return nil
		},
	}
	create.Flags().BoolVar(&withPassword, "password", false, "also set a console password (prompted, or one line of stdin)")
	create.Flags().StringVar(&role, "role", "", "admin, analyst, reviewer, supervisor, auditor or platform_liaison")
	create.Flags().StringVar(&nu.Platform, "platform", "", "the platform a platform_liaison is scoped to")
	_ = create.MarkFlagRequired("role")
	cmd.AddCommand(create, newPasswdCmd(s, &af))
	return cmd
}

// newPasswdCmd is `rampart users passwd USER_ID`: set a console password,
// one's own or (as admin) anyone's.
func newPasswdCmd(s *streams, af *apiFlags) *cobra.Command {
	return &cobra.Command{
		Use:   "passwd USER_ID",
		Short: "Set a user's console password (your own; any user's as admin)",
		Long:  "Set a console password, read from the terminal without echo, or as one line from standard input when that is not a terminal.",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			id, err := strconv.ParseInt(args[0], 10, 64)
			if err != nil || id < 1 {
				return usagef("USER_ID %q: want a positive user id (rampart users list, or GET /api/v1/me)", args[0])
			}
			pw, err := readPassword(s, fmt.Sprintf("password for user %d", id))
			if err != nil {
				return err
			}
			c, err := af.client()
			if err != nil {
				return err
			}
			u, err := c.SetPassword(cmd.Context(), id, pw)
			if err != nil {
				return err
			}
			fmt.Fprintf(s.out, "console password set for user %d %s\n", u.ID, u.Name)
			return nil
		},
	}
}

// readPassword reads a new password: twice without echo from a terminal,
// else one line of standard input. It is never taken from a flag, which
// would show it in process lists and shell history.
func readPassword(s *streams, what string) (string, error) {
	if f, ok := s.in.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		fmt.Fprintf(s.err, "%s: ", what)
		a, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(s.err)
		if err != nil {
			return "", fmt.Errorf("read password: %w", err)
		}
		fmt.Fprintf(s.err, "again: ")
		b, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(s.err)
		if err != nil {
			return "", fmt.Errorf("read password: %w", err)
		}
		if string(a) != string(b) {
			return "", errors.New("the two passwords differ; nothing was changed")
		}
		return string(a), casework.CheckPassword(string(a))
	}
	line, err := bufio.NewReader(s.in).ReadString('\n')
	if err != nil && !(errors.Is(err, io.EOF) && line != "") {
		return "", fmt.Errorf("read password from standard input: %w (pipe one line, or run in a terminal)", err)
	}
	pw := strings.TrimRight(line, "\r\n")
	return pw, casework.CheckPassword(pw)
}
