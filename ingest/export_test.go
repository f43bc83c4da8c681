package ingest

// DecodeNativeFast exposes the fast native decoder to the external tests,
// which check it against rampart.Item.UnmarshalJSON.
var DecodeNativeFast = decodeNativeFast
