package modeljson

import (
	"slices"

	"github.com/gotrain/gotrain/core"
	"github.com/gotrain/gotrain/core/internal/cut"
	"github.com/gotrain/gotrain/core/internal/jsonlite"
)

// readWeightList reads the file's weight arrays, which must be want (the
// arrays of the architecture for dim inputs, none when dim is 0), checking
// counts, names and shapes before reading any values.
func readWeightList(raw []byte, want []wantWeights, dim int) ([]core.Weights, error) {
	switch n, ok := arrayLen(raw); {
	case !ok:
		return nil, errorf("field 'weights' must be an array, got %s", describe(raw))
	case n != 0 && dim == 0:
		return nil, errorf("the file has %d weight arrays but the model is not built (inputDim is 0), so it has none", n)
	case n != len(want):
		return nil, errorf("the file has %d weight arrays but the architecture needs %d", n, len(want))
	}
	items, err := readArray(raw, "field 'weights'", len(want))
	if err != nil {
		return nil, err
	}
	ws := make([]core.Weights, len(want))
	for j, it := range items {
		if ws[j], err = readWeights(it, j+1, want[j]); err != nil {
			return nil, err
		}
	}
	return ws, nil
}

// readWeights reads weight array number j (from 1), which must be want.
func readWeights(raw []byte, j int, want wantWeights) (core.Weights, error) {
	o, err := parseObject(raw, sprintf("weight array %d", j))
	if err != nil {
		return core.Weights{}, err
	}
	if err := o.check("name", "shape", "data"); err != nil {
		return core.Weights{}, err
	}
	var name string
	var shapeRaw, dataRaw []byte
	if err := o.readAll(fieldSpec{"name", &name, required}, fieldSpec{"shape", &shapeRaw, required}, fieldSpec{"data", &dataRaw, required}); err != nil {
		return core.Weights{}, err
	}
	if name != want.name {
		return core.Weights{}, errorf("weight array %d is named %s but the architecture's is %s", j, cut.Quoted(name), cut.Quoted(want.name))
	}
	o.where = sprintf("weight array %d (%s)", j, want.name)
	shapeItems, err := readArray(shapeRaw, "field 'shape'", 2)
	if err != nil {
		return core.Weights{}, o.wrap(err)
	}
	shape := make([]int, len(shapeItems))
	for k, it := range shapeItems {
		if err := jsonlite.DecodeScalar(it, &shape[k]); err != nil || isNull(it) {
			return core.Weights{}, o.errorf("field 'shape' must hold integers, got %s", describe(it))
		}
	}
	if !slices.Equal(shape, want.shape) {
		return core.Weights{}, o.errorf("shape %v does not match the architecture's %v", shape, want.shape)
	}
	values, err := readFloats(dataRaw, "field 'data'", want.size())
	if err != nil {
		return core.Weights{}, o.wrap(err)
	}
	if len(values) != want.size() {
		return core.Weights{}, o.errorf("field 'data' has %d values, want %d", len(values), want.size())
	}
	return core.Weights{Name: name, Shape: shape, Data: values}, nil
}
