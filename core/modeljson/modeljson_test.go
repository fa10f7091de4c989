package modeljson_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/gotrain/gotrain/core"
	"github.com/gotrain/gotrain/core/internal/mat"
	"github.com/gotrain/gotrain/core/modeljson"
)

// Helpers of the serialization tests carry a ser prefix so that they cannot
// clash with other test files.

// serBaseJSON is a small valid model file: normalization → dense(2, relu,
// l2) → dropout → dense(1, sigmoid), compiled with Adam. The hostile-file
// table and the fuzz seeds are variations of it.
const serBaseJSON = `{"format":"gotrain-model","version":1,"seed":7,"inputDim":3,
 "layers":[
  {"kind":"normalization","name":"normalization_1","inputDim":3,"adapted":true,"mean":[1,2,3],"variance":[1,4,9]},
  {"kind":"dense","name":"dense_1","units":2,"activation":"relu","useBias":true,"kernelInitializer":"glorotUniform","kernelRegularizer":{"l1":0,"l2":0.01},"inputDim":0},
  {"kind":"dropout","name":"dropout_1","rate":0.5},
  {"kind":"dense","name":"dense_2","units":1,"activation":"sigmoid","useBias":true,"kernelInitializer":"glorotUniform","kernelRegularizer":null,"inputDim":0}],
 "weights":[
  {"name":"dense_1/kernel","shape":[3,2],"data":[0.1,-0.2,0.3,-0.4,0.5,-0.6]},
  {"name":"dense_1/bias","shape":[2],"data":[0.01,0.02]},
  {"name":"dense_2/kernel","shape":[2,1],"data":[1.5,-2.5]},
  {"name":"dense_2/bias","shape":[1],"data":[0.25]}],
 "compile":{"loss":"binaryCrossentropy","optimizer":{"name":"adam","learningRate":0.001,"beta1":0.9,"beta2":0.999,"epsilon":1e-7},"metrics":["accuracy"]}}`

// serDense is one Dense layer of serModel.
type serDense = core.DenseConfig

// serModel builds a model from layers (DenseConfig, dropout rate as
// float64, or *core.Normalization) and compiles it when opt is not empty.
func serModel(t testing.TB, seed uint64, opt core.OptimizerConfig, loss core.Loss, metrics []string, layers ...any) *core.Sequential {
	t.Helper()
	m := core.NewSequential(seed)
	for i, spec := range layers {
		var l core.Layer
		var err error
		switch s := spec.(type) {
		case serDense:
			l, err = core.NewDense(s)
		case float64:
			l, err = core.NewDropout(s)
		case *core.Normalization:
			l = s
		default:
			t.Fatalf("layer %d: bad spec %T", i, spec)
		}
		if err != nil {
			t.Fatalf("layer %d: %v", i, err)
		}
		if err := m.Add(l); err != nil {
			t.Fatalf("Add layer %d: %v", i, err)
		}
	}
	if opt.Name != "" {
		o, err := core.NewOptimizer(opt)
		if err != nil {
			t.Fatal(err)
		}
		if err := m.Compile(core.CompileConfig{Optimizer: o, Loss: loss, Metrics: metrics}); err != nil {
			t.Fatal(err)
		}
	}
	return m
}

