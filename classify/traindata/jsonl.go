package traindata

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
)

// WriteJSONL writes one JSON object per example and line, with the fields
// text, label, lang, group, template and source: the schema the
// classifier's `train --data` reads.
func WriteJSONL(w io.Writer, ex []Example) error {
	bw := bufio.NewWriter(w)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false) // keep "<", ">" and "&" readable in the text
	for i, e := range ex {
		if err := enc.Encode(e); err != nil {
			return fmt.Errorf("write example %d: %w", i, err)
		}
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write jsonl: %w", err)
	}
	return nil
}
