// Package casework is the human side of Rampart: users and API tokens,
// cases made from findings, the review queue with exclusive claims and the
// two-person rule, and the state machine a case moves through. It holds the
// rules; the stores (rampart.UserStore, rampart.CaseStore) hold the state
// and write every change together with its audit record.
package casework
