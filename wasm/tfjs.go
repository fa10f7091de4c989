//go:build js && wasm

package main

import (
	"errors"
	"strconv"
	"syscall/js"

	"github.com/gotrain/gotrain/core"
	"github.com/gotrain/gotrain/core/tfjs"
)

// TF.js Layers format. gotrain.js does the storage and file I/O and the
// JSON.parse/JSON.stringify of the small parts; here the artifacts only cross
// the boundary: JSON as strings (parsed by core), weights as bytes copied
// once each way with js.CopyBytesToJS / js.CopyBytesToGo.

// maxTfjsWeightBytes bounds the weight data passed in: a model's weights
// (core.MaxParams float32s) plus the optimizer state TF.js may save with
// them (Adam keeps two slots per weight).
const maxTfjsWeightBytes = 3 * 4 * core.MaxParams

// tfjsCall is the public call an error names: toTfjsArtifacts by default,
// save when gotrain.js exports for model.save.
func tfjsCall(v js.Value, def string) string {
	if typeOf(v) == js.TypeString {
		switch s := v.String(); s {
		case "save", "toTfjsArtifacts", "loadLayersModel":
			return s
		}
	}
	return def
}

// toTfjs(handle, call?) → { modelTopology: string (JSON), weightSpecs:
// [{ name, shape, dtype }], weightData: ArrayBuffer, format, generatedBy,
// trainingConfig: string (JSON) | null, notes: string[] }.
func toTfjsArtifacts(args []js.Value) (any, error) {
	call := tfjsCall(arg(args, 1), "toTfjsArtifacts")
	e, err := idle(call, arg(args, 0))
	if err != nil {
		return nil, err
	}
	a, err := tfjs.Export(e.m)
	if err != nil {
		return nil, withCall(call, err, "toTfjs: ")
	}
	o := jsObject.New()
	o.Set("modelTopology", string(a.ModelTopology))
	o.Set("format", a.Format)
	o.Set("generatedBy", a.GeneratedBy)
	specs := make([]any, len(a.WeightSpecs))
	for i, s := range a.WeightSpecs {
		w := jsObject.New()
		w.Set("name", s.Name)
		w.Set("shape", intsValue(s.Shape))
		w.Set("dtype", s.Dtype)
		if s.Group != "" {
			w.Set("group", s.Group)
		}
		specs[i] = w
	}
	o.Set("weightSpecs", js.ValueOf(specs))
	u8 := jsUint8Array.New(len(a.WeightData))
	if len(a.WeightData) > 0 {
		js.CopyBytesToJS(u8, a.WeightData)
	}
	o.Set("weightData", u8.Get("buffer"))
	notes := make([]any, len(a.Notes))
	for i, n := range a.Notes {
		notes[i] = n
	}
	o.Set("notes", notes) // what the export leaves out, for the user
	if len(a.TrainingConfig) > 0 {
		o.Set("trainingConfig", string(a.TrainingConfig))
	} else {
		o.Set("trainingConfig", js.Null())
	}
	return o, nil
}

// fromTfjs(modelJSON string, weightData Uint8Array) → handle. modelJSON is a
// model.json-like document gotrain.js assembles: { modelTopology,
// weightsManifest: [{ paths, weights }], trainingConfig? }; core reads the
// weight specs from its manifest and compiles the model from its
// trainingConfig.
func loadLayersModel(args []js.Value) (any, error) {
	const call = "loadLayersModel"
	v := arg(args, 0)
	if typeOf(v) != js.TypeString {
		return nil, errors.New(call + ": expected the model JSON as a string, got " + describe(v))
	}
	modelJSON, err := stringBytes(call, "the model JSON", v, tfjs.MaxJSONBytes)
	if err != nil {
		return nil, err
	}
	d := arg(args, 1)
	if typeOf(d) != js.TypeObject || !d.InstanceOf(jsUint8Array) {
		return nil, errors.New(call + ": the weight data must be a Uint8Array, got " + describe(d))
	}
	n := d.Length()
	if n > maxTfjsWeightBytes {
		return nil, errors.New(call + ": the weight data has " + strconv.Itoa(n) + " bytes; the limit is " + strconv.Itoa(maxTfjsWeightBytes))
	}
	// The weights are copied in only once the specs account for their n
	// bytes and the budget has room for the model (tfjs.ImportSized).
	m, err := tfjs.ImportSized(modelJSON, n, func() []byte {
		data := make([]byte, n)
		if n > 0 {
			js.CopyBytesToGo(data, d)
		}
		return data
	})
	if err != nil {
		return nil, withCall(call, err, "fromTfjs: ")
	}
	return register(m), nil
}

// checkModelJSON(text) → null, or what is wrong with the size of what text
// holds ("holds more than 250000 values (at byte N): more than a model
// gotrain can load"), for gotrain.js to name with its call and the file.
// gotrain.js asks before its own JSON.parse of a model.json it has read
// (a URL, a File): the text comes over in slices of 64K characters
// into one reused buffer, so a hostile document is refused at its first
// slice past the bounds, for 192 KB of wasm memory whatever its size.
func checkModelJSON(args []js.Value) (any, error) {
	const call, piece = "checkModelJSON", 64 << 10
	v := arg(args, 0)
	if typeOf(v) != js.TypeString {
		return nil, errors.New(call + ": expected the model.json text as a string, got " + describe(v))
	}
	str := jsObject.Invoke(v) // a String wrapper (not a copy), for its methods
	n := str.Length()         // UTF-16 code units, at most its UTF-8 bytes
	if n > tfjs.MaxJSONBytes {
		return nil, errors.New(call + ": the text has " + strconv.Itoa(n) + " characters, more than the limit of " + strconv.Itoa(tfjs.MaxJSONBytes))
	}
	enc := js.Global().Get("TextEncoder").New()
	buf := make([]byte, 3*min(piece, n)) // a UTF-16 unit is at most 3 UTF-8 bytes
	c := tfjs.NewJSONChecker()
	for at := 0; at < n; {
		end := min(at+piece, n)
		if u := str.Call("charCodeAt", end-1).Int(); end < n && u >= 0xD800 && u < 0xDC00 {
			end-- // keep a surrogate pair in one slice
		}
		k := js.CopyBytesToGo(buf, enc.Call("encode", str.Call("slice", at, end)))
		if err := c.Check(buf[:k]); err != nil {
			return err.Error(), nil
		}
		at = end
	}
	return js.Null(), nil
}
