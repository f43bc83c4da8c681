package sim

import (
	"bufio"
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"iter"
	"slices"

	"github.com/rampart-tt/rampart"
)

// Label is one line of the labels file: the ground truth about an account
// (Kind "account": Role, and Group, Network, Evades where they apply) or a
// post (Kind "post": Label, Group, Lang, Template). Detection must never
// read it; evaluation compares findings against it.
type Label struct {
	Kind     string `json:"kind"`
	Platform string `json:"platform"`
	ID       string `json:"id"`
	Role     string `json:"role,omitempty"`
	Label    string `json:"label,omitempty"`
	Group    string `json:"group,omitempty"`
	Network  string `json:"network,omitempty"`
	Evades   string `json:"evades,omitempty"` // id of the removed account this one re-creates
	Lang     string `json:"lang,omitempty"`
	Template string `json:"template,omitempty"`
}

// Subject returns what the label is about.
func (l Label) Subject() rampart.Subject {
	return rampart.Subject{Platform: l.Platform, Kind: l.Kind, ID: l.ID}
}

// appendLabel writes a label as encoding/json would, without reflection.
func appendLabel(dst []byte, l *Label) []byte {
	dst = append(dst, `{"kind":`...)
	dst = appendString(dst, l.Kind)
	dst = append(dst, `,"platform":`...)
	dst = appendString(dst, l.Platform)
	dst = append(dst, `,"id":`...)
	dst = appendString(dst, l.ID)
	dst = appendOpt(dst, `,"role":`, l.Role)
	dst = appendOpt(dst, `,"label":`, l.Label)
	dst = appendOpt(dst, `,"group":`, l.Group)
	dst = appendOpt(dst, `,"network":`, l.Network)
	dst = appendOpt(dst, `,"evades":`, l.Evades)
	dst = appendOpt(dst, `,"lang":`, l.Lang)
	dst = appendOpt(dst, `,"template":`, l.Template)
	return append(dst, '}')
}

// maxLabelLine bounds one line of a labels file.
const maxLabelLine = 1 << 20

// ReadLabels reads a labels file line by line. It stops at the first bad
// line, yielding an error that names the line and what is wrong with it.
func ReadLabels(r io.Reader) iter.Seq2[Label, error] {
	return func(yield func(Label, error) bool) {
		sc := bufio.NewScanner(r)
		sc.Buffer(make([]byte, 64*1024), maxLabelLine)
		for n := 1; sc.Scan(); n++ {
			line := bytes.TrimSpace(sc.Bytes())
			if len(line) == 0 {
				continue
			}
			l, err := parseLabel(line)
			if err != nil {
				yield(Label{}, fmt.Errorf("labels line %d: %w", n, err))
				return
			}
			if !yield(l, nil) {
				return
			}
		}
		if err := sc.Err(); err != nil {
			if errors.Is(err, bufio.ErrTooLong) {
				err = fmt.Errorf("a line is longer than %d bytes: %w", maxLabelLine, err)
			}
			yield(Label{}, fmt.Errorf("read labels: %w", err))
		}
	}
}

func parseLabel(line []byte) (Label, error) {
	var l Label
	dec := json.NewDecoder(bytes.NewReader(line))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&l); err != nil {
		return l, fmt.Errorf("not a label object: %w", err)
	}
	if dec.More() {
		return l, errors.New("more than one JSON value on the line")
	}
	if l.Platform == "" {
		return l, errors.New(`field "platform" is empty`)
	}
	if l.ID == "" {
		return l, errors.New(`field "id" is empty`)
	}
	switch l.Kind {
	case rampart.KindAccount:
		if !slices.Contains(roleNames[:], l.Role) {
			return l, fmt.Errorf("field \"role\": %q is not one of %v", l.Role, roleNames)
		}
	case rampart.KindPost:
		if !slices.Contains(labelNames[:], l.Label) {
			return l, fmt.Errorf("field \"label\": %q is not one of %v", l.Label, labelNames)
		}
		if !slices.Contains(langCodes[:], l.Lang) {
			return l, fmt.Errorf("field \"lang\": %q is not one of %v", l.Lang, langCodes)
		}
	default:
		return l, fmt.Errorf("field \"kind\": want \"account\" or \"post\", got %q", l.Kind)
	}
	return l, nil
}

// Evasion pairs a removed account with the account that re-created it.
type Evasion struct {
	Removed rampart.Subject `json:"removed"`
	Evader  rampart.Subject `json:"evader"`
}

// Evasions reads a labels file and returns every ban evasion it records, in
// file order. An account removed and re-created several times appears once
// per re-creation (umar_media_2 → _3, then _3 → _4).
func Evasions(labels io.Reader) ([]Evasion, error) {
	var out []Evasion
	for l, err := range ReadLabels(labels) {
		if err != nil {
			return nil, err
		}
		if l.Kind == rampart.KindAccount && l.Evades != "" {
			out = append(out, Evasion{
				Removed: rampart.Subject{Platform: l.Platform, Kind: rampart.KindAccount, ID: l.Evades},
				Evader:  l.Subject(),
			})
		}
	}
	return out, nil
}

// RemovedAccounts reads a labels file and returns the accounts that were
// removed during the run (each re-created by an evader), sorted. They are in
// the items file as accounts, with the posts they made before removal: the
// set a ban-evasion matcher is given as "known removed".
func RemovedAccounts(labels io.Reader) ([]rampart.Subject, error) {
	ev, err := Evasions(labels)
	if err != nil {
		return nil, err
	}
	out := make([]rampart.Subject, 0, len(ev))
	for _, e := range ev {
		out = append(out, e.Removed)
	}
	slices.SortFunc(out, func(a, b rampart.Subject) int {
		if c := cmp.Compare(a.Platform, b.Platform); c != 0 {
			return c
		}
		return cmp.Compare(a.ID, b.ID)
	})
	return slices.Compact(out), nil
}
