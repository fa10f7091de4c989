package core_test

import (
	"fmt"

	"github.com/gotrain/gotrain/core"
)

// A 3×3 image with its centre lit: with no change drawn it stays as it is;
// shifted by up to a pixel (drawn from the seed, as Fit draws it) its ink
// spreads to the neighbours and keeps its sum.
func ExampleAugmentRows() {
	x := core.NewMatrix(1, 9, []float64{0, 0, 0, 0, 1, 0, 0, 0, 0})
	dst := core.NewMatrix(1, 9, nil)
	cfg := core.AugmentConfig{ImageShape: [2]int{3, 3}}
	if err := core.AugmentRows(dst, nil, x, nil, cfg, 7); err != nil {
		fmt.Println(err)
	}
	fmt.Println(dst.RawRowView(0))
	cfg.Shift = 1
	_ = core.AugmentRows(dst, nil, x, nil, cfg, 7)
	sum := 0.0
	for _, v := range dst.RawRowView(0) {
		sum += v
	}
	fmt.Printf("shifted: the centre is %.2f, the ink still sums to %.0f\n", dst.At(0, 4), sum)
	cfg.Rotate = 200
	fmt.Println(core.AugmentRows(dst, nil, x, nil, cfg, 7))
	// Output:
	// [0 0 0 0 1 0 0 0 0]
	// shifted: the centre is 0.58, the ink still sums to 1
	// augment: rotate must be between 0 and 180 degrees, got 200
}
