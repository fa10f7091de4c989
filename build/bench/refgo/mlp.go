// Command refgo is the benchmark's "tight loop" reference: the same MLP as the
// workloads (ReLU hidden layers, sigmoid + binary cross-entropy or softmax +
// categorical cross-entropy, Adam, mini-batches of shuffled rows, Glorot-
// uniform init) written by hand on plain []float64, with i-k-j loops over
// four rows at a time and bounds checks hoisted out of the inner loops. No
// gonum, no interfaces, no allocation after setup.
//
// It is built twice: natively (the "tight native loop" every other number is
// compared to) and for GOOS=js GOARCH=wasm, where it registers
// globalThis.refgoTrain for build/bench/runners/refgo-wasm.mjs and the bench
// page. build/bench/refjs.mjs is the same loop, line for line, in JavaScript
// on Float64Arrays; both use the same PRNG, so they start from the same
// weights and visit the rows in the same order.
package main

import "math"

// rng is mulberry32, chosen because it is exact in JavaScript too.
type rng struct{ s uint32 }

func (r *rng) next() float64 {
	r.s += 0x6D2B79F5
	t := r.s
	t = (t ^ t>>15) * (t | 1)
	t ^= t + (t^t>>7)*(t|61)
	return float64(t^t>>14) / 4294967296
}

type layer struct {
	in, out int
	w, b    []float64 // w is in×out row-major (Keras' kernel layout)
	gw, gb  []float64
	mw, vw  []float64 // Adam moments
	mb, vb  []float64
	a       []float64 // this layer's output for the batch, batch×out
	d       []float64 // dLoss/dz for the batch, batch×out
}

// MLP is a multilayer perceptron with ReLU hidden layers.
type MLP struct {
	layers  []*layer
	out     int
	batch   int
	lr      float64
	step    int
	xb, yb  []float64 // the current batch's inputs and targets
	idx     []int
	rng     rng
	Loss    float64 // mean loss of the last epoch
	Correct int     // correct predictions in the last epoch
}

const (
	beta1 = 0.9
	beta2 = 0.999
	eps   = 1e-7 // TF.js' and Keras' Adam epsilon, also the cross-entropy clip
)

// NewMLP builds the net sizes[0] → … → sizes[len-1] for batches of up to
// batch rows.
func NewMLP(sizes []int, batch int, lr float64, seed uint32) *MLP {
	m := &MLP{out: sizes[len(sizes)-1], batch: batch, lr: lr, rng: rng{seed}}
	for i := 1; i < len(sizes); i++ {
		in, out := sizes[i-1], sizes[i]
		l := &layer{in: in, out: out,
			w: make([]float64, in*out), b: make([]float64, out),
			gw: make([]float64, in*out), gb: make([]float64, out),
			mw: make([]float64, in*out), vw: make([]float64, in*out),
			mb: make([]float64, out), vb: make([]float64, out),
			a: make([]float64, batch*out), d: make([]float64, batch*out)}
		limit := math.Sqrt(6 / float64(in+out)) // Glorot uniform
		for j := range l.w {
			l.w[j] = (2*m.rng.next() - 1) * limit
		}
		m.layers = append(m.layers, l)
	}
	m.xb = make([]float64, batch*sizes[0])
	m.yb = make([]float64, batch*m.out)
	return m
}

// affine sets z = a·w + b for rows rows of a (rows×in), w in×out.
func affine(a []float64, rows, in int, w, b []float64, out int, z []float64) {
	i := 0
	for ; i+4 <= rows; i += 4 {
		z0 := z[i*out : i*out+out]
		z1 := z[(i+1)*out : (i+1)*out+out]
		z2 := z[(i+2)*out : (i+2)*out+out]
		z3 := z[(i+3)*out : (i+3)*out+out]
		copy(z0, b)
		copy(z1, b)
		copy(z2, b)
		copy(z3, b)
		a0 := a[i*in : i*in+in]
		a1 := a[(i+1)*in : (i+1)*in+in]
		a2 := a[(i+2)*in : (i+2)*in+in]
		a3 := a[(i+3)*in : (i+3)*in+in]
		for k := 0; k < in; k++ {
			wk := w[k*out : k*out+out]
			x0, x1, x2, x3 := a0[k], a1[k], a2[k], a3[k]
			z0, z1, z2, z3 := z0[:len(wk)], z1[:len(wk)], z2[:len(wk)], z3[:len(wk)]
			for j, wv := range wk {
				z0[j] += x0 * wv
				z1[j] += x1 * wv
				z2[j] += x2 * wv
				z3[j] += x3 * wv
			}
		}
	}
	for ; i < rows; i++ {
		zi := z[i*out : i*out+out]
		copy(zi, b)
		ai := a[i*in : i*in+in]
		for k, x := range ai {
			wk := w[k*out : k*out+out]
			zi := zi[:len(wk)]
			for j, wv := range wk {
				zi[j] += x * wv
			}
		}
	}
}

