package core

import (
	"errors"
	"math"
	"math/rand/v2"
	"strconv"
	"strings"

	"github.com/gotrain/gotrain/core/internal/mat"
)

// MaxLayers bounds the number of layers of a model.
const MaxLayers = 1000

// Sequential is a stack of layers, each feeding the next, as Keras'
// Sequential model. Training state lives elsewhere: the Optimizer holds the
// update state and a Trainer runs fit.
type Sequential struct {
	layers []Layer
	seed   uint64
	// StopTraining, set from a callback, ends fit after the current batch,
	// keeping everything learned so far (Keras' model.stop_training).
	StopTraining bool

	initRNG, shuffleRNG, dropoutRNG *rand.Rand
	built                           bool
	firstTrainable                  int // the first layer with parameters
	counts                          map[string]int

	compiled  bool
	loss      Loss
	opt       *Optimizer
	metrics   []string
	params    []*Param
	xb, yb, g mat.Dense // batch copies and the loss gradient
}

// NewSequential returns an empty model. The seed fixes initialisation,
// shuffling and dropout: the same seed gives the same run, bit for bit.
func NewSequential(seed uint64) *Sequential {
	return &Sequential{
		seed:       seed,
		initRNG:    rand.New(rand.NewPCG(seed, 0x676f747261696e31)),
		shuffleRNG: rand.New(rand.NewPCG(seed, 0x676f747261696e32)),
		dropoutRNG: rand.New(rand.NewPCG(seed, 0x676f747261696e33)),
		counts:     map[string]int{},
	}
}

// Seed returns the model's seed.
func (m *Sequential) Seed() uint64 { return m.seed }

// Layers returns the model's layers in order.
func (m *Sequential) Layers() []Layer { return append([]Layer(nil), m.layers...) }

// Add appends a layer, naming it ("dense_1", "dropout_1", ...) unless it has
// a name already. A layer added to a built model is built at once, as in
// Keras; so is the model when its first layer declares its input width.
func (m *Sequential) Add(l Layer) error {
	if l == nil {
		return errors.New("add: layer is nil")
	}
	if len(m.layers) >= MaxLayers {
		return errorf("add: a model has at most %d layers", MaxLayers)
	}
	if d := l.DeclaredInputDim(); len(m.layers) > 0 && d != 0 {
		if w := m.widthAfter(len(m.layers)); w > 0 && w != d {
			return errorf("add: layer %d declares %d inputs but the previous layer has %d outputs", len(m.layers)+1, d, w)
		}
	}
	m.counts[l.Kind()]++
	name := l.Name()
	if name == "" {
		name = l.Kind() + "_" + strconv.Itoa(m.counts[l.Kind()])
	}
	for _, o := range m.layers {
		if o.Name() == name {
			m.counts[l.Kind()]--
			return errorf("add: duplicate layer name '%s'", name)
		}
	}
	l.base().name = name
	if m.built {
		// Keras builds a layer added to a built model at once.
		if err := m.buildLayer(l, m.OutputDim()); err != nil {
			m.counts[l.Kind()]--
			return errorf("add: %v", err)
		}
		m.layers = append(m.layers, l)
		m.params = append(m.params, l.Params()...)
		m.setFirstTrainable()
		return nil
	}
	m.layers = append(m.layers, l)
	if d := m.layers[0].DeclaredInputDim(); d != 0 {
		if err := m.Build(d); err != nil {
			m.layers = m.layers[:len(m.layers)-1]
			m.counts[l.Kind()]--
			return errorf("add: %v", err)
		}
	}
	return nil
}

// widthAfter returns the number of columns coming out of the first n layers,
// as far as the model knows it before it is built (0 when unknown).
func (m *Sequential) widthAfter(n int) int {
	if m.built {
		return m.layers[n-1].OutputDim()
	}
	dim := 0
	for _, l := range m.layers[:n] {
		if d := l.DeclaredInputDim(); d != 0 {
			dim = d
		}
		if dim < 1 {
			dim = l.InputDim() // a layer that adapted before the model was built
		}
		dim = l.OutputDimFor(dim)
	}
	return dim
}

