// Package bank keeps hash banks: named lists of known content (PDQ photo
// hashes, MD5 and SHA-256 file hashes, vPDQ video hashes and URLs), each entry
// labelled with the designated group behind it, the kind of content and where
// the entry came from, and an opinion (positive, investigate, negative).
//
// Banks persist in the Rampart SQLite database (tables prefixed bank_, made
// beside the store's own schema and upgraded in place by a schema version
// kept in bank_meta) and are served from memory: PDQ entries from an
// index.Live multi-index, exact hashes and URLs from index.Exact maps, vPDQ
// videos from a multi-index over their frames that finds candidate videos
// before each is compared by vpdq.Compare's rule. Adding or disabling an
// entry updates the live indexes at once, without a rebuild.
//
// Bank files are read in two layouts: an HMA-compatible CSV and native JSONL
// (README.md documents both). A file is validated whole before anything is
// written, and written in one transaction, so a bad row never leaves a bank
// half-imported. Exchanges pull add/update/delete deltas from an outside
// source (a JSONL file, an HTTP JSON feed) with a checkpoint that is stored in
// the same transaction as the deltas it covers.
//
// A bank marked suppress lists known false positives: a query that matches
// one of its entries within the bank's threshold cancels the matches of every
// other bank, and each cancelled match says which entry cancelled it.
package bank
