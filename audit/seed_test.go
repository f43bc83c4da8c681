package audit_test

import (
	"strconv"
	"strings"
	"testing"
)

// quoteGo and unquoteSeed write and read the one []byte value of a
// "go test fuzz v1" corpus file.
func quoteGo(b []byte) string { return strconv.Quote(string(b)) }

func unquoteSeed(t *testing.T, raw []byte) []byte {
	t.Helper()
	s := strings.TrimSpace(string(raw))
	s, ok := strings.CutPrefix(s, "go test fuzz v1\n[]byte(")
	if !ok || !strings.HasSuffix(s, ")") {
		t.Fatalf("seed file is not a go test fuzz v1 []byte value")
	}
	v, err := strconv.Unquote(strings.TrimSuffix(s, ")"))
	if err != nil {
		t.Fatalf("seed file: %v", err)
	}
	return []byte(v)
}
