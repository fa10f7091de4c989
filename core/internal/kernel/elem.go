package kernel

// The element loops of a training step: Adam's update and ReLU's passes.
// Like the products, each checks its slices; Adam, ReluBias and
// ReluBackwardBias then pass them to the Go loops or to the WebAssembly
// module's, which give the same bits. Relu and ReluBackward (no bias) are Go
// loops everywhere.

// Adam applies Adam's committing update to every element of w, with its
// state m (first moment) and v (second moment), from the gradient g:
//
//	m = b1·m + ob1·g;  v = b2·v + (ob2·g)·g;  w += lrc·m / (sqrt(v·rc2) + eps)
//
// where ob1 = 1-β1, ob2 = 1-β2, lrc = -lr/(1-β1ᵗ) and rc2 = 1/(1-β2ᵗ): the
// caller computes the step's constants once.
func Adam(w, g, m, v []float64, b1, b2, ob1, ob2, lrc, rc2, eps float64) {
	n := len(g)
	if len(w) < n || len(m) < n || len(v) < n {
		panic("kernel: adam's weights or state shorter than the gradient")
	}
	if n > 0 {
		adam(w[:n], g, m[:n], v[:n], b1, b2, ob1, ob2, lrc, rc2, eps)
	}
}

// Relu sets a = relu(z) element by element (a at least as long as z).
func Relu(z, a []float64) {
	a = a[:len(z)]
	for i, v := range z {
		a[i] = relu(v)
	}
}

// ReluBias adds b (cols values) to every row of z (rows of cols), in place,
// and sets a = relu(z).
func ReluBias(z, b, a []float64, cols int) {
	if cols <= 0 || len(z)%cols != 0 || len(b) < cols || len(a) < len(z) {
		panic("kernel: ReluBias with rows that do not fit their slices")
	}
	if len(z) > 0 {
		reluBias(z, b[:cols], a[:len(z)], cols)
	}
}

// ReluBackward sets dz = da where z > 0, else +0 (da and dz at least as
// long as z).
func ReluBackward(z, da, dz []float64) {
	da, dz = da[:len(z)], dz[:len(z)]
	for i, v := range z {
		dz[i] = reluGrad(v, da[i])
	}
}

// ReluBackwardBias is ReluBackward for rows of cols values that also sets gb
// (cols values) to the column sums of dz, adding four rows at a time as
// gb[j] + d0 + d1 + d2 + d3: the same sum as adding them one at a time.
func ReluBackwardBias(z, da, dz, gb []float64, cols int) {
	if cols <= 0 || len(z)%cols != 0 || len(gb) != cols || len(da) < len(z) || len(dz) < len(z) {
		panic("kernel: ReluBackwardBias with rows that do not fit their slices")
	}
	if len(z) > 0 {
		reluBackward(z, da[:len(z)], dz[:len(z)], gb, cols)
	} else {
		clear(gb)
	}
}
