//go:build js && wasm

package main

import (
	"errors"
	"math"
	"strconv"
	"syscall/js"

	"github.com/gotrain/gotrain/core"
	"github.com/gotrain/gotrain/core/modeljson"
)

// entry is one live model, found by its integer handle.
type entry struct {
	m   *core.Sequential
	fit *fitState // non-nil while fit is running
}

var (
	models = map[int]*entry{}
	nextID = 1
)

// lookup returns the model of handle v, or an error naming call.
func lookup(call string, v js.Value) (*entry, error) {
	if typeOf(v) == js.TypeNumber {
		if e, ok := models[v.Int()]; ok {
			return e, nil
		}
	}
	return nil, errors.New(call + ": the model has been disposed")
}

// idle returns the model of handle v if it is not training.
func idle(call string, v js.Value) (*entry, error) {
	e, err := lookup(call, v)
	if err != nil {
		return nil, err
	}
	if e.fit != nil {
		return nil, errors.New(call + ": the model is training (wait for fit to finish, or set model.stopTraining = true)")
	}
	return e, nil
}

func register(m *core.Sequential) int {
	id := nextID
	nextID++
	models[id] = &entry{m: m}
	return id
}

func handlers() map[string]handler {
	return map[string]handler{
		// which matrix kernels core multiplies with: "simd", "scalar" or "go"
		"backend": func([]js.Value) (any, error) { return core.KernelBackend(), nil },
		// models
		"sequential":      sequential,
		"dispose":         dispose,
		"layerKinds":      layerKinds,
		"checkLayer":      checkLayer,
		"checkOptimizer":  checkOptimizer,
		"add":             add,
		"compile":         compile,
		"summary":         summary,
		"countParams":     countParams,
		"getConfig":       getConfig,
		"trainOnBatch":    trainOnBatch,
		"predict":         predict,
		"evaluate":        evaluate,
		"evaluateReport":  evaluateReport,
		"getWeights":      getWeights,
		"setWeights":      setWeights,
		"trace":           trace,
		"layerOutputs":    layerOutputs,
		"adapt":           adapt,
		"toJSON":          toJSON,
		"modelFromJSON":   modelFromJSON,
		"stopTraining":    stopTraining,
		"toTfjsArtifacts": toTfjsArtifacts,
		"loadLayersModel": loadLayersModel,
		// fit
		"fitStart": fitStart,
		"fitRun":   fitRun,
		"fitAbort": fitAbort,
		// data and metrics
		"parseCSV":        parseCSV,
		"split":           split,
		"builtin":         builtin,
		"oneHot":          oneHot,
		"confusionMatrix": confusionMatrix,
		"classReport":     classReport,
		"predictClasses":  predictClasses,
		"memory":          memory,
	}
}

// sequential(seed) → handle.
func sequential(args []js.Value) (any, error) {
	seed, err := seedOf("sequential", arg(args, 0))
	if err != nil {
		return nil, err
	}
	return register(core.NewSequential(seed)), nil
}

// dispose(handle) frees the model (a second dispose is a no-op). A fit in
// progress ends: its next slice reports the disposal.
func dispose(args []js.Value) (any, error) {
	if v := arg(args, 0); typeOf(v) == js.TypeNumber {
		if e, ok := models[v.Int()]; ok {
			if e.fit != nil {
				e.fit.disposed = true
			}
			delete(models, v.Int())
		}
	}
	return nil, nil
}

// layerKinds() → the layer kinds gt.layers offers, each { kind, className,
// fields: [{ name, type, default?, required? }] } with type one of int,
// float, bool, string, activation, initializer, regularizer. Every kind also
// takes name, inputShape ([n]) and inputDim (n). (Written out here until
// core's layers describe themselves.)
func layerKinds([]js.Value) (any, error) {
	field := func(name, typ string, def any) js.Value {
		f := jsObject.New()
		f.Set("name", name)
		f.Set("type", typ)
		if def == nil {
			f.Set("required", true)
		} else {
			f.Set("default", def)
		}
		return f
	}
	kind := func(k, class string, fields ...any) any {
		o := jsObject.New()
		o.Set("kind", k)
		o.Set("className", class)
		o.Set("fields", js.ValueOf(fields))
		return o
	}
	return js.ValueOf([]any{
		kind("dense", "Dense", field("units", "int", nil), field("activation", "activation", "linear"),
			field("useBias", "bool", true), field("kernelInitializer", "initializer", "glorotUniform"),
			field("kernelRegularizer", "regularizer", js.Null())),
		kind("dropout", "Dropout", field("rate", "float", nil)),
		kind("normalization", "Normalization"),
	}), nil
}