func serNorm(t testing.TB, inputDim int) *core.Normalization {
	t.Helper()
	n, err := core.NewNormalization(inputDim)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// serRoundTrip saves m, loads it and checks that saving the loaded model
// gives the same bytes.
func serRoundTrip(t testing.TB, m *core.Sequential) *core.Sequential {
	t.Helper()
	b, err := modeljson.Marshal(m)
	if err != nil {
		t.Fatalf("Marshal: %v", err)
	}
	got, err := modeljson.Unmarshal(b)
	if err != nil {
		t.Fatalf("UnmarshalModel: %v\n%s", err, b)
	}
	b2, err := modeljson.Marshal(got)
	if err != nil {
		t.Fatalf("Marshal of the loaded model: %v", err)
	}
	if !bytes.Equal(b, b2) {
		t.Fatalf("the loaded model saves differently:\ngot  %s\nwant %s", b2, b)
	}
	if got.Compiled() && got.Optimizer().Iterations() != 0 {
		t.Errorf("got optimizer at step %d, want a fresh one", got.Optimizer().Iterations())
	}
	return got
}

// serSameBits reports the first index where a and b differ bit for bit.
func serSameBits(a, b []float64) (int, bool) {
	if len(a) != len(b) {
		return -1, false
	}
	for i := range a {
		if math.Float64bits(a[i]) != math.Float64bits(b[i]) {
			return i, false
		}
	}
	return 0, true
}

// serCheckSame compares everything observable of two models.
func serCheckSame(t *testing.T, got, want *core.Sequential, x *mat.Dense) {
	t.Helper()
	if got.Seed() != want.Seed() || got.Built() != want.Built() || got.InputDim() != want.InputDim() || got.OutputDim() != want.OutputDim() || got.CountParams() != want.CountParams() {
		t.Errorf("got seed %d built %v in %d out %d params %d, want %d %v %d %d %d", got.Seed(), got.Built(), got.InputDim(), got.OutputDim(), got.CountParams(),
			want.Seed(), want.Built(), want.InputDim(), want.OutputDim(), want.CountParams())
	}
	gl, wl := got.Layers(), want.Layers()
	if len(gl) != len(wl) {
		t.Fatalf("got %d layers, want %d", len(gl), len(wl))
	}
	for i := range gl {
		if gl[i].Name() != wl[i].Name() || gl[i].Kind() != wl[i].Kind() {
			t.Errorf("layer %d: got %s %s, want %s %s", i, gl[i].Kind(), gl[i].Name(), wl[i].Kind(), wl[i].Name())
		}
		switch w := wl[i].(type) {
		case *core.Dense:
			if g := gl[i].(*core.Dense); g.Config() != w.Config() {
				t.Errorf("layer %d: got config %+v, want %+v", i, g.Config(), w.Config())
			}
		case *core.Dropout:
			if g := gl[i].(*core.Dropout); g.Rate() != w.Rate() {
				t.Errorf("layer %d: got rate %v, want %v", i, g.Rate(), w.Rate())
			}
		case *core.Normalization:
			g := gl[i].(*core.Normalization)
			_, okM := serSameBits(g.Mean(), w.Mean())
			_, okV := serSameBits(g.Variance(), w.Variance())
			if g.Adapted() != w.Adapted() || !okM || !okV {
				t.Errorf("layer %d: got adapted %v %v %v, want %v %v %v", i, g.Adapted(), g.Mean(), g.Variance(), w.Adapted(), w.Mean(), w.Variance())
			}
		}
	}
	gw, ww := got.GetWeights(), want.GetWeights()
	if len(gw) != len(ww) {
		t.Fatalf("got %d weight arrays, want %d", len(gw), len(ww))
	}
	for i := range gw {
		if j, ok := serSameBits(gw[i].Data, ww[i].Data); !ok || gw[i].Name != ww[i].Name || !slices.Equal(gw[i].Shape, ww[i].Shape) {
			t.Errorf("weights %d (%s %v): differ at %d", i, ww[i].Name, ww[i].Shape, j)
		}
	}
	if got.Compiled() != want.Compiled() {
		t.Fatalf("got compiled %v, want %v", got.Compiled(), want.Compiled())
	}
	if want.Compiled() {
		if got.Loss() != want.Loss() || !slices.Equal(got.Metrics(), want.Metrics()) || got.Optimizer().Config() != want.Optimizer().Config() {
			t.Errorf("got compile %v %v %+v, want %v %v %+v", got.Loss(), got.Metrics(), got.Optimizer().Config(), want.Loss(), want.Metrics(), want.Optimizer().Config())
		}
	}
	if x != nil && want.Built() {
		pg, err := got.Predict(x)
		if err != nil {
			t.Fatal(err)
		}
		pw, err := want.Predict(x)
		if err != nil {
			t.Fatal(err)
		}
		if j, ok := serSameBits(pg.RawMatrix().Data, pw.RawMatrix().Data); !ok {
			t.Errorf("predictions differ at %d: got %v, want %v", j, pg.RawMatrix().Data[j], pw.RawMatrix().Data[j])
		}
	}
}

// serData returns n rows of cols features and labels fitting loss with k
// outputs.
func serData(n, cols, k int, loss core.Loss) (*mat.Dense, *mat.Dense) {
	x := mat.NewDense(n, cols, nil)
	for i := 0; i < n; i++ {
		for j := 0; j < cols; j++ {
			x.Set(i, j, math.Sin(float64(3*i+7*j+1))*float64(j+1)+float64(j))
		}
	}
	yc := k
	if loss == core.SparseCategoricalCrossentropy {
		yc = 1
	}
	y := mat.NewDense(n, yc, nil)
	for i := 0; i < n; i++ {
		class := i % k
		switch loss {
		case core.SparseCategoricalCrossentropy:
			y.Set(i, 0, float64(class))
		case core.CategoricalCrossentropy:
			y.Set(i, class, 1)
		case core.BinaryCrossentropy:
			for j := 0; j < k; j++ {
				y.Set(i, j, float64((i+j)%2))
			}
		default:
			for j := 0; j < k; j++ {
				y.Set(i, j, math.Cos(float64(i+j)))
			}
		}
	}
	return x, y
}

func TestSerializeRoundTrip(t *testing.T) {
	opt := func(name string, change func(*core.OptimizerConfig)) core.OptimizerConfig {
		c := core.MustOptimizerConfig(name)
		if change != nil {
			change(&c)
		}
		return c
	}
	tests := []struct {
		name    string
		inputs  int
		outputs int
		train   bool
		build   func(t testing.TB) *core.Sequential
	}{
		{"every activation and initializer, adam, categorical", 3, 3, true, func(t testing.TB) *core.Sequential {
			return serModel(t, 1, opt("adam", nil), core.CategoricalCrossentropy, []string{"accuracy", "f1"},
				serNorm(t, 3),
				serDense{Units: 8, Activation: core.ReLU, Initializer: core.HeNormal, Regularizer: core.Regularizer{L2: 0.01}},
				0.25,
				serDense{Units: 7, Activation: core.LeakyReLU, Initializer: core.GlorotNormal, Regularizer: core.Regularizer{L1: 0.001}},
				serDense{Units: 6, Activation: core.ELU, Initializer: core.HeUniform, Regularizer: core.Regularizer{L1: 1e-4, L2: 1e-3}, NoBias: true},
				serDense{Units: 5, Activation: core.Tanh, Name: "my tanh"},
				serDense{Units: 4, Activation: core.Softplus},
				serDense{Units: 4, Activation: core.Linear},
				serDense{Units: 3, Activation: core.Softmax, Initializer: core.Zeros})
		}},
		{"sgd, mse and regression metrics", 2, 2, true, func(t testing.TB) *core.Sequential {
			return serModel(t, 2, opt("sgd", func(c *core.OptimizerConfig) { c.LearningRate = 0.05 }), core.MeanSquaredError, []string{"mse", "mae"},
				serDense{Units: 6, Activation: core.Sigmoid, InputDim: 2},
				serDense{Units: 2})
		}},
		{"nesterov momentum, binary", 4, 1, true, func(t testing.TB) *core.Sequential {
			return serModel(t, 3, opt("momentum", func(c *core.OptimizerConfig) { c.Nesterov = true }), core.BinaryCrossentropy, []string{"acc", "precision", "recall"},
				serDense{Units: 5, Activation: core.ReLU, InputDim: 4},
				0.5,
				serDense{Units: 1, Activation: core.Sigmoid})
		}},
		{"rmsprop with momentum, sparse", 3, 4, true, func(t testing.TB) *core.Sequential {
			return serModel(t, 4, opt("rmsprop", func(c *core.OptimizerConfig) { c.Momentum = 0.5 }), core.SparseCategoricalCrossentropy, nil,
				serNorm(t, 0),
				serDense{Units: 4, Activation: core.Softmax, InputDim: 3})
		}},
		{"adagrad, mae", 2, 1, true, func(t testing.TB) *core.Sequential {
			return serModel(t, 1<<63+5, opt("adagrad", nil), core.MeanAbsoluteError, nil,
				serDense{Units: 3, Activation: core.Tanh, InputDim: 2},
				serDense{Units: 1})
		}},
		{"not compiled", 2, 2, false, func(t testing.TB) *core.Sequential {
			return serModel(t, 5, core.OptimizerConfig{}, 0, nil, serDense{Units: 2, InputDim: 2})
		}},
		{"not built", 0, 0, false, func(t testing.TB) *core.Sequential {
			return serModel(t, 6, opt("adam", nil), core.BinaryCrossentropy, []string{"accuracy"},
				serNorm(t, 0), serDense{Units: 4, Activation: core.ReLU}, 0.1, serDense{Units: 1, Activation: core.Sigmoid})
		}},
		{"built by Build, dropout first", 3, 2, false, func(t testing.TB) *core.Sequential {
			m := serModel(t, 7, core.OptimizerConfig{}, 0, nil, 0.3, serDense{Units: 2})
			if err := m.Build(3); err != nil {
				t.Fatal(err)
			}
			return m
		}},
		{"normalization adapted before build", 0, 0, false, func(t testing.TB) *core.Sequential {
			n := serNorm(t, 0)
			if err := n.Adapt(mat.NewDense(2, 2, []float64{1, 2, 3, 5})); err != nil {
				t.Fatal(err)
			}
			return serModel(t, 8, core.OptimizerConfig{}, 0, nil, n, serDense{Units: 1})
		}},
		{"empty", 0, 0, false, func(t testing.TB) *core.Sequential { return core.NewSequential(9) }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m := tc.build(t)
			var x, y *mat.Dense
			if tc.inputs > 0 {
				x, y = serData(40, tc.inputs, tc.outputs, m.Loss())
			}
			serCheckSame(t, serRoundTrip(t, m), m, x)
			if !tc.train {
				return
			}
			if _, err := m.Fit(x, y, core.FitConfig{Epochs: 3, BatchSize: 8}); err != nil {
				t.Fatal(err)
			}
			serCheckSame(t, serRoundTrip(t, m), m, x)
		})
	}
}

