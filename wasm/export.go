//go:build js && wasm

package main

import (
	"errors"
	"runtime"
	"strings"
	"syscall/js"

	"github.com/gotrain/gotrain/core"
)

// handler is one exported function: it returns a value js.ValueOf accepts,
// or an error whose message names the call.
type handler func(args []js.Value) (any, error)

// funcs are the js.Func values of the API object, kept for release.
var funcs []js.Func

// export is one exported function of the API object: its name (the public
// API's, but for fit, which runs in slices: fit.go) and its handler.
type export struct {
	name string
	h    handler
}

// exports lists the exported functions: a table the linker lays out as data
// (a map literal would be ~10 KB of initialisation code in the module).
var exports = [...]export{
	// which matrix kernels core multiplies with: "simd", "scalar" or "go"
	{"backend", func([]js.Value) (any, error) { return core.KernelBackend(), nil }},
	// models
	{"sequential", sequential},
	{"dispose", dispose},
	{"layerKinds", layerKinds},
	{"checkLayer", checkLayer},
	{"checkOptimizer", checkOptimizer},
	{"optimizerKinds", optimizerKinds},
	{"add", add},
	{"compile", compile},
	{"summary", summary},
	{"countParams", countParams},
	{"getConfig", getConfig},
	{"trainOnBatch", trainOnBatch},
	{"predict", predict},
	{"evaluate", evaluate},
	{"evaluateReport", evaluateReport},
	{"getWeights", getWeights},
	{"setWeights", setWeights},
	{"trace", trace},
	{"layerOutputs", layerOutputs},
	{"adapt", adapt},
	{"toJSON", toJSON},
	{"modelFromJSON", modelFromJSON},
	{"stopTraining", stopTraining},
	{"toTfjsArtifacts", toTfjsArtifacts},
	{"loadLayersModel", loadLayersModel},
	{"checkModelJSON", checkModelJSON},
	// fit
	{"fitStart", fitStart},
	{"fitRun", fitRun},
	{"fitAbort", fitAbort},
	// data and metrics
	{"parseCSV", parseCSV},
	{"split", split},
	{"builtin", builtin},
	{"oneHot", oneHot},
	{"augment", augment},
	{"confusionMatrix", confusionMatrix},
	{"classReport", classReport},
	{"predictClasses", predictClasses},
	{"memory", memory},
	{"setMemoryLimit", setMemoryLimit},
	// teaching (curves.go)
	{"activationCurve", activationCurve},
	{"roc", roc},
	{"precisionRecall", precisionRecall},
	{"features", features},
}

// handlers returns the exported functions by name.
func handlers() map[string]handler {
	m := make(map[string]handler, len(exports))
	for _, e := range exports {
		m[e.name] = e.h
	}
	return m
}

// newAPI returns the object of exported functions that gotrain.js drives.
// Every function recovers from panics: a misuse never ends the Go program.
func newAPI() js.Value {
	api := jsObject.New()
	for _, e := range exports {
		f := js.FuncOf(wrap(e.name, e.h))
		funcs = append(funcs, f)
		api.Set(e.name, f)
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
		outer := beginCall()
		defer func() {
			endCall(outer)
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

// callName is the public name of an exported function: its own, but fit's
// slices (fitStart, fitRun, fitAbort), which are fit.
func callName(name string) string {
	if strings.HasPrefix(name, "fit") {
		return "fit"
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
