package casework

import (
	"strings"

	"github.com/rampart-tt/rampart"
)

// FieldError is one problem with one field of a request, named by its
// JSON path ("findings[2]", "decision.reason").
type FieldError struct {
	Field  string `json:"field"`
	Detail string `json:"detail"`
}

// FieldErrors lists every problem found in a request. It is the cause of
// an EINVALID *rampart.Error, so that a client gets all of them at once.
type FieldErrors []FieldError

func (fe FieldErrors) Error() string {
	parts := make([]string, len(fe))
	for i, e := range fe {
		parts[i] = e.Field + ": " + e.Detail
	}
	return strings.Join(parts, "; ")
}

// add records a problem.
func (fe *FieldErrors) add(field, detail string) {
	*fe = append(*fe, FieldError{Field: field, Detail: detail})
}

// err returns nil when there are no problems, else an EINVALID error.
func (fe FieldErrors) err(what string) error {
	if len(fe) == 0 {
		return nil
	}
	return &rampart.Error{Code: rampart.EINVALID, Message: what + ": " + fe.Error(), Err: fe}
}

func forbidden(format string, args ...any) error {
	return rampart.Errorf(rampart.EFORBIDDEN, format, args...)
}

func conflict(format string, args ...any) error {
	return rampart.Errorf(rampart.ECONFLICT, format, args...)
}