// layerSpec builds a core layer from a JS layer spec { kind, ...config }.
// It returns the layer and the inputShape it declared (0 if none).
func layerSpec(spec js.Value) (core.Layer, int, error) {
	if typeOf(spec) != js.TypeObject {
		return nil, 0, errors.New("add: expected a layer (gt.layers.dense(...)), got " + describe(spec))
	}
	kind := spec.Get("kind")
	if typeOf(kind) != js.TypeString {
		return nil, 0, errors.New("add: expected a layer (gt.layers.dense(...)), got an object without a kind")
	}
	o := opts{call: kind.String(), v: spec}
	in, err := inputShape(o)
	if err != nil {
		return nil, 0, err
	}
	switch kind.String() {
	case "dense":
		name, err := o.str("name", "")
		if err != nil {
			return nil, 0, err
		}
		if !o.has("units") {
			return nil, 0, errors.New("dense: units is required")
		}
		units, err := o.int("units", 0)
		if err != nil {
			return nil, 0, err
		}
		actName, err := o.str("activation", "linear")
		if err != nil {
			return nil, 0, err
		}
		act, err := core.ParseActivation(actName)
		if err != nil {
			return nil, 0, withCall("dense", err)
		}
		useBias, err := o.bool("useBias", true)
		if err != nil {
			return nil, 0, err
		}
		initName, err := o.str("kernelInitializer", "glorotUniform")
		if err != nil {
			return nil, 0, err
		}
		init, err := core.ParseInitializer(initName)
		if err != nil {
			return nil, 0, withCall("dense", err)
		}
		reg, err := regularizerSpec(o.get("kernelRegularizer"))
		if err != nil {
			return nil, 0, err
		}
		if in < 0 {
			in = 0
		}
		d, err := core.NewDense(core.DenseConfig{Units: units, Activation: act, InputDim: in, NoBias: !useBias,
			Initializer: init, Regularizer: reg, Name: name})
		return d, in, err
	case "dropout":
		if !o.has("rate") {
			return nil, 0, errors.New("dropout: rate is required")
		}
		rate, err := o.num("rate", 0)
		if err != nil {
			return nil, 0, err
		}
		d, err := core.NewDropout(rate)
		if err != nil {
			return nil, 0, err
		}
		return d, in, nil
	case "normalization":
		n, err := core.NewNormalization(max(in, 0))
		if err != nil {
			return nil, 0, err
		}
		return n, in, nil
	}
	return nil, 0, errors.New("add: unknown layer kind '" + kind.String() + "' (known: dense, dropout, normalization)")
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
func regularizerSpec(v js.Value) (core.Regularizer, error) {
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
		return core.Regularizer{}, errors.New("dense: unknown regularizer '" + v.String() + "' (known: l1, l2, l1l2)")
	}
	if typeOf(v) != js.TypeObject {
		return core.Regularizer{}, errors.New("dense: kernelRegularizer must be gt.regularizers.l1/l2/l1l2(...), got " + describe(v))
	}
	o := opts{call: "dense: kernelRegularizer", v: v}
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
	_, _, err := layerSpec(arg(args, 0))
	return nil, err
}

// add(handle, spec, adaptX?) appends a layer and returns its index.
func add(args []js.Value) (any, error) {
	e, err := idle("add", arg(args, 0))
	if err != nil {
		return nil, err
	}
	l, in, err := layerSpec(arg(args, 1))
	if err != nil {
		return nil, err
	}
	// Data given to layer.adapt before the layer was added: adapt first, so
	// that a failure leaves the model unchanged.
	if ax := arg(args, 2); !ax.IsUndefined() && !ax.IsNull() {
		n, ok := l.(*core.Normalization)
		if !ok {
			return nil, errors.New("add: only normalization layers adapt, not " + l.Kind())
		}
		x, err := readMatrix("adapt", "x", ax)
		if err != nil {
			return nil, err
		}
		if err := n.Adapt(x); err != nil {
			return nil, withCall("adapt", err, "normalization: ")
		}
	}
	m := e.m
	first := len(m.Layers()) == 0
	if !first && in > 0 && m.Built() && l.Kind() != "dense" && in != m.OutputDim() {
		return nil, errors.New("add: " + l.Kind() + " declares inputShape [" + strconv.Itoa(in) +
			"] but the previous layer has " + strconv.Itoa(m.OutputDim()) + " outputs")
	}
	if err := m.Add(l); err != nil {
		return nil, err
	}
	// A first dropout layer declares no input width in core: inputShape
	// builds the model right away, as it does for the other layers.
	if first && in > 0 && !m.Built() {
		if err := m.Build(in); err != nil {
			return nil, withCall("add", err)
		}
	}
	return len(m.Layers()) - 1, nil
}

