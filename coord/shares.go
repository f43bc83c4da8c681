package coord

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"iter"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Share is one row of a share table (CooRTweet's input format and the
// common subset of QUT's): an account shared an object at a time.
type Share struct {
	ObjectID  string
	AccountID string
	ContentID string // the sharing message's id; may be empty
	Time      time.Time
}

// ReadShares reads a CSV share table with a header naming at least
// object_id, account_id and timestamp_share (unix seconds, integer or
// decimal); content_id is optional and other columns are ignored. QUT's
// 8-column format is read too: repost_id is the object, user_id the
// account, message_id the content and timestamp the time. Errors name the
// line and column.
func ReadShares(r io.Reader) iter.Seq2[Share, error] {
	return func(yield func(Share, error) bool) {
		cr := csv.NewReader(r)
		cr.FieldsPerRecord = -1
		cr.ReuseRecord = true
		header, err := cr.Read()
		if err != nil {
			if errors.Is(err, io.EOF) {
				err = errors.New("empty input, want a CSV header")
			}
			yield(Share{}, fmt.Errorf("share table line 1: %w", err))
			return
		}
		header = slices.Clone(header) // ReuseRecord would overwrite it
		cols := map[string]int{}
		for i, h := range header {
			cols[strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))] = i
		}
		pick := func(names ...string) int {
			for _, n := range names {
				if i, ok := cols[n]; ok {
					return i
				}
			}
			return -1
		}
		obj, acct := pick("object_id", "repost_id"), pick("account_id", "user_id")
		ts, content := pick("timestamp_share", "timestamp"), pick("content_id", "message_id")
		if obj < 0 || acct < 0 || ts < 0 {
			yield(Share{}, fmt.Errorf("share table line 1: header %q lacks object_id, account_id or timestamp_share", strings.Join(header, ",")))
			return
		}
		for {
			rec, err := cr.Read()
			if errors.Is(err, io.EOF) {
				return
			}
			if err != nil {
				yield(Share{}, fmt.Errorf("share table: %w", err))
				return
			}
			line, _ := cr.FieldPos(0)
			field := func(i int) string {
				if i >= 0 && i < len(rec) {
					return rec[i]
				}
				return ""
			}
			s := Share{ObjectID: field(obj), AccountID: field(acct), ContentID: field(content)}
			if s.ObjectID == "" {
				// QUT rows that are not reposts have no repost_id: skip.
				continue
			}
			if s.AccountID == "" {
				if !yield(Share{}, fmt.Errorf("share table line %d: column %s is empty", line, header[acct])) {
					return
				}
				continue
			}
			sec, err := strconv.ParseFloat(strings.TrimSpace(field(ts)), 64)
			if err != nil || math.IsNaN(sec) || math.IsInf(sec, 0) || math.Abs(sec) > 1e11 {
				if !yield(Share{}, fmt.Errorf("share table line %d: column %s: %q is not unix seconds", line, header[ts], field(ts))) {
					return
				}
				continue
			}
			whole, frac := math.Modf(sec)
			s.Time = time.Unix(int64(whole), int64(frac*1e9)).UTC()
			if !yield(s, nil) {
				return
			}
		}
	}
}
