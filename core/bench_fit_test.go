package core_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/gotrain/gotrain/core"
)

// The Fit benchmarks train one epoch of the three workloads of make bench
// (build/bench: the same data, Adam 0.01, batch 32, shuffled, accuracy
// tracked) per iteration, so that the per-batch work outside the matrix
// products — the shuffle, the batch copy, the loss, the metrics, the
// optimizer — counts as it does in a real fit. In WebAssembly with the SIMD
// kernel:
//
//	GOTRAIN_KERNEL=simd GOOS=js GOARCH=wasm go test -tags 'wasmkernel litemat' \
//	  -exec=$PWD/build/wasm-kernel-exec.sh -run X -bench FitEpoch ./core

// gtBenchWorkload reads one of make bench's workloads: its data, scaled,
// with one-hot labels for more than one output, and its layer sizes.
func gtBenchWorkload(t testing.TB, name string) (*core.Dataset, []int) {
	t.Helper()
	file, sizes, scale := filepath.Join("..", "build", "bench", "data", name+".csv"), []int{4, 32, 3}, 1.0
	switch name {
	case "spiral":
		sizes = []int{2, 64, 64, 1}
	case "digits":
		file, sizes, scale = filepath.Join("..", "www", "data", "digits.csv"), []int{64, 128, 10}, 1.0/16
	}
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	d, err := core.ParseCSV(f, core.CSVOptions{})
	if err != nil {
		t.Fatal(err)
	}
	gtScale(d.X, scale)
	if out := sizes[len(sizes)-1]; out > 1 {
		if d.Y, err = core.OneHot(d.Y, out); err != nil {
			t.Fatal(err)
		}
	}
	return d, sizes
}

func benchmarkFitEpoch(b *testing.B, name string) {
	d, sizes := gtBenchWorkload(b, name)
	var layers []gtLayer
	for _, u := range sizes[1 : len(sizes)-1] {
		layers = append(layers, gtLayer{u, core.ReLU})
	}
	out, loss := sizes[len(sizes)-1], core.CategoricalCrossentropy
	if out == 1 {
		layers, loss = append(layers, gtLayer{1, core.Sigmoid}), core.BinaryCrossentropy
	} else {
		layers = append(layers, gtLayer{out, core.Softmax})
	}
	m := gtModel(b, 1, sizes[0], layers...)
	gtCompile(b, m, gtOptimizer(b, "adam", 0.01), loss, "accuracy")
	cfg := core.FitConfig{Epochs: 1, BatchSize: 32}
	if _, err := m.Fit(d.X, d.Y, cfg); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		if _, err := m.Fit(d.X, d.Y, cfg); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(d.Len()*b.N)/b.Elapsed().Seconds(), "samples/s")
}

func BenchmarkFitEpochBlobs(b *testing.B)  { benchmarkFitEpoch(b, "blobs") }
func BenchmarkFitEpochSpiral(b *testing.B) { benchmarkFitEpoch(b, "spiral") }
func BenchmarkFitEpochDigits(b *testing.B) { benchmarkFitEpoch(b, "digits") }