// optimizerSpec reads 'adam' or { name, learningRate, ... }.
func optimizerSpec(call string, v js.Value) (*core.Optimizer, error) {
	if v.IsUndefined() || v.IsNull() {
		return nil, nil // core's default (rmsprop, as Keras)
	}
	if typeOf(v) == js.TypeString {
		cfg, err := core.DefaultOptimizerConfig(v.String())
		if err != nil {
			return nil, withCall(call, err)
		}
		return core.NewOptimizer(cfg)
	}
	if typeOf(v) != js.TypeObject {
		return nil, errors.New(call + ": optimizer must be a name such as 'adam' or gt.train.adam(...), got " + describe(v))
	}
	o := opts{call: call + ": optimizer", v: v}
	name, err := o.str("name", "")
	if err != nil {
		return nil, err
	}
	cfg, err := core.DefaultOptimizerConfig(name)
	if err != nil {
		return nil, withCall(call, err)
	}
	// gt.train.adam(...) errors name the call they come from.
	prefix := name
	if call == "train" {
		prefix = "train." + name
	}
	o.call = prefix
	for _, f := range []struct {
		key string
		dst *float64
	}{{"learningRate", &cfg.LearningRate}, {"momentum", &cfg.Momentum}, {"beta1", &cfg.Beta1},
		{"beta2", &cfg.Beta2}, {"epsilon", &cfg.Epsilon}, {"rho", &cfg.Rho},
		{"initialAccumulatorValue", &cfg.InitialAccumulator}} {
		if *f.dst, err = o.num(f.key, *f.dst); err != nil {
			return nil, err
		}
	}
	if cfg.Nesterov, err = o.bool("nesterov", false); err != nil {
		return nil, err
	}
	opt, err := core.NewOptimizer(cfg)
	if err != nil && call == "train" {
		return nil, withCall(prefix, err, name+": ")
	}
	return opt, err
}

// checkOptimizer(spec) validates an optimizer spec.
func checkOptimizer(args []js.Value) (any, error) {
	_, err := optimizerSpec("train", arg(args, 0))
	return nil, err
}

// compile(handle, { optimizer, loss, metrics }).
func compile(args []js.Value) (any, error) {
	e, err := idle("compile", arg(args, 0))
	if err != nil {
		return nil, err
	}
	o, err := newOpts("compile", arg(args, 1))
	if err != nil {
		return nil, err
	}
	lossName, err := o.str("loss", "")
	if err != nil {
		return nil, err
	}
	if lossName == "" {
		return nil, errors.New("compile: loss is required, e.g. 'meanSquaredError' or 'binaryCrossentropy'")
	}
	loss, err := core.ParseLoss(lossName)
	if err != nil {
		return nil, withCall("compile", err)
	}
	opt, err := optimizerSpec("compile", o.get("optimizer"))
	if err != nil {
		return nil, withCall("compile", err)
	}
	metrics, err := readStrings("compile", "metrics", o.get("metrics"))
	if err != nil {
		return nil, err
	}
	return nil, e.m.Compile(core.CompileConfig{Optimizer: opt, Loss: loss, Metrics: metrics})
}

func summary(args []js.Value) (any, error) {
	e, err := lookup("summary", arg(args, 0))
	if err != nil {
		return nil, err
	}
	return modelSummary(e.m), nil
}

func countParams(args []js.Value) (any, error) {
	e, err := lookup("countParams", arg(args, 0))
	if err != nil {
		return nil, err
	}
	return e.m.CountParams(), nil
}

