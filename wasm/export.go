//go:build js && wasm

package main

import (
	"errors"
	"runtime"
	"strings"
	"syscall/js"
)

// handler is one exported function: it returns a value js.ValueOf accepts,
// or an error whose message names the call.
type handler func(args []js.Value) (any, error)

// funcs are the js.Func values of the API object, kept for release.
var funcs []js.Func

// newAPI returns the object of exported functions that gotrain.js drives.
// Every function recovers from panics: a misuse never ends the Go program.
func newAPI() js.Value {
	api := jsObject.New()
	for name, h := range handlers() {
		f := js.FuncOf(wrap(name, h))
		funcs = append(funcs, f)
		api.Set(name, f)
	}
	return api
}

// releaseAPI releases every exported function (tests only: the module's
// functions live as long as the module).
func releaseAPI() {
	for _, f := range funcs {
		f.Release()
	}
	funcs = nil
}

// wrap turns a handler into a js.Func body that returns an Error object
// instead of panicking or returning a Go error. gotrain.js throws it.
func wrap(name string, h handler) func(js.Value, []js.Value) any {
	return func(_ js.Value, args []js.Value) (result any) {
		defer func() {
			if r := recover(); r != nil {
				result = newError(callName(name) + ": internal error: " + panicMessage(r))
			}
		}()
		v, err := h(args)
		if err != nil {
			return newError(err.Error())
		}
		return v
	}
}

// callName is the public name of an exported function (fitStart → fit).
func callName(name string) string {
	switch name {
	case "fitStart", "fitRun", "fitAbort":
		return "fit"
	case "newModel":
		return "sequential"
	case "fromJSON":
		return "modelFromJSON"
	case "config":
		return "getConfig"
	case "setStop", "getStop":
		return "stopTraining"
	case "toTfjs":
		return "toTfjsArtifacts"
	case "fromTfjs":
		return "loadLayersModel"
	}
	return name
}

func newError(msg string) js.Value { return jsError.New(msg) }

// panicMessage renders a recovered value without fmt.
func panicMessage(r any) string {
	switch v := r.(type) {
	case runtime.Error:
		return v.Error()
	case error:
		return v.Error()
	case string:
		return v
	}
	return "unexpected panic"
}

// arg returns args[i], or undefined when absent.
func arg(args []js.Value, i int) js.Value {
	if i < len(args) {
		return args[i]
	}
	return js.Undefined()
}

// withCall prefixes err's message with "call: " unless it already names the
// call; a prefix in strip (a core function's own name, such as "generate: ")
// is replaced by the call's.
func withCall(call string, err error, strip ...string) error {
	if err == nil {
		return nil
	}
	msg := err.Error()
	if strings.HasPrefix(msg, call+": ") {
		return err
	}
	for _, s := range strip {
		if strings.HasPrefix(msg, s) {
			msg = msg[len(s):]
			break
		}
	}
	return errors.New(call + ": " + msg)
}