// forward runs rows rows of x through the net; the output is the last
// layer's a.
func (m *MLP) forward(x []float64, rows int) []float64 {
	a, in := x, len(m.xb)/m.batch
	for li, l := range m.layers {
		z := l.a[:rows*l.out]
		affine(a, rows, in, l.w, l.b, l.out, z)
		if li < len(m.layers)-1 {
			for j, v := range z {
				if v < 0 {
					z[j] = 0
				}
			}
		} else if l.out == 1 {
			for j, v := range z {
				z[j] = 1 / (1 + math.Exp(-v))
			}
		} else {
			for r := 0; r < rows; r++ {
				zr := z[r*l.out : r*l.out+l.out]
				mx := zr[0]
				for _, v := range zr {
					mx = max(mx, v)
				}
				var s float64
				for j, v := range zr {
					e := math.Exp(v - mx)
					zr[j] = e
					s += e
				}
				inv := 1 / s
				for j := range zr {
					zr[j] *= inv
				}
			}
		}
		a, in = z, l.out
	}
	return a
}

// backward computes every gradient for the batch in m.xb/m.yb (rows rows)
// after forward.
func (m *MLP) backward(rows int) {
	last := m.layers[len(m.layers)-1]
	// Sigmoid + BCE and softmax + CCE both give dL/dz = (p - y) / rows.
	inv := 1 / float64(rows)
	p, y, d := last.a[:rows*m.out], m.yb[:rows*m.out], last.d[:rows*m.out]
	for j := range d {
		d[j] = (p[j] - y[j]) * inv
	}
	for li := len(m.layers) - 1; li >= 0; li-- {
		l := m.layers[li]
		var a []float64 // this layer's input
		if li == 0 {
			a = m.xb[:rows*l.in]
		} else {
			a = m.layers[li-1].a[:rows*l.in]
		}
		in, out := l.in, l.out
		d := l.d[:rows*out]
		// gw = aᵀ·d, gb = column sums of d.
		clear(l.gw)
		gb := l.gb[:out]
		clear(gb)
		i := 0
		for ; i+4 <= rows; i += 4 {
			d0 := d[i*out : i*out+out]
			d1 := d[(i+1)*out : (i+1)*out+out]
			d2 := d[(i+2)*out : (i+2)*out+out]
			d3 := d[(i+3)*out : (i+3)*out+out]
			a0 := a[i*in : i*in+in]
			a1 := a[(i+1)*in : (i+1)*in+in]
			a2 := a[(i+2)*in : (i+2)*in+in]
			a3 := a[(i+3)*in : (i+3)*in+in]
			for k := 0; k < in; k++ {
				gk := l.gw[k*out : k*out+out]
				x0, x1, x2, x3 := a0[k], a1[k], a2[k], a3[k]
				d0, d1, d2, d3 := d0[:len(gk)], d1[:len(gk)], d2[:len(gk)], d3[:len(gk)]
				for j := range gk {
					gk[j] += x0*d0[j] + x1*d1[j] + x2*d2[j] + x3*d3[j]
				}
			}
			d1, d2, d3 = d1[:len(d0)], d2[:len(d0)], d3[:len(d0)]
			gb := gb[:len(d0)]
			for j, v := range d0 {
				gb[j] += v + d1[j] + d2[j] + d3[j]
			}
		}
		for ; i < rows; i++ {
			di := d[i*out : i*out+out]
			ai := a[i*in : i*in+in]
			for k, x := range ai {
				gk := l.gw[k*out : k*out+out]
				di := di[:len(gk)]
				for j := range gk {
					gk[j] += x * di[j]
				}
			}
			gb := gb[:len(di)]
			for j, v := range di {
				gb[j] += v
			}
		}
		if li == 0 {
			break
		}
		// dPrev = d·wᵀ, times relu'(prev z) (a > 0).
		prev := m.layers[li-1]
		dp := prev.d[:rows*in]
		i = 0
		for ; i+4 <= rows; i += 4 {
			d0 := d[i*out : i*out+out]
			d1 := d[(i+1)*out : (i+1)*out+out]
			d2 := d[(i+2)*out : (i+2)*out+out]
			d3 := d[(i+3)*out : (i+3)*out+out]
			for k := 0; k < in; k++ {
				wk := l.w[k*out : k*out+out]
				d0, d1, d2, d3 := d0[:len(wk)], d1[:len(wk)], d2[:len(wk)], d3[:len(wk)]
				var s0, s1, s2, s3 float64
				for j, wv := range wk {
					s0 += d0[j] * wv
					s1 += d1[j] * wv
					s2 += d2[j] * wv
					s3 += d3[j] * wv
				}
				dp[i*in+k], dp[(i+1)*in+k], dp[(i+2)*in+k], dp[(i+3)*in+k] = s0, s1, s2, s3
			}
		}
		for ; i < rows; i++ {
			di := d[i*out : i*out+out]
			for k := 0; k < in; k++ {
				wk := l.w[k*out : k*out+out]
				di := di[:len(wk)]
				var s float64
				for j, wv := range wk {
					s += di[j] * wv
				}
				dp[i*in+k] = s
			}
		}
		pa := a[:len(dp)]
		for j, v := range pa {
			if v <= 0 {
				dp[j] = 0
			}
		}
	}
}

