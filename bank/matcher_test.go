package bank_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/rampart-tt/rampart/bank"
)

const (
	bridgeOrig = "f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22" // bridge-mods/aaa-orig.jpg
	bridgeBlur = "f8f8f0cee0f4a84f06370a2a038f63f0b36e26d596621e1d33e6b39c4e9c9b22" // blur-a-little, 2 bits away
	bridgeCrop = "d0f8f1ccc0f4a84d0a370a3a228f67f0b36e2ed5b6623e1d33e6339c4e9c9b22" // shrink-a-lot, 16 bits away
	unrelated  = "0000000000000000000000000000000000000000000000000000000000000000"
	emptyMD5   = "d41d8cd98f00b204e9800998ecf8427e"
)

func loadMatcher(t *testing.T, s *bank.Store) *bank.Matcher {
	t.Helper()
	m, err := bank.Load(t.Context(), s)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestMatchImportedBank(t *testing.T) {
	s := openStore(t)
	createBank(t, s, bank.NewBank("gifct"))
	if _, err := s.Import(t.Context(), "gifct", readCSVFile(t, "hma.csv")); err != nil {
		t.Fatal(err)
	}
	m := loadMatcher(t, s)
	tests := []struct {
		name  string
		typ   bank.SignalType
		query string
		want  []string // entry ids, nearest first
		dist  []int
	}{
		{"pdq exact", bank.PDQ, bridgeOrig, []string{"gifct-0001", "923d8190e8bdb371"}, []int{0, 16}},
		{"pdq near", bank.PDQ, bridgeBlur, []string{"gifct-0001", "923d8190e8bdb371"}, []int{2, 16}},
		{"pdq far", bank.PDQ, unrelated, nil, nil},
		{"md5 upper case", bank.MD5, "D41D8CD98F00B204E9800998ECF8427E", []string{"241fce402c6ae3c2"}, []int{0}},
		{"url host without www is another page", bank.URL, "http://example-outlet.org/claims/123?id=9&utm_medium=x&fbclid=abc", nil, nil},
		{"url tracking params stripped", bank.URL, "https://www.example-outlet.org/claims/123/?fbclid=abc&id=9", []string{"35d9db83fc682188"}, []int{0}},
		{"telegram post in channel", bank.URL, "https://t.me/s/Amaq_Agency_Mirror/4521", []string{"8660bd67155b641a"}, []int{0}},
		{"subdomain of banned domain", bank.URL, "https://cdn.propaganda-host.example/v/1.mp4", []string{"0d5ae74a99d82534"}, []int{0}},
		{"other domain", bank.URL, "https://news.example/propaganda-host.example", nil, nil},
		{"invalid pdq", bank.PDQ, "zz", nil, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var ids []string
			var dists []int
			for _, x := range m.Match(tc.typ, tc.query) {
				ids = append(ids, x.EntryID)
				dists = append(dists, x.Distance)
				if x.Threshold != bank.DefaultPDQThreshold || x.Bank != "gifct" {
					t.Errorf("match %+v: wrong bank or threshold", x)
				}
			}
			if diff := cmp.Diff(tc.want, ids); diff != "" {
				t.Errorf("ids (-want +got)\n%s", diff)
			}
			if diff := cmp.Diff(tc.dist, dists); diff != "" {
				t.Errorf("distances (-want +got)\n%s", diff)
			}
		})
	}
	if _, err := m.Query(bank.PDQ, "zz"); err == nil {
		t.Error("Query accepted an invalid PDQ hash")
	}
}

func TestLiveAddAndDisable(t *testing.T) {
	s := openStore(t)
	createBank(t, s, bank.NewBank("internal"))
	m := loadMatcher(t, s)
	if got := m.Match(bank.PDQ, bridgeBlur); len(got) != 0 {
		t.Fatalf("empty bank matched: %v", got)
	}
	rec, err := s.Add(t.Context(), "internal", bank.Entry{Type: bank.PDQ, Value: bridgeOrig, Labels: bank.Labels{Group: "ent-isis"}})
	if err != nil {
		t.Fatal(err)
	}
	if err := m.Apply(rec); err != nil {
		t.Fatal(err)
	}
	want := []bank.Match{{Bank: "internal", EntryID: rec.ID, SignalType: bank.PDQ, Value: bridgeOrig, Distance: 2, Threshold: 31,
		Labels: bank.Labels{Group: "ent-isis"}, Opinion: bank.Positive}}
	if diff := cmp.Diff(want, m.Match(bank.PDQ, bridgeBlur)); diff != "" {
		t.Errorf("after Add (-want +got)\n%s", diff)
	}
	rec, err = s.Disable(t.Context(), "internal", rec.ID)
	if err != nil {
		t.Fatal(err)
	}
	if err := m.Apply(rec); err != nil {
		t.Fatal(err)
	}
	if got := m.Match(bank.PDQ, bridgeBlur); len(got) != 0 {
		t.Errorf("disabled entry still matches: %v", got)
	}
	if got := loadMatcher(t, s).Match(bank.PDQ, bridgeBlur); len(got) != 0 {
		t.Errorf("disabled entry matches after reload: %v", got)
	}
}

