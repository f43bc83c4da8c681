package sim

// Internal encoders, exported to the external tests that compare them with
// encoding/json.
var (
	AppendItem  = appendItem
	AppendLabel = appendLabel
)
