package traindata

import (
	"bufio"
	"fmt"
	"io"
	"slices"
	"strings"
)

// A template file is plain UTF-8 text, one language per file:
//
//	# a comment (in column one: an indented line starting with # is a
//	#   phrasing that opens with a hashtag)
//	== propaganda                    label section
//	p-lions @ttp,iskp                family id, optional allowed groups
//	  Our lions of {G} [struck|hit] {P} {EP}
//	  a second phrasing of the same idea
//
// A family header starts in column one; its phrasings are indented.
// [a|b|c] picks one alternative ([a|] makes a word optional); {SLOT} is
// filled from slots.go. "@none" marks a family that names no group.

// family is one idea written in one or more phrasings.
type family struct {
	lang      string
	id        string
	label     string
	groups    []string // allowed groups; nil means any; ["none"] means none
	phrasings []string
	line      int // where the header is, for messages
}

// groupSlots are the slots that name a group or depend on it.
var groupSlots = []string{"G", "GO", "M", "P"}

// knownSlot reports whether a slot name can be filled.
func knownSlot(s string) bool {
	switch s {
	case "G", "GO", "M", "P", "N", "NB":
		return true
	}
	_, ok := genericSlots[s]
	return ok
}

// parseTemplates reads one language's template file. name is used in error
// messages, which give name:line and what is wrong.
func parseTemplates(r io.Reader, name, lang string) ([]family, error) {
	if _, ok := langIndex[lang]; !ok {
		return nil, fmt.Errorf("%s: unknown language %q", name, lang)
	}
	var (
		out   []family
		label string
		cur   *family
		seen  = map[string]int{}
	)
	finish := func() error {
		if cur == nil {
			return nil
		}
		if len(cur.phrasings) == 0 {
			return fmt.Errorf("%s:%d: family %q has no phrasings (indent them under the header)", name, cur.line, cur.id)
		}
		out = append(out, *cur)
		cur = nil
		return nil
	}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	ln := 0
	for sc.Scan() {
		ln++
		raw := strings.TrimRight(sc.Text(), "\r")
		text := strings.TrimSpace(raw)
		// A comment starts in column one; an indented phrasing may start
		// with a hashtag.
		if text == "" || strings.HasPrefix(raw, "#") {
			continue
		}
		indented := raw[0] == ' ' || raw[0] == '\t'
		switch {
		case strings.HasPrefix(text, "=="):
			if err := finish(); err != nil {
				return nil, err
			}
			label = strings.TrimSpace(strings.TrimPrefix(text, "=="))
			if !isLabel(label) {
				return nil, fmt.Errorf("%s:%d: unknown label %q (want one of %s)", name, ln, label, strings.Join(Labels(), ", "))
			}
		case !indented:
			if err := finish(); err != nil {
				return nil, err
			}
			if label == "" {
				return nil, fmt.Errorf("%s:%d: family before any \"== label\" line", name, ln)
			}
			f, err := parseHeader(text)
			if err != nil {
				return nil, fmt.Errorf("%s:%d: %w", name, ln, err)
			}
			if prev, dup := seen[f.id]; dup {
				return nil, fmt.Errorf("%s:%d: family %q already defined at line %d", name, ln, f.id, prev)
			}
			seen[f.id] = ln
			f.lang, f.label, f.line = lang, label, ln
			cur = &f
		default:
			if cur == nil {
				return nil, fmt.Errorf("%s:%d: indented phrasing outside a family", name, ln)
			}
			if err := checkPhrasing(text, cur.groups, lang); err != nil {
				return nil, fmt.Errorf("%s:%d: %w", name, ln, err)
			}
			cur.phrasings = append(cur.phrasings, text)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s:%d: %w", name, ln+1, err)
	}
	if err := finish(); err != nil {
		return nil, err
	}
	return out, nil
}

func parseHeader(text string) (family, error) {
	fields := strings.Fields(text)
	f := family{id: fields[0]}
	if strings.HasPrefix(f.id, "@") || strings.ContainsAny(f.id, "[]{}|/") {
		return f, fmt.Errorf("bad family id %q", f.id)
	}
	for _, fl := range fields[1:] {
		if !strings.HasPrefix(fl, "@") {
			return f, fmt.Errorf("family %q: unexpected %q after the id (phrasings must be indented)", f.id, fl)
		}
		for _, g := range strings.Split(strings.TrimPrefix(fl, "@"), ",") {
			if g != "none" && !slices.Contains(Groups(), g) {
				return f, fmt.Errorf("family %q: unknown group %q", f.id, g)
			}
			f.groups = append(f.groups, g)
		}
	}
	if slices.Contains(f.groups, "none") && len(f.groups) > 1 {
		return f, fmt.Errorf("family %q: @none cannot be combined with groups", f.id)
	}
	return f, nil
}

// checkPhrasing validates brackets and slots, and that some group can fill
// the phrasing's group slots.
func checkPhrasing(text string, groups []string, lang string) error {
	depth := 0
	for i, r := range text {
		switch r {
		case '[':
			depth++
			if depth > 1 {
				return fmt.Errorf("nested [ at byte %d", i)
			}
		case ']':
			depth--
			if depth < 0 {
				return fmt.Errorf("unbalanced ] at byte %d", i)
			}
		}
	}
	if depth != 0 {
		return fmt.Errorf("unclosed [")
	}
	slots, err := slotsIn(text)
	if err != nil {
		return err
	}
	uses := false
	for _, s := range slots {
		if !knownSlot(s) {
			return fmt.Errorf("unknown slot {%s}", s)
		}
		if slices.Contains(groupSlots, s) && s != "P" {
			uses = true
		}
	}
	none := len(groups) == 1 && groups[0] == "none"
	if uses && none {
		return fmt.Errorf("group slot in an @none family")
	}
	if uses && len(candidates(groups, slots, lang)) == 0 {
		return fmt.Errorf("no allowed group has every slot this phrasing uses (%v)", slots)
	}
	return nil
}

// slotsIn lists the {SLOT} names in text.
func slotsIn(text string) ([]string, error) {
	var out []string
	for {
		i := strings.IndexByte(text, '{')
		if i < 0 {
			if strings.IndexByte(text, '}') >= 0 {
				return nil, fmt.Errorf("unbalanced }")
			}
			return out, nil
		}
		j := strings.IndexByte(text[i:], '}')
		if j < 0 {
			return nil, fmt.Errorf("unclosed {")
		}
		out = append(out, text[i+1:i+j])
		text = text[i+j+1:]
	}
}

// candidates returns the groups allowed by the family that can fill every
// group-dependent slot used.
func candidates(groups, slots []string, lang string) []string {
	pool := groups
	if len(pool) == 0 {
		pool = Groups()
	}
	li := langIndex[lang]
	var out []string
	for _, g := range pool {
		t, ok := groupTable[g]
		if !ok {
			continue
		}
		fits := true
		for _, s := range slots {
			switch s {
			case "GO":
				fits = fits && len(t.official[li]) > 0
			case "M":
				fits = fits && len(t.media[li]) > 0
			}
		}
		if fits {
			out = append(out, g)
		}
	}
	return out
}
