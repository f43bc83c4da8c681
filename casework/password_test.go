package casework_test

import (
	"bytes"
	"crypto/rand"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/rampart-tt/rampart/casework"
)

// cheap are low parameters so that the table runs fast; the defaults are
// exercised once in TestDefaultPasswordParams.
var cheap = casework.PasswordParams{Memory: 64, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32}

func TestHashVerifyPassword(t *testing.T) {
	h, err := casework.HashPassword("correct horse battery staple", cheap, rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=64,t=1,p=1$") {
		t.Errorf("hash %q does not start with the PHC prefix", h)
	}
	tests := []struct {
		name string
		pw   string
		want error
	}{
		{"right", "correct horse battery staple", nil},
		{"wrong", "correct horse battery stapler", casework.ErrPasswordMismatch},
		{"empty", "", casework.ErrPasswordMismatch},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if err := casework.VerifyPassword(tc.pw, h); !errors.Is(err, tc.want) {
				t.Errorf("VerifyPassword = %v, want %v", err, tc.want)
			}
		})
	}
	h2, err := casework.HashPassword("correct horse battery staple", cheap, rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	if h2 == h {
		t.Error("two hashes of one password are equal: the salt is not random")
	}
}

// TestPasswordKnownAnswer pins the encoding: a fixed salt gives a fixed
// string, so that a change of format cannot go unnoticed.
func TestPasswordKnownAnswer(t *testing.T) {
	salt := bytes.Repeat([]byte{0x5a}, 16)
	h, err := casework.HashPassword("password", cheap, bytes.NewReader(salt))
	if err != nil {
		t.Fatal(err)
	}
	p, gotSalt, key, err := casework.ParsePasswordHash(h)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(cheap, p); diff != "" {
		t.Errorf("params (-want +got):\n%s", diff)
	}
	if !bytes.Equal(gotSalt, salt) || len(key) != 32 {
		t.Errorf("salt %x key %d bytes", gotSalt, len(key))
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=64,t=1,p=1$WlpaWlpaWlpaWlpaWlpaWg$") {
		t.Errorf("hash %q", h)
	}
}

func TestDefaultPasswordParams(t *testing.T) {
	// OWASP Password Storage Cheat Sheet: argon2id, m=19 MiB, t=2, p=1.
	want := casework.PasswordParams{Memory: 19456, Time: 2, Threads: 1, SaltLen: 16, KeyLen: 32}
	if diff := cmp.Diff(want, casework.DefaultPasswordParams); diff != "" {
		t.Errorf("defaults (-want +got):\n%s", diff)
	}
	h, err := casework.HashPassword("a long enough passphrase", casework.DefaultPasswordParams, rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	if err := casework.VerifyPassword("a long enough passphrase", h); err != nil {
		t.Fatal(err)
	}
	if casework.NeedsRehash(h, casework.DefaultPasswordParams) {
		t.Error("a hash with the default parameters needs a rehash")
	}
	weak, err := casework.HashPassword("a long enough passphrase", cheap, rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	if !casework.NeedsRehash(weak, casework.DefaultPasswordParams) {
		t.Error("a hash with m=64,t=1 does not need a rehash under the defaults")
	}
	// A hash made with older, weaker parameters still verifies.
	if err := casework.VerifyPassword("a long enough passphrase", weak); err != nil {
		t.Error(err)
	}
}

func TestParsePasswordHashErrors(t *testing.T) {
	const salt, key = "WlpaWlpaWlpaWlpaWlpaWg", "WlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlo"
	tests := []struct{ in, want string }{
		{"", "want 5 '$'-separated fields"},
		{"$argon2i$v=19$m=64,t=1,p=1$" + salt + "$" + key, `algorithm "argon2i"`},
		{"$argon2id$v=16$m=64,t=1,p=1$" + salt + "$" + key, `version "v=16"`},
		{"$argon2id$v=19$m=64,t=1$" + salt + "$" + key, "want m, t and p"},
		{"$argon2id$v=19$m=64,t=1,p=1,p=1$" + salt + "$" + key, `parameter "p=1"`},
		{"$argon2id$v=19$m=x,t=1,p=1$" + salt + "$" + key, `parameter m: "x" is not a number`},
		{"$argon2id$v=19$m=99999999,t=1,p=1$" + salt + "$" + key, "m=99999999 out of range"},
		{"$argon2id$v=19$m=64,t=0,p=1$" + salt + "$" + key, "t=0,p=1 out of range"},
		{"$argon2id$v=19$m=64,t=1,p=300$" + salt + "$" + key, "at most 255 lanes"},
		{"$argon2id$v=19$m=64,t=1,p=1$!!$" + key, "salt is not"},
		{"$argon2id$v=19$m=64,t=1,p=1$" + salt + "$AAAA", "key is not"},
		{"$argon2id$v=19$m=64,t=1,q=1$" + salt + "$" + key, `unknown parameter "q"`},
	}
	for _, tc := range tests {
		t.Run(tc.want, func(t *testing.T) {
			_, _, _, err := casework.ParsePasswordHash(tc.in)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("ParsePasswordHash(%q) = %v, want an error with %q", tc.in, err, tc.want)
			}
			if err := casework.VerifyPassword("x", tc.in); err == nil || errors.Is(err, casework.ErrPasswordMismatch) {
				t.Errorf("VerifyPassword on a bad hash = %v, want a parse error", err)
			}
		})
	}
}

func TestCheckPassword(t *testing.T) {
	tests := []struct {
		pw string
		ok bool
	}{
		{"short", false},
		{"elevenchars", false},
		{"twelve chars", true},
		{"ünïcödé pässwörd", true},
		{string([]byte{0xff, 0xfe}) + "aaaaaaaaaaaa", false},
		{strings.Repeat("a", casework.MaxPasswordLen+1), false},
	}
	for _, tc := range tests {
		if err := casework.CheckPassword(tc.pw); (err == nil) != tc.ok {
			t.Errorf("CheckPassword(%.20q) = %v, want ok=%v", tc.pw, err, tc.ok)
		}
	}
}

// FuzzParsePasswordHash checks that no stored string panics the parser,
// and that what parses re-encodes to itself.
func FuzzParsePasswordHash(f *testing.F) {
	f.Add("$argon2id$v=19$m=64,t=1,p=1$WlpaWlpaWlpaWlpaWlpaWg$WlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlo")
	f.Add("$argon2id$v=19$m=19456,t=2,p=1$$")
	f.Add("$$$$$")
	f.Fuzz(func(t *testing.T, s string) {
		p, salt, key, err := casework.ParsePasswordHash(s)
		if err != nil {
			return
		}
		if p.Memory < 8*uint32(p.Threads) || p.Time < 1 || len(salt) < 8 || len(key) < 16 {
			t.Fatalf("accepted out-of-range %+v from %q", p, s)
		}
	})
}
