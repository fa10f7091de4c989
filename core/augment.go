package core

import (
	"math"
	"math/rand/v2"
	"strconv"
	"strings"

	"github.com/gotrain/gotrain/core/internal/fmtlite"
	"github.com/gotrain/gotrain/core/internal/mat"
)

// Data augmentation: random changes to every training batch, so that a
// small training set teaches a model more than it holds. Fit applies them
// to its copy of each batch, after the shuffle and before the forward pass;
// the training data itself, validation rows, Evaluate, Predict and
// TrainOnBatch are never augmented. The draws come from the model's
// augmentation stream (its seed, a stream of its own), so the same seed
// gives the same augmented batches, bit for bit, and turning augmentation on
// shifts neither the initialisation, the shuffles nor dropout.

// AugmentConfig configures augmentation (FitConfig.Augment). The zero value
// augments nothing; each field is one kind of change, applied in the order
// listed: the image changes, then jitter, then mixup.
type AugmentConfig struct {
	// Jitter adds Gaussian noise to every column j of every training row,
	// with standard deviation Jitter·σ_j, where σ_j is the column's
	// standard deviation over the training rows (a constant column gets
	// none): 0.05 is noise at 5 % of each column's spread. ≥ 0; 0: none.
	Jitter float64
	// ImageShape declares every row as an image of ImageShape[0] rows by
	// ImageShape[1] columns of pixels, one value each, row by row (digits:
	// {8, 8}). Shift, Rotate and Scale need it; {0, 0} declares none.
	ImageShape [2]int
	// Shift moves each image by up to Shift pixels across and down, each
	// drawn uniformly from [−Shift, Shift] (fractions of a pixel
	// interpolate bilinearly). ≥ 0; 0: none.
	Shift float64
	// Rotate turns each image about its centre by an angle drawn uniformly
	// from [−Rotate, Rotate] degrees, in [0, 180]; 0: none.
	Rotate float64
	// Scale zooms each image about its centre by a factor drawn uniformly
	// from [1−Scale, 1+Scale], in [0, 1); 0: none.
	Scale float64
	// Fill is the value of pixels that a shift, rotation or zoom brings in
	// from outside the image: the background (0 for digits).
	Fill float64
	// Mixup blends each row of a batch with another row of the same batch
	// (mixup, Zhang et al. 2018): x = λ·x_i + (1−λ)·x_j and y likewise, with
	// one λ ~ Beta(Mixup, Mixup) per batch and j a random permutation. It
	// needs labels with one column per output (not the sparse loss'
	// class indices). ≥ 0; 0: none; 0.2 is a common choice.
	Mixup float64
}

// IsZero reports whether c augments nothing.
func (c AugmentConfig) IsZero() bool {
	return c.Jitter == 0 && c.Shift == 0 && c.Rotate == 0 && c.Scale == 0 && c.Mixup == 0
}

// hasImage reports whether c changes images.
func (c AugmentConfig) hasImage() bool { return c.Shift != 0 || c.Rotate != 0 || c.Scale != 0 }

// validate checks the settings for training rows of cols columns and the
// loss l; errors name the setting ("augment: rotate must be …").
func (c AugmentConfig) validate(cols int, l Loss) error {
	finite := func(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }
	switch {
	case !finite(c.Jitter) || c.Jitter < 0:
		return fmtlite.Errorf("augment: jitter must be a finite number ≥ 0, got %v", c.Jitter)
	case !finite(c.Shift) || c.Shift < 0:
		return fmtlite.Errorf("augment: shift must be a finite number ≥ 0 of pixels, got %v", c.Shift)
	case !(c.Rotate >= 0 && c.Rotate <= 180):
		return fmtlite.Errorf("augment: rotate must be between 0 and 180 degrees, got %v", c.Rotate)
	case !(c.Scale >= 0 && c.Scale < 1):
		return fmtlite.Errorf("augment: scale must be in [0, 1), got %v", c.Scale)
	case !finite(c.Fill):
		return fmtlite.Errorf("augment: fill must be a finite number, got %v", c.Fill)
	case !finite(c.Mixup) || c.Mixup < 0:
		return fmtlite.Errorf("augment: mixup must be a finite number ≥ 0, got %v", c.Mixup)
	}
	h, w := c.ImageShape[0], c.ImageShape[1]
	if h < 0 || w < 0 || (h == 0) != (w == 0) {
		return fmtlite.Errorf("augment: imageShape must be [height, width], both ≥ 1, got [%d, %d]", h, w)
	}
	if h > 0 && h*w != cols {
		return fmtlite.Errorf("augment: imageShape [%d, %d] needs %d columns, but x has %d", h, w, h*w, cols)
	}
	if c.hasImage() && h == 0 {
		return fmtlite.Errorf("augment: shift, rotate and scale need imageShape [height, width]")
	}
	if c.Shift > float64(max(h, w)) {
		return fmtlite.Errorf("augment: shift must be at most the image's size (%d), got %v", max(h, w), c.Shift)
	}
	if c.Mixup > 0 && l.sparse() {
		return fmtlite.Errorf("augment: mixup blends labels, which needs one column per class; sparseCategoricalCrossentropy takes class indices (one-hot them and use categoricalCrossentropy)")
	}
	return nil
}

