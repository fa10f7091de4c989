package core_test

import (
	"math"
	"strings"
	"testing"

	"github.com/gotrain/gotrain/core"
	"github.com/gotrain/gotrain/core/internal/mat"
	"github.com/gotrain/gotrain/core/modeljson"
	"github.com/gotrain/gotrain/core/tfjs"
)

// gnModel returns seed's model: GaussianNoise(stddev) on 3 inputs, then
// Dense(4, tanh) and Dense(1), compiled with MSE and SGD at learning rate 1
// (so that one step's change of a weight is minus its gradient).
func gnModel(t *testing.T, seed uint64, stddev float64) *core.Sequential {
	t.Helper()
	m := core.NewSequential(seed)
	for _, c := range []core.LayerConfig{
		{Kind: "gaussianNoise", InputDim: 3, Values: core.Values{"stddev": stddev}},
		{Kind: "dense", Values: core.Values{"units": 4, "activation": core.Tanh}},
		{Kind: "dense", Values: core.Values{"units": 1}},
	} {
		l, err := core.NewLayer(c)
		if err != nil {
			t.Fatal(err)
		}
		if err := m.Add(l); err != nil {
			t.Fatal(err)
		}
	}
	sgd, err := core.NewOptimizer(core.OptimizerConfig{Name: "sgd", LearningRate: 1})
	if err != nil {
		t.Fatal(err)
	}
	if err := m.Compile(core.CompileConfig{Optimizer: sgd, Loss: core.MeanSquaredError}); err != nil {
		t.Fatal(err)
	}
	return m
}

var (
	gnX = mat.NewDense(5, 3, []float64{0.5, -1, 2, 0, 0.25, -0.75, 1.5, 1, -2, -0.5, 0.1, 0.3, 2, -1.5, 0})
	gnY = mat.NewDense(5, 1, []float64{1, -1, 0.5, 0, 2})
)

func TestNewGaussianNoise(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		stddev float64
		want   string
	}{
		{0, ""}, {0.3, ""}, {1e6, ""},
		{-0.1, "gaussianNoise: stddev must be at least 0, got -0.1"},
		{math.NaN(), "gaussianNoise: stddev must be at least 0, got NaN"},
		{math.Inf(1), "gaussianNoise: stddev: +Inf is not a finite number"},
	} {
		g, err := core.NewGaussianNoise(tc.stddev)
		if tc.want == "" && (err != nil || g.Stddev() != tc.stddev) {
			t.Errorf("NewGaussianNoise(%v) = %v, %v", tc.stddev, g, err)
		}
		if tc.want != "" && (err == nil || err.Error() != tc.want) {
			t.Errorf("NewGaussianNoise(%v) error = %v, want %q", tc.stddev, err, tc.want)
		}
	}
	if _, err := core.NewLayer(core.LayerConfig{Kind: "gaussianNoise"}); err == nil || err.Error() != "gaussianNoise: stddev is required" {
		t.Errorf("no stddev: %v", err)
	}
}

// Training adds N(0, stddev²) noise drawn from the model's noise stream;
// inference is the identity.
func TestGaussianNoiseTrainingOnly(t *testing.T) {
	t.Parallel()
	const stddev = 0.5
	noisy, clean := gnModel(t, 7, stddev), gnModel(t, 7, 0)
	// The initialisation stream is not the noise stream: same weights.
	for i, w := range noisy.GetWeights() {
		if !gtSameBits(w.Data, clean.GetWeights()[i].Data) {
			t.Fatalf("%s differs between stddev %v and 0", w.Name, stddev)
		}
	}
	// Inference: the identity.
	p1, _ := noisy.Predict(gnX)
	p2, _ := clean.Predict(gnX)
	if !gtSameBits(p1.RawMatrix().Data, p2.RawMatrix().Data) {
		t.Error("predictions differ: the noise is on at inference")
	}
	// LayerOutputs runs in inference mode too: the layer's output is x.
	outs, err := noisy.LayerOutputs(gnX)
	if err != nil {
		t.Fatal(err)
	}
	if !gtSameBits(outs[0].RawMatrix().Data, gnX.RawMatrix().Data) {
		t.Errorf("%s's output at inference is not its input", noisy.Layers()[0].Name())
	}
	// Training: noise, the same for the same seed.
	l1, _ := noisy.TrainOnBatch(gnX, gnY)
	l2, _ := clean.TrainOnBatch(gnX, gnY)
	if l1 == l2 {
		t.Error("training with noise gives the loss without")
	}
	if a, _ := gnModel(t, 7, stddev).TrainOnBatch(gnX, gnY); math.Float64bits(a) != math.Float64bits(l1) {
		t.Errorf("same seed: loss %v, then %v", l1, a)
	}
	if a, _ := gnModel(t, 8, stddev).TrainOnBatch(gnX, gnY); a == l1 {
		t.Errorf("another seed: the same loss %v", a)
	}
}

