package classify

import (
	_ "embed"
	"fmt"
	"sync"
)

//go:embed model/default.rmodel
var defaultModel []byte

var (
	defaultOnce sync.Once
	defaultM    *Model
	defaultErr  error
)

// Default returns the embedded default model (classify/model/default.rmodel;
// its training data and figures are in classify/README.md). It is loaded
// once and shared.
func Default() (*Model, error) {
	defaultOnce.Do(func() {
		defaultM, defaultErr = Load(defaultModel)
		if defaultErr != nil {
			defaultErr = fmt.Errorf("embedded default model: %w", defaultErr)
		}
	})
	return defaultM, defaultErr
}

// DefaultBytes returns the embedded default model file.
func DefaultBytes() []byte { return append([]byte(nil), defaultModel...) }
