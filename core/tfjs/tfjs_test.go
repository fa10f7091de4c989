package tfjs

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gotrain/gotrain/core"
	"github.com/gotrain/gotrain/core/internal/mat"
)

// tjPredTol bounds prediction differences (relative to max(1, |want|)) after
// a trip through float32 weights: float32 precision.
const tjPredTol = 1e-6

// tjReference builds the model that build/parity/gen.mjs mirrors in TF.js for
// testdata/tfjs/topology_reference.json.
func tjReference(t *testing.T) *core.Sequential {
	t.Helper()
	m := thModel(t, 1,
		thDense(t, core.DenseConfig{Units: 4, Activation: core.Tanh, InputDim: 3, Regularizer: core.Regularizer{L1: 0.01, L2: 0.02}}),
		thDropout(t, 0.5),
		thDense(t, core.DenseConfig{Units: 3, Activation: core.LeakyReLU, Initializer: core.HeNormal}),
		thDense(t, core.DenseConfig{Units: 3, Activation: core.ReLU, Initializer: core.HeUniform, Regularizer: core.Regularizer{L2: 0.03}}),
		thDense(t, core.DenseConfig{Units: 3, Activation: core.ELU, Initializer: core.GlorotNormal}),
		thDense(t, core.DenseConfig{Units: 3, Activation: core.Softplus, Initializer: core.Zeros, NoBias: true}),
		thDense(t, core.DenseConfig{Units: 3, Activation: core.Sigmoid, Regularizer: core.Regularizer{L1: 0.04}}),
		thDense(t, core.DenseConfig{Units: 2, Activation: core.Softmax}),
	)
	opt, err := core.NewOptimizer(core.OptimizerConfig{Name: "adam", LearningRate: 0.01, Beta1: 0.9, Beta2: 0.999, Epsilon: 1e-7})
	if err != nil {
		t.Fatal(err)
	}
	// recall and f1 have no TF.js metric string: the export leaves them out.
	if err := m.Compile(core.CompileConfig{Optimizer: opt, Loss: core.CategoricalCrossentropy, Metrics: []string{"accuracy", "precision", "recall", "f1"}}); err != nil {
		t.Fatal(err)
	}
	return m
}

// TestToTfjsMatchesTFJS compares ToTfjs with what TF.js 4.22 writes for the
// same model: the topology byte for byte, the weight manifest and the
// trainingConfig (for every optimizer).
func TestToTfjsMatchesTFJS(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "testdata", "tfjs", "topology_reference.json"))
	if err != nil {
		t.Fatal(err)
	}
	var ref struct {
		ModelTopology   json.RawMessage            `json:"modelTopology"`
		WeightSpecs     []WeightSpec               `json:"weightSpecs"`
		TrainingConfig  json.RawMessage            `json:"trainingConfig"`
		TrainingConfigs map[string]json.RawMessage `json:"trainingConfigs"`
	}
	if err := json.Unmarshal(b, &ref); err != nil {
		t.Fatal(err)
	}
	m := tjReference(t)
	a, err := Export(m)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := string(a.ModelTopology), string(ref.ModelTopology); got != want {
		t.Errorf("modelTopology differs from TF.js'\n got: %s\nwant: %s", got, want)
	}
	gotSpecs, _ := json.Marshal(a.WeightSpecs)
	wantSpecs, _ := json.Marshal(ref.WeightSpecs)
	if string(gotSpecs) != string(wantSpecs) {
		t.Errorf("weightSpecs\n got: %s\nwant: %s", gotSpecs, wantSpecs)
	}
	if !tjJSONEqual(a.TrainingConfig, ref.TrainingConfig) {
		t.Errorf("trainingConfig\n got: %s\nwant: %s", a.TrainingConfig, ref.TrainingConfig)
	}
	if n := 4 * (3*4 + 4 + 4*3 + 3 + 3*3 + 3 + 3*3 + 3 + 3*3 + 3*3 + 3 + 3*2 + 2); len(a.WeightData) != n {
		t.Errorf("weightData has %d bytes, want %d", len(a.WeightData), n)
	}
	if a.Format != "layers-model" {
		t.Errorf("format = %q, want layers-model", a.Format)
	}

	for _, name := range core.OptimizerNames {
		for _, variant := range []string{name, "nesterov"} {
			if variant == "nesterov" && name != "momentum" {
				continue
			}
			t.Run("trainingConfig/"+variant, func(t *testing.T) {
				var oc any
				var tc map[string]json.RawMessage
				if err := json.Unmarshal(ref.TrainingConfigs[variant], &tc); err != nil {
					t.Fatal(err)
				}
				_ = json.Unmarshal(tc["optimizer_config"], &oc)
				cfg, err := optimizerFromTfjs(camelKeys(oc).(jsonObj))
				if err != nil {
					t.Fatal(err)
				}
				opt, err := core.NewOptimizer(cfg)
				if err != nil {
					t.Fatal(err)
				}
				if err := m.Compile(core.CompileConfig{Optimizer: opt, Loss: core.MeanSquaredError, Metrics: []string{"mse", "mae"}}); err != nil {
					t.Fatal(err)
				}
				a, err := Export(m)
				if err != nil {
					t.Fatal(err)
				}
				if !tjJSONEqual(a.TrainingConfig, ref.TrainingConfigs[variant]) {
					t.Errorf("trainingConfig\n got: %s\nwant: %s", a.TrainingConfig, ref.TrainingConfigs[variant])
				}
			})
		}
	}
}

// tjSaved is a model TF.js saved, with its predictions.
type tjSaved struct {
	Artifacts   Artifacts   `json:"artifacts"`
	X           [][]float64 `json:"x"`
	Predictions [][]float64 `json:"predictions"`
}

func tjLoadSaved(t *testing.T, name string) tjSaved {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "testdata", "tfjs", name))
	if err != nil {
		t.Fatal(err)
	}
	var s tjSaved
	if err := json.Unmarshal(b, &s); err != nil {
		t.Fatal(err)
	}
	return s
}

// tjFoldTol is tjPredTol scaled for a model whose Normalization layers get
// folded: x/σ − μ/σ cancels, so float32 rounding grows with |μ/σ|.
func tjFoldTol(m *core.Sequential) float64 {
	c := 0.0
	for _, l := range m.Layers() {
		if n, ok := l.(*core.Normalization); ok {
			mean, invStd := n.Mean(), n.InvStd()
			for j := range mean {
				c = math.Max(c, math.Abs(mean[j]*invStd[j]))
			}
		}
	}
	return tjPredTol * (1 + c)
}