// String describes the settings for a model summary or a fit's logs:
// "jitter 0.05σ, image 8×8: shift ±1 px, rotate ±10°, scale ±10%, mixup
// α 0.2" ("none" for the zero value).
func (c AugmentConfig) String() string {
	num := func(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }
	var parts []string
	if c.Jitter != 0 {
		parts = append(parts, "jitter "+num(c.Jitter)+"σ")
	}
	if c.hasImage() {
		var img []string
		if c.Shift != 0 {
			img = append(img, "shift ±"+num(c.Shift)+" px")
		}
		if c.Rotate != 0 {
			img = append(img, "rotate ±"+num(c.Rotate)+"°")
		}
		if c.Scale != 0 {
			img = append(img, "scale ±"+num(c.Scale*100)+"%")
		}
		if c.Fill != 0 {
			img = append(img, "fill "+num(c.Fill))
		}
		parts = append(parts, "image "+strconv.Itoa(c.ImageShape[0])+"×"+strconv.Itoa(c.ImageShape[1])+": "+strings.Join(img, ", "))
	}
	if c.Mixup != 0 {
		parts = append(parts, "mixup α "+num(c.Mixup))
	}
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, ", ")
}

// augmentStream is the second PCG word of the model's augmentation stream.
const augmentStream = 0x676f747261696e34

// augmentRNG returns the model's augmentation stream, made on first use.
func (m *Sequential) augmentRNG() *rand.Rand {
	if m.augRNG == nil {
		m.augRNG = rand.New(rand.NewPCG(m.seed, augmentStream))
	}
	return m.augRNG
}

// augmenter applies an AugmentConfig to batches, in buffers it keeps: after
// the first batch it allocates nothing.
type augmenter struct {
	cfg    AugmentConfig
	rng    *rand.Rand
	sd     []float64 // Jitter·σ per column
	h, w   int
	img    []float64 // one transformed image
	xs, ys []float64 // the batch before mixup
	perm   []int
}

// newAugmenter prepares cfg (validated) for training rows x.
func newAugmenter(cfg AugmentConfig, x *mat.Dense, rng *rand.Rand) *augmenter {
	a := &augmenter{cfg: cfg, rng: rng, h: cfg.ImageShape[0], w: cfg.ImageShape[1]}
	if cfg.Jitter > 0 {
		a.sd = columnSpread(x)
		for j := range a.sd {
			a.sd[j] *= cfg.Jitter
		}
	}
	if cfg.hasImage() {
		a.img = make([]float64, a.h*a.w)
	}
	return a
}

// columnSpread returns the standard deviation of every column of x (the
// population one, as Normalization's variance).
func columnSpread(x *mat.Dense) []float64 {
	rows, cols := x.Dims()
	mean, sd := make([]float64, cols), make([]float64, cols)
	for i := range rows {
		for j, v := range x.RawRowView(i) {
			mean[j] += v
		}
	}
	for j := range mean {
		mean[j] /= float64(rows)
	}
	for i := range rows {
		for j, v := range x.RawRowView(i) {
			d := v - mean[j]
			sd[j] += d * d
		}
	}
	for j := range sd {
		sd[j] = math.Sqrt(sd[j] / float64(rows))
	}
	return sd
}

