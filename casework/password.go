package casework

import (
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/crypto/argon2"
)

// PasswordParams are argon2id cost parameters (RFC 9106). They are stored
// with every hash, so raising them later only changes new hashes; old
// ones still verify and NeedsRehash tells when to replace them.
type PasswordParams struct {
	Memory  uint32 // KiB
	Time    uint32 // passes
	Threads uint8
	SaltLen uint32 // bytes
	KeyLen  uint32 // bytes
}

// DefaultPasswordParams follow the OWASP Password Storage Cheat Sheet's
// first argon2id configuration: 19 MiB of memory, 2 passes, 1 lane,
// with a 16-byte salt and a 32-byte key.
var DefaultPasswordParams = PasswordParams{Memory: 19 * 1024, Time: 2, Threads: 1, SaltLen: 16, KeyLen: 32}

// Password length bounds. NIST SP 800-63B sets 8 characters as the floor
// and asks that long passphrases be accepted; these accounts reach
// counter-terrorism casework, so the floor here is 12. The upper bound only
// stops a request from making the server hash megabytes.
const (
	MinPasswordLen = 12
	MaxPasswordLen = 1024
)

// Bounds on parameters read back from a stored hash, so that a corrupted
// or hostile row cannot make verification allocate gigabytes or spin.
const (
	maxMemoryKiB = 4 << 20 // 4 GiB
	maxTime      = 64
	maxKeyLen    = 1024
)

// ErrPasswordMismatch is what VerifyPassword returns for a wrong password.
var ErrPasswordMismatch = errors.New("password does not match")

// CheckPassword reports what is wrong with a new password, nil if nothing.
func CheckPassword(pw string) error {
	n := utf8.RuneCountInString(pw)
	switch {
	case !utf8.ValidString(pw):
		return errors.New("the password is not valid UTF-8")
	case n < MinPasswordLen:
		return fmt.Errorf("the password has %d characters; use at least %d (a passphrase of several words is easiest)", n, MinPasswordLen)
	case len(pw) > MaxPasswordLen:
		return fmt.Errorf("the password is longer than %d bytes", MaxPasswordLen)
	}
	return nil
}

// HashPassword returns the PHC string of pw under p with a fresh salt
// from rand:
//
//	$argon2id$v=19$m=19456,t=2,p=1$<salt>$<key>
//
// with salt and key in unpadded standard base64, as the PHC string format
// specifies.
func HashPassword(pw string, p PasswordParams, rand io.Reader) (string, error) {
	if p.Memory < 8*uint32(p.Threads) || p.Time < 1 || p.Threads < 1 || p.SaltLen < 8 || p.KeyLen < 16 {
		return "", fmt.Errorf("hash password: parameters %+v are below argon2id's minimums", p)
	}
	salt := make([]byte, p.SaltLen)
	if _, err := io.ReadFull(rand, salt); err != nil {
		return "", fmt.Errorf("hash password: read salt: %w", err)
	}
	key := argon2.IDKey([]byte(pw), salt, p.Time, p.Memory, p.Threads, p.KeyLen)
	return encodePHC(p, salt, key), nil
}

func encodePHC(p PasswordParams, salt, key []byte) string {
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, p.Memory, p.Time, p.Threads,
		b64.EncodeToString(salt), b64.EncodeToString(key))
}

// ParsePasswordHash decodes a PHC string written by HashPassword. Errors
// name the field that is wrong.
func ParsePasswordHash(s string) (PasswordParams, []byte, []byte, error) {
	var p PasswordParams
	fail := func(format string, a ...any) (PasswordParams, []byte, []byte, error) {
		return p, nil, nil, fmt.Errorf("password hash: "+format, a...)
	}
	parts := strings.Split(s, "$")
	if len(parts) != 6 || parts[0] != "" {
		return fail("want 5 '$'-separated fields ($argon2id$v=19$m=…,t=…,p=…$salt$key), got %d", len(parts)-1)
	}
	if parts[1] != "argon2id" {
		return fail("algorithm %q is not argon2id", parts[1])
	}
	if parts[2] != "v="+strconv.Itoa(argon2.Version) {
		return fail("version %q: want v=%d", parts[2], argon2.Version)
	}
	seen := map[string]bool{}
	for _, kv := range strings.Split(parts[3], ",") {
		k, v, ok := strings.Cut(kv, "=")
		if !ok || seen[k] {
			return fail("parameter %q: want m=…,t=…,p=… once each", kv)
		}
		seen[k] = true
		n, err := strconv.ParseUint(v, 10, 32)
		if err != nil {
			return fail("parameter %s: %q is not a number", k, v)
		}
		switch k {
		case "m":
			p.Memory = uint32(n)
		case "t":
			p.Time = uint32(n)
		case "p":
			if n > 255 {
				return fail("parameter p=%d: at most 255 lanes", n)
			}
			p.Threads = uint8(n)
		default:
			return fail("unknown parameter %q", k)
		}
	}
	switch {
	case len(seen) != 3:
		return fail("parameters %q: want m, t and p", parts[3])
	case p.Threads < 1 || p.Time < 1 || p.Time > maxTime:
		return fail("t=%d,p=%d out of range (t 1–%d, p ≥ 1)", p.Time, p.Threads, maxTime)
	case p.Memory < 8*uint32(p.Threads) || p.Memory > maxMemoryKiB:
		return fail("m=%d out of range (8×p to %d KiB)", p.Memory, maxMemoryKiB)
	}
	salt, err := base64.RawStdEncoding.Strict().DecodeString(parts[4])
	if err != nil || len(salt) < 8 {
		return fail("salt is not unpadded base64 of at least 8 bytes")
	}
	key, err := base64.RawStdEncoding.Strict().DecodeString(parts[5])
	if err != nil || len(key) < 16 || len(key) > maxKeyLen {
		return fail("key is not unpadded base64 of 16 to %d bytes", maxKeyLen)
	}
	p.SaltLen, p.KeyLen = uint32(len(salt)), uint32(len(key))
	return p, salt, key, nil
}

// VerifyPassword checks pw against a PHC string in constant time with
// respect to the key. A wrong password is ErrPasswordMismatch; a hash
// that does not parse is another error.
func VerifyPassword(pw, encoded string) error {
	p, salt, key, err := ParsePasswordHash(encoded)
	if err != nil {
		return err
	}
	got := argon2.IDKey([]byte(pw), salt, p.Time, p.Memory, p.Threads, p.KeyLen)
	if subtle.ConstantTimeCompare(got, key) != 1 {
		return ErrPasswordMismatch
	}
	return nil
}

// NeedsRehash reports whether a hash was made with weaker parameters than
// want, so that a successful sign-in can store a stronger one.
func NeedsRehash(encoded string, want PasswordParams) bool {
	p, _, _, err := ParsePasswordHash(encoded)
	return err != nil || p.Memory < want.Memory || p.Time < want.Time || p.KeyLen < want.KeyLen || p.SaltLen < want.SaltLen
}
