package account_test

import (
	"bytes"
	"os"
	"strings"
	"testing"

	"github.com/rampart-tt/rampart/account"
)

func TestReadGilaniSubset(t *testing.T) {
	rows, err := account.ReadGilaniDir("testdata/gilani")
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 10 {
		t.Fatalf("%d rows, want 10", len(rows))
	}
	r := rows[0] // bots.1k.csv line 2: 0128tktk
	if r.ScreenName != "0128tktk" || !r.Bot || r.Tweeted != 6 || r.Retweeted != 14 || r.Replied != 16 || r.Line != 2 {
		t.Errorf("first row %+v", r)
	}
	v := r.Vector(true)
	if got, _ := v.Get(account.FRepostShare); !near(got, 14.0/36) {
		t.Errorf("repost share %v, want 14/36", got)
	}
	if _, ok := r.Vector(false).Get(account.FRepostShare); ok {
		t.Error("profile-only vector has an activity feature")
	}
	if rows[9].Bot {
		t.Error("humans row labelled bot")
	}
}

func TestReadGilaniErrors(t *testing.T) {
	head := "screen_name,user_tweeted,user_retweeted,user_replied,follower_friend_ratio,tweet_frequency,age_of_account_in_days,urls_count\n"
	tests := []struct{ name, in, want string }{
		{"empty", "", "f.csv: empty file"},
		{"missing column", "screen_name,user_tweeted\n", `f.csv:1: header lacks column "user_retweeted"`},
		{"bad number", head + "a, 1, 2, 3, x, 5, 6, 7\n", "f.csv:2: column follower_friend_ratio: want a finite number"},
		{"short row", head + "a, 1\n", "f.csv:2: column user_retweeted missing"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := account.ReadGilaniCSV(strings.NewReader(tc.in), "f.csv", true)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want one containing %q", err, tc.want)
			}
		})
	}
}

func FuzzGilaniCSV(f *testing.F) {
	for _, p := range []string{"testdata/gilani/bots/bots.1k.csv", "testdata/gilani/humans/humans.1k.csv"} {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		rows, err := account.ReadGilaniCSV(bytes.NewReader(b), "fuzz.csv", false)
		if err != nil {
			if !strings.Contains(err.Error(), "fuzz.csv") {
				t.Errorf("error does not name the file: %v", err)
			}
			return
		}
		for _, r := range rows {
			r.Vector(true)
		}
	})
}