// apply augments the batch (xb, yb) in place.
func (a *augmenter) apply(xb, yb *mat.Dense) {
	rows, cols := xb.Dims()
	x := raw(xb)[:rows*cols]
	if a.cfg.hasImage() {
		a.images(x, rows)
	}
	if a.sd != nil {
		for i := range rows {
			row := x[i*cols : (i+1)*cols]
			for j, s := range a.sd[:len(row)] {
				if s != 0 {
					row[j] += s * a.rng.NormFloat64()
				}
			}
		}
	}
	if a.cfg.Mixup > 0 && rows > 1 {
		a.mixup(x, yb, rows, cols)
	}
}

// images rotates, zooms and shifts every row of x, an image each.
func (a *augmenter) images(x []float64, rows int) {
	c, n := a.cfg, a.h*a.w
	for i := range rows {
		var dx, dy, angle float64
		s := 1.0
		if c.Shift > 0 {
			dx = (2*a.rng.Float64() - 1) * c.Shift
			dy = (2*a.rng.Float64() - 1) * c.Shift
		}
		if c.Rotate > 0 {
			angle = (2*a.rng.Float64() - 1) * c.Rotate * math.Pi / 180
		}
		if c.Scale > 0 {
			s = 1 + (2*a.rng.Float64()-1)*c.Scale
		}
		row := x[i*n : (i+1)*n]
		transformImage(a.img, row, a.h, a.w, angle, s, dx, dy, c.Fill)
		copy(row, a.img)
	}
}

// mixup blends every row of the batch with another, λ ~ Beta(α, α).
func (a *augmenter) mixup(x []float64, yb *mat.Dense, rows, cols int) {
	_, yc := yb.Dims()
	y := raw(yb)[:rows*yc]
	a.xs = append(a.xs[:0], x...)
	a.ys = append(a.ys[:0], y...)
	if cap(a.perm) < rows {
		a.perm = make([]int, rows)
	}
	perm := a.perm[:rows]
	for i := range perm {
		perm[i] = i
	}
	for i := rows - 1; i > 0; i-- {
		j := a.rng.IntN(i + 1)
		perm[i], perm[j] = perm[j], perm[i]
	}
	lam := betaSample(a.rng, a.cfg.Mixup)
	for i, j := range perm {
		blend(x[i*cols:(i+1)*cols], a.xs[i*cols:(i+1)*cols], a.xs[j*cols:(j+1)*cols], lam)
		blend(y[i*yc:(i+1)*yc], a.ys[i*yc:(i+1)*yc], a.ys[j*yc:(j+1)*yc], lam)
	}
}

// blend sets dst = λ·u + (1−λ)·v.
func blend(dst, u, v []float64, lam float64) {
	u, v = u[:len(dst)], v[:len(dst)]
	for k := range dst {
		dst[k] = lam*u[k] + (1-lam)*v[k]
	}
}

// betaSample draws from Beta(α, α) as X/(X+Y), X and Y ~ Gamma(α).
func betaSample(rng *rand.Rand, alpha float64) float64 {
	x, y := gammaSample(rng, alpha), gammaSample(rng, alpha)
	if x+y == 0 { // both underflowed: tiny α
		if rng.IntN(2) == 0 {
			return 0
		}
		return 1
	}
	return x / (x + y)
}

// gammaSample draws from Gamma(α, 1) by Marsaglia and Tsang's method, with
// Gamma(α) = Gamma(α+1)·U^(1/α) for α < 1.
func gammaSample(rng *rand.Rand, alpha float64) float64 {
	if alpha < 1 {
		u := rng.Float64()
		return gammaSample(rng, alpha+1) * math.Pow(u, 1/alpha)
	}
	d := alpha - 1.0/3
	c := 1 / math.Sqrt(9*d)
	for {
		z := rng.NormFloat64()
		v := 1 + c*z
		if v <= 0 {
			continue
		}
		v = v * v * v
		u := rng.Float64()
		if u < 1-0.0331*z*z*z*z || math.Log(u) < 0.5*z*z+d*(1-v+math.Log(v)) {
			return d * v
		}
	}
}
