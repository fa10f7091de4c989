package benchdata

import (
	"encoding/json"
	"flag"
	"os"
	"time"
)

// Flags are the command-line flags shared by the native Go benchmark
// programs (build/bench/native and build/bench/refgo).
type Flags struct {
	Workload string
	Epochs   int // epochs of each timed fit
	Warmup   int // epochs per untimed warm-up fit on a throw-away model
	WarmupMs int // warm-up fits repeat until this many milliseconds have passed
	MinMs    int // timed fits repeat until this many milliseconds of fit time have accumulated (0: one fit)
	Batch    int
	LR       float64
	Seed     uint64
	Root     string // repository root
}

// ParseFlags defines the shared flags on the default flag set and parses
// the command line.
func ParseFlags() Flags {
	var f Flags
	flag.StringVar(&f.Workload, "workload", "spiral", "spiral, blobs or digits")
	flag.IntVar(&f.Epochs, "epochs", 20, "epochs of each timed fit")
	flag.IntVar(&f.Warmup, "warmup", 1, "epochs per untimed warm-up fit on a throw-away model")
	flag.IntVar(&f.WarmupMs, "warmup-ms", 500, "warm-up fits repeat until this many milliseconds have passed")
	flag.IntVar(&f.MinMs, "min-ms", DefaultMinMs, "timed fits, each on a fresh model, repeat until this many milliseconds of fit time have accumulated (0: one fit)")
	flag.IntVar(&f.Batch, "batch", 32, "batch size")
	flag.Float64Var(&f.LR, "lr", 0.01, "Adam learning rate")
	flag.Uint64Var(&f.Seed, "seed", 1, "model seed (init and shuffling)")
	flag.StringVar(&f.Root, "root", ".", "repository root")
	flag.Parse()
	return f
}

// WarmUp calls fit (one warm-up fit of f.Warmup epochs on a throw-away
// model) until f.WarmupMs milliseconds have passed, at least once, the rule
// every implementation of the benchmark follows (warmUp in
// lib/workloads.mjs); it stops at fit's first error.
func (f Flags) WarmUp(fit func() error) error {
	if f.Warmup <= 0 {
		return nil
	}
	t0 := time.Now()
	for {
		if err := fit(); err != nil {
			return err
		}
		if time.Since(t0) >= time.Duration(f.WarmupMs)*time.Millisecond {
			return nil
		}
	}
}

// DefaultMinMs is the default of -min-ms (MIN_MS in lib/workloads.mjs).
const DefaultMinMs = 1000

// Timed runs fit and returns its wall-clock and CPU time in milliseconds.
func Timed(fit func()) (ms, cpuMs float64) {
	c0, t0 := CPUTime(), time.Now()
	fit()
	ms = float64(time.Since(t0).Nanoseconds()) / 1e6
	cpuMs = float64((CPUTime() - c0).Nanoseconds()) / 1e6
	return ms, cpuMs
}

// Timing is what the timed phase measured: wall-clock and CPU time summed
// over Fits fits.
type Timing struct {
	TrainMs, CPUMs float64
	Fits           int
}

// TimedFits is the timed phase, the rule every implementation of the
// benchmark follows (timedFits in lib/workloads.mjs): build makes a fresh
// model with the run's seed (untimed) and returns its fit of f.Epochs
// epochs; fits are timed and repeat until f.MinMs milliseconds of fit wall
// time have accumulated, at least once (MinMs 0: one fit). first runs after
// the first fit, untimed, to take that model's accuracy and loss. It stops
// at the first error of build, fit or first.
func (f Flags) TimedFits(build func() (fit func() error, err error), first func() error) (Timing, error) {
	var t Timing
	for {
		fit, err := build()
		if err != nil {
			return t, err
		}
		ms, cpuMs := Timed(func() { err = fit() })
		if err != nil {
			return t, err
		}
		t.TrainMs += ms
		t.CPUMs += cpuMs
		t.Fits++
		if t.Fits == 1 && first != nil {
			if err := first(); err != nil {
				return t, err
			}
		}
		if t.TrainMs >= float64(f.MinMs) {
			return t, nil
		}
	}
}

// Result is the one JSON line a Go benchmark program prints for
// build/bench/run.mjs: TrainMs and CPUMs summed over Fits timed fits of
// Epochs epochs each, Accuracy and Loss of the first.
type Result struct {
	Impl, Workload string
	N, Epochs      int
	Timing
	Accuracy, Loss float64
	Note           string
}

// Print writes r as one JSON line to stdout, with the process's peak RSS.
func (r Result) Print() error {
	return json.NewEncoder(os.Stdout).Encode(map[string]any{
		"impl": r.Impl, "workload": r.Workload, "n": r.N, "epochs": r.Epochs, "fits": r.Fits,
		"trainMs": r.TrainMs, "cpuMs": r.CPUMs, "accuracy": r.Accuracy, "loss": r.Loss,
		"maxRSSKB": PeakRSSKB(), "note": r.Note,
	})
}