// layerInfo describes one layer for model.layers and getConfig.
func layerInfo(l core.Layer) js.Value {
	o := jsObject.New()
	o.Set("name", l.Name())
	o.Set("kind", l.Kind())
	o.Set("inputDim", l.InputDim())
	o.Set("outputDim", l.OutputDim())
	params := 0
	for _, p := range l.Params() {
		r, c := p.Value.Dims()
		params += r * c
	}
	switch l := l.(type) {
	case *core.Dense:
		c := l.Config()
		o.Set("units", c.Units)
		o.Set("outputDim", c.Units)
		o.Set("activation", c.Activation.String())
		o.Set("useBias", !c.NoBias)
		o.Set("kernelInitializer", c.Initializer.String())
		if c.Regularizer.IsZero() {
			o.Set("kernelRegularizer", js.Null())
		} else {
			r := jsObject.New()
			r.Set("l1", c.Regularizer.L1)
			r.Set("l2", c.Regularizer.L2)
			o.Set("kernelRegularizer", r)
		}
	case *core.Dropout:
		o.Set("rate", l.Rate())
	case *core.Normalization:
		o.Set("adapted", l.Adapted())
		if l.Adapted() {
			o.Set("mean", newFloat64Array(l.Mean()))
			o.Set("variance", newFloat64Array(l.Variance()))
		}
		if l.InputDim() > 0 { // mean, variance and count, as Keras counts them
			params = 2*l.InputDim() + 1
		}
	}
	o.Set("params", params)
	return o
}

// config(handle) describes the model: seed, shapes, layers, compile settings.
func getConfig(args []js.Value) (any, error) {
	e, err := lookup("getConfig", arg(args, 0))
	if err != nil {
		return nil, err
	}
	m := e.m
	o := jsObject.New()
	o.Set("seed", float64(m.Seed()))
	o.Set("built", m.Built())
	o.Set("inputDim", m.InputDim())
	o.Set("outputDim", m.OutputDim())
	o.Set("training", e.fit != nil)
	ls := m.Layers()
	arr := make([]any, len(ls))
	for i, l := range ls {
		arr[i] = layerInfo(l)
	}
	o.Set("layers", js.ValueOf(arr))
	o.Set("compiled", m.Compiled())
	if m.Compiled() {
		o.Set("loss", m.Loss().String())
		o.Set("metrics", stringsValue(append([]string{}, m.Metrics()...)))
		o.Set("optimizer", optimizerValue(m.Optimizer().Config()))
	}
	return o, nil
}

func optimizerValue(c core.OptimizerConfig) js.Value {
	o := jsObject.New()
	o.Set("name", c.Name)
	o.Set("learningRate", c.LearningRate)
	switch c.Name {
	case "momentum":
		o.Set("momentum", c.Momentum)
		o.Set("nesterov", c.Nesterov)
	case "adam":
		o.Set("beta1", c.Beta1)
		o.Set("beta2", c.Beta2)
		o.Set("epsilon", c.Epsilon)
	case "rmsprop":
		o.Set("rho", c.Rho)
		o.Set("momentum", c.Momentum)
		o.Set("epsilon", c.Epsilon)
	case "adagrad":
		o.Set("initialAccumulatorValue", c.InitialAccumulator)
		o.Set("epsilon", c.Epsilon)
	}
	return o
}

// trainOnBatch(handle, x, y) → loss.
func trainOnBatch(args []js.Value) (any, error) {
	e, err := idle("trainOnBatch", arg(args, 0))
	if err != nil {
		return nil, err
	}
	x, err := readMatrix("trainOnBatch", "x", arg(args, 1))
	if err != nil {
		return nil, err
	}
	y, err := readMatrix("trainOnBatch", "y", arg(args, 2))
	if err != nil {
		return nil, err
	}
	return e.m.TrainOnBatch(x, y)
}

// predict(handle, x) → matrix.
func predict(args []js.Value) (any, error) {
	e, err := lookup("predict", arg(args, 0))
	if err != nil {
		return nil, err
	}
	x, err := readMatrix("predict", "x", arg(args, 1))
	if err != nil {
		return nil, err
	}
	p, err := e.m.Predict(x)
	if err != nil {
		return nil, err
	}
	return matrixValue(p), nil
}

// evaluate(handle, x, y) → logs.
func evaluate(args []js.Value) (any, error) {
	e, err := lookup("evaluate", arg(args, 0))
	if err != nil {
		return nil, err
	}
	x, err := readMatrix("evaluate", "x", arg(args, 1))
	if err != nil {
		return nil, err
	}
	y, err := readMatrix("evaluate", "y", arg(args, 2))
	if err != nil {
		return nil, err
	}
	logs, err := e.m.Evaluate(x, y)
	if err != nil {
		return nil, err
	}
	return logsValue(logs), nil
}

