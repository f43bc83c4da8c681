package traindata_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/rampart-tt/rampart/classify/traindata"
)

var update = flag.Bool("update", false, "rewrite golden files in testdata/")

func TestWriteJSONLGolden(t *testing.T) {
	ex := []traindata.Example{
		{Text: "Police say two constables were shot; the TTP claimed it <in a statement> & more.", Label: "reporting", Lang: "en", Group: "ttp", Template: "en/rep-x", Source: "constructed"},
		{Text: "کوئٹہ پریس کلب کے باہر دھرنا\nدوسری سطر", Label: "other", Lang: "ur", Group: "bla", Template: "ur/o-x", Source: "constructed"},
	}
	var buf bytes.Buffer
	if err := traindata.WriteJSONL(&buf, ex); err != nil {
		t.Fatal(err)
	}
	golden := filepath.Join("testdata", "write.jsonl.golden")
	if *update {
		if err := os.WriteFile(golden, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("read golden (run with -update to create it): %v", err)
	}
	if diff := cmp.Diff(string(want), buf.String()); diff != "" {
		t.Errorf("WriteJSONL output differs from %s (-want +got):\n%s", golden, diff)
	}
}

func TestWriteJSONLRoundTrip(t *testing.T) {
	ex := corpus()[:200]
	var buf bytes.Buffer
	if err := traindata.WriteJSONL(&buf, ex); err != nil {
		t.Fatal(err)
	}
	var got []traindata.Example
	sc := bufio.NewScanner(&buf)
	for sc.Scan() {
		var m map[string]string
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			t.Fatalf("line %d: %v", len(got)+1, err)
		}
		if len(m) != 6 {
			t.Fatalf("line %d: %d fields, want text, label, lang, group, template, source", len(got)+1, len(m))
		}
		got = append(got, traindata.Example{Text: m["text"], Label: m["label"], Lang: m["lang"], Group: m["group"], Template: m["template"], Source: m["source"]})
	}
	if diff := cmp.Diff(ex, got); diff != "" {
		t.Errorf("round trip (-want +got):\n%s", diff)
	}
}

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, os.ErrClosed }

func TestWriteJSONLError(t *testing.T) {
	if err := traindata.WriteJSONL(failWriter{}, corpus()[:1]); err == nil {
		t.Fatal("want an error from a failing writer")
	}
}
