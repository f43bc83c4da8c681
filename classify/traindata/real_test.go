package traindata_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/rampart-tt/rampart/classify/traindata"
)

func labelCounts(rows []traindata.Real) map[string]int {
	m := map[string]int{}
	for _, r := range rows {
		m[r.Label]++
	}
	return m
}

func TestLoadSamples(t *testing.T) {
	arabic := traindata.LoadArabicOffensive
	tests := []struct {
		file    string
		load    func(string) ([]traindata.Real, error)
		set     string
		want    map[string]int
		anyText string // a text fragment that must survive parsing
	}{
		{"ruhsold_sample.tsv", traindata.LoadRUHSOLD, "ruhsold", map[string]int{"0": 8, "1": 8, "2": 8, "3": 8, "4": 8}, "itni syani kb sy ho gai tum😂😂"},
		{"hs_urdu_sample.csv", traindata.LoadHSUrdu, "hs-urdu", map[string]int{"h": 10, "n": 10, "o": 10}, ""},
		{"osact2022_sample.csv", traindata.LoadOSACT, "osact2022", map[string]int{"HS1": 5, "HS2": 5, "HS3": 5, "HS5": 5, "HS6": 5, "NOT_OFF": 5, "OFF": 5}, ""},
		{"offenseval2020_arabic_zampieri2020.csv", arabic, "arabic-offensive/offenseval2020_arabic_zampieri2020", map[string]int{"0": 11, "1": 7}, ""},
		{"mlma_arabic_ousidhoum2019.csv", arabic, "arabic-offensive/mlma_arabic_ousidhoum2019", map[string]int{"0": 4, "1": 4, "hate": 8}, ""},
		{"arabic_news_comments_chowdhury2020.csv", arabic, "arabic-offensive/arabic_news_comments_chowdhury2020", map[string]int{"0": 5, "1": 5, "hate": 5}, ""},
		{"letmi_misogyny_mulki2021.csv", arabic, "arabic-offensive/letmi_misogyny_mulki2021", map[string]int{"0": 3, "1": 9, "hate": 3}, ""},
	}
	for _, tc := range tests {
		t.Run(tc.file, func(t *testing.T) {
			rows, err := tc.load(filepath.Join("testdata", tc.file))
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, labelCounts(rows)); diff != "" {
				t.Errorf("label counts (-want +got):\n%s", diff)
			}
			found := tc.anyText == ""
			for i, r := range rows {
				if r.Set != tc.set {
					t.Fatalf("row %d: set %q, want %q", i, r.Set, tc.set)
				}
				if r.Text == "" || strings.Contains(r.Text, "\r") || strings.Contains(r.Text, "_x000D_") || strings.Contains(r.Text, "<LF>") || strings.Contains(r.Text, "\t") {
					t.Fatalf("row %d: text not cleaned: %q", i, r.Text)
				}
				found = found || r.Text == tc.anyText
			}
			if !found {
				t.Errorf("text %q not found", tc.anyText)
			}
		})
	}
}

func TestLoadErrorsNameFileAndLine(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	arabic := func(p string) ([]traindata.Real, error) { return traindata.LoadArabicOffensive(p) }
	tests := []struct {
		name    string
		file    string
		body    string
		load    func(string) ([]traindata.Real, error)
		wantErr string
	}{
		{"ruhsold no tab", "a.tsv", "good\t1\r\nno tab here\r\n", traindata.LoadRUHSOLD, "a.tsv:2: no tab"},
		{"ruhsold bad label", "b.tsv", "x\t1\ny\t7\n", traindata.LoadRUHSOLD, "b.tsv:2: label \"7\""},
		{"ruhsold empty text", "c.tsv", "\t1\n", traindata.LoadRUHSOLD, "c.tsv:1: empty text"},
		{"ruhsold bad utf8", "d.tsv", "ok\t1\n\xff\xfe\t1\n", traindata.LoadRUHSOLD, "d.tsv:2: invalid UTF-8"},
		{"hs-urdu bad label", "e.csv", "Text,Label\nا,o\nب,x\n", traindata.LoadHSUrdu, "e.csv:3: label \"x\""},
		{"hs-urdu missing column", "f.csv", "Text,Class\nا,o\n", traindata.LoadHSUrdu, "f.csv:1: header has no \"label\""},
		{"hs-urdu short row", "g.csv", "Text,Label\nا\n", traindata.LoadHSUrdu, "g.csv:2:"},
		{"hs-urdu bad quote", "h.csv", "Text,Label\n\"ا,o\n", traindata.LoadHSUrdu, "h.csv:2:"},
		{"osact bad hate", "i.csv", "Id,Tweet,Offensive,Hate,Vulgar,Violence\n1,x,OFF,HS9,NOT_VLG,NOT_VIO\n", traindata.LoadOSACT, "i.csv:2: Hate \"HS9\""},
		{"osact bad offensive", "j.csv", "Id,Tweet,Offensive,Hate,Vulgar,Violence\n1,x,MAYBE,NOT_HS,NOT_VLG,NOT_VIO\n", traindata.LoadOSACT, "j.csv:2: Offensive \"MAYBE\""},
		{"arabic bad label", "k.csv", "text,offensive\nس,0\nص,2\n", arabic, "k.csv:3: offensive \"2\""},
		{"arabic empty label", "l.csv", "text,offensive\n\"multi\nline\",\n", arabic, "l.csv:2: offensive \"\""},
		{"empty file", "m.csv", "", traindata.LoadHSUrdu, "m.csv:1: empty file"},
		{"missing file", "nope.tsv", "", nil, "open labelled set"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var err error
			if tc.load == nil {
				_, err = traindata.LoadRUHSOLD(filepath.Join(dir, tc.file))
			} else {
				_, err = tc.load(write(tc.file, tc.body))
			}
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Fatalf("error %v, want one containing %q", err, tc.wantErr)
			}
			if tc.load != nil && !strings.Contains(err.Error(), filepath.Join(dir, tc.file)) {
				t.Errorf("error %v does not name the file", err)
			}
		})
	}
}

