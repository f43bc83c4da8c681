package designation

import (
	"bytes"
	"embed"
	"fmt"
	"sync"
)

// data holds the seed, the native-script extension and the reviewed tables.
// README.md documents their sources; it is not part of the version.
//
//go:embed data/designations_seed.csv data/aliases_extra.csv data/merge.csv data/entities.csv data/alias_flags.csv data/designations.csv
var data embed.FS

func mustRead(name string) []byte {
	b, err := data.ReadFile("data/" + name)
	if err != nil {
		// The names are fixed by the go:embed line above.
		panic(fmt.Sprintf("designation: embedded %s missing: %v", name, err))
	}
	return b
}

// tableFiles returns the reviewed tables in a fixed order.
func tableFiles() [][]byte {
	return [][]byte{mustRead("merge.csv"), mustRead("entities.csv"), mustRead("alias_flags.csv"), mustRead("designations.csv")}
}

var embeddedTables = sync.OnceValues(func() (*tables, error) {
	f := tableFiles()
	return parseTables(f[0], f[1], f[2], f[3])
})

var defaultRegistry = sync.OnceValues(func() (*Registry, error) {
	seed, extra := mustRead("designations_seed.csv"), mustRead("aliases_extra.csv")
	rows, err := parseSeed("designations_seed.csv", seed)
	if err != nil {
		return nil, err
	}
	more, err := parseSeed("aliases_extra.csv", extra)
	if err != nil {
		return nil, err
	}
	t, err := embeddedTables()
	if err != nil {
		return nil, err
	}
	ents, err := buildEntities(append(rows, more...), t, true)
	if err != nil {
		return nil, err
	}
	files := append([][]byte{seed, extra}, tableFiles()...)
	return New(contentVersion(files...), ents)
})

// Default returns the registry built from the data shipped with Rampart: the
// designation seed, the native-script alias extension, and the reviewed
// merge, entity, flag and designation tables. It is built once and shared;
// the registry is immutable. Its version is "seed-" and the first 12 hex
// digits of the SHA-256 over the embedded data files, so findings record
// exactly which data produced them.
func Default() (*Registry, error) {
	r, err := defaultRegistry()
	if err != nil {
		return nil, fmt.Errorf("designation: default registry: %w", err)
	}
	return r, nil
}

// DataFile returns one of the embedded data files by name (for example
// "designations_seed.csv"), for tools that export or diff the shipped data.
func DataFile(name string) ([]byte, error) {
	b, err := data.ReadFile("data/" + name)
	if err != nil {
		return nil, fmt.Errorf("designation: no embedded data file %q", name)
	}
	return bytes.Clone(b), nil
}
