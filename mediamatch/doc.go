// Package mediamatch is the pipeline detector for known content: it looks up
// a post's media, an account's avatar and the URLs a post links to in the hash
// banks (package bank) and reports each match as a hash_match signal that the
// policy can act on.
//
// Hashes already in the export (sha256, pdq) are used as they are. Local
// files named by a media or avatar path are hashed only when Config.HashFiles
// is set, and only inside the directory of the input file (Item.Origin.File):
// a path that leaves it, even through a symbolic link, is refused. Nothing is
// ever fetched from a URL. A media file that is missing or corrupt never fails
// the item: the detector counts it (Errors) and calls Config.OnError, and
// carries on with the other media.
//
// The signal contract, which the shipped policy reads (docs/policy.md):
// Detector "hash", Kind "hash_match", Entity and Group from the entry's group
// label, Jurisdictions from Config.Jurisdictions(group), Score 1 - distance/256
// for PDQ and 1 for exact types, and Attrs bank, entry, signal_type, distance,
// threshold, labels and opinion. A match that a suppression bank cancelled is
// still reported, so a reviewer sees it, but its opinion attribute is
// "negative" (the suppression bank's verdict), entry_opinion keeps the
// entry's own, and suppressed_by names the cancelling entry; the policy's
// positive-opinion rules therefore do not fire on it.
package mediamatch
