package kernel

// The output layer's passes: the softmax and sigmoid activations (with the
// bias added in the same pass), their losses fused with their gradients,
// and a bias gradient. Fused, the cross-entropy's gradient with respect to
// the output layer's pre-activation z is a difference, p − y, where the
// chain rule through dL/dp would divide by p and multiply back: fewer
// operations and no division by a small probability.
//
// Like the products, each checks its slices, then passes them to the Go
// loops (output_loops.go) or the WebAssembly module's (output.wat), which
// give the same bits. The losses follow TF.js as core's Loss does:
// probabilities clipped to [ε, 1−ε] (float32 bounds), no gradient where the
// clip is active, and for the sparse loss p clipped before the row sum.

// SoftmaxBias adds b (cols values; nil for none) to every row of z (rows
// of cols), in place, and sets every row of a to the softmax of that row
// of z: e^(z−max)/Σ e^(z−max), NaN if the row has one.
func SoftmaxBias(z, b, a []float64, cols int) {
	checkRows("SoftmaxBias", z, b, a, cols)
	if len(z) > 0 {
		softmaxBias(z, b, a[:len(z)], cols)
	}
}

// SigmoidBias adds b (cols values; nil for none) to every row of z, in
// place, and sets a = 1/(1+e^−z) element by element.
func SigmoidBias(z, b, a []float64, cols int) {
	checkRows("SigmoidBias", z, b, a, cols)
	if len(z) > 0 {
		sigmoidBias(z, b, a[:len(z)], cols)
	}
}

// checkRows panics unless z holds whole rows of cols, b is nil or holds
// cols values, and a is as long as z.
func checkRows(name string, z, b, a []float64, cols int) {
	if cols <= 0 || len(z)%cols != 0 || (b != nil && len(b) < cols) || len(a) < len(z) {
		panic("kernel: " + name + " with rows that do not fit their slices")
	}
}

// SoftmaxXent is categorical cross-entropy fused with softmax: for softmax
// outputs p and label rows y (rows of cols), it sets dz = dL/dz·scale,
// row by row with s = Σ p and V the columns with y ≠ 0 whose clip(p/s) is
// not active,
//
//	dz_k = (p_k·(Σ_V y)/s − [k ∈ V]·y_k)·scale,
//
// and returns the loss summed over rows, Σ −y_k·log(clip(p_k/s)) over
// y_k ≠ 0 (core divides it by the rows). scale is 1/rows for a mean.
func SoftmaxXent(p, y, dz []float64, cols int, scale float64) float64 {
	if cols <= 0 || len(p)%cols != 0 || len(y) < len(p) || len(dz) < len(p) {
		panic("kernel: SoftmaxXent with rows that do not fit their slices")
	}
	if len(p) == 0 {
		return 0
	}
	return softmaxXent(p, y[:len(p)], dz[:len(p)], cols, scale)
}

// SoftmaxXentSparse is SoftmaxXent for labels given as one class index per
// row in y (integers in [0, cols)), with TF.js' sparse loss: p clipped
// first, s = Σ clip(p), U the columns whose p the clip leaves alone, c the
// class, and, unless the clip of p_c/s is active (then dz = 0),
//
//	dz_k = ([k ∈ U]·p_k/s − [k = c ∈ U] − p_k·d)·scale,  d = Σ_U p/s − [c ∈ U],
//
// where d is 0 when no p is clipped. It returns Σ −log(clip(clip(p_c)/s)).
func SoftmaxXentSparse(p, y, dz []float64, cols int, scale float64) float64 {
	if cols <= 0 || len(p)%cols != 0 || len(y) < len(p)/cols || len(dz) < len(p) {
		panic("kernel: SoftmaxXentSparse with rows that do not fit their slices")
	}
	rows := len(p) / cols
	for _, c := range y[:rows] {
		if !(c >= 0 && c < float64(cols)) {
			panic("kernel: SoftmaxXentSparse with a label that is not a class index")
		}
	}
	if rows == 0 {
		return 0
	}
	return softmaxXentSparse(p, y[:rows], dz[:len(p)], cols, scale)
}

// SigmoidXent is binary cross-entropy fused with the sigmoid: for sigmoid
// outputs p and labels y (same length), it sets dz = (p − y)·scale where
// clip(p) = p and 0 where the clip is active, and returns the loss summed
// over elements, Σ −(y·log(c) + (1−y)·log(1−c)) with c = clip(p).
func SigmoidXent(p, y, dz []float64, scale float64) float64 {
	if len(y) < len(p) || len(dz) < len(p) {
		panic("kernel: SigmoidXent with slices shorter than p")
	}
	if len(p) == 0 {
		return 0
	}
	return sigmoidXent(p, y[:len(p)], dz[:len(p)], scale)
}

// ColumnSums sets gb (cols values) to the column sums of dz (rows of
// cols), adding four rows at a time as gb[j] + d0 + d1 + d2 + d3: the same
// sum as adding them one at a time. A Dense layer's bias gradient.
func ColumnSums(gb, dz []float64, cols int) {
	if cols <= 0 || len(dz)%cols != 0 || len(gb) != cols {
		panic("kernel: ColumnSums with rows that do not fit their slices")
	}
	if len(dz) > 0 {
		columnSums(gb, dz, cols)
	} else {
		clear(gb)
	}
}
