//go:build js && wasm

package main

import (
	"errors"
	"math"
	"strconv"
	"strings"
	"syscall/js"

	"github.com/gotrain/gotrain/core"
)

// Layers cross the boundary through their kinds' descriptions (core.LayerKind):
// a spec { kind, name?, inputShape?, inputDim?, ...settings } is read setting
// by setting as each field's type says, getConfig writes a layer's settings
// the same way, and layerKinds hands gotrain.js the descriptions it builds
// gt.layers from. Nothing here knows a particular kind.

// layerKinds() → the layer kinds gt.layers offers, in the registry's order,
// each { kind, className, fields } (see fieldsValue). Every kind also takes
// name, inputShape ([n]) and inputDim (n).
func layerKinds([]js.Value) (any, error) {
	kinds := core.LayerKinds()
	out := make([]any, len(kinds))
	for i, k := range kinds {
		o := jsObject.New()
		o.Set("kind", k.Kind)
		o.Set("className", k.ClassName)
		o.Set("fields", fieldsValue(k.Fields))
		out[i] = o
	}
	return js.ValueOf(out), nil
}

// fieldsValue describes settings for gotrain.js, which checks them as Go
// does from this alone: [{ name, type, default | required, min?, max?,
// maxExclusive?, values? }] with type one of int, float, bool, string,
// activation, initializer, regularizer; a default as a spec would give it;
// a number's bounds (no max when it is +Inf); the names an activation or
// initializer takes.
func fieldsValue(fields []core.Field) js.Value {
	out := make([]any, len(fields))
	for j, f := range fields {
		o := jsObject.New()
		o.Set("name", f.Name)
		o.Set("type", f.Type.String())
		if f.Default == nil {
			o.Set("required", true)
		} else {
			o.Set("default", settingValue(f.Default))
		}
		if f.Min != 0 || f.Max != 0 {
			o.Set("min", f.Min)
			if !math.IsInf(f.Max, 1) {
				o.Set("max", f.Max)
			}
			if f.MaxOpen {
				o.Set("maxExclusive", true)
			}
		}
		if names := valueNames(f.Type); names != nil {
			o.Set("values", js.ValueOf(names))
		}
		out[j] = o
	}
	return js.ValueOf(out)
}

// valueNames lists the names of an activation or initializer field's
// values, as many as core validates (nil for other types).
func valueNames(t core.FieldType) []any {
	var names []any
	for i := 0; ; i++ {
		var v any
		switch t {
		case core.ActivationField:
			v = core.Activation(i)
		case core.InitializerField:
			v = core.Initializer(i)
		default:
			return nil
		}
		if t.Validate(v) != nil {
			return names
		}
		names = append(names, settingValue(v))
	}
}

// settingValue is a setting's value as a spec gives it: a number, a
// boolean, a string, an activation's or initializer's name, a regularizer as
// { l1, l2 } or null.
func settingValue(v any) any {
	switch v := v.(type) {
	case core.Activation:
		return v.String()
	case core.Initializer:
		return v.String()
	case core.Regularizer:
		if v.IsZero() {
			return js.Null()
		}
		r := jsObject.New()
		r.Set("l1", v.L1)
		r.Set("l2", v.L2)
		return r
	}
	return v // int, float64, bool, string
}

// layerSpec builds a core layer from a JS layer spec { kind, ...config }.
func layerSpec(spec js.Value) (core.Layer, error) {
	if typeOf(spec) != js.TypeObject {
		return nil, errors.New("add: expected a layer (gt.layers.dense(...)), got " + describe(spec))
	}
	kv := spec.Get("kind")
	if typeOf(kv) != js.TypeString {
		return nil, errors.New("add: expected a layer (gt.layers.dense(...)), got an object without a kind")
	}
	k, err := core.LookupLayerKind(kv.String())
	if err != nil {
		return nil, withCall("add", err)
	}
	o := opts{call: k.Kind, v: spec}
	c := core.LayerConfig{Kind: k.Kind, Values: core.Values{}}
	if c.InputDim, err = inputShape(o); err != nil {
		return nil, err
	}
	if c.Name, err = o.str("name", ""); err != nil {
		return nil, err
	}
	for _, f := range k.Fields {
		if !o.has(f.Name) {
			continue // the default, or NewLayer's "is required"
		}
		if c.Values[f.Name], err = readSetting(o, f); err != nil {
			return nil, err
		}
	}
	return core.NewLayer(c)
}

// readSetting reads setting f of a spec as its type says.
func readSetting(o opts, f core.Field) (any, error) {
	switch f.Type {
	case core.IntField:
		return o.int(f.Name, 0)
	case core.FloatField:
		return o.num(f.Name, 0)
	case core.BoolField:
		return o.bool(f.Name, false)
	case core.StringField:
		return o.str(f.Name, "")
	case core.ActivationField, core.InitializerField:
		s, err := o.str(f.Name, "")
		if err != nil {
			return nil, err
		}
		var v any
		if f.Type == core.ActivationField {
			v, err = core.ParseActivation(s)
		} else {
			v, err = core.ParseInitializer(s)
		}
		return v, withCall(o.call, err)
	case core.RegularizerField:
		return regularizerSpec(o.call, f.Name, o.get(f.Name))
	}
	return nil, errors.New(o.call + ": " + f.Name + " has a type this build does not know")
}

