package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/rampart-tt/rampart"
	"github.com/rampart-tt/rampart/audit"
	"github.com/rampart-tt/rampart/casework"
	"github.com/rampart-tt/rampart/delivery"
	"github.com/rampart-tt/rampart/sqlite"
)

// referralFlags are what every referral subcommand shares: the database,
// who is acting, and which kind of request.
type referralFlags struct {
	db, as, kind, regimes string
}

func (f *referralFlags) register(c *cobra.Command) {
	c.PersistentFlags().StringVar(&f.db, "db", "rampart.db", "SQLite database path")
	c.PersistentFlags().StringVar(&f.as, "as", "", "name of the user you act as (required; their role decides what you may do)")
	c.PersistentFlags().StringVar(&f.kind, "kind", casework.KindReferral, "referral, order or preservation")
	c.PersistentFlags().StringVar(&f.regimes, "regimes", "", "YAML file of extra deadline regimes (see casework/REFERRALS.md)")
}

// referralEnv is an open database, the service and the acting principal.
type referralEnv struct {
	st  *sqlite.Store
	svc *casework.Referrals
	p   rampart.Principal
}

// open opens the database and resolves --as to a user: the CLI works on
// the database directly, so the user record stands in for a token.
func (f *referralFlags) open(cmd *cobra.Command) (*referralEnv, error) {
	if f.as == "" {
		return nil, usagef("name the user you act as with --as (rampart users are listed by the server's admin)")
	}
	switch f.kind {
	case casework.KindReferral, casework.KindOrder, "preservation":
	default:
		return nil, usagef("--kind %q: want referral, order or preservation", f.kind)
	}
	regimes := casework.DefaultRegimes()
	if f.regimes != "" {
		r, err := os.Open(f.regimes)
		if err != nil {
			return nil, usageError{err}
		}
		defer r.Close()
		if regimes, err = casework.ParseRegimes(f.regimes, r, regimes); err != nil {
			return nil, usageError{err}
		}
	}
	st, err := sqlite.Open(cmd.Context(), f.db)
	if err != nil {
		return nil, err
	}
	cw := st.Casework(nil)
	users, err := cw.Users(cmd.Context())
	if err != nil {
		st.Close()
		return nil, err
	}
	i := slices.IndexFunc(users, func(u rampart.User) bool { return u.Name == f.as })
	if i < 0 {
		st.Close()
		return nil, usagef("no user %q in %s", f.as, f.db)
	}
	u := users[i]
	svc, err := casework.NewReferrals(cw, casework.ReferralOptions{Regimes: regimes})
	if err != nil {
		st.Close()
		return nil, err
	}
	return &referralEnv{st: st, svc: svc, p: rampart.Principal{UserID: u.ID, Name: u.Name, Role: u.Role, Platform: u.Platform}}, nil
}

func newReferralCmd(s *streams) *cobra.Command {
	f := &referralFlags{}
	c := &cobra.Command{
		Use:   "referral",
		Short: "Referrals, legal orders and preservation requests to platforms, on the database directly",
		Long: `Referrals ask a platform to check content against its terms; orders bind it,
with a legal basis and a deadline set by the regime (pk-rbr-2021: 48h, or 12h
in an emergency with written reasons; eu-tco: 1h, six months' preservation).
Preservation requests ask it to keep or disclose an account's data.

Each moves draft → approved (by another supervisor) → submitted →
acknowledged → actioned | partially_actioned | rejected | expired, and every
change is written to the audit log with it.`,
	}
	f.register(c)
	c.AddCommand(newReferralCreateCmd(s, f), newReferralListCmd(s, f), newReferralShowCmd(s, f),
		newReferralMoveCmd(s, f, "approve"), newReferralMoveCmd(s, f, "submit"),
		newReferralRespondCmd(s, f), newReferralExportCmd(s, f), newReferralStatsCmd(s, f), newReferralExpireCmd(s, f))
	return c
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

func requestID(arg string) (int64, error) {
	id, err := strconv.ParseInt(arg, 10, 64)
	if err != nil || id < 1 {
		return 0, usagef("%q is not a request id (a positive integer)", arg)
	}
	return id, nil
}

// readJSONFile decodes a file ("-" for stdin) strictly into v.
func readJSONFile(s *streams, path string, v any) error {
	var r io.Reader = s.in
	if path != "-" {
		fh, err := os.Open(path)
		if err != nil {
			return usageError{err}
		}
		defer fh.Close()
		r = fh
	}
	dec := json.NewDecoder(r)
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return usagef("%s: %v", path, err)
	}
	return nil
}