// buildLayer builds one layer for inputs columns with the right random
// source: the noise stream for a kind that draws noise while training, the
// initialisation stream otherwise.
func (m *Sequential) buildLayer(l Layer, inputs int) error {
	if d := l.DeclaredInputDim(); d != 0 && d != inputs {
		return errorf("layer %s expects %d inputs but gets %d", l.Name(), d, inputs)
	}
	if inputs < 1 || inputs > MaxUnits {
		return errorf("layer %s: inputs must be between 1 and %d, got %d", l.Name(), MaxUnits, inputs)
	}
	if t, f := l.CountParams(inputs); m.CountParams()+t+f > MaxParams {
		return errorf("layer %s would take the model past %d parameters", l.Name(), MaxParams)
	}
	rng := m.initRNG
	if l.Describe().Noise {
		rng = m.dropoutRNG
	}
	return l.build(inputs, rng)
}

// setFirstTrainable finds the first layer with parameters, where backward
// stops.
func (m *Sequential) setFirstTrainable() {
	m.firstTrainable = len(m.layers)
	for i, l := range m.layers {
		if len(l.Params()) > 0 {
			m.firstTrainable = i
			return
		}
	}
}

// Built reports whether the layers have their weights.
func (m *Sequential) Built() bool { return m.built }

// InputDim returns the number of input columns (0 before build).
func (m *Sequential) InputDim() int {
	if !m.built {
		if len(m.layers) > 0 {
			return m.layers[0].DeclaredInputDim()
		}
		return 0
	}
	return m.layers[0].InputDim()
}

// OutputDim returns the number of output columns (0 before build).
func (m *Sequential) OutputDim() int {
	if !m.built {
		return 0
	}
	return m.layers[len(m.layers)-1].OutputDim()
}

// Build creates every layer's weights for inputs columns. It is called by
// Add when the first layer declares its input width, and otherwise by the
// first fit, predict or evaluate.
func (m *Sequential) Build(inputs int) error {
	if m.built {
		if inputs != m.InputDim() {
			return errorf("build: the model is built for %d inputs, not %d", m.InputDim(), inputs)
		}
		return nil
	}
	if len(m.layers) == 0 {
		return errors.New("build: the model has no layers")
	}
	if inputs < 1 || inputs > MaxUnits {
		return errorf("build: inputs must be between 1 and %d, got %d", MaxUnits, inputs)
	}
	total, dim := 0, inputs
	for _, l := range m.layers {
		t, f := l.CountParams(dim)
		total += t + f
		dim = l.OutputDimFor(dim)
	}
	if total > MaxParams {
		return errorf("build: the model would have %d parameters, more than the limit of %d", total, MaxParams)
	}
	dim = inputs
	for i, l := range m.layers {
		if err := m.buildLayer(l, dim); err != nil {
			return errorf("build: layer %d (%s): %v", i+1, l.Name(), err)
		}
		dim = l.OutputDim()
	}
	m.params = m.params[:0]
	for _, l := range m.layers {
		m.params = append(m.params, l.Params()...)
	}
	m.built = true
	m.setFirstTrainable()
	return nil
}

// Params returns every trainable parameter, in layer order, kernel then bias.
func (m *Sequential) Params() []*Param { return append([]*Param(nil), m.params...) }

// CountParams returns the number of weights, trainable or not (a
// Normalization layer's statistics count, as in Keras).
func (m *Sequential) CountParams() int {
	if !m.built {
		return 0
	}
	n := 0
	for _, l := range m.layers {
		if l.InputDim() > 0 {
			t, f := l.CountParams(l.InputDim())
			n += t + f
		}
	}
	return n
}

// CompileConfig configures training.
type CompileConfig struct {
	// Optimizer updates the weights; nil means RMSprop with its defaults,
	// as Keras' compile does.
	Optimizer *Optimizer
	// Loss is the objective; the zero value is MeanSquaredError.
	Loss Loss
	// Metrics are reported by fit and evaluate besides the loss: "accuracy"
	// (or "acc"), "precision", "recall", "f1", "mse", "mae". Accuracy is
	// binary or categorical as the loss and output width imply.
	Metrics []string
}

// MetricNames lists the metric names Compile accepts.
var MetricNames = []string{"accuracy", "acc", "precision", "recall", "f1", "mse", "mae"}

