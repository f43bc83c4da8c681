package main

import (
	"crypto/ed25519"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/rampart-tt/rampart/audit"
	"github.com/rampart-tt/rampart/delivery"
)

// parseInboxKeyFlags reads --inbox-key NAME=FILE values into keys (name →
// public key file), reporting each malformed one.
func parseInboxKeyFlags(vals []string, keys map[string]string) []string {
	var problems []string
	for _, v := range vals {
		name, path, ok := strings.Cut(v, "=")
		if !ok || strings.TrimSpace(name) == "" || strings.TrimSpace(path) == "" {
			problems = append(problems, fmt.Sprintf("--inbox-key %q: want NAME=FILE, e.g. pk-referral-unit=keys/pk.pub.pem", v))
			continue
		}
		keys[name] = path
	}
	return problems
}

// loadInbox reads each authority's public key (PKIX PEM, as audit
// WritePublicKey writes it and rampart's audit-key.pub.pem is) and returns
// an inbox that accepts deliveries signed by them, each key speaking for
// the name it was registered under. No keys means no inbox (nil).
func loadInbox(keys map[string]string) (*delivery.Inbox, error) {
	if len(keys) == 0 {
		return nil, nil
	}
	in := &delivery.Inbox{Keys: map[string]ed25519.PublicKey{}, Names: map[string]string{}}
	var problems []string
	for _, name := range slices.Sorted(maps.Keys(keys)) {
		pub, err := audit.LoadPublicKey(keys[name])
		if err != nil {
			problems = append(problems, fmt.Sprintf("inbox_keys.%s: key file %s: want the authority's ed25519 public key in PKIX PEM (-----BEGIN PUBLIC KEY-----): %v",
				name, keys[name], err))
			continue
		}
		id := audit.KeyID(pub)
		if other, dup := in.Names[id]; dup {
			problems = append(problems, fmt.Sprintf("inbox_keys.%s: the same key as %s; one key speaks for one authority", name, other))
			continue
		}
		in.Keys[id], in.Names[id] = pub, name
	}
	if len(problems) > 0 {
		return nil, fmt.Errorf("inbox keys:\n  %s", strings.Join(problems, "\n  "))
	}
	return in, nil
}
