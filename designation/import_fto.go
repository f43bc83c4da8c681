package designation

import "io"

// FTOMapping is the layout of the US State Department's Foreign Terrorist
// Organizations table saved as CSV: "Date Designated" (M/D/YYYY, as the
// Department writes it), "Name", and the "Aliases" the designation notices
// give, separated by semicolons. "Date Removed" is read when present: the
// Department moves revoked designations to a separate table, and a CSV that
// merges both records the revocation date there.
var FTOMapping = Mapping{
	Name: "Name", Aliases: []string{"Aliases"}, AliasSep: ";",
	Listed: "Date Designated", Delisted: "Date Removed", List: "fto", DateFormat: "1/2/2006",
	optional: map[string]bool{"Aliases": true, "Date Removed": true},
}

// ReadFTO reads the State Department FTO list as CSV (FTOMapping).
func ReadFTO(r io.Reader, name string) (ListImport, error) {
	return ReadCSV(r, name, FTOMapping, "fto")
}