func TestSuppression(t *testing.T) {
	s := openStore(t)
	createBank(t, s, bank.NewBank("gifct"))
	fp := bank.NewBank("false-positives")
	fp.Suppress = true
	fp.Threshold = 4
	createBank(t, s, fp)
	for _, add := range []struct{ bank, id, value string }{
		{"gifct", "poster", bridgeOrig},
		{"false-positives", "bridge-photo", bridgeBlur},
	} {
		if _, err := s.Add(t.Context(), add.bank, bank.Entry{ID: add.id, Type: bank.PDQ, Value: add.value}); err != nil {
			t.Fatal(err)
		}
	}
	m := loadMatcher(t, s)
	// bridgeOrig is 2 bits from the suppression entry: cancelled.
	got := m.Match(bank.PDQ, bridgeOrig)
	want := []bank.Match{
		{Bank: "gifct", EntryID: "poster", SignalType: bank.PDQ, Value: bridgeOrig, Distance: 0, Threshold: 31, Opinion: bank.Positive,
			Suppressed: true, SuppressedBy: "false-positives/bridge-photo"},
		{Bank: "false-positives", EntryID: "bridge-photo", SignalType: bank.PDQ, Value: bridgeBlur, Distance: 2, Threshold: 4, Opinion: bank.Positive, Suppress: true},
	}
	if diff := cmp.Diff(want, got, cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("(-want +got)\n%s", diff)
	}
	if e := got[0].Explain(); e != "bank gifct entry poster (pdq, distance 0 <= threshold 31) opinion positive; SUPPRESSED by false-positives/bridge-photo" {
		t.Errorf("Explain() = %q", e)
	}
	// bridgeCrop is 16 bits from the poster but beyond the suppression
	// bank's threshold of 4: not cancelled.
	got = m.Match(bank.PDQ, bridgeCrop)
	if len(got) != 1 || got[0].Suppressed {
		t.Errorf("far from the false positive: got %+v, want one unsuppressed match", got)
	}
}

func TestRatioAndDisabledBank(t *testing.T) {
	s := openStore(t)
	half := bank.NewBank("half")
	half.Ratio = 0.5
	createBank(t, s, half)
	off := bank.NewBank("off")
	off.Enabled = false
	createBank(t, s, off)
	var es []bank.Entry
	for i := range 2000 {
		es = append(es, bank.Entry{ID: "e" + string(rune('a'+i%26)) + string(rune('0'+i/26%10)) + string(rune('A'+i/260)), Type: bank.MD5,
			Value: bank.DefaultID(bank.MD5, string(rune(i))) + bank.DefaultID(bank.URL, string(rune(i)))})
	}
	for i := range es {
		var err error
		if es[i], err = bank.Normalize(es[i]); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.Import(t.Context(), "half", es); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Import(t.Context(), "off", es[:10]); err != nil {
		t.Fatal(err)
	}
	m := loadMatcher(t, s)
	if n := m.Len(); n < 900 || n > 1100 {
		t.Errorf("%d of 2000 entries live at ratio 0.5, want about 1000", n)
	}
	for _, e := range es {
		got := len(m.Match(bank.MD5, e.Value)) == 1
		if got != bank.InRollout(e.ID, 0.5) {
			t.Fatalf("entry %s: matched %v, InRollout says %v", e.ID, got, !got)
		}
	}
}

func TestVPDQ(t *testing.T) {
	s := openStore(t)
	createBank(t, s, bank.NewBank("videos"))
	video := bridgeOrig + "," + bridgeCrop + "," + bridgeOrig
	if _, err := s.Add(t.Context(), "videos", bank.Entry{ID: "v1", Type: bank.VPDQ, Value: video}); err != nil {
		t.Fatal(err)
	}
	m := loadMatcher(t, s)
	tests := []struct {
		name  string
		query string
		want  int
	}{
		{"same frames re-encoded", bridgeBlur + "," + bridgeCrop + "," + bridgeBlur, 1},
		{"too few frames match", bridgeOrig + "," + unrelated + "," + unrelated, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := m.Match(bank.VPDQ, tc.query); len(got) != tc.want {
				t.Errorf("got %v, want %d match(es)", got, tc.want)
			}
		})
	}
}

func TestApplyAddThenDisableInOneBatch(t *testing.T) {
	m := bank.NewMatcher()
	m.SetBank(bank.NewBank("b"))
	add := bank.Record{Key: 7, Bank: "b", Entry: bank.Entry{ID: "e", Type: bank.PDQ, Value: bridgeOrig, Opinion: bank.Positive}}
	off := add
	off.DisabledAt = fixedNow
	if err := m.Apply(add, off); err != nil {
		t.Fatal(err)
	}
	if got := m.Match(bank.PDQ, bridgeOrig); len(got) != 0 || m.Len() != 0 {
		t.Errorf("added then disabled in one batch: matches %v, %d live", got, m.Len())
	}
	if err := m.Apply(off, add); err != nil {
		t.Fatal(err)
	}
	if got := m.Match(bank.PDQ, bridgeOrig); len(got) != 1 {
		t.Errorf("disabled then re-added in one batch: matches %v, want 1", got)
	}
}
