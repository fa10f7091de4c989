// Command native trains one benchmark workload with gotrain's core, natively
// (no WebAssembly), the way the JavaScript API does it: Sequential of Dense
// layers, Adam(0.01), fit with epochs 20, batch 32, shuffled, accuracy
// metric; the timed phase is benchdata's TimedFits (fits on fresh models
// until -min-ms of fit time, accuracy and loss of the first). It prints one
// JSON line for build/bench/run.mjs:
//
//	go run ./build/bench/native -workload digits
package main

import (
	"fmt"
	"os"

	"github.com/gotrain/gotrain/build/bench/benchdata"
	"github.com/gotrain/gotrain/core"
	"gonum.org/v1/gonum/mat"
)

func main() {
	if err := run(benchdata.ParseFlags()); err != nil {
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

func run(f benchdata.Flags) error {
	w, ok := benchdata.Workloads[f.Workload]
	if !ok {
		return fmt.Errorf("unknown workload %q", f.Workload)
	}
	d, err := benchdata.Load(f.Root, w)
	if err != nil {
		return err
	}
	x := mat.NewDense(d.N, w.In, d.X)
	y := mat.NewDense(d.N, w.Out, w.Targets(d))
	if f.Warmup > 0 {
		m, err := build(w, f.LR, f.Seed+1000)
		if err != nil {
			return err
		}
		if err := f.WarmUp(func() error {
			_, err := m.Fit(x, y, core.FitConfig{Epochs: f.Warmup, BatchSize: f.Batch})
			return err
		}); err != nil {
			return err
		}
	}
	var (
		m              *core.Sequential
		h              *core.History
		accuracy, loss float64
	)
	t, err := f.TimedFits(func() (func() error, error) {
		var err error
		if m, err = build(w, f.LR, f.Seed); err != nil {
			return nil, err
		}
		return func() (err error) {
			h, err = m.Fit(x, y, core.FitConfig{Epochs: f.Epochs, BatchSize: f.Batch})
			return err
		}, nil
	}, func() error {
		p, err := m.Predict(x)
		if err != nil {
			return err
		}
		correct := 0
		for i, c := range core.PredictClasses(p) {
			if c == d.Labels[i] {
				correct++
			}
		}
		accuracy = float64(correct) / float64(d.N)
		l := h.History["loss"]
		loss = l[len(l)-1]
		return nil
	})
	if err != nil {
		return err
	}
	return benchdata.Result{
		Impl: "gotrain-native", Workload: f.Workload, N: d.N, Epochs: f.Epochs, Timing: t,
		Accuracy: accuracy, Loss: loss,
		Note: "gotrain core, native Go",
	}.Print()
}
