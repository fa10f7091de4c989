//go:build js && wasm

package main

import (
	"errors"
	"strconv"
	"syscall/js"

	"github.com/gotrain/gotrain/core/modeljson"
)

// gotrain's own model file: model.toJSON and gt.modelFromJSON (the TF.js
// format is tfjs.go's).

func toJSON(args []js.Value) (any, error) {
	e, err := lookup("toJSON", arg(args, 0))
	if err != nil {
		return nil, err
	}
	b, err := modeljson.Marshal(e.m)
	if err != nil {
		return nil, withCall("toJSON", err, "save model: ")
	}
	return string(b), nil
}

func modelFromJSON(args []js.Value) (any, error) {
	v := arg(args, 0)
	if typeOf(v) != js.TypeString {
		return nil, errors.New("modelFromJSON: expected the string model.toJSON() returns (or its parsed object), got " + describe(v))
	}
	// gotrain.js refuses strings of more than modeljson.MaxBytes before
	// they are copied here; this check also counts UTF-8 bytes.
	s := v.String()
	if len(s) > modeljson.MaxBytes {
		return nil, errors.New("modelFromJSON: the JSON is larger than " + strconv.Itoa(modeljson.MaxBytes) + " bytes")
	}
	m, err := modeljson.Unmarshal([]byte(s))
	if err != nil {
		return nil, withCall("modelFromJSON", err, "load model: ")
	}
	return register(m), nil
}
