package bank_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/rampart-tt/rampart/bank"
)

// feed is an HTTP delta feed of three pages that fails the first request
// for its second page.
type feed struct {
	mu     sync.Mutex
	asked  []string
	failed bool
}

func (f *feed) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	cp := r.URL.Query().Get("checkpoint")
	f.asked = append(f.asked, cp)
	pages := map[string]map[string]any{
		"": {"checkpoint": "p1", "more": true, "deltas": []bank.Delta{
			{Op: bank.OpAdd, Entry: bank.Entry{ID: "a", Type: bank.PDQ, Value: bridgeOrig, Labels: bank.Labels{Group: "ent-isis"}}},
			{Op: bank.OpAdd, Entry: bank.Entry{ID: "b", Type: bank.MD5, Value: emptyMD5}},
		}},
		"p1": {"checkpoint": "p2", "more": true, "deltas": []bank.Delta{
			{Op: bank.OpDelete, Entry: bank.Entry{ID: "b"}},
			{Op: bank.OpUpdate, Entry: bank.Entry{ID: "a", Type: bank.PDQ, Value: bridgeOrig, Labels: bank.Labels{Group: "ent-ttp"}}},
		}},
		"p2": {"checkpoint": "p3", "more": false, "deltas": []bank.Delta{
			{Op: bank.OpAdd, Entry: bank.Entry{Type: bank.URL, Value: "https://t.me/+InviteHash"}},
			{Op: bank.OpDelete, Entry: bank.Entry{ID: "never-added"}},
		}},
	}
	if cp == "p1" && !f.failed {
		f.failed = true
		http.Error(w, "upstream busy", http.StatusServiceUnavailable)
		return
	}
	page, ok := pages[cp]
	if !ok {
		http.Error(w, "unknown checkpoint", http.StatusBadRequest)
		return
	}
	json.NewEncoder(w).Encode(page)
}

func TestHTTPExchangeResumesAfterFailure(t *testing.T) {
	f := &feed{}
	srv := httptest.NewServer(f)
	defer srv.Close()
	s := openStore(t)
	createBank(t, s, bank.NewBank("feed"))
	ex := bank.HTTPExchange{URL: srv.URL + "/deltas"}

	res, err := bank.Pull(t.Context(), s, "feed", ex)
	if err == nil || !strings.Contains(err.Error(), "503") {
		t.Fatalf("first pull: err = %v, want the 503", err)
	}
	if res.Checkpoint != "p1" || res.Added != 2 {
		t.Errorf("first pull committed %+v, want page 1 (2 adds, checkpoint p1)", res)
	}
	if cp, _ := s.Checkpoint(t.Context(), "feed"); cp != "p1" {
		t.Errorf("stored checkpoint %q, want p1", cp)
	}

	m := loadMatcher(t, s)
	if len(m.Match(bank.MD5, emptyMD5)) != 1 {
		t.Fatal("entry b from page 1 not matchable")
	}
	res, err = bank.Pull(t.Context(), s, "feed", ex)
	if err != nil {
		t.Fatal(err)
	}
	if err := m.Apply(res.Records...); err != nil {
		t.Fatal(err)
	}
	if res.Checkpoint != "p3" || res.Added != 1 || res.Updated != 1 || res.Deleted != 1 {
		t.Errorf("second pull %+v, want 1 add, 1 update, 1 delete, checkpoint p3", res)
	}
	if diff := cmp.Diff([]string{"", "p1", "p1", "p2"}, f.asked); diff != "" {
		t.Errorf("checkpoints asked (-want +got)\n%s", diff)
	}
	if got := m.Match(bank.MD5, emptyMD5); len(got) != 0 {
		t.Errorf("deleted entry still matches: %v", got)
	}
	if got := m.Match(bank.PDQ, bridgeBlur); len(got) != 1 || got[0].Labels.Group != "ent-ttp" {
		t.Errorf("updated entry: got %v, want group ent-ttp", got)
	}
	if got := m.Match(bank.URL, "telegram.me/joinchat/InviteHash"); len(got) != 1 {
		t.Errorf("invite link from page 3: got %v, want 1 match", got)
	}
}

func TestHTTPExchangeErrors(t *testing.T) {
	tests := []struct {
		name string
		body string
		want string
	}{
		{"not json", "<html>", "not the feed's JSON"},
		{"no checkpoint", `{"deltas":[],"more":false}`, "no checkpoint"},
		{"stuck", `{"deltas":[],"checkpoint":"","more":true}`, "no checkpoint"},
		{"bad op", `{"deltas":[{"op":"merge"}],"checkpoint":"x"}`, "unknown op"},
		{"bad value", `{"deltas":[{"op":"add","entry":{"signal_type":"pdq","value":"12"}}],"checkpoint":"x"}`, "delta 1"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write([]byte(tc.body)) }))
			defer srv.Close()
			s := openStore(t)
			createBank(t, s, bank.NewBank("feed"))
			_, err := bank.Pull(t.Context(), s, "feed", bank.HTTPExchange{URL: srv.URL})
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want it to mention %q", err, tc.want)
			}
			if cp, _ := s.Checkpoint(t.Context(), "feed"); cp != "" {
				t.Errorf("checkpoint %q stored after a failed page", cp)
			}
		})
	}
}

func TestFileExchange(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "deltas.jsonl")
	write := func(lines ...string) {
		f, err := os.OpenFile(path, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
		if err != nil {
			t.Fatal(err)
		}
		f.WriteString(strings.Join(lines, "\n") + "\n")
		f.Close()
	}
	write(`{"op":"add","entry":{"id":"a","signal_type":"pdq","value":"`+bridgeOrig+`"}}`,
		`{"op":"add","entry":{"signal_type":"md5","value":"`+emptyMD5+`"}}`)
	s := openStore(t)
	createBank(t, s, bank.NewBank("file"))
	ex := bank.FileExchange{Path: path}
	res, err := bank.Pull(t.Context(), s, "file", ex)
	if err != nil {
		t.Fatal(err)
	}
	if res.Added != 2 || res.Checkpoint != "2" {
		t.Errorf("first pull %+v, want 2 adds at checkpoint 2", res)
	}
	write(`{"op":"delete","entry":{"signal_type":"md5","value":"` + emptyMD5 + `"}}`)
	res, err = bank.Pull(t.Context(), s, "file", ex)
	if err != nil {
		t.Fatal(err)
	}
	if res.Added != 0 || res.Deleted != 1 || res.Checkpoint != "3" {
		t.Errorf("second pull %+v, want only the delete, checkpoint 3", res)
	}
	write(`{"op":"add","entry":{"signal_type":"md5","value":"nothex"}}`)
	if _, err := bank.Pull(t.Context(), s, "file", ex); err == nil {
		t.Error("bad delta accepted")
	}
	if cp, _ := s.Checkpoint(t.Context(), "file"); cp != "3" {
		t.Errorf("checkpoint %q after a bad delta, want 3", cp)
	}
}
