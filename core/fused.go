package core

import (
	"github.com/gotrain/gotrain/core/internal/kernel"
	"github.com/gotrain/gotrain/core/internal/mat"
)

// The output layer's activation fused with the loss. For a sigmoid output
// with binary cross-entropy, and a softmax output with categorical or
// sparse categorical cross-entropy, dL/dz of the output layer is a
// difference, p − y (scaled by the batch), where the chain rule through
// dL/dp would divide by p and multiply back through the activation's
// Jacobian. The fused gradient is the same derivative with fewer
// operations and fewer roundings (the chain rule's Σ p·dL/dp term is zero
// exactly, so it is left out); the loss value is computed as Loss.compute
// computes it, bit for bit, and the clipping follows TF.js (no gradient
// where the clip is active). The kernels are core/internal/kernel's
// SigmoidXent, SoftmaxXent and SoftmaxXentSparse.

// fusedOutput returns the model's last layer when its activation fuses
// with the compiled loss, else nil.
func (m *Sequential) fusedOutput() *Dense {
	d, ok := m.layers[len(m.layers)-1].(*Dense)
	if !ok {
		return nil
	}
	switch a := d.cfg.Activation; {
	case a == Sigmoid && m.loss == BinaryCrossentropy,
		a == Softmax && (m.loss == CategoricalCrossentropy || m.loss == SparseCategoricalCrossentropy):
		return d
	}
	return nil
}

// lossBackward returns the loss (without regularization) of the forward
// pass's output p against y and runs the backward pass, setting every
// parameter's gradient: fused at the output layer when it can be.
func (m *Sequential) lossBackward(y, p *mat.Dense) float64 {
	loss := m.outputLoss(y, p)
	m.backwardLoss()
	return loss
}

// outputLoss returns the loss of p against y and sets the output's
// gradient: dL/dp in m.g, or for a fused output layer dL/dz.
func (m *Sequential) outputLoss(y, p *mat.Dense) float64 {
	if d := m.fusedOutput(); d != nil {
		return d.fusedLoss(m.loss, y)
	}
	r, c := p.Dims()
	resize(&m.g, r, c)
	return m.loss.compute(y, p, &m.g)
}

// backwardLoss propagates outputLoss's gradient through the layers.
func (m *Sequential) backwardLoss() {
	d := m.fusedOutput()
	if d == nil {
		m.backward(&m.g)
		return
	}
	last, first := len(m.layers)-1, m.firstTrainable
	g := d.backwardFromZ(last > first)
	for i := last - 1; i >= first; i-- {
		g = m.layers[i].backward(g, i > first)
	}
}

// fusedLoss returns the loss l of d's last output against y and sets dL/dz
// (d.dz) and the bias gradient, for an activation that fuses with l (see
// fusedOutput).
func (d *Dense) fusedLoss(l Loss, y *mat.Dense) float64 {
	rows, cols := d.a.Dims()
	resize(&d.dz, rows, cols)
	p, yd, dz := raw(&d.a), raw(y), raw(&d.dz)
	var loss float64
	switch l {
	case BinaryCrossentropy:
		scale := 1 / (float64(rows) * float64(cols))
		loss = kernel.SigmoidXent(p, yd, dz, scale) * scale
	case CategoricalCrossentropy:
		n := float64(rows)
		loss = kernel.SoftmaxXent(p, yd, dz, cols, 1/n) / n
	case SparseCategoricalCrossentropy:
		n := float64(rows)
		loss = kernel.SoftmaxXentSparse(p, yd, dz, cols, 1/n) / n
	default:
		panic("core: fusedLoss with a loss that does not fuse")
	}
	if d.bias != nil {
		kernel.ColumnSums(raw(d.bias.Grad), dz, cols)
	}
	return loss
}
