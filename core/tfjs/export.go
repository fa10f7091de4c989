package tfjs

import (
	"errors"
	"math"
	"strconv"

	"github.com/gotrain/gotrain/core"
	"github.com/gotrain/gotrain/core/internal/cut"
	"github.com/gotrain/gotrain/core/internal/jsonlite"
)

// standardizer is a layer that computes (x − mean)·invStd per column, as
// Normalization does. TF.js has no such layer: Export folds it into the next
// layer with a kernel.
type standardizer interface {
	Mean() []float64
	InvStd() []float64
}

// Export returns the model in TF.js Layers format, as TF.js' model.save
// writes a Sequential model: tf.loadLayersModel loads it and predicts the
// same values to float32 precision.
//
// A leakyRelu layer becomes a linear one followed by TF.js' LeakyReLU layer
// (alpha 0.2), since TF.js has no leakyRelu activation string. A
// Normalization layer, which TF.js does not have, is folded into the next
// Dense layer (Dropout layers between them are fine): with σ =
// max(sqrt(variance), 1e-7), W' = diag(1/σ)·W and b' = b − (μ/σ)·W, so
// predictions are unchanged; the Dense layer gains a bias if it had none.
// The kernel regularizer then applies to W', so continued training in TF.js
// is not exactly what it would be here. Folding is exact in exact
// arithmetic; in float32, x/σ − μ/σ cancels, so the rounding grows with
// |μ/σ|: Export refuses, naming the column, when it could change a unit's
// pre-activation by more than 1e-5. A constant column (σ at its floor
// 1e-7) is normalized to a constant, 0 on the data the layer adapted to:
// its weights fold to 0 rather than 1e7·W, so that the export predicts as
// gotrain does on that data.
//
// A compiled model carries a trainingConfig (loss, metrics, optimizer) that
// TF.js compiles on load; metrics TF.js does not know (recall, f1) are left
// out, each with a note in Artifacts.Notes. Optimizer state is not
// exported.
func Export(m *core.Sequential) (*Artifacts, error) {
	layers := m.Layers()
	if len(layers) == 0 {
		return nil, errors.New("toTfjs: the model has no layers")
	}
	if !m.Built() {
		return nil, errors.New("toTfjs: the model is not built yet (give the first layer an inputShape, or fit first)")
	}
	names := map[string]bool{}
	for _, l := range layers {
		names[l.Name()] = true
	}
	w := &jsonlite.Writer{}
	w.Raw(`{"class_name":"Sequential","config":{"name":"sequential_1","layers":[`)
	first := true
	// scale and shift hold the affine map x ↦ scale·x + shift of the
	// Normalization layers not yet folded (nil when there are none).
	var scale, shift []float64
	var pending core.Layer
	a := &Artifacts{Format: "layers-model", GeneratedBy: "gotrain", WeightSpecs: []WeightSpec{}}
	weights := m.GetWeights()
	var data []core.Weights // what goes into WeightData, folded
	for _, l := range layers {
		ws := weights[:len(l.Params())]
		weights = weights[len(ws):]
		if n, ok := l.(standardizer); ok {
			scale, shift = compose(scale, shift, n, l.InputDim())
			pending = l
			continue
		}
		values := l.Values()
		if scale != nil && len(ws) > 0 {
			if err := checkFold(l, ws[0], shift); err != nil {
				return nil, err
			}
			ws = fold(ws, scale, shift)
			if _, ok := values["useBias"]; ok {
				values["useBias"] = true
			}
			scale, shift, pending = nil, nil, nil
		}
		data = append(data, ws...)
		if !first {
			w.Raw(",")
		}
		if err := writeLayer(w, l, values, first, m.InputDim()); err != nil {
			return nil, errorf("toTfjs: layer %s: %v", cut.Quoted(l.Name()), err)
		}
		first = false
		if values["activation"] == core.LeakyReLU {
			name := l.Name() + "_leaky_re_lu"
			for i := 2; names[name]; i++ {
				name = sprintf("%s_leaky_re_lu_%d", l.Name(), i)
			}
			names[name] = true
			w.Raw(`,{"class_name":"LeakyReLU","config":{"alpha":`)
			w.Float(core.LeakyReLUAlpha)
			w.Raw(`,"name":`)
			w.Str(name)
			w.Raw(`,"trainable":true}}`)
		}
	}
	if pending != nil {
		k := pending.Describe()
		return nil, errorf("toTfjs: layer %s (%s): TF.js has no %s layer and there is no Dense layer after it to fold it into", cut.Quoted(pending.Name()), k.Kind, k.ClassName)
	}
	if len(data) == 0 {
		return nil, errors.New("toTfjs: the model has no layer with weights")
	}
	w.Raw(`]},"keras_version":`)
	w.Str(KerasVersion)
	w.Raw(`,"backend":"tensor_flow.js"}`)
	if w.Err != nil {
		return nil, errorf("toTfjs: %v", w.Err)
	}
	a.ModelTopology = w.B

	n := 0
	for _, x := range data {
		n += len(x.Data)
	}
	buf := make([]byte, 0, 4*n)
	for _, x := range data {
		for i, v := range x.Data {
			f := float32(v)
			if math.IsNaN(v) || math.IsInf(float64(f), 0) {
				return nil, errorf("toTfjs: %s value %d is %v, which float32 cannot hold", x.Name, i, v)
			}
			buf = appendUint32LE(buf, math.Float32bits(f))
		}
		a.WeightSpecs = append(a.WeightSpecs, WeightSpec{Name: x.Name, Shape: x.Shape, Dtype: "float32"})
	}
	a.WeightData = buf
	var err error
	if a.TrainingConfig, err = trainingConfig(m); err != nil {
		return nil, errorf("toTfjs: %v", err)
	}
	if m.Compiled() {
		for _, name := range m.Metrics() {
			if !exported(name) {
				a.Notes = append(a.Notes, "the metric '"+name+"' is left out of the trainingConfig: TF.js has no such metric")
			}
		}
	}
	return a, nil
}

