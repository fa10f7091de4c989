package core

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/gotrain/gotrain/core/internal/mat"
)

// augSetup returns a compiled model and data for the augmentation tests: 4×4
// "images" (16 columns) of three classes, one-hot labels.
func augSetup(t *testing.T, seed uint64, loss Loss) (*Sequential, *mat.Dense, *mat.Dense) {
	t.Helper()
	rng := thRNG(seed + 100)
	const rows = 48
	x, y := mat.NewDense(rows, 16, nil), mat.NewDense(rows, 3, nil)
	for i := range rows {
		c := i % 3
		for j := range 16 {
			x.Set(i, j, float64((j+c)%5)+0.3*rng.NormFloat64())
		}
		y.Set(i, c, 1)
	}
	if loss == SparseCategoricalCrossentropy {
		ys := mat.NewDense(rows, 1, nil)
		for i := range rows {
			ys.Set(i, 0, float64(i%3))
		}
		y = ys
	}
	m := thModel(t, seed, thDense(t, DenseConfig{Units: 8, Activation: ReLU, InputDim: 16}), thDense(t, DenseConfig{Units: 3, Activation: Softmax}))
	o, _ := NewOptimizer(MustOptimizerConfig("adam"))
	if err := m.Compile(CompileConfig{Optimizer: o, Loss: loss, Metrics: []string{"accuracy"}}); err != nil {
		t.Fatal(err)
	}
	return m, x, y
}

var augAll = AugmentConfig{Jitter: 0.1, ImageShape: [2]int{4, 4}, Shift: 1, Rotate: 15, Scale: 0.1, Mixup: 0.4}

// augCases: one setting of each kind of change, and all of them at once;
// the tests that compare augmented batches run over this table.
var augCases = []AugmentConfig{
	{Jitter: 0.2},
	{ImageShape: [2]int{4, 4}, Shift: 1},
	{ImageShape: [2]int{4, 4}, Rotate: 30, Scale: 0.2, Fill: -1},
	{Mixup: 0.2},
	augAll,
}

// augBatches fits m one epoch per call and returns every training batch as
// the model saw it (x then y), after augmentation.
func augBatches(t *testing.T, m *Sequential, x, y *mat.Dense, cfg FitConfig) [][]float64 {
	t.Helper()
	var got [][]float64
	cfg.Callbacks = append(cfg.Callbacks, Callbacks{OnBatchEnd: func(int, Logs) {
		got = append(got, clone(raw(&m.xb)), clone(raw(&m.yb)))
	}})
	if _, err := m.Fit(x, y, cfg); err != nil {
		t.Fatal(err)
	}
	return got
}

func TestAugmentSameSeedSameBatches(t *testing.T) {
	t.Parallel()
	for _, aug := range augCases {
		t.Run(aug.String(), func(t *testing.T) {
			t.Parallel()
			cfg := FitConfig{Epochs: 2, BatchSize: 16, Augment: aug}
			m1, x, y := augSetup(t, 7, CategoricalCrossentropy)
			m2, _, _ := augSetup(t, 7, CategoricalCrossentropy)
			plain, _, _ := augSetup(t, 7, CategoricalCrossentropy)
			a, b := augBatches(t, m1, x, y, cfg), augBatches(t, m2, x, y, cfg)
			if len(a) != len(b) || len(a) != 2*2*3 {
				t.Fatalf("got %d and %d batches", len(a)/2, len(b)/2)
			}
			for i := range a {
				if !thEqual(a[i], b[i]) {
					t.Fatalf("batch %d differs between two models of the same seed", i/2)
				}
			}
			if !gtSameWeightsInternal(m1, m2) {
				t.Error("same seed, different weights after training")
			}
			// Augmented batches differ from the plain ones, which are the
			// same rows in the same order: augmentation does not shift the
			// shuffle.
			cfg.Augment = AugmentConfig{}
			p := augBatches(t, plain, x, y, cfg)
			differ := false
			for i := 0; i < len(a); i += 2 {
				differ = differ || !thEqual(a[i], p[i])
			}
			if !differ {
				t.Error("augmentation changed no batch")
			}
			// Another seed, other batches.
			m3, _, _ := augSetup(t, 8, CategoricalCrossentropy)
			c := augBatches(t, m3, x, y, FitConfig{Epochs: 2, BatchSize: 16, Augment: aug})
			if thEqual(a[0], c[0]) {
				t.Error("seeds 7 and 8 gave the same first batch")
			}
		})
	}
}

func gtSameWeightsInternal(a, b *Sequential) bool {
	wa, wb := a.GetWeights(), b.GetWeights()
	for i := range wa {
		if !thEqual(wa[i].Data, wb[i].Data) {
			return false
		}
	}
	return true
}

