package kernel

import "math"

// The Go loops of the output layer's passes (output.go checks their
// slices). The module's functions (output.wat) do the same operations in
// the same order. They compute e^x and log x with math.Exp and math.Log:
// in js/wasm builds those are Go's portable versions (fdlibm's algorithms),
// which output.wat ports operation for operation, so that every kernel
// path gives the same bits; native builds may use faster assembly.

// clipLow and clipHigh are ε = 1e-7 and 1-ε rounded to float32, as TF.js
// clips probabilities (core's loss.go explains why).
var clipLow, clipHigh = float64(float32(1e-7)), float64(float32(1 - 1e-7))

// clip is min(max(p, clipLow), clipHigh), NaN staying NaN.
func clip(p float64) float64 {
	if p < clipLow {
		return clipLow
	}
	if p > clipHigh {
		return clipHigh
	}
	return p
}

// goSoftmaxBias is SoftmaxBias on checked slices (b nil: no bias).
func goSoftmaxBias(z, b, a []float64, cols int) {
	for lo := 0; lo < len(z); lo += cols {
		zr := z[lo : lo+cols]
		ar := a[lo : lo+cols][:len(zr)]
		if b != nil {
			for j, v := range b[:len(zr)] {
				zr[j] += v
			}
		}
		// The row's maximum (NaN if any is); only exp(v-m) depends on it.
		m := math.Inf(-1)
		for _, v := range zr {
			if v > m || v != v {
				m = v
			}
		}
		var s float64
		for j, v := range zr {
			e := math.Exp(v - m)
			ar[j] = e
			s += e
		}
		for j := range ar {
			ar[j] /= s
		}
	}
}

// sigmoid is 1/(1+e^-x) for x ≥ 0 and e^x/(1+e^x) below, so that e^x never
// overflows.
func sigmoid(x float64) float64 {
	if x >= 0 {
		return 1 / (1 + math.Exp(-x))
	}
	e := math.Exp(x)
	return e / (1 + e)
}

// goSigmoidBias is SigmoidBias on checked slices (b nil: no bias).
func goSigmoidBias(z, b, a []float64, cols int) {
	for lo := 0; lo < len(z); lo += cols {
		zr := z[lo : lo+cols]
		ar := a[lo : lo+cols][:len(zr)]
		if b != nil {
			for j, v := range b[:len(zr)] {
				zr[j] += v
			}
		}
		for j, v := range zr {
			ar[j] = sigmoid(v)
		}
	}
}

// goSoftmaxXent is SoftmaxXent on checked slices.
func goSoftmaxXent(p, y, dz []float64, cols int, scale float64) float64 {
	var total float64
	for lo := 0; lo < len(p); lo += cols {
		pr := p[lo : lo+cols]
		yr := y[lo : lo+cols][:len(pr)]
		dr := dz[lo : lo+cols][:len(pr)]
		var s float64
		for _, v := range pr {
			s += v
		}
		// yu: the sum of the labels whose clip(p/s) is not active.
		var yu float64
		for j, yj := range yr {
			if yj == 0 {
				continue
			}
			q := pr[j] / s
			c := clip(q)
			total -= yj * math.Log(c)
			if c == q {
				yu += yj
			}
		}
		r := yu / s
		for j, pv := range pr {
			var yj float64
			if v := yr[j]; v != 0 {
				if q := pv / s; clip(q) == q {
					yj = v
				}
			}
			dr[j] = (pv*r - yj) * scale
		}
	}
	return total
}

// goSoftmaxXentSparse is SoftmaxXentSparse on checked slices: y holds one
// class index per row, in [0, cols).
func goSoftmaxXentSparse(p, y, dz []float64, cols int, scale float64) float64 {
	var total float64
	for r, lo := 0, 0; lo < len(p); r, lo = r+1, lo+cols {
		pr := p[lo : lo+cols]
		dr := dz[lo : lo+cols][:len(pr)]
		class := int(y[r])
		// s: the sum of the clipped p; su: of those the clip leaves alone.
		var s, su float64
		for _, v := range pr {
			c := clip(v)
			s += c
			if c == v {
				su += v
			}
		}
		pc := pr[class]
		cc := clip(pc)
		q := cc / s
		c := clip(q)
		total -= math.Log(c)
		if c != q { // the clip of p/s is active: no gradient
			for j := range dr {
				dr[j] = 0
			}
			continue
		}
		// dL/dz_k = [p_k unclipped]·p_k/s − [k = class, unclipped] − p_k·d,
		// d = su/s − [class unclipped] (0 when no p is clipped).
		var one float64
		if cc == pc {
			one = 1
		}
		d := su/s - one
		for j, v := range pr {
			var g float64
			if clip(v) == v {
				g = v / s
			}
			if j == class {
				g -= one
			}
			dr[j] = (g - v*d) * scale
		}
	}
	return total
}

// goSigmoidXent is SigmoidXent on checked slices.
func goSigmoidXent(p, y, dz []float64, scale float64) float64 {
	y, dz = y[:len(p)], dz[:len(p)]
	var total float64
	for i, pv := range p {
		yv := y[i]
		c := clip(pv)
		total += -(yv*math.Log(c) + (1-yv)*math.Log(1-c))
		var g float64
		if c == pv { // the clip passes no gradient where it is active
			g = (pv - yv) * scale
		}
		dz[i] = g
	}
	return total
}

// goColumnSums is ColumnSums on checked, non-empty slices: from +0, four
// rows at a time as gb[j] + d0 + d1 + d2 + d3, then the rows left over.
func goColumnSums(gb, dz []float64, cols int) {
	clear(gb)
	lo := 0
	for ; lo+4*cols <= len(dz); lo += 4 * cols {
		d0 := dz[lo : lo+cols][:len(gb)]
		d1 := dz[lo+cols : lo+2*cols][:len(gb)]
		d2 := dz[lo+2*cols : lo+3*cols][:len(gb)]
		d3 := dz[lo+3*cols : lo+4*cols][:len(gb)]
		for j, v := range d0 {
			gb[j] = gb[j] + v + d1[j] + d2[j] + d3[j]
		}
	}
	for ; lo < len(dz); lo += cols {
		for j, v := range dz[lo : lo+cols][:len(gb)] {
			gb[j] += v
		}
	}
}
