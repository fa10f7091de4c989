package tfjs

import (
	"bytes"
	"errors"
	"math"
	"strings"

	"github.com/gotrain/gotrain/core"
	"github.com/gotrain/gotrain/core/internal/cut"
)

// Building a model from a topology's layers: each layer read and checked
// through its kind's description, the weight specs checked against the
// layers, and only then the model assembled with the layers' own methods.

// pendingLayer is a layer of the file, read and checked, not built yet.
type pendingLayer struct {
	class string
	cfg   core.LayerConfig
}

// layer builds the layer (without allocating its weights).
func (p *pendingLayer) layer() (core.Layer, error) {
	l, err := core.NewLayer(p.cfg)
	if err != nil {
		return nil, errors.New(strings.TrimPrefix(err.Error(), p.cfg.Kind+": "))
	}
	return l, nil
}

// importable returns the kind of a TF.js class gotrain reads, or nil. Kinds
// that keep statistics (Normalization) are not read: Export folds them, and
// TF.js files do not have them.
func importable(class string) *core.LayerKind {
	for _, k := range core.LayerKinds() {
		if k.ClassName == class && len(k.Stats) == 0 {
			return k
		}
	}
	return nil
}

// knownClasses lists the classes Import reads, for its error message: the
// importable kinds in the registry's order, with InputLayer third, after
// Dense and Dropout, where the message has always named it (tools match
// the message's start), and the activation layers.
func knownClasses() string {
	var names []string
	for _, k := range core.LayerKinds() {
		if importable(k.ClassName) != nil {
			names = append(names, k.ClassName)
		}
	}
	at := min(2, len(names))
	names = append(names[:at], append([]string{"InputLayer"}, names[at:]...)...)
	return strings.Join(names, ", ") + ", and LeakyReLU or Activation after a linear Dense"
}

// readLayers reads the topology's layers into layers to build, merging
// activation layers into the linear layer before them, and returns the
// input width the file declares (0 if none).
func readLayers(layers []tfjsLayer) ([]*pendingLayer, int, error) {
	var pending []*pendingLayer
	inputDim := 0
	var open *pendingLayer // the last layer still open to an activation layer
	for i, l := range layers {
		cfg := l.cfg
		if w, err := inputWidth(cfg); err != nil {
			return nil, 0, layerErr(i, l, "%v", err)
		} else if w != 0 && len(pending) == 0 && inputDim == 0 {
			inputDim = w
		}
		if err := checkDtype(cfg); err != nil {
			return nil, 0, layerErr(i, l, "%v", err)
		}
		prev := open
		open = nil
		switch l.class {
		case "InputLayer":
			if i != 0 {
				return nil, 0, layerErr(i, l, "an InputLayer must come first")
			}
			if inputDim == 0 {
				return nil, 0, layerErr(i, l, "no input shape (batch_input_shape)")
			}
			if s, _ := cfg["sparse"].(bool); s {
				return nil, 0, layerErr(i, l, "sparse inputs are not supported")
			}
		case "LeakyReLU":
			alpha, ok, err := cfg.num("alpha")
			if !ok && err == nil {
				alpha, ok, err = cfg.num("negativeSlope") // Keras 3
			}
			if !ok && err == nil {
				alpha, ok = 0.3, true // TF.js' and Keras 2's default
			}
			if err != nil || math.Abs(alpha-core.LeakyReLUAlpha) > 1e-6 {
				return nil, 0, layerErr(i, l, "alpha %s is not supported: gotrain's leakyRelu has alpha %g", describeJSON(alpha), core.LeakyReLUAlpha)
			}
			if prev == nil {
				return nil, 0, layerErr(i, l, "a LeakyReLU layer is supported only right after a linear Dense layer")
			}
			prev.cfg.Values["activation"] = core.LeakyReLU
		case "Activation", "ReLU", "Softmax":
			act, err := activationLayer(l)
			if err != nil {
				return nil, 0, layerErr(i, l, "%v", err)
			}
			if prev == nil {
				if act == core.Linear {
					continue
				}
				return nil, 0, layerErr(i, l, "an activation layer is supported only right after a linear Dense layer")
			}
			prev.cfg.Values["activation"] = act
			if act == core.Linear {
				open = prev
			}
		case "":
			return nil, 0, layerErr(i, l, "no class_name")
		default:
			k := importable(l.class)
			if k == nil {
				return nil, 0, layerErr(i, l, "layer class %s is not supported (only %s)", cut.Quoted(l.class), knownClasses())
			}
			p, err := readLayer(k, l)
			if err != nil {
				return nil, 0, layerErr(i, l, "%v", err)
			}
			if p.cfg.Values["activation"] == core.Linear {
				open = p
			}
			pending = append(pending, p)
		}
	}
	return pending, inputDim, nil
}

