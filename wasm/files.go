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

// stringBytes copies a JavaScript string into Go as UTF-8 once, refusing
// one of more than limit bytes before copying it: its length in UTF-16
// units (never more than its UTF-8 bytes) first, then its UTF-8 bytes,
// encoded on the JavaScript side (v.String() and []byte(s) would copy it
// twice into the module's memory, which never shrinks).
func stringBytes(call, what string, v js.Value, limit int) ([]byte, error) {
	tooLarge := func(n int) error {
		return errors.New(call + ": " + what + " has " + strconv.Itoa(n) + " bytes, more than the limit of " + strconv.Itoa(limit))
	}
	if n := jsObject.Invoke(v).Length(); n > limit { // Object(v): a String wrapper, not a copy
		return nil, tooLarge(n)
	}
	u8 := js.Global().Get("TextEncoder").New().Call("encode", v)
	n := u8.Length()
	if n > limit {
		return nil, tooLarge(n)
	}
	b := make([]byte, n)
	js.CopyBytesToGo(b, u8)
	return b, nil
}

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
	b, err := stringBytes("modelFromJSON", "the JSON", v, modeljson.MaxBytes)
	if err != nil {
		return nil, err
	}
	m, err := modeljson.Unmarshal(b)
	if err != nil {
		return nil, withCall("modelFromJSON", err, "load model: ")
	}
	return register(m), nil
}
