package bank_test

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/rampart-tt/rampart/bank"
	"github.com/rampart-tt/rampart/pdq"
	"github.com/rampart-tt/rampart/vpdq"
)

var sampleVideos = []string{"chair-19-sd-bar", "chair-22-sd-grey-bar", "doorknob-hd-no-bar"}

func readHashList(t *testing.T, path string) []vpdq.Feature {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	fs, err := vpdq.ParseVPDQ(f, path)
	if err != nil {
		t.Fatal(err)
	}
	return fs
}

// videoBank stores the upstream hash lists of the sample videos in a bank
// and returns the loaded matcher and the stored frame lists by entry id.
func videoBank(t *testing.T) (*bank.Matcher, map[string][]vpdq.Feature) {
	t.Helper()
	s := openStore(t)
	createBank(t, s, bank.NewBank("videos"))
	stored := map[string][]vpdq.Feature{}
	for _, v := range sampleVideos {
		fs := readHashList(t, filepath.Join("testdata", "vpdq", "upstream", v+".txt"))
		value, err := bank.VPDQValue(fs)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.Add(t.Context(), "videos", bank.Entry{ID: v, Type: bank.VPDQ, Value: value, Labels: bank.Labels{Kind: "sample"}}); err != nil {
			t.Fatal(err)
		}
		stored[v] = fs
	}
	return loadMatcher(t, s), stored
}

// oracle lists the entries vpdq.Compare matches query with, by id.
func oracle(t *testing.T, query []vpdq.Feature, entries map[string][]vpdq.Feature, threshold int) []string {
	t.Helper()
	opt := vpdq.DefaultMatchOptions()
	opt.Distance = threshold
	var want []string
	for id, fs := range entries {
		r, err := vpdq.Compare(query, fs, opt)
		if err != nil {
			t.Fatal(err)
		}
		if r.Match {
			want = append(want, id)
		}
	}
	slices.Sort(want)
	return want
}

func matchedIDs(ms []bank.Match) []string {
	var ids []string
	for _, m := range ms {
		ids = append(ids, m.EntryID)
	}
	slices.Sort(ids)
	return ids
}

// TestVPDQSampleVideos queries a bank of the sample videos' upstream hashes
// with the hashes another ffmpeg made of the same files: each video must
// find itself, and the bank must agree with vpdq.Compare on every pair.
func TestVPDQSampleVideos(t *testing.T) {
	m, stored := videoBank(t)
	for _, v := range sampleVideos {
		t.Run(v, func(t *testing.T) {
			q := readHashList(t, filepath.Join("testdata", "vpdq", "ffmpeg5.1.9", v+".txt"))
			got, err := m.QueryVideo(q)
			if err != nil {
				t.Fatal(err)
			}
			ids := matchedIDs(got)
			if !slices.Contains(ids, v) {
				t.Errorf("matched %v, want %s among them", ids, v)
			}
			if diff := cmp.Diff(oracle(t, q, stored, bank.DefaultPDQThreshold), ids); diff != "" {
				t.Errorf("bank and vpdq.Compare disagree (-compare +bank):\n%s", diff)
			}
			for _, g := range got {
				if g.Distance < 0 || g.Distance > g.Threshold {
					t.Errorf("%s: distance %d outside 0..%d", g.EntryID, g.Distance, g.Threshold)
				}
			}
		})
	}
}