// Compile sets the loss, optimizer and metrics.
func (m *Sequential) Compile(cfg CompileConfig) error {
	if cfg.Loss < 0 || int(cfg.Loss) >= len(lossNames) {
		return errorf("compile: unknown loss %d", int(cfg.Loss))
	}
	seen := map[string]bool{}
	for _, name := range cfg.Metrics {
		if !isMetric(name) {
			return errorf("compile: unknown metric '%s' (known: %s)", name, strings.Join(MetricNames, ", "))
		}
		if seen[name] {
			return errorf("compile: metric '%s' listed twice", name)
		}
		seen[name] = true
	}
	opt := cfg.Optimizer
	if opt == nil {
		c, _ := DefaultOptimizerConfig("rmsprop")
		opt, _ = NewOptimizer(c)
	}
	if opt.slots == nil { // a zero Optimizer{} would panic on its first step
		return errors.New("compile: the optimizer was not made by NewOptimizer")
	}
	m.loss, m.opt, m.metrics, m.compiled = cfg.Loss, opt, append([]string(nil), cfg.Metrics...), true
	return nil
}

// Compiled reports whether Compile has been called.
func (m *Sequential) Compiled() bool { return m.compiled }

// Loss returns the compiled loss.
func (m *Sequential) Loss() Loss { return m.loss }

// Optimizer returns the compiled optimizer (nil before Compile).
func (m *Sequential) Optimizer() *Optimizer { return m.opt }

// Metrics returns the compiled metric names.
func (m *Sequential) Metrics() []string { return append([]string(nil), m.metrics...) }

// forward runs every layer on x and returns the output (owned by the model).
func (m *Sequential) forward(x *mat.Dense, training bool) *mat.Dense {
	for _, l := range m.layers {
		x = l.forward(x, training)
	}
	return x
}

// backward propagates dL/d(output) through every layer, setting gradients.
func (m *Sequential) backward(g *mat.Dense) {
	// The first layer with parameters needs no input gradient from earlier ones.
	first := m.firstTrainable
	for i := len(m.layers) - 1; i >= first; i-- {
		g = m.layers[i].backward(g, i > first)
	}
}

// regularization returns the sum of every kernel's penalty.
func (m *Sequential) regularization() float64 {
	var s float64
	for _, p := range m.params {
		if !p.Reg.IsZero() {
			s += p.Reg.penalty(raw(p.Value))
		}
	}
	return s
}

// step trains on one contiguous batch and returns the loss (with the
// regularization penalty) and the predictions (owned by the model).
func (m *Sequential) step(x, y *mat.Dense) (float64, *mat.Dense) {
	p := m.forward(x, true)
	r, c := p.Dims()
	resize(&m.g, r, c)
	loss := m.loss.compute(y, p, &m.g) + m.regularization()
	m.backward(&m.g)
	m.opt.Step(m.params)
	return loss, p
}

// prepare checks that the model can run on x (and y, when not nil), building
// it from x's width if needed, and returns an error naming the problem.
func (m *Sequential) prepare(call string, x, y *mat.Dense, needCompile bool) error {
	if len(m.layers) == 0 {
		return errorf("%s: the model has no layers", call)
	}
	if needCompile && !m.compiled {
		return errorf("%s: the model is not compiled; call compile first", call)
	}
	if x == nil || x.IsEmpty() {
		return errorf("%s: x is empty", call)
	}
	rows, cols := x.Dims()
	if m.built && cols != m.InputDim() {
		return errorf("%s: x has %d columns but the model expects %d", call, cols, m.InputDim())
	}
	if err := checkFinite(x); err != nil {
		return errorf("%s: x %v", call, err)
	}
	if y != nil {
		if err := m.checkLabels(call, y, rows, m.outputFor(cols)); err != nil {
			return err
		}
	}
	// Build only once everything is checked: a refused call must not leave
	// the model built for the wrong input width.
	if !m.built {
		if err := m.Build(cols); err != nil {
			return errorf("%s: %v", call, err)
		}
	}
	return nil
}

// outputFor returns the model's output width for inputs columns, from the
// layers' configurations when the model is not built yet.
func (m *Sequential) outputFor(inputs int) int {
	if m.built {
		return m.OutputDim()
	}
	dim := inputs
	for _, l := range m.layers {
		dim = l.OutputDimFor(dim)
	}
	return dim
}

