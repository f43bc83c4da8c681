package bank

import (
	"fmt"
	"strings"

	"github.com/rampart-tt/rampart"
)

// maxRowErrors bounds how many bad rows a FileError lists; the rest are only
// counted, so a wholly wrong file still gives a short message.
const maxRowErrors = 50

// RowError is one bad row of a bank file.
type RowError struct {
	Line int // 1-based
	Err  error
}

func (e RowError) Error() string { return fmt.Sprintf("line %d: %v", e.Line, e.Err) }

// FileError rejects a whole bank file: it lists the bad rows by line number.
// Nothing of a file with a FileError is imported.
type FileError struct {
	File  string
	Rows  []RowError // at most maxRowErrors
	Total int        // bad rows in all
}

func (e *FileError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %d bad row(s), nothing imported", e.File, e.Total)
	for _, r := range e.Rows {
		b.WriteString("; ")
		b.WriteString(r.Error())
	}
	if e.Total > len(e.Rows) {
		fmt.Fprintf(&b, "; and %d more", e.Total-len(e.Rows))
	}
	return b.String()
}

// Lines returns the line numbers of the listed bad rows.
func (e *FileError) Lines() []int {
	out := make([]int, len(e.Rows))
	for i, r := range e.Rows {
		out[i] = r.Line
	}
	return out
}

// Unwrap presents a FileError as a user-facing EINVALID error.
func (e *FileError) Unwrap() error {
	return &rampart.Error{Code: rampart.EINVALID, Message: "invalid bank file"}
}

func (e *FileError) add(line int, err error) {
	e.Total++
	if len(e.Rows) < maxRowErrors {
		e.Rows = append(e.Rows, RowError{Line: line, Err: err})
	}
}
