// Command native trains one benchmark workload with gotrain's core, natively
// (no WebAssembly), the way the JavaScript API does it: Sequential of Dense
// layers, Adam(0.01), fit with epochs 20, batch 32, shuffled, accuracy
// metric. It prints one JSON line for build/bench/run.mjs:
//
//	go run ./build/bench/native -workload digits
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/gotrain/gotrain/build/bench/benchdata"
	"github.com/gotrain/gotrain/core"
	"gonum.org/v1/gonum/mat"
)

func main() {
	name := flag.String("workload", "spiral", "spiral, blobs or digits")
	epochs := flag.Int("epochs", 20, "epochs timed")
	warmup := flag.Int("warmup", 1, "epochs of an untimed warm-up fit on a throw-away model")
	batch := flag.Int("batch", 32, "batch size")
	lr := flag.Float64("lr", 0.01, "Adam learning rate")
	seed := flag.Uint64("seed", 1, "model seed (init and shuffling)")
	root := flag.String("root", ".", "repository root")
	flag.Parse()
	if err := run(*name, *epochs, *warmup, *batch, *lr, *seed, *root); err != nil {
		fmt.Fprintln(os.Stderr, "native:", err)
		os.Exit(1)
	}
}

func build(w benchdata.Workload, lr float64, seed uint64) (*core.Sequential, error) {
	m := core.NewSequential(seed)
	in := w.In
	for _, h := range w.Hidden {
		l, err := core.NewDense(core.DenseConfig{Units: h, Activation: core.ReLU, InputDim: in})
		if err != nil {
			return nil, err
		}
		if err := m.Add(l); err != nil {
			return nil, err
		}
		in = 0
	}
	act, loss := core.Softmax, core.CategoricalCrossentropy
	if w.Out == 1 {
		act, loss = core.Sigmoid, core.BinaryCrossentropy
	}
	l, err := core.NewDense(core.DenseConfig{Units: w.Out, Activation: act})
	if err != nil {
		return nil, err
	}
	if err := m.Add(l); err != nil {
		return nil, err
	}
	cfg, _ := core.DefaultOptimizerConfig("adam")
	cfg.LearningRate = lr
	opt, err := core.NewOptimizer(cfg)
	if err != nil {
		return nil, err
	}
	return m, m.Compile(core.CompileConfig{Optimizer: opt, Loss: loss, Metrics: []string{"accuracy"}})
}

func run(name string, epochs, warmup, batch int, lr float64, seed uint64, root string) error {
	w, ok := benchdata.Workloads[name]
	if !ok {
		return fmt.Errorf("unknown workload %q", name)
	}
	d, err := benchdata.Load(root, w)
	if err != nil {
		return err
	}
	x := mat.NewDense(d.N, w.In, d.X)
	y := mat.NewDense(d.N, w.Out, w.Targets(d))
	if warmup > 0 {
		m, err := build(w, lr, seed+1000)
		if err != nil {
			return err
		}
		if _, err := m.Fit(x, y, core.FitConfig{Epochs: warmup, BatchSize: batch}); err != nil {
			return err
		}
	}
	m, err := build(w, lr, seed)
	if err != nil {
		return err
	}
	c0, t0 := benchdata.CPUTime(), time.Now()
	h, err := m.Fit(x, y, core.FitConfig{Epochs: epochs, BatchSize: batch})
	ms := float64(time.Since(t0).Nanoseconds()) / 1e6
	cpuMs := float64((benchdata.CPUTime() - c0).Nanoseconds()) / 1e6
	if err != nil {
		return err
	}
	p, err := m.Predict(x)
	if err != nil {
		return err
	}
	pred := core.PredictClasses(p)
	correct := 0
	for i, c := range pred {
		if c == d.Labels[i] {
			correct++
		}
	}
	loss := h.History["loss"]
	return json.NewEncoder(os.Stdout).Encode(map[string]any{
		"impl": "gotrain-native", "workload": name, "n": d.N, "epochs": epochs,
		"trainMs": ms, "cpuMs": cpuMs, "accuracy": float64(correct) / float64(d.N), "loss": loss[len(loss)-1],
		"maxRSSKB": benchdata.PeakRSSKB(), "note": "gotrain core, native Go",
	})
}
