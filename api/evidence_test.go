package api_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/rampart-tt/rampart"
	"github.com/rampart-tt/rampart/api"
	"github.com/rampart-tt/rampart/casework"
)

// evidenceKey is a fixed test key; real keys come from the configuration.
var evidenceKey = bytes.Repeat([]byte{0x5a}, casework.EvidenceKeySize)

func sha(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// evidenceSeed is a Telegram post of tg-a with two media, one of them a
// file in mediaRoot and one pointing outside it, with its hash-match
// finding.
func evidenceSeed(t *testing.T, mediaRoot string) (seedData, []byte) {
	t.Helper()
	photo := []byte("\xff\xd8\xff\xe0 not really a jpeg, but bytes with a hash")
	if err := os.WriteFile(filepath.Join(mediaRoot, "a.jpg"), photo, 0o600); err != nil {
		t.Fatal(err)
	}
	post := rampart.Item{
		Post: &rampart.Post{Platform: "telegram", ID: "1", AccountID: "tg-a", Text: "Umar Media release",
			CreatedAt: time.Date(2026, 3, 1, 11, 0, 0, 0, time.UTC),
			Media: []rampart.Media{
				{Type: "photo", Path: "a.jpg", SHA256: sha(photo), PDQ: pdq[len("pdq:"):]},
				{Type: "photo", Path: "../outside.jpg"},
			}},
		Origin: rampart.Origin{File: "export/result.json", Path: "$.messages[0]", Format: "telegram_desktop"},
	}
	return seedData{findings: []rampart.Finding{hashFinding("tg-a", "1")}, items: []rampart.Item{post}}, photo
}

func getEvidence(t *testing.T, e *env, token string, id int64, purpose string) (int, api.EvidenceResponse, []byte) {
	t.Helper()
	q := url.Values{}
	if purpose != "" {
		q.Set("purpose", purpose)
	}
	status, _, body := raw(t, "GET", fmt.Sprintf("%s/api/v1/cases/%d/evidence?%s", e.url, id, q.Encode()), token, "", nil)
	var out api.EvidenceResponse
	if status == http.StatusOK {
		if err := json.Unmarshal(body, &out); err != nil {
			t.Fatal(err)
		}
	}
	return status, out, body
}

func TestEvidenceHoldRetention(t *testing.T) { forEachStore(t, testEvidenceHoldRetention) }

func testEvidenceHoldRetention(t *testing.T, b backend) {
	root := t.TempDir()
	sd, photo := evidenceSeed(t, root)
	e := startSeeded(t, b, casework.Options{EvidenceKey: evidenceKey, MediaRoot: root}, sd)
	ctx := t.Context()
	_, _, supSecret := e.userSecret(t, "sup", rampart.RoleSupervisor, "")
	_, _, anaSecret := e.userSecret(t, "ana", rampart.RoleAnalyst, "")
	k := must(e.admin.CreateCase(ctx, casework.NewCase{GroupBy: rampart.GroupAccount, Key: "tg-a"}, ""))(t)

	if status, _, body := getEvidence(t, e, anaSecret, k.ID, ""); status != http.StatusBadRequest {
		t.Errorf("evidence without a purpose: %d %s, want 400", status, body)
	}
	status, ev, body := getEvidence(t, e, anaSecret, k.ID, "referral to CTIRU")
	if status != http.StatusOK {
		t.Fatalf("evidence: %d %s", status, body)
	}
	if len(ev.Items) != 1 {
		t.Fatalf("%d evidence items, want 1", len(ev.Items))
	}
	it := ev.Items[0]
	var content rampart.Item
	if err := json.Unmarshal(it.Content, &content); err != nil || content.Post == nil || content.Post.Text != "Umar Media release" {
		t.Errorf("content as ingested = %s (%v)", it.Content, err)
	}
	if it.SHA256 != sha(it.Content) || !it.Intact {
		t.Errorf("item sha256 %s intact %v; content hashes to %s", it.SHA256, it.Intact, sha(it.Content))
	}
	wantMedia := []casework.MediaHash{{Type: "photo", SHA256: sha(photo), PDQ: pdq[len("pdq:"):]}, {Type: "photo"}}
	if diff := cmp.Diff(wantMedia, it.Media); diff != "" {
		t.Errorf("media hashes (-want +got):\n%s", diff)
	}
	if it.Collector.Format != "telegram_desktop" || it.Collector.Path != "$.messages[0]" || it.CollectedAt.IsZero() {
		t.Errorf("collector %+v collected at %v", it.Collector, it.CollectedAt)
	}
	if len(ev.Originals) != 0 {
		t.Errorf("originals kept without a hold: %+v", ev.Originals)
	}
	if got := custodyActions(ev); !cmp.Equal(got, []string{"case.create", "evidence.access user:ana referral to CTIRU"}) {
		t.Errorf("custody = %q", got)
	}

	// Legal hold: supervisors only, with a reason; originals are sealed.
	hold := func(token, body string) (int, casework.HoldResult, []byte) {
		status, _, b := raw(t, "POST", fmt.Sprintf("%s/api/v1/cases/%d/hold", e.url, k.ID), token, body, nil)
		var res casework.HoldResult
		if status == http.StatusOK {
			if err := json.Unmarshal(b, &res); err != nil {
				t.Fatal(err)
			}
		}
		return status, res, b
	}
	if status, _, b := hold(anaSecret, `{"hold":true,"reason":"order 12/2026"}`); status != http.StatusForbidden {
		t.Errorf("analyst places hold: %d %s, want 403", status, b)
	}
	if status, _, b := hold(supSecret, `{"hold":true}`); status != http.StatusBadRequest {
		t.Errorf("hold without reason: %d %s, want 400", status, b)
	}
	status, res, body := hold(supSecret, `{"hold":true,"reason":"preservation order 12/2026"}`)
	if status != http.StatusOK {
		t.Fatalf("hold: %d %s", status, body)
	}
	if !res.Case.LegalHold || len(res.Kept) != 1 || res.Kept[0].SHA256 != sha(photo) || len(res.NotKept) != 1 {
		t.Fatalf("hold result = %+v", res)
	}
	if status, _, _ := hold(supSecret, `{"hold":true,"reason":"again"}`); status != http.StatusConflict {
		t.Errorf("second hold: %d, want 409", status)
	}

	// The store holds the original sealed, never in clear.
	st, err := b.open(ctx, e.db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.close()
	es := st.cw.(rampart.EvidenceStore)
	origs := must(es.Originals(ctx, k.ID))(t)
	if len(origs) != 1 || bytes.Contains(origs[0].Sealed, photo[4:20]) || len(origs[0].Sealed) <= len(photo) {
		t.Fatalf("stored originals = %d, sealed in clear or too short", len(origs))
	}

	// Export decrypts, and is recorded.
	path := fmt.Sprintf("%s/api/v1/cases/%d/evidence/originals/%s?purpose=%s", e.url, k.ID, sha(photo), url.QueryEscape("court bundle"))
	status, _, body = raw(t, "GET", path, supSecret, "", nil)
	var orig casework.Original
	if status != http.StatusOK || json.Unmarshal(body, &orig) != nil || !bytes.Equal(orig.Content, photo) {
		t.Fatalf("export original: %d %.200s", status, body)
	}
	_, ev, _ = getEvidence(t, e, supSecret, k.ID, "check custody")
	want := []string{"case.create", "evidence.access user:ana referral to CTIRU", "case.hold", "evidence.original_kept",
		"evidence.export user:sup court bundle", "evidence.access user:sup check custody"}
	if diff := cmp.Diff(want, custodyActions(ev)); diff != "" {
		t.Errorf("custody (-want +got):\n%s", diff)
	}

	// Retention a century on: findings in no case go, the held case and
	// its evidence stay.
	rs := st.cw.(rampart.RetentionStore)
	policy := rampart.RetentionPolicy{Findings: time.Hour, ClosedCases: time.Hour, Evidence: time.Hour}
	later := time.Now().AddDate(100, 0, 0)
	rep := must(rs.Expire(ctx, policy, later, "rampart"))(t)
	if rep.Findings != len(loadFindings(t)) || rep.Evidence != 0 || rep.ClosedCases != 0 {
		t.Errorf("retention under hold = %+v, want every finding outside the case (%d) and nothing else", rep, len(loadFindings(t)))
	}
	if k2, err := e.admin.Case(ctx, k.ID); err != nil || len(k2.Findings) != 1 {
		t.Errorf("held case after retention: %+v %v", k2, err)
	}
	if got := must(es.Originals(ctx, k.ID))(t); len(got) != 1 {
		t.Errorf("held case has %d originals after retention, want 1", len(got))
	}
	// Lifted, its original expires too.
	if status, _, b := hold(supSecret, `{"hold":false,"reason":"order lapsed"}`); status != http.StatusOK {
		t.Fatalf("lift hold: %d %s", status, b)
	}
	rep = must(rs.Expire(ctx, policy, later, "rampart"))(t)
	if rep != (rampart.RetentionReport{Evidence: 1}) {
		t.Errorf("retention after lifting = %+v, want the one original", rep)
	}
	al := must(e.admin.Audit(ctx, 0, 1000))(t)
	n := 0
	for _, r := range al.Records {
		if r.Action == "retention.delete" {
			n++
		}
	}
	if n != len(loadFindings(t))+1 {
		t.Errorf("%d retention.delete records, want one per deleted record (%d)", n, len(loadFindings(t))+1)
	}
	if v := must(e.admin.VerifyAudit(ctx))(t); !v.OK {
		t.Errorf("audit chain after retention: %+v", v)
	}
}

// custodyActions summarises a chain of custody: the action, and for
// accesses and exports who and why.
func custodyActions(ev api.EvidenceResponse) []string {
	var out []string
	for _, r := range ev.Custody {
		s := r.Action
		if r.Action == "evidence.access" || r.Action == "evidence.export" {
			var d struct{ Purpose string }
			_ = json.Unmarshal(r.Data, &d)
			s += " " + r.Actor + " " + d.Purpose
		}
		out = append(out, s)
	}
	return out
}