// tjCheckPredictions compares m's predictions on x with want and returns
// the worst difference.
func tjCheckPredictions(t *testing.T, m *core.Sequential, x *mat.Dense, want *mat.Dense, tol float64) float64 {
	t.Helper()
	got, err := m.Predict(x)
	if err != nil {
		t.Fatal(err)
		return 0
	}
	r, c := want.Dims()
	if gr, gc := got.Dims(); gr != r || gc != c {
		t.Fatalf("predictions are %d×%d, want %d×%d", gr, gc, r, c)
		return 0
	}
	worst := 0.0
	for i := 0; i < r; i++ {
		for j := 0; j < c; j++ {
			worst = math.Max(worst, tjRelDiff(got.At(i, j), want.At(i, j)))
		}
	}
	if worst > tol {
		t.Errorf("predictions differ by up to %.2g (tolerance %.2g)\n got: %v\nwant: %v", worst, tol, thDenseString(got, true), thDenseString(want, true))
	}
	return worst
}

// TestFromTfjsSavedByTFJS loads models TF.js saved and compares the
// predictions with TF.js' (which computes in float32).
func TestFromTfjsSavedByTFJS(t *testing.T) {
	t.Run("mixed", func(t *testing.T) {
		s := tjLoadSaved(t, "saved_mixed.json")
		m, err := ImportArtifacts(&s.Artifacts)
		if err != nil {
			t.Fatal(err)
		}
		tjCheckPredictions(t, m, tjMatrix(s.X), tjMatrix(s.Predictions), 1e-6)
		var kinds []string
		for _, l := range m.Layers() {
			kinds = append(kinds, l.Kind())
		}
		if got, want := strings.Join(kinds, ","), "dense,dropout,dense,dense"; got != want {
			t.Errorf("layers = %s, want %s", got, want)
		}
		d0 := m.Layers()[0].(*core.Dense).Config()
		if d0.Activation != core.ReLU || d0.Regularizer != (core.Regularizer{L1: 0.001, L2: 0.002}) || d0.InputDim != 3 {
			t.Errorf("first layer config = %+v", d0)
		}
		if r := m.Layers()[1].(*core.Dropout).Rate(); r != 0.25 {
			t.Errorf("dropout rate = %v, want 0.25", r)
		}
		if a := m.Layers()[2].(*core.Dense).Activation(); a != core.LeakyReLU {
			t.Errorf("Dense + LeakyReLU loaded as %s, want leakyRelu", a)
		}
		if d := m.Layers()[3].(*core.Dense).Config(); !d.NoBias || d.Activation != core.Softmax {
			t.Errorf("last layer config = %+v, want softmax without bias", d)
		}
		// The trainingConfig compiles the model; training goes on.
		if !m.Compiled() || m.Loss() != core.CategoricalCrossentropy {
			t.Fatalf("compiled = %v, loss = %s; want categoricalCrossentropy", m.Compiled(), m.Loss())
		}
		if got, want := m.Optimizer().Config(), (core.OptimizerConfig{Name: "adam", LearningRate: 0.01, Beta1: 0.9, Beta2: 0.999, Epsilon: 1e-7}); got != want {
			t.Errorf("optimizer = %+v, want %+v", got, want)
		}
		if got := m.Metrics(); len(got) != 1 || got[0] != "accuracy" {
			t.Errorf("metrics = %v, want [accuracy]", got)
		}
		y := thMat(2, 3, 1, 0, 0, 0, 1, 0)
		if _, err := m.TrainOnBatch(tjMatrix(s.X[:2]), y); err != nil {
			t.Errorf("trainOnBatch after loading: %v", err)
		}
	})
	t.Run("activations", func(t *testing.T) {
		s := tjLoadSaved(t, "saved_activations.json")
		m, err := ImportArtifacts(&s.Artifacts)
		if err != nil {
			t.Fatal(err)
		}
		tjCheckPredictions(t, m, tjMatrix(s.X), tjMatrix(s.Predictions), 1e-6)
		if m.Compiled() {
			t.Error("a model saved without trainingConfig loaded compiled")
		}
	})
}

// tjModels are Go models for round trips, each with its input width.
func tjModels(t *testing.T) map[string]*core.Sequential {
	t.Helper()
	norm := func(inputs int) *core.Normalization {
		n, err := core.NewNormalization(inputs)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	out := map[string]*core.Sequential{}
	out["dense"] = thModel(t, 3,
		thDense(t, core.DenseConfig{Units: 5, Activation: core.ReLU, InputDim: 4}),
		thDense(t, core.DenseConfig{Units: 1, Activation: core.Sigmoid}))
	out["every activation"] = thModel(t, 4,
		thDense(t, core.DenseConfig{Units: 6, Activation: core.LeakyReLU, InputDim: 3, Regularizer: core.Regularizer{L1: 1e-3}}),
		thDropout(t, 0.3),
		thDense(t, core.DenseConfig{Units: 5, Activation: core.ELU, Initializer: core.HeNormal}),
		thDense(t, core.DenseConfig{Units: 5, Activation: core.Softplus, NoBias: true, Regularizer: core.Regularizer{L2: 1e-2}}),
		thDense(t, core.DenseConfig{Units: 4, Activation: core.Tanh, Initializer: core.GlorotNormal}),
		thDense(t, core.DenseConfig{Units: 4, Activation: core.Linear, Initializer: core.HeUniform}),
		thDense(t, core.DenseConfig{Units: 3, Activation: core.Softmax}))
	out["normalization"] = thModel(t, 5,
		norm(3),
		thDropout(t, 0.2),
		thDense(t, core.DenseConfig{Units: 4, Activation: core.Tanh}),
		thDense(t, core.DenseConfig{Units: 2, Activation: core.Linear}))
	out["normalization without bias"] = thModel(t, 6,
		norm(3),
		thDense(t, core.DenseConfig{Units: 4, Activation: core.LeakyReLU, NoBias: true}),
		thDense(t, core.DenseConfig{Units: 2, Activation: core.Linear}))
	out["dropout first"] = thModel(t, 7,
		thDropout(t, 0.1),
		thDense(t, core.DenseConfig{Units: 2, Activation: core.Softmax}))
	if err := out["dropout first"].Build(3); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"normalization", "normalization without bias"} {
		n := out[name].Layers()[0].(*core.Normalization)
		if err := n.SetStats([]float64{100, -5, 0.5}, []float64{100, 0.01, 4}); err != nil {
			t.Fatal(err)
		}
	}
	// Random, non-trivial biases.
	for name, m := range out {
		rng := thRNG(uint64(len(name)))
		ws := m.GetWeights()
		for i := range ws {
			for j := range ws[i].Data {
				ws[i].Data[j] = rng.NormFloat64() * 0.7
			}
		}
		if err := m.SetWeights(ws); err != nil {
			t.Fatal(err)
		}
	}
	return out
}

// tjInputs returns rows of x for m: near the normalization statistics when
// the model has them.
func tjInputs(m *core.Sequential) *mat.Dense {
	rng := thRNG(99)
	x := mat.NewDense(16, m.InputDim(), nil)
	n, _ := m.Layers()[0].(*core.Normalization)
	for i := 0; i < 16; i++ {
		for j := 0; j < m.InputDim(); j++ {
			v := rng.NormFloat64()
			if n != nil {
				v = n.Mean()[j] + v*math.Sqrt(n.Variance()[j])
			}
			x.Set(i, j, v)
		}
	}
	return x
}

