//go:build js && wasm

package main

import (
	"errors"
	"math"
	"strconv"
	"syscall/js"
	"unsafe"

	"github.com/gotrain/gotrain/core"
)

// Conversions between JavaScript values and Go values. Bulk numbers cross
// the boundary in one copy each way: a Float64Array's bytes are copied with
// js.CopyBytesToGo / js.CopyBytesToJS through a Uint8Array view, never
// element by element.

var (
	jsObject       = js.Global().Get("Object")
	jsArray        = js.Global().Get("Array")
	jsError        = js.Global().Get("Error")
	jsString       = js.Global().Get("String")
	jsUint8Array   = js.Global().Get("Uint8Array")
	jsFloat64Array = js.Global().Get("Float64Array")
	jsInt32Array   = js.Global().Get("Int32Array")
)

// maxValues bounds the size of one matrix passed in (400 MB of float64, as
// core.MaxCSVCells), so that a mistaken call fails with an error instead of
// exhausting the WebAssembly heap.
const maxValues = core.MaxCSVCells

// maxSafeInt is 2^53, the largest integer a JS number holds exactly.
const maxSafeInt = 1 << 53

// floatBytes views a []float64 as its bytes (wasm is little-endian, as are
// the typed arrays of every JS engine gotrain runs on).
func floatBytes(f []float64) []byte {
	if len(f) == 0 {
		return nil
	}
	return unsafe.Slice((*byte)(unsafe.Pointer(&f[0])), len(f)*8)
}

// int32Bytes views a []int32 as its bytes.
func int32Bytes(v []int32) []byte {
	if len(v) == 0 {
		return nil
	}
	return unsafe.Slice((*byte)(unsafe.Pointer(&v[0])), len(v)*4)
}

// typeBigInt stands for the JS types syscall/js does not know (BigInt):
// js.Value.Type panics on them.
const typeBigInt js.Type = -1

// typeOf is v.Type() without the panic on a BigInt.
func typeOf(v js.Value) (t js.Type) {
	defer func() {
		if recover() != nil {
			t = typeBigInt
		}
	}()
	return v.Type()
}

// isTrue reports whether v is the boolean true.
func isTrue(v js.Value) bool { return typeOf(v) == js.TypeBoolean && v.Bool() }

// describe renders a JS value for an error message: strings quoted, other
// values as String(v) does ("undefined", "1.5", "[object Object]").
func describe(v js.Value) string {
	switch typeOf(v) {
	case js.TypeString:
		return "'" + core.CutText(jsPrefix(v)) + "'"
	case js.TypeObject:
		if v.InstanceOf(jsArray) {
			return "an array"
		}
		return "an object"
	case js.TypeFunction:
		return "a function"
	case js.TypeSymbol:
		return "a symbol"
	case typeBigInt:
		return "a BigInt"
	}
	return jsString.Invoke(v).String()
}

// jsPrefix returns the start of the JS string v, enough for
// core.CutText, without copying the rest of a long string into Go.
func jsPrefix(v js.Value) string {
	const most = 256 // UTF-16 units: more than CutText quotes
	if jsLength(v) > most {
		v = jsObject.Invoke(v).Call("slice", 0, most)
	}
	return v.String()
}

// jsLength returns the length of the JS string v in UTF-16 units (a
// string primitive has no Length in syscall/js: Object(v) has).
func jsLength(v js.Value) int { return jsObject.Invoke(v).Length() }

// fmtFloat formats a number as JS would print it in most cases.
func fmtFloat(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }

// readFloats copies a Float64Array into a new Go slice.
func readFloats(v js.Value) ([]float64, bool) {
	if typeOf(v) != js.TypeObject || !v.InstanceOf(jsFloat64Array) {
		return nil, false
	}
	n := v.Length()
	out := make([]float64, n)
	if n > 0 {
		u8 := jsUint8Array.New(v.Get("buffer"), v.Get("byteOffset"), n*8)
		js.CopyBytesToGo(floatBytes(out), u8)
	}
	return out, true
}

// newFloat64Array copies f into a new Float64Array.
func newFloat64Array(f []float64) js.Value {
	arr := jsFloat64Array.New(len(f))
	if len(f) > 0 {
		js.CopyBytesToJS(jsUint8Array.New(arr.Get("buffer"), 0, len(f)*8), floatBytes(f))
	}
	return arr
}

// newInt32Array copies v into a new Int32Array.
func newInt32Array(v []int) js.Value {
	b := make([]int32, len(v))
	for i, x := range v {
		b[i] = int32(x)
	}
	arr := jsInt32Array.New(len(b))
	if len(b) > 0 {
		js.CopyBytesToJS(jsUint8Array.New(arr.Get("buffer"), 0, len(b)*4), int32Bytes(b))
	}
	return arr
}

