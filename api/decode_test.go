package api_test

import (
	"errors"
	"testing"

	"github.com/rampart-tt/rampart"
	"github.com/rampart-tt/rampart/api"
	"github.com/rampart-tt/rampart/casework"
)

// FuzzDecode checks that no body makes Decode panic, and that every
// refusal is an EINVALID error naming at least one field problem.
func FuzzDecode(f *testing.F) {
	for _, s := range []string{
		`{"group_by":"account","key":"k","findings":[1,2]}`,
		`{"group_by":"cluster","key":"c","threat_to_life":true,"title":"t"}`,
		`{"action":"remove","reason":"R","basis":"B","notes":"n"}`,
		`{"findings":[1.5]}`, `[]`, `null`, `{"a":1}`, `{"key":"\ud800"}`, `{`, ``,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		for _, v := range []any{new(casework.NewCase), new(casework.Decision), new(casework.NewUser)} {
			err := api.Decode(b, v)
			if err == nil {
				continue
			}
			if rampart.ErrorCode(err) != rampart.EINVALID {
				t.Fatalf("Decode(%q) = %v, want EINVALID", b, err)
			}
			var fe casework.FieldErrors
			if !errors.As(err, &fe) || len(fe) == 0 {
				t.Fatalf("Decode(%q) = %v without field errors", b, err)
			}
		}
	})
}
