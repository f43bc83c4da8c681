package classify

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"

	rampart "github.com/rampart-tt/rampart"
	"github.com/rampart-tt/rampart/classify/traindata"
	"github.com/rampart-tt/rampart/designation"
)

// Training sources that LoadSource knows by name, besides JSONL files.
const (
	// SourceConstructed is the project's constructed corpus
	// (traindata.Constructed at the training seed).
	SourceConstructed = "constructed"
	// SourceNames is bare designated names labelled other (NameExamples).
	SourceNames = "names"
	// SourceRUHSOLD prefixes the path of RUHSOLD's task_2_train.tsv:
	// "ruhsold:PATH". Labels are projected by traindata.ProjectLabel.
	SourceRUHSOLD = "ruhsold:"
)

// LoadSource reads one training source named by spec: "constructed",
// "names", "ruhsold:PATH" or the path of a labelled JSONL file. The
// DataInfo records the source's name, licence, size and SHA-256: of the
// file's bytes for files, of the examples (ExamplesSHA256) for the
// generated sources. Only sources whose licence allows a distributed model
// are accepted; research-only sets are measured with TrainRealTask instead.
func LoadSource(spec string, seed uint64) ([]Example, DataInfo, error) {
	switch {
	case spec == SourceConstructed:
		var out []Example
		for _, ex := range traindata.Constructed(seed) {
			out = append(out, Example{Text: ex.Text, Label: ex.Label, Lang: ex.Lang, Group: ex.Group, Template: ex.Template, Source: ex.Source})
		}
		return out, DataInfo{Name: "constructed (classify/traindata, seed " + strconv.FormatUint(seed, 10) + ")", Licence: "project's own",
			Examples: len(out), SHA256: ExamplesSHA256(out)}, nil
	case spec == SourceNames:
		out, err := NameExamples()
		if err != nil {
			return nil, DataInfo{}, err
		}
		return out, DataInfo{Name: "names (bare designated names from the default registry, labelled other)", Licence: "project's own",
			Examples: len(out), SHA256: ExamplesSHA256(out)}, nil
	case strings.HasPrefix(spec, SourceRUHSOLD):
		path := strings.TrimPrefix(spec, SourceRUHSOLD)
		sum, err := fileSHA256(path)
		if err != nil {
			return nil, DataInfo{}, err
		}
		rows, err := traindata.LoadRUHSOLD(path)
		if err != nil {
			return nil, DataInfo{}, fmt.Errorf("data %s: %w", spec, err)
		}
		var out []Example
		for i, r := range rows {
			if !traindata.ShippableSet(r.Set) {
				return nil, DataInfo{}, fmt.Errorf("data %s: set %q may not train a distributed model", spec, r.Set)
			}
			label, ok := traindata.ProjectLabel(r)
			if !ok {
				continue
			}
			out = append(out, Example{ID: "ruhsold-" + strconv.Itoa(i+1), Text: r.Text, Label: label, Lang: "roman-ur", Source: traindata.SetRUHSOLD})
		}
		return out, DataInfo{Name: "RUHSOLD task 2 (" + baseName(path) + "; labels projected by traindata.ProjectLabel)", Licence: "MIT",
			Examples: len(out), SHA256: sum}, nil
	}
	sum, err := fileSHA256(spec)
	if err != nil {
		return nil, DataInfo{}, err
	}
	f, err := os.Open(spec)
	if err != nil {
		return nil, DataInfo{}, fmt.Errorf("data: %w", err)
	}
	defer f.Close()
	exs, err := ReadExamples(f, spec)
	if err != nil {
		return nil, DataInfo{}, err
	}
	return exs, DataInfo{Name: baseName(spec), Examples: len(exs), SHA256: sum}, nil
}

func fileSHA256(path string) (string, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return "", fmt.Errorf("data: %w", err)
	}
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:]), nil
}

func baseName(path string) string {
	if i := strings.LastIndexAny(path, `/\`); i >= 0 {
		return path[i+1:]
	}
	return path
}

// NameExamples returns every non-weak name, acronym and media-wing alias of
// the default registry's screened organisations, media wings and sub-units, alone and as a hashtag, labelled
// other. A bare name is not propaganda (docs/labelling.md): without these,
// the constructed corpus, where every class names groups, leaves a bare
// name's label to chance. The held-out group (traindata.HeldOutGroup) is
// left out so that it stays unseen. Each group is one template family, so
// that the validation split holds a group's names out together.
func NameExamples() ([]Example, error) {
	reg, err := designation.Default()
	if err != nil {
		return nil, fmt.Errorf("names: load default registry: %w", err)
	}
	seen := map[string]bool{}
	var out []Example
	for _, e := range reg.Screened(nil) {
		// People's names are left out: a bare person's name is not what
		// the guide's examples are about, and there are many of them.
		if e.Group == traindata.HeldOutGroup || e.Kind == rampart.EntityPerson {
			continue
		}
		for _, a := range e.Aliases {
			if a.Weak || (a.Type != "" && a.Type != "name" && a.Type != "acronym" && a.Type != "media_wing") {
				continue
			}
			texts := []string{a.Text}
			if !strings.ContainsAny(a.Text, "#@") {
				texts = append(texts, "#"+strings.Join(strings.Fields(a.Text), ""))
			}
			for _, t := range texts {
				if t == "" || seen[t] {
					continue
				}
				seen[t] = true
				out = append(out, Example{Text: t, Label: LabelOther, Lang: a.Lang, Group: e.Group, Template: "names/" + e.Group, Source: SourceNames})
			}
		}
	}
	// The registry's order is stable, but sort anyway so that the examples'
	// hash does not depend on it.
	slices.SortFunc(out, func(a, b Example) int {
		if c := strings.Compare(a.Template, b.Template); c != 0 {
			return c
		}
		return strings.Compare(a.Text, b.Text)
	})
	return out, nil
}