// inputShape reads inputShape: [features] (or inputDim: features).
func inputShape(o opts) (int, error) {
	if v := o.get("inputDim"); !v.IsUndefined() {
		return o.int("inputDim", 0)
	}
	v := o.get("inputShape")
	if v.IsUndefined() {
		return 0, nil
	}
	if typeOf(v) != js.TypeObject || !v.InstanceOf(jsArray) {
		return 0, errors.New(o.call + ": inputShape must be an array [features], got " + describe(v))
	}
	if v.Length() != 1 {
		return 0, errors.New(o.call + ": inputShape must have one dimension, [features]; got " + strconv.Itoa(v.Length()))
	}
	d := v.Index(0)
	if typeOf(d) != js.TypeNumber || d.Float() != math.Trunc(d.Float()) || d.Float() < 1 || d.Float() > core.MaxUnits {
		return 0, errors.New(o.call + ": inputShape must be [features] with features between 1 and " +
			strconv.Itoa(core.MaxUnits) + ", got [" + describe(d) + "]")
	}
	return d.Int(), nil
}

// regularizerSpec reads { l1, l2 } or 'l1' / 'l2' / 'l1l2' (factors 0.01).
func regularizerSpec(call, name string, v js.Value) (core.Regularizer, error) {
	if v.IsUndefined() || v.IsNull() {
		return core.Regularizer{}, nil
	}
	if typeOf(v) == js.TypeString {
		switch v.String() {
		case "l1":
			return core.Regularizer{L1: 0.01}, nil
		case "l2":
			return core.Regularizer{L2: 0.01}, nil
		case "l1l2", "l1_l2":
			return core.Regularizer{L1: 0.01, L2: 0.01}, nil
		}
		return core.Regularizer{}, errors.New(call + ": unknown regularizer " + describe(v) + " (known: l1, l2, l1l2)")
	}
	if typeOf(v) != js.TypeObject {
		return core.Regularizer{}, errors.New(call + ": " + name + " must be gt.regularizers.l1/l2/l1l2(...), got " + describe(v))
	}
	o := opts{call: call + ": " + name, v: v}
	l1, err := o.num("l1", 0)
	if err != nil {
		return core.Regularizer{}, err
	}
	l2, err := o.num("l2", 0)
	if err != nil {
		return core.Regularizer{}, err
	}
	return core.Regularizer{L1: l1, L2: l2}, nil
}

// checkLayer(spec) validates a layer spec without adding it anywhere.
func checkLayer(args []js.Value) (any, error) {
	_, err := layerSpec(arg(args, 0))
	return nil, err
}

// adapters lists the kinds whose layers adapt ("normalization"), for the
// messages about adapt.
func adapters(sep string) string {
	var names []string
	for _, k := range core.LayerKinds() {
		if len(k.Stats) > 0 {
			names = append(names, k.Kind)
		}
	}
	return strings.Join(names, sep)
}

// add(handle, spec, adaptX?) appends a layer and returns its index.
func add(args []js.Value) (any, error) {
	e, err := idle("add", arg(args, 0))
	if err != nil {
		return nil, err
	}
	l, err := layerSpec(arg(args, 1))
	if err != nil {
		return nil, err
	}
	// Data given to layer.adapt before the layer was added: adapt first, so
	// that a failure leaves the model unchanged.
	if ax := arg(args, 2); !ax.IsUndefined() && !ax.IsNull() {
		a, ok := l.(core.Adapter)
		if !ok {
			return nil, errors.New("add: only " + adapters(" and ") + " layers adapt, not " + l.Kind())
		}
		x, err := readMatrix("adapt", "x", ax)
		if err != nil {
			return nil, err
		}
		if err := a.Adapt(x); err != nil {
			return nil, withCall("adapt", err, l.Kind()+": ")
		}
	}
	if err := e.m.Add(l); err != nil {
		return nil, err
	}
	return len(e.m.Layers()) - 1, nil
}

// adapt(handle, layerIndex, x) lets a layer that adapts (Normalization)
// learn x's statistics.
func adapt(args []js.Value) (any, error) {
	e, err := lookup("adapt", arg(args, 0))
	if err != nil {
		return nil, err
	}
	idx := arg(args, 1)
	ls := e.m.Layers()
	if typeOf(idx) != js.TypeNumber || idx.Int() < 0 || idx.Int() >= len(ls) {
		return nil, errors.New("adapt: no such layer")
	}
	l := ls[idx.Int()]
	a, ok := l.(core.Adapter)
	if !ok {
		return nil, errors.New("adapt: layer " + l.Name() + " is not a " + adapters(" or ") + " layer")
	}
	x, err := readMatrix("adapt", "x", arg(args, 2))
	if err != nil {
		return nil, err
	}
	return nil, withCall("adapt", a.Adapt(x), l.Kind()+": ")
}

// layerInfo describes one layer for model.layers and getConfig: name, kind,
// input and output widths, its settings, for a layer that adapts whether it
// has and its statistics once it has, and its parameter count.
func layerInfo(l core.Layer) js.Value {
	o := jsObject.New()
	o.Set("name", l.Name())
	o.Set("kind", l.Kind())
	o.Set("inputDim", l.InputDim())
	o.Set("outputDim", l.OutputDimFor(l.InputDim()))
	values := l.Values()
	for _, f := range l.Describe().Fields {
		o.Set(f.Name, settingValue(values[f.Name]))
	}
	if a, ok := l.(core.Adapter); ok {
		o.Set("adapted", a.Adapted())
		if a.Adapted() {
			for _, s := range a.Stats() {
				o.Set(s.Name, newFloat64Array(s.Values))
			}
		}
	}
	params := 0
	if l.InputDim() > 0 {
		t, f := l.CountParams(l.InputDim())
		params = t + f
	}
	o.Set("params", params)
	return o
}