// TestVPDQQualityAndDuplicates checks the reference rule's frame selection:
// frames below quality 50 take no part, and repeated frames count once.
func TestVPDQQualityAndDuplicates(t *testing.T) {
	m, stored := videoBank(t)
	door := stored["doorknob-hd-no-bar"]
	noise := func(n int, quality int) []vpdq.Feature {
		r := rand.New(rand.NewPCG(1, 2))
		out := make([]vpdq.Feature, n)
		for i := range out {
			for j := range out[i].Hash {
				out[i].Hash[j] = byte(r.Uint32())
			}
			out[i].Quality = quality
		}
		return out
	}
	tests := []struct {
		name  string
		query []vpdq.Feature
		want  []string
	}{
		{"the video itself", door, []string{"doorknob-hd-no-bar"}},
		{"plus as many unrelated low-quality frames", append(slices.Clone(door), noise(len(door), 49)...), []string{"doorknob-hd-no-bar"}},
		{"plus as many unrelated good frames", append(slices.Clone(door), noise(len(door), 50)...), nil},
		{"every frame three times", slices.Concat(door, door, door), []string{"doorknob-hd-no-bar"}},
		{"only low-quality frames", noise(20, 10), nil},
		{"no frames", nil, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := m.QueryVideo(tc.query)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, matchedIDs(got)); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

// TestVPDQIndexAgreesWithCompare fills a bank with many synthetic videos
// (some sharing frames) and checks that the frame index finds exactly the
// entries a full vpdq.Compare against every entry finds, before and after
// entries are replaced and disabled.
func TestVPDQIndexAgreesWithCompare(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 9))
	randHash := func() pdq.Hash {
		var h pdq.Hash
		for j := range h {
			h[j] = byte(r.Uint32())
		}
		return h
	}
	flip := func(h pdq.Hash, bits int) pdq.Hash {
		for range bits {
			b := r.IntN(256)
			h[b/8] ^= 1 << (b % 8)
		}
		return h
	}
	const videos, frames = 300, 12
	m := bank.NewMatcher()
	b := bank.NewBank("v")
	m.SetBank(b)
	entries := map[string][]vpdq.Feature{}
	var recs []bank.Record
	shared := make([]pdq.Hash, 40) // a pool of frames several videos reuse
	for i := range shared {
		shared[i] = randHash()
	}
	for i := range videos {
		fs := make([]vpdq.Feature, frames)
		for j := range fs {
			h := randHash()
			if r.IntN(3) == 0 {
				h = flip(shared[r.IntN(len(shared))], r.IntN(20))
			}
			fs[j] = vpdq.Feature{Frame: j, Quality: 100, Hash: h}
		}
		value, err := bank.VPDQValue(fs)
		if err != nil {
			t.Fatal(err)
		}
		id := fmt.Sprintf("v%03d", i)
		entries[id] = fs
		recs = append(recs, bank.Record{Key: uint64(i + 1), Bank: "v", Entry: bank.Entry{ID: id, Type: bank.VPDQ, Value: value, Opinion: bank.Positive}})
	}
	if err := m.Apply(recs...); err != nil {
		t.Fatal(err)
	}
	queries := func() [][]vpdq.Feature {
		var qs [][]vpdq.Feature
		for i := range 60 {
			src := entries[fmt.Sprintf("v%03d", r.IntN(videos))]
			q := slices.Clone(src)
			for j := range q {
				// Up to 40 bits: some frames stay within 31, some do not.
				q[j].Hash = flip(q[j].Hash, r.IntN(40))
			}
			if i%4 == 0 {
				q = q[:len(q)*3/4] // a clip
			}
			qs = append(qs, q)
		}
		return qs
	}
	check := func(stage string) {
		t.Helper()
		matched := 0
		for i, q := range queries() {
			got, err := m.QueryVideo(q)
			if err != nil {
				t.Fatal(err)
			}
			want := oracle(t, q, entries, b.Threshold)
			if diff := cmp.Diff(want, matchedIDs(got)); diff != "" {
				t.Errorf("%s, query %d: (-compare +bank):\n%s", stage, i, diff)
			}
			matched += len(want)
		}
		if matched == 0 {
			t.Fatalf("%s: no query matched anything; the test checks nothing", stage)
		}
	}
	check("loaded")
	// Replace a third of the videos with new frames and disable a third.
	var changes []bank.Record
	for i, rec := range recs {
		switch i % 3 {
		case 0:
			fs := make([]vpdq.Feature, frames)
			for j := range fs {
				fs[j] = vpdq.Feature{Frame: j, Quality: 100, Hash: randHash()}
			}
			rec.Value, _ = bank.VPDQValue(fs)
			entries[rec.ID] = fs
		case 1:
			rec.DisabledAt = fixedNow
			delete(entries, rec.ID)
		}
		changes = append(changes, rec)
	}
	if err := m.Apply(changes...); err != nil {
		t.Fatal(err)
	}
	check("after changes")
}

// TestVPDQHashedVideo hashes a sample video with ffmpeg and finds it in a
// bank of the reference's hashes of the same file.
func TestVPDQHashedVideo(t *testing.T) {
	path := filepath.Join("..", "..", "shared", "data", "pdq", "videos", "doorknob-hd-no-bar.mp4")
	if _, err := os.Stat(path); err != nil {
		t.Skipf("sample video not here: %v", err)
	}
	fs, err := vpdq.HashFile(t.Context(), path, vpdq.Options{})
	if errors.Is(err, vpdq.ErrNoFFmpeg) {
		t.Skip("ffmpeg not installed")
	}
	if err != nil {
		t.Fatal(err)
	}
	m, _ := videoBank(t)
	got, err := m.QueryVideo(fs)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"doorknob-hd-no-bar"}, matchedIDs(got)); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestVPDQValue(t *testing.T) {
	h1, h2 := pdq.Hash{1}, pdq.Hash{2}
	tests := []struct {
		name    string
		in      []vpdq.Feature
		want    string
		wantErr bool
	}{
		{"distinct good frames in order", []vpdq.Feature{{Quality: 80, Hash: h2}, {Quality: 50, Hash: h1}, {Quality: 90, Hash: h2}}, h2.String() + "," + h1.String(), false},
		{"low quality dropped", []vpdq.Feature{{Quality: 49, Hash: h1}, {Quality: 100, Hash: h2}}, h2.String(), false},
		{"nothing good enough", []vpdq.Feature{{Quality: 10, Hash: h1}}, "", true},
		{"empty", nil, "", true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := bank.VPDQValue(tc.in)
			if (err != nil) != tc.wantErr {
				t.Fatalf("error %v, want error %v", err, tc.wantErr)
			}
			if got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}