// TestTfjsRoundTrip exports models and loads them back: predictions agree to
// float32 precision, configurations survive (a Normalization layer is folded
// into the next Dense layer).
func TestTfjsRoundTrip(t *testing.T) {
	for name, m := range tjModels(t) {
		t.Run(name, func(t *testing.T) {
			thCompile(t, m, core.MeanSquaredError, "rmsprop", "mae")
			a, err := Export(m)
			if err != nil {
				t.Fatal(err)
			}
			// Through JSON, as the artifacts travel.
			b, err := json.Marshal(a)
			if err != nil {
				t.Fatal(err)
			}
			var back Artifacts
			if err := json.Unmarshal(b, &back); err != nil {
				t.Fatal(err)
			}
			got, err := ImportArtifacts(&back)
			if err != nil {
				t.Fatal(err)
			}
			x := tjInputs(m)
			want, err := m.Predict(x)
			if err != nil {
				t.Fatal(err)
			}
			worst := tjCheckPredictions(t, got, x, want, tjFoldTol(m))
			t.Logf("worst prediction difference %.2g (tolerance %.2g)", worst, tjFoldTol(m))

			var wantKinds, gotKinds []string
			for _, l := range m.Layers() {
				if l.Kind() != "normalization" {
					wantKinds = append(wantKinds, l.Kind())
				}
			}
			for _, l := range got.Layers() {
				gotKinds = append(gotKinds, l.Kind())
			}
			if strings.Join(gotKinds, ",") != strings.Join(wantKinds, ",") {
				t.Errorf("layers %v, want %v", gotKinds, wantKinds)
			}
			for i, l := range got.Layers() {
				wl := m.Layers()[i+len(m.Layers())-len(got.Layers())]
				if l.Name() != wl.Name() {
					t.Errorf("layer %d is named %s, want %s", i, l.Name(), wl.Name())
				}
				d, ok := l.(*core.Dense)
				if !ok {
					continue
				}
				gc, wc := d.Config(), wl.(*core.Dense).Config()
				if _, folded := m.Layers()[0].(*core.Normalization); folded {
					wc.NoBias = false // folding gives the first core.Dense layer a bias
				}
				if gc != wc {
					t.Errorf("layer %s config = %+v, want %+v", l.Name(), gc, wc)
				}
			}
			if got.Optimizer().Config() != m.Optimizer().Config() || got.Loss() != m.Loss() || fmt.Sprint(got.Metrics()) != fmt.Sprint(m.Metrics()) {
				t.Errorf("compiled as %+v %s %v, want %+v %s %v", got.Optimizer().Config(), got.Loss(), got.Metrics(),
					m.Optimizer().Config(), m.Loss(), m.Metrics())
			}
		})
	}
}

// TestTfjsFoldIsExact checks the folding formula in float64: the folded Dense
// layer gives the same pre-activations as Normalization then Dense.
func TestTfjsFoldIsExact(t *testing.T) {
	n, _ := core.NewNormalization(3)
	d := thDense(t, core.DenseConfig{Units: 2})
	m := thModel(t, 1, n, d)
	// A constant column (variance 0) divides by the floor σ = 1e-7.
	if err := n.SetStats([]float64{3, -1, 7}, []float64{4, 0.25, 0}); err != nil {
		t.Fatal(err)
	}
	ws := m.GetWeights()
	copy(ws[0].Data, []float64{1, 2, -3, 4, 0.5, 0.25})
	copy(ws[1].Data, []float64{0.1, -0.2})
	if err := m.SetWeights(ws); err != nil {
		t.Fatal(err)
	}
	scale := []float64{1 / 2.0, 1 / 0.5, 1 / 1e-7}
	shift := []float64{-3 / 2.0, 1 / 0.5, -7 / 1e-7}
	e := fold(m.GetWeights(), scale, shift)
	kernel, bias := e[0].Data, e[1].Data
	x := []float64{5, -2, 7}
	mean, invStd := n.Mean(), n.InvStd()
	for j := 0; j < 2; j++ {
		var folded, want, size float64
		want = ws[1].Data[j]
		folded = bias[j]
		for i, v := range x {
			want += (v - mean[i]) * invStd[i] * ws[0].Data[i*2+j]
			folded += v * kernel[i*2+j]
			size += math.Abs(v*kernel[i*2+j]) + math.Abs(shift[i]*ws[0].Data[i*2+j])
		}
		// Exact up to float64 rounding of the terms that cancel (of size
		// |μ/σ|·|W|, 7e7 for the constant column).
		if math.Abs(folded-want) > 4e-16*size {
			t.Errorf("unit %d: folded pre-activation %.17g, want %.17g (terms of size %g)", j, folded, want, size)
		}
		// And the weights are the formula's: W' = diag(scale)·W,
		// b' = b + shift·W.
		wantB := ws[1].Data[j]
		for i := range x {
			w := ws[0].Data[i*2+j]
			wantB += shift[i] * w
			if kernel[i*2+j] != w*scale[i] {
				t.Errorf("W'[%d][%d] = %v, want %v", i, j, kernel[i*2+j], w*scale[i])
			}
		}
		if bias[j] != wantB {
			t.Errorf("b'[%d] = %v, want %v", j, bias[j], wantB)
		}
	}
}

// TestToTfjsWeightData checks the layout: float32 little-endian, per layer
// kernel ([inputs, units] row-major) then bias, in manifest order.
func TestToTfjsWeightData(t *testing.T) {
	m := thModel(t, 1, thDense(t, core.DenseConfig{Units: 2, InputDim: 2}), thDense(t, core.DenseConfig{Units: 1, NoBias: true}))
	ws := m.GetWeights()
	copy(ws[0].Data, []float64{1, 2, 3, 4})
	copy(ws[1].Data, []float64{0.5, -0.5})
	copy(ws[2].Data, []float64{0.1, 1e30})
	if err := m.SetWeights(ws); err != nil {
		t.Fatal(err)
	}
	a, err := Export(m)
	if err != nil {
		t.Fatal(err)
	}
	want := []float32{1, 2, 3, 4, 0.5, -0.5, 0.1, 1e30}
	got := make([]float32, len(a.WeightData)/4)
	for i := range got {
		got[i] = math.Float32frombits(binary.LittleEndian.Uint32(a.WeightData[4*i:]))
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("weight data = %v, want %v", got, want)
	}
	specs, _ := json.Marshal(a.WeightSpecs)
	if want := `[{"name":"dense_1/kernel","shape":[2,2],"dtype":"float32"},{"name":"dense_1/bias","shape":[2],"dtype":"float32"},{"name":"dense_2/kernel","shape":[2,1],"dtype":"float32"}]`; string(specs) != want {
		t.Errorf("weight specs = %s, want %s", specs, want)
	}
	if a.TrainingConfig != nil {
		t.Errorf("an uncompiled model has trainingConfig %s", a.TrainingConfig)
	}
}