func newReferralCreateCmd(s *streams, f *referralFlags) *cobra.Command {
	var from string
	c := &cobra.Command{
		Use:   "create --from FILE [--kind referral|order|preservation]",
		Short: "Draft a request from a JSON file (- for stdin)",
		Long: `The file holds one request as JSON. A referral:
  {"platform": "x", "terms": "…", "items": [{"subject": {"kind": "account", "id": "…"}, "action": "suspend"}]}
an order adds reference_number, issuing_authority, legal_basis, reasons, regime,
deadline_class, redress, user_may_be_told and, for emergency classes,
emergency_reasons; a preservation request has platform, kind (preserve or
disclose), process (court_order, emergency_request, mlat), reference,
authority, preserve ("90d") and subjects.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if from == "" {
				return usagef("name the request file with --from (- for stdin)")
			}
			env, err := f.open(cmd)
			if err != nil {
				return err
			}
			defer env.st.Close()
			ctx := cmd.Context()
			var out any
			switch f.kind {
			case casework.KindReferral:
				var r casework.NewReferral
				if err := readJSONFile(s, from, &r); err != nil {
					return err
				}
				out, err = env.svc.CreateReferral(ctx, env.p, r)
			case casework.KindOrder:
				var r casework.NewOrder
				if err := readJSONFile(s, from, &r); err != nil {
					return err
				}
				out, err = env.svc.CreateOrder(ctx, env.p, r)
			default:
				var r casework.NewPreservation
				if err := readJSONFile(s, from, &r); err != nil {
					return err
				}
				out, err = env.svc.CreatePreservation(ctx, env.p, r)
			}
			if err != nil {
				return err
			}
			return writeJSON(s.out, out)
		},
	}
	c.Flags().StringVar(&from, "from", "", "JSON file with the request (- for stdin)")
	return c
}

func newReferralListCmd(s *streams, f *referralFlags) *cobra.Command {
	var platform, status, purpose string
	var asJSON bool
	c := &cobra.Command{
		Use:   "list [--platform P] [--status S,…] [--json]",
		Short: "List requests of one kind",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			env, err := f.open(cmd)
			if err != nil {
				return err
			}
			defer env.st.Close()
			flt := rampart.RequestFilter{Platform: platform}
			for st := range strings.SplitSeq(status, ",") {
				if st != "" {
					flt.Statuses = append(flt.Statuses, rampart.RequestStatus(st))
				}
			}
			var states []rampart.RequestState
			var all any
			switch f.kind {
			case casework.KindReferral:
				rs, err := env.svc.Referrals(cmd.Context(), env.p, flt)
				if err != nil {
					return err
				}
				for _, r := range rs {
					states = append(states, r.RequestState)
				}
				all = rs
			case casework.KindOrder:
				ords, err := env.svc.Orders(cmd.Context(), env.p, flt)
				if err != nil {
					return err
				}
				for _, o := range ords {
					states = append(states, o.RequestState)
				}
				all = ords
			default:
				ps, err := env.svc.Preservations(cmd.Context(), env.p, flt, purpose)
				if err != nil {
					return err
				}
				for _, p := range ps {
					states = append(states, p.RequestState)
				}
				all = ps
			}
			if asJSON {
				return writeJSON(s.out, all)
			}
			tw := tabwriter.NewWriter(s.out, 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "ID\tPLATFORM\tSTATUS\tITEMS\tSUBMITTED")
			for _, st := range states {
				sub := "-"
				if !st.SubmittedAt.IsZero() {
					sub = st.SubmittedAt.UTC().Format(time.RFC3339)
				}
				fmt.Fprintf(tw, "%d\t%s\t%s\t%d\t%s\n", st.ID, st.Platform, st.Status, len(st.Items), sub)
			}
			return tw.Flush()
		},
	}
	c.Flags().StringVar(&platform, "platform", "", "only this platform")
	c.Flags().StringVar(&status, "status", "", "only these statuses, comma-separated")
	c.Flags().StringVar(&purpose, "purpose", "", "why you list preservation requests (required for them; it is logged)")
	c.Flags().BoolVar(&asJSON, "json", false, "print the records as JSON")
	return c
}

func newReferralShowCmd(s *streams, f *referralFlags) *cobra.Command {
	var purpose string
	c := &cobra.Command{
		Use:   "show ID",
		Short: "Print one request as JSON",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			id, err := requestID(args[0])
			if err != nil {
				return err
			}
			env, err := f.open(cmd)
			if err != nil {
				return err
			}
			defer env.st.Close()
			var out any
			switch f.kind {
			case casework.KindReferral:
				out, err = env.svc.Referral(cmd.Context(), env.p, id)
			case casework.KindOrder:
				out, err = env.svc.Order(cmd.Context(), env.p, id)
			default:
				out, err = env.svc.Preservation(cmd.Context(), env.p, id, purpose)
			}
			if err != nil {
				return err
			}
			return writeJSON(s.out, out)
		},
	}
	c.Flags().StringVar(&purpose, "purpose", "", "why you read a preservation request (required for them; it is logged)")
	return c
}

// newReferralMoveCmd is approve or submit.
func newReferralMoveCmd(s *streams, f *referralFlags, verb string) *cobra.Command {
	short := map[string]string{
		"approve": "Approve a draft (a supervisor other than the drafter)",
		"submit":  "Record that an approved request was sent to the platform; starts an order's deadline",
	}[verb]
	return &cobra.Command{
		Use:   verb + " ID",
		Short: short,
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			id, err := requestID(args[0])
			if err != nil {
				return err
			}
			env, err := f.open(cmd)
			if err != nil {
				return err
			}
			defer env.st.Close()
			ctx, svc, p := cmd.Context(), env.svc, env.p
			var out any
			switch f.kind + " " + verb {
			case "referral approve":
				out, err = svc.ApproveReferral(ctx, p, id)
			case "referral submit":
				out, err = svc.SubmitReferral(ctx, p, id)
			case "order approve":
				out, err = svc.ApproveOrder(ctx, p, id)
			case "order submit":
				out, err = svc.SubmitOrder(ctx, p, id)
			case "preservation approve":
				out, err = svc.ApprovePreservation(ctx, p, id)
			default:
				out, err = svc.SubmitPreservation(ctx, p, id)
			}
			if err != nil {
				return err
			}
			return writeJSON(s.out, out)
		},
	}
}

func newReferralRespondCmd(s *streams, f *referralFlags) *cobra.Command {
	var answers, response string
	var ack bool
	c := &cobra.Command{
		Use:   "respond ID (--ack | --answers FILE)",
		Short: "Answer as the platform's liaison: acknowledge, then answer per item",
		Long: `--ack records receipt. --answers names a JSON file (- for stdin) with
[{"item": 0, "outcome": "actioned"}, {"item": 1, "outcome": "rejected", "reason": "not_violating"}];
--response adds the platform's text to a preservation request.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			id, err := requestID(args[0])
			if err != nil {
				return err
			}
			if ack == (answers != "") {
				return usagef("give exactly one of --ack and --answers")
			}
			env, err := f.open(cmd)
			if err != nil {
				return err
			}
			defer env.st.Close()
			ctx, svc, p := cmd.Context(), env.svc, env.p
			var as []casework.ItemAnswer
			if answers != "" {
				if err := readJSONFile(s, answers, &as); err != nil {
					return err
				}
			}
			var out any
			switch {
			case ack && f.kind == casework.KindReferral:
				out, err = svc.AcknowledgeReferral(ctx, p, id)
			case ack && f.kind == casework.KindOrder:
				out, err = svc.AcknowledgeOrder(ctx, p, id)
			case ack:
				out, err = svc.AcknowledgePreservation(ctx, p, id)
			case f.kind == casework.KindReferral:
				out, err = svc.AnswerReferral(ctx, p, id, as)
			case f.kind == casework.KindOrder:
				out, err = svc.AnswerOrder(ctx, p, id, as)
			default:
				out, err = svc.RespondPreservation(ctx, p, id, casework.PreservationResponse{Answers: as, Response: response})
			}
			if err != nil {
				return err
			}
			return writeJSON(s.out, out)
		},
	}
	c.Flags().BoolVar(&ack, "ack", false, "acknowledge receipt")
	c.Flags().StringVar(&answers, "answers", "", "JSON file of per-item answers (- for stdin)")
	c.Flags().StringVar(&response, "response", "", "the platform's response text (preservation requests)")
	return c
}