// checkLabels checks y against x's row count and the loss, for a model
// with out outputs.
func (m *Sequential) checkLabels(call string, y *mat.Dense, rows, out int) error {
	if !m.compiled {
		return errorf("%s: the model is not compiled; call compile first", call)
	}
	yr, yc := y.Dims()
	if yr != rows {
		return errorf("%s: x has %d rows but y has %d", call, rows, yr)
	}
	if m.loss.sparse() {
		if yc != 1 {
			return errorf("%s: sparseCategoricalCrossentropy takes one column of class indices, but y has %d columns", call, yc)
		}
		if i, v, bad := firstNonClass(y, out); bad {
			return errorf("%s: y row %d: label %v is not a class index in 0..%d", call, i, v, out-1)
		}
		return nil
	}
	if yc != out {
		hint := ""
		if yc == 1 && out > 1 {
			hint = " (for class indices use sparseCategoricalCrossentropy, or one-hot encode y)"
		}
		return errorf("%s: y has %d columns but the model outputs %d%s", call, yc, out, hint)
	}
	if err := checkFinite(y); err != nil {
		return errorf("%s: y %v", call, err)
	}
	if m.loss == BinaryCrossentropy {
		if i, v, bad := firstOutsideUnit(y); bad {
			return errorf("%s: y row %d: binaryCrossentropy needs labels in [0, 1], got %v", call, i, v)
		}
	}
	return nil
}

// The checks below read every element once per fit, on raw rows, each a
// function of its own.

func checkFinite(x *mat.Dense) error {
	r := x.RawMatrix()
	for i := 0; i < r.Rows; i++ {
		for j, v := range r.Data[i*r.Stride : i*r.Stride+r.Cols] {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return errorf("row %d, column %d is %v", i, j, v)
			}
		}
	}
	return nil
}

// firstNonClass returns the first row of the one-column y whose value is not
// a class index in 0..classes-1.
func firstNonClass(y *mat.Dense, classes int) (row int, v float64, bad bool) {
	r := y.RawMatrix()
	for i := 0; i < r.Rows; i++ {
		if v := r.Data[i*r.Stride]; v != math.Trunc(v) || v < 0 || v >= float64(classes) {
			return i, v, true
		}
	}
	return 0, 0, false
}

// firstOutsideUnit returns the row of the first element of y (row by row)
// outside [0, 1].
func firstOutsideUnit(y *mat.Dense) (row int, v float64, bad bool) {
	r := y.RawMatrix()
	for i := 0; i < r.Rows; i++ {
		for _, v := range r.Data[i*r.Stride : i*r.Stride+r.Cols] {
			if v < 0 || v > 1 {
				return i, v, true
			}
		}
	}
	return 0, 0, false
}

// copyInto copies rows of src into dst (resized), contiguous. With idx nil it
// copies rows lo..hi-1; otherwise rows idx[lo:hi].
func copyInto(dst, src *mat.Dense, idx []int, lo, hi int) {
	_, c := src.Dims()
	resize(dst, hi-lo, c)
	d := raw(dst)
	s := src.RawMatrix()
	for i := lo; i < hi; i++ {
		r := i
		if idx != nil {
			r = idx[i]
		}
		dr, sr := d[(i-lo)*c:(i-lo+1)*c], s.Data[r*s.Stride:r*s.Stride+c]
		if c > 16 {
			copy(dr, sr)
			continue
		}
		// Short rows element by element: for a few values a loop costs
		// less than copy's call.
		for j, v := range sr[:len(dr)] {
			dr[j] = v
		}
	}
}

// TrainOnBatch runs one optimizer step on the batch (x, y) and returns the
// loss before the update, regularization included. After the first call with
// a batch of a given size it allocates nothing.
func (m *Sequential) TrainOnBatch(x, y *mat.Dense) (float64, error) {
	if y == nil {
		return 0, errors.New("trainOnBatch: y is empty")
	}
	if err := m.prepare("trainOnBatch", x, y, true); err != nil {
		return 0, err
	}
	m.adaptIfNeeded(x)
	r, _ := x.Dims()
	copyInto(&m.xb, x, nil, 0, r)
	copyInto(&m.yb, y, nil, 0, r)
	loss, _ := m.step(&m.xb, &m.yb)
	return loss, nil
}

// adaptIfNeeded lets a first layer that adapts (Normalization) and has not
// yet learned its statistics learn them from x, as the API promises for the
// first fit.
func (m *Sequential) adaptIfNeeded(x *mat.Dense) {
	if a, ok := m.layers[0].(Adapter); ok && !a.Adapted() {
		_ = a.Adapt(x) // x was checked by prepare: Adapt cannot fail here
	}
}