func TestToTfjsRefuses(t *testing.T) {
	n, _ := core.NewNormalization(2)
	big := thModel(t, 1, thDense(t, core.DenseConfig{Units: 1, InputDim: 1}))
	ws := big.GetWeights()
	ws[0].Data[0] = 1e300
	if err := big.SetWeights(ws); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		m    *core.Sequential
		want string
	}{
		{"no layers", core.NewSequential(1), "toTfjs: the model has no layers"},
		{"not built", thModel(t, 1, thDense(t, core.DenseConfig{Units: 2})), "toTfjs: the model is not built yet"},
		{"normalization last", thModel(t, 1, thDense(t, core.DenseConfig{Units: 2, InputDim: 2}), n), "toTfjs: layer 'normalization_1' (normalization): TF.js has no Normalization layer and there is no Dense layer after it"},
		{"weight beyond float32", big, "toTfjs: dense_1/kernel value 0 is 1e+300, which float32 cannot hold"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Export(tt.m)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error = %v, want it to contain %q", err, tt.want)
			}
		})
	}
}

// tjBase returns the artifacts of a small model and the model itself, for
// variants and refusals built by editing the topology.
func tjBase(t *testing.T) (*core.Sequential, *Artifacts) {
	t.Helper()
	m := thModel(t, 11,
		thDense(t, core.DenseConfig{Units: 4, Activation: core.Tanh, InputDim: 3}),
		thDropout(t, 0.5),
		thDense(t, core.DenseConfig{Units: 2, Activation: core.Sigmoid}))
	a, err := Export(m)
	if err != nil {
		t.Fatal(err)
	}
	return m, a
}

// tjEdit decodes a topology, applies f to it and encodes it again.
func tjEdit(t *testing.T, topo []byte, f func(top map[string]any, layers []any)) []byte {
	t.Helper()
	var top map[string]any
	if err := json.Unmarshal(topo, &top); err != nil {
		t.Fatal(err)
	}
	layers, _ := top["config"].(map[string]any)["layers"].([]any)
	f(top, layers)
	b, err := json.Marshal(top)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func tjLayerCfg(layers []any, i int) map[string]any {
	return layers[i].(map[string]any)["config"].(map[string]any)
}

// TestFromTfjsVariants loads the forms TF.js and tfjs-converter write: the
// predictions are those of the original model.
func TestFromTfjsVariants(t *testing.T) {
	m, a := tjBase(t)
	x := tjInputs(m)
	want, _ := m.Predict(x)
	specsJSON, _ := json.Marshal(a.WeightSpecs)
	tests := []struct {
		name  string
		topo  []byte
		specs []WeightSpec
	}{
		{"as written", a.ModelTopology, a.WeightSpecs},
		{"bare list of layers", tjEdit(t, a.ModelTopology, func(top map[string]any, layers []any) {
			top["config"] = layers
		}), a.WeightSpecs},
		{"camelCase keys", tjEdit(t, a.ModelTopology, func(top map[string]any, layers []any) {
			top["className"] = top["class_name"]
			delete(top, "class_name")
			c := tjLayerCfg(layers, 0)
			c["batchInputShape"], c["useBias"] = c["batch_input_shape"], c["use_bias"]
			delete(c, "batch_input_shape")
			delete(c, "use_bias")
		}), a.WeightSpecs},
		{"input_shape", tjEdit(t, a.ModelTopology, func(_ map[string]any, layers []any) {
			c := tjLayerCfg(layers, 0)
			delete(c, "batch_input_shape")
			c["input_shape"] = []any{3}
		}), a.WeightSpecs},
		{"input_dim", tjEdit(t, a.ModelTopology, func(_ map[string]any, layers []any) {
			c := tjLayerCfg(layers, 0)
			delete(c, "batch_input_shape")
			c["input_dim"] = 3
		}), a.WeightSpecs},
		{"no input shape: from the kernel", tjEdit(t, a.ModelTopology, func(_ map[string]any, layers []any) {
			delete(tjLayerCfg(layers, 0), "batch_input_shape")
		}), a.WeightSpecs},
		{"Keras model_config wrapper with InputLayer", tjEdit(t, a.ModelTopology, func(top map[string]any, layers []any) {
			c := tjLayerCfg(layers, 0)
			delete(c, "batch_input_shape")
			c["kernel_initializer"] = map[string]any{"class_name": "GlorotUniform", "config": map[string]any{"seed": nil}}
			c["dtype"] = map[string]any{"module": "keras", "class_name": "DTypePolicy", "config": map[string]any{"name": "float32"}}
			in := map[string]any{"class_name": "InputLayer", "config": map[string]any{
				"batch_input_shape": []any{nil, 3}, "dtype": "float32", "sparse": false, "ragged": false, "name": "dense_1_input"}}
			inner := map[string]any{"class_name": "Sequential", "config": map[string]any{"name": "sequential", "layers": append([]any{in}, layers...)}}
			for k := range top {
				delete(top, k)
			}
			top["model_config"] = inner
			top["keras_version"], top["backend"] = "2.15.0", "tensorflow"
			top["training_config"] = map[string]any{"loss": "binary_crossentropy", "metrics": []any{"accuracy"},
				"weighted_metrics": nil, "loss_weights": nil,
				"optimizer_config": map[string]any{"class_name": "Adam", "config": map[string]any{"name": "Adam", "learning_rate": 0.002, "beta_1": 0.8, "beta_2": 0.99, "epsilon": 1e-7, "amsgrad": false}}}
		}), a.WeightSpecs},
		{"whole model.json with weightsManifest", func() []byte {
			b, _ := json.Marshal(map[string]any{
				"format": "layers-model", "modelTopology": json.RawMessage(a.ModelTopology),
				"weightsManifest": []any{map[string]any{"paths": []any{"group1-shard1of1.bin"}, "weights": json.RawMessage(specsJSON)}},
				"trainingConfig": map[string]any{"loss": "mean_squared_error", "metrics": []any{"mse"},
					"optimizer_config": map[string]any{"class_name": "Momentum", "config": map[string]any{"learningRate": 0.05, "momentum": 0.8, "useNesterov": true}}},
			})
			return b
		}(), nil},
		{"weight names with a model prefix", a.ModelTopology, func() []WeightSpec {
			s := append([]WeightSpec(nil), a.WeightSpecs...)
			for i := range s {
				s[i].Name = "sequential/" + s[i].Name
			}
			return s
		}()},
		{"Activation layer after a linear Dense", tjEdit(t, a.ModelTopology, func(top map[string]any, layers []any) {
			tjLayerCfg(layers, 2)["activation"] = "linear"
			act := map[string]any{"class_name": "Activation", "config": map[string]any{"activation": "sigmoid", "name": "activation_1", "trainable": true}}
			top["config"].(map[string]any)["layers"] = append(layers, act)
		}), a.WeightSpecs},
		{"optimizer weights are skipped", a.ModelTopology, append(append([]WeightSpec(nil), a.WeightSpecs...),
			WeightSpec{Name: "iter", Shape: []int{}, Dtype: "int32", Group: "optimizer"})},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := a.WeightData
			if len(tt.specs) > len(a.WeightSpecs) {
				data = append(append([]byte(nil), data...), 5, 0, 0, 0)
			}
			got, err := Import(tt.topo, tt.specs, data)
			if err != nil {
				t.Fatal(err)
			}
			tjCheckPredictions(t, got, x, want, tjPredTol)
			if strings.HasPrefix(tt.name, "whole") {
				want := core.OptimizerConfig{Name: "momentum", LearningRate: 0.05, Momentum: 0.8, Nesterov: true}
				if !got.Compiled() || got.Optimizer().Config() != want || got.Loss() != core.MeanSquaredError {
					t.Errorf("model.json trainingConfig not applied: compiled %v", got.Compiled())
				}
			}
			if strings.HasPrefix(tt.name, "Keras") {
				c := got.Optimizer()
				if !got.Compiled() || got.Loss() != core.BinaryCrossentropy || c.Config().LearningRate != 0.002 || c.Config().Beta1 != 0.8 {
					t.Errorf("Keras training_config not applied: compiled %v", got.Compiled())
				}
			}
		})
	}
}

