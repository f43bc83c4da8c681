package vpdq

import (
	"fmt"
	"io"
	"strconv"

	"github.com/rampart-tt/rampart/pdq"
)

// Feature is the hash of one video frame.
type Feature struct {
	Frame     int      // 0-based index of the decoded frame
	Quality   int      // PDQ quality, 0 (featureless) to 100
	Hash      pdq.Hash // PDQ hash of the frame at full resolution
	Timestamp float64  // seconds from the start: Frame divided by the frame rate
}

// String renders f as one line of the reference tool's output, without the
// newline: frame,quality,hash,timestamp with the timestamp to three
// decimals ("12,100,c0f1…55c,0.400").
func (f Feature) String() string {
	return string(f.appendLine(nil))
}

func (f Feature) appendLine(b []byte) []byte {
	b = strconv.AppendInt(b, int64(f.Frame), 10)
	b = append(b, ',')
	b = strconv.AppendInt(b, int64(f.Quality), 10)
	b = append(b, ',')
	b = append(b, f.Hash.String()...)
	b = append(b, ',')
	return strconv.AppendFloat(b, f.Timestamp, 'f', 3, 64)
}

// Write writes features one per line in the reference's layout, the form
// ParseVPDQ reads back.
func Write(w io.Writer, fs []Feature) error {
	var b []byte
	for _, f := range fs {
		b = f.appendLine(b[:0])
		b = append(b, '\n')
		if _, err := w.Write(b); err != nil {
			return fmt.Errorf("write vpdq hash: %w", err)
		}
	}
	return nil
}
