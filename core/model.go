package core

import (
	"errors"
	"math/rand/v2"
	"strconv"
	"strings"

	"github.com/gotrain/gotrain/core/internal/cut"
	"github.com/gotrain/gotrain/core/internal/fmtlite"
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
	// keeping everything learned so far (Keras' model.stop_training); the
	// stopped epoch is recorded with the logs of its batches. Set before a
	// fit (or before a Trainer's first Run), it ends that fit before its
	// first batch. Training clears it when it ends.
	StopTraining bool

	initRNG, shuffleRNG, dropoutRNG *rand.Rand
	built                           bool
	firstTrainable                  int     // the first layer with parameters
	adapter                         Adapter // the first layer if it adapts, else nil
	counts                          map[string]int
	// noiseSrc is dropoutRNG's source, whose state a training-mode trace
	// saves and puts back, so that tracing uses up no draws.
	noiseSrc *rand.PCG

	compiled  bool
	loss      Loss
	opt       *Optimizer
	metrics   []string
	params    []*Param
	xb, yb, g mat.Dense // batch copies and the loss gradient

	mem   *Reservation // what the model holds on the memory budget
	guard lossGuard    // the weights before the last update (guard.go)
}

// NewSequential returns an empty model. The seed fixes initialisation,
// shuffling and dropout: the same seed gives the same run, bit for bit.
func NewSequential(seed uint64) *Sequential {
	noise := rand.NewPCG(seed, 0x676f747261696e33)
	m := &Sequential{
		seed:       seed,
		initRNG:    rand.New(rand.NewPCG(seed, 0x676f747261696e31)),
		shuffleRNG: rand.New(rand.NewPCG(seed, 0x676f747261696e32)),
		dropoutRNG: rand.New(noise),
		noiseSrc:   noise,
		counts:     map[string]int{},
	}
	m.watchMemory()
	return m
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
		return fmtlite.Errorf("add: a model has at most %d layers", MaxLayers)
	}
	if d := l.DeclaredInputDim(); len(m.layers) > 0 && d != 0 {
		if w := m.widthAfter(len(m.layers)); w > 0 && w != d {
			return fmtlite.Errorf("add: layer %d declares %d inputs but the previous layer has %d outputs", len(m.layers)+1, d, w)
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
			return fmtlite.Errorf("add: duplicate layer name %s", cut.Quoted(name))
		}
	}
	l.base().name = name
	if m.built {
		// Keras builds a layer added to a built model at once, once the
		// budget has room for its weights.
		m.layers = append(m.layers, l)
		err := m.reserveRun("add", 0, false)
		m.layers = m.layers[:len(m.layers)-1]
		if err != nil {
			m.counts[l.Kind()]--
			return err
		}
		if err := m.buildLayer(l, m.OutputDim()); err != nil {
			m.counts[l.Kind()]--
			return fmtlite.Errorf("add: %v", err)
		}
		m.layers = append(m.layers, l)
		m.params = append(m.params, l.Params()...)
		m.setFirstTrainable()
		m.setAdapter()
		return nil
	}
	m.layers = append(m.layers, l)
	if d := m.layers[0].DeclaredInputDim(); d != 0 {
		if err := m.Build(d); err != nil {
			m.layers = m.layers[:len(m.layers)-1]
			m.counts[l.Kind()]--
			return fmtlite.Errorf("add: %v", err)
		}
	}
	m.setAdapter()
	return nil
}

// setAdapter records whether the first layer adapts, once per Add: a type
// assertion to an interface on every training step would now and then
// allocate (the runtime fills its per-site cache at random moments).
func (m *Sequential) setAdapter() {
	m.adapter, _ = m.layers[0].(Adapter)
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
		return fmtlite.Errorf("layer %s expects %d inputs but gets %d", cut.Text(l.Name()), d, inputs)
	}
	if inputs < 1 || inputs > MaxUnits {
		return fmtlite.Errorf("layer %s: inputs must be between 1 and %d, got %d", cut.Text(l.Name()), MaxUnits, inputs)
	}
	if t, f := l.CountParams(inputs); m.CountParams()+t+f > MaxParams {
		return fmtlite.Errorf("layer %s would take the model past %d parameters", cut.Text(l.Name()), MaxParams)
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
			return fmtlite.Errorf("build: the model is built for %d inputs, not %d", m.InputDim(), inputs)
		}
		return nil
	}
	if len(m.layers) == 0 {
		return errors.New("build: the model has no layers")
	}
	if inputs < 1 || inputs > MaxUnits {
		return fmtlite.Errorf("build: inputs must be between 1 and %d, got %d", MaxUnits, inputs)
	}
	total, dim := 0, inputs
	for _, l := range m.layers {
		t, f := l.CountParams(dim)
		total += t + f
		dim = l.OutputDimFor(dim)
	}
	if total > MaxParams {
		return fmtlite.Errorf("build: the model would have %d parameters, more than the limit of %d", total, MaxParams)
	}
	if err := m.reserveFor("build", inputs, 0, false); err != nil {
		return err
	}
	dim = inputs
	for i, l := range m.layers {
		if err := m.buildLayer(l, dim); err != nil {
			return fmtlite.Errorf("build: layer %d (%s): %v", i+1, cut.Text(l.Name()), err)
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
		return fmtlite.Errorf("compile: unknown loss %d", int(cfg.Loss))
	}
	seen := map[string]bool{}
	for _, name := range cfg.Metrics {
		if !isMetric(name) {
			return fmtlite.Errorf("compile: unknown metric %s (known: %s)", cut.Quoted(name), strings.Join(MetricNames, ", "))
		}
		if seen[name] {
			return fmtlite.Errorf("compile: metric %s listed twice", cut.Quoted(name))
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