// TestFromTfjsRefuses lists what FromTfjs refuses, each error naming the
// layer and the problem. Sizes are refused before anything is allocated.
func TestFromTfjsRefuses(t *testing.T) {
	_, a := tjBase(t)
	edit := func(f func(top map[string]any, layers []any)) []byte { return tjEdit(t, a.ModelTopology, f) }
	layer0 := func(f func(c map[string]any)) []byte {
		return edit(func(_ map[string]any, layers []any) { f(tjLayerCfg(layers, 0)) })
	}
	insert := func(i int, class string, cfg map[string]any) []byte {
		return edit(func(top map[string]any, layers []any) {
			l := map[string]any{"class_name": class, "config": cfg}
			layers = append(layers[:i], append([]any{l}, layers[i:]...)...)
			top["config"].(map[string]any)["layers"] = layers
		})
	}
	specs := func(f func(s []WeightSpec) []WeightSpec) []WeightSpec {
		return f(append([]WeightSpec(nil), a.WeightSpecs...))
	}
	nan := append([]byte(nil), a.WeightData...)
	binary.LittleEndian.PutUint32(nan[8:], math.Float32bits(float32(math.NaN())))
	tc := func(s string) []byte { return []byte(s) }
	const goodTC = `{"loss":"mean_squared_error","metrics":[],"optimizer_config":{"class_name":"SGD","config":{"learningRate":0.1}}}`

	tests := []struct {
		name  string
		topo  []byte
		specs []WeightSpec
		data  []byte
		tc    []byte
		want  string
	}{
		{"not JSON", []byte("{"), nil, nil, nil, "fromTfjs: the topology is not valid JSON"},
		{"not an object", []byte("[1]"), nil, nil, nil, "fromTfjs: the topology is a list, not an object"},
		{"functional model", edit(func(top map[string]any, _ []any) { top["class_name"] = "Model" }), nil, nil, nil,
			"fromTfjs: model class 'Model' is not supported: only Sequential models load"},
		{"no class_name", edit(func(top map[string]any, _ []any) { delete(top, "class_name") }), nil, nil, nil, "fromTfjs: the topology has no class_name"},
		{"no layers", edit(func(top map[string]any, _ []any) { top["config"] = []any{} }), nil, nil, nil, "fromTfjs: the model has no layers"},
		{"config not a list", edit(func(top map[string]any, _ []any) { top["config"] = "x" }), nil, nil, nil, "fromTfjs: the Sequential config is 'x'"},
		{"Conv2D", insert(1, "Conv2D", map[string]any{"name": "conv2d_1", "filters": 8}), nil, nil, nil,
			"fromTfjs: layer 'conv2d_1' (Conv2D): layer class 'Conv2D' is not supported"},
		{"BatchNormalization", insert(1, "BatchNormalization", map[string]any{"name": "bn"}), nil, nil, nil,
			"fromTfjs: layer 'bn' (BatchNormalization): layer class 'BatchNormalization' is not supported"},
		{"layer without class", insert(1, "", map[string]any{"name": "what"}), nil, nil, nil, "fromTfjs: layer 'what': no class_name"},
		{"unknown activation", layer0(func(c map[string]any) { c["activation"] = "selu" }), nil, nil, nil,
			"fromTfjs: layer 'dense_1' (Dense): activation 'selu' is not supported"},
		{"absurd units", layer0(func(c map[string]any) { c["units"] = 1e9 }), nil, nil, nil,
			"fromTfjs: layer 'dense_1' (Dense): units 1e+09 must be a whole number between 1 and 65536"},
		{"fractional units", layer0(func(c map[string]any) { c["units"] = 2.5 }), nil, nil, nil, "layer 'dense_1' (Dense): units 2.5 must be a whole number"},
		{"units as text", layer0(func(c map[string]any) { c["units"] = "4" }), nil, nil, nil, "layer 'dense_1' (Dense): units '4' must be a whole number"},
		{"too many parameters", edit(func(_ map[string]any, layers []any) {
			tjLayerCfg(layers, 0)["units"] = 60000
			tjLayerCfg(layers, 2)["units"] = 60000
		}), nil, nil, nil, "fromTfjs: layer 'dense_2' (Dense) would take the model past 67108864 parameters"},
		{"image input", layer0(func(c map[string]any) { c["batch_input_shape"] = []any{nil, 28, 28} }), nil, nil, nil,
			"fromTfjs: layer 'dense_1' (Dense): batch_input_shape [null,28,28]: only flat inputs"},
		{"absurd input width", layer0(func(c map[string]any) { c["batch_input_shape"] = []any{nil, 1e12} }), nil, nil, nil,
			"layer 'dense_1' (Dense): batch_input_shape [null,1000000000000]: the number of features must be between 1 and 65536"},
		{"dtype int32", layer0(func(c map[string]any) { c["dtype"] = "int32" }), nil, nil, nil,
			"fromTfjs: layer 'dense_1' (Dense): dtype 'int32' is not supported (only float32)"},
		{"bias regularizer", layer0(func(c map[string]any) { c["bias_regularizer"] = map[string]any{"class_name": "L1L2"} }), nil, nil, nil,
			"layer 'dense_1' (Dense): bias_regularizer is not supported"},
		{"activity regularizer", layer0(func(c map[string]any) { c["activity_regularizer"] = map[string]any{"class_name": "L1L2"} }), nil, nil, nil,
			"layer 'dense_1' (Dense): activity_regularizer is not supported"},
		{"kernel constraint", layer0(func(c map[string]any) { c["kernel_constraint"] = map[string]any{"class_name": "MaxNorm"} }), nil, nil, nil,
			"layer 'dense_1' (Dense): kernel_constraint is not supported"},
		{"unknown regularizer", layer0(func(c map[string]any) { c["kernel_regularizer"] = map[string]any{"class_name": "Orthogonal"} }), nil, nil, nil,
			"layer 'dense_1' (Dense): kernel_regularizer 'Orthogonal' is not supported"},
		{"negative regularizer", layer0(func(c map[string]any) {
			c["kernel_regularizer"] = map[string]any{"class_name": "L1L2", "config": map[string]any{"l1": -1, "l2": 0}}
		}), nil, nil, nil, "layer 'dense_1' (Dense): kernel_regularizer: regularizer factors must be between 0 and 1e6"},
		{"frozen layer", layer0(func(c map[string]any) { c["trainable"] = false }), nil, nil, nil,
			"layer 'dense_1' (Dense): frozen layers (trainable: false) are not supported"},
		{"dropout rate 1", edit(func(_ map[string]any, layers []any) { tjLayerCfg(layers, 1)["rate"] = 1 }), nil, nil, nil,
			"layer 'dropout_1' (Dropout): rate 1 must be a number in [0, 1)"},
		{"dropout noise shape", edit(func(_ map[string]any, layers []any) { tjLayerCfg(layers, 1)["noise_shape"] = []any{1, 4} }), nil, nil, nil,
			"layer 'dropout_1' (Dropout): noise_shape is not supported"},
		{"LeakyReLU alpha 0.3", insert(1, "LeakyReLU", map[string]any{"name": "lr", "alpha": 0.3}), nil, nil, nil,
			"layer 'lr' (LeakyReLU): alpha 0.3 is not supported: gotrain's leakyRelu has alpha 0.2"},
		{"LeakyReLU after tanh", insert(1, "LeakyReLU", map[string]any{"name": "lr", "alpha": 0.2}), nil, nil, nil,
			"layer 'lr' (LeakyReLU): a LeakyReLU layer is supported only right after a linear Dense layer"},
		{"Activation after dropout", insert(2, "Activation", map[string]any{"name": "act", "activation": "relu"}), nil, nil, nil,
			"layer 'act' (Activation): an activation layer is supported only right after a linear Dense layer"},
		{"InputLayer not first", insert(1, "InputLayer", map[string]any{"name": "in", "batch_input_shape": []any{nil, 4}}), nil, nil, nil,
			"layer 'in' (InputLayer): an InputLayer must come first"},
		{"duplicate layer names", edit(func(_ map[string]any, layers []any) { tjLayerCfg(layers, 2)["name"] = "dense_1" }), nil, nil, nil,
			"fromTfjs: layer 'dense_1': the name is used by an earlier layer"},
		{"weight data too short", nil, nil, a.WeightData[:len(a.WeightData)-4], nil,
			"fromTfjs: the weight specs describe 104 bytes of weight data but there are 100"},
		{"weight data too long", nil, nil, append(append([]byte(nil), a.WeightData...), 0, 0, 0, 0), nil,
			"fromTfjs: the weight specs describe 104 bytes of weight data but there are 108"},
		{"kernel shape mismatch", nil, specs(func(s []WeightSpec) []WeightSpec { s[0].Shape = []int{4, 3}; return s }), nil, nil,
			"fromTfjs: layer 'dense_1' (Dense): weight 'dense_1/kernel' has shape [4 3] but the layer needs [3 4]"},
		{"bias shape mismatch", nil, specs(func(s []WeightSpec) []WeightSpec { s[1].Shape = []int{1, 4}; return s }), nil, nil,
			"fromTfjs: layer 'dense_1' (Dense): weight 'dense_1/bias' has shape [1 4] but the layer needs [4]"},
		{"huge spec shape", nil, specs(func(s []WeightSpec) []WeightSpec { s[0].Shape = []int{1 << 20, 1 << 20}; return s }), nil, nil,
			"fromTfjs: weight 'dense_1/kernel': shape [1048576 1048576] is too large"},
		{"negative spec shape", nil, specs(func(s []WeightSpec) []WeightSpec { s[0].Shape = []int{-3, 4}; return s }), nil, nil,
			"fromTfjs: weight 'dense_1/kernel': shape [-3 4] is too large"},
		{"dtype int32 weights", nil, specs(func(s []WeightSpec) []WeightSpec { s[1].Dtype = "int32"; return s }), nil, nil,
			"fromTfjs: layer 'dense_1' (Dense): weight 'dense_1/bias' has dtype 'int32', not float32"},
		{"dtype string", nil, specs(func(s []WeightSpec) []WeightSpec { s[1].Dtype = "string"; return s }), nil, nil,
			"fromTfjs: weight 'dense_1/bias': dtype 'string' cannot be read"},
		{"quantized", nil, specs(func(s []WeightSpec) []WeightSpec {
			s[0].Quantization = RawJSON(`{"dtype":"uint8","scale":0.1,"min":-1}`)
			return s
		}), nil, nil, "fromTfjs: weight 'dense_1/kernel': quantized weights are not supported"},
		{"missing bias", nil, specs(func(s []WeightSpec) []WeightSpec {
			s[3].Name = "dense_2/other"
			return s
		}), nil, nil, "fromTfjs: layer 'dense_2' (Dense): no weight 'dense_2/bias' in the weight specs"},
		{"duplicate weight", nil, specs(func(s []WeightSpec) []WeightSpec { s[3].Name = "dense_2/kernel"; return s }), nil, nil,
			"fromTfjs: weight 'dense_2/kernel' is listed twice (spec 4)"},
		{"weight of no layer", nil, append(specs(func(s []WeightSpec) []WeightSpec { return s }),
			WeightSpec{Name: "dense_9/kernel", Shape: []int{1}, Dtype: "float32"}), append(append([]byte(nil), a.WeightData...), 0, 0, 0, 0), nil,
			"fromTfjs: weight 'dense_9/kernel' belongs to no layer of the model"},
		{"unknown weight group", nil, specs(func(s []WeightSpec) []WeightSpec { s[0].Group = "other"; return s }), nil, nil,
			"fromTfjs: weight 'dense_1/kernel': unknown weight group 'other'"},
		{"NaN weight", nil, nil, nan, nil, "fromTfjs: layer 'dense_1' (Dense): weight 'dense_1/kernel' value 2 is NaN"},
		{"no weights at all", nil, []WeightSpec{}, []byte{}, nil, "fromTfjs: layer 'dense_1' (Dense): no weight 'dense_1/kernel' in the weight specs"},
		{"no input shape and no kernel", layer0(func(c map[string]any) { delete(c, "batch_input_shape") }), []WeightSpec{}, []byte{}, nil,
			"fromTfjs: layer 'dense_1' (Dense): no input shape (batch_input_shape) and no kernel to infer it from"},
		{"trainingConfig not JSON", nil, nil, nil, tc("{"), "fromTfjs: trainingConfig is not valid JSON"},
		{"unknown loss", nil, nil, nil, tc(`{"loss":"hinge","optimizer_config":{"class_name":"SGD","config":{}}}`),
			"fromTfjs: trainingConfig: unknown loss 'hinge'"},
		{"two losses", nil, nil, nil, tc(`{"loss":["mse","mae"],"optimizer_config":{"class_name":"SGD","config":{}}}`),
			"fromTfjs: trainingConfig: 2 losses for a model with one output"},
		{"unknown metric", nil, nil, nil, tc(strings.Replace(goodTC, `[]`, `["cosine"]`, 1)), "fromTfjs: trainingConfig: metric 'cosine' is not supported"},
		{"unknown optimizer", nil, nil, nil, tc(strings.Replace(goodTC, "SGD", "Adadelta", 1)),
			"fromTfjs: trainingConfig: optimizer 'Adadelta' is not supported"},
		{"centered RMSProp", nil, nil, nil, tc(`{"loss":"mse","optimizer_config":{"class_name":"RMSProp","config":{"centered":true}}}`),
			"fromTfjs: trainingConfig: optimizer_config (RMSProp): centered RMSProp is not supported"},
		{"bad learning rate", nil, nil, nil, tc(`{"loss":"mse","optimizer_config":{"class_name":"Adam","config":{"learningRate":"fast"}}}`),
			"fromTfjs: trainingConfig: optimizer_config (Adam): learning_rate is 'fast', not a number"},
		{"negative learning rate", nil, nil, nil, tc(`{"loss":"mse","optimizer_config":{"class_name":"SGD","config":{"learningRate":-1}}}`),
			"fromTfjs: trainingConfig: optimizer_config: sgd: learning rate must be a finite number ≥ 0"},
		{"no optimizer", nil, nil, nil, tc(`{"loss":"mse"}`), "fromTfjs: trainingConfig: no optimizer_config"},
		{"loss weights", nil, nil, nil, tc(`{"loss":"mse","loss_weights":[1],"optimizer_config":{"class_name":"SGD"}}`),
			"fromTfjs: trainingConfig: loss_weights is not supported"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			topo, sp, data := tt.topo, tt.specs, tt.data
			if topo == nil {
				topo = a.ModelTopology
			}
			if sp == nil {
				sp = a.WeightSpecs
			}
			if data == nil {
				data = a.WeightData
			}
			m, err := ImportArtifacts(&Artifacts{ModelTopology: topo, WeightSpecs: sp, WeightData: data, TrainingConfig: tt.tc})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error = %v\nwant it to contain %q", err, tt.want)
			}
			if m != nil {
				t.Error("a model came back with the error")
			}
		})
	}
	// The valid trainingConfig of the table compiles.
	m, err := ImportArtifacts(&Artifacts{ModelTopology: a.ModelTopology, WeightSpecs: a.WeightSpecs, WeightData: a.WeightData, TrainingConfig: tc(goodTC)})
	if err != nil || !m.Compiled() || m.Optimizer().Config().LearningRate != 0.1 {
		t.Errorf("good trainingConfig: err %v", err)
	}
	if _, err := ImportArtifacts(nil); err == nil {
		t.Error("nil artifacts: no error")
	}
}

