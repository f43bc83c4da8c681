// Package pipeline runs detectors and the policy over a stream of items and
// emits, in input order, each item with its finding (when it has signals).
//
// Work is spread over a fixed number of workers in batches, so that the cost
// of channels and goroutine hand-off is paid per batch rather than per item;
// a reorder buffer restores input order before results leave the pipeline.
// Memory is bounded by workers × batch size, whatever the input size.
//
// A post is looked at with its author when the input carried the author's
// account earlier: the policy sees the account's facts, and the groups the
// author's profile names are attached to the post as links (authorlinks.go).
package pipeline
