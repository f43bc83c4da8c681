package main

import (
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/rampart-tt/rampart"
	"github.com/rampart-tt/rampart/designation"
	"github.com/spf13/cobra"
)

func newDesignationsCmd(s *streams) *cobra.Command {
	c := &cobra.Command{
		Use:   "designations",
		Short: "Inspect the designation registry and evaluate the name matcher",
	}
	c.AddCommand(newDesignationsListCmd(s), newDesignationsShowCmd(s), newDesignationsAliasesCmd(s), newDesignationsEvalCmd(s))
	c.AddCommand(designationsVersionCmds(s)...)
	return c
}

func newDesignationsListCmd(s *streams) *cobra.Command {
	var all bool
	var db string
	c := &cobra.Command{
		Use:   "list",
		Short: "List designated organisations (with --all: media wings, sub-units and people too)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			reg, err := designationsRegistry(cmd.Context(), db)
			if err != nil {
				return err
			}
			tw := tabwriter.NewWriter(s.out, 0, 0, 2, ' ', 0)
			fmt.Fprintln(tw, "ID\tKIND\tGROUP\tCATEGORY\tALIASES\tLISTS\tNAME")
			for _, e := range reg.Entities() {
				if !all && e.Kind != rampart.EntityOrganisation {
					continue
				}
				fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%d\t%s\t%s\n", e.ID, e.Kind, e.Group, e.Category, len(e.Aliases), listsOf(e), e.Name)
			}
			fmt.Fprintf(tw, "\nregistry %s: %d entities\n", reg.Version(), len(reg.Entities()))
			return tw.Flush()
		},
	}
	c.Flags().BoolVar(&all, "all", false, "include media wings, sub-units and people")
	c.Flags().StringVar(&db, "db", "", "show the registry in force in this database (shipped data overlaid with imported lists); default: the shipped registry")
	return c
}

func listsOf(e rampart.Entity) string {
	var ls []string
	for _, d := range e.Designations {
		if !slices.Contains(ls, d.List) {
			ls = append(ls, d.List)
		}
	}
	if len(ls) == 0 {
		return "-"
	}
	return strings.Join(ls, ",")
}

func newDesignationsShowCmd(s *streams) *cobra.Command {
	var asJSON bool
	var db string
	c := &cobra.Command{
		Use:   "show ID",
		Short: "Show an entity: designations, aliases by script, relations, sources and its parts",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			reg, err := designationsRegistry(cmd.Context(), db)
			if err != nil {
				return err
			}
			e, ok := reg.Entity(args[0])
			if !ok {
				return rampart.Errorf(rampart.ENOTFOUND, "no entity %q in registry %s (see 'rampart designations list --all')", args[0], reg.Version())
			}
			var parts []rampart.Entity
			for _, p := range reg.Entities() {
				if p.Group == e.ID && p.ID != e.ID {
					parts = append(parts, p)
				}
			}
			if asJSON {
				return json.NewEncoder(s.out).Encode(struct {
					rampart.Entity
					Parts []rampart.Entity `json:"parts,omitempty"`
				}{e, parts})
			}
			printEntity(s, e, parts)
			return nil
		},
	}
	c.Flags().BoolVar(&asJSON, "json", false, "print as JSON")
	c.Flags().StringVar(&db, "db", "", "show the entity as in force in this database; default: the shipped registry")
	return c
}

