package account

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
)

// GilaniRow is one account of the Gilani et al. 2017 data set (Stweeler):
// aggregated activity over the crawl, with the manual label. Only the
// columns Rampart maps to its own features are kept.
type GilaniRow struct {
	ScreenName     string
	Tweeted        float64 // user_tweeted: tweets in the crawl
	Retweeted      float64 // user_retweeted: retweets in the crawl
	Replied        float64 // user_replied
	FollowerFriend float64 // follower_friend_ratio
	TweetFrequency float64 // tweet_frequency (taken as posts per day)
	AgeDays        float64 // age_of_account_in_days
	URLs           float64 // urls_count
	Bot            bool
	Line           int
}

// gilaniColumns are the columns read, by header name.
var gilaniColumns = []string{"screen_name", "user_tweeted", "user_retweeted", "user_replied",
	"follower_friend_ratio", "tweet_frequency", "age_of_account_in_days", "urls_count"}

// ReadGilaniCSV reads one Gilani CSV file (header first). file names the
// input in errors, which give the line and column of a bad value.
func ReadGilaniCSV(r io.Reader, file string, bot bool) ([]GilaniRow, error) {
	cr := csv.NewReader(r)
	cr.TrimLeadingSpace = true
	cr.FieldsPerRecord = -1
	head, err := cr.Read()
	if err != nil {
		if errors.Is(err, io.EOF) {
			return nil, fmt.Errorf("%s: empty file, want a header line", file)
		}
		return nil, fmt.Errorf("%s:1: %w", file, err)
	}
	col := map[string]int{}
	for i, h := range head {
		col[strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))] = i
	}
	for _, c := range gilaniColumns {
		if _, ok := col[c]; !ok {
			return nil, fmt.Errorf("%s:1: header lacks column %q", file, c)
		}
	}
	var out []GilaniRow
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			// csv.ParseError already carries the line and column.
			return nil, fmt.Errorf("%s: %w", file, err)
		}
		line, _ := cr.FieldPos(0)
		row := GilaniRow{Bot: bot, Line: line}
		get := func(name string) (float64, error) {
			i := col[name]
			if i >= len(rec) {
				return 0, fmt.Errorf("%s:%d: column %s missing (row has %d fields)", file, line, name, len(rec))
			}
			s := strings.TrimSpace(rec[i])
			x, err := strconv.ParseFloat(s, 64)
			if err != nil || math.IsNaN(x) || math.IsInf(x, 0) {
				return 0, fmt.Errorf("%s:%d: column %s: want a finite number, got %q", file, line, name, s)
			}
			return x, nil
		}
		if i := col["screen_name"]; i < len(rec) {
			row.ScreenName = strings.TrimSpace(rec[i])
		}
		for _, f := range []struct {
			name string
			dst  *float64
		}{{"user_tweeted", &row.Tweeted}, {"user_retweeted", &row.Retweeted}, {"user_replied", &row.Replied},
			{"follower_friend_ratio", &row.FollowerFriend}, {"tweet_frequency", &row.TweetFrequency},
			{"age_of_account_in_days", &row.AgeDays}, {"urls_count", &row.URLs}} {
			if *f.dst, err = get(f.name); err != nil {
				return nil, err
			}
		}
		out = append(out, row)
	}
}

// ReadGilaniDir reads every CSV under dir/bots and dir/humans, labelled by
// folder, in file-name order.
func ReadGilaniDir(dir string) ([]GilaniRow, error) {
	var all []GilaniRow
	for _, sub := range []string{"bots", "humans"} {
		files, err := filepath.Glob(filepath.Join(dir, sub, "*.csv"))
		if err != nil {
			return nil, err
		}
		if len(files) == 0 {
			return nil, fmt.Errorf("read gilani data: no CSV files in %s", filepath.Join(dir, sub))
		}
		slices.Sort(files)
		for _, f := range files {
			fh, err := os.Open(f)
			if err != nil {
				return nil, fmt.Errorf("read gilani data: %w", err)
			}
			rows, err := ReadGilaniCSV(fh, f, sub == "bots")
			fh.Close()
			if err != nil {
				return nil, err
			}
			all = append(all, rows...)
		}
	}
	return all, nil
}

// Vector maps a Gilani row onto Rampart's features. Profile-derivable
// columns: the screen name (handle features), account age and the
// follower/friend ratio. With activity, also posting rate, and the shares of
// retweets, replies and links over the crawl. Everything else (counts, bio,
// avatar, name, timing) is absent from the data and left missing.
//
// Approximations, stated so that a reader can judge them: follow_ratio_log
// is log10 of the given ratio (ours adds one to both counts; they agree for
// accounts with more than a few dozen follows); tweet_frequency is taken as
// posts per day; link share is urls_count over tweets+retweets+replies, capped at 1
// (a tweet may hold several links).
func (g GilaniRow) Vector(activity bool) Vector {
	v := NewVector()
	// The published files hold a few impossible values (a negative
	// follower/friend ratio, a negative age): those features are missing.
	if g.AgeDays >= 0 {
		v.Set(FAgeDays, math.Log1p(g.AgeDays))
	}
	if g.FollowerFriend >= 0 {
		v.Set(FFollowRatio, math.Log10(max(g.FollowerFriend, 1e-3)))
	}
	if g.ScreenName != "" {
		handleFeatures(v, g.ScreenName)
	}
	if !activity {
		return v
	}
	v.Set(FPostsPerDay, math.Log1p(g.TweetFrequency))
	// Replies are counted apart from tweets in this data (user_replied often
	// exceeds user_tweeted), so the denominator is all three.
	if n := g.Tweeted + g.Retweeted + g.Replied; n > 0 {
		v.Set(FRepostShare, g.Retweeted/n)
		v.Set(FReplyShare, g.Replied/n)
		v.Set(FLinkShare, min(g.URLs/n, 1))
	}
	return v
}
