// Package rampart is the vocabulary of Rampart: the plain types that flow
// from ingest through detection and policy into the store and casework, and
// the small interfaces that capabilities implement. It depends only on the
// standard library; every other package depends on it.
//
// The flow is: a reader yields Items (an Account or a Post); Detectors look at
// one Item and return Signals; Analyzers look at a window of Items and return
// Signals about accounts; a policy turns the Signals of one Subject into a
// Decision; the Subject, its Signals and the Decision together are a Finding.
package rampart