func newReferralExportCmd(s *streams, f *referralFlags) *cobra.Command {
	var platform, out, target, keyPath, outbox, sender, purpose string
	c := &cobra.Command{
		Use:   "export --platform P -o DIR [--target URL --signing-key KEY.pem --outbox DIR]",
		Short: "Write a platform's package (JSON, CSV, HTML); optionally queue and send it as signed webhooks",
		Long: `Writes P.json, P.csv and P.html for every submitted referral, order and
preservation request of the platform. With --target, each request is also put
in the outbox (--outbox, kept across runs) under the idempotency key
<kind>-<id>-<status> and one delivery pass runs; failures stay queued with
backoff and are retried by the next export or by the server, and a target that
keeps failing ends on the dead-letter list (never dropped).`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if platform == "" || out == "" {
				return usagef("name the platform (--platform) and the output directory (-o)")
			}
			if target != "" && (keyPath == "" || outbox == "") {
				return usagef("--target needs --signing-key and --outbox")
			}
			if purpose == "" {
				purpose = "export to " + platform
			}
			env, err := f.open(cmd)
			if err != nil {
				return err
			}
			defer env.st.Close()
			ctx := cmd.Context()
			flt := rampart.RequestFilter{Platform: platform, Statuses: []rampart.RequestStatus{rampart.RequestSubmitted,
				rampart.RequestAcknowledged, rampart.RequestActioned, rampart.RequestPartiallyActioned, rampart.RequestRejected, rampart.RequestExpired}}
			refs, err := env.svc.Referrals(ctx, env.p, flt)
			if err != nil {
				return err
			}
			ords, err := env.svc.Orders(ctx, env.p, flt)
			if err != nil {
				return err
			}
			pres, err := env.svc.Preservations(ctx, env.p, flt, purpose)
			if err != nil {
				return err
			}
			if err := os.MkdirAll(out, 0o755); err != nil {
				return err
			}
			pkg := delivery.NewPackage(platform, time.Now(), refs, ords, pres)
			paths, err := pkg.WriteDir(out)
			if err != nil {
				return err
			}
			for _, p := range paths {
				fmt.Fprintln(s.out, p)
			}
			if target == "" {
				return nil
			}
			key, err := audit.LoadKey(keyPath)
			if err != nil {
				return usageError{err}
			}
			signer, err := delivery.NewSigner(key)
			if err != nil {
				return usageError{err}
			}
			ob, err := delivery.OpenOutbox(outbox)
			if err != nil {
				return err
			}
			wh := &delivery.Webhook{Outbox: ob, Signer: signer}
			var records []any
			for _, r := range refs {
				records = append(records, r)
			}
			for _, o := range ords {
				records = append(records, o)
			}
			for _, p := range pres {
				records = append(records, p)
			}
			queued := 0
			for _, rec := range records {
				p, err := delivery.NewPayload(sender, time.Now(), rec)
				if err != nil {
					return err
				}
				body, err := json.Marshal(p)
				if err != nil {
					return err
				}
				st := recordState(p)
				key := fmt.Sprintf("%s-%d-%s", p.Kind, st.ID, st.Status)
				switch err := wh.Enqueue(target, key, body); {
				case err == nil:
					queued++
				case errors.Is(err, delivery.ErrDuplicate):
					// Sent (or dead-lettered) before in this state.
				default:
					return err
				}
			}
			rep, err := wh.DeliverDue(ctx)
			if err != nil {
				return err
			}
			fmt.Fprintf(s.err, "queued %d, sent %d, retrying %d, dead-lettered %d (outbox %s)\n", queued, rep.Sent, rep.Retried, rep.Dead, outbox)
			return nil
		},
	}
	c.Flags().StringVar(&platform, "platform", "", "the platform to export for")
	c.Flags().StringVarP(&out, "output", "o", "", "directory to write the package into")
	c.Flags().StringVar(&target, "target", "", "platform inbox URL to deliver to as signed webhooks")
	c.Flags().StringVar(&keyPath, "signing-key", "", "ed25519 private key (PKCS #8 PEM) that signs deliveries")
	c.Flags().StringVar(&outbox, "outbox", "", "outbox directory, kept across runs so that retries resume")
	c.Flags().StringVar(&sender, "sender", "rampart", "sender name the platform registered for this unit")
	c.Flags().StringVar(&purpose, "purpose", "", "why preservation requests are read (logged; default \"export to P\")")
	return c
}

