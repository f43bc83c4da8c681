// Package index finds hashes near a query: MIH, a multi-index hashing
// index for 256-bit hashes (PDQ) under Hamming distance, exact at any
// radius; Live, which serves queries from an immutable MIH snapshot plus a
// small delta so updates and rebuilds never block readers; and Exact, a
// map-based index for cryptographic hashes (MD5, SHA-256).
//
// Multi-index hashing follows M. Norouzi, A. Punjani and D. J. Fleet, "Fast
// Search in Hamming Space with Multi-Index Hashing", CVPR 2012: the 256-bit
// code is cut into m disjoint substrings, each indexed in its own table.
// If every table t is probed to radius r_t and the (r_t + 1) add up to at
// least r+1, then by the pigeonhole principle a code within r of the query
// has some substring t within r_t of the query's, so probing every bucket
// within those radii finds every match; each candidate is then checked
// against the full 256-bit distance. The layout depends on the index size
// (layout.go): up to 2M entries, 16 tables of 16 bits whose entries carry
// 96 more bits of their code, so most candidates are rejected without
// reading the code; above that, about 256/log2(N) tables of log2(N) bits
// (11 at 10M), as the paper advises. When the buckets to probe hold more
// entries than a linear scan would read (large radii, or clustered data),
// the search scans linearly instead; either way the result is exactly the
// brute-force answer. See README.md for measurements.
package index