// Continuing training from a loaded model gives the same losses as the
// original gives with a fresh optimizer.
func TestSerializeContinueTraining(t *testing.T) {
	for _, name := range core.OptimizerNames {
		t.Run(name, func(t *testing.T) {
			m := serModel(t, 11, core.MustOptimizerConfig(name), core.BinaryCrossentropy, []string{"accuracy"},
				serNorm(t, 2),
				serDense{Units: 8, Activation: core.ReLU, Regularizer: core.Regularizer{L1: 1e-4, L2: 1e-3}},
				serDense{Units: 1, Activation: core.Sigmoid})
			x, y := serData(64, 2, 1, core.BinaryCrossentropy)
			cfg := core.FitConfig{Epochs: 3, BatchSize: 16, NoShuffle: true}
			if _, err := m.Fit(x, y, cfg); err != nil {
				t.Fatal(err)
			}
			loaded := serRoundTrip(t, m)
			m.Optimizer().Reset()
			want, err := m.Fit(x, y, cfg)
			if err != nil {
				t.Fatal(err)
			}
			got, err := loaded.Fit(x, y, cfg)
			if err != nil {
				t.Fatal(err)
			}
			if j, ok := serSameBits(got.History["loss"], want.History["loss"]); !ok {
				t.Errorf("epoch %d: got losses %v, want %v", j, got.History["loss"], want.History["loss"])
			}
			serCheckSame(t, loaded, m, x)
		})
	}
}

