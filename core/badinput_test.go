package core_test

import (
	"math"
	"strings"
	"testing"

	"github.com/gotrain/gotrain/core"
	"github.com/gotrain/gotrain/core/internal/mat"
)

// TestBadInput checks that every misuse is an error that names the call and
// the problem, and that none panics: the WebAssembly module must survive
// them all.
func TestBadInput(t *testing.T) {
	nan, inf := math.NaN(), math.Inf(1)
	x := func(rows, cols int, vals ...float64) *mat.Dense {
		m := mat.NewDense(rows, cols, nil)
		for i := range rows {
			for j := range cols {
				m.Set(i, j, float64(i+j)/10)
			}
		}
		for k := 0; k+2 < len(vals); k += 3 { // (row, column, value) triples
			m.Set(int(vals[k]), int(vals[k+1]), vals[k+2])
		}
		return m
	}
	col := func(v ...float64) *mat.Dense { return mat.NewDense(len(v), 1, v) }
	// model returns a fresh 2-4-outputs model compiled with loss, or not
	// compiled when loss is -1.
	model := func(outputs int, loss core.Loss) *core.Sequential {
		last := core.Sigmoid
		if outputs > 1 {
			last = core.Softmax
		}
		if loss == core.MeanSquaredError {
			last = core.Linear
		}
		m := gtModel(t, 1, 2, gtLayer{4, core.ReLU}, gtLayer{outputs, last})
		if loss >= 0 {
			gtCompile(t, m, gtOptimizer(t, "adam", 0), loss, "accuracy")
		}
		return m
	}
	bin := func() *core.Sequential { return model(1, core.BinaryCrossentropy) }
	sparse := func() *core.Sequential { return model(3, core.SparseCategoricalCrossentropy) }
	fit := func(m *core.Sequential, x, y *mat.Dense, cfg core.FitConfig) error {
		_, err := m.Fit(x, y, cfg)
		return err
	}
	ok := core.FitConfig{Epochs: 1, BatchSize: 2}
	y4 := col(0, 1, 1, 0)
	csv := func(text string, label string) error {
		_, err := core.ParseCSVString(text, core.CSVOptions{Label: label})
		return err
	}
	optimizer := func(edit func(*core.OptimizerConfig)) error {
		c := core.MustOptimizerConfig("adam")
		edit(&c)
		_, err := core.NewOptimizer(c)
		return err
	}
	dense := func(cfg core.DenseConfig) error {
		_, err := core.NewDense(cfg)
		return err
	}

	tests := []struct {
		name string
		call func() error
		want string
	}{
		// CSV.
		{"csv: not a number", func() error { return csv("a,b,label\n1,2,x\n3,abc,y\n", "") }, "row 3, column 'b': 'abc' is not a number"},
		{"csv: NaN feature", func() error { return csv("a,b,label\nNaN,2,x\n", "") }, "row 2, column 'a': 'NaN' is not a finite number"},
		{"csv: missing value", func() error { return csv("a,b,label\n1,,x\n", "") }, "row 2, column 'b': the value is empty"},
		{"csv: ragged row", func() error { return csv("a,b,label\n1,2,x\n3,4\n", "") }, "row 3: has 2 fields but the header has 3"},
		{"csv: empty", func() error { return csv("", "") }, "empty file: no header row"},
		{"csv: header only", func() error { return csv("a,b\n", "") }, "no data rows"},
		{"csv: one column", func() error { return csv("a\n1\n", "") }, "header has only one column"},
		{"csv: duplicate column", func() error { return csv("a,a,label\n1,2,x\n", "") }, "duplicate column name 'a'"},
		{"csv: bad quote", func() error { return csv("a,label\n\"1,x\n", "") }, "row 2:"},
		{"csv: unknown label column", func() error { return csv("a,b\n1,2\n", "species") }, "label column 'species' not found"},
		{"csv: empty label", func() error { return csv("a,label\n1,\n", "") }, "row 2, column 'label': the label is empty"},

		// Data given to fit, trainOnBatch, evaluate and predict.
		{"fit: x/y rows differ", func() error { return fit(bin(), x(4, 2), col(0, 1, 1), ok) }, "fit: x has 4 rows but y has 3"},
		{"fit: wrong x columns", func() error { return fit(bin(), x(4, 3), y4, ok) }, "fit: x has 3 columns but the model expects 2"},
		{"fit: NaN in x", func() error { return fit(bin(), x(4, 2, 1, 0, nan), y4, ok) }, "fit: x row 1, column 0 is NaN"},
		{"fit: Inf in x", func() error { return fit(bin(), x(4, 2, 3, 1, -inf), y4, ok) }, "fit: x row 3, column 1 is -Inf"},
		{"fit: NaN in y", func() error { return fit(bin(), x(4, 2), col(0, nan, 1, 0), ok) }, "fit: y row 1, column 0 is NaN"},
		{"fit: Inf in y (regression)", func() error { return fit(model(1, core.MeanSquaredError), x(4, 2), col(0, 1, inf, 0), ok) }, "fit: y row 2, column 0 is +Inf"},
		{"fit: nil x", func() error { return fit(bin(), nil, y4, ok) }, "fit: x is empty"},
		{"fit: empty x", func() error { return fit(bin(), &mat.Dense{}, y4, ok) }, "fit: x is empty"},
		{"fit: nil y", func() error { return fit(bin(), x(4, 2), nil, ok) }, "fit: y is empty"},
		{"fit: empty y", func() error { return fit(bin(), x(4, 2), &mat.Dense{}, ok) }, "fit: x has 4 rows but y has 0"},
		{"fit: sparse label too large", func() error { return fit(sparse(), x(4, 2), col(0, 1, 3, 2), ok) }, "fit: y row 2: label 3 is not a class index in 0..2"},
		{"fit: sparse label negative", func() error { return fit(sparse(), x(4, 2), col(0, -1, 2, 2), ok) }, "fit: y row 1: label -1 is not a class index in 0..2"},
		{"fit: sparse label not an integer", func() error { return fit(sparse(), x(4, 2), col(0, 1.5, 2, 2), ok) }, "fit: y row 1: label 1.5 is not a class index"},
		{"fit: sparse label NaN", func() error { return fit(sparse(), x(4, 2), col(0, 1, 2, nan), ok) }, "fit: y row 3: label NaN is not a class index"},
		{"fit: sparse y with 3 columns", func() error { return fit(sparse(), x(4, 2), x(4, 3), ok) }, "sparseCategoricalCrossentropy takes one column of class indices, but y has 3 columns"},
		{"fit: BCE label 2", func() error { return fit(bin(), x(4, 2), col(0, 1, 2, 0), ok) }, "fit: y row 2: binaryCrossentropy needs labels in [0, 1], got 2"},
		{"fit: BCE label -1", func() error { return fit(bin(), x(4, 2), col(-1, 1, 1, 0), ok) }, "binaryCrossentropy needs labels in [0, 1], got -1"},
		{"fit: CCE y is class indices", func() error { return fit(model(3, core.CategoricalCrossentropy), x(4, 2), col(0, 1, 2, 1), ok) },
			"fit: y has 1 columns but the model outputs 3 (for class indices use sparseCategoricalCrossentropy, or one-hot encode y)"},
		{"fit: y has too many columns", func() error { return fit(bin(), x(4, 2), x(4, 2), ok) }, "fit: y has 2 columns but the model outputs 1"},
		{"trainOnBatch: wrong x columns", func() error { _, err := bin().TrainOnBatch(x(2, 5), col(0, 1)); return err }, "trainOnBatch: x has 5 columns but the model expects 2"},
		{"trainOnBatch: nil y", func() error { _, err := bin().TrainOnBatch(x(2, 2), nil); return err }, "trainOnBatch: y is empty"},
		{"trainOnBatch: rows differ", func() error { _, err := bin().TrainOnBatch(x(2, 2), col(0)); return err }, "trainOnBatch: x has 2 rows but y has 1"},
		{"evaluate: NaN in x", func() error { _, err := bin().Evaluate(x(2, 2, 0, 0, nan), col(0, 1)); return err }, "evaluate: x row 0, column 0 is NaN"},
		{"evaluate: nil y", func() error { _, err := bin().Evaluate(x(2, 2), nil); return err }, "evaluate: y is empty"},
		{"evaluate: label out of range", func() error { _, err := sparse().Evaluate(x(2, 2), col(0, 7)); return err }, "evaluate: y row 1: label 7 is not a class index in 0..2"},
		{"predict: wrong x columns", func() error { _, err := bin().Predict(x(2, 1)); return err }, "predict: x has 1 columns but the model expects 2"},
		{"predict: empty x", func() error { _, err := bin().Predict(&mat.Dense{}); return err }, "predict: x is empty"},
		{"predict: Inf in x", func() error { _, err := bin().Predict(x(2, 2, 1, 1, inf)); return err }, "predict: x row 1, column 1 is +Inf"},
		{"predict: no layers", func() error { _, err := core.NewSequential(1).Predict(x(2, 2)); return err }, "predict: the model has no layers"},

		// Fit configuration.
		{"fit: epochs 0", func() error { return fit(bin(), x(4, 2), y4, core.FitConfig{Epochs: 0, BatchSize: 2}) }, "fit: epochs must be between 1 and 1000000, got 0"},
		{"fit: epochs -1", func() error { return fit(bin(), x(4, 2), y4, core.FitConfig{Epochs: -1, BatchSize: 2}) }, "fit: epochs must be between 1 and 1000000, got -1"},
		{"fit: epochs too many", func() error { return fit(bin(), x(4, 2), y4, core.FitConfig{Epochs: 2_000_000, BatchSize: 2}) }, "fit: epochs must be between 1 and"},
		{"fit: zero FitConfig", func() error { return fit(bin(), x(4, 2), y4, core.FitConfig{}) }, "fit: epochs must be between 1"},
		{"fit: batch size 0", func() error { return fit(bin(), x(4, 2), y4, core.FitConfig{Epochs: 1}) }, "fit: batchSize must be at least 1, got 0"},
		{"fit: batch size -5", func() error { return fit(bin(), x(4, 2), y4, core.FitConfig{Epochs: 1, BatchSize: -5}) }, "fit: batchSize must be at least 1, got -5"},
		{"fit: validationSplit 1", func() error {
			return fit(bin(), x(4, 2), y4, core.FitConfig{Epochs: 1, BatchSize: 2, ValidationSplit: 1})
		}, "fit: validationSplit must be in [0, 1), got 1"},
		{"fit: validationSplit -0.1", func() error {
			return fit(bin(), x(4, 2), y4, core.FitConfig{Epochs: 1, BatchSize: 2, ValidationSplit: -0.1})
		}, "fit: validationSplit must be in [0, 1), got -0.1"},
		{"fit: validationSplit NaN", func() error {
			return fit(bin(), x(4, 2), y4, core.FitConfig{Epochs: 1, BatchSize: 2, ValidationSplit: nan})
		}, "fit: validationSplit must be in [0, 1), got NaN"},
		{"fit: validationSplit leaves no validation rows", func() error {
			return fit(bin(), x(4, 2), y4, core.FitConfig{Epochs: 1, BatchSize: 2, ValidationSplit: 0.1})
		}, "fit: validationSplit 0.1 of 4 rows leaves no validation or no training data"},
		{"fit: validation x without y", func() error {
			return fit(bin(), x(4, 2), y4, core.FitConfig{Epochs: 1, BatchSize: 2, ValidationX: x(2, 2)})
		}, "fit: validationData needs both x and y"},
		{"fit: validation data with wrong columns", func() error {
			return fit(bin(), x(4, 2), y4, core.FitConfig{Epochs: 1, BatchSize: 2, ValidationX: x(2, 3), ValidationY: col(0, 1)})
		}, "fit: validationData: x has 3 columns but the model expects 2"},
		{"fit: validation labels out of range", func() error {
			return fit(bin(), x(4, 2), y4, core.FitConfig{Epochs: 1, BatchSize: 2, ValidationX: x(2, 2), ValidationY: col(0, 3)})
		}, "binaryCrossentropy needs labels in [0, 1], got 3"},

		// Compile.
		{"fit: compile not called", func() error { return fit(model(1, -1), x(4, 2), y4, ok) }, "fit: the model is not compiled; call compile first"},
		{"trainOnBatch: compile not called", func() error { _, err := model(1, -1).TrainOnBatch(x(4, 2), y4); return err }, "trainOnBatch: the model is not compiled"},
		{"evaluate: compile not called", func() error { _, err := model(1, -1).Evaluate(x(4, 2), y4); return err }, "evaluate: the model is not compiled"},
		{"fit: no layers", func() error {
			m := core.NewSequential(1)
			gtCompile(t, m, nil, core.MeanSquaredError)
			return fit(m, x(4, 2), y4, ok)
		}, "fit: the model has no layers"},
		{"compile: unknown metric", func() error {
			return model(1, -1).Compile(core.CompileConfig{Loss: core.BinaryCrossentropy, Metrics: []string{"auc"}})
		}, "compile: unknown metric 'auc' (known: accuracy, acc, precision, recall, f1, mse, mae)"},
		{"compile: metric twice", func() error {
			return model(1, -1).Compile(core.CompileConfig{Loss: core.BinaryCrossentropy, Metrics: []string{"mse", "mse"}})
		}, "compile: metric 'mse' listed twice"},
		{"compile: zero Optimizer value", func() error {
			return model(1, -1).Compile(core.CompileConfig{Loss: core.MeanSquaredError, Optimizer: &core.Optimizer{}})
		}, "compile: the optimizer was not made by NewOptimizer"},
		{"compile: unknown loss value", func() error { return model(1, -1).Compile(core.CompileConfig{Loss: core.Loss(42)}) }, "compile: unknown loss 42"},

		// Names.
		{"unknown activation", func() error { _, err := core.ParseActivation("relux"); return err }, "unknown activation 'relux' (known: linear, relu,"},
		{"unknown loss", func() error { _, err := core.ParseLoss("crossentropy"); return err }, "unknown loss 'crossentropy' (known: meanSquaredError,"},
		{"unknown optimizer", func() error { _, err := core.DefaultOptimizerConfig("adamw"); return err }, "unknown optimizer 'adamw' (known: sgd, momentum, adam, rmsprop, adagrad)"},
		{"unknown optimizer in config", func() error {
			_, err := core.NewOptimizer(core.OptimizerConfig{Name: "lbfgs", LearningRate: 0.1})
			return err
		}, "unknown optimizer 'lbfgs'"},
		{"unknown initializer", func() error { _, err := core.ParseInitializer("ones"); return err }, "unknown initializer 'ones' (known: glorotUniform,"},
		{"unknown dataset", func() error { _, err := core.Generate("swirl", 10, 0, 1); return err }, "unknown dataset 'swirl'"},
		{"dense: activation out of range", func() error { return dense(core.DenseConfig{Units: 1, Activation: core.Activation(99)}) }, "dense: unknown activation 99"},
		{"dense: initializer out of range", func() error { return dense(core.DenseConfig{Units: 1, Initializer: core.Initializer(-1)}) }, "dense: unknown initializer -1"},

		// Layers and models.
		{"dense: units 0", func() error { return dense(core.DenseConfig{Units: 0}) }, "dense: units must be between 1 and 65536, got 0"},
		{"dense: units -3", func() error { return dense(core.DenseConfig{Units: -3}) }, "dense: units must be between 1 and 65536, got -3"},
		{"dense: inputShape -1", func() error { return dense(core.DenseConfig{Units: 1, InputDim: -1}) }, "dense: inputShape must be between 1 and 65536, got -1"},
		{"dense: negative regularizer", func() error { return dense(core.DenseConfig{Units: 1, Regularizer: core.Regularizer{L2: -1}}) }, "dense: regularizer factors must be between 0 and 1e6"},
		{"dense: NaN regularizer", func() error { return dense(core.DenseConfig{Units: 1, Regularizer: core.Regularizer{L1: nan}}) }, "dense: regularizer factors"},
		{"dropout: rate 1", func() error { _, err := core.NewDropout(1); return err }, "dropout: rate must be in [0, 1), got 1"},
		{"dropout: rate -0.5", func() error { _, err := core.NewDropout(-0.5); return err }, "dropout: rate must be in [0, 1), got -0.5"},
		{"dropout: rate NaN", func() error { _, err := core.NewDropout(nan); return err }, "dropout: rate must be in [0, 1), got NaN"},
		{"normalization: inputShape -2", func() error { _, err := core.NewNormalization(-2); return err }, "normalization: inputShape must be between 1 and 65536, got -2"},
		{"add: nil layer", func() error { return core.NewSequential(1).Add(nil) }, "add: layer is nil"},
		{"add: duplicate name", func() error {
			m := core.NewSequential(1)
			gtAdd(t, m, gtDense(t, core.DenseConfig{Units: 2, Name: "hidden"}))
			return m.Add(gtDense(t, core.DenseConfig{Units: 2, Name: "hidden"}))
		}, "add: duplicate layer name 'hidden'"},
		{"add: declared inputs differ from the previous layer", func() error {
			m := core.NewSequential(1)
			gtAdd(t, m, gtDense(t, core.DenseConfig{Units: 4, InputDim: 2}))
			return m.Add(gtDense(t, core.DenseConfig{Units: 1, InputDim: 3}))
		}, "add: layer 2 declares 3 inputs but the previous layer has 4 outputs"},
		{"add: too many parameters", func() error {
			m := core.NewSequential(1)
			return m.Add(gtDense(t, core.DenseConfig{Units: 65536, InputDim: 65536}))
		}, "parameters, more than the limit of 67108864"},
		{"build: no layers", func() error { return core.NewSequential(1).Build(2) }, "build: the model has no layers"},
		{"build: other width", func() error { return bin().Build(3) }, "build: the model is built for 2 inputs, not 3"},
		{"adapt: wrong columns", func() error {
			n, _ := core.NewNormalization(2)
			return n.Adapt(x(3, 4))
		}, "adapt: x has 4 columns but the layer expects 2"},
		{"adapt: NaN", func() error {
			n, _ := core.NewNormalization(0)
			return n.Adapt(x(3, 2, 2, 1, nan))
		}, "adapt: x row 2, column 1 is NaN"},

		// Weights.
		{"setWeights: wrong count", func() error { m := bin(); return m.SetWeights(m.GetWeights()[:3]) }, "setWeights: got 3 weight arrays but the model has 4"},
		{"setWeights: wrong size", func() error {
			m := bin()
			w := m.GetWeights()
			w[1].Data = w[1].Data[:2]
			return m.SetWeights(w)
		}, "setWeights: dense_1/bias needs 4 values, got 2"},
		{"setWeights: wrong shape", func() error {
			m := bin()
			w := m.GetWeights()
			w[0].Shape = []int{4, 2}
			return m.SetWeights(w)
		}, "setWeights: dense_1/kernel has shape [4 2], want [2 4]"},
		{"setWeights: NaN", func() error {
			m := bin()
			w := m.GetWeights()
			w[2].Data[3] = nan
			return m.SetWeights(w)
		}, "setWeights: dense_2/kernel value 3 is NaN"},
		{"setWeights: not built", func() error {
			m := core.NewSequential(1)
			gtAdd(t, m, gtDense(t, core.DenseConfig{Units: 1}))
			return m.SetWeights(nil)
		}, "setWeights: the model is not built yet"},

		// Trace.
		{"trace: y too long", func() error { _, err := bin().Trace([]float64{1, 2}, []float64{0, 1}); return err }, "trace: y has 2 values but the loss needs 1"},
		{"trace: sparse y too long", func() error { _, err := sparse().Trace([]float64{1, 2}, []float64{0, 0, 1}); return err }, "trace: y has 3 values but the loss needs 1"},
		{"trace: CCE y too short", func() error {
			_, err := model(3, core.CategoricalCrossentropy).Trace([]float64{1, 2}, []float64{1})
			return err
		}, "trace: y has 1 values but the loss needs 3"},
		{"trace: x too long", func() error { _, err := bin().Trace([]float64{1, 2, 3}, []float64{0}); return err }, "trace: x has 3 columns but the model expects 2"},
		{"trace: empty x", func() error { _, err := bin().Trace(nil, []float64{0}); return err }, "trace: x is empty"},
		{"trace: label out of range", func() error { _, err := sparse().Trace([]float64{1, 2}, []float64{3}); return err }, "trace: y row 0: label 3 is not a class index in 0..2"},
		{"trace: compile not called", func() error { _, err := model(1, -1).Trace([]float64{1, 2}, []float64{0}); return err }, "trace: the model is not compiled"},

		// Optimizer hyper-parameters.
		{"optimizer: negative learning rate", func() error { return optimizer(func(c *core.OptimizerConfig) { c.LearningRate = -1 }) }, "adam: learning rate must be a finite number ≥ 0, got -1"},
		{"optimizer: NaN learning rate", func() error { return optimizer(func(c *core.OptimizerConfig) { c.LearningRate = nan }) }, "adam: learning rate must be a finite number ≥ 0, got NaN"},
		{"optimizer: infinite learning rate", func() error { return optimizer(func(c *core.OptimizerConfig) { c.LearningRate = inf }) }, "adam: learning rate must be a finite number ≥ 0, got +Inf"},
		{"optimizer: beta1 1", func() error { return optimizer(func(c *core.OptimizerConfig) { c.Beta1 = 1 }) }, "adam: beta1 must be in [0, 1), got 1"},
		{"optimizer: beta2 -0.1", func() error { return optimizer(func(c *core.OptimizerConfig) { c.Beta2 = -0.1 }) }, "adam: beta2 must be in [0, 1), got -0.1"},
		{"optimizer: momentum 1.5", func() error {
			return optimizer(func(c *core.OptimizerConfig) { *c = core.MustOptimizerConfig("momentum"); c.Momentum = 1.5 })
		}, "momentum: momentum must be in [0, 1), got 1.5"},
		{"optimizer: rho 1", func() error {
			return optimizer(func(c *core.OptimizerConfig) { *c = core.MustOptimizerConfig("rmsprop"); c.Rho = 1 })
		}, "rmsprop: rho must be in [0, 1), got 1"},
		{"optimizer: negative epsilon", func() error { return optimizer(func(c *core.OptimizerConfig) { c.Epsilon = -1e-7 }) }, "adam: epsilon and initial accumulator must be finite and ≥ 0"},
		{"optimizer: negative accumulator", func() error {
			return optimizer(func(c *core.OptimizerConfig) { *c = core.MustOptimizerConfig("adagrad"); c.InitialAccumulator = -1 })
		}, "adagrad: epsilon and initial accumulator must be finite and ≥ 0"},
		{"optimizer: SetLearningRate -1", func() error { return gtOptimizer(t, "sgd", 0).SetLearningRate(-1) }, "sgd: learning rate must be a finite number ≥ 0, got -1"},

		// Data helpers.
		{"split: testFraction 0", func() error {
			_, _, err := core.Split(gtData(t, "xor", 10, 0, 1), core.SplitOptions{TestFraction: 0})
			return err
		}, "split: testFraction must be in (0, 1), got 0"},
		{"generate: negative n", func() error { _, err := core.Generate("xor", -1, 0, 1); return err }, "generate: number of examples must be between 1 and"},
		{"one-hot: label out of range", func() error { _, err := core.OneHot(col(0, 3), 3); return err }, "one-hot: row 1: label 3 is out of range for 3 classes"},
		{"confusionMatrix: lengths differ", func() error { _, err := core.ConfusionMatrix([]int{0, 1}, []int{0}, 2); return err }, "confusionMatrix: yTrue has 2 labels but yPred has 1"},
		{"confusionMatrix: label out of range", func() error { _, err := core.ConfusionMatrix([]int{0, 5}, []int{0, 1}, 2); return err }, "confusionMatrix: row 1: labels 5 and 1 must be in 0..1"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := gtNoPanic(t, tc.call)
			if err == nil {
				t.Fatalf("got no error, want one containing %q", tc.want)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error: got %q, want it to contain %q", err, tc.want)
			}
		})
	}
}