// The full shared files are read only when present (they are not in the
// repository); counts were taken from the files themselves.
func TestLoadFullSets(t *testing.T) {
	root := filepath.Join("..", "..", "..", "shared", "data", "text")
	if _, err := os.Stat(root); err != nil {
		t.Skipf("full labelled sets not present at %s; sample tests cover the loaders", root)
	}
	ao := func(f string) string { return filepath.Join(root, "arabic_offensive_collection", f) }
	tests := []struct {
		path string
		load func(string) ([]traindata.Real, error)
		want map[string]int
	}{
		{filepath.Join(root, "ruhsold_roman_urdu", "task_2_train.tsv"), traindata.LoadRUHSOLD, map[string]int{"0": 1729, "1": 3851, "2": 563, "3": 604, "4": 462}},
		{filepath.Join(root, "urdu_hs", "hs_urdu_o_h_n.csv"), traindata.LoadHSUrdu, map[string]int{"h": 3270, "n": 971, "o": 3630}},
		{filepath.Join(root, "arabic_osact2022", "train_data2022.csv"), traindata.LoadOSACT, map[string]int{"HS1": 251, "HS2": 27, "HS3": 139, "HS5": 69, "HS6": 437, "NOT_OFF": 5491, "OFF": 2143}},
		{ao("arabic_news_comments_chowdhury2020.csv"), traindata.LoadArabicOffensive, map[string]int{"0": 3325, "1": 495, "hate": 180}},
		{ao("letmi_misogyny_mulki2021.csv"), traindata.LoadArabicOffensive, map[string]int{"0": 2654, "1": 2501, "hate": 85}},
		{ao("mlma_arabic_ousidhoum2019.csv"), traindata.LoadArabicOffensive, map[string]int{"0": 826, "1": 1792, "hate": 735}},
		{ao("offenseval2020_arabic_zampieri2020.csv"), traindata.LoadArabicOffensive, map[string]int{"0": 8009, "1": 1991}},
		{ao("thsab_tunisian_haddad2019.csv"), traindata.LoadArabicOffensive, map[string]int{"0": 3820, "1": 2204}},
	}
	for _, tc := range tests {
		t.Run(filepath.Base(tc.path), func(t *testing.T) {
			rows, err := tc.load(tc.path)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, labelCounts(rows)); diff != "" {
				t.Errorf("label counts (-want +got):\n%s", diff)
			}
		})
	}
}

func FuzzLoadRUHSOLD(f *testing.F) {
	if b, err := os.ReadFile(filepath.Join("testdata", "ruhsold_sample.tsv")); err == nil {
		f.Add(string(b))
	}
	f.Add("a\tb\t1\r\n")
	f.Add("\ufeffx\t2\n\n")
	f.Fuzz(func(t *testing.T, in string) {
		rows, err := traindata.ReadRUHSOLD(strings.NewReader(in), "f.tsv")
		if err != nil {
			if !strings.HasPrefix(err.Error(), "f.tsv:") {
				t.Fatalf("error does not name file and line: %v", err)
			}
			return
		}
		for _, r := range rows {
			if r.Text == "" || len(r.Label) != 1 {
				t.Fatalf("bad row %+v", r)
			}
		}
	})
}

func FuzzLoadCSV(f *testing.F) {
	for _, name := range []string{"hs_urdu_sample.csv", "osact2022_sample.csv", "offenseval2020_arabic_zampieri2020.csv"} {
		if b, err := os.ReadFile(filepath.Join("testdata", name)); err == nil {
			f.Add(string(b))
		}
	}
	f.Add("text,offensive,offense strength\n\"a\tb\",,null\n")
	f.Add("Text,Label\n\"x\"\"y\",h\n")
	f.Fuzz(func(t *testing.T, in string) {
		readers := map[string]func() ([]traindata.Real, error){
			"hs-urdu": func() ([]traindata.Real, error) { return traindata.ReadHSUrdu(strings.NewReader(in), "f.csv") },
			"osact":   func() ([]traindata.Real, error) { return traindata.ReadOSACT(strings.NewReader(in), "f.csv") },
			"arabic": func() ([]traindata.Real, error) {
				return traindata.ReadArabicOffensive(strings.NewReader(in), "f.csv", "arabic-offensive/f")
			},
		}
		for name, read := range readers {
			rows, err := read()
			if err != nil {
				if !strings.HasPrefix(err.Error(), "f.csv:") {
					t.Fatalf("%s: error does not name file and line: %v", name, err)
				}
				continue
			}
			for _, r := range rows {
				if r.Text == "" || r.Label == "" {
					t.Fatalf("%s: bad row %+v", name, r)
				}
			}
		}
	})
}
