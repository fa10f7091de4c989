package core

import "github.com/gotrain/gotrain/core/internal/cut"

// CutText returns untrusted text (a name, a label, a cell, an option value)
// as an error message may quote it: at most 60 characters and "…",
// characters that would not print replaced by '?'. Every message of core
// that quotes input does this; the WebAssembly binding uses it for its own.
func CutText(s string) string { return cut.Text(s) }
