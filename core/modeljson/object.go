package modeljson

import (
	"bytes"
	"slices"
	"strconv"
	"strings"

	"github.com/gotrain/gotrain/core"
	"github.com/gotrain/gotrain/core/internal/cut"
	"github.com/gotrain/gotrain/core/internal/jsonlite"
	"github.com/gotrain/gotrain/core/internal/strsort"
)

// Reading the file's JSON: objects read field by field, so that an error
// names the field and where the object is, and arrays counted before they
// are decoded.

// Field presence rules for jsonObject.read.
const (
	required = iota // present and not null
	optional        // may be absent (keeps the zero value), not null
	nullable        // present, may be null (keeps the zero value)
)

// fieldSpec is one field for jsonObject.readAll.
type fieldSpec struct {
	name string
	dst  any // *int, *uint64, *float64, *bool, *string or *[]byte (the raw JSON)
	rule int
}

// jsonObject is a JSON object whose fields are read one by one, so that an
// error can name the field and where the object is.
type jsonObject struct {
	where  string            // "layer 2 (dense_1)"; "" for the file itself
	fields map[string][]byte // the values as json.RawMessage holds them
}

// parseObject reads raw as a JSON object.
func parseObject(raw []byte, where string) (*jsonObject, error) {
	fields, ok := jsonlite.ObjectFields(raw)
	if !ok {
		o := &jsonObject{where: where}
		return nil, o.errorf("must be a JSON object, got %s", describe(raw))
	}
	return &jsonObject{where: where, fields: fields}, nil
}

func (o *jsonObject) errorf(format string, args ...any) error {
	if o.where == "" {
		return errorf(format, args...)
	}
	return errorf(o.where+": "+format, args...)
}

// wrap places err (from a constructor or parser) at o, dropping the
// constructor's own prefix (a layer kind's name, "dense: ").
func (o *jsonObject) wrap(err error) error {
	msg := err.Error()
	for _, k := range core.LayerKinds() {
		msg = strings.TrimPrefix(msg, k.Kind+": ")
	}
	return o.errorf("%s", msg)
}

// check refuses fields not listed in known.
func (o *jsonObject) check(known ...string) error {
	var unknown []string
	for k := range o.fields {
		if !slices.Contains(known, k) {
			unknown = append(unknown, k)
		}
	}
	if len(unknown) == 0 {
		return nil
	}
	strsort.Strings(unknown)
	return o.errorf("unknown field %s (known: %s)", cut.Quoted(unknown[0]), strings.Join(known, ", "))
}

// read decodes field name into dst following rule.
func (o *jsonObject) read(name string, dst any, rule int) error {
	v, ok := o.fields[name]
	if !ok {
		if rule == optional {
			return nil
		}
		return o.errorf("missing field '%s'", name)
	}
	if isNull(v) {
		if rule == nullable {
			return nil
		}
		return o.errorf("field '%s' is null, want %s", name, wantOf(dst))
	}
	if rm, ok := dst.(*[]byte); ok {
		*rm = v
		return nil
	}
	if err := jsonlite.DecodeScalar(v, dst); err != nil {
		return o.errorf("field '%s' must be %s, got %s", name, wantOf(dst), describe(v))
	}
	return nil
}

// readAll reads every field in order, stopping at the first error.
func (o *jsonObject) readAll(specs ...fieldSpec) error {
	for _, s := range specs {
		if err := o.read(s.name, s.dst, s.rule); err != nil {
			return err
		}
	}
	return nil
}

// isNull reports whether raw is the JSON null.
func isNull(raw []byte) bool { return string(bytes.TrimSpace(raw)) == "null" }

// wantOf describes the JSON value dst takes.
func wantOf(dst any) string {
	switch dst.(type) {
	case *int:
		return "an integer"
	case *uint64:
		return "an integer ≥ 0"
	case *float64:
		return "a number"
	case *bool:
		return "true or false"
	case *string:
		return "a string"
	}
	return "a value"
}

// describe names the kind of a JSON value, quoting short scalars.
func describe(raw []byte) string {
	s := bytes.TrimSpace(raw)
	if len(s) == 0 {
		return "nothing"
	}
	switch s[0] {
	case '{':
		return "an object"
	case '[':
		return "an array"
	case '"':
		return "the string " + cut.Bytes(s)
	case 't', 'f', 'n':
		return cut.Bytes(s)
	}
	return "the number " + cut.Bytes(s)
}

// arrayLen counts the elements of raw if it is a JSON array (raw must be
// valid JSON), without decoding them.
func arrayLen(raw []byte) (int, bool) {
	s := bytes.TrimSpace(raw)
	if len(s) < 2 || s[0] != '[' {
		return 0, false
	}
	inner := bytes.TrimSpace(s[1 : len(s)-1])
	if len(inner) == 0 {
		return 0, true
	}
	n, depth, inString, escaped := 1, 0, false, false
	for _, c := range inner {
		switch {
		case inString:
			switch {
			case escaped:
				escaped = false
			case c == '\\':
				escaped = true
			case c == '"':
				inString = false
			}
		case c == '"':
			inString = true
		case c == '[' || c == '{':
			depth++
		case c == ']' || c == '}':
			depth--
		case c == ',' && depth == 0:
			n++
		}
	}
	return n, true
}

// readArray splits a JSON array of at most limit elements.
func readArray(raw []byte, what string, limit int) ([][]byte, error) {
	n, ok := arrayLen(raw)
	if !ok {
		return nil, errorf("%s must be an array, got %s", what, describe(raw))
	}
	if n > limit {
		return nil, errorf("%s has %d elements, more than the %d allowed", what, n, limit)
	}
	items, ok := jsonlite.ArrayItems(raw)
	if !ok { // not reached: arrayLen said it is an array
		return nil, errorf("%s must be an array, got %s", what, describe(raw))
	}
	return items, nil
}

// readFloats parses a JSON array of at most limit numbers. Unlike
// encoding/json it refuses null elements (which it would read as 0) and
// counts the elements before allocating.
func readFloats(raw []byte, what string, limit int) ([]float64, error) {
	n, ok := arrayLen(raw)
	if !ok {
		return nil, errorf("%s must be an array of numbers, got %s", what, describe(raw))
	}
	if n > limit {
		return nil, errorf("%s has %d values, more than the %d expected", what, n, limit)
	}
	out := make([]float64, 0, n)
	s := bytes.TrimSpace(raw)
	i := 1 // after '['
	for k := 0; k < n; k++ {
		for i < len(s) && isSpace(s[i]) {
			i++
		}
		start := i
		for i < len(s) && strings.IndexByte("+-.eE0123456789", s[i]) >= 0 {
			i++
		}
		if i == start {
			return nil, errorf("%s: value %d is %s, want a number", what, k, describe(elementAt(s[start:])))
		}
		v, err := strconv.ParseFloat(string(s[start:i]), 64)
		if err != nil {
			return nil, errorf("%s: value %d (%s) is out of range", what, k, cut.Bytes(s[start:i]))
		}
		out = append(out, v)
		for i < len(s) && (isSpace(s[i]) || s[i] == ',') {
			i++
		}
	}
	return out, nil
}

// elementAt returns the JSON value at the start of s (valid JSON), for
// describing it.
func elementAt(s []byte) []byte {
	if end := jsonlite.ValueEnd(s, 0); end > 0 {
		return s[:end]
	}
	return s[:min(len(s), 1)]
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }
