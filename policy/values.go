package policy

import (
	"reflect"

	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/common/types/ref"
	"cel.dev/cel-go/common/types/traits"
	rampart "github.com/rampart-tt/rampart"
)

// The maps a policy sees (subject, account, post, each signal, entity) are
// Go values shown to CEL as maps without copying them into map values:
// a field is converted only when an expression reads it. Building a CEL map
// for every signal of every post would cost more than evaluating the rules.

// record is a Go value seen from CEL as a map from field names to values.
// field reports false for a field that is absent (unknown counts, unset
// times), so that has(account.followers) tells known from unknown.
type record interface {
	names() []string
	field(name string) (ref.Val, bool)
}

// recordMap adapts a record to CEL's map traits. R is a one-pointer struct,
// so a recordMap fits in an interface without an allocation of its own.
type recordMap[R record] struct{ r R }

var (
	_ traits.Mapper = recordMap[signalRec]{}
	_ traits.Mapper = recordMap[accountRec]{}
)

// Find implements traits.Mapper. Only string keys can be present.
func (m recordMap[R]) Find(key ref.Val) (ref.Val, bool) {
	k, ok := key.(types.String)
	if !ok {
		if types.IsUnknownOrError(key) {
			return key, false
		}
		return nil, false
	}
	return m.r.field(string(k))
}

// Get implements traits.Indexer: a missing key is an error, as for CEL maps.
func (m recordMap[R]) Get(key ref.Val) ref.Val {
	if v, ok := m.Find(key); ok {
		return v
	} else if v != nil {
		return v
	}
	return types.NewErr("no such key: %v", key)
}

// Contains implements traits.Container (the "in" operator on keys).
func (m recordMap[R]) Contains(key ref.Val) ref.Val {
	_, ok := m.Find(key)
	return types.Bool(ok)
}

// Size implements traits.Sizer: the number of present fields.
func (m recordMap[R]) Size() ref.Val {
	n := 0
	for _, k := range m.r.names() {
		if _, ok := m.r.field(k); ok {
			n++
		}
	}
	return types.Int(n)
}

// materialize builds an ordinary CEL map; only the rare operations that
// need every entry (iteration, equality, conversion) use it.
func (m recordMap[R]) materialize() traits.Mapper {
	entries := make(map[ref.Val]ref.Val, len(m.r.names()))
	for _, k := range m.r.names() {
		if v, ok := m.r.field(k); ok {
			entries[types.String(k)] = v
		}
	}
	return types.NewRefValMap(types.DefaultTypeAdapter, entries)
}

// Iterator implements traits.Iterable, over the present keys.
func (m recordMap[R]) Iterator() traits.Iterator { return m.materialize().Iterator() }

// Equal implements ref.Val with CEL map equality.
func (m recordMap[R]) Equal(other ref.Val) ref.Val { return m.materialize().Equal(other) }

// ConvertToNative implements ref.Val.
func (m recordMap[R]) ConvertToNative(t reflect.Type) (any, error) {
	return m.materialize().ConvertToNative(t)
}

// ConvertToType implements ref.Val.
func (m recordMap[R]) ConvertToType(t ref.Type) ref.Val {
	switch t {
	case types.MapType:
		return m
	case types.TypeType:
		return types.MapType
	}
	return types.NewErr("type conversion error from map to '%s'", t.TypeName())
}

// Type implements ref.Val.
func (m recordMap[R]) Type() ref.Type { return types.MapType }

// Value implements ref.Val.
func (m recordMap[R]) Value() any { return m.materialize().Value() }

var (
	emptyList = types.NewStringList(types.DefaultTypeAdapter, nil)
	emptyMap  = types.NewStringInterfaceMap(types.DefaultTypeAdapter, map[string]any{})
)

func stringList(s []string) ref.Val {
	if len(s) == 0 {
		return emptyList
	}
	return types.NewStringList(types.DefaultTypeAdapter, s)
}

// subjectRec shows a Subject as {platform, kind, id}.
type subjectRec struct{ s *rampart.Subject }

var subjectNames = []string{"platform", "kind", "id"}

func (r subjectRec) names() []string { return subjectNames }
func (r subjectRec) field(name string) (ref.Val, bool) {
	switch name {
	case "platform":
		return types.String(r.s.Platform), true
	case "kind":
		return types.String(r.s.Kind), true
	case "id":
		return types.String(r.s.ID), true
	}
	return nil, false
}

// signalRec shows a Signal. Every key is always present, with "" or an
// empty list or map when the signal has no value for it. Rules read the
// same few fields of the same signals again and again, so each converted
// value is kept for the rest of the evaluation.
type signalRec struct{ c *signalCache }

type signalCache struct {
	s    *rampart.Signal
	vals [7]ref.Val // in signalNames order
}

var signalNames = []string{"detector", "kind", "entity", "group", "score", "jurisdictions", "attrs"}

