package core_test

import (
	"flag"
	"math"
	"runtime"
	"strconv"
	"testing"

	"github.com/gotrain/gotrain/core"
)

// TestTrainingBitsPinned pins the training bits of the README's two
// workloads: the Keras example (circle, 64-64-1, Adam, binary
// cross-entropy, 10 epochs of batch 32) and a digits classifier (pixels ÷ 16,
// 128 relu, softmax, Adam, sparse categorical cross-entropy, 5 epochs), each
// epoch's training loss and the final test evaluation as the float64 bits
// the code produced when they were recorded. A refactor that moves code but
// changes no arithmetic keeps every bit; any change of operation or order
// shows here, on every path make test runs (native, js/wasm with Go's loops,
// the SIMD and the scalar kernel). To record new values after a deliberate
// change of arithmetic, run with -pin-print and paste what it logs.
func TestTrainingBitsPinned(t *testing.T) {
	want, ok := pinWant[runtime.GOARCH]
	if !ok && !*pinPrint {
		t.Skipf("no bits recorded for GOARCH=%s (its math or fused multiply-adds may round differently); record them with -pin-print", runtime.GOARCH)
	}
	for i, tc := range []struct {
		name string
		run  func(t *testing.T) []float64
	}{
		{"keras example", pinKeras},
		{"digits", pinDigits},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := tc.run(t)
			if *pinPrint {
				s := ""
				for _, v := range got {
					s += "0x" + strconv.FormatUint(math.Float64bits(v), 16) + ", "
				}
				t.Logf("%s: {%s}", tc.name, s)
			}
			if !ok {
				return
			}
			if len(got) != len(want[i]) {
				t.Fatalf("got %d values, want %d", len(got), len(want[i]))
			}
			for j, v := range got {
				if w := want[i][j]; math.Float64bits(v) != w {
					t.Errorf("value %d: got %v (bits %#x), want %v (bits %#x)", j, v, math.Float64bits(v), math.Float64frombits(w), w)
				}
			}
		})
	}
}

// pinKeras runs the README's Go example and returns the ten epoch losses,
// then the test loss and accuracy.
func pinKeras(t *testing.T) []float64 {
	data, err := core.Generate("circle", 1000, 0.05, 1)
	if err != nil {
		t.Fatal(err)
	}
	train, test, err := core.Split(data, core.SplitOptions{TestFraction: 0.2, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	m := gtModel(t, 42, 2, gtLayer{64, core.ReLU}, gtLayer{64, core.ReLU}, gtLayer{1, core.Sigmoid})
	gtCompile(t, m, gtOptimizer(t, "adam", 0), core.BinaryCrossentropy, "accuracy")
	return pinFit(t, m, train, test, 10)
}

// pinDigits trains 64-128-10 on the first 1,500 digits and tests on the rest.
func pinDigits(t *testing.T) []float64 {
	d := gtReadCSV(t, "digits.csv")
	gtScale(d.X, 1.0/16)
	train, test := core.Subset(d, gtIota(1500)), core.Subset(d, pinRange(1500, d.Len()))
	m := gtModel(t, 7, 64, gtLayer{128, core.ReLU}, gtLayer{10, core.Softmax})
	gtCompile(t, m, gtOptimizer(t, "adam", 0), core.SparseCategoricalCrossentropy, "accuracy")
	return pinFit(t, m, train, test, 5)
}

func pinFit(t *testing.T, m *core.Sequential, train, test *core.Dataset, epochs int) []float64 {
	h, err := m.Fit(train.X, train.Y, core.FitConfig{Epochs: epochs, BatchSize: 32})
	if err != nil {
		t.Fatal(err)
	}
	logs, err := m.Evaluate(test.X, test.Y)
	if err != nil {
		t.Fatal(err)
	}
	return append(append([]float64(nil), h.History["loss"]...), logs["loss"], logs["accuracy"])
}

func pinRange(lo, hi int) []int {
	idx := make([]int, 0, hi-lo)
	for i := lo; i < hi; i++ {
		idx = append(idx, i)
	}
	return idx
}

// pinPrint logs the values in Go syntax, for recording them.
var pinPrint = flag.Bool("pin-print", false, "TestTrainingBitsPinned: log the values as Go literals")

// The recorded bits. amd64's math.Exp and math.Log are assembly, whose
// last bits differ from the pure-Go versions every other target runs
// (WebAssembly among them), so each has its own record.
var pinWant = map[string][2][]uint64{
	"amd64": {
		{0x3fe354169b4a1db4, 0x3fe102d5d68c6d13, 0x3fddd749bf207481, 0x3fd7fadf8c1ded5b, 0x3fd11935bb6f1b0d, 0x3fc5fbdb17542729, 0x3fbbfc221afb2cb6, 0x3fb2ed59549564ae, 0x3fabafeb9b787373, 0x3fa57a7ba42603ee, 0x3faf4f82fefd2fad, 0x3fefae147ae147ae},
		{0x3ffe398e5271d7a6, 0x3ff0f2bb7e751f77, 0x3fe2d5d26f756bdf, 0x3fd92684db984759, 0x3fd2f2dfc57184a3, 0x3fdea4632f23e0b3, 0x3feb5df3eec2cd25},
	},
	"wasm": {
		{0x3fe354169b4a1db4, 0x3fe102d5d68c6d13, 0x3fddd749bf20747f, 0x3fd7fadf8c1ded5b, 0x3fd11935bb6f1b0d, 0x3fc5fbdb17542728, 0x3fbbfc221afb2cb6, 0x3fb2ed59549564ad, 0x3fabafeb9b787373, 0x3fa57a7ba42603ee, 0x3faf4f82fefd2fae, 0x3fefae147ae147ae},
		{0x3ffe398e5271d7a6, 0x3ff0f2bb7e751f77, 0x3fe2d5d26f756bdf, 0x3fd92684db984758, 0x3fd2f2dfc57184a2, 0x3fdea4632f23e0b3, 0x3feb5df3eec2cd25},
	},
}
