// Package classify is Rampart's text classifier. It labels one post as
// propaganda, recruitment, hate, reporting, counter_speech or other, with
// calibrated probabilities for all six and the features that weighed most.
// A model may instead carry a real data set's own labels (up to six), to
// measure the learner on that set (TrainRealTask); such a model never flags.
//
// The model is a multinomial logistic regression over hashed, script-aware
// character n-grams and word unigrams and bigrams (normalised as two blocks),
// emoji and (with a small fixed
// weight) designation-matcher signals. It is trained in pure Go on the CPU,
// deterministically for a seed; calibrated by temperature scaling on a
// validation split; and saved with its decision thresholds in a versioned,
// checksummed binary file. A default model is embedded (Default).
//
// NewDetector wraps a model as a rampart.Detector; NewRemote calls a model
// server speaking the Open Inference Protocol (KServe v2) and falls back to a
// local model when the server fails. Evaluate computes the figures the
// project reports: per-class precision/recall/F1, macro-F1, the confusion
// matrix, calibration error, and the share of lawful speech flagged.
package classify
