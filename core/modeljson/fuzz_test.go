package modeljson_test

import (
	"bytes"
	"encoding/json"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/gotrain/gotrain/core"
	"github.com/gotrain/gotrain/core/internal/mat"
	"github.com/gotrain/gotrain/core/modeljson"
)

// FuzzUnmarshalModel feeds arbitrary bytes to UnmarshalModel. It must never
// panic; a file it accepts must save and load again to the same bytes, and
// the two loaded models must predict and train identically.
// More seeds live in testdata/fuzz/FuzzUnmarshalModel.
func FuzzUnmarshalModel(f *testing.F) {
	f.Add([]byte(serBaseJSON))
	f.Add([]byte(`{"format":"gotrain-model","version":1,"seed":1,"inputDim":0,"layers":[],"weights":[],"compile":null}`))
	f.Add([]byte(strings.Replace(serBaseJSON, `"adapted":true,"mean":[1,2,3],"variance":[1,4,9]`, `"adapted":false,"mean":[0,0,0],"variance":[1,1,1]`, 1)))
	f.Fuzz(fuzzCheckModelFile)
}

// FuzzUnmarshalModelValues builds well-formed files from fuzzed values
// (sizes, names, rates, statistics, weights, settings), so that the checks
// behind the JSON syntax get explored too, and checks them as
// FuzzUnmarshalModel does.
func FuzzUnmarshalModelValues(f *testing.F) {
	f.Add(uint64(7), 3, 2, 1, "relu", "glorotUniform", 0.5, 0.0, 0.01, 2.0, 4.0, true, "binaryCrossentropy", "adam", 0.001, "accuracy", 0.25, 0, "dense_1")
	f.Add(uint64(1), 0, 4, 3, "softmax", "zeros", 0.0, 1e-3, 0.0, 0.0, 1.0, false, "sparseCategoricalCrossentropy", "sgd", 0.1, "f1", -1.5, 1, "x")
	f.Add(uint64(1<<63), 2, 65536, 2, "tanh", "heNormal", 0.99, 1e6, 1e6, -1.0, -1.0, true, "mse", "rmsprop", 1e300, "acc", 1e-300, -1, "normalization_1")
	f.Fuzz(func(t *testing.T, seed uint64, inputDim, units1, units2 int, act, init string, rate, l1, l2, mean, variance float64,
		adapted bool, loss, opt string, lr float64, metric string, w float64, delta int, name string) {
		// JSON has no NaN or infinities; those cases are covered by the
		// byte-level fuzzer.
		for _, v := range []float64{rate, l1, l2, mean, variance, lr, w} {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return
			}
		}
		// Arrays are sized from the fuzzed widths, off by delta, within reason.
		size := func(n int) int { return max(0, min(n, 1<<14)+delta%3) }
		fill := func(n int, v float64) []float64 {
			s := make([]float64, size(n))
			for i := range s {
				s[i] = v * float64(i%5-2)
			}
			return s
		}
		var stats [2]any
		if adapted || inputDim != 0 {
			stats = [2]any{fill(inputDim, mean), fill(inputDim, variance)}
			if !adapted {
				stats = [2]any{make([]float64, size(inputDim)), slices.Repeat([]float64{1}, size(inputDim))}
			}
		}
		file := map[string]any{
			"format": "gotrain-model", "version": 1, "seed": seed, "inputDim": inputDim,
			"layers": []any{
				map[string]any{"kind": "normalization", "name": "normalization_1", "inputDim": 0, "adapted": adapted, "mean": stats[0], "variance": stats[1]},
				map[string]any{"kind": "dense", "name": name, "units": units1, "activation": act, "useBias": true, "kernelInitializer": init,
					"kernelRegularizer": map[string]any{"l1": l1, "l2": l2}, "inputDim": 0},
				map[string]any{"kind": "dropout", "name": "dropout_1", "rate": rate},
				map[string]any{"kind": "dense", "name": "dense_2", "units": units2, "activation": "linear", "useBias": false, "kernelInitializer": init,
					"kernelRegularizer": nil, "inputDim": 0},
			},
			"weights": []any{},
			"compile": map[string]any{"loss": loss, "optimizer": map[string]any{"name": opt, "learningRate": lr}, "metrics": []string{metric}},
		}
		if inputDim != 0 {
			file["weights"] = []any{
				map[string]any{"name": name + "/kernel", "shape": []int{inputDim, units1}, "data": fill(inputDim*units1, w)},
				map[string]any{"name": name + "/bias", "shape": []int{units1}, "data": fill(units1, w)},
				map[string]any{"name": "dense_2/kernel", "shape": []int{units1, units2}, "data": fill(units1*units2, w)},
			}
		}
		data, err := json.Marshal(file)
		if err != nil {
			t.Fatal(err)
		}
		fuzzCheckModelFile(t, data)
	})
}

// fuzzCheckModelFile loads data: it must fail cleanly, or load a model that
// saves and loads again to the same bytes and behaves the same.
func fuzzCheckModelFile(t *testing.T, data []byte) {
	m, err := modeljson.Unmarshal(data)
	if err != nil {
		if m != nil {
			t.Fatalf("got a model along with the error %v", err)
		}
		if !strings.HasPrefix(err.Error(), "load model: ") {
			t.Fatalf("error %q does not start with 'load model: '", err)
		}
		return
	}
	b1, err := modeljson.Marshal(m)
	if err != nil {
		t.Fatalf("saving a loaded model: %v", err)
	}
	m2, err := modeljson.Unmarshal(b1)
	if err != nil {
		t.Fatalf("loading a saved model: %v\n%s", err, b1)
	}
	b2, err := modeljson.Marshal(m2)
	if err != nil {
		t.Fatalf("saving the reloaded model: %v", err)
	}
	if !bytes.Equal(b1, b2) {
		t.Fatalf("the reloaded model saves differently:\n%s\n%s", b1, b2)
	}
	if m.Summary() != m2.Summary() {
		t.Fatalf("summaries differ:\n%s\n%s", m.Summary(), m2.Summary())
	}
	if !m.Built() || len(m.Layers()) == 0 {
		return
	}
	x := mat.NewDense(2, m.InputDim(), nil)
	for j := 0; j < m.InputDim(); j++ {
		x.Set(1, j, float64(j%7)-3)
	}
	p1, err1 := m.Predict(x)
	p2, err2 := m2.Predict(x)
	if err1 != nil || err2 != nil {
		t.Fatalf("predict: %v, %v", err1, err2)
	}
	if !fuzzSameBits(serRaw(p1), serRaw(p2)) {
		t.Fatalf("predictions differ: %v, %v", serRaw(p1), serRaw(p2))
	}
	if !m.Compiled() {
		return
	}
	out := m.OutputDim()
	y := mat.NewDense(2, out, nil)
	if m.Loss() == core.SparseCategoricalCrossentropy {
		y = mat.NewDense(2, 1, []float64{0, float64(out - 1)})
	}
	l1, err1 := m.TrainOnBatch(x, y)
	l2, err2 := m2.TrainOnBatch(x, y)
	if (err1 == nil) != (err2 == nil) || math.Float64bits(l1) != math.Float64bits(l2) {
		t.Fatalf("trainOnBatch: got %v, %v and %v, %v", l1, err1, l2, err2)
	}
}

func serRaw(m *mat.Dense) []float64 { return m.RawMatrix().Data }

func fuzzSameBits(a, b []float64) bool {
	_, ok := serSameBits(a, b)
	return ok
}