// evaluateReport(handle, x, y, numClasses) → { logs, predictions, numClasses,
// classes, truth, confusion, classReport }: what a page redraws after an
// epoch, in one call (core's EvaluateReport). numClasses undefined: from the
// loss and the output width.
func evaluateReport(args []js.Value) (any, error) {
	const call = "evaluateReport"
	e, err := lookup(call, arg(args, 0))
	if err != nil {
		return nil, err
	}
	x, err := readMatrix(call, "x", arg(args, 1))
	if err != nil {
		return nil, err
	}
	y, err := readMatrix(call, "y", arg(args, 2))
	if err != nil {
		return nil, err
	}
	k := 0
	if v := arg(args, 3); !v.IsUndefined() && !v.IsNull() {
		if typeOf(v) != js.TypeNumber || v.Float() != math.Trunc(v.Float()) || v.Float() < 0 || v.Float() > core.MaxClasses {
			return nil, errors.New(call + ": numClasses must be an integer from 0 to " + strconv.Itoa(core.MaxClasses) + ", got " + describe(v))
		}
		if k = v.Int(); k == 0 {
			k = -1 // 0 asks for no classes
		}
	}
	r, err := e.m.EvaluateReport(x, y, k)
	if err != nil {
		return nil, err
	}
	o := jsObject.New()
	o.Set("logs", logsValue(r.Logs))
	o.Set("predictions", matrixValue(r.Predictions))
	o.Set("numClasses", r.NumClasses)
	if r.NumClasses > 0 {
		o.Set("classes", newInt32Array(r.Classes))
		o.Set("truth", newInt32Array(r.Truth))
		o.Set("confusion", confusionValue(r.Confusion))
		o.Set("classReport", classReportValue(r.Report))
	}
	return o, nil
}

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
		data, ok := readFloats(item.Get("data"))
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

// layerOutputs(handle, x) → one matrix per layer.
func layerOutputs(args []js.Value) (any, error) {
	e, err := lookup("layerOutputs", arg(args, 0))
	if err != nil {
		return nil, err
	}
	x, err := readMatrix("layerOutputs", "x", arg(args, 1))
	if err != nil {
		return nil, err
	}
	outs, err := e.m.LayerOutputs(x)
	if err != nil {
		return nil, err
	}
	arr := make([]any, len(outs))
	for i, o := range outs {
		arr[i] = matrixValue(o)
	}
	return js.ValueOf(arr), nil
}

// adapt(handle, layerIndex, x) lets a Normalization layer learn x's
// statistics.
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
	n, ok := ls[idx.Int()].(*core.Normalization)
	if !ok {
		return nil, errors.New("adapt: layer " + ls[idx.Int()].Name() + " is not a normalization layer")
	}
	x, err := readMatrix("adapt", "x", arg(args, 2))
	if err != nil {
		return nil, err
	}
	return nil, withCall("adapt", n.Adapt(x), "normalization: ")
}

func toJSON(args []js.Value) (any, error) {
	e, err := lookup("toJSON", arg(args, 0))
	if err != nil {
		return nil, err
	}
	b, err := modeljson.Marshal(e.m)
	if err != nil {
		return nil, withCall("toJSON", err, "save model: ")
	}
	return string(b), nil
}

func modelFromJSON(args []js.Value) (any, error) {
	v := arg(args, 0)
	if typeOf(v) != js.TypeString {
		return nil, errors.New("modelFromJSON: expected the string model.toJSON() returns (or its parsed object), got " + describe(v))
	}
	// gotrain.js refuses strings of more than modeljson.MaxBytes before
	// they are copied here; this check also counts UTF-8 bytes.
	s := v.String()
	if len(s) > modeljson.MaxBytes {
		return nil, errors.New("modelFromJSON: the JSON is larger than " + strconv.Itoa(modeljson.MaxBytes) + " bytes")
	}
	m, err := modeljson.Unmarshal([]byte(s))
	if err != nil {
		return nil, withCall("modelFromJSON", err, "load model: ")
	}
	return register(m), nil
}

// stopTraining(handle) → the flag; stopTraining(handle, v) sets it.
func stopTraining(args []js.Value) (any, error) {
	e, err := lookup("stopTraining", arg(args, 0))
	if err != nil {
		return nil, err
	}
	if len(args) > 1 {
		e.m.StopTraining = isTrue(args[1])
		return nil, nil
	}
	return e.m.StopTraining, nil
}
