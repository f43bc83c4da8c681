package account_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/rampart-tt/rampart/account"
)

func TestModelRoundTrip(t *testing.T) {
	m := account.DefaultModel()
	var buf bytes.Buffer
	if err := account.WriteModel(&buf, m); err != nil {
		t.Fatal(err)
	}
	back, err := account.ReadModel(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(m, back); diff != "" {
		t.Errorf("round trip (-want +got):\n%s", diff)
	}
	if len(m.Heads) != 2 || m.Heads[0].Name != account.HeadProfile || m.Heads[1].Name != account.HeadActivity {
		t.Errorf("default model heads: %+v", m.Heads)
	}
}

func TestReadModelErrors(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"not json", "{", "unexpected EOF"},
		{"no version", `{"heads":[]}`, "version is empty"},
		{"unknown feature", `{"version":"v","heads":[{"name":"p","features":["lang"],"mean":[0],"std":[1],"weights":[0],"missing":[0],"bias":0}]}`, `unknown feature "lang"`},
		{"short arrays", `{"version":"v","heads":[{"name":"p","features":["handle_len"],"mean":[],"std":[1],"weights":[0],"missing":[0],"bias":0}]}`, "must each have 1 entries"},
		{"zero std", `{"version":"v","heads":[{"name":"p","features":["handle_len"],"mean":[0],"std":[0],"weights":[0],"missing":[0],"bias":0}]}`, "std must be > 0"},
		{"unknown field", `{"version":"v","extra":1}`, "unknown field"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := account.ReadModel(strings.NewReader(tc.in))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want one containing %q", err, tc.want)
			}
		})
	}
}
