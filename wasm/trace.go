//go:build js && wasm

package main

import (
	"errors"
	"syscall/js"
)

// trace(handle, x Float64Array, y Float64Array) → the trace object.
func trace(args []js.Value) (any, error) {
	e, err := lookup("trace", arg(args, 0))
	if err != nil {
		return nil, err
	}
	x, ok := readFloats(arg(args, 1))
	if !ok {
		return nil, errors.New("trace: x must be one example's features")
	}
	y, ok := readFloats(arg(args, 2))
	if !ok {
		return nil, errors.New("trace: y must be one example's label(s)")
	}
	tr, err := e.m.Trace(x, y)
	if err != nil {
		return nil, err
	}
	o := jsObject.New()
	o.Set("loss", tr.Loss)
	o.Set("penalty", tr.Penalty)
	o.Set("output", newFloat64Array(tr.Output))
	layers := make([]any, len(tr.Layers))
	optState := jsObject.New()
	for i, lt := range tr.Layers {
		l := jsObject.New()
		l.Set("name", lt.Name)
		l.Set("kind", lt.Kind)
		if lt.Activation != "" {
			l.Set("activation", lt.Activation)
		} else {
			l.Set("activation", js.Null())
		}
		l.Set("input", newFloat64Array(lt.Input))
		l.Set("z", newFloat64Array(lt.Z))
		l.Set("a", newFloat64Array(lt.A))
		l.Set("dLda", vectorOrNull(lt.DLdA))
		l.Set("dLdz", vectorOrNull(lt.DLdZ))
		var shape []int
		if lt.W != nil {
			shape = lt.W.Shape
			l.Set("W", kernelMatrix(lt.W.Data, shape))
		} else {
			l.Set("W", js.Null())
		}
		l.Set("b", vectorOrNull(lt.B))
		if lt.DLdW != nil {
			l.Set("dLdW", kernelMatrix(lt.DLdW.Data, shape))
		} else {
			l.Set("dLdW", js.Null())
		}
		l.Set("dLdb", vectorOrNull(lt.DLdB))
		l.Set("deltaW", kernelMatrix(lt.DeltaW, shape))
		l.Set("deltaB", vectorOrNull(lt.DeltaB))
		l.Set("stateW", stateValue(lt.StateW, shape))
		l.Set("stateB", stateValue(lt.StateB, nil))
		if lt.W != nil {
			optState.Set(lt.Name+"/kernel", l.Get("stateW"))
			if lt.B != nil {
				optState.Set(lt.Name+"/bias", l.Get("stateB"))
			}
		}
		layers[i] = l
	}
	o.Set("layers", js.ValueOf(layers))
	opt := jsObject.New()
	opt.Set("name", tr.Optimizer.Config.Name)
	opt.Set("step", tr.Optimizer.Step)
	opt.Set("config", optimizerValue(tr.Optimizer.Config))
	opt.Set("state", optState)
	o.Set("optimizer", opt)
	return o, nil
}

// stateValue is an optimizer state map: slot → kernel-shaped matrix (shape
// given) or Float64Array.
func stateValue(s map[string][]float64, shape []int) js.Value {
	if s == nil {
		return js.Null()
	}
	o := jsObject.New()
	for _, k := range sortedKeys(s) {
		o.Set(k, kernelMatrix(s[k], shape))
	}
	return o
}

// sortedKeys returns m's keys in order (an insertion sort: the maps are
// optimizer states of one or two slots).
func sortedKeys(m map[string][]float64) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		i := len(keys)
		keys = append(keys, k)
		for ; i > 0 && keys[i-1] > k; i-- {
			keys[i] = keys[i-1]
		}
		keys[i] = k
	}
	return keys
}