// predictBatch is how many rows predict and evaluate push through at once.
const predictBatch = 256

// Predict returns the model's outputs for x, one row per row of x.
func (m *Sequential) Predict(x *mat.Dense) (*mat.Dense, error) {
	if err := m.prepare("predict", x, nil, false); err != nil {
		return nil, err
	}
	rows, _ := x.Dims()
	out := mat.NewDense(rows, m.OutputDim(), nil)
	var xb mat.Dense
	for lo := 0; lo < rows; lo += predictBatch {
		hi := min(lo+predictBatch, rows)
		copyInto(&xb, x, nil, lo, hi)
		p := m.forward(&xb, false)
		copy(raw(out)[lo*m.OutputDim():hi*m.OutputDim()], raw(p))
	}
	return out, nil
}

// Evaluate returns the loss (with regularization) and the compiled metrics
// on (x, y), computed in inference mode.
func (m *Sequential) Evaluate(x, y *mat.Dense) (Logs, error) {
	if y == nil {
		return nil, errors.New("evaluate: y is empty")
	}
	if err := m.prepare("evaluate", x, y, true); err != nil {
		return nil, err
	}
	logs := Logs{}
	m.evaluateInto(logs, "", x, y)
	return logs, nil
}

// evaluateInto writes loss and metrics on (x, y) into logs with a prefix.
func (m *Sequential) evaluateInto(logs Logs, prefix string, x, y *mat.Dense) {
	e := m.newEvaluation(x, y)
	for !e.step() {
	}
	e.write(logs, prefix)
}

// evaluation is an evaluation on (x, y) in progress, predictBatch rows a
// step, so that a Trainer can spread validation over its Run slices.
type evaluation struct {
	m      *Sequential
	x, y   *mat.Dense
	rows   int
	lo     int // first row of the next step
	total  float64
	tr     *metricTracker
	xb, yb mat.Dense
	out    *mat.Dense // when not nil, receives the predictions
}

func (m *Sequential) newEvaluation(x, y *mat.Dense) *evaluation {
	rows, _ := x.Dims()
	return &evaluation{m: m, x: x, y: y, rows: rows, tr: newMetricTracker(m.metrics, m.loss, m.OutputDim())}
}

// step evaluates the next predictBatch rows and reports whether all rows
// are done.
func (e *evaluation) step() bool {
	if e.lo < e.rows {
		hi := min(e.lo+predictBatch, e.rows)
		copyInto(&e.xb, e.x, nil, e.lo, hi)
		copyInto(&e.yb, e.y, nil, e.lo, hi)
		p := e.m.forward(&e.xb, false)
		e.total += e.m.loss.compute(&e.yb, p, nil) * float64(hi-e.lo)
		e.tr.add(&e.yb, p)
		if e.out != nil {
			w := e.m.OutputDim()
			copy(raw(e.out)[e.lo*w:hi*w], raw(p))
		}
		e.lo = hi
	}
	return e.lo >= e.rows
}

// write puts the loss (with regularization) and metrics into logs.
func (e *evaluation) write(logs Logs, prefix string) {
	logs[prefix+"loss"] = e.total/float64(e.rows) + e.m.regularization()
	e.tr.write(logs, prefix)
}

// LayerOutputs returns every layer's output for x, in inference mode: one
// matrix per layer, rows as x. The page draws hidden neurons from these.
func (m *Sequential) LayerOutputs(x *mat.Dense) ([]*mat.Dense, error) {
	if err := m.prepare("layerOutputs", x, nil, false); err != nil {
		return nil, err
	}
	rows, _ := x.Dims()
	outs := make([]*mat.Dense, len(m.layers))
	for i, l := range m.layers {
		outs[i] = mat.NewDense(rows, l.OutputDim(), nil)
	}
	var xb mat.Dense
	for lo := 0; lo < rows; lo += predictBatch {
		hi := min(lo+predictBatch, rows)
		copyInto(&xb, x, nil, lo, hi)
		in := &xb
		for i, l := range m.layers {
			in = l.forward(in, false)
			w := l.OutputDim()
			copy(raw(outs[i])[lo*w:hi*w], raw(in))
		}
	}
	return outs, nil
}
