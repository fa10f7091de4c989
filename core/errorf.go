package core

import "github.com/gotrain/gotrain/core/internal/fmtlite"

// errorf is fmt.Errorf for core's messages, written by the stand-in in
// core/internal/fmtlite (which keeps fmt out of gotrain.wasm).
func errorf(format string, args ...any) error { return fmtlite.Errorf(format, args...) }

// sprintf is fmt.Sprintf, likewise.
func sprintf(format string, args ...any) string { return fmtlite.Sprintf(format, args...) }