// TestAugmentNeverTouchesValidationOrData checks that x, y and the
// validation rows are left as they were, that validation (validationData
// and validationSplit alike) is computed on unaugmented rows (the last
// epoch's val_ logs equal Evaluate afterwards, bit for bit), and that
// Predict and Evaluate are off-line: the same as a model with the same
// weights that never augmented.
func TestAugmentNeverTouchesValidationOrData(t *testing.T) {
	t.Parallel()
	m, x, y := augSetup(t, 3, CategoricalCrossentropy)
	xv, yv := gtRowsInternal(x, 0, 12), gtRowsInternal(y, 0, 12)
	xCopy, yCopy, xvCopy, yvCopy := clone(raw(x)), clone(raw(y)), clone(raw(xv)), clone(raw(yv))
	h, err := m.Fit(x, y, FitConfig{Epochs: 3, BatchSize: 8, ValidationX: xv, ValidationY: yv, Augment: augAll})
	if err != nil {
		t.Fatal(err)
	}
	for name, pair := range map[string][2][]float64{"x": {raw(x), xCopy}, "y": {raw(y), yCopy}, "validation x": {raw(xv), xvCopy}, "validation y": {raw(yv), yvCopy}} {
		if !thEqual(pair[0], pair[1]) {
			t.Errorf("fit changed %s", name)
		}
	}
	logs, err := m.Evaluate(xv, yv)
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"loss", "accuracy"} {
		if got, want := h.History["val_"+k][2], logs[k]; got != want {
			t.Errorf("last val_%s = %.17g, Evaluate afterwards %.17g: validation was augmented", k, got, want)
		}
	}
	// validationSplit: the held-out last rows.
	m2, _, _ := augSetup(t, 3, CategoricalCrossentropy)
	h2, err := m2.Fit(x, y, FitConfig{Epochs: 2, BatchSize: 8, ValidationSplit: 0.25, Augment: augAll})
	if err != nil {
		t.Fatal(err)
	}
	logs2, _ := m2.Evaluate(gtRowsInternal(x, 36, 48), gtRowsInternal(y, 36, 48))
	if got, want := h2.History["val_loss"][1], logs2["loss"]; got != want {
		t.Errorf("validationSplit: last val_loss %.17g, Evaluate %.17g", got, want)
	}
	// Inference: the same as a fresh model with the trained weights.
	fresh, _, _ := augSetup(t, 99, CategoricalCrossentropy)
	if err := fresh.SetWeights(m.GetWeights()); err != nil {
		t.Fatal(err)
	}
	p1, _ := m.Predict(x)
	p2, _ := fresh.Predict(x)
	if !thEqual(raw(p1), raw(p2)) {
		t.Error("Predict after an augmented fit differs from a model with the same weights")
	}
	// TrainOnBatch is not augmented: the same step on both models.
	l1, _ := m.TrainOnBatch(x, y)
	o, _ := NewOptimizer(MustOptimizerConfig("adam"))
	_ = fresh.Compile(CompileConfig{Optimizer: o, Loss: CategoricalCrossentropy})
	l2, _ := fresh.TrainOnBatch(x, y)
	if l1 != l2 {
		t.Errorf("TrainOnBatch loss %v on the augmented-fit model, %v on the fresh one", l1, l2)
	}
}

func gtRowsInternal(m *mat.Dense, lo, hi int) *mat.Dense {
	_, c := m.Dims()
	return mat.NewDense(hi-lo, c, clone(raw(m)[lo*c:hi*c]))
}

// TestAugmentImageDraws replays the augmentation stream: every augmented
// image is transformImage of its original with the shift, angle and zoom
// drawn in order from the model's augmentation stream (shift across, shift
// down, angle, zoom per row), bit for bit.
func TestAugmentImageDraws(t *testing.T) {
	t.Parallel()
	const seed = 5
	m, x, y := augSetup(t, seed, CategoricalCrossentropy)
	cfg := AugmentConfig{ImageShape: [2]int{4, 4}, Shift: 1, Rotate: 20, Scale: 0.2, Fill: -7}
	got := augBatches(t, m, x, y, FitConfig{Epochs: 1, BatchSize: 48, NoShuffle: true, Augment: cfg})[0]
	rng := rand.New(rand.NewPCG(seed, augmentStream))
	want := make([]float64, 16)
	for i := range 48 {
		dx := (2*rng.Float64() - 1) * cfg.Shift
		dy := (2*rng.Float64() - 1) * cfg.Shift
		angle := (2*rng.Float64() - 1) * cfg.Rotate * math.Pi / 180
		s := 1 + (2*rng.Float64()-1)*cfg.Scale
		transformImage(want, raw(x)[i*16:(i+1)*16], 4, 4, angle, s, dx, dy, cfg.Fill)
		if !thEqual(got[i*16:(i+1)*16], want) {
			t.Fatalf("row %d: %v, want %v", i, got[i*16:(i+1)*16], want)
		}
	}
}