// FuzzFromTfjs checks that no input makes FromTfjs panic, and that what it
// accepts exports again.
func FuzzImport(f *testing.F) {
	m := core.NewSequential(1)
	d1, _ := core.NewDense(core.DenseConfig{Units: 3, Activation: core.LeakyReLU, InputDim: 2})
	d2, _ := core.NewDense(core.DenseConfig{Units: 2, Activation: core.Softmax})
	_ = m.Add(d1)
	_ = m.Add(d2)
	a, _ := Export(m)
	specs, _ := json.Marshal(a.WeightSpecs)
	f.Add([]byte(a.ModelTopology), specs, a.WeightData)
	for _, name := range []string{"saved_mixed.json", "saved_activations.json"} {
		b, err := os.ReadFile(filepath.Join("..", "testdata", "tfjs", name))
		if err != nil {
			f.Fatal(err)
		}
		var s tjSaved
		if err := json.Unmarshal(b, &s); err != nil {
			f.Fatal(err)
		}
		specs, _ := json.Marshal(s.Artifacts.WeightSpecs)
		f.Add([]byte(s.Artifacts.ModelTopology), specs, s.Artifacts.WeightData)
	}
	f.Fuzz(func(t *testing.T, topo, specsJSON, data []byte) {
		var specs []WeightSpec
		if json.Unmarshal(specsJSON, &specs) != nil {
			return
		}
		m, err := Import(topo, specs, data)
		if err != nil {
			return
		}
		if _, err := Export(m); err != nil {
			t.Errorf("a loaded model does not export: %v", err)
		}
	})
}