func recordState(p delivery.Payload) rampart.RequestState {
	switch {
	case p.Referral != nil:
		return p.Referral.RequestState
	case p.Order != nil:
		return p.Order.RequestState
	case p.Preservation != nil:
		return p.Preservation.RequestState
	}
	return rampart.RequestState{}
}

func newReferralStatsCmd(s *streams, f *referralFlags) *cobra.Command {
	var asJSON bool
	c := &cobra.Command{
		Use:   "stats [--json]",
		Short: "Compliance per platform and per regime: share actioned, time to action, deadlines missed, rejections",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			env, err := f.open(cmd)
			if err != nil {
				return err
			}
			defer env.st.Close()
			rep, err := env.svc.Compliance(cmd.Context(), env.p)
			if err != nil {
				return err
			}
			if asJSON {
				return writeJSON(s.out, rep)
			}
			tw := tabwriter.NewWriter(s.out, 0, 4, 2, ' ', 0)
			for _, part := range []struct {
				title string
				rows  []casework.ComplianceRow
			}{{"PLATFORM", rep.Platforms}, {"REGIME", rep.Regimes}} {
				fmt.Fprintf(tw, "%s\tREQUESTS\tITEMS\tACTIONED\tSHARE\tMEDIAN\tP90\tMISSED\tREJECTIONS\n", part.title)
				for _, r := range part.rows {
					var rej []string
					for k, v := range r.RejectionsBy {
						rej = append(rej, fmt.Sprintf("%s:%d", k, v))
					}
					slices.Sort(rej)
					fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%.1f%%\t%s\t%s\t%d\t%s\n", r.Key, r.Requests, r.Items, r.Actioned,
						100*r.ShareActioned, r.MedianToAction, r.P90ToAction, r.DeadlinesMissed, strings.Join(rej, " "))
				}
				fmt.Fprintln(tw)
			}
			return tw.Flush()
		},
	}
	c.Flags().BoolVar(&asJSON, "json", false, "print the report as JSON")
	return c
}

func newReferralExpireCmd(s *streams, f *referralFlags) *cobra.Command {
	return &cobra.Command{
		Use:   "expire",
		Short: "Close orders whose deadline passed unanswered (run from a timer)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			env, err := f.open(cmd)
			if err != nil {
				return err
			}
			defer env.st.Close()
			ids, err := env.svc.ExpireDue(cmd.Context())
			if err != nil {
				return err
			}
			return writeJSON(s.out, map[string]any{"expired": ids})
		},
	}
}
