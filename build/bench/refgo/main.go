//go:build !js

package main

import (
	"fmt"
	"os"

	"github.com/gotrain/gotrain/build/bench/benchdata"
)

// Native: go run ./build/bench/refgo -workload spiral prints one JSON line.
func main() {
	f := benchdata.ParseFlags()
	w, ok := benchdata.Workloads[f.Workload]
	if !ok {
		fmt.Fprintln(os.Stderr, "refgo: unknown workload", f.Workload)
		os.Exit(2)
	}
	d, err := benchdata.Load(f.Root, w)
	if err != nil {
		fmt.Fprintln(os.Stderr, "refgo:", err)
		os.Exit(1)
	}
	y := w.Targets(d)
	sizes := append(append([]int{w.In}, w.Hidden...), w.Out)
	warm := NewMLP(sizes, f.Batch, f.LR, uint32(f.Seed)+1000)
	_ = f.WarmUp(func() error { warm.Fit(d.X, y, d.N, f.Warmup); return nil }) // never fails
	m := NewMLP(sizes, f.Batch, f.LR, uint32(f.Seed))
	ms, cpuMs := benchdata.Timed(func() { m.Fit(d.X, y, d.N, f.Epochs) })
	acc := m.Accuracy(d.X, d.Labels)
	benchdata.Result{
		Impl: "refgo-native", Workload: f.Workload, N: d.N, Epochs: f.Epochs,
		TrainMs: ms, CPUMs: cpuMs, Accuracy: acc, Loss: m.Loss,
		Note: "hand-written Go loop, native",
	}.Print()
}