// Awkward float64 values survive bit for bit.
func TestSerializeFloatsBitForBit(t *testing.T) {
	awkward := []float64{0.1, 1e-300, math.Copysign(0, -1), 1.0 / 3, 5e-324, math.MaxFloat64, -math.SmallestNonzeroFloat64,
		1e21, 123456789.123456789, -2.5e-8, 0.30000000000000004, math.Nextafter(1, 2)}
	m := serModel(t, 1, core.OptimizerConfig{}, 0, nil, serNorm(t, 3), serDense{Units: 4})
	// The 3×4 kernel takes the twelve values.
	ws := m.GetWeights()
	copy(ws[0].Data, awkward)
	copy(ws[1].Data, []float64{math.Copysign(0, -1), 1e-310, 2.0 / 3, -1e300})
	if err := m.SetWeights(ws); err != nil {
		t.Fatal(err)
	}
	n := m.Layers()[0].(*core.Normalization)
	if err := n.SetStats([]float64{0.1, math.Copysign(0, -1), 1e-300}, []float64{1.0 / 3, 5e-324, 1e300}); err != nil {
		t.Fatal(err)
	}
	got := serRoundTrip(t, m)
	for i, w := range got.GetWeights() {
		if j, ok := serSameBits(w.Data, m.GetWeights()[i].Data); !ok {
			t.Errorf("%s value %d: got %v, want %v", w.Name, j, w.Data[j], m.GetWeights()[i].Data[j])
		}
	}
	gn := got.Layers()[0].(*core.Normalization)
	if _, ok := serSameBits(gn.Mean(), n.Mean()); !ok {
		t.Errorf("got mean %v, want %v", gn.Mean(), n.Mean())
	}
	if _, ok := serSameBits(gn.Variance(), n.Variance()); !ok {
		t.Errorf("got variance %v, want %v", gn.Variance(), n.Variance())
	}
	if math.Signbit(got.GetWeights()[0].Data[2]) != true {
		t.Errorf("got %v, want -0", got.GetWeights()[0].Data[2])
	}
}

func TestSerializeBaseFile(t *testing.T) {
	m, err := modeljson.Unmarshal([]byte(serBaseJSON))
	if err != nil {
		t.Fatal(err)
	}
	// normalization: (x - mean)/std; then relu(x·W + b); then sigmoid.
	p, err := m.Predict(mat.NewDense(1, 3, []float64{2, 4, 6}))
	if err != nil {
		t.Fatal(err)
	}
	x := []float64{1, 1, 1}
	h0 := math.Max(0, 0.1*x[0]+0.3*x[1]+0.5*x[2]+0.01)
	h1 := math.Max(0, -0.2*x[0]-0.4*x[1]-0.6*x[2]+0.02)
	want := 1 / (1 + math.Exp(-(1.5*h0 - 2.5*h1 + 0.25)))
	if got := p.At(0, 0); math.Abs(got-want) > 1e-15 {
		t.Errorf("got prediction %v, want %v", got, want)
	}
	if got, want := m.Optimizer().Config(), core.MustOptimizerConfig("adam"); got != want {
		t.Errorf("got optimizer %+v, want %+v", got, want)
	}
	serRoundTrip(t, m)
}

// serEdit returns serBaseJSON with old replaced by new, which must occur
// exactly once.
func serEdit(t *testing.T, old, new string) string {
	t.Helper()
	if n := strings.Count(serBaseJSON, old); n != 1 {
		t.Fatalf("%q occurs %d times in the base file", old, n)
	}
	return strings.Replace(serBaseJSON, old, new, 1)
}