// readLayer reads a layer of kind k: each setting by its type, the class's
// extra keys, and the checks of the kind's constructor.
func readLayer(k *core.LayerKind, l tfjsLayer) (*pendingLayer, error) {
	p := &pendingLayer{class: l.class, cfg: core.LayerConfig{Kind: k.Kind, Name: l.name, Values: core.Values{}}}
	for _, f := range k.Fields {
		v, err := readSetting(f, l.cfg)
		if err != nil {
			return nil, err
		}
		if v != nil {
			p.cfg.Values[f.Name] = v
		}
	}
	for _, x := range extrasOf(k.ClassName) {
		if x.mustBeNull && l.cfg.has(toCamel(x.key)) {
			return nil, errorf("%s is not supported", x.key)
		}
	}
	layer, err := p.layer()
	if err != nil {
		return nil, err
	}
	if t, ok := l.cfg["trainable"].(bool); ok && !t && len(layer.ParamShapes(1)) > 0 {
		return nil, errors.New("frozen layers (trainable: false) are not supported")
	}
	return p, nil
}

// activationLayer returns the activation of an Activation, ReLU or Softmax
// layer.
func activationLayer(l tfjsLayer) (core.Activation, error) {
	switch l.class {
	case "ReLU":
		for _, k := range []string{"maxValue", "threshold", "negativeSlope"} {
			if v, _, _ := l.cfg.num(k); v != 0 {
				return 0, errorf("%s is not supported", toSnake(k))
			}
		}
		return core.ReLU, nil
	case "Softmax":
		if ax, ok, _ := l.cfg.num("axis"); ok && ax != -1 && ax != 1 {
			return 0, errorf("axis %v is not supported", ax)
		}
		return core.Softmax, nil
	}
	return parseTfjsActivation(l.cfg["activation"])
}

// specAt is a weight spec with where its data is.
type specAt struct {
	spec   WeightSpec
	offset int
	n      int
	used   bool
}

// weightLayout checks the weight specs against the data (sizes, dtypes,
// groups, names) and returns the model's specs by name and in order, the
// optimizer's left out.
func weightLayout(specs []WeightSpec, dataBytes int) (map[string]*specAt, []*specAt, error) {
	byName := map[string]*specAt{}
	var ordered []*specAt
	offset := 0
	for i, s := range specs {
		size := 1
		for _, d := range s.Shape {
			if d < 0 || d > core.MaxParams || size > core.MaxParams/max(d, 1) {
				return nil, nil, errorf("weight %s: shape %v is too large (more than %d values)", cut.Quoted(s.Name), s.Shape, core.MaxParams)
			}
			size *= d
		}
		var width int
		switch s.Dtype {
		case "float32", "int32":
			width = 4
		case "bool", "uint8":
			width = 1
		case "complex64":
			width = 8
		default:
			return nil, nil, errorf("weight %s: dtype %s cannot be read (model weights must be float32)", cut.Quoted(s.Name), cut.Quoted(s.Dtype))
		}
		if len(s.Quantization) > 0 && !bytes.Equal(s.Quantization, []byte("null")) {
			return nil, nil, errorf("weight %s: quantized weights are not supported (convert the model without quantization)", cut.Quoted(s.Name))
		}
		at := &specAt{spec: s, offset: offset, n: size}
		offset += size * width
		if s.Group == "optimizer" {
			continue
		}
		if s.Group != "" && s.Group != "model" {
			return nil, nil, errorf("weight %s: unknown weight group %s", cut.Quoted(s.Name), cut.Quoted(s.Group))
		}
		if _, dup := byName[s.Name]; dup {
			return nil, nil, errorf("weight %s is listed twice (spec %d)", cut.Quoted(s.Name), i+1)
		}
		byName[s.Name] = at
		ordered = append(ordered, at)
	}
	if offset != dataBytes {
		return nil, nil, errorf("the weight specs describe %d bytes of weight data but there are %d", offset, dataBytes)
	}
	return byName, ordered, nil
}

