//go:build js && wasm

package main

import (
	"errors"
	"syscall/js"

	"github.com/gotrain/gotrain/core"
)

// readAugment reads augment settings: { jitter, imageShape: [h, w], shift,
// rotate, scale, fill, mixup } (gotrain.js has checked the names; core
// checks the values); errors start with who ("fit: augment"). undefined or
// null: none.
func readAugment(who string, v js.Value) (core.AugmentConfig, error) {
	var c core.AugmentConfig
	if v.IsUndefined() || v.IsNull() {
		return c, nil
	}
	o, err := newOpts(who, v)
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
			return c, errors.New(who + ": imageShape must be [height, width], got " + describe(s))
		}
		shape, err := newOpts(who+": imageShape", s)
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

// augment(x, settings, { seed, y }) → { x, y? }: the rows as fit would
// augment them in one unshuffled batch of a model of that seed.
func augment(args []js.Value) (any, error) {
	x, err := readMatrix("augment", "x", arg(args, 0))
	if err != nil {
		return nil, err
	}
	cfg, err := readAugment("augment", arg(args, 1))
	if err != nil {
		return nil, err
	}
	o, err := newOpts("augment", arg(args, 2))
	if err != nil {
		return nil, err
	}
	seed, err := seedOf("augment", o.get("seed"))
	if err != nil {
		return nil, err
	}
	var y, dy *core.Matrix
	r, c := x.Dims()
	yc := 0
	if o.has("y") {
		if y, err = readMatrix("augment", "y", o.get("y")); err != nil {
			return nil, err
		}
		_, yc = y.Dims()
	}
	if err := hold("augment", "the augmented rows", 8*(int64(r)*int64(c+yc))); err != nil {
		return nil, err
	}
	dx := core.NewMatrix(r, c, nil)
	if y != nil {
		dy = core.NewMatrix(r, yc, nil)
	}
	if err := core.AugmentRows(dx, dy, x, y, cfg, seed); err != nil {
		return nil, err
	}
	out := jsObject.New()
	out.Set("x", matrixValue(dx))
	if dy != nil {
		out.Set("y", matrixValue(dy))
	}
	return out, nil
}