func TestUnmarshalModelRefusesBadFiles(t *testing.T) {
	denseLayer := `{"kind":"dense","name":"d%d","units":65536,"activation":"linear","useBias":true,"kernelInitializer":"zeros","kernelRegularizer":null,"inputDim":0}`
	tests := []struct {
		name string
		file func(t *testing.T) string
		want string
	}{
		{"not JSON", func(t *testing.T) string { return serBaseJSON[:100] }, "not valid JSON"},
		{"trailing garbage", func(t *testing.T) string { return serBaseJSON + "x" }, "not valid JSON at byte"},
		{"empty", func(t *testing.T) string { return "" }, "not valid JSON"},
		{"an array", func(t *testing.T) string { return "[1,2]" }, "a model file must be a JSON object, got an array"},
		{"null", func(t *testing.T) string { return "null" }, "a model file must be a JSON object, got null"},
		{"TF.js file", func(t *testing.T) string { return `{"modelTopology":{},"weightsManifest":[]}` }, "TF.js Layers model"},
		{"other format", func(t *testing.T) string { return serEdit(t, `"gotrain-model"`, `"keras"`) }, "format is 'keras', want 'gotrain-model'"},
		{"no format", func(t *testing.T) string { return serEdit(t, `"format":"gotrain-model",`, ``) }, "missing field 'format'"},
		{"future version", func(t *testing.T) string { return serEdit(t, `"version":1`, `"version":3,"newField":true`) }, "unsupported version 3 (this gotrain reads versions 1 and 2)"},
		{"version as text", func(t *testing.T) string { return serEdit(t, `"version":1`, `"version":"1"`) }, `field 'version' must be an integer, got the string "1"`},
		{"unknown top field", func(t *testing.T) string { return serEdit(t, `"seed":7`, `"seed":7,"optimizerState":{}`) }, "unknown field 'optimizerState'"},
		{"negative seed", func(t *testing.T) string { return serEdit(t, `"seed":7`, `"seed":-7`) }, "field 'seed' must be an integer ≥ 0, got the number -7"},
		{"inputDim too large", func(t *testing.T) string { return serEdit(t, `"seed":7,"inputDim":3`, `"seed":7,"inputDim":100000`) }, "inputDim must be between 0 (not built) and 65536, got 100000"},
		{"inputDim disagrees with layer 1", func(t *testing.T) string { return serEdit(t, `"seed":7,"inputDim":3`, `"seed":7,"inputDim":4`) }, "inputDim is 4 but layer 1 (normalization_1) declares inputDim 3"},
		{"layers not an array", func(t *testing.T) string {
			return `{"format":"gotrain-model","version":1,"seed":1,"inputDim":0,"layers":{},"weights":[],"compile":null}`
		}, "field 'layers' must be an array, got an object"},
		{"units as text", func(t *testing.T) string { return serEdit(t, `"units":2,`, `"units":"abc",`) }, `layer 2 (dense_1): field 'units' must be an integer, got the string "abc"`},
		{"units fractional", func(t *testing.T) string { return serEdit(t, `"units":2,`, `"units":2.5,`) }, `layer 2 (dense_1): field 'units' must be an integer, got the number 2.5`},
		{"units null", func(t *testing.T) string { return serEdit(t, `"units":2,`, `"units":null,`) }, "layer 2 (dense_1): field 'units' is null, want an integer"},
		{"units zero", func(t *testing.T) string { return serEdit(t, `"units":2,`, `"units":0,`) }, "layer 2 (dense_1): units must be between 1 and 65536, got 0"},
		{"units 10^12", func(t *testing.T) string { return serEdit(t, `"units":2,`, `"units":1000000000000,`) }, "layer 2 (dense_1): units must be between 1 and 65536, got 1000000000000"},
		{"missing useBias", func(t *testing.T) string {
			return serEdit(t, `"useBias":true,"kernelInitializer":"glorotUniform","kernelRegularizer":{`, `"kernelInitializer":"glorotUniform","kernelRegularizer":{`)
		}, "layer 2 (dense_1): missing field 'useBias'"},
		{"unknown layer field", func(t *testing.T) string { return serEdit(t, `"rate":0.5`, `"rate":0.5,"seed":1`) }, "layer 3 (dropout_1): unknown field 'seed' (known: kind, name, rate)"},
		{"layer not an object", func(t *testing.T) string {
			return serEdit(t, `{"kind":"dropout","name":"dropout_1","rate":0.5}`, `"dropout"`)
		}, `layer 3: must be a JSON object, got the string "dropout"`},
		{"unknown kind", func(t *testing.T) string { return serEdit(t, `"kind":"dropout"`, `"kind":"conv2d"`) }, "layer 3 (dropout_1): unknown layer kind 'conv2d' (known: dense, dropout, normalization"},
		{"empty name", func(t *testing.T) string { return serEdit(t, `"name":"dropout_1"`, `"name":""`) }, "layer 3: name is empty"},
		{"unknown activation", func(t *testing.T) string { return serEdit(t, `"activation":"relu"`, `"activation":"swish"`) }, "layer 2 (dense_1): unknown activation 'swish'"},
		{"unknown initializer", func(t *testing.T) string {
			return serEdit(t, `"units":2,"activation":"relu","useBias":true,"kernelInitializer":"glorotUniform"`, `"units":2,"activation":"relu","useBias":true,"kernelInitializer":"ones"`)
		}, "layer 2 (dense_1): unknown initializer 'ones'"},
		{"negative regularizer", func(t *testing.T) string { return serEdit(t, `"l2":0.01`, `"l2":-0.01`) }, "layer 2 (dense_1): kernelRegularizer: regularizer factors must be between 0 and 1e6"},
		{"regularizer field missing", func(t *testing.T) string { return serEdit(t, `{"l1":0,"l2":0.01}`, `{"l2":0.01}`) }, "layer 2 (dense_1): kernelRegularizer: missing field 'l1'"},
		{"dropout rate 1", func(t *testing.T) string { return serEdit(t, `"rate":0.5`, `"rate":1`) }, "layer 3 (dropout_1): rate must be in [0, 1), got 1"},
		{"dropout rate negative", func(t *testing.T) string { return serEdit(t, `"rate":0.5`, `"rate":-0.5`) }, "layer 3 (dropout_1): rate must be in [0, 1), got -0.5"},
		{"statistics of different lengths", func(t *testing.T) string { return serEdit(t, `"mean":[1,2,3]`, `"mean":[1,2]`) }, "layer 1 (normalization_1): inputDim is 3 but mean has 2 values"},
		{"mean and variance of different lengths", func(t *testing.T) string {
			return serEdit(t, `"inputDim":3,"adapted":true,"mean":[1,2,3]`, `"inputDim":0,"adapted":true,"mean":[1,2]`)
		}, "layer 1 (normalization_1): mean has 2 values and variance 3"},
		{"mean without variance", func(t *testing.T) string { return serEdit(t, `"variance":[1,4,9]`, `"variance":null`) }, "layer 1 (normalization_1): mean and variance must both be arrays or both be null"},
		{"built but no statistics", func(t *testing.T) string {
			return serEdit(t, `"adapted":true,"mean":[1,2,3],"variance":[1,4,9]`, `"adapted":false,"mean":null,"variance":null`)
		}, "layer 1 (normalization_1) has null statistics but the model is built, so they must be in the file (mean 0 and variance 1 before adapt)"},
		{"adapted without statistics", func(t *testing.T) string {
			return serEdit(t, `"adapted":true,"mean":[1,2,3],"variance":[1,4,9]`, `"adapted":true,"mean":null,"variance":null`)
		}, "layer 1 (normalization_1): is adapted but its mean and variance are null"},
		{"not adapted but learned statistics", func(t *testing.T) string { return serEdit(t, `"adapted":true`, `"adapted":false`) }, "layer 1 (normalization_1): is not adapted, so its statistics must be the starting ones (mean 0, variance 1), but column 0 has mean 1 and variance 1"},
		{"not built but starting statistics", func(t *testing.T) string {
			return `{"format":"gotrain-model","version":1,"seed":1,"inputDim":0,"layers":[{"kind":"normalization","name":"n","inputDim":0,"adapted":false,"mean":[0],"variance":[1]}],"weights":[],"compile":null}`
		}, "layer 1 (n) is not adapted and the model is not built, so its mean and variance must be null"},
		{"negative variance", func(t *testing.T) string { return serEdit(t, `"variance":[1,4,9]`, `"variance":[1,-4,9]`) }, "layer 1 (normalization_1): column 1 has mean 2 and variance -4"},
		{"null in statistics", func(t *testing.T) string { return serEdit(t, `"mean":[1,2,3]`, `"mean":[1,null,3]`) }, "layer 1 (normalization_1): field 'mean': value 1 is null, want a number"},
		{"too many statistics", func(t *testing.T) string {
			return serEdit(t, `"mean":[1,2,3]`, `"mean":[`+strings.Repeat("0,", core.MaxUnits)+`0]`)
		}, "layer 1 (normalization_1): field 'mean' has 65537 values, more than the 65536 expected"},
		{"duplicate names", func(t *testing.T) string { return serEdit(t, `"name":"dense_2"`, `"name":"dense_1"`) }, "layer 4 (dense_1): duplicate name, layer 2 has it too"},
		{"declared width disagrees", func(t *testing.T) string {
			return serEdit(t, `"kernelRegularizer":null,"inputDim":0`, `"kernelRegularizer":null,"inputDim":5`)
		}, "layer 4 (dense_2) declares inputDim 5 but gets 2 inputs"},
		{"too many layers", func(t *testing.T) string {
			return `{"format":"gotrain-model","version":1,"seed":1,"inputDim":0,"layers":[` +
				strings.Repeat(`{"kind":"dropout","name":"x","rate":0},`, 1000) + `{"kind":"dropout","name":"y","rate":0}],"weights":[],"compile":null}`
		}, "field 'layers' has 1001 elements, more than the 1000 allowed"},
		{"too many parameters", func(t *testing.T) string {
			return `{"format":"gotrain-model","version":1,"seed":1,"inputDim":65536,"layers":[` +
				fmt.Sprintf(denseLayer, 1) + "," + fmt.Sprintf(denseLayer, 2) + `],"weights":[],"compile":null}`
		}, "layer 1 (d1) takes the model past 67108864 parameters"},
		{"weights when not built", func(t *testing.T) string {
			return `{"format":"gotrain-model","version":1,"seed":1,"inputDim":0,"layers":[{"kind":"dropout","name":"x","rate":0}],"weights":[{}],"compile":null}`
		}, "the file has 1 weight arrays but the model is not built (inputDim is 0), so it has none"},
		{"missing weight array", func(t *testing.T) string {
			return serEdit(t, `,
  {"name":"dense_2/bias","shape":[1],"data":[0.25]}`, ``)
		}, "the file has 3 weight arrays but the architecture needs 4"},
		{"weights swapped", func(t *testing.T) string { return serEdit(t, `"name":"dense_1/bias"`, `"name":"dense_2/bias"`) }, "weight array 2 is named 'dense_2/bias' but the architecture's is 'dense_1/bias'"},
		{"wrong shape", func(t *testing.T) string { return serEdit(t, `"shape":[3,2]`, `"shape":[2,3]`) }, "weight array 1 (dense_1/kernel): shape [2 3] does not match the architecture's [3 2]"},
		{"shape of text", func(t *testing.T) string { return serEdit(t, `"shape":[3,2]`, `"shape":["3",2]`) }, `weight array 1 (dense_1/kernel): field 'shape' must hold integers, got the string "3"`},
		{"too few values", func(t *testing.T) string {
			return serEdit(t, `[0.1,-0.2,0.3,-0.4,0.5,-0.6]`, `[0.1,-0.2,0.3,-0.4,0.5]`)
		}, "weight array 1 (dense_1/kernel): field 'data' has 5 values, want 6"},
		{"too many values", func(t *testing.T) string {
			return serEdit(t, `[0.1,-0.2,0.3,-0.4,0.5,-0.6]`, `[0.1,-0.2,0.3,-0.4,0.5,-0.6,0.7]`)
		}, "weight array 1 (dense_1/kernel): field 'data' has 7 values, more than the 6 expected"},
		{"null weight", func(t *testing.T) string {
			return serEdit(t, `[0.1,-0.2,0.3,-0.4,0.5,-0.6]`, `[0.1,-0.2,0.3,-0.4,0.5,null]`)
		}, "weight array 1 (dense_1/kernel): field 'data': value 5 is null, want a number"},
		{"weight as text", func(t *testing.T) string {
			return serEdit(t, `[0.1,-0.2,0.3,-0.4,0.5,-0.6]`, `[0.1,-0.2,"NaN",-0.4,0.5,-0.6]`)
		}, `field 'data': value 2 is the string "NaN", want a number`},
		{"weight out of range", func(t *testing.T) string {
			return serEdit(t, `[0.1,-0.2,0.3,-0.4,0.5,-0.6]`, `[0.1,-0.2,0.3,-0.4,0.5,-1e999]`)
		}, "field 'data': value 5 (-1e999) is out of range"},
		{"data not an array", func(t *testing.T) string { return serEdit(t, `"data":[0.25]`, `"data":0.25`) }, "weight array 4 (dense_2/bias): field 'data' must be an array of numbers, got the number 0.25"},
		{"unknown loss", func(t *testing.T) string { return serEdit(t, `"binaryCrossentropy"`, `"hinge"`) }, "compile: unknown loss 'hinge'"},
		{"unknown optimizer", func(t *testing.T) string { return serEdit(t, `"name":"adam"`, `"name":"nadam"`) }, "compile: optimizer: unknown optimizer 'nadam'"},
		{"bad hyper-parameter", func(t *testing.T) string { return serEdit(t, `"beta1":0.9`, `"beta1":1.5`) }, "compile: optimizer: adam: beta1 must be in [0, 1), got 1.5"},
		{"optimizer state", func(t *testing.T) string { return serEdit(t, `"epsilon":1e-7`, `"epsilon":1e-7,"iterations":3`) }, "compile: optimizer: unknown field 'iterations'"},
		{"unknown metric", func(t *testing.T) string { return serEdit(t, `["accuracy"]`, `["auc"]`) }, "compile: unknown metric 'auc'"},
		{"metric null", func(t *testing.T) string { return serEdit(t, `["accuracy"]`, `[null]`) }, "compile: field 'metrics' must hold strings, got null"},
		{"too many metrics", func(t *testing.T) string {
			return serEdit(t, `["accuracy"]`, `[`+strings.Repeat(`"mse",`, 100)+`"mse"]`)
		}, "compile: field 'metrics' has 101 elements, more than the 7 allowed"},
		{"compile not an object", func(t *testing.T) string {
			return serEdit(t, `"compile":{"loss":"binaryCrossentropy","optimizer":{"name":"adam","learningRate":0.001,"beta1":0.9,"beta2":0.999,"epsilon":1e-7},"metrics":["accuracy"]}`, `"compile":"adam"`)
		}, `compile: must be a JSON object, got the string "adam"`},
	}
	if len(tests) < 15 {
		t.Fatalf("only %d cases", len(tests))
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m, err := modeljson.Unmarshal([]byte(tc.file(t)))
			if err == nil {
				t.Fatalf("got a model, want an error containing %q", tc.want)
			}
			if m != nil {
				t.Errorf("got a model with the error %v", err)
			}
			if !strings.HasPrefix(err.Error(), "load model: ") || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("got error %q, want one containing %q", err, tc.want)
			}
			if testing.Verbose() {
				t.Log(err)
			}
		})
	}
}

