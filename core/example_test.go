package core_test

import (
	"fmt"

	"github.com/gotrain/gotrain/core"
)

// The Keras example every tutorial starts with, in Go: Dense(64, relu) →
// Dense(64, relu) → Dense(1, sigmoid), Adam, binary cross-entropy,
// fit(epochs=10, batch_size=32), evaluate.
func Example() {
	data, _ := core.Generate("circle", 1000, 0.05, 1)
	train, test, _ := core.Split(data, core.SplitOptions{TestFraction: 0.2, Seed: 1})

	model := core.NewSequential(42)
	l1, _ := core.NewDense(core.DenseConfig{Units: 64, Activation: core.ReLU, InputDim: 2})
	l2, _ := core.NewDense(core.DenseConfig{Units: 64, Activation: core.ReLU})
	l3, _ := core.NewDense(core.DenseConfig{Units: 1, Activation: core.Sigmoid})
	for _, l := range []core.Layer{l1, l2, l3} {
		model.Add(l)
	}
	adam, _ := core.NewOptimizer(core.MustOptimizerConfig("adam"))
	model.Compile(core.CompileConfig{Optimizer: adam, Loss: core.BinaryCrossentropy, Metrics: []string{"accuracy"}})

	history, _ := model.Fit(train.X, train.Y, core.FitConfig{Epochs: 10, BatchSize: 32})
	logs, _ := model.Evaluate(test.X, test.Y)
	fmt.Printf("epochs: %d\n", len(history.Epoch))
	fmt.Printf("test accuracy ≥ 0.95: %v\n", logs["accuracy"] >= 0.95)
	// Output:
	// epochs: 10
	// test accuracy ≥ 0.95: true
}
