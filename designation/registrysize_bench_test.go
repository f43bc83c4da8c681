package designation_test

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/rampart-tt/rampart/designation"
)

// BenchmarkFindByRegistrySize measures matching throughput and the
// matcher's memory as the registry grows: the shipped registry, then the
// same overlaid with the full UN consolidated list and OFAC's SDN list
// (read from ../shared/data when present). Run with
//
//	go test -run XXX -bench FindByRegistrySize -benchmem ./designation/
//
// It reports MB/s, lines/s, the number of screened aliases and the heap the
// matcher holds.
func BenchmarkFindByRegistrySize(b *testing.B) {
	corpus, err := os.ReadFile(filepath.Join("testdata", "bench", "sim_posts.txt"))
	if err != nil {
		b.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(corpus)), "\n")
	base, err := designation.Default()
	if err != nil {
		b.Fatal(err)
	}
	regs := []struct {
		name string
		reg  *designation.Registry
	}{{"shipped", base}}
	shared := filepath.Join("..", "..", "shared", "data", "designations")
	un, errUN := designation.ImportFile("un", filepath.Join(shared, "un_consolidated_2026-02-27.xml"), designation.ImportOptions{})
	ofac, errOFAC := designation.ImportFile("ofac", filepath.Join(shared, "ofac_sdn_legacy_csv"), designation.ImportOptions{})
	if errUN == nil && errOFAC == nil {
		big, err := designation.Overlay(base, []designation.ListImport{un, ofac})
		if err != nil {
			b.Fatal(err)
		}
		regs = append(regs, struct {
			name string
			reg  *designation.Registry
		}{"shipped+un+ofac", big})
	} else {
		b.Logf("full lists not found (%v; %v): only the shipped registry is measured", errUN, errOFAC)
	}
	for _, r := range regs {
		b.Run(r.name, func(b *testing.B) {
			screened := r.reg.Screened(nil)
			aliases := 0
			for _, e := range screened {
				aliases += len(e.Aliases)
			}
			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			m, err := designation.NewMatcher(screened, designation.MatcherOptions{})
			if err != nil {
				b.Fatal(err)
			}
			runtime.GC()
			runtime.ReadMemStats(&after)
			bytes := 0
			for _, l := range lines {
				bytes += len(l)
			}
			b.SetBytes(int64(bytes))
			b.ResetTimer()
			for range b.N {
				for _, l := range lines {
					m.Find(designation.FieldText, l)
				}
			}
			b.StopTimer()
			b.ReportMetric(float64(len(lines)*b.N)/b.Elapsed().Seconds(), "lines/s")
			b.ReportMetric(float64(aliases), "aliases")
			b.ReportMetric(float64(after.HeapAlloc-before.HeapAlloc)/(1<<20), "matcher-MiB")
			runtime.KeepAlive(m)
		})
	}
}