// build turns the parsed layers into a model and loads its weights.
func build(layers []tfjsLayer, specs []WeightSpec, source weightSource) (*core.Sequential, error) {
	pending, inputDim, err := readLayers(layers)
	if err != nil {
		return nil, err
	}
	byName, ordered, err := weightLayout(specs, source.n)
	if err != nil {
		return nil, err
	}
	find := func(name string) *specAt {
		if s := byName[name]; s != nil {
			return s
		}
		// Some writers prefix weight names with the model's name.
		var found *specAt
		for _, s := range ordered {
			if strings.HasSuffix(s.spec.Name, "/"+name) {
				if found != nil {
					return nil
				}
				found = s
			}
		}
		return found
	}

	// Create the layers (nothing is allocated yet) and name them as Add
	// would, so that every weight is matched to its layer first.
	all := make([]core.Layer, len(pending))
	counts, seen := map[string]int{}, map[string]bool{}
	for i, p := range pending {
		l, err := p.layer()
		if err != nil {
			return nil, errorf("layer %s (%s): %v", cut.Quoted(p.cfg.Name), cut.Text(p.class), err)
		}
		counts[l.Kind()]++
		if p.cfg.Name == "" {
			p.cfg.Name = sprintf("%s_%d", l.Kind(), counts[l.Kind()])
		}
		if seen[p.cfg.Name] {
			return nil, errorf("layer %s: the name is used by an earlier layer", cut.Quoted(p.cfg.Name))
		}
		seen[p.cfg.Name] = true
		all[i] = l
	}

	// Without a declared input width, the first kernel's rows give it.
	for i, l := range all {
		if inputDim != 0 {
			break
		}
		shapes := l.ParamShapes(1)
		if len(shapes) == 0 {
			continue
		}
		if s := find(pending[i].cfg.Name + "/" + shapes[0].Name); s != nil && len(s.spec.Shape) == 2 {
			if n, ok := intIn(float64(s.spec.Shape[0]), 1, core.MaxUnits); ok {
				inputDim = n
			}
		}
		if inputDim == 0 {
			return nil, errorf("layer %s (%s): no input shape (batch_input_shape) and no kernel to infer it from", cut.Quoted(pending[i].cfg.Name), cut.Text(pending[i].class))
		}
	}
	if inputDim == 0 {
		return nil, errors.New("the model has no layer with weights and no input shape")
	}
	total, dim := 0, inputDim
	for i, l := range all {
		t, f := l.CountParams(dim)
		total += t + f
		dim = l.OutputDimFor(dim)
		if total > core.MaxParams {
			return nil, errorf("layer %s (%s) would take the model past %d parameters", cut.Quoted(pending[i].cfg.Name), cut.Text(pending[i].class), core.MaxParams)
		}
	}

	// The weights decoded to float64, then the model's parameters and
	// gradients they go into.
	if err := core.CheckMemory("fromTfjs", "the model's weights", 24*int64(total)); err != nil {
		return nil, errors.New(strings.TrimPrefix(err.Error(), "fromTfjs: ")) // build's caller names the call
	}
	data := source.read()
	ws, err := matchWeights(all, pending, inputDim, find, ordered, data)
	if err != nil {
		return nil, err
	}
	m := core.NewSequential(0)
	for i, p := range pending {
		if i == 0 {
			p.cfg.InputDim = inputDim
		}
		l, err := p.layer()
		if err != nil {
			return nil, errorf("layer %s: %v", cut.Quoted(p.cfg.Name), err)
		}
		if err := m.Add(l); err != nil {
			return nil, errorf("layer %s: %v", cut.Quoted(l.Name()), err)
		}
	}
	if err := m.Build(inputDim); err != nil {
		return nil, err
	}
	if err := m.SetWeights(ws); err != nil {
		return nil, err
	}
	return m, nil
}

// matchWeights matches every parameter of the layers to a weight spec by
// name and shape, so that the model's size is bounded by the weight data's,
// and reads the values.
func matchWeights(all []core.Layer, pending []*pendingLayer, inputDim int, find func(string) *specAt, ordered []*specAt, data []byte) ([]core.Weights, error) {
	var ws []core.Weights
	var from []*specAt
	var owner []*pendingLayer
	dim := inputDim
	for i, l := range all {
		p := pending[i]
		for _, ps := range l.ParamShapes(dim) {
			name := p.cfg.Name + "/" + ps.Name
			s := find(name)
			if s == nil {
				return nil, errorf("layer %s (%s): no weight %s in the weight specs", cut.Quoted(p.cfg.Name), cut.Text(p.class), cut.Quoted(name))
			}
			if s.spec.Dtype != "float32" {
				return nil, errorf("layer %s (%s): weight %s has dtype %s, not float32", cut.Quoted(p.cfg.Name), cut.Text(p.class), cut.Quoted(s.spec.Name), cut.Quoted(s.spec.Dtype))
			}
			if !equalInts(s.spec.Shape, ps.Shape) {
				return nil, errorf("layer %s (%s): weight %s has shape %v but the layer needs %v", cut.Quoted(p.cfg.Name), cut.Text(p.class), cut.Quoted(s.spec.Name), s.spec.Shape, ps.Shape)
			}
			if s.used {
				return nil, errorf("layer %s (%s): weight %s is claimed by two layers", cut.Quoted(p.cfg.Name), cut.Text(p.class), cut.Quoted(s.spec.Name))
			}
			s.used = true
			ws = append(ws, core.Weights{Name: name, Shape: ps.Shape})
			from = append(from, s)
			owner = append(owner, p)
		}
		dim = l.OutputDimFor(dim)
	}
	for _, s := range ordered {
		if !s.used {
			return nil, errorf("weight %s belongs to no layer of the model", cut.Quoted(s.spec.Name))
		}
	}
	for k, s := range from {
		v := make([]float64, s.n)
		for j := range v {
			v[j] = float64(math.Float32frombits(uint32LE(data[s.offset+4*j:])))
			if math.IsNaN(v[j]) || math.IsInf(v[j], 0) {
				return nil, errorf("layer %s (%s): weight %s value %d is %v", cut.Quoted(owner[k].cfg.Name), cut.Text(owner[k].class), cut.Quoted(s.spec.Name), j, v[j])
			}
		}
		ws[k].Data = v
	}
	return ws, nil
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
