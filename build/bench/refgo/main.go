//go:build !js

package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/gotrain/gotrain/build/bench/benchdata"
)

// Native: go run ./build/bench/refgo -workload spiral prints one JSON line.
func main() {
	name := flag.String("workload", "spiral", "spiral, blobs or digits")
	epochs := flag.Int("epochs", 20, "epochs timed")
	warmup := flag.Int("warmup", 1, "epochs of an untimed warm-up run on a throw-away model")
	batch := flag.Int("batch", 32, "batch size")
	lr := flag.Float64("lr", 0.01, "Adam learning rate")
	seed := flag.Uint("seed", 1, "seed of init and shuffling")
	root := flag.String("root", ".", "repository root")
	flag.Parse()
	w, ok := benchdata.Workloads[*name]
	if !ok {
		fmt.Fprintln(os.Stderr, "refgo: unknown workload", *name)
		os.Exit(2)
	}
	d, err := benchdata.Load(*root, w)
	if err != nil {
		fmt.Fprintln(os.Stderr, "refgo:", err)
		os.Exit(1)
	}
	y := w.Targets(d)
	sizes := append(append([]int{w.In}, w.Hidden...), w.Out)
	if *warmup > 0 {
		NewMLP(sizes, *batch, *lr, uint32(*seed)+1000).Fit(d.X, y, d.N, *warmup)
	}
	m := NewMLP(sizes, *batch, *lr, uint32(*seed))
	c0, t0 := benchdata.CPUTime(), time.Now()
	m.Fit(d.X, y, d.N, *epochs)
	ms := float64(time.Since(t0).Nanoseconds()) / 1e6
	cpuMs := float64((benchdata.CPUTime() - c0).Nanoseconds()) / 1e6
	acc := m.Accuracy(d.X, d.Labels)
	json.NewEncoder(os.Stdout).Encode(map[string]any{
		"impl": "refgo-native", "workload": *name, "n": d.N, "epochs": *epochs,
		"trainMs": ms, "cpuMs": cpuMs, "accuracy": acc, "loss": m.Loss, "maxRSSKB": benchdata.PeakRSSKB(),
		"note": "hand-written Go loop, native",
	})
}
