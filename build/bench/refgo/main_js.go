//go:build js

package main

import (
	"encoding/binary"
	"math"
	"syscall/js"
)

// In js/wasm the program registers globalThis.refgo = { setup, fit, accuracy }
// and stays alive; the caller times fit itself:
//
//	refgo.setup([in, h1, ..., out], x, y, labels, batch, lr, seed) // x, y: Float64Array; labels: Int32Array
//	refgo.fit(epochs)   // returns the last epoch's mean loss
//	refgo.accuracy()    // fraction of training rows classified right
func main() {
	var (
		m      *MLP
		x, y   []float64
		labels []int
		n      int
	)
	api := js.Global().Get("Object").New()
	api.Set("setup", js.FuncOf(func(_ js.Value, args []js.Value) any {
		sz := args[0]
		sizes := make([]int, sz.Length())
		for i := range sizes {
			sizes[i] = sz.Index(i).Int()
		}
		x, y = floats(args[1]), floats(args[2])
		lab := args[3]
		labels = make([]int, lab.Length())
		for i := range labels {
			labels[i] = lab.Index(i).Int()
		}
		n = len(labels)
		m = NewMLP(sizes, args[4].Int(), args[5].Float(), uint32(args[6].Int()))
		return nil
	}))
	api.Set("fit", js.FuncOf(func(_ js.Value, args []js.Value) any {
		m.Fit(x, y, n, args[0].Int())
		return m.Loss
	}))
	api.Set("accuracy", js.FuncOf(func(_ js.Value, _ []js.Value) any {
		return m.Accuracy(x, labels)
	}))
	js.Global().Set("refgo", api)
	select {}
}

// floats copies a Float64Array into Go.
func floats(v js.Value) []float64 {
	u8 := js.Global().Get("Uint8Array").New(v.Get("buffer"), v.Get("byteOffset"), v.Get("byteLength"))
	b := make([]byte, u8.Length())
	js.CopyBytesToGo(b, u8)
	out := make([]float64, len(b)/8)
	for i := range out {
		out[i] = math.Float64frombits(binary.LittleEndian.Uint64(b[8*i:]))
	}
	return out
}
