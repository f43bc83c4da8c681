package output_test

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/rampart-tt/rampart"
	"github.com/rampart-tt/rampart/output"
)

var update = flag.Bool("update", false, "rewrite golden files")

func sample() []*rampart.Finding {
	return []*rampart.Finding{
		{Platform: "x", Kind: "post", ID: "1460323737035677698", AccountID: "1339914264522461187",
			Action: "review", Score: 0.93, Rule: "propaganda-naming-designated", Reason: "TERR_PROPAGANDA",
			Basis:    "Dangerous organisations policy",
			Versions: rampart.Versions{Policy: "default@1+abc", Registry: "seed-123"},
			Signals: []rampart.Signal{
				{Detector: "designation", Kind: "mention", Entity: "ttp-umar-media", Group: "ttp", Score: 1,
					Evidence: []rampart.Evidence{{Field: "text", Start: 0, End: 10, Text: "Umar Media"}}},
				{Detector: "classifier", Kind: "classifier", Score: 0.93, Attrs: map[string]any{"label": "propaganda"}},
			},
			CreatedAt: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)},
		{Platform: "telegram", Kind: "account", ID: "channel123", AccountID: "channel123", Action: "none", Score: 0.8,
			Versions: rampart.Versions{Policy: "default@1+abc", Registry: "seed-123"},
			Signals: []rampart.Signal{{Detector: "designation", Kind: "mention", Entity: "bla", Group: "bla", Score: 0.8,
				Evidence: []rampart.Evidence{{Field: "name", Start: 0, End: 17, Text: "بی ایل اے"}}}}},
	}
}

func TestWriters(t *testing.T) {
	for _, format := range output.Formats {
		t.Run(format, func(t *testing.T) {
			var buf bytes.Buffer
			w, err := output.New(format, &buf)
			if err != nil {
				t.Fatal(err)
			}
			for _, f := range sample() {
				if err := w.Write(f); err != nil {
					t.Fatal(err)
				}
			}
			if err := w.Close(); err != nil {
				t.Fatal(err)
			}
			golden := filepath.Join("testdata", "findings."+format+".golden")
			if *update {
				if err := os.WriteFile(golden, buf.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(string(want), buf.String()); diff != "" {
				t.Errorf("%s output (-want +got):\n%s", format, diff)
			}
		})
	}
}

func TestUnknownFormat(t *testing.T) {
	_, err := output.New("xml", &bytes.Buffer{})
	if rampart.ErrorCode(err) != rampart.EINVALID {
		t.Fatalf("error %v, want EINVALID", err)
	}
}