// TestTransformImage checks rotation and zoom on single pixels: a quarter
// turn moves a pixel to where the rotation says, zoom spreads it
// bilinearly, and the identity copies.
func TestTransformImage(t *testing.T) {
	t.Parallel()
	const h, w = 5, 5
	src := make([]float64, h*w)
	src[0*w+2] = 1 // top middle
	dst := make([]float64, h*w)
	transformImage(dst, src, h, w, 0, 1, 0, 0, 0)
	if !thEqual(dst, src) {
		t.Errorf("identity: %v", dst)
	}
	// A quarter turn: the top middle pixel goes to the middle of the left
	// or the right edge; every other pixel stays 0 (exactly, or to
	// rounding of cos(π/2)).
	transformImage(dst, src, h, w, math.Pi/2, 1, 0, 0, 0)
	left, right := dst[2*w+0], dst[2*w+4]
	if !(math.Abs(left-1) < 1e-12 || math.Abs(right-1) < 1e-12) {
		t.Errorf("quarter turn: left %v, right %v; image %v", left, right, dst)
	}
	var sum float64
	for _, v := range dst {
		sum += v
	}
	if math.Abs(sum-1) > 1e-12 {
		t.Errorf("quarter turn: pixels sum to %v, want 1", sum)
	}
	// Zoom ½ about the centre: the top middle pixel (2 above the centre)
	// lands 1 above it; the border samples outside the image: fill.
	transformImage(dst, src, h, w, 0, 0.5, 0, 0, -1)
	if dst[1*w+2] != 1 || dst[0] != -1 || dst[w-1] != -1 || dst[2*w+2] != 0 {
		t.Errorf("zoom ½: %v", dst)
	}
	// Whole pixels: an exact copy, fill where nothing comes in.
	transformImage(dst, src, h, w, 0, 1, -2, 3, 9)
	for r := range h {
		for c := range w {
			want := 9.0
			if sr, sc := r-3, c+2; sr >= 0 && sc < w {
				want = src[sr*w+sc]
			}
			if dst[r*w+c] != want {
				t.Errorf("shift (-2, 3): pixel (%d, %d) = %v, want %v", r, c, dst[r*w+c], want)
			}
		}
	}
	// Half a pixel right: bilinear halves.
	transformImage(dst, src, h, w, 0, 1, 0.5, 0, 0)
	if dst[0*w+2] != 0.5 || dst[0*w+3] != 0.5 {
		t.Errorf("half-pixel shift: row 0 = %v", dst[:w])
	}
}

// TestAugmentJitterScale: the noise added to each column has the standard
// deviation Jitter·σ of that column (to sampling error), and a constant
// column gets none.
func TestAugmentJitterScale(t *testing.T) {
	t.Parallel()
	const rows = 4000
	rng := thRNG(11)
	x := mat.NewDense(rows, 3, nil)
	for i := range rows {
		x.Set(i, 0, rng.NormFloat64()*2)
		x.Set(i, 1, 5) // constant
		x.Set(i, 2, rng.NormFloat64()*0.1)
	}
	a := newAugmenter(AugmentConfig{Jitter: 0.5}, x, thRNG(12))
	b := mat.NewDense(rows, 3, clone(raw(x)))
	a.apply(b, mat.NewDense(rows, 1, nil))
	sd := columnSpread(x)
	for j, want := range []float64{0.5 * sd[0], 0, 0.5 * sd[2]} {
		var ss float64
		for i := range rows {
			d := b.At(i, j) - x.At(i, j)
			ss += d * d
		}
		got := math.Sqrt(ss / rows)
		if math.Abs(got-want) > 0.05*want+1e-15 {
			t.Errorf("column %d: noise sd %v, want %v", j, got, want)
		}
	}
}