// writeLayer writes one layer as {class_name, config}: its settings under
// their snake_case names in its description's order with the class's extra
// keys among them, then name and trainable, and for the first layer the
// input shape.
func writeLayer(w *jsonlite.Writer, l core.Layer, values core.Values, first bool, inputDim int) error {
	k := l.Describe()
	extras := extrasOf(k.ClassName)
	w.Raw(`{"class_name":`)
	w.Str(k.ClassName)
	w.Raw(`,"config":{`)
	for _, f := range k.Fields {
		w.Str(toSnake(f.Name))
		w.Raw(":")
		if err := writeSetting(w, values[f.Name]); err != nil {
			return err
		}
		w.Raw(",")
		for _, x := range extras {
			if x.after == f.Name {
				w.Str(x.key)
				w.Raw(":" + x.value + ",")
			}
		}
	}
	w.Raw(`"name":`)
	w.Str(l.Name())
	w.Raw(`,"trainable":true`)
	if first {
		w.Raw(`,"batch_input_shape":[null,`)
		w.Int(inputDim)
		w.Raw(`],"dtype":"float32"`)
	}
	w.Raw("}}")
	return nil
}

// compose returns the affine map of a standardizer applied after x ↦
// scale·x + shift (the identity when scale is nil).
func compose(scale, shift []float64, n standardizer, inputs int) ([]float64, []float64) {
	if scale == nil {
		scale, shift = make([]float64, inputs), make([]float64, inputs)
		for j := range scale {
			scale[j] = 1
		}
	}
	mean, invStd := n.Mean(), n.InvStd()
	for j := range scale {
		if invStd[j] >= 1/core.NormEpsilon {
			// A constant column (σ at its floor): its normalized value is
			// constant, 0 on the data the layer adapted to, and folding
			// 1e7·W into float32 weights would cancel badly. It stays 0.
			scale[j], shift[j] = 0, 0
			continue
		}
		// y = (x' − μ)·(1/σ) with x' = scale·x + shift.
		scale[j] *= invStd[j]
		shift[j] = (shift[j] - mean[j]) * invStd[j]
	}
	return scale, shift
}

// maxFoldError bounds the change in a pre-activation that folding may
// cause in float32: the terms x·σ⁻¹·W and −μσ⁻¹·W cancel, and float32
// keeps 24 bits of each, so a unit whose Σ|μ/σ|·|W| is large predicts
// differently after export.
const maxFoldError = 1e-5

// checkFold refuses a fold whose float32 rounding could change a
// pre-activation by more than maxFoldError, naming the input column that
// weighs most in it (columns count from 1).
func checkFold(l core.Layer, w core.Weights, shift []float64) error {
	units := w.Shape[1]
	for j := range units {
		sum, worst, col := 0.0, 0.0, 0
		for i := range w.Shape[0] {
			term := math.Abs(shift[i] * w.Data[i*units+j])
			sum += term
			if term > worst {
				worst, col = term, i
			}
		}
		if e := 0x1p-23 * sum; e > maxFoldError {
			return errorf("toTfjs: layer %s: folding the normalization of input column %d (|mean/std| = %s) into float32 weights would change predictions by up to %s; "+
				"scale that column before training (TF.js has no Normalization layer)", cut.Quoted(l.Name()), col+1, roughly(math.Abs(shift[col])), roughly(e))
		}
	}
	return nil
}

// fold returns a layer's weights (its kernel [inputs, units] first, then its
// bias if it has one) with the affine input map x ↦ scale·x + shift folded
// in: W' = diag(scale)·W, b' = b + shift·W. A layer without a bias gains
// one.
func fold(ws []core.Weights, scale, shift []float64) []core.Weights {
	k := ws[0]
	units := k.Shape[1]
	kernel := append([]float64(nil), k.Data...)
	bias := make([]float64, units)
	name := k.Name[:len(k.Name)-len("kernel")] + "bias"
	if len(ws) > 1 {
		copy(bias, ws[1].Data)
		name = ws[1].Name
	}
	for i := range k.Shape[0] {
		row := kernel[i*units : (i+1)*units]
		for j, w := range row {
			bias[j] += shift[i] * w
			row[j] = w * scale[i]
		}
	}
	return []core.Weights{{Name: k.Name, Shape: k.Shape, Data: kernel}, {Name: name, Shape: []int{units}, Data: bias}}
}

// appendUint32LE and uint32LE are encoding/binary's LittleEndian
// AppendUint32 and Uint32, without encoding/binary's import of reflect.
func appendUint32LE(b []byte, v uint32) []byte {
	return append(b, byte(v), byte(v>>8), byte(v>>16), byte(v>>24))
}

func uint32LE(b []byte) uint32 {
	_ = b[3] // one bounds check
	return uint32(b[0]) | uint32(b[1])<<8 | uint32(b[2])<<16 | uint32(b[3])<<24
}

// roughly renders v with 2 significant digits for a message.
func roughly(v float64) string { return strconv.FormatFloat(v, 'g', 2, 64) }
