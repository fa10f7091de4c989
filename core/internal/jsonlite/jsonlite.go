// Parts of this package (scan.go's scanner, read.go's string decoding and
// write.go's string and float writing) are ported from the Go standard
// library's encoding/json, Copyright 2010 The Go Authors, used under the
// BSD-style licence in LICENSE-GO at the repository root.

// Package jsonlite is a small, strict JSON reader and writer standing in for
// encoding/json, so that gotrain's WebAssembly build does not link
// encoding/json and the reflection it needs (about 120 KB of the module with
// brotli). It does what gotrain's model formats ask of encoding/json, with
// the same results and error messages:
//
//   - Check is json.Valid with the *json.SyntaxError json.Unmarshal returns
//     (a port of encoding/json's scanner: same messages, same offsets, same
//     nesting limit of 10000);
//   - ValueEnd, ObjectFields, ArrayItems and DecodeScalar split valid JSON
//     into json.RawMessage-like spans and decode them into *int, *uint64,
//     *float64, *bool and *string as json.Unmarshal does;
//   - Decode is json.Unmarshal into an any: map[string]any, []any, float64,
//     string, bool and nil;
//   - Writer writes what json.Marshal writes: strings escaped the same way
//     (HTML-safe), floats as ES6 numbers (strconv's shortest form, 'f' for
//     exponents in [-6, 21), 'e' outside with e-07 cleaned to e-7), map keys
//     sorted.
//
// scan.go validates, read.go reads valid JSON, write.go writes. The tests
// compare all of it with encoding/json (jsonlite_test.go, FuzzJSON).
package jsonlite

import "errors"

// maxDepth is encoding/json's limit on nesting.
const maxDepth = 10000

// SyntaxError is json.SyntaxError: the message and the number of bytes
// read when the error was found.
type SyntaxError struct {
	msg string
	// Offset is the number of bytes read when the error was found.
	Offset int64
}

func (e *SyntaxError) Error() string { return e.msg }

// jsonErr is any other decoding error, worded as encoding/json's.
type jsonErr struct{ msg string }

func (e *jsonErr) Error() string { return e.msg }

// ErrType is DecodeScalar's error for a value dst cannot hold.
var ErrType = errors.New("json: cannot unmarshal the value into this type")
