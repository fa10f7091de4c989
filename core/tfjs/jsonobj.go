package tfjs

import (
	"github.com/gotrain/gotrain/core/internal/cut"
	"math"
	"strings"

	"github.com/gotrain/gotrain/core/internal/jsonlite"
)

// Reading TF.js JSON: a decoded document with its keys in camelCase, read
// leniently as TF.js reads it, with errors that name the snake_case key the
// file has.

// jsonObj is a decoded JSON object with its keys in camelCase, as TF.js'
// convertPythonicToTs turns Keras' snake_case keys into.
type jsonObj map[string]any

// AppendJSON writes o as json.Marshal writes a map.
func (o jsonObj) AppendJSON(w *jsonlite.Writer) { w.Object(o) }

// camelKeys returns v with every object key in camelCase, recursively.
func camelKeys(v any) any {
	switch v := v.(type) {
	case map[string]any:
		o := jsonObj{}
		for k, x := range v {
			o[toCamel(k)] = camelKeys(x)
		}
		return o
	case []any:
		for i, x := range v {
			v[i] = camelKeys(x)
		}
		return v
	}
	return v
}

// toSnake turns a camelCase key back into the snake_case TF.js files use,
// for error messages: "batchInputShape" → "batch_input_shape".
func toSnake(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r >= 'A' && r <= 'Z' {
			b.WriteByte('_')
			r += 'a' - 'A'
		}
		b.WriteRune(r)
	}
	return b.String()
}

// toCamel is TF.js' toCamelCase: "batch_input_shape" → "batchInputShape".
func toCamel(s string) string {
	if !strings.Contains(s, "_") {
		return s
	}
	var b strings.Builder
	up := false
	for _, r := range s {
		switch {
		case r == '_':
			up = true
		case up:
			b.WriteString(strings.ToUpper(string(r)))
			up = false
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// has reports whether o has a non-null k.
func (o jsonObj) has(k string) bool { v, ok := o[k]; return ok && v != nil }

// obj returns o[k] if it is an object.
func (o jsonObj) obj(k string) (jsonObj, bool) {
	v, ok := o[k].(jsonObj)
	return v, ok
}

// str returns o[k] if it is a string.
func (o jsonObj) str(k string) (string, bool) {
	v, ok := o[k].(string)
	return v, ok
}

// num returns the number at k; ok is false when it is absent or null, err
// set when it is not a number.
func (o jsonObj) num(k string) (v float64, ok bool, err error) {
	x, present := o[k]
	if !present || x == nil {
		return 0, false, nil
	}
	f, isNum := x.(float64)
	if !isNum {
		return 0, false, errorf("%s is %s, not a number", toSnake(k), describeJSON(x))
	}
	return f, true, nil
}

// className returns an object's class_name (or className).
func (o jsonObj) className() string {
	s, _ := o.str("className")
	return s
}

// describeJSON names a JSON value's kind for error messages.
func describeJSON(v any) string {
	switch v := v.(type) {
	case nil:
		return "null"
	case string:
		return cut.Quoted(v)
	case float64:
		return sprintf("%v", v)
	case bool:
		return sprintf("%v", v)
	case []any:
		return "a list"
	}
	return "an object"
}

// intIn returns the integer x if it is a whole number in [lo, hi].
func intIn(x any, lo, hi int) (int, bool) {
	f, ok := x.(float64)
	if !ok || f != math.Trunc(f) || f < float64(lo) || f > float64(hi) {
		return 0, false
	}
	return int(f), true
}

// tfjsLayer is one layer of the topology as FromTfjs understands it.
