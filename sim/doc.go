// Package sim generates a synthetic social platform with ground truth, for
// testing and benchmarking Rampart's detectors end to end.
//
// Generate writes accounts and posts as native JSON Lines (the format read by
// rampart.Item.UnmarshalJSON) and, separately, one label per account and per
// post saying what it really is: organic chatter, news and research about
// designated groups, counter-speech, lawful rights activism, propaganda,
// recruitment, bot amplification networks and ban-evading re-creations of
// removed accounts. Lawful and unlawful posts both name the same groups, so
// that a detector cannot score well on name mentions alone.
//
// Everything is invented: account names, handles, outlets, links and events.
// Output is a pure function of Config: the same seed gives byte-identical
// files, and posts stream out in time order in memory proportional to the
// number of accounts, not posts.
package sim
