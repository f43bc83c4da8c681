// Package index finds hashes near a query: MIH, a multi-index hashing
// index for 256-bit hashes (PDQ) under Hamming distance, exact at any
// radius; Live, which serves queries from an immutable MIH snapshot plus a
// small delta so updates and rebuilds never block readers; and Exact, a
// map-based index for cryptographic hashes (MD5, SHA-256).
//
// Multi-index hashing follows M. Norouzi, A. Punjani and D. J. Fleet, "Fast
// Search in Hamming Space with Multi-Index Hashing", CVPR 2012: the 256-bit
// code is cut into m = 16 disjoint 16-bit substrings, each indexed in its
// own table. If two codes are within radius r = 16*q + a (0 <= a < 16),
// then by the pigeonhole principle one of the first a+1 substrings is
// within q bits or one of the others is within q-1 bits, so probing every
// bucket within those radii of the query's substrings finds every match;
// each candidate is then checked against the full 256-bit distance. When
// the buckets to probe hold more entries than a linear scan would read
// (large radii, or clustered data), the search scans linearly instead;
// either way the result is exactly the brute-force answer.
package index
