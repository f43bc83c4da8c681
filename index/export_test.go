package index

// NewMIHTables returns an empty index that always builds m tables, however
// many entries it holds, and always probes them rather than scanning, so
// that exactness can be tested for every layout on small data.
func NewMIHTables(m int, dense bool) *MIH {
	x := &MIH{tailPos: map[uint64]uint32{}, forceTables: m, forceDense: dense, forceProbe: true}
	x.buildTables()
	return x
}

// NewMIHLayout returns an empty index that builds m tables however many
// entries it holds, choosing between probing and scanning as usual: for
// benchmarks comparing layouts.
func NewMIHLayout(m int, dense bool) *MIH {
	x := &MIH{tailPos: map[uint64]uint32{}, forceTables: m, forceDense: dense}
	x.buildTables()
	return x
}
