package modeljson

import (
	"strings"

	"github.com/gotrain/gotrain/core"
	"github.com/gotrain/gotrain/core/internal/cut"
	"github.com/gotrain/gotrain/core/internal/jsonlite"
)

// A layer in the file is its kind's description written out: kind, name,
// each setting by its type, the declared input width, and for a layer that
// adapts "adapted" and its statistics.

// writeLayer writes l as the file holds it.
func writeLayer(w *jsonlite.Writer, l core.Layer) {
	k := l.Describe()
	w.Raw(`{"kind":`)
	w.Str(k.Kind)
	w.Raw(`,"name":`)
	w.Str(l.Name())
	values := l.Values()
	for _, f := range k.Fields {
		w.Raw(",")
		w.Str(f.Name)
		w.Raw(":")
		writeValue(w, f.Type, values[f.Name])
	}
	w.Raw(`,"inputDim":`)
	w.Int(l.DeclaredInputDim())
	if a, ok := l.(core.Adapter); ok {
		w.Raw(`,"adapted":`)
		w.Bool(a.Adapted())
		for _, s := range a.Stats() {
			w.Raw(",")
			w.Str(s.Name)
			w.Raw(":")
			w.Floats(s.Values)
		}
	}
	w.Raw("}")
}

// writeValue writes a setting of type t.
func writeValue(w *jsonlite.Writer, t core.FieldType, v any) {
	switch v := v.(type) {
	case int:
		w.Int(v)
	case float64:
		w.Float(v)
	case bool:
		w.Bool(v)
	case string:
		w.Str(v)
	case core.Activation:
		w.Str(v.String())
	case core.Initializer:
		w.Str(v.String())
	case core.Regularizer:
		if v.IsZero() {
			w.Raw("null")
			return
		}
		w.Raw(`{"l1":`)
		w.Float(v.L1)
		w.Raw(`,"l2":`)
		w.Float(v.L2)
		w.Raw("}")
	default:
		if w.Err == nil {
			w.Err = errorf("a %s setting holds a value of another type", t)
		}
	}
}

// readLayer builds layer number i (from 1) from its JSON object in a file of
// the given version.
func readLayer(raw []byte, i, version int) (core.Layer, error) {
	o, err := parseObject(raw, sprintf("layer %d", i))
	if err != nil {
		return nil, err
	}
	var kind, name string
	if err := o.readAll(fieldSpec{"kind", &kind, required}, fieldSpec{"name", &name, required}); err != nil {
		return nil, err
	}
	if name == "" {
		return nil, errorf("layer %d: name is empty", i)
	}
	o.where = sprintf("layer %d (%s)", i, cut.Text(name))
	k, err := core.LookupLayerKind(kind)
	if err != nil {
		return nil, o.wrap(err)
	}
	// Version 1 wrote no input width for dropout layers.
	hasInputDim := version != 1 || kind != "dropout"
	known := []string{"kind", "name"}
	for _, f := range k.Fields {
		known = append(known, f.Name)
	}
	if hasInputDim {
		known = append(known, "inputDim")
	}
	if len(k.Stats) > 0 {
		known = append(append(known, "adapted"), k.Stats...)
	}
	if err := o.check(known...); err != nil {
		return nil, err
	}
	c := core.LayerConfig{Kind: kind, Name: name, Values: core.Values{}}
	for _, f := range k.Fields {
		if c.Values[f.Name], err = readValue(o, f); err != nil {
			return nil, err
		}
	}
	if hasInputDim {
		if err := o.read("inputDim", &c.InputDim, required); err != nil {
			return nil, err
		}
	}
	var adapted bool
	stats := make([][]byte, len(k.Stats))
	if len(k.Stats) > 0 {
		if err := o.read("adapted", &adapted, required); err != nil {
			return nil, err
		}
		for j, s := range k.Stats {
			if err := o.read(s, &stats[j], nullable); err != nil {
				return nil, err
			}
		}
	}
	l, err := core.NewLayer(c)
	if err != nil {
		return nil, o.wrap(err)
	}
	if a, ok := l.(core.Adapter); ok {
		if err := readStats(o, a, adapted, stats); err != nil {
			return nil, err
		}
	}
	return l, nil
}

