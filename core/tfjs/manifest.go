package tfjs

import (
	"errors"
	"slices"
	"strconv"
	"strings"

	"github.com/gotrain/gotrain/core/internal/jsonlite"
	"github.com/gotrain/gotrain/core/internal/strsort"
)

// weightsManifest ([{paths, weights: [...]}]), in shard order. It reads v
// (decoded, keys in camelCase) as json.Unmarshal reads its JSON into
// []struct{Weights []WeightSpec}: keys matched without regard to case,
// unknown keys and nulls ignored, and the first value of the wrong type
// refused with encoding/json's words.
func specsFromManifest(v any) ([]WeightSpec, error) {
	// The Go type encoding/json names in its errors.
	const tfjsGroupType = `struct { Weights []tfjs.WeightSpec "json:\"weights\"" }`
	var groups [][]WeightSpec
	if v != nil {
		list, ok := v.([]any)
		if !ok {
			return nil, manifestTypeError(v, "", "[]"+tfjsGroupType)
		}
		groups = make([][]WeightSpec, len(list))
		for i, g := range list {
			if g == nil {
				continue
			}
			o, ok := g.(jsonObj)
			if !ok {
				return nil, manifestTypeError(g, "", tfjsGroupType)
			}
			for _, k := range sortedKeys(o) {
				if !strings.EqualFold(k, "weights") {
					continue
				}
				var err error
				if groups[i], err = decodeSpecs(o[k], groups[i]); err != nil {
					return nil, err
				}
			}
		}
	}
	specs := []WeightSpec{}
	for _, g := range groups {
		specs = append(specs, g...)
	}
	return specs, nil
}

// decodeSpecs decodes a weights list into dst as json.Unmarshal decodes a
// JSON array into a slice: elements decoded in place over what dst held.
func decodeSpecs(v any, dst []WeightSpec) ([]WeightSpec, error) {
	if v == nil {
		return nil, nil
	}
	list, ok := v.([]any)
	if !ok {
		return dst, manifestTypeError(v, ".weights", "[]tfjs.WeightSpec")
	}
	for i, x := range list {
		if i >= cap(dst) {
			dst = slices.Grow(dst, 1)
		}
		if i >= len(dst) {
			dst = dst[:i+1]
		}
		if x == nil {
			continue
		}
		o, ok := x.(jsonObj)
		if !ok {
			return dst, manifestTypeError(x, ".weights", "tfjs.WeightSpec")
		}
		s := &dst[i]
		for _, k := range sortedKeys(o) {
			f := o[k]
			var str *string
			var field string
			switch {
			case strings.EqualFold(k, "name"):
				str, field = &s.Name, "name"
			case strings.EqualFold(k, "dtype"):
				str, field = &s.Dtype, "dtype"
			case strings.EqualFold(k, "group"):
				str, field = &s.Group, "group"
			case strings.EqualFold(k, "quantization"):
				b, err := jsonlite.Marshal(f)
				if err != nil {
					return dst, err
				}
				s.Quantization = append(s.Quantization[:0], b...)
				continue
			case strings.EqualFold(k, "shape"):
				var err error
				if s.Shape, err = decodeShape(f, s.Shape); err != nil {
					return dst, err
				}
				continue
			default:
				continue
			}
			switch f := f.(type) {
			case nil:
			case string:
				*str = f
			default:
				return dst, manifestTypeError(f, "WeightSpec.weights."+field, "string")
			}
		}
	}
	if len(list) < len(dst) {
		dst = dst[:len(list)]
	}
	if len(list) == 0 {
		dst = []WeightSpec{}
	}
	return dst, nil
}

// decodeShape decodes a weight shape into dst as decodeSpecs does specs.
func decodeShape(v any, dst []int) ([]int, error) {
	const field = "WeightSpec.weights.shape"
	if v == nil {
		return nil, nil
	}
	list, ok := v.([]any)
	if !ok {
		return dst, manifestTypeError(v, field, "[]int")
	}
	for i, x := range list {
		if i >= cap(dst) {
			dst = slices.Grow(dst, 1)
		}
		if i >= len(dst) {
			dst = dst[:i+1]
		}
		switch x := x.(type) {
		case nil:
		case float64:
			// json.Unmarshal would read the number as json.Marshal wrote it.
			text := string(jsonlite.AppendFloat(nil, x))
			n, err := strconv.ParseInt(text, 10, 64)
			if err != nil {
				return dst, errors.New("weightsManifest: json: cannot unmarshal number " + text + " into Go struct field " + field + " of type int")
			}
			dst[i] = int(n)
		default:
			return dst, manifestTypeError(x, field, "int")
		}
	}
	if len(list) < len(dst) {
		dst = dst[:len(list)]
	}
	if len(list) == 0 {
		dst = []int{}
	}
	return dst, nil
}

// manifestTypeError is json.UnmarshalTypeError's message for a value of
// the wrong kind, prefixed with "weightsManifest: ".
func manifestTypeError(v any, field, typ string) error {
	kind := "object"
	switch v.(type) {
	case []any:
		kind = "array"
	case string:
		kind = "string"
	case float64:
		kind = "number"
	case bool:
		kind = "bool"
	}
	if field == "" {
		return errors.New("weightsManifest: json: cannot unmarshal " + kind + " into Go value of type " + typ)
	}
	return errors.New("weightsManifest: json: cannot unmarshal " + kind + " into Go struct field " + field + " of type " + typ)
}

// sortedKeys returns o's keys in the order json.Marshal writes them.
func sortedKeys(o jsonObj) []string {
	keys := make([]string, 0, len(o))
	for k := range o {
		keys = append(keys, k)
	}
	strsort.Strings(keys)
	return keys
}
