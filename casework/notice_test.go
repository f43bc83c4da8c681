package casework_test

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/rampart-tt/rampart"
	"github.com/rampart-tt/rampart/casework"
	"github.com/rampart-tt/rampart/sqlite"
)

// TestNoticeGolden pins the statement of reasons for an actioned TCO order
// item (illegal content, EU-wide) and a referral item (terms of service).
func TestNoticeGolden(t *testing.T) {
	ctx := t.Context()
	st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "n.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	clk := &clock{t: time.Date(2026, 4, 2, 10, 0, 0, 0, time.UTC)}
	svc := must(casework.NewReferrals(st.Casework(nil), casework.ReferralOptions{Now: clk.now}))(t)
	// The order's post was scanned and put in a case, so its stored item
	// gives content_date; the referral's account has none ("missing").
	posted := time.Date(2026, 3, 30, 21, 15, 0, 0, time.UTC)
	post := rampart.Item{Post: &rampart.Post{Platform: "x", ID: "1777", AccountID: "a1", CreatedAt: posted, Text: "t"}}
	if _, err := st.PutItems(ctx, []rampart.Item{post}); err != nil {
		t.Fatal(err)
	}
	if _, err := st.PutFindings(ctx, []rampart.Finding{{Platform: "x", Kind: "post", ID: "1777", AccountID: "a1",
		Action: rampart.ActionRemove, Score: 0.9, CreatedAt: posted}}); err != nil {
		t.Fatal(err)
	}
	cases := must(casework.New(st.Casework(nil), st.Casework(nil), casework.Options{Now: clk.now}))(t)
	k := must(cases.CreateCase(ctx, analyst, casework.NewCase{GroupBy: rampart.GroupAccount, Key: "a1"}))(t)
	item := casework.NewItem{Subject: rampart.Subject{Platform: "x", Kind: "post", ID: "1777"}, Action: rampart.ActionRemove,
		ContentType: "text", FindingID: k.Findings[0], CaseID: k.ID, Rule: "propaganda_text", Detector: "classifier"}
	o := must(svc.CreateOrder(ctx, analyst, casework.NewOrder{Platform: "x", ReferenceNumber: "TCO-FR-2026-5", IssuingAuthority: "OCLCTIC",
		LegalBasis: "Regulation (EU) 2021/784 Art. 3", Reasons: "Glorification of a terrorist attack (Art. 2(7)(a)).",
		Regime: casework.RegimeEUTCO, DeadlineClass: "removal", Redress: "Administrative court of Paris, within two months.",
		UserMayBeTold: true, Items: []casework.NewItem{item}}))(t)
	r := must(svc.CreateReferral(ctx, analyst, casework.NewReferral{Platform: "x", Terms: "Violent and hateful entities policy",
		Items: []casework.NewItem{{Subject: rampart.Subject{Platform: "x", Kind: "account", ID: "55"}, Action: rampart.Withhold("PK")}}}))(t)
	must(svc.ApproveOrder(ctx, supervisor, o.ID))(t)
	must(svc.SubmitOrder(ctx, analyst, o.ID))(t)
	must(svc.AcknowledgeOrder(ctx, liaison("x"), o.ID))(t)
	must(svc.ApproveReferral(ctx, supervisor, r.ID))(t)
	must(svc.SubmitReferral(ctx, analyst, r.ID))(t)
	must(svc.AcknowledgeReferral(ctx, liaison("x"), r.ID))(t)
	_, err = svc.Notice(ctx, liaison("x"), rampart.RequestRef{Kind: casework.KindOrder, ID: o.ID})
	code(t, err, rampart.ECONFLICT, "notice before the item is actioned")
	clk.advance(40 * time.Minute)
	must(svc.AnswerOrder(ctx, liaison("x"), o.ID, []casework.ItemAnswer{{Item: 0, Outcome: rampart.OutcomeActioned}}))(t)
	must(svc.AnswerReferral(ctx, liaison("x"), r.ID, []casework.ItemAnswer{{Item: 0, Outcome: rampart.OutcomeActioned}}))(t)
	got := map[string]casework.StatementOfReasons{
		"order":    must(svc.Notice(ctx, liaison("x"), rampart.RequestRef{Kind: casework.KindOrder, ID: o.ID}))(t),
		"referral": must(svc.Notice(ctx, liaison("x"), rampart.RequestRef{Kind: casework.KindReferral, ID: r.ID}))(t),
	}
	golden(t, "notices.golden.json", got)
	_, err = svc.Notice(ctx, liaison("facebook"), rampart.RequestRef{Kind: casework.KindOrder, ID: o.ID})
	code(t, err, rampart.ENOTFOUND, "another platform's notice")
}
