package core_test

import (
	"testing"

	"github.com/gotrain/gotrain/core"
)

// TestAugmentedStepAllocatesNothing: a training step with every kind of
// augmentation (jitter, image shifts, rotations and zooms, mixup) allocates
// nothing after the first batch, counted by the stack-aware allocsIn (the
// runtime's own allocations are not the step's).
func TestAugmentedStepAllocatesNothing(t *testing.T) {
	tests := []struct {
		name string
		net  gtNet
		aug  core.AugmentConfig
	}{
		{"digits 64-128-10, jitter and image", gtDigitsNet(t), core.AugmentConfig{Jitter: 0.1, ImageShape: [2]int{8, 8}, Shift: 0.5, Rotate: 10, Scale: 0.1}},
		{"keras 2-64-64-1, jitter and mixup", gtKerasNet(t), core.AugmentConfig{Jitter: 0.1, Mixup: 0.2}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m := tc.net.model(t, 1)
			x, y := gtConcat(tc.net.xs), gtConcat(tc.net.ys)
			tr, err := m.NewTrainer(x, y, core.FitConfig{Epochs: 3, BatchSize: gtBenchBatch, Augment: tc.aug})
			if err != nil {
				t.Fatal(err)
			}
			tr.Run(1) // the first batch builds the buffers
			batches := (tr.BatchesPerEpoch() - 3) / 2
			if allocs, _ := allocsIn(t, func() { tr.Run(batches) }); allocs != 0 {
				t.Errorf("allocations in %d augmented steps: got %d, want 0", batches, allocs)
			}
		})
	}
}
