package discordtest

import (
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/santhosh-tekuri/jsonschema/v6/kind"
)

// describe flattens a validation error into one line per violation.
//
// The library's own rendering is a tree that, for the spec's many
// oneOf/anyOf unions (11 option kinds, 7 callback kinds, ...), lists why
// every alternative failed: mostly noise like "value must be 3" for each
// option type the value was never meant to be. So alternatives rejected
// merely for their discriminator (a wrong "type"/const/enum, or the wrong
// JSON type such as the {"type":"null"} arm) are dropped, and only the
// alternatives that were plausibly intended are reported. If every
// alternative was rejected that way, one line summarises what would have
// been accepted.
func describe(e *jsonschema.ValidationError) []string {
	d := describer{seen: map[string]bool{}}
	d.walk(e)
	if len(d.lines) == 0 {
		// Should not happen, but never hide a failure.
		return []string{e.Error()}
	}
	return d.lines
}

type describer struct {
	lines []string
	seen  map[string]bool
}

func (d *describer) add(line string) {
	if !d.seen[line] {
		d.seen[line] = true
		d.lines = append(d.lines, line)
	}
}

func (d *describer) walk(e *jsonschema.ValidationError) {
	switch k := e.ErrorKind.(type) {
	case *kind.AnyOf:
		d.alternatives(e)
		return
	case *kind.OneOf:
		if k.Subschemas == nil { // none matched; otherwise "too many matched" is a leaf
			d.alternatives(e)
			return
		}
	}
	if len(e.Causes) == 0 {
		d.add(leafMessage(e))
		return
	}
	for _, c := range e.Causes {
		d.walk(c)
	}
}

// alternatives reports a failed anyOf/oneOf; each cause is one alternative.
func (d *describer) alternatives(e *jsonschema.ValidationError) {
	loc := e.InstanceLocation
	var viable []*jsonschema.ValidationError
	for _, c := range e.Causes {
		if !discriminated(c, loc) {
			viable = append(viable, c)
		}
	}
	for _, c := range viable {
		d.walk(c)
	}
	if len(viable) == 0 {
		d.add(summarize(e, loc))
	}
}

// discriminated reports whether an alternative failed on its identity: the
// value at loc has the wrong JSON type or the wrong constant, or loc's
// "type" member is not one this alternative accepts.
func discriminated(e *jsonschema.ValidationError, loc []string) bool {
	typeLoc := append(slices.Clip(loc), "type")
	found := false
	visitLeaves(e, func(l *jsonschema.ValidationError) {
		switch l.ErrorKind.(type) {
		case *kind.Type:
			found = found || slices.Equal(l.InstanceLocation, loc)
		case *kind.Const, *kind.Enum:
			found = found || slices.Equal(l.InstanceLocation, loc) || slices.Equal(l.InstanceLocation, typeLoc)
		}
	})
	return found
}

func visitLeaves(e *jsonschema.ValidationError, fn func(*jsonschema.ValidationError)) {
	if len(e.Causes) == 0 {
		fn(e)
		return
	}
	for _, c := range e.Causes {
		visitLeaves(c, fn)
	}
}

// summarize says what every rejected alternative wanted, preferring the
// discriminating "type" member, then the value itself, then its JSON type.
func summarize(e *jsonschema.ValidationError, loc []string) string {
	typeLoc := append(slices.Clip(loc), "type")
	type wanted struct {
		got  any
		want []string
	}
	var atType, atValue, jsonType wanted
	addWant := func(w *wanted, got any, vals ...any) {
		w.got = got
		for _, v := range vals {
			if s := display(v); !slices.Contains(w.want, s) {
				w.want = append(w.want, s)
			}
		}
	}
	visitLeaves(e, func(l *jsonschema.ValidationError) {
		var w *wanted
		switch {
		case slices.Equal(l.InstanceLocation, typeLoc):
			w = &atType
		case slices.Equal(l.InstanceLocation, loc):
			w = &atValue
		default:
			return
		}
		switch k := l.ErrorKind.(type) {
		case *kind.Const:
			addWant(w, k.Got, k.Want)
		case *kind.Enum:
			addWant(w, k.Got, k.Want...)
		case *kind.Type:
			if w == &atValue {
				jsonType.got = k.Got
				for _, t := range k.Want {
					if !slices.Contains(jsonType.want, t) {
						jsonType.want = append(jsonType.want, t)
					}
				}
			}
		}
	})
	sortWants(atType.want)
	sortWants(atValue.want)
	switch {
	case len(atType.want) > 0:
		return fmt.Sprintf("at %s: got %s, want one of %s (no alternative accepts this type)",
			pointer(typeLoc), display(atType.got), strings.Join(atType.want, ", "))
	case len(atValue.want) > 0:
		return fmt.Sprintf("at %s: got %s, want one of %s", pointer(loc), display(atValue.got), strings.Join(atValue.want, ", "))
	case len(jsonType.want) > 0:
		return fmt.Sprintf("at %s: got %v, want %s", pointer(loc), jsonType.got, strings.Join(jsonType.want, " or "))
	}
	return fmt.Sprintf("at %s: matches none of the %d alternatives", pointer(loc), len(e.Causes))
}

// leafMessage renders one violation the way the library does
// ("at '/0/name': maxLength: got 33, want 32") without its schema URLs.
func leafMessage(e *jsonschema.ValidationError) string {
	// The library prints counts through an English message.Printer, which
	// adds digit grouping ("got 2,001"); print the length limits plainly.
	switch k := e.ErrorKind.(type) {
	case *kind.MaxLength:
		return fmt.Sprintf("at %s: maxLength: got %d, want %d", pointer(e.InstanceLocation), k.Got, k.Want)
	case *kind.MinLength:
		return fmt.Sprintf("at %s: minLength: got %d, want %d", pointer(e.InstanceLocation), k.Got, k.Want)
	case *kind.MaxItems:
		return fmt.Sprintf("at %s: maxItems: got %d, want %d", pointer(e.InstanceLocation), k.Got, k.Want)
	case *kind.MinItems:
		return fmt.Sprintf("at %s: minItems: got %d, want %d", pointer(e.InstanceLocation), k.Got, k.Want)
	}
	return (&jsonschema.ValidationError{InstanceLocation: e.InstanceLocation, ErrorKind: e.ErrorKind}).Error()
}

// sortWants orders accepted values numerically when they are numbers, so
// "want one of 1, 2, 3" reads naturally whatever order the library
// evaluated the alternatives in.
func sortWants(w []string) {
	sort.SliceStable(w, func(i, j int) bool {
		a, errA := strconv.ParseFloat(w[i], 64)
		b, errB := strconv.ParseFloat(w[j], 64)
		if errA == nil && errB == nil {
			return a < b
		}
		return w[i] < w[j]
	})
}

func pointer(loc []string) string {
	var b strings.Builder
	b.WriteByte('\'')
	for _, tok := range loc {
		b.WriteByte('/')
		b.WriteString(escapePtr(tok))
	}
	b.WriteByte('\'')
	return b.String()
}

func display(v any) string {
	switch v := v.(type) {
	case string:
		return fmt.Sprintf("%q", v)
	case map[string]any:
		return "an object"
	case []any:
		return "an array"
	case nil:
		return "null"
	default:
		return fmt.Sprint(v)
	}
}
