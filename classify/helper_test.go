package classify_test

import (
	"bytes"
	"sync"
	"testing"

	"github.com/rampart-tt/rampart/classify"
)

var (
	toyOnce  sync.Once
	toyModel *classify.Model
	toyFile  []byte
	toyErr   error
)

// toy returns a small model trained on toyExamples, shared by tests.
func toy(t testing.TB) (*classify.Model, []byte) {
	t.Helper()
	toyOnce.Do(func() {
		toyModel, toyErr = classify.Train(t.Context(), toyExamples(), toyConfig())
		if toyErr != nil {
			return
		}
		var b bytes.Buffer
		_, toyErr = toyModel.WriteTo(&b)
		toyFile = b.Bytes()
	})
	if toyErr != nil {
		t.Fatal(toyErr)
	}
	return toyModel, toyFile
}