func (r signalRec) names() []string { return signalNames }
func (r signalRec) field(name string) (ref.Val, bool) {
	i := -1
	switch name {
	case "detector":
		i = 0
	case "kind":
		i = 1
	case "entity":
		i = 2
	case "group":
		i = 3
	case "score":
		i = 4
	case "jurisdictions":
		i = 5
	case "attrs":
		i = 6
	default:
		return nil, false
	}
	if v := r.c.vals[i]; v != nil {
		return v, true
	}
	s := r.c.s
	var v ref.Val
	switch i {
	case 0:
		v = types.String(s.Detector)
	case 1:
		v = types.String(s.Kind)
	case 2:
		v = types.String(s.Entity)
	case 3:
		v = types.String(s.Group)
	case 4:
		v = types.Double(s.Score)
	case 5:
		v = stringList(s.Jurisdictions)
	case 6:
		if len(s.Attrs) == 0 {
			v = emptyMap
		} else {
			v = types.NewStringInterfaceMap(types.DefaultTypeAdapter, s.Attrs)
		}
	}
	r.c.vals[i] = v
	return v, true
}

// accountRec shows an Account. A nil account is the empty map. Counts and
// created_at are absent when the export did not give them.
type accountRec struct{ a *rampart.Account }

var accountNames = []string{"platform", "id", "handle", "name", "bio", "created_at",
	"followers", "following", "posts_count", "verified", "default_avatar"}

func (r accountRec) names() []string { return accountNames }
func (r accountRec) field(name string) (ref.Val, bool) {
	a := r.a
	if a == nil {
		return nil, false
	}
	switch name {
	case "platform":
		return types.String(a.Platform), true
	case "id":
		return types.String(a.ID), true
	case "handle":
		return types.String(a.Handle), true
	case "name":
		return types.String(a.Name), true
	case "bio":
		return types.String(a.Bio), true
	case "created_at":
		if a.CreatedAt.IsZero() {
			return nil, false
		}
		return types.Timestamp{Time: a.CreatedAt}, true
	case "followers":
		return optInt(a.Followers)
	case "following":
		return optInt(a.Following)
	case "posts_count":
		return optInt(a.PostsCount)
	case "verified":
		return types.Bool(a.Verified), true
	case "default_avatar":
		return types.Bool(a.Avatar != nil && a.Avatar.Default), true
	}
	return nil, false
}

func optInt(p *int64) (ref.Val, bool) {
	if p == nil {
		return nil, false
	}
	return types.Int(*p), true
}

// postRec shows a Post. A nil post is the empty map; created_at is absent
// when unknown.
type postRec struct{ p *rampart.Post }

var postNames = []string{"platform", "id", "account_id", "chat", "created_at", "text", "lang",
	"urls", "hashtags", "mentions", "reply_to", "repost_of", "media_count"}

func (r postRec) names() []string { return postNames }
func (r postRec) field(name string) (ref.Val, bool) {
	p := r.p
	if p == nil {
		return nil, false
	}
	switch name {
	case "platform":
		return types.String(p.Platform), true
	case "id":
		return types.String(p.ID), true
	case "account_id":
		return types.String(p.AccountID), true
	case "chat":
		return types.String(p.Chat), true
	case "created_at":
		if p.CreatedAt.IsZero() {
			return nil, false
		}
		return types.Timestamp{Time: p.CreatedAt}, true
	case "text":
		return types.String(p.Text), true
	case "lang":
		return types.String(p.Lang), true
	case "urls":
		return stringList(p.URLs), true
	case "hashtags":
		return stringList(p.Hashtags), true
	case "mentions":
		return stringList(p.Mentions), true
	case "reply_to":
		return types.String(p.ReplyTo), true
	case "repost_of":
		return types.String(p.RepostOf), true
	case "media_count":
		return types.Int(len(p.Media)), true
	}
	return nil, false
}

// entityRec shows a registry entity as {id, name, kind, group, category},
// every key present; all but id are "" when the registry does not know it.
type entityRec struct{ e *rampart.Entity }

var entityNames = []string{"id", "name", "kind", "group", "category"}

func (r entityRec) names() []string { return entityNames }
func (r entityRec) field(name string) (ref.Val, bool) {
	e := r.e
	switch name {
	case "id":
		return types.String(e.ID), true
	case "name":
		return types.String(e.Name), true
	case "kind":
		return types.String(e.Kind), true
	case "group":
		return types.String(e.Group), true
	case "category":
		return types.String(e.Category), true
	}
	return nil, false
}

// signalList shows the input's signals as a CEL list of signal maps.
func signalList(sigs []rampart.Signal) ref.Val {
	if len(sigs) == 0 {
		return types.NewRefValList(types.DefaultTypeAdapter, nil)
	}
	caches := make([]signalCache, len(sigs))
	vals := make([]ref.Val, len(sigs))
	for i := range sigs {
		caches[i].s = &sigs[i]
		vals[i] = recordMap[signalRec]{signalRec{&caches[i]}}
	}
	return types.NewRefValList(types.DefaultTypeAdapter, vals)
}
