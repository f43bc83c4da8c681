// Package traindata provides training data for Rampart's text classifier:
// a constructed multilingual corpus generated deterministically from
// hand-written template families (Constructed, Split, WriteJSONL), and
// loaders for the real labelled sets kept under shared/data/text (RUHSOLD,
// HS-Urdu, OSACT 2022 and the Arabic offensive-language collection).
//
// The constructed corpus follows docs/labelling.md: every label names the
// designated groups, so that a group's name alone cannot decide the label;
// the cues that should decide are stance and voice. One whole group (hgb,
// the Hafiz Gul Bahadur group) is never mentioned, so that evaluation on
// its items measures generalisation to an unseen group.
package traindata