// gtNoPanic calls f and fails the test if it panics.
func gtNoPanic(t *testing.T, f func() error) (err error) {
	t.Helper()
	defer func() {
		if r := recover(); r != nil {
			t.Fatalf("panicked: %v", r)
		}
	}()
	return f()
}

// TestModelWorksAfterErrors checks that a model that has refused bad calls
// still trains, and that a refused fit leaves its weights alone.
func TestModelWorksAfterErrors(t *testing.T) {
	d := gtData(t, "gaussian", 40, 0.05, 1)
	m := gtBinaryModel(t, 3, "accuracy")
	before := m.GetWeights()
	bad := []func() error{
		func() error { _, err := m.Fit(d.X, d.Y, core.FitConfig{Epochs: 0, BatchSize: 1}); return err },
		func() error { _, err := m.Fit(mat.NewDense(2, 3, nil), d.Y, core.DefaultFitConfig()); return err },
		func() error {
			_, err := m.Fit(d.X, d.Y, core.FitConfig{Epochs: 1, BatchSize: 400, ValidationSplit: 2})
			return err
		},
		func() error { _, err := m.TrainOnBatch(d.X, gtRows(d.Y, 0, 3)); return err },
		func() error { return m.SetWeights(before[:1]) },
	}
	for i, f := range bad {
		if err := gtNoPanic(t, f); err == nil {
			t.Fatalf("bad call %d: got no error", i)
		}
	}
	if !gtSameWeights(m.GetWeights(), before) {
		t.Fatal("weights after refused calls: got changes, want none")
	}
	h, err := m.Fit(d.X, d.Y, core.FitConfig{Epochs: 20, BatchSize: 8})
	if err != nil {
		t.Fatalf("Fit after errors: %v", err)
	}
	if acc := h.History["accuracy"][19]; acc < 0.9 {
		t.Errorf("accuracy after errors: got %v, want ≥ 0.9", acc)
	}
}