// A file asking for absurd sizes fails before allocating them.
func TestUnmarshalModelFailsFast(t *testing.T) {
	tests := []struct {
		name string
		file string
		want string
	}{
		{"10^12 units", strings.Replace(serBaseJSON, `"units":2,`, `"units":1000000000000,`, 1), "units must be between"},
		{"10^12 statistics width", strings.Replace(serBaseJSON, `"inputDim":3,"adapted"`, `"inputDim":1000000000000,"adapted"`, 1), "inputShape must be between"},
		{"1000 wide normalization layers without statistics", serNormStack(1000), "has null statistics but the model is built"},
		{"10^12 inputs", strings.Replace(serBaseJSON, `"seed":7,"inputDim":3`, `"seed":7,"inputDim":1000000000000`, 1), "inputDim must be between"},
		{"10^12 values in a shape", strings.Replace(serBaseJSON, `"shape":[3,2]`, `"shape":[1000000,1000000]`, 1), "does not match"},
		{"huge network without weights", `{"format":"gotrain-model","version":1,"seed":1,"inputDim":65536,"layers":[` +
			`{"kind":"dense","name":"d","units":1000,"activation":"linear","useBias":true,"kernelInitializer":"zeros","kernelRegularizer":null,"inputDim":0}],` +
			`"weights":[{"name":"d/kernel","shape":[65536,1000],"data":[]},{"name":"d/bias","shape":[1000],"data":[]}],"compile":null}`, "has 0 values, want 65536000"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			_, err := modeljson.Unmarshal([]byte(tc.file))
			runtime.ReadMemStats(&after)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("got error %v, want one containing %q", err, tc.want)
			}
			if got := after.TotalAlloc - before.TotalAlloc; got > 10<<20 {
				t.Errorf("got %d bytes allocated, want less than 10 MB", got)
			}
		})
	}
}

