//go:build js && wasm

// Command wasm is gotrain's WebAssembly module: it converts JavaScript values
// and calls package core. gotrain.js loads it, passing a random id as the
// program's first argument; main registers the API object as
// globalThis.__gotrain_<id> (gotrain.js takes it and deletes the global),
// calls globalThis.__gotrain_ready_<id>() if present, and blocks forever so
// that the exported functions stay callable. Nothing here ever exits: every
// exported function turns errors and panics into JavaScript Error values.
package main

import (
	"os"
	"syscall/js"
)

func main() {
	id := "default"
	if len(os.Args) > 1 && os.Args[1] != "" {
		id = os.Args[1]
	}
	js.Global().Set("__gotrain_"+id, newAPI())
	if ready := js.Global().Get("__gotrain_ready_" + id); typeOf(ready) == js.TypeFunction {
		ready.Invoke()
	}
	select {}
}
