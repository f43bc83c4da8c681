package account_test

import (
	"bytes"
	"os"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"testing"
	"time"

	"github.com/rampart-tt/rampart/account"
	"github.com/rampart-tt/rampart/sim"
)

// trainConfig is the simulated platform the default model is trained on.
// Seeds used for evaluation elsewhere differ from this one.
var trainConfig = sim.Config{Seed: 20260101, Accounts: 4000, Posts: 40000}

// simExamples turns a sim run into training examples for both heads. Bots
// are the positive class; every other role (propaganda and evaders too) is
// negative, since the score is about automation, not content.
func simExamples(t testing.TB, cfg sim.Config) (profile, activity []account.Example) {
	r := generate(t, cfg)
	roles := r.roles()
	cfg = cfg.WithDefaults()
	end := cfg.Start.Add(time.Duration(cfg.Days) * 24 * time.Hour)
	for _, g := range account.GroupByAccount(r.items) {
		if g.Account == nil {
			continue
		}
		bot := roles[g.Subject] == sim.RoleBot
		profile = append(profile, account.Example{X: account.Extract(g.Account, nil, end), Bot: bot})
		if len(g.Posts) > 0 {
			activity = append(activity, account.Example{X: account.Extract(g.Account, g.Posts, time.Time{}), Bot: bot})
		}
	}
	return profile, activity
}

// trainDefault trains the two heads of the default model.
func trainDefault(t testing.TB) *account.Model {
	prof, act := simExamples(t, trainConfig)
	opt := account.TrainOptions{L2: 1, MaskProb: 0.2, Seed: 1}
	hp, err := account.Train(account.HeadProfile, account.ProfileFeatures, prof, opt)
	if err != nil {
		t.Fatal(err)
	}
	ha, err := account.Train(account.HeadActivity, account.AllFeatures, act, opt)
	if err != nil {
		t.Fatal(err)
	}
	return &account.Model{
		Version:  "bot-lr-sim-2026.1",
		Training: "rampart sim seed 20260101, 4000 accounts, 40000 posts (synthetic, shippable); positives: role bot",
		Heads:    []account.Head{hp, ha},
	}
}

// TestTrainDefault retrains the default model with -train and otherwise
// checks that training is deterministic and reproduces the committed file.
func TestTrainDefault(t *testing.T) {
	if testing.Short() {
		t.Skip("trains on a 4000-account sim")
	}
	m := trainDefault(t)
	var buf bytes.Buffer
	if err := account.WriteModel(&buf, m); err != nil {
		t.Fatal(err)
	}
	if *train {
		if err := os.WriteFile("model/default.json", buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	// Compare with a tolerance: fused multiply-add on some architectures
	// changes the last bits.
	if diff := cmp.Diff(account.DefaultModel(), m, cmpopts.EquateApprox(0, 1e-6)); diff != "" {
		t.Errorf("model/default.json differs from a fresh training run (run go test ./account -run TestTrainDefault -train):\n%s", diff)
	}
}

// TestTrainDeterministic trains twice on the same data and wants identical
// heads, bit for bit.
func TestTrainDeterministic(t *testing.T) {
	prof, _ := simExamples(t, sim.Config{Seed: 99, Accounts: 2000, Posts: 20000})
	opt := account.TrainOptions{MaskProb: 0.2, Seed: 3}
	a, err := account.Train("p", account.ProfileFeatures, prof, opt)
	if err != nil {
		t.Fatal(err)
	}
	b, err := account.Train("p", account.ProfileFeatures, prof, opt)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(a, b); diff != "" {
		t.Errorf("two runs differ:\n%s", diff)
	}
	if _, err := account.Train("p", account.ProfileFeatures, prof[:1], opt); err == nil {
		t.Error("training on one class succeeded")
	}
}