// TestToTfjsLoadsInTFJS loads Export's output with TF.js itself
// (tf.loadLayersModel in Node, through build/parity/gen.mjs --predict) and
// compares TF.js' predictions with ours. Skipped without Node or TF.js.
func TestToTfjsLoadsInTFJS(t *testing.T) {
	if testing.Short() {
		t.Skip("runs Node")
	}
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node not found")
	}
	script := filepath.Join("..", "..", "build", "parity", "gen.mjs")
	if _, err := os.Stat(filepath.Join("..", "..", "build", "node_modules", "@tensorflow", "tfjs", "package.json")); err != nil {
		t.Skip("build/node_modules/@tensorflow/tfjs not installed")
	}
	models := tjModels(t)
	for _, k := range core.LayerKinds() { // a layer of every kind
		models["kind "+k.Kind] = sampleModel(t, k, "out") // (TF.js takes only plain names)
	}
	for name, m := range models {
		t.Run(name, func(t *testing.T) {
			thCompile(t, m, core.CategoricalCrossentropy, "adam", "accuracy", "f1")
			a, err := Export(m)
			if err != nil {
				t.Fatal(err)
			}
			x := tjInputs(m)
			rows := make([][]float64, 0)
			r, _ := x.Dims()
			for i := 0; i < r; i++ {
				rows = append(rows, thDenseRow(x, i))
			}
			in, _ := json.Marshal(map[string]any{"artifacts": a, "x": rows})
			file := filepath.Join(t.TempDir(), "in.json")
			if err := os.WriteFile(file, in, 0o644); err != nil {
				t.Fatal(err)
			}
			var stdout, stderr bytes.Buffer
			cmd := exec.Command(node, script, "--predict", file)
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
			if err := cmd.Run(); err != nil {
				t.Fatalf("TF.js could not load the export: %v\n%s", err, stderr.String())
			}
			var out struct {
				Predictions [][]float64     `json:"predictions"`
				Layers      []string        `json:"layers"`
				Optimizer   json.RawMessage `json:"optimizer"`
				Loss        string          `json:"loss"`
			}
			if err := json.Unmarshal(stdout.Bytes(), &out); err != nil {
				t.Fatalf("%v: %s", err, stdout.String())
			}
			// TF.js computes in float32 (we in float64): allow its rounding
			// through every layer.
			worst := tjCheckPredictions(t, m, x, tjMatrix(out.Predictions), 10*tjFoldTol(m))
			t.Logf("worst difference from TF.js' predictions %.2g", worst)
			if out.Loss != "categoricalCrossentropy" {
				t.Errorf("TF.js compiled the loss %q, want categoricalCrossentropy", out.Loss)
			}
			wantOpt, _ := optimizerJSON(m.Optimizer().Config()), error(nil)
			if !tjJSONEqual(out.Optimizer, wantOpt) {
				t.Errorf("TF.js' optimizer %s, want %s", out.Optimizer, wantOpt)
			}
			t.Logf("TF.js layers: %v", out.Layers)
		})
	}
}

