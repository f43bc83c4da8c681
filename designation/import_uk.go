package designation

import "io"

// UKMapping is the layout of the Home Office's "Proscribed terrorist groups
// or organisations" list kept as a CSV of facts: "Organisation", "Also known
// as" (semicolon-separated), "Formerly known as", "Date proscribed" and
// "Date deproscribed" (YYYY-MM-DD or "2 January 2006"; a month without a
// day, as in "March 2001", leaves the date empty), and "Notes". The Home
// Office publishes the list as a web page, not a file, so the CSV is kept
// by the deployment.
var UKMapping = Mapping{
	Name: "Organisation", Aliases: []string{"Also known as"}, Former: []string{"Formerly known as"}, AliasSep: ";",
	Listed: "Date proscribed", Delisted: "Date deproscribed", Note: "Notes", List: "uk",
	optional: map[string]bool{"Also known as": true, "Formerly known as": true, "Date deproscribed": true, "Notes": true},
}

// ReadUK reads the UK proscribed organisations CSV (UKMapping).
func ReadUK(r io.Reader, name string) (ListImport, error) { return ReadCSV(r, name, UKMapping, "uk") }
