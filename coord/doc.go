// Package coord finds coordinated-behaviour networks: accounts that, again
// and again, share the same object within seconds of each other. An object
// is a repost target, a near-identical text, a canonical URL, an ordered
// hashtag sequence or a media hash; each kind is a layer. Co-shares become
// a weighted undirected account graph, Louvain communities of that graph
// become clusters, and each cluster is scored against a uniform-time null
// model so that a popular link does not tie ordinary accounts together.
//
// The method, parameters and measured agreement with CooRTweet and QUT's
// coordination-network-toolkit are in README.md.
package coord