func adam(p, g, m, v []float64, lrT float64) {
	g, m, v = g[:len(p)], m[:len(p)], v[:len(p)]
	for j, gj := range g {
		mj := beta1*m[j] + (1-beta1)*gj
		vj := beta2*v[j] + (1-beta2)*gj*gj
		m[j], v[j] = mj, vj
		p[j] -= lrT * mj / (math.Sqrt(vj) + eps)
	}
}

func (m *MLP) update() {
	m.step++
	t := float64(m.step)
	lrT := m.lr * math.Sqrt(1-math.Pow(beta2, t)) / (1 - math.Pow(beta1, t))
	for _, l := range m.layers {
		adam(l.w, l.gw, l.mw, l.vw, lrT)
		adam(l.b, l.gb, l.mb, l.vb, lrT)
	}
}

// score adds the batch's loss sum and correct predictions to the epoch's.
func (m *MLP) score(rows int, loss *float64, correct *int) {
	p, y, k := m.layers[len(m.layers)-1].a, m.yb, m.out
	for r := 0; r < rows; r++ {
		if k == 1 {
			pr, yr := min(max(p[r], eps), 1-eps), y[r]
			*loss -= yr*math.Log(pr) + (1-yr)*math.Log(1-pr)
			if (pr >= 0.5) == (yr >= 0.5) {
				*correct++
			}
			continue
		}
		pr, yr := p[r*k:r*k+k], y[r*k:r*k+k]
		best, label := 0, 0
		for j := range pr {
			if pr[j] > pr[best] {
				best = j
			}
			if yr[j] > yr[label] {
				label = j
			}
		}
		*loss -= math.Log(min(max(pr[label], eps), 1-eps))
		if best == label {
			*correct++
		}
	}
}

// Fit trains for epochs passes over the n rows of x (n×in) and targets y
// (n×out), shuffling the rows before every epoch.
func (m *MLP) Fit(x, y []float64, n, epochs int) {
	in := len(m.xb) / m.batch
	if len(m.idx) != n {
		m.idx = make([]int, n)
	}
	for i := range m.idx {
		m.idx[i] = i
	}
	for range epochs {
		for i := n - 1; i > 0; i-- { // Fisher-Yates
			j := int(m.rng.next() * float64(i+1))
			m.idx[i], m.idx[j] = m.idx[j], m.idx[i]
		}
		var loss float64
		correct := 0
		for lo := 0; lo < n; lo += m.batch {
			rows := min(m.batch, n-lo)
			for r := 0; r < rows; r++ {
				src := m.idx[lo+r]
				copy(m.xb[r*in:r*in+in], x[src*in:src*in+in])
				copy(m.yb[r*m.out:r*m.out+m.out], y[src*m.out:src*m.out+m.out])
			}
			m.forward(m.xb, rows)
			m.score(rows, &loss, &correct)
			m.backward(rows)
			m.update()
		}
		m.Loss, m.Correct = loss/float64(n), correct
	}
}

// Accuracy predicts the n rows of x batch by batch and returns the fraction
// whose predicted class is labels'.
func (m *MLP) Accuracy(x []float64, labels []int) float64 {
	in, n := len(m.xb)/m.batch, len(labels)
	correct := 0
	for lo := 0; lo < n; lo += m.batch {
		rows := min(m.batch, n-lo)
		p := m.forward(x[lo*in:(lo+rows)*in], rows)
		for r := 0; r < rows; r++ {
			pred := 0
			if m.out == 1 {
				if p[r] >= 0.5 {
					pred = 1
				}
			} else {
				pr := p[r*m.out : r*m.out+m.out]
				for j := range pr {
					if pr[j] > pr[pred] {
						pred = j
					}
				}
			}
			if pred == labels[lo+r] {
				correct++
			}
		}
	}
	return float64(correct) / float64(n)
}
