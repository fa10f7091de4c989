package core_test

import (
	"fmt"
	"strings"

	"github.com/gotrain/gotrain/core"
)

// A trained model written as a standalone predictor: an ES module of plain
// JavaScript that a static page imports to predict, without gotrain.
func ExampleStandalone() {
	data, _ := core.Generate("circle", 200, 0.05, 1)
	model := core.NewSequential(42)
	l1, _ := core.NewDense(core.DenseConfig{Units: 16, Activation: core.ReLU, InputDim: 2})
	l2, _ := core.NewDense(core.DenseConfig{Units: 1, Activation: core.Sigmoid})
	model.Add(l1)
	model.Add(l2)
	adam, _ := core.NewOptimizer(core.MustOptimizerConfig("adam"))
	model.Compile(core.CompileConfig{Optimizer: adam, Loss: core.BinaryCrossentropy})
	model.Fit(data.X, data.Y, core.FitConfig{Epochs: 5, BatchSize: 32})

	js, err := core.Standalone(model, core.StandaloneConfig{DType: core.Float32, ClassNames: []string{"outside", "inside"}})
	if err != nil {
		fmt.Println(err)
		return
	}
	// A page would serve js as predictor.js; its data lines:
	for _, line := range strings.Split(js, "\n") {
		if strings.HasPrefix(line, "export const") || strings.HasPrefix(line, "  {name") {
			fmt.Println(line)
		}
	}
	// Output:
	// export const dtype = "float32", inputDim = 2, outputDim = 1;
	// export const classNames = ["outside","inside"];
	// export const layers = [
	//   {name:"dense_1",kind:"dense",activation:"relu",inputs:2,units:16,kernel:0,bias:32},
	//   {name:"dense_2",kind:"dense",activation:"sigmoid",inputs:16,units:1,kernel:48,bias:64}
}
