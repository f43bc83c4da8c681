package designation

import "io"

// NACTAMapping is the layout of Pakistan's First Schedule of the
// Anti-Terrorism Act 1997 (the list NACTA publishes, only as a PDF) kept as
// a CSV of facts: "Name", "Aliases" (semicolon-separated), "Date
// Proscribed" (YYYY-MM-DD or "2 January 2006"), "Notification" (the
// Ministry of Interior notification, recorded as the reference), "Date
// Deproscribed" and "Category". Category matters here: the schedule lists a
// rights movement and a religious-political party beside armed groups, and
// those are screened only when a deployment enables them.
//
// The shipped seed's NACTA rows are incomplete (about 69 of some 80
// organisations, reconstructed from news reports); importing a complete
// transcription of the schedule through this mapping fills the gaps.
var NACTAMapping = Mapping{
	Name: "Name", Aliases: []string{"Aliases"}, AliasSep: ";", Listed: "Date Proscribed",
	Ref: "Notification", Delisted: "Date Deproscribed", Category: "Category", List: "nacta",
	optional: map[string]bool{"Aliases": true, "Notification": true, "Date Deproscribed": true, "Category": true},
}

// ReadNACTA reads the NACTA First Schedule CSV (NACTAMapping).
func ReadNACTA(r io.Reader, name string) (ListImport, error) {
	return ReadCSV(r, name, NACTAMapping, "nacta")
}
