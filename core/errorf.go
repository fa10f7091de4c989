package core

import "github.com/gotrain/gotrain/core/internal/fmtlite"

// errorf and sprintf are fmt.Errorf and fmt.Sprintf for core's messages,
// written by the stand-in in core/internal/fmtlite (which keeps fmt out of
// gotrain.wasm).
//
// They are not inlined: the web build compiles core with inlining on (for
// the training step), and inlined at each of core's ~300 message sites
// these one-line wrappers added 4.6 KB of brotli to gotrain.wasm, mostly
// inlining metadata, for calls that only run on errors.

//go:noinline
func errorf(format string, args ...any) error { return fmtlite.Errorf(format, args...) }

//go:noinline
func sprintf(format string, args ...any) string { return fmtlite.Sprintf(format, args...) }
