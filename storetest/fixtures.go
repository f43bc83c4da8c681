package storetest

import (
	"bufio"
	"bytes"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/rampart-tt/rampart"
)

// sampleJSONL holds real X API v2 tweets and their authors in the native
// format (see testdata/README.md).
//
//go:embed testdata/x_api_v2_items.jsonl
var sampleJSONL []byte

const sampleFile = "x_api_v2_items.jsonl"

// sampleItems returns the real sample as items, each with its origin, and
// the first post flagged as a reader would flag a repaired record.
func sampleItems(t testing.TB) []rampart.Item {
	t.Helper()
	var items []rampart.Item
	sc := bufio.NewScanner(bytes.NewReader(sampleJSONL))
	sc.Buffer(nil, 1<<20)
	for line := 1; sc.Scan(); line++ {
		var it rampart.Item
		if err := json.Unmarshal(sc.Bytes(), &it); err != nil {
			t.Fatalf("%s:%d: %v", sampleFile, line, err)
		}
		it.Origin = rampart.Origin{File: sampleFile, Line: line, Format: "jsonl"}
		items = append(items, it)
	}
	if err := sc.Err(); err != nil {
		t.Fatalf("%s: %v", sampleFile, err)
	}
	if len(items) < 10 {
		t.Fatalf("%s: %d items, want the whole sample", sampleFile, len(items))
	}
	for i := range items {
		if items[i].Post != nil {
			items[i].Flags = []string{rampart.FlagTruncated}
			break
		}
	}
	return items
}

// cmpOpts are the equalities of the round-trip contract: nil and empty are
// equal; times compare with time.Time.Equal (go-cmp uses Equal methods).
var cmpOpts = []cmp.Option{cmpopts.EquateEmpty()}

// base is the time the fixtures are made at: nanoseconds set on purpose.
var base = time.Date(2025, 3, 14, 9, 26, 53, 589793238, time.UTC)

var v1 = rampart.Versions{Policy: "policy-2025-03-01", Registry: "reg-sha256:4e1f", Models: map[string]string{"classifier": "ur-roman-v3"}}

// finding builds a finding on an X post with one mention signal.
func finding(id string, at time.Time, action rampart.Action, entity, group string) rampart.Finding {
	return rampart.Finding{
		Platform: rampart.PlatformX, Kind: rampart.KindPost, ID: id, AccountID: "acct-" + id,
		Action: action, Score: 0.9, Rule: "mention-" + group, Basis: "designated organisation", Versions: v1,
		Signals: []rampart.Signal{{
			Detector: rampart.DetectorDesignation, Kind: rampart.SignalMention, Entity: entity, Group: group,
			Score: 0.9, Jurisdictions: []string{"PK"},
			Evidence: []rampart.Evidence{{Field: "text", Start: 0, End: 3, Text: "TTP"}},
		}},
		CreatedAt: at,
	}
}

func putItems(t *testing.T, s Store, items []rampart.Item) int {
	t.Helper()
	n, err := s.PutItems(t.Context(), items)
	if err != nil {
		t.Fatalf("PutItems(%d items): %v", len(items), err)
	}
	return n
}

func putFindings(t *testing.T, s Store, fs []rampart.Finding) int {
	t.Helper()
	n, err := s.PutFindings(t.Context(), fs)
	if err != nil {
		t.Fatalf("PutFindings(%d findings): %v", len(fs), err)
	}
	return n
}

func countItems(t *testing.T, s Store) int64 {
	t.Helper()
	n, err := s.CountItems(t.Context())
	if err != nil {
		t.Fatalf("CountItems: %v", err)
	}
	return n
}

func countFindings(t *testing.T, s Store) int64 {
	t.Helper()
	n, err := s.CountFindings(t.Context())
	if err != nil {
		t.Fatalf("CountFindings: %v", err)
	}
	return n
}

// collect drains a stream, checking that an error is its last value.
func collect(seq iter.Seq2[rampart.Finding, error]) ([]rampart.Finding, error) {
	var (
		out    []rampart.Finding
		gotErr error
	)
	for f, err := range seq {
		if gotErr != nil {
			return out, fmt.Errorf("stream went on after error %v", gotErr)
		}
		if err != nil {
			gotErr = err
			continue
		}
		out = append(out, f)
	}
	return out, gotErr
}

func allFindings(t *testing.T, s Store, flt rampart.FindingFilter) []rampart.Finding {
	t.Helper()
	fs, err := collect(s.Findings(t.Context(), flt))
	if err != nil {
		t.Fatalf("Findings(%+v): %v", flt, err)
	}
	return fs
}

// ids lists the subject ids of findings, in order.
func ids(fs []rampart.Finding) []string {
	out := make([]string, 0, len(fs))
	for _, f := range fs {
		out = append(out, f.ID)
	}
	return out
}

// wantCode fails unless err is a *rampart.Error with code.
func wantCode(t *testing.T, err error, code string) {
	t.Helper()
	var re *rampart.Error
	if !errors.As(err, &re) {
		t.Fatalf("error %v: want a *rampart.Error with code %q", err, code)
	}
	if re.Code != code {
		t.Fatalf("error %v: code %q, want %q", err, re.Code, code)
	}
}