// dims reads a [rows, cols] shape array.
func dims(call, name string, shape js.Value) (int, int, error) {
	if typeOf(shape) != js.TypeObject || shape.Length() != 2 {
		return 0, 0, errors.New(call + ": " + name + " must have a shape [rows, cols]")
	}
	var rc [2]int
	for i := range rc {
		d := shape.Index(i)
		if typeOf(d) != js.TypeNumber {
			return 0, 0, errors.New(call + ": " + name + " has a bad shape")
		}
		f := d.Float()
		if f != math.Trunc(f) || f < 0 || f > maxSafeInt {
			return 0, 0, errors.New(call + ": " + name + " has a bad shape")
		}
		rc[i] = int(f)
	}
	return rc[0], rc[1], nil
}

// readMatrix copies a matrix given as { data: Float64Array, shape: [rows,
// cols] } (gotrain.js turns every accepted input into that form) into a new
// core.Matrix. An empty matrix is an error naming call and name.
func readMatrix(call, name string, v js.Value) (*core.Matrix, error) {
	if typeOf(v) != js.TypeObject {
		return nil, errors.New(call + ": " + name + " must be a matrix, got " + describe(v))
	}
	r, c, err := dims(call, name, v.Get("shape"))
	if err != nil {
		return nil, err
	}
	if r > maxValues || c > maxValues || r*c > maxValues {
		return nil, errors.New(call + ": " + name + " has " + strconv.Itoa(r*c) + " values; the limit is " + strconv.Itoa(maxValues))
	}
	dv := v.Get("data")
	if typeOf(dv) != js.TypeObject || !dv.InstanceOf(jsFloat64Array) {
		return nil, errors.New(call + ": " + name + " must hold its values in a Float64Array")
	}
	if err := hold(call, "a copy of "+name, 8*int64(dv.Length())); err != nil {
		return nil, err
	}
	data, _ := readFloats(dv)
	if len(data) != r*c {
		return nil, errors.New(call + ": " + name + " has " + strconv.Itoa(len(data)) + " values but shape [" +
			strconv.Itoa(r) + ", " + strconv.Itoa(c) + "]")
	}
	if r == 0 || c == 0 {
		return nil, errors.New(call + ": " + name + " is empty")
	}
	return core.NewMatrix(r, c, data), nil
}

// matrixValue copies m into a plain { data, shape } object (gotrain.js makes
// it a Matrix).
func matrixValue(m *core.Matrix) js.Value {
	r, c := m.Dims()
	raw := m.RawMatrix()
	data := raw.Data
	if raw.Stride != c {
		data = make([]float64, 0, r*c)
		for i := 0; i < r; i++ {
			data = append(data, m.RawRowView(i)...)
		}
	}
	return matrixOf(data[:r*c], r, c)
}

func matrixOf(data []float64, r, c int) js.Value {
	o := jsObject.New()
	o.Set("data", newFloat64Array(data))
	o.Set("shape", js.ValueOf([]any{r, c}))
	return o
}

// weightsValue is core.Weights as { name, shape, data }.
func weightsValue(w core.Weights) js.Value {
	o := jsObject.New()
	o.Set("name", w.Name)
	o.Set("shape", intsValue(w.Shape))
	o.Set("data", newFloat64Array(w.Data))
	return o
}

// kernelMatrix returns a kernel-shaped vector as a { data, shape } matrix.
func kernelMatrix(data []float64, shape []int) js.Value {
	if data == nil {
		return js.Null()
	}
	if len(shape) == 2 {
		return matrixOf(data, shape[0], shape[1])
	}
	return newFloat64Array(data)
}

func intsValue(v []int) js.Value {
	a := make([]any, len(v))
	for i, x := range v {
		a[i] = x
	}
	return js.ValueOf(a)
}

func stringsValue(v []string) js.Value {
	if v == nil {
		return js.Null()
	}
	a := make([]any, len(v))
	for i, x := range v {
		a[i] = x
	}
	return js.ValueOf(a)
}

func floatsArray(v []float64) js.Value {
	a := make([]any, len(v))
	for i, x := range v {
		a[i] = x
	}
	return js.ValueOf(a)
}

// vectorOrNull is a Float64Array of v, or null when v is nil.
func vectorOrNull(v []float64) js.Value {
	if v == nil {
		return js.Null()
	}
	return newFloat64Array(v)
}

// logsValue copies core.Logs into a plain object with sorted keys, so that
// the same run gives objects that print the same.
func logsValue(l core.Logs) js.Value {
	o := jsObject.New()
	for _, k := range l.Names() {
		o.Set(k, l[k])
	}
	return o
}

