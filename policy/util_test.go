package policy_test

import (
	"os"
	"strconv"
	"testing"
)

func itoa(i int) string { return strconv.Itoa(i) }

func mustRead(t testing.TB, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
