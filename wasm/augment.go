//go:build js && wasm

package main

import (
	"errors"
	"syscall/js"

	"github.com/gotrain/gotrain/core"
)

// readAugment reads fit's augment option: { jitter, imageShape: [h, w],
// shift, rotate, scale, fill, mixup } (gotrain.js has checked the names;
// core checks the values when fit starts). undefined or null: none.
func readAugment(call string, v js.Value) (core.AugmentConfig, error) {
	var c core.AugmentConfig
	if v.IsUndefined() || v.IsNull() {
		return c, nil
	}
	o, err := newOpts(call+": augment", v)
	if err != nil {
		return c, err
	}
	for _, f := range []struct {
		key string
		dst *float64
	}{{"jitter", &c.Jitter}, {"shift", &c.Shift}, {"rotate", &c.Rotate}, {"scale", &c.Scale}, {"fill", &c.Fill}, {"mixup", &c.Mixup}} {
		if *f.dst, err = o.num(f.key, 0); err != nil {
			return c, err
		}
	}
	if s := o.get("imageShape"); !s.IsUndefined() {
		if typeOf(s) != js.TypeObject || !s.InstanceOf(jsArray) || s.Length() != 2 {
			return c, errors.New(call + ": augment: imageShape must be [height, width], got " + describe(s))
		}
		shape, err := newOpts(call+": augment: imageShape", s)
		if err != nil {
			return c, err
		}
		for i, key := range []string{"0", "1"} {
			if c.ImageShape[i], err = shape.int(key, 0); err != nil {
				return c, err
			}
		}
	}
	return c, nil
}
