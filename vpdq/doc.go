// Package vpdq hashes videos the way Meta's vPDQ does and compares the
// resulting hash lists.
//
// A vPDQ hash is the list of PDQ hashes of a video's frames, each with its
// frame number, PDQ quality (0-100) and timestamp in seconds. Frames come
// from ffmpeg, run as a system command that decodes the first video stream
// to raw RGB24 at the stream's own size (no scaling, no auto-rotation, one
// output frame per decoded frame); each frame is hashed at full resolution
// with pdq.HashPixels, as the reference vpdq-hash-video does through libav.
// Frames are streamed one at a time, so memory stays at a frame or two
// whatever the video's length.
//
// Comparison follows the algorithm in the reference's documentation
// (facebook/ThreatExchange, vpdq/README.md, "Comparison (Matching)
// Algorithm"): both lists are reduced to their unique hashes, frames below
// a quality threshold (50) are dropped, and for each remaining frame of
// one video we ask whether any frame of the other lies within a Hamming
// distance (31). The shares of frames matched in each direction decide the
// match. Frame numbers and timestamps play no part: a video is a bag of
// frame hashes, so clips, re-encodes and re-orderings still match.
//
// Per-frame hashes depend on the decoder: the same file decoded by two
// ffmpeg versions gives frames a few bits apart, so hashes must be
// compared with Compare, never byte for byte.
package vpdq
