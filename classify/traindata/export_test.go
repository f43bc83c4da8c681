package traindata

import "io"

// ParseTemplates exposes the template parser to the external tests.
func ParseTemplates(r io.Reader, name, lang string) (int, error) {
	fs, err := parseTemplates(r, name, lang)
	return len(fs), err
}