// readStrings reads an array of strings.
func readStrings(call, name string, v js.Value) ([]string, error) {
	if v.IsUndefined() || v.IsNull() {
		return nil, nil
	}
	if typeOf(v) != js.TypeObject || !v.InstanceOf(jsArray) {
		return nil, errors.New(call + ": " + name + " must be an array of strings, got " + describe(v))
	}
	out := make([]string, v.Length())
	for i := range out {
		s := v.Index(i)
		if typeOf(s) != js.TypeString {
			return nil, errors.New(call + ": " + name + "[" + strconv.Itoa(i) + "] must be a string, got " + describe(s))
		}
		out[i] = s.String()
	}
	return out, nil
}

// readClassIndices converts a Float64Array of class indices to ints.
func readClassIndices(call, name string, v js.Value) ([]int, error) {
	if typeOf(v) != js.TypeObject || !v.InstanceOf(jsFloat64Array) {
		return nil, errors.New(call + ": " + name + " must be an array of class indices")
	}
	// The copy as floats, then as ints.
	if err := hold(call, "a copy of "+name, 16*int64(v.Length())); err != nil {
		return nil, err
	}
	f, _ := readFloats(v)
	out := make([]int, len(f))
	for i, x := range f {
		if x != math.Trunc(x) || x < 0 || x >= core.MaxClasses {
			return nil, errors.New(call + ": " + name + "[" + strconv.Itoa(i) + "] = " + fmtFloat(x) +
				" is not a class index (an integer from 0 to " + strconv.Itoa(core.MaxClasses-1) + ")")
		}
		out[i] = int(x)
	}
	return out, nil
}

// opts reads fields of a JS options object with type checks. Unknown keys
// are rejected by gotrain.js, which knows every option's name.
type opts struct {
	call string
	v    js.Value
}

func newOpts(call string, v js.Value) (opts, error) {
	if v.IsUndefined() || v.IsNull() {
		return opts{call: call, v: js.Undefined()}, nil
	}
	if typeOf(v) != js.TypeObject {
		return opts{}, errors.New(call + ": options must be an object, got " + describe(v))
	}
	return opts{call: call, v: v}, nil
}

// get returns the field, undefined when absent (null counts as absent).
func (o opts) get(key string) js.Value {
	if o.v.IsUndefined() {
		return js.Undefined()
	}
	f := o.v.Get(key)
	if f.IsNull() {
		return js.Undefined()
	}
	return f
}

func (o opts) has(key string) bool { return !o.get(key).IsUndefined() }

func (o opts) num(key string, def float64) (float64, error) {
	f := o.get(key)
	if f.IsUndefined() {
		return def, nil
	}
	if typeOf(f) != js.TypeNumber {
		return 0, errors.New(o.call + ": " + key + " must be a number, got " + describe(f))
	}
	v := f.Float()
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, errors.New(o.call + ": " + key + " must be a finite number, got " + fmtFloat(v))
	}
	return v, nil
}

func (o opts) int(key string, def int) (int, error) {
	f := o.get(key)
	if f.IsUndefined() {
		return def, nil
	}
	if typeOf(f) != js.TypeNumber || f.Float() != math.Trunc(f.Float()) || math.Abs(f.Float()) > maxSafeInt {
		return 0, errors.New(o.call + ": " + key + " must be an integer, got " + describe(f))
	}
	return int(f.Float()), nil
}

func (o opts) bool(key string, def bool) (bool, error) {
	f := o.get(key)
	if f.IsUndefined() {
		return def, nil
	}
	if typeOf(f) != js.TypeBoolean {
		return false, errors.New(o.call + ": " + key + " must be true or false, got " + describe(f))
	}
	return f.Bool(), nil
}

// maxOptionString bounds a string option (a name, an activation, a label
// column, a monitored value...), in UTF-16 units: longer ones are refused
// before they are copied into Go.
const maxOptionString = 1 << 16

func (o opts) str(key, def string) (string, error) {
	f := o.get(key)
	if f.IsUndefined() {
		return def, nil
	}
	if typeOf(f) != js.TypeString {
		return "", errors.New(o.call + ": " + key + " must be a string, got " + describe(f))
	}
	if n := jsLength(f); n > maxOptionString {
		return "", errors.New(o.call + ": " + key + " has " + strconv.Itoa(n) + " characters; the limit is " + strconv.Itoa(maxOptionString) + " (got " + describe(f) + ")")
	}
	return f.String(), nil
}

// seedOf reads a seed: an integer from 0 to 2^53.
func seedOf(call string, v js.Value) (uint64, error) {
	if v.IsUndefined() || v.IsNull() {
		return 0, nil
	}
	if typeOf(v) != js.TypeNumber {
		return 0, errors.New(call + ": seed must be an integer from 0 to 2^53, got " + describe(v))
	}
	f := v.Float()
	if f != math.Trunc(f) || f < 0 || f > maxSafeInt {
		return 0, errors.New(call + ": seed must be an integer from 0 to 2^53, got " + fmtFloat(f))
	}
	return uint64(f), nil
}
