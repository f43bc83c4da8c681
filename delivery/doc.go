// Package delivery moves referrals, orders and preservation requests from
// an authority to a platform and keeps proof of it: per-platform export
// packages (JSON, CSV and a printable HTML summary), signed webhook
// delivery through a persistent outbox with retries, exponential backoff
// and a dead-letter list, and the inbox that verifies what arrives
// (ed25519 signature, freshness, idempotency key) before applying it once.
// See README.md for the wire format.
package delivery