// serNormStack is a file of n unadapted Normalization layers on 65536
// inputs that leaves their statistics out: loading it would allocate
// 1.5 MB per layer that the file does not back.
func serNormStack(n int) string {
	layers := make([]string, n)
	for i := range layers {
		layers[i] = fmt.Sprintf(`{"kind":"normalization","name":"n%d","inputDim":0,"adapted":false,"mean":null,"variance":null}`, i)
	}
	return `{"format":"gotrain-model","version":1,"seed":1,"inputDim":65536,"layers":[` + strings.Join(layers, ",") + `],"weights":[],"compile":null}`
}

func TestUnmarshalModelSizeLimit(t *testing.T) {
	big := make([]byte, modeljson.MaxBytes+1)
	_, err := modeljson.Unmarshal(big)
	if want := "more than the limit of 67108864"; err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("got %v, want an error containing %q", err, want)
	}
}

func TestMarshalJSONErrors(t *testing.T) {
	m := serModel(t, 1, core.OptimizerConfig{}, 0, nil, serDense{Units: 2, InputDim: 2})
	// SetWeights refuses NaN; poison a weight directly, as a diverged
	// training run would.
	m.Params()[0].Value.Set(1, 1, math.NaN())
	_, err := modeljson.Marshal(m)
	if want := "dense_1/kernel value 3 is NaN"; err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("got %v, want an error containing %q", err, want)
	}
	if _, err := modeljson.Marshal(nil); err == nil {
		t.Error("got no error for a nil model")
	}
	// Too big to load, so refused on saving, pointing to the TF.js format;
	// the writing stops at the limit (4M parameters wrote 85 MB before).
	big := serModel(t, 1, core.OptimizerConfig{}, 0, nil, serDense{Units: 4096, InputDim: 1024, Initializer: core.HeNormal})
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	_, err = modeljson.Marshal(big)
	runtime.ReadMemStats(&after)
	if want := "save model: the model has 4198400 parameters, too many for a gotrain JSON file of at most 64 MB (about 3 million parameters); save it in the TF.js format"; err == nil || !strings.HasPrefix(err.Error(), want) {
		t.Errorf("got %v, want an error starting %q", err, want)
	}
	// The weights' copy (32 MB) and the file up to its limit (64 MB).
	if grew := after.TotalAlloc - before.TotalAlloc; grew > 100<<20 {
		t.Errorf("allocated %d MB to refuse, want the writing stopped at 64 MB", grew>>20)
	}
}

