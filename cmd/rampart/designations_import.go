package main

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/rampart-tt/rampart"
	"github.com/rampart-tt/rampart/designation"
	"github.com/rampart-tt/rampart/sqlite"
	"github.com/spf13/cobra"
)

// designationsVersionCmds returns the subcommands of `rampart designations`
// that work on imported, versioned lists in a store: import, history and
// diff. The list and show commands read the registry in force through
// designationsRegistry when given --db.
func designationsVersionCmds(s *streams) []*cobra.Command {
	return []*cobra.Command{newDesignationsImportCmd(s), newDesignationsHistoryCmd(s), newDesignationsDiffCmd(s)}
}

func newDesignationsImportCmd(s *streams) *cobra.Command {
	var list, mapping, db string
	c := &cobra.Command{
		Use:   "import --list LIST --db PATH FILE",
		Short: "Import an official list as a new version; the registry in force overlays it on the shipped data",
		Long: `Import reads one official list, checks all of it, and stores it as a new
version of that list in one transaction. A file that fails to parse stores
nothing, and the previous version stays in force. Importing an unchanged
file again adds no version.

Lists: ` + strings.Join(designation.ImportListCodes(), ", ") + `. For ofac, FILE is sdn.csv (with
alt.csv and sdn_comments.csv beside it), the folder holding them, or sdn.xml.
For csv, --map names the columns, e.g.
  --map 'name=Org Name,alias=Aliases,alias_sep=;,listed=Date,list=nacta'
(keys: name, alias, former, weak, alias_sep, ref, listed, delisted, note,
kind, category, list, date_format). See designation/IMPORT.md.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if list == "" || db == "" {
				return usagef("import needs --list and --db")
			}
			if list == "csv" && mapping == "" {
				return usagef("--list csv needs --map naming the columns (see 'rampart designations import --help')")
			}
			li, err := designation.ImportFile(list, args[0], designation.ImportOptions{Mapping: mapping})
			if err != nil {
				return fmt.Errorf("import %s: nothing stored: %w", list, err)
			}
			st, err := sqlite.Open(cmd.Context(), db)
			if err != nil {
				return err
			}
			defer st.Close()
			before, imports, err := registryInForce(cmd.Context(), st, 0)
			if err != nil {
				return err
			}
			// Build the registry with the new version before storing it,
			// so a version that cannot be laid over the others is refused
			// rather than stored and found broken by the next scan.
			li.Imported = time.Now().UTC()
			base, err := designation.Default()
			if err != nil {
				return err
			}
			if _, err := designation.Overlay(base, append(imports, li)); err != nil {
				return fmt.Errorf("import %s: nothing stored: %w", list, err)
			}
			ents := make([]sqlite.DesignationEntity, len(li.Entities))
			for i, e := range li.Entities {
				ents[i] = sqlite.DesignationEntity{Entity: e, Note: li.Notes[e.ID]}
			}
			v, added, err := st.PutDesignationVersion(cmd.Context(), sqlite.DesignationVersion{
				List: li.List, Published: li.Published, Source: li.Source, SHA256: li.SHA256,
			}, ents)
			if err != nil {
				return fmt.Errorf("import %s: %w", list, err)
			}
			if !added {
				fmt.Fprintf(s.out, "%s unchanged: same file as version %d (imported %s); registry in force %s\n",
					list, v.ID, v.ImportedAt.Format(time.DateTime), before.Version())
				return nil
			}
			after, _, err := registryInForce(cmd.Context(), st, 0)
			if err != nil {
				return err
			}
			d := designation.DiffRegistries(before, after)
			fmt.Fprintf(s.out, "imported %s version %d: %d entities from %s (sha256 %s)\n", list, v.ID, v.Entities, v.Source, v.SHA256[:12])
			fmt.Fprintf(s.out, "registry in force %s: %d entities; %d added, %d removed, %d with alias changes, %d designation changes\n",
				after.Version(), len(after.Entities()), len(d.Added), len(d.Removed), len(d.Aliases), len(d.Designations))
			return nil
		},
	}
	c.Flags().StringVar(&list, "list", "", "list format: "+strings.Join(designation.ImportListCodes(), ", "))
	c.Flags().StringVar(&mapping, "map", "", "column mapping for --list csv, key=value pairs separated by commas")
	c.Flags().StringVar(&db, "db", "", "store file (SQLite)")
	return c
}

func newDesignationsHistoryCmd(s *streams) *cobra.Command {
	var list, db string
	var asJSON bool
	c := &cobra.Command{
		Use:   "history --db PATH",
		Short: "List the imported versions of each list, oldest first",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if db == "" {
				return usagef("history needs --db")
			}
			st, err := sqlite.Open(cmd.Context(), db)
			if err != nil {
				return err
			}
			defer st.Close()
			vs, err := st.DesignationVersions(cmd.Context(), list)
			if err != nil {
				return err
			}
			if asJSON {
				enc := json.NewEncoder(s.out)
				for _, v := range vs {
					if err := enc.Encode(v); err != nil {
						return err
					}
				}
				return nil
			}
			tw := tabwriter.NewWriter(s.out, 0, 0, 2, ' ', 0)
			fmt.Fprintln(tw, "VERSION\tLIST\tIMPORTED\tPUBLISHED\tENTITIES\tSHA256\tSOURCE")
			for _, v := range vs {
				fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%d\t%s\t%s\n", v.ID, v.List, v.ImportedAt.Format(time.DateTime),
					dateOrDash(v.Published), v.Entities, v.SHA256[:min(12, len(v.SHA256))], v.Source)
			}
			if len(vs) == 0 {
				fmt.Fprintln(tw, "no imported lists; the registry in force is the shipped data")
			}
			return tw.Flush()
		},
	}
	c.Flags().StringVar(&list, "list", "", "only this list")
	c.Flags().StringVar(&db, "db", "", "store file (SQLite)")
	c.Flags().BoolVar(&asJSON, "json", false, "print JSON lines")
	return c
}

func newDesignationsDiffCmd(s *streams) *cobra.Command {
	var db string
	var asJSON bool
	c := &cobra.Command{
		Use:   "diff --db PATH V1 V2",
		Short: "Show what changed in the registry in force between two list versions",
		Long: `Diff compares the registry in force after version V1 was imported with the
one after V2 (each the shipped data overlaid with every list's latest
version up to that id): entities and aliases added and removed,
designations added, changed and delisted, and the groups whose stored items
a rescan should re-run. V1 may be 0 for the shipped data alone.`,
		Args: cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			if db == "" {
				return usagef("diff needs --db")
			}
			var ids [2]int64
			for i, a := range args {
				n, err := strconv.ParseInt(a, 10, 64)
				if err != nil || n < 0 {
					return usagef("version %q: want a version number from 'rampart designations history'", a)
				}
				ids[i] = n
			}
			st, err := sqlite.Open(cmd.Context(), db)
			if err != nil {
				return err
			}
			defer st.Close()
			var regs [2]*designation.Registry
			for i, id := range ids {
				upTo := int64(-1) // version 0: the shipped data alone
				if id > 0 {
					if _, _, err := st.DesignationVersion(cmd.Context(), id); err != nil {
						return err
					}
					upTo = id
				}
				if regs[i], _, err = registryInForce(cmd.Context(), st, upTo); err != nil {
					return err
				}
			}
			d := designation.DiffRegistries(regs[0], regs[1])
			if asJSON {
				return json.NewEncoder(s.out).Encode(d)
			}
			return d.WriteText(s.out)
		},
	}
	c.Flags().StringVar(&db, "db", "", "store file (SQLite)")
	c.Flags().BoolVar(&asJSON, "json", false, "print as JSON")
	return c
}

// designationsRegistry returns the registry to use: the shipped data when
// db is "", otherwise the registry in force in that store. list and show
// take it with a --db flag.
func designationsRegistry(ctx context.Context, db string) (*designation.Registry, error) {
	if db == "" {
		return designation.Default()
	}
	st, err := sqlite.Open(ctx, db)
	if err != nil {
		return nil, err
	}
	defer st.Close()
	r, _, err := registryInForce(ctx, st, 0)
	return r, err
}

// registryInForce overlays the stored list versions with ids up to upTo
// (all when upTo is 0; none when it is -1) on the shipped registry.
func registryInForce(ctx context.Context, st *sqlite.Store, upTo int64) (*designation.Registry, []designation.ListImport, error) {
	base, err := designation.Default()
	if err != nil {
		return nil, nil, err
	}
	if upTo < 0 {
		return base, nil, nil
	}
	vs, err := st.DesignationVersions(ctx, "")
	if err != nil {
		return nil, nil, err
	}
	var imports []designation.ListImport
	for _, v := range vs {
		if upTo > 0 && v.ID > upTo {
			break
		}
		_, ents, err := st.DesignationVersion(ctx, v.ID)
		if err != nil {
			return nil, nil, err
		}
		li := designation.ListImport{List: v.List, Source: v.Source, Published: v.Published, SHA256: v.SHA256,
			Version: v.ID, Imported: v.ImportedAt, Notes: map[string]string{}}
		for _, e := range ents {
			li.Entities = append(li.Entities, e.Entity)
			if e.Note != "" {
				li.Notes[e.Entity.ID] = e.Note
			}
		}
		imports = append(imports, li)
	}
	r, err := designation.Overlay(base, imports)
	if err != nil {
		return nil, nil, rampart.Errorf(rampart.EINTERNAL, "registry in force of %s: %v", st.Path(), err)
	}
	return r, imports, nil
}
