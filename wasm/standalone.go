//go:build js && wasm

package main

import (
	"syscall/js"

	"github.com/gotrain/gotrain/core"
)

// exportStandalone(handle, { dtype, classNames }) → the text of the
// standalone predictor module (core.Standalone).
func exportStandalone(args []js.Value) (any, error) {
	const call = "exportStandalone"
	e, err := idle(call, arg(args, 0))
	if err != nil {
		return nil, err
	}
	o, err := newOpts(call, arg(args, 1))
	if err != nil {
		return nil, err
	}
	name, err := o.str("dtype", "float64")
	if err != nil {
		return nil, err
	}
	dtype, err := core.ParseElementType(name)
	if err != nil {
		return nil, withCall(call, err)
	}
	names, err := readStrings(call, "classNames", o.get("classNames"))
	if err != nil {
		return nil, err
	}
	s, err := core.Standalone(e.m, core.StandaloneConfig{DType: dtype, ClassNames: names})
	if err != nil {
		return nil, withCall(call, err, "standalone: ")
	}
	return s, nil
}
