// Package pdq computes PDQ perceptual image hashes (Meta's 256-bit photo
// hash) bit for bit as the reference implementation in facebook/ThreatExchange
// (pdq/cpp) computes them, and decodes the image formats Rampart meets
// (JPEG, PNG, GIF, WebP, BMP, PNM) with guards against hostile files.
//
// Two front ends exist upstream and give hashes 2 to 10 bits apart on the
// same image, so callers must know which one a hash bank was built with:
//
//   - full resolution (the default): the decoded image is hashed at its own
//     size, as python-threatexchange / Hasher-Matcher-Actioner, the Java
//     port and vPDQ do;
//   - Options.Resize512: the C++ pdq-photo-hasher tool, which first squashes
//     any image with a side over 512 pixels to exactly 512x512 with
//     nearest-neighbour sampling, ignoring the aspect ratio.
//
// Bit-exactness holds for the same pixels. The reference decodes through
// ImageMagick and libjpeg-turbo; Go's JPEG decoder yields slightly different
// pixels, so JPEG hashes from this package differ from the reference tool's
// by a few bits (measured in the tests), while lossless formats match exactly.
//
// Deliberate difference: samples deeper than 8 bits (16-bit PNG, PNM with a
// maxval above 255) are reduced to 8 bits by scaling (the high byte for
// 16-bit data), where the C++ tool keeps the low byte, which is noise.
package pdq
