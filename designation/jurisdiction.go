package designation

import (
	"slices"
	"time"

	"github.com/rampart-tt/rampart"
)

// listAuthorities maps the list codes used in Designation.List to the
// authority that keeps the list, which is also the jurisdiction the list
// applies in: "UN" for the UN Security Council list, ISO 3166-1 alpha-2
// codes for national lists, and "EU" for the EU's.
var listAuthorities = map[string]string{
	"un":    "UN",
	"fto":   "US", // State Department Foreign Terrorist Organizations
	"sdgt":  "US", // Specially Designated Global Terrorists (OFAC SDN)
	"uk":    "GB", // Home Office proscribed organisations
	"eu":    "EU",
	"nacta": "PK", // Anti-Terrorism Act 1997, First Schedule
}

// ListAuthority returns the authority (and jurisdiction) of a list code, and
// whether the code is known.
func ListAuthority(list string) (string, bool) {
	a, ok := listAuthorities[list]
	return a, ok
}

// ListCodes returns the known list codes, sorted.
func ListCodes() []string {
	codes := make([]string, 0, len(listAuthorities))
	for c := range listAuthorities {
		codes = append(codes, c)
	}
	slices.Sort(codes)
	return codes
}

// Jurisdictions returns the sorted, distinct jurisdictions whose lists
// designate e at time t: what a Signal about e records in Jurisdictions.
// A designation with no listing date counts as in force, since the lists say
// an entity is listed even where the data lost the day it was listed.
func Jurisdictions(e rampart.Entity, t time.Time) []string {
	var out []string
	for _, d := range e.Designations {
		if d.Jurisdiction != "" && d.InForce(t) && !slices.Contains(out, d.Jurisdiction) {
			out = append(out, d.Jurisdiction)
		}
	}
	slices.Sort(out)
	return out
}
