package account

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/rampart-tt/rampart"
)

// Removed is one removed account read from a --removed file, with the posts
// it made before removal.
type Removed struct {
	Account   *rampart.Account
	Posts     []rampart.Post
	RemovedAt time.Time // zero when the file does not say
	Group     string
}

// maxRemovedLine bounds one line of a removed-accounts file.
const maxRemovedLine = 4 << 20

// ReadRemoved reads a removed-accounts file: native JSON Lines (the format
// of rampart.Item, see docs/format.md), one account record per removed
// account, optionally followed or preceded by its posts (matched by
// platform and account_id). Two extra fields on an account record are
// understood: "removed_at" (RFC 3339) and "group" (the designated group
// id). Blank lines are skipped. Errors name file:line and the problem.
func ReadRemoved(r io.Reader, file string) ([]Removed, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), maxRemovedLine)
	type key struct{ platform, id string }
	idx := map[key]int{}
	var out []Removed
	var posts []struct {
		p    rampart.Post
		line int
	}
	line := 0
	for sc.Scan() {
		line++
		b := bytes.TrimSpace(sc.Bytes())
		if len(b) == 0 {
			continue
		}
		var it rampart.Item
		if err := json.Unmarshal(b, &it); err != nil {
			return nil, fmt.Errorf("%s:%d: %w", file, line, err)
		}
		switch {
		case it.Account != nil:
			a := it.Account
			if a.ID == "" || a.Platform == "" {
				return nil, fmt.Errorf("%s:%d: account needs \"platform\" and \"id\"", file, line)
			}
			k := key{a.Platform, a.ID}
			if _, dup := idx[k]; dup {
				return nil, fmt.Errorf("%s:%d: account %s/%s listed twice", file, line, a.Platform, a.ID)
			}
			rm := Removed{Account: a}
			if v, ok := a.Extra["removed_at"]; ok {
				s, _ := v.(string)
				t, err := time.Parse(time.RFC3339, s)
				if err != nil {
					return nil, fmt.Errorf("%s:%d: field removed_at: want an RFC 3339 time such as 2026-01-31T12:00:00Z, got %v", file, line, v)
				}
				rm.RemovedAt = t
			}
			if v, ok := a.Extra["group"]; ok {
				s, isStr := v.(string)
				if !isStr {
					return nil, fmt.Errorf("%s:%d: field group: want a string, got %v", file, line, v)
				}
				rm.Group = s
			}
			idx[k] = len(out)
			out = append(out, rm)
		case it.Post != nil:
			if it.Post.AccountID == "" {
				return nil, fmt.Errorf("%s:%d: post %s has no account_id", file, line, it.Post.ID)
			}
			posts = append(posts, struct {
				p    rampart.Post
				line int
			}{*it.Post, line})
		}
	}
	if err := sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			return nil, fmt.Errorf("%s:%d: line longer than %d bytes", file, line+1, maxRemovedLine)
		}
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	for _, p := range posts {
		i, ok := idx[key{p.p.Platform, p.p.AccountID}]
		if !ok {
			return nil, fmt.Errorf("%s:%d: post %s: author %s/%s is not an account in this file", file, p.line, p.p.ID, p.p.Platform, p.p.AccountID)
		}
		out[i].Posts = append(out[i].Posts, p.p)
	}
	return out, nil
}

// LoadRemoved reads a removed-accounts file (see ReadRemoved) into a new
// index.
func LoadRemoved(r io.Reader, file string) (*EvasionIndex, error) {
	rs, err := ReadRemoved(r, file)
	if err != nil {
		return nil, err
	}
	x := NewEvasionIndex()
	for _, rm := range rs {
		if err := x.Add(rm.Account, rm.Posts, rm.RemovedAt); err != nil {
			return nil, fmt.Errorf("%s: %w", file, err)
		}
	}
	return x, nil
}
