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
	var (
		m         *MLP
		acc, loss float64
	)
	t, _ := f.TimedFits(func() (func() error, error) { // never fails
		m = NewMLP(sizes, f.Batch, f.LR, uint32(f.Seed))
		return func() error { m.Fit(d.X, y, d.N, f.Epochs); return nil }, nil
	}, func() error {
		acc, loss = m.Accuracy(d.X, d.Labels), m.Loss
		return nil
	})
	benchdata.Result{
		Impl: "refgo-native", Workload: f.Workload, N: d.N, Epochs: f.Epochs, Timing: t,
		Accuracy: acc, Loss: loss,
		Note: "hand-written Go loop, native",
	}.Print()
}
