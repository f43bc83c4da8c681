package casework

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

// DeadlineClass is one time limit of a legal regime.
type DeadlineClass struct {
	Name   string        `json:"name"`
	Within time.Duration `json:"within"` // from submission to the platform
	// NeedsReasons: an order in this class must give written reasons for
	// the urgency (EmergencyReasons).
	NeedsReasons bool `json:"needs_reasons,omitempty"`
	// Preserve is how long the platform must keep what it removed.
	Preserve time.Duration `json:"preserve,omitempty"`
}

// Regime is a body of law that sets order deadlines.
type Regime struct {
	Name    string          `json:"name"`
	Title   string          `json:"title"`
	Classes []DeadlineClass `json:"classes"`
}

// Class returns the named class of r.
func (r Regime) Class(name string) (DeadlineClass, bool) {
	i := slices.IndexFunc(r.Classes, func(c DeadlineClass) bool { return c.Name == name })
	if i < 0 {
		return DeadlineClass{}, false
	}
	return r.Classes[i], true
}

// Regimes are the regimes a deployment knows, by name.
type Regimes map[string]Regime

// Names of the built-in regimes.
const (
	RegimePakistan = "pk-rbr-2021"
	RegimeEUTCO    = "eu-tco"
	// RegimeVoluntary is the regime compliance figures file referrals
	// under: they carry no legal deadline.
	RegimeVoluntary = "voluntary"
)

// sixMonths is the TCO preservation period (Art. 6(2): six months),
// counted as 183 days so that it covers any six calendar months.
const sixMonths = 183 * 24 * time.Hour

// DefaultRegimes returns the built-in regimes:
//
//   - Pakistan's Removal and Blocking of Unlawful Online Content
//     (Procedure, Oversight and Safeguards) Rules 2021: 48 hours, or 12
//     hours in an emergency with written reasons (rule 6);
//   - Regulation (EU) 2021/784 on terrorist content online: removal within
//     one hour of receipt (Art. 3(3)), removed content kept six months
//     (Art. 6).
func DefaultRegimes() Regimes {
	return Regimes{
		RegimePakistan: {Name: RegimePakistan, Title: "Pakistan Removal and Blocking of Unlawful Online Content Rules 2021", Classes: []DeadlineClass{
			{Name: "standard", Within: 48 * time.Hour},
			{Name: "emergency", Within: 12 * time.Hour, NeedsReasons: true},
		}},
		RegimeEUTCO: {Name: RegimeEUTCO, Title: "EU Regulation 2021/784 on terrorist content online", Classes: []DeadlineClass{
			{Name: "removal", Within: time.Hour, Preserve: sixMonths},
		}},
	}
}

// regimeFile is the YAML a deployment adds regimes with:
//
//	regimes:
//	  - name: uk-osa
//	    title: Online Safety Act notices
//	    classes:
//	      - {name: standard, within: 24h}
//	      - {name: urgent, within: 2h, needs_reasons: true, preserve: 90d}
type regimeFile struct {
	Regimes []struct {
		Name    string `yaml:"name"`
		Title   string `yaml:"title"`
		Classes []struct {
			Name         string `yaml:"name"`
			Within       string `yaml:"within"`
			NeedsReasons bool   `yaml:"needs_reasons"`
			Preserve     string `yaml:"preserve"`
		} `yaml:"classes"`
	} `yaml:"regimes"`
}

// maxRegimeFile bounds a regime file; real ones are a few hundred bytes.
const maxRegimeFile = 1 << 20

// ParseRegimes reads regimes from YAML (see regimeFile) and returns them
// added to base (which is not changed); a name already in base is
// replaced. Every problem is reported at once, each named by its path
// ("regimes[1].classes[0].within"); name is the file name for messages.
func ParseRegimes(name string, r io.Reader, base Regimes) (Regimes, error) {
	b, err := io.ReadAll(io.LimitReader(r, maxRegimeFile+1))
	if err != nil {
		return nil, fmt.Errorf("read regimes %s: %w", name, err)
	}
	if len(b) > maxRegimeFile {
		return nil, fmt.Errorf("regimes %s: larger than %d bytes", name, maxRegimeFile)
	}
	var f regimeFile
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	if err := dec.Decode(&f); err != nil && !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("regimes %s: %w", name, err)
	}
	out := make(Regimes, len(base)+len(f.Regimes))
	for k, v := range base {
		out[k] = v
	}
	var fe FieldErrors
	seen := map[string]bool{}
	for i, fr := range f.Regimes {
		at := fmt.Sprintf("regimes[%d]", i)
		if !validName(fr.Name) {
			fe.add(at+".name", fmt.Sprintf("%q: want 1–64 lower-case letters, digits, '-' or '_'", fr.Name))
		} else if seen[fr.Name] {
			fe.add(at+".name", fmt.Sprintf("%q appears twice", fr.Name))
		}
		seen[fr.Name] = true
		if fr.Name == RegimeVoluntary {
			fe.add(at+".name", "voluntary is reserved for referrals")
		}
		if len(fr.Classes) == 0 {
			fe.add(at+".classes", "a regime needs at least one deadline class")
		}
		reg := Regime{Name: fr.Name, Title: fr.Title}
		classes := map[string]bool{}
		for j, fc := range fr.Classes {
			cat := fmt.Sprintf("%s.classes[%d]", at, j)
			if !validName(fc.Name) {
				fe.add(cat+".name", fmt.Sprintf("%q: want 1–64 lower-case letters, digits, '-' or '_'", fc.Name))
			} else if classes[fc.Name] {
				fe.add(cat+".name", fmt.Sprintf("%q appears twice in this regime", fc.Name))
			}
			classes[fc.Name] = true
			c := DeadlineClass{Name: fc.Name, NeedsReasons: fc.NeedsReasons}
			if c.Within, err = ParseDuration(fc.Within); err != nil || c.Within <= 0 {
				fe.add(cat+".within", fmt.Sprintf("%q: want a positive duration such as 1h, 48h or 2d", fc.Within))
			}
			if fc.Preserve != "" {
				if c.Preserve, err = ParseDuration(fc.Preserve); err != nil || c.Preserve < 0 {
					fe.add(cat+".preserve", fmt.Sprintf("%q: want a duration such as 183d", fc.Preserve))
				}
			}
			reg.Classes = append(reg.Classes, c)
		}
		out[fr.Name] = reg
	}
	if err := fe.err("regimes " + name); err != nil {
		return nil, err
	}
	return out, nil
}

func validName(s string) bool {
	if s == "" || len(s) > 64 {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
			return false
		}
	}
	return true
}

// maxDays bounds a day count so that the duration cannot overflow.
const maxDays = 100 * 366

// ParseDuration reads a Go duration ("90m", "48h") or a whole number of
// days ("183d"), which Go's own syntax lacks.
func ParseDuration(s string) (time.Duration, error) {
	if d, ok := strings.CutSuffix(strings.TrimSpace(s), "d"); ok {
		n, err := strconv.Atoi(d)
		if err != nil || n < 0 || n > maxDays {
			return 0, fmt.Errorf("duration %q: want a whole number of days up to %d", s, maxDays)
		}
		return time.Duration(n) * 24 * time.Hour, nil
	}
	d, err := time.ParseDuration(strings.TrimSpace(s))
	if err != nil {
		return 0, fmt.Errorf("duration %q: %w", s, err)
	}
	return d, nil
}