func printEntity(s *streams, e rampart.Entity, parts []rampart.Entity) {
	w := s.out
	fmt.Fprintf(w, "%s  %s\nkind %s, group %s, category %s\n", e.ID, e.Name, e.Kind, e.Group, e.Category)
	if len(e.Designations) > 0 {
		fmt.Fprintln(w, "\nDesignations:")
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		for _, d := range e.Designations {
			fmt.Fprintf(tw, "  %s\t%s\t%s\tlisted %s\t%s\t%s\n", d.Jurisdiction, d.List, dashIfEmpty(d.Reference), dateOrDash(d.ListedOn), delisted(d), d.Source)
		}
		tw.Flush()
	}
	byScript := map[string][]rampart.Alias{}
	var scripts []string
	for _, a := range e.Aliases {
		if _, ok := byScript[a.Script]; !ok {
			scripts = append(scripts, a.Script)
		}
		byScript[a.Script] = append(byScript[a.Script], a)
	}
	slices.Sort(scripts)
	for _, sc := range scripts {
		fmt.Fprintf(w, "\nAliases (%s):\n", dashIfEmpty(sc))
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		for _, a := range byScript[sc] {
			var flags []string
			for _, f := range []struct {
				on   bool
				name string
			}{{a.Weak, "weak"}, {a.CaseSensitive, "case-sensitive"}, {a.WholeToken, "whole-token"}, {a.NeedsContext, "needs-context"}} {
				if f.on {
					flags = append(flags, f.name)
				}
			}
			fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\t%s\n", a.Text, dashIfEmpty(a.Lang), dashIfEmpty(a.Type), dashIfEmpty(strings.Join(flags, ",")), dashIfEmpty(a.Source))
		}
		tw.Flush()
	}
	if len(e.Relations) > 0 {
		fmt.Fprintln(w, "\nRelations:")
		for _, r := range e.Relations {
			fmt.Fprintf(w, "  %s %s\n", r.Type, r.Target)
		}
	}
	if len(parts) > 0 {
		fmt.Fprintln(w, "\nMedia wings, sub-units and people:")
		for _, p := range parts {
			fmt.Fprintf(w, "  %s\t%s (%s)\n", p.ID, p.Name, p.Kind)
		}
	}
}

func delisted(d rampart.Designation) string {
	if d.DelistedOn.IsZero() {
		return "in force"
	}
	return "delisted " + d.DelistedOn.Format("2006-01-02")
}

func dateOrDash(t interface {
	IsZero() bool
	Format(string) string
}) string {
	if t.IsZero() {
		return "-"
	}
	return t.Format("2006-01-02")
}

func dashIfEmpty(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func newDesignationsAliasesCmd(s *streams) *cobra.Command {
	var enable []string
	var db string
	c := &cobra.Command{
		Use:   "aliases",
		Short: "Print every screened, non-weak alias, one per line (input for grep -F -f)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			reg, err := designationsRegistry(cmd.Context(), db)
			if err != nil {
				return err
			}
			seen := map[string]bool{}
			for _, e := range reg.Screened(enable) {
				for _, a := range e.Aliases {
					if a.Weak || seen[a.Text] || strings.ContainsAny(a.Text, "\n\r") {
						continue
					}
					seen[a.Text] = true
					fmt.Fprintln(s.out, a.Text)
				}
			}
			return nil
		},
	}
	c.Flags().StringVar(&db, "db", "", "the registry in force in this database; default: the shipped registry")
	c.Flags().StringSliceVar(&enable, "enable", nil, "also screen these entities, off by default")
	return c
}

func newDesignationsEvalCmd(s *streams) *cobra.Command {
	var asJSON bool
	var enable []string
	c := &cobra.Command{
		Use:   "eval FILE",
		Short: "Evaluate the name matcher on a labelled JSONL set: precision, recall and the misses",
		Long: `Eval reads lines of {"text","field","lang","expect":[group ids]} and prints
micro-averaged precision and recall over (line, group) pairs, per language, and
every miss and false positive with its line number.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			e, err := loadEnv(envOptions{enable: enable, namesOnly: true})
			if err != nil {
				return err
			}
			f, err := os.Open(args[0])
			if err != nil {
				return usageError{err}
			}
			defer f.Close()
			res, err := designation.Evaluate(e.matcher, f)
			if err != nil {
				return fmt.Errorf("%s: %w", args[0], err)
			}
			if asJSON {
				return json.NewEncoder(s.out).Encode(res)
			}
			fmt.Fprint(s.out, res.Summary())
			return nil
		},
	}
	c.Flags().BoolVar(&asJSON, "json", false, "print as JSON")
	c.Flags().StringSliceVar(&enable, "enable", nil, "also screen these entities, off by default")
	return c
}