// readValue reads setting f, which every file has.
func readValue(o *jsonObject, f core.Field) (any, error) {
	switch f.Type {
	case core.IntField:
		var v int
		return v, o.read(f.Name, &v, required)
	case core.FloatField:
		var v float64
		return v, o.read(f.Name, &v, required)
	case core.BoolField:
		var v bool
		return v, o.read(f.Name, &v, required)
	case core.StringField:
		var v string
		return v, o.read(f.Name, &v, required)
	case core.ActivationField, core.InitializerField:
		var s string
		if err := o.read(f.Name, &s, required); err != nil {
			return nil, err
		}
		var v any
		var err error
		if f.Type == core.ActivationField {
			v, err = core.ParseActivation(s)
		} else {
			v, err = core.ParseInitializer(s)
		}
		if err != nil {
			return nil, o.wrap(err)
		}
		return v, nil
	case core.RegularizerField:
		var raw []byte
		if err := o.read(f.Name, &raw, nullable); err != nil || raw == nil {
			return core.Regularizer{}, err
		}
		r, err := parseObject(raw, o.where+": "+f.Name)
		if err != nil {
			return nil, err
		}
		if err := r.check("l1", "l2"); err != nil {
			return nil, err
		}
		var v core.Regularizer
		return v, r.readAll(fieldSpec{"l1", &v.L1, required}, fieldSpec{"l2", &v.L2, required})
	}
	return nil, o.errorf("setting '%s' has a type this format does not know", f.Name)
}

// readStats reads the statistics of a layer that adapts (both arrays, or
// both null when it has none) and gives them to the layer, which checks
// them.
func readStats(o *jsonObject, a core.Adapter, adapted bool, raws [][]byte) error {
	names := a.Describe().Stats
	nulls := 0
	for _, r := range raws {
		if r == nil {
			nulls++
		}
	}
	list := strings.Join(names, " and ")
	switch {
	case nulls != 0 && nulls != len(raws):
		both := "both"
		if len(raws) > 2 {
			both = "all"
		}
		return o.errorf("%s must %s be arrays or %s be null", list, both, both)
	case nulls == len(raws) && adapted:
		return o.errorf("is adapted but its %s are null", list)
	case nulls == len(raws):
		return nil
	}
	stats := make([][]float64, len(raws))
	for j, r := range raws {
		var err error
		if stats[j], err = readFloats(r, "field '"+names[j]+"'", core.MaxUnits); err != nil {
			return o.wrap(err)
		}
	}
	if d := a.DeclaredInputDim(); d != 0 && len(stats[0]) != d {
		return o.errorf("inputDim is %d but %s has %d values", d, names[0], len(stats[0]))
	}
	if err := a.RestoreStats(adapted, stats); err != nil {
		return o.wrap(err)
	}
	return nil
}

// wantWeights is the name and shape a weight array must have.
type wantWeights struct {
	name  string
	shape []int
}

func (w wantWeights) size() int {
	n := 1
	for _, d := range w.shape {
		n *= d
	}
	return n
}

// expectedWeights walks the architecture for dim input columns (0 when the
// model is not built) and returns the weight arrays it has, checking the
// widths, the statistics of layers that adapt and the parameter count
// (statistics included, as CountParams counts them) on the way.
func expectedWeights(layers []core.Layer, dim int) ([]wantWeights, error) {
	var want []wantWeights
	if dim == 0 {
		for i, l := range layers {
			if a, ok := l.(core.Adapter); ok {
				if err := a.CheckStats(0); err != nil {
					return nil, errorf("layer %d (%s) %v", i+1, cut.Text(l.Name()), err)
				}
			}
		}
		return want, nil
	}
	total := 0
	for i, l := range layers {
		if d := l.DeclaredInputDim(); d != 0 && d != dim {
			return nil, errorf("layer %d (%s) declares inputDim %d but gets %d inputs", i+1, cut.Text(l.Name()), d, dim)
		}
		for _, p := range l.ParamShapes(dim) {
			want = append(want, wantWeights{l.Name() + "/" + p.Name, p.Shape})
		}
		if a, ok := l.(core.Adapter); ok {
			if err := a.CheckStats(dim); err != nil {
				return nil, errorf("layer %d (%s) %v", i+1, cut.Text(l.Name()), err)
			}
		}
		t, f := l.CountParams(dim)
		total += t + f
		dim = l.OutputDimFor(dim)
		if total > core.MaxParams {
			return nil, errorf("layer %d (%s) takes the model past %d parameters", i+1, cut.Text(l.Name()), core.MaxParams)
		}
	}
	return want, nil
}