// ExampleExport exports a model in TF.js Layers format: a
// leakyRelu Dense layer becomes a linear Dense and a LeakyReLU layer, since
// TF.js has no leakyRelu activation.
func ExampleExport() {
	m := core.NewSequential(1)
	d1, _ := core.NewDense(core.DenseConfig{Units: 3, Activation: core.LeakyReLU, InputDim: 2})
	d2, _ := core.NewDense(core.DenseConfig{Units: 1, Activation: core.Sigmoid})
	_ = m.Add(d1)
	_ = m.Add(d2)
	a, err := Export(m)
	if err != nil {
		fmt.Println(err)
		return
	}
	var topo struct {
		Config struct {
			Layers []struct {
				ClassName string `json:"class_name"`
				Config    struct {
					Name       string `json:"name"`
					Activation string `json:"activation"`
				} `json:"config"`
			} `json:"layers"`
		} `json:"config"`
	}
	_ = json.Unmarshal(a.ModelTopology, &topo)
	for _, l := range topo.Config.Layers {
		fmt.Println(strings.TrimSpace(l.ClassName + " " + l.Config.Name + " " + l.Config.Activation))
	}
	for _, s := range a.WeightSpecs {
		fmt.Println(s.Name, s.Shape, s.Dtype)
	}
	fmt.Println(len(a.WeightData), "bytes")

	back, err := ImportArtifacts(a)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(back.Layers()[0].(*core.Dense).Activation())
	// Output:
	// Dense dense_1 linear
	// LeakyReLU dense_1_leaky_re_lu
	// Dense dense_2 sigmoid
	// dense_1/kernel [2 3] float32
	// dense_1/bias [3] float32
	// dense_2/kernel [3 1] float32
	// dense_2/bias [1] float32
	// 52 bytes
	// leakyRelu
}

// TestRawJSONMatchesRawMessage checks that RawJSON fields marshal and
// unmarshal with encoding/json exactly as json.RawMessage fields do.
func TestRawJSONMatchesRawMessage(t *testing.T) {
	type withRaw struct {
		A RawJSON `json:"a"`
		B RawJSON `json:"b,omitempty"`
	}
	type withMsg struct {
		A json.RawMessage `json:"a"`
		B json.RawMessage `json:"b,omitempty"`
	}
	values := []string{"", "null", "1", `"s"`, `{"k": [1, 2.5, null]}`, "  [ ]  ", "{", "tru"}
	for _, a := range append(values, "<nil>") {
		for _, b := range append(values, "<nil>") {
			raw := func(s string) []byte {
				if s == "<nil>" {
					return nil
				}
				return []byte(s)
			}
			got, gotErr := json.Marshal(withRaw{raw(a), raw(b)})
			want, wantErr := json.Marshal(withMsg{raw(a), raw(b)})
			if string(got) != string(want) || (gotErr == nil) != (wantErr == nil) {
				t.Errorf("Marshal(%q, %q) = %s, %v; RawMessage: %s, %v", a, b, got, gotErr, want, wantErr)
			}
		}
	}
	for _, in := range []string{`{}`, `{"a":null}`, `{"a": {"x" : [1,2]} , "b":"s"}`, `{"a":1,"b":[]}`, `{"a":`, `[]`} {
		var r withRaw
		var m withMsg
		gotErr := json.Unmarshal([]byte(in), &r)
		wantErr := json.Unmarshal([]byte(in), &m)
		if string(r.A) != string(m.A) || string(r.B) != string(m.B) || (r.A == nil) != (m.A == nil) ||
			(r.B == nil) != (m.B == nil) || (gotErr == nil) != (wantErr == nil) {
			t.Errorf("Unmarshal(%s) = %q, %q, %v; RawMessage: %q, %q, %v", in, r.A, r.B, gotErr, m.A, m.B, wantErr)
		}
	}
	// UnmarshalJSON copies its input.
	in := []byte(`[1]`)
	var r RawJSON
	if err := r.UnmarshalJSON(in); err != nil {
		t.Fatal(err)
	}
	in[1] = '2'
	if string(r) != "[1]" {
		t.Errorf("UnmarshalJSON keeps its input: %s", r)
	}
	if err := (*RawJSON)(nil).UnmarshalJSON(in); err == nil {
		t.Error("UnmarshalJSON on a nil pointer succeeded")
	}
	if b, err := RawJSON(nil).MarshalJSON(); err != nil || string(b) != "null" {
		t.Errorf("nil MarshalJSON = %s, %v", b, err)
	}
}

// TestArtifactsJSONRoundTrip checks that Artifacts goes through
// encoding/json unchanged, its RawJSON fields included.
func TestArtifactsJSONRoundTrip(t *testing.T) {
	m := thModel(t, 1, thDense(t, core.DenseConfig{Units: 3, InputDim: 2, Activation: core.ReLU}),
		thDense(t, core.DenseConfig{Units: 2, Activation: core.Softmax}))
	thCompile(t, m, core.CategoricalCrossentropy, "adam", "accuracy")
	a, err := Export(m)
	if err != nil {
		t.Fatal(err)
	}
	a.WeightSpecs[0].Quantization = RawJSON(`{"dtype":"uint8"}`)
	b, err := json.Marshal(a)
	if err != nil {
		t.Fatal(err)
	}
	var back Artifacts
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if string(back.ModelTopology) != string(a.ModelTopology) || string(back.TrainingConfig) != string(a.TrainingConfig) ||
		string(back.WeightSpecs[0].Quantization) != `{"dtype":"uint8"}` || back.WeightSpecs[1].Quantization != nil {
		t.Errorf("round trip changed the artifacts:\n%s", b)
	}
	var top map[string]any
	if err := json.Unmarshal(b, &struct {
		T *map[string]any `json:"modelTopology"`
	}{&top}); err != nil || top["class_name"] != "Sequential" {
		t.Errorf("modelTopology is not embedded as JSON: %v %v", top, err)
	}
}