// TestGaussianNoiseMoments draws the noise through y = x + b (a Dense layer
// of kernel 1 and bias 0) on x = 0 and y = 0: the loss is the mean squared
// noise, stddev², and one SGD step at learning rate 1 moves b by minus twice
// the mean noise, 0.
func TestGaussianNoiseMoments(t *testing.T) {
	t.Parallel()
	const stddev, rows = 0.5, 4000
	g, _ := core.NewGaussianNoise(stddev)
	d, _ := core.NewDense(core.DenseConfig{Units: 1})
	m := core.NewSequential(3)
	if m.Add(g) != nil || m.Add(d) != nil || m.Build(1) != nil {
		t.Fatal("could not build the model")
	}
	sgd, _ := core.NewOptimizer(core.OptimizerConfig{Name: "sgd", LearningRate: 1})
	_ = m.Compile(core.CompileConfig{Optimizer: sgd, Loss: core.MeanSquaredError})
	ws := m.GetWeights()
	ws[0].Data[0], ws[1].Data[0] = 1, 0
	_ = m.SetWeights(ws)
	zeros := mat.NewDense(rows, 1, nil)
	loss, err := m.TrainOnBatch(zeros, zeros)
	if err != nil {
		t.Fatal(err)
	}
	// Four standard errors: the variance of n² is 2·stddev⁴, of n stddev².
	if v := stddev * stddev; math.Abs(loss-v) > 4*v*math.Sqrt(2.0/rows) {
		t.Errorf("mean squared noise %v, want %v", loss, v)
	}
	if mean := -m.GetWeights()[1].Data[0] / 2; math.Abs(mean) > 4*stddev/math.Sqrt(rows) {
		t.Errorf("mean noise %v, want 0", mean)
	}
}

// TestGaussianNoiseGradCheck compares each weight's gradient with a
// central finite difference, the noise held fixed: every loss comes from
// the first step of a fresh model of the same seed, so every forward pass
// draws the same noise, and with SGD at learning rate 1 the step's change
// of a weight is minus its gradient.
func TestGaussianNoiseGradCheck(t *testing.T) {
	t.Parallel()
	const seed, stddev, h = 11, 0.3, 1e-5
	stepped := gnModel(t, seed, stddev)
	before := stepped.GetWeights()
	if _, err := stepped.TrainOnBatch(gnX, gnY); err != nil {
		t.Fatal(err)
	}
	after := stepped.GetWeights()
	lossAt := func(i, j int, delta float64) float64 {
		m := gnModel(t, seed, stddev)
		ws := m.GetWeights()
		ws[i].Data[j] += delta
		if err := m.SetWeights(ws); err != nil {
			t.Fatal(err)
		}
		l, err := m.TrainOnBatch(gnX, gnY)
		if err != nil {
			t.Fatal(err)
		}
		return l
	}
	worst := 0.0
	for i := range before {
		for j := range before[i].Data {
			analytic := before[i].Data[j] - after[i].Data[j]
			numeric := (lossAt(i, j, h) - lossAt(i, j, -h)) / (2 * h)
			diff := math.Abs(analytic - numeric)
			worst = math.Max(worst, diff)
			if diff > 1e-8 && diff > 1e-6*math.Abs(numeric) {
				t.Errorf("%s[%d]: gradient %v, finite difference %v", before[i].Name, j, analytic, numeric)
			}
		}
	}
	t.Logf("worst difference %.2g", worst)
}

// GaussianNoise goes through the model file, the TF.js format (as TF.js'
// own GaussianNoise layer) and the summary.
func TestGaussianNoiseFormats(t *testing.T) {
	t.Parallel()
	m := gnModel(t, 5, 0.25)
	b, err := modeljson.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), `{"kind":"gaussianNoise","name":"gaussianNoise_1","stddev":0.25,"inputDim":3}`) {
		t.Errorf("model file: %s", b)
	}
	back, err := modeljson.Unmarshal(b)
	if err != nil {
		t.Fatal(err)
	}
	if g, ok := back.Layers()[0].(*core.GaussianNoise); !ok || g.Stddev() != 0.25 {
		t.Errorf("model file: came back as %T", back.Layers()[0])
	}

	a, err := tfjs.Export(m)
	if err != nil {
		t.Fatal(err)
	}
	// What TF.js 4.22 writes for tf.layers.gaussianNoise({stddev: 0.25,
	// inputShape: [3]}).
	want := `{"class_name":"GaussianNoise","config":{"stddev":0.25,"name":"gaussianNoise_1","trainable":true,"batch_input_shape":[null,3],"dtype":"float32"}}`
	if !strings.Contains(string(a.ModelTopology), want) {
		t.Errorf("TF.js topology:\n%s\nwant a layer %s", a.ModelTopology, want)
	}
	fromTfjs, err := tfjs.ImportArtifacts(a)
	if err != nil {
		t.Fatal(err)
	}
	if g, ok := fromTfjs.Layers()[0].(*core.GaussianNoise); !ok || g.Stddev() != 0.25 || g.Name() != "gaussianNoise_1" {
		t.Errorf("TF.js: came back as %T", fromTfjs.Layers()[0])
	}

	if s := m.Summary(); !strings.Contains(s, " gaussianNoise_1             (None, 3)                 0\n (GaussianNoise)\n") {
		t.Errorf("summary:\n%s", s)
	}
}
