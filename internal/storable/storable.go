// Package storable checks that a value can be kept exactly by a store that
// writes JSON and fixed-layout times: both the SQLite and the PostgreSQL store
// refuse, by the same rules and with the same field paths, what they could
// not give back unchanged.
package storable

import (
	"fmt"
	"math"
	"reflect"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/rampart-tt/rampart"
)

// A store keeps exactly what it is given or refuses it. JSON (the native
// format, and the attrs, evidence and versions columns) can carry neither
// invalid UTF-8 (encoding/json silently replaces it) nor NaN or ±Inf, and the
// time layout holds years 0–9999 only, so such values are refused with the
// path of the offending field instead of being changed on the way in.

var timeType = reflect.TypeFor[time.Time]()

// Check walks v and returns an EINVALID *rampart.Error naming the first
// value a store cannot keep exactly. root is the path of v, such as
// "items[3]"; field names follow the JSON tags.
func Check(root string, v any) error {
	if rev, why := walk(reflect.ValueOf(v)); why != "" {
		var b strings.Builder
		b.WriteString(root)
		for i := len(rev) - 1; i >= 0; i-- {
			b.WriteString(rev[i])
		}
		return rampart.Errorf(rampart.EINVALID, "%s: %s", b.String(), why)
	}
	return nil
}

// walk returns why v cannot be stored and, in reverse, the path segments
// (".field", "[3]") down to the offending value. Segments are built only on
// failure, which keeps the common case free of allocations.
func walk(v reflect.Value) (rev []string, why string) {
	if !v.IsValid() {
		return nil, ""
	}
	switch v.Kind() {
	case reflect.String:
		if !utf8.ValidString(v.String()) {
			return nil, "invalid UTF-8; readers must repair input first (see rampart.FlagInvalidUTF8)"
		}
	case reflect.Float32, reflect.Float64:
		if f := v.Float(); math.IsNaN(f) || math.IsInf(f, 0) {
			return nil, fmt.Sprintf("%v cannot be stored (JSON has no NaN or infinity)", f)
		}
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			return walk(v.Elem())
		}
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			if rev, why := walk(v.Index(i)); why != "" {
				return append(rev, "["+strconv.Itoa(i)+"]"), why
			}
		}
	case reflect.Map:
		iter := v.MapRange()
		for iter.Next() {
			k := iter.Key()
			if k.Kind() == reflect.String && !utf8.ValidString(k.String()) {
				return []string{"." + strconv.Quote(k.String())}, "key is invalid UTF-8"
			}
			if rev, why := walk(iter.Value()); why != "" {
				return append(rev, "."+fmt.Sprint(k.Interface())), why
			}
		}
	case reflect.Struct:
		if v.Type() == timeType {
			if y := v.Interface().(time.Time).Year(); y < 0 || y > 9999 {
				return nil, fmt.Sprintf("year %d is outside 0–9999", y)
			}
			return nil, ""
		}
		t := v.Type()
		for i := range t.NumField() {
			f := t.Field(i)
			if !f.IsExported() {
				continue
			}
			if rev, why := walk(v.Field(i)); why != "" {
				name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
				if name == "" || name == "-" {
					name = strings.ToLower(f.Name)
				}
				return append(rev, "."+name), why
			}
		}
	}
	return nil, ""
}