// A model that is not built keeps its architecture and has no weights.
func TestMarshalJSONUnbuilt(t *testing.T) {
	m := serModel(t, 3, core.OptimizerConfig{}, 0, nil, serDense{Units: 4, Activation: core.ReLU}, 0.5)
	b, err := modeljson.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"format":"gotrain-model","version":2,"seed":3,"inputDim":0,"layers":[` +
		`{"kind":"dense","name":"dense_1","units":4,"activation":"relu","useBias":true,"kernelInitializer":"glorotUniform","kernelRegularizer":null,"inputDim":0},` +
		`{"kind":"dropout","name":"dropout_1","rate":0.5,"inputDim":0}],"weights":[],"compile":null}`
	if string(b) != want {
		t.Errorf("got  %s\nwant %s", b, want)
	}
	got := serRoundTrip(t, m)
	// Both build on first use the same way, from the same seed.
	x, _ := serData(10, 3, 4, core.MeanSquaredError)
	for _, model := range []*core.Sequential{m, got} {
		if _, err := model.Predict(x); err != nil {
			t.Fatal(err)
		}
	}
	serCheckSame(t, got, m, x)
}

// Loading names its layers as saved; layers added later get fresh names.
func TestUnmarshalModelThenAdd(t *testing.T) {
	m, err := modeljson.Unmarshal([]byte(serBaseJSON))
	if err != nil {
		t.Fatal(err)
	}
	d, _ := core.NewDense(core.DenseConfig{Units: 3})
	if err := m.Add(d); err != nil {
		t.Fatal(err)
	}
	if got, want := d.Name(), "dense_3"; got != want {
		t.Errorf("got name %s, want %s", got, want)
	}
}

// Saving a small model: its JSON, then loading it back.
func ExampleMarshal() {
	model := core.NewSequential(42)
	layer, _ := core.NewDense(core.DenseConfig{Units: 1, Activation: core.Sigmoid, InputDim: 2, Initializer: core.Zeros})
	model.Add(layer)
	sgd, _ := core.NewOptimizer(core.MustOptimizerConfig("sgd"))
	model.Compile(core.CompileConfig{Optimizer: sgd, Loss: core.BinaryCrossentropy, Metrics: []string{"accuracy"}})

	b, _ := modeljson.Marshal(model)
	var out bytes.Buffer
	json.Indent(&out, b, "", "  ")
	fmt.Println(out.String())
	// Output:
	// {
	//   "format": "gotrain-model",
	//   "version": 2,
	//   "seed": 42,
	//   "inputDim": 2,
	//   "layers": [
	//     {
	//       "kind": "dense",
	//       "name": "dense_1",
	//       "units": 1,
	//       "activation": "sigmoid",
	//       "useBias": true,
	//       "kernelInitializer": "zeros",
	//       "kernelRegularizer": null,
	//       "inputDim": 2
	//     }
	//   ],
	//   "weights": [
	//     {
	//       "name": "dense_1/kernel",
	//       "shape": [
	//         2,
	//         1
	//       ],
	//       "data": [
	//         0,
	//         0
	//       ]
	//     },
	//     {
	//       "name": "dense_1/bias",
	//       "shape": [
	//         1
	//       ],
	//       "data": [
	//         0
	//       ]
	//     }
	//   ],
	//   "compile": {
	//     "loss": "binaryCrossentropy",
	//     "optimizer": {
	//       "name": "sgd",
	//       "learningRate": 0.01
	//     },
	//     "metrics": [
	//       "accuracy"
	//     ]
	//   }
	// }
}

// Save a trained model and load it back: the copy predicts exactly the same
// and can go on training (with a fresh optimizer).
func ExampleUnmarshal() {
	data, _ := core.Generate("xor", 200, 0.1, 1)
	model := core.NewSequential(7)
	hidden, _ := core.NewDense(core.DenseConfig{Units: 8, Activation: core.Tanh, InputDim: 2})
	output, _ := core.NewDense(core.DenseConfig{Units: 1, Activation: core.Sigmoid})
	model.Add(hidden)
	model.Add(output)
	adam, _ := core.NewOptimizer(core.MustOptimizerConfig("adam"))
	model.Compile(core.CompileConfig{Optimizer: adam, Loss: core.BinaryCrossentropy, Metrics: []string{"accuracy"}})
	model.Fit(data.X, data.Y, core.FitConfig{Epochs: 5, BatchSize: 16})

	saved, err := modeljson.Marshal(model)
	if err != nil {
		fmt.Println(err)
		return
	}
	loaded, err := modeljson.Unmarshal(saved)
	if err != nil {
		fmt.Println(err)
		return
	}
	before, _ := model.Predict(data.X)
	after, _ := loaded.Predict(data.X)
	fmt.Println("same predictions:", slices.Equal(before.RawMatrix().Data, after.RawMatrix().Data))
	fmt.Println("compiled:", loaded.Compiled(), loaded.Loss(), loaded.Optimizer().Config().Name, loaded.Metrics())

	_, err = modeljson.Unmarshal([]byte(`{"format":"gotrain-model","version":3}`))
	fmt.Println(err)
	// Output:
	// same predictions: true
	// compiled: true binaryCrossentropy adam [accuracy]
	// load model: unsupported version 3 (this gotrain reads versions 1 and 2)
}
