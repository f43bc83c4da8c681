package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/rampart-tt/rampart"
	"github.com/rampart-tt/rampart/casework"
)

// readBody reads a request body of at most limit bytes; a larger one is
// ETOOLARGE.
func readBody(w http.ResponseWriter, r *http.Request, limit int64) ([]byte, error) {
	if r.Body == nil {
		return nil, nil
	}
	b, err := io.ReadAll(http.MaxBytesReader(w, r.Body, limit))
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return nil, rampart.Errorf(rampart.ETOOLARGE, "the request body is over %d bytes", limit)
	}
	if err != nil {
		return nil, rampart.Errorf(rampart.EINVALID, "read the request body: %v", err)
	}
	return b, nil
}

// Decode parses one JSON object from b into v, refusing unknown fields and
// trailing data. Errors are EINVALID and name the JSON path of the problem.
func Decode(b []byte, v any) error {
	if len(bytes.TrimSpace(b)) == 0 {
		return invalidField("", "the request body is empty; send a JSON object")
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return decodeError(err)
	}
	end := dec.InputOffset()
	if _, err := dec.Token(); err != io.EOF {
		return invalidField("", fmt.Sprintf("unexpected data after the JSON object, which ends at byte %d", end))
	}
	return nil
}

func decodeError(err error) error {
	var (
		se *json.SyntaxError
		te *json.UnmarshalTypeError
	)
	switch {
	case errors.As(err, &se):
		return invalidField("", fmt.Sprintf("malformed JSON at byte %d: %v", se.Offset, se))
	case errors.As(err, &te):
		field := te.Field
		if field == "" {
			field = "$"
		}
		return invalidField(field, fmt.Sprintf("got a JSON %s, want %s", te.Value, jsonKind(te.Type.String())))
	case errors.Is(err, io.ErrUnexpectedEOF):
		return invalidField("", "malformed JSON: the body ends inside a value")
	}
	if name, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
		name = strings.Trim(name, `"`)
		return invalidField(name, "unknown field; see the OpenAPI document for the fields this request takes")
	}
	return invalidField("", "malformed JSON: "+err.Error())
}

// jsonKind names a Go type as a JSON client would think of it.
func jsonKind(goType string) string {
	switch {
	case strings.HasPrefix(goType, "[]"):
		return "an array"
	case strings.HasPrefix(goType, "int"), strings.HasPrefix(goType, "uint"), strings.HasPrefix(goType, "float"):
		return "a number"
	case goType == "string", strings.HasSuffix(goType, "Role"), strings.HasSuffix(goType, "Action"), strings.HasSuffix(goType, "CaseStatus"):
		return "a string"
	case goType == "bool":
		return "a boolean"
	}
	return "an object"
}

func invalidField(field, detail string) error {
	msg := detail
	if field != "" {
		msg = field + ": " + detail
	}
	return &rampart.Error{Code: rampart.EINVALID, Message: msg, Err: casework.FieldErrors{{Field: field, Detail: detail}}}
}
