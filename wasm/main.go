//go:build js && wasm

// Command wasm is gotrain's WebAssembly module: it converts JavaScript values
// and calls package core. gotrain.js loads it, setting a random id as
// globalThis.__gotrain_boot while it starts the program (it reads no
// command line: package os would add ~20 KB of brotli to the module for
// os.Args); main registers the API object as
// globalThis.__gotrain_<id> (gotrain.js takes it and deletes the global),
// calls globalThis.__gotrain_ready_<id>() if present, and blocks forever so
// that the exported functions stay callable. Nothing here ever exits: every
// exported function turns errors and panics into JavaScript Error values.
package main

import (
	"syscall/js"

	"github.com/gotrain/gotrain/core"
)

func main() {
	id := "default"
	if v := js.Global().Get("__gotrain_boot"); typeOf(v) == js.TypeString && v.String() != "" {
		id = v.String()
	}
	_ = applyMemoryLimit(core.DefaultMemoryLimit)
	js.Global().Set("__gotrain_"+id, newAPI())
	if ready := js.Global().Get("__gotrain_ready_" + id); typeOf(ready) == js.TypeFunction {
		ready.Invoke()
	}
	select {}
}
