package mediamatch_test

import (
	"testing"

	"github.com/rampart-tt/rampart"
	"github.com/rampart-tt/rampart/bank"
	"github.com/rampart-tt/rampart/mediamatch"
)

// FuzzTextURLs feeds arbitrary post text to the link scanner through a bank
// that holds a domain entry: evidence offsets must always slice the text to
// the evidence text, and nothing may panic.
func FuzzTextURLs(f *testing.F) {
	for _, s := range []string{
		"join t.me/+AbC and www.bad.example/x).",
		"«https://bad.example/a»،",
		"x.https://bad.example/ http://",
		"\xff\xfehttps://bad.example/\x00",
	} {
		f.Add(s)
	}
	m := bank.NewMatcher()
	m.SetBank(bank.NewBank("b"))
	if err := m.Apply(bank.Record{Key: 1, Bank: "b", Entry: bank.Entry{ID: "d", Type: bank.URL, Value: "domain:bad.example", Opinion: bank.Positive}}); err != nil {
		f.Fatal(err)
	}
	d, err := mediamatch.New(mediamatch.Config{Matcher: m})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, text string) {
		ss, err := d.Detect(t.Context(), rampart.Item{Post: &rampart.Post{Text: text}})
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range ss {
			for _, ev := range s.Evidence {
				if ev.Start < 0 || ev.End > len(text) || ev.Start >= ev.End || text[ev.Start:ev.End] != ev.Text {
					t.Fatalf("evidence %+v does not slice the text", ev)
				}
			}
		}
	})
}
