package ingest

import "github.com/rampart-tt/rampart"

// media decodes a media array of flat objects whose keys are exactly
// type, path, url, sha256 and pdq, each a string at most once: what Rampart
// and its exporters write. Anything else (other keys, other value types,
// null, duplicates) is declined, and the caller falls back to encoding/json,
// whose result for this subset is the same. Half the cost of decoding a post
// with media was reflection in encoding/json before this path.
func (f fastField) media() ([]rampart.Media, bool) {
	if f.typ != '[' {
		return nil, false
	}
	s := fastScanner{b: f.raw, i: 1}
	var out []rampart.Media
	s.ws()
	if s.eat(']') {
		return []rampart.Media{}, s.i == len(s.b)
	}
	for {
		s.ws()
		m, ok := s.mediaObject()
		if !ok {
			return nil, false
		}
		out = append(out, m)
		s.ws()
		if s.eat(',') {
			continue
		}
		return out, s.eat(']') && s.i == len(s.b)
	}
}

func (s *fastScanner) mediaObject() (rampart.Media, bool) {
	var m rampart.Media
	if !s.eat('{') {
		return m, false
	}
	var seen uint8
	s.ws()
	if s.eat('}') {
		return m, true
	}
	for {
		s.ws()
		key, ok := s.plainString()
		if !ok {
			return m, false
		}
		s.ws()
		if !s.eat(':') {
			return m, false
		}
		s.ws()
		if s.i >= len(s.b) || s.b[s.i] != '"' {
			return m, false
		}
		v, ok := s.stringValue()
		if !ok {
			return m, false
		}
		var bit uint8
		var dst *string
		switch string(key) {
		case "type":
			bit, dst = 1, &m.Type
		case "path":
			bit, dst = 2, &m.Path
		case "url":
			bit, dst = 4, &m.URL
		case "sha256":
			bit, dst = 8, &m.SHA256
		case "pdq":
			bit, dst = 16, &m.PDQ
		default:
			return m, false
		}
		if seen&bit != 0 {
			return m, false
		}
		seen |= bit
		*dst = string(v)
		s.ws()
		if s.eat(',') {
			continue
		}
		return m, s.eat('}')
	}
}