// TestAugmentMixup: with mixup, every batch row is λ·row_i + (1−λ)·row_j of
// the unmixed batch for one λ per batch; one-hot labels become blends that
// still sum to 1.
func TestAugmentMixup(t *testing.T) {
	t.Parallel()
	m, x, y := augSetup(t, 9, CategoricalCrossentropy)
	batches := augBatches(t, m, x, y, FitConfig{Epochs: 1, BatchSize: 48, NoShuffle: true, Augment: AugmentConfig{Mixup: 0.4}})
	xb, yb := batches[0], batches[1]
	blended := 0
	for i := range 48 {
		var s float64
		for _, v := range yb[i*3 : (i+1)*3] {
			s += v
			if v < 0 || v > 1 {
				t.Fatalf("row %d: label %v outside [0, 1]", i, v)
			}
		}
		if math.Abs(s-1) > 1e-12 {
			t.Errorf("row %d: labels sum to %v", i, s)
		}
		if yb[i*3+i%3] < 1 {
			blended++
		}
	}
	if blended == 0 {
		t.Error("no label was blended")
	}
	// One λ for the batch: a row mixed with another class keeps λ of its
	// own; then every x row is λ·x_i + (1−λ)·x_j for some row j.
	lam := -1.0
	for i := range 48 {
		if own := yb[i*3+i%3]; own < 1 {
			if lam >= 0 && math.Abs(own-lam) > 1e-12 {
				t.Fatalf("row %d keeps %v of its label, another row %v: not one λ", i, own, lam)
			}
			lam = own
		}
	}
	for i := range 48 {
		found := false
		for j := 0; j < 48 && !found; j++ {
			ok := true
			for k := range 16 {
				want := lam*raw(x)[i*16+k] + (1-lam)*raw(x)[j*16+k]
				ok = ok && math.Abs(xb[i*16+k]-want) <= 1e-12
			}
			found = ok
		}
		if !found {
			t.Fatalf("row %d is no blend λ·x_i + (1−λ)·x_j with λ = %v", i, lam)
		}
	}
	// The sparse loss cannot blend labels.
	ms, xs, ys := augSetup(t, 9, SparseCategoricalCrossentropy)
	if _, err := ms.Fit(xs, ys, FitConfig{Epochs: 1, BatchSize: 8, Augment: AugmentConfig{Mixup: 0.2}}); err == nil || !strings.Contains(err.Error(), "mixup") {
		t.Errorf("mixup with the sparse loss: %v", err)
	}
}

func TestAugmentConfigErrors(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		cfg  AugmentConfig
		want string
	}{
		{AugmentConfig{Jitter: -1}, "jitter must be"},
		{AugmentConfig{Jitter: math.NaN()}, "jitter must be"},
		{AugmentConfig{Shift: 1}, "need imageShape"},
		{AugmentConfig{ImageShape: [2]int{4, 4}, Shift: -1}, "shift must be a finite number ≥ 0"},
		{AugmentConfig{ImageShape: [2]int{4, 4}, Shift: 5}, "at most the image's size"},
		{AugmentConfig{ImageShape: [2]int{4, 4}, Shift: math.Inf(1)}, "shift must be"},
		{AugmentConfig{ImageShape: [2]int{4, 4}, Rotate: 200}, "rotate must be"},
		{AugmentConfig{ImageShape: [2]int{4, 4}, Scale: 1}, "scale must be"},
		{AugmentConfig{ImageShape: [2]int{3, 4}, Shift: 1}, "needs 12 columns, but x has 16"},
		{AugmentConfig{ImageShape: [2]int{4, 0}, Shift: 1}, "imageShape must be"},
		{AugmentConfig{Mixup: -0.1}, "mixup must be"},
		{AugmentConfig{Jitter: 0.1, Fill: math.Inf(1)}, "fill must be"},
	} {
		m, x, y := augSetup(t, 1, CategoricalCrossentropy)
		_, err := m.Fit(x, y, FitConfig{Epochs: 1, BatchSize: 8, Augment: c.cfg})
		if err == nil || !strings.Contains(err.Error(), c.want) || !strings.HasPrefix(err.Error(), "fit: augment: ") {
			t.Errorf("%+v: got %v, want an error with %q", c.cfg, err, c.want)
		}
	}
}

// TestAugmentSummary: the summary shows the last fit's augmentation.
func TestAugmentSummary(t *testing.T) {
	t.Parallel()
	m, x, y := augSetup(t, 1, CategoricalCrossentropy)
	if strings.Contains(m.Summary(), "Augmentation") {
		t.Error("summary mentions augmentation before any fit")
	}
	if _, err := m.Fit(x, y, FitConfig{Epochs: 1, BatchSize: 8, Augment: augAll}); err != nil {
		t.Fatal(err)
	}
	want := "Augmentation (training only): jitter 0.1σ, image 4×4: shift ±1 px, rotate ±15°, scale ±10%, mixup α 0.4"
	if s := m.Summary(); !strings.Contains(s, want) {
		t.Errorf("summary:\n%s\nwant a line %q", s, want)
	}
	if _, err := m.Fit(x, y, FitConfig{Epochs: 1, BatchSize: 8}); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(m.Summary(), "Augmentation") {
		t.Error("summary still mentions augmentation after a plain fit")
	}
}
