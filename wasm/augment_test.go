//go:build js && wasm

package main

import (
	"strings"
	"testing"

	"github.com/gotrain/gotrain/core"
)

// augment hands core.AugmentRows its rows and seed, and returns the rows it
// sets: equal to a direct call, with labels when given; errors name the call.
func TestAugmentCall(t *testing.T) {
	x := make([]float64, 2*9)
	x[4], x[9+4] = 1, 1 // two 3×3 images, the centre lit
	settings := object("imageShape", []any{3, 3}, "shift", 1, "mixup", 0.5)
	y := matrix(2, 2, 1, 0, 0, 1)
	got := mustCall(t, "augment", matrix(2, 9, x...), settings, object("seed", 5, "y", y))
	gx, _ := readMatrix("test", "x", got.Get("x"))
	gy, _ := readMatrix("test", "y", got.Get("y"))
	wx, wy := core.NewMatrix(2, 9, nil), core.NewMatrix(2, 2, nil)
	cfg := core.AugmentConfig{ImageShape: [2]int{3, 3}, Shift: 1, Mixup: 0.5}
	if err := core.AugmentRows(wx, wy, core.NewMatrix(2, 9, x), core.NewMatrix(2, 2, []float64{1, 0, 0, 1}), cfg, 5); err != nil {
		t.Fatal(err)
	}
	for i := range 2 {
		for j := range 9 {
			if gx.At(i, j) != wx.At(i, j) {
				t.Fatalf("x[%d][%d]: got %v, want %v", i, j, gx.At(i, j), wx.At(i, j))
			}
		}
		for j := range 2 {
			if gy.At(i, j) != wy.At(i, j) {
				t.Fatalf("y[%d][%d]: got %v, want %v", i, j, gy.At(i, j), wy.At(i, j))
			}
		}
	}
	if v := mustCall(t, "augment", matrix(2, 9, x...), object("imageShape", []any{3, 3}, "shift", 1), object("seed", 5)); !v.Get("y").IsUndefined() {
		t.Error("augment without y returned labels")
	}
	wantError(t, "augment: imageShape must be [height, width]", "augment", matrix(2, 9, x...), object("imageShape", 3), nil)
	wantError(t, "augment: seed must be an integer", "augment", matrix(2, 9, x...), nil, object("seed", -1))
	wantError(t, "augment: mixup blends labels", "augment", matrix(2, 9, x...), object("mixup", 0.2), nil)
	wantError(t, "augment: imageShape [2, 2] needs 4 columns, but x has 9", "augment", matrix(2, 9, x...), object("imageShape", []any{2, 2}, "shift", 1), nil)

	// The budget: the copy of x and the result are asked for first, and
	// given back when the call ends.
	old := core.MemoryLimit()
	t.Cleanup(func() { _ = applyMemoryLimit(old) })
	base := mustCall(t, "memory", true).Get("used").Float()
	mustCall(t, "setMemoryLimit", base+48<<20)
	big := make([]float64, 1024*4096) // 32 MB: its copy fits, the result does not
	_, msg := call(t, "augment", matrix(1024, 4096, big...), object("jitter", 0.1), nil)
	if !strings.HasPrefix(msg, "augment: the augmented rows need") || !strings.Contains(msg, "memory limit") {
		t.Errorf("augment over the budget: got %q, want the budget's refusal", msg)
	}
	if got := mustCall(t, "memory", true).Get("used").Float(); got != base {
		t.Errorf("memory().used after the refusal: got %v, want %v", got, base)
	}
}
