//go:build js && wasm

package main

import (
	"errors"
	"math"
	"strconv"
	"syscall/js"

	"github.com/gotrain/gotrain/core"
)

// getWeights(handle) → [{ name, shape, data: Float64Array }], per layer its
// kernel then its bias.
func getWeights(args []js.Value) (any, error) {
	e, err := lookup("getWeights", arg(args, 0))
	if err != nil {
		return nil, err
	}
	ws := e.m.GetWeights()
	out := make([]any, len(ws))
	for i, w := range ws {
		out[i] = weightsValue(w)
	}
	return js.ValueOf(out), nil
}

// setWeights(handle, [{ name?, shape?, data: Float64Array }]).
func setWeights(args []js.Value) (any, error) {
	e, err := lookup("setWeights", arg(args, 0))
	if err != nil {
		return nil, err
	}
	list := arg(args, 1)
	if typeOf(list) != js.TypeObject || !list.InstanceOf(jsArray) {
		return nil, errors.New("setWeights: expected an array like getWeights() returns, got " + describe(list))
	}
	ws := make([]core.Weights, list.Length())
	for i := range ws {
		item := list.Index(i)
		where := "setWeights: weights[" + strconv.Itoa(i) + "]"
		if typeOf(item) != js.TypeObject {
			return nil, errors.New(where + " must be { name, shape, data }, got " + describe(item))
		}
		dv := item.Get("data")
		if typeOf(dv) == js.TypeObject && dv.InstanceOf(jsFloat64Array) {
			if err := hold("setWeights", "a copy of the weights", 8*int64(dv.Length())); err != nil {
				return nil, err
			}
		}
		data, ok := readFloats(dv)
		if !ok {
			return nil, errors.New(where + ".data must be a Float64Array or number[]")
		}
		ws[i].Data = data
		if n := item.Get("name"); typeOf(n) == js.TypeString {
			ws[i].Name = n.String()
		}
		if s := item.Get("shape"); !s.IsUndefined() && !s.IsNull() {
			if typeOf(s) != js.TypeObject || !s.InstanceOf(jsArray) || s.Length() < 1 || s.Length() > 2 {
				return nil, errors.New(where + ".shape must be [units] or [inputs, units]")
			}
			for j := 0; j < s.Length(); j++ {
				d := s.Index(j)
				if typeOf(d) != js.TypeNumber || d.Float() != math.Trunc(d.Float()) || d.Float() < 0 || d.Float() > maxSafeInt {
					return nil, errors.New(where + ".shape must hold non-negative integers")
				}
				ws[i].Shape = append(ws[i].Shape, d.Int())
			}
		}
	}
	return nil, e.m.SetWeights(ws)
}
