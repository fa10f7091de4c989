//go:build js && wasm

package main

import (
	"errors"
	"syscall/js"

	"github.com/gotrain/gotrain/core"
)

// trace(handle, x, y, { training }) → the trace object. x and y are one
// example as Float64Arrays (its values are then Float64Arrays, as before
// batches could be traced), or a batch as matrices (its per-example values
// are then matrices with one row per example). See www/API.md.
func trace(args []js.Value) (any, error) {
	const call = "trace"
	e, err := lookup(call, arg(args, 0))
	if err != nil {
		return nil, err
	}
	o, err := newOpts(call, arg(args, 3))
	if err != nil {
		return nil, err
	}
	var cfg core.TraceConfig
	if cfg.Training, err = o.bool("training", false); err != nil {
		return nil, err
	}
	var tr *core.Trace
	one := arg(args, 1).InstanceOf(jsFloat64Array)
	if one {
		x, _ := readFloats(arg(args, 1))
		y, ok := readFloats(arg(args, 2))
		if !ok {
			return nil, errors.New("trace: y must be one example's label(s)")
		}
		tr, err = e.m.TraceExample(x, y, cfg)
	} else {
		var x, y *core.Matrix
		if x, err = readMatrix(call, "x", arg(args, 1)); err != nil {
			return nil, err
		}
		if y, err = readMatrix(call, "y", arg(args, 2)); err != nil {
			return nil, err
		}
		tr, err = e.m.TraceBatch(x, y, cfg)
	}
	if err != nil {
		return nil, err
	}
	// rows: per-example values as matrices of this many rows (0: vectors).
	rows := tr.Rows
	if one {
		rows = 0
	}
	per := func(v []float64) js.Value {
		if v == nil {
			return js.Null()
		}
		if rows == 0 {
			return newFloat64Array(v)
		}
		return matrixOf(v, rows, len(v)/rows)
	}
	out := jsObject.New()
	out.Set("rows", tr.Rows)
	out.Set("loss", tr.Loss)
	out.Set("dataLoss", tr.DataLoss)
	out.Set("penalty", tr.Penalty)
	out.Set("losses", newFloat64Array(tr.Losses))
	out.Set("output", per(tr.Output))
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
		for _, f := range []struct {
			name string
			v    []float64
		}{{"input", lt.Input}, {"z", lt.Z}, {"a", lt.A}, {"dadz", lt.DAdZ}, {"dLda", lt.DLdA}, {"dLdz", lt.DLdZ}, {"mask", lt.Mask}} {
			l.Set(f.name, per(f.v))
		}
		l.Set("stats", statsValue(lt.Stats))
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
		l.Set("penalty", penaltyValue(lt.Penalty))
		l.Set("dLdWData", kernelMatrix(lt.DLdWData, shape))
		l.Set("dLdWPenalty", kernelMatrix(lt.DLdWPenalty, shape))
		l.Set("deltaW", kernelMatrix(lt.DeltaW, shape))
		l.Set("deltaB", vectorOrNull(lt.DeltaB))
		l.Set("stateW", stateValue(lt.StateW, shape))
		l.Set("stateB", stateValue(lt.StateB, nil))
		l.Set("updateW", updateValue(lt.UpdateW, shape))
		l.Set("updateB", updateValue(lt.UpdateB, nil))
		if lt.W != nil {
			optState.Set(lt.Name+"/kernel", l.Get("stateW"))
			if lt.B != nil {
				optState.Set(lt.Name+"/bias", l.Get("stateB"))
			}
		}
		layers[i] = l
	}
	out.Set("layers", js.ValueOf(layers))
	opt := jsObject.New()
	ot := tr.Optimizer
	opt.Set("name", ot.Config.Name)
	opt.Set("step", ot.Step)
	opt.Set("t", ot.T)
	opt.Set("config", optimizerValue(ot.Config))
	opt.Set("state", optState)
	if ot.Config.Name == "adam" {
		opt.Set("biasCorrection1", ot.BiasCorrection1)
		opt.Set("biasCorrection2", ot.BiasCorrection2)
	} else {
		opt.Set("biasCorrection1", js.Null())
		opt.Set("biasCorrection2", js.Null())
	}
	out.Set("optimizer", opt)
	return out, nil
}

// updateValue is a core.ParamUpdate as { name, g, value, delta, newValue,
// state, newState, and its terms (mHat, vHat, denominator, lookahead) },
// each kernel-shaped (shape given) or a Float64Array; null for none.
func updateValue(u *core.ParamUpdate, shape []int) js.Value {
	if u == nil {
		return js.Null()
	}
	o := jsObject.New()
	o.Set("name", u.Param)
	o.Set("g", kernelMatrix(u.Grad, shape))
	o.Set("value", kernelMatrix(u.Value, shape))
	o.Set("delta", kernelMatrix(u.Delta, shape))
	o.Set("newValue", kernelMatrix(u.NewValue, shape))
	o.Set("state", stateValue(u.State, shape))
	o.Set("newState", stateValue(u.NewState, shape))
	for _, k := range sortedKeys(u.Terms) {
		o.Set(k, kernelMatrix(u.Terms[k], shape))
	}
	return o
}

// penaltyValue is a core.PenaltyTrace as { l1, l2, sumAbs, sumSquares,
// value }, or null.
func penaltyValue(p *core.PenaltyTrace) js.Value {
	if p == nil {
		return js.Null()
	}
	o := jsObject.New()
	o.Set("l1", p.L1)
	o.Set("l2", p.L2)
	o.Set("sumAbs", p.SumAbs)
	o.Set("sumSquares", p.SumSquares)
	o.Set("value", p.Value)
	return o
}

// statsValue is an adapting layer's statistics as { name: Float64Array },
// or null for a layer without any.
func statsValue(stats []core.Stat) js.Value {
	if stats == nil {
		return js.Null()
	}
	o := jsObject.New()
	for _, s := range stats {
		o.Set(s.Name, vectorOrNull(s.Values))
	}
	return o
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
// optimizer states and terms of a few entries).
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
