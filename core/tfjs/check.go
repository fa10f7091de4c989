package tfjs

import "github.com/gotrain/gotrain/core/internal/jsonlite"

// JSONChecker checks a model.json, topology or training config piece by
// piece against the bounds Import applies before decoding (jsonBounds):
// a caller that reads a document in pieces (the WebAssembly binding copies
// a JavaScript string in 1 MB slices) refuses a hostile one at the first
// piece past them, before anything parses it whole.
type JSONChecker struct{ c jsonlite.BoundsChecker }

// NewJSONChecker returns a checker at the start of a document.
func NewJSONChecker() *JSONChecker {
	return &JSONChecker{c: jsonlite.BoundsChecker{Bounds: jsonBounds}}
}

// Check checks the next piece. Its error reads "holds more than 250000
// values (at byte 2150033): more than a model gotrain can load", for the
// caller to prefix with the call and the document's name; after an error
// every Check returns it again.
func (j *JSONChecker) Check(p []byte) error {
	if err := j.c.Write(p); err != nil {
		return errorf("holds %v: more than a model gotrain can load", err)
	}
	return nil
}
