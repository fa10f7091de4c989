package core_test

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/gotrain/gotrain/core"
	"github.com/gotrain/gotrain/core/internal/mat"
)

// The benchmarks train the two networks the README quotes: the Keras
// tutorial's 2-64-64-1 (relu, relu, sigmoid; adam; binary cross-entropy)
// and a 64-128-10 digits classifier (relu, softmax; adam; sparse categorical
// cross-entropy), both on batches of 32. Each iteration is one TrainOnBatch.
// The Reference benchmarks run the same networks through a tight
// hand-written training loop on plain slices, so that core's speed can be
// stated as a ratio to it.

const gtBenchBatch = 32

// gtNet describes one benchmarked network and its data, cut into batches.
type gtNet struct {
	sizes  []int // inputs, hidden..., outputs
	xs, ys []*mat.Dense
}

func gtKerasNet(t testing.TB) gtNet {
	d := gtData(t, "circle", 32*gtBenchBatch, 0.1, 1)
	return gtBatches([]int{2, 64, 64, 1}, d)
}

func gtDigitsNet(t testing.TB) gtNet {
	d := gtReadCSV(t, "digits.csv")
	gtScale(d.X, 1.0/16)
	r, _ := d.X.Dims()
	n := r / gtBenchBatch * gtBenchBatch
	return gtBatches([]int{64, 128, 10}, core.Subset(d, gtIota(n)))
}

func gtIota(n int) []int {
	idx := make([]int, n)
	for i := range idx {
		idx[i] = i
	}
	return idx
}

func gtBatches(sizes []int, d *core.Dataset) gtNet {
	net := gtNet{sizes: sizes}
	for lo := 0; lo+gtBenchBatch <= d.Len(); lo += gtBenchBatch {
		net.xs = append(net.xs, gtRows(d.X, lo, lo+gtBenchBatch))
		net.ys = append(net.ys, gtRows(d.Y, lo, lo+gtBenchBatch))
	}
	return net
}

// binary reports whether the net has one sigmoid output (else softmax).
func (n gtNet) binary() bool { return n.sizes[len(n.sizes)-1] == 1 }

// model returns the net as a compiled core model.
func (n gtNet) model(t testing.TB, seed uint64) *core.Sequential {
	var layers []gtLayer
	for _, u := range n.sizes[1 : len(n.sizes)-1] {
		layers = append(layers, gtLayer{u, core.ReLU})
	}
	loss := core.BinaryCrossentropy
	if n.binary() {
		layers = append(layers, gtLayer{1, core.Sigmoid})
	} else {
		layers = append(layers, gtLayer{n.sizes[len(n.sizes)-1], core.Softmax})
		loss = core.SparseCategoricalCrossentropy
	}
	m := gtModel(t, seed, n.sizes[0], layers...)
	gtCompile(t, m, gtOptimizer(t, "adam", 0), loss)
	return m
}

func benchmarkTrainStep(b *testing.B, net gtNet) {
	m := net.model(b, 1)
	if _, err := m.TrainOnBatch(net.xs[0], net.ys[0]); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		k := i % len(net.xs)
		if _, err := m.TrainOnBatch(net.xs[k], net.ys[k]); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(gtBenchBatch*b.N)/b.Elapsed().Seconds(), "samples/s")
}

func BenchmarkTrainStepKeras(b *testing.B)  { benchmarkTrainStep(b, gtKerasNet(b)) }
func BenchmarkTrainStepDigits(b *testing.B) { benchmarkTrainStep(b, gtDigitsNet(b)) }

func benchmarkReference(b *testing.B, net gtNet) {
	r := newRefMLP(net.sizes, 1)
	xs, ys := make([][]float64, len(net.xs)), make([][]float64, len(net.ys))
	for i := range net.xs {
		xs[i], ys[i] = net.xs[i].RawMatrix().Data, net.ys[i].RawMatrix().Data
	}
	r.step(xs[0], ys[0])
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		k := i % len(xs)
		r.step(xs[k], ys[k])
	}
	b.ReportMetric(float64(gtBenchBatch*b.N)/b.Elapsed().Seconds(), "samples/s")
}

func BenchmarkReferenceKeras(b *testing.B)  { benchmarkReference(b, gtKerasNet(b)) }
func BenchmarkReferenceDigits(b *testing.B) { benchmarkReference(b, gtDigitsNet(b)) }

// TestTrainStepAllocatesNothing checks that, once warmed up, training steps
// allocate nothing: TrainOnBatch, and Trainer.Run between epoch ends when
// no callbacks are set. Each measurement is one run of many steps, so a
// single allocation in any step shows; allocsIn counts only the allocations
// made by the code under test (see there why the process-wide count, which
// testing.AllocsPerRun reads, is not a measure of them).
func TestTrainStepAllocatesNothing(t *testing.T) {
	nets := []struct {
		name string
		net  gtNet
	}{
		{"keras 2-64-64-1", gtKerasNet(t)},
		{"digits 64-128-10", gtDigitsNet(t)},
	}
	for _, tc := range nets {
		t.Run(tc.name+" TrainOnBatch", func(t *testing.T) {
			m := tc.net.model(t, 1)
			n := len(tc.net.xs)
			var err error
			allocs, process := allocsIn(t, func() {
				for k := range 2 * n {
					if _, e := m.TrainOnBatch(tc.net.xs[k%n], tc.net.ys[k%n]); e != nil {
						err = e
					}
				}
			})
			if err != nil {
				t.Fatal(err)
			}
			if allocs != 0 {
				t.Errorf("allocations in %d TrainOnBatch calls: got %d, want 0", 2*n, allocs)
			}
			if process != 0 {
				t.Logf("the process made %d allocations meanwhile, none of them in the training step", process)
			}
		})
		t.Run(tc.name+" Trainer.Run", func(t *testing.T) {
			m := tc.net.model(t, 1)
			x, y := gtConcat(tc.net.xs), gtConcat(tc.net.ys)
			tr, err := m.NewTrainer(x, y, core.FitConfig{Epochs: 3, BatchSize: gtBenchBatch})
			if err != nil {
				t.Fatal(err)
			}
			per := tr.BatchesPerEpoch()
			tr.Run(1) // the first batch builds the buffers
			batches := (per - 3) / 2
			// allocsIn runs the function twice: the warm-up, then the count.
			if allocs, _ := allocsIn(t, func() { tr.Run(batches) }); allocs != 0 {
				t.Errorf("allocations in %d batches of Trainer.Run: got %d, want 0", batches, allocs)
			}
			if tr.Epoch() != 0 || tr.Batch() != 1+2*batches {
				t.Fatalf("position: got epoch %d batch %d, want 0 %d", tr.Epoch(), tr.Batch(), 1+2*batches)
			}
			// For the record: what an epoch end (metrics, history) costs.
			perEpoch, _ := allocsIn(t, func() { tr.Run(per - tr.Batch() + 1) })
			t.Logf("allocations at one epoch end and the next epoch's first batch: %d", perEpoch)
		})
	}
}

// gtConcat stacks matrices of equal width.
func gtConcat(ms []*mat.Dense) *mat.Dense {
	_, c := ms[0].Dims()
	var data []float64
	for _, m := range ms {
		data = append(data, m.RawMatrix().Data...)
	}
	return mat.NewDense(len(data)/c, c, data)
}

// refMLP is a reference MLP trainer written for speed on plain slices:
// row-major weights, i-k-j loops, ReLU hidden layers, a sigmoid output with
// binary cross-entropy or a softmax output with sparse categorical
// cross-entropy (their gradients fused), and Adam with Keras' defaults.
type refMLP struct {
	layers []*refLayer
	step_  int
	batch  int
}

type refLayer struct {
	in, out int
	w, b    []float64 // in×out, out
	gw, gb  []float64
	mw, vw  []float64
	mb, vb  []float64
	a       []float64 // batch×out activations
	d       []float64 // batch×out dL/dz
}

// newRefMLP makes layers of the given sizes with Glorot-uniform kernels and
// zero biases, for batches of gtBenchBatch.
func newRefMLP(sizes []int, seed uint64) *refMLP {
	rng := rand.New(rand.NewPCG(seed, 1))
	r := &refMLP{batch: gtBenchBatch}
	for l := 0; l+1 < len(sizes); l++ {
		in, out := sizes[l], sizes[l+1]
		ly := &refLayer{in: in, out: out}
		ly.w = make([]float64, in*out)
		lim := math.Sqrt(6 / float64(in+out))
		for i := range ly.w {
			ly.w[i] = (2*rng.Float64() - 1) * lim
		}
		ly.b = make([]float64, out)
		ly.gw, ly.mw, ly.vw = make([]float64, in*out), make([]float64, in*out), make([]float64, in*out)
		ly.gb, ly.mb, ly.vb = make([]float64, out), make([]float64, out), make([]float64, out)
		ly.a, ly.d = make([]float64, r.batch*out), make([]float64, r.batch*out)
		r.layers = append(r.layers, ly)
	}
	return r
}

// forward computes every layer's activations for x (batch×inputs).
func (r *refMLP) forward(x []float64) {
	in := x
	last := len(r.layers) - 1
	for l, ly := range r.layers {
		nin, nout, w, b, a := ly.in, ly.out, ly.w, ly.b, ly.a
		for i := 0; i < r.batch; i++ {
			ai := a[i*nout : (i+1)*nout]
			copy(ai, b)
			for k, xv := range in[i*nin : (i+1)*nin] {
				if xv == 0 {
					continue
				}
				wk := w[k*nout : (k+1)*nout]
				wk = wk[:len(ai)]
				for j, wv := range wk {
					ai[j] += xv * wv
				}
			}
			switch {
			case l < last:
				for j, v := range ai {
					if v < 0 {
						ai[j] = 0
					}
				}
			case nout == 1:
				ai[0] = 1 / (1 + math.Exp(-ai[0]))
			default:
				m := ai[0]
				for _, v := range ai {
					m = max(m, v)
				}
				var s float64
				for j, v := range ai {
					e := math.Exp(v - m)
					ai[j] = e
					s += e
				}
				for j := range ai {
					ai[j] /= s
				}
			}
		}
		in = a
	}
}

// loss returns the mean loss of the last forward pass against y (0/1
// labels or class indices) and sets the output layer's dL/dz.
func (r *refMLP) loss(y []float64) float64 {
	out := r.layers[len(r.layers)-1]
	n := float64(r.batch)
	var total float64
	for i := 0; i < r.batch; i++ {
		p := out.a[i*out.out : (i+1)*out.out]
		d := out.d[i*out.out : (i+1)*out.out]
		if out.out == 1 {
			pc := min(max(p[0], core.Epsilon), 1-core.Epsilon)
			total -= y[i]*math.Log(pc) + (1-y[i])*math.Log(1-pc)
			d[0] = (p[0] - y[i]) / n
			continue
		}
		c := int(y[i])
		total -= math.Log(min(max(p[c], core.Epsilon), 1-core.Epsilon))
		for j, pv := range p {
			d[j] = pv / n
		}
		d[c] -= 1 / n
	}
	return total / n
}

// backward computes every gradient from the output layer's dL/dz.
func (r *refMLP) backward(x []float64) {
	for l := len(r.layers) - 1; l >= 0; l-- {
		ly := r.layers[l]
		in := x
		if l > 0 {
			in = r.layers[l-1].a
		}
		nin, nout, w, d, gw, gb := ly.in, ly.out, ly.w, ly.d, ly.gw, ly.gb
		clear(gw)
		clear(gb)
		for i := 0; i < r.batch; i++ {
			di := d[i*nout : (i+1)*nout]
			gb := gb[:len(di)]
			for j, dv := range di {
				gb[j] += dv
			}
			for k, xv := range in[i*nin : (i+1)*nin] {
				if xv == 0 {
					continue
				}
				gk := gw[k*nout : (k+1)*nout]
				gk = gk[:len(di)]
				for j, dv := range di {
					gk[j] += xv * dv
				}
			}
		}
		if l == 0 {
			break
		}
		// dL/dz of the previous (relu) layer: (d·Wᵀ) ⊙ relu'.
		pa, pd := r.layers[l-1].a, r.layers[l-1].d
		for i := 0; i < r.batch; i++ {
			di := d[i*nout : (i+1)*nout]
			pai := pa[i*nin : (i+1)*nin]
			pdi := pd[i*nin : (i+1)*nin]
			pdi = pdi[:len(pai)]
			for k, av := range pai {
				if av <= 0 {
					pdi[k] = 0
					continue
				}
				wk := w[k*nout : (k+1)*nout]
				wk = wk[:len(di)]
				var s float64
				for j, dv := range di {
					s += dv * wk[j]
				}
				pdi[k] = s
			}
		}
	}
}

// adam applies one Adam update (lr 0.001, β1 0.9, β2 0.999, ε 1e-7).
func (r *refMLP) adam() {
	const lr, b1, b2, eps = 0.001, 0.9, 0.999, 1e-7
	r.step_++
	c1 := 1 - math.Pow(b1, float64(r.step_))
	c2 := 1 - math.Pow(b2, float64(r.step_))
	upd := func(w, g, m, v []float64) {
		for i, gi := range g {
			mi := b1*m[i] + (1-b1)*gi
			vi := b2*v[i] + (1-b2)*gi*gi
			m[i], v[i] = mi, vi
			w[i] -= lr * (mi / c1) / (math.Sqrt(vi/c2) + eps)
		}
	}
	for _, ly := range r.layers {
		upd(ly.w, ly.gw, ly.mw, ly.vw)
		upd(ly.b, ly.gb, ly.mb, ly.vb)
	}
}

// step trains on one batch and returns the loss before the update.
func (r *refMLP) step(x, y []float64) float64 {
	r.forward(x)
	l := r.loss(y)
	r.backward(x)
	r.adam()
	return l
}

// weights returns the reference's weights in core's order and layout.
func (r *refMLP) weights() []core.Weights {
	var ws []core.Weights
	for i, ly := range r.layers {
		name := "dense_" + string(rune('1'+i))
		ws = append(ws,
			core.Weights{Name: name + "/kernel", Shape: []int{ly.in, ly.out}, Data: append([]float64(nil), ly.w...)},
			core.Weights{Name: name + "/bias", Shape: []int{ly.out}, Data: append([]float64(nil), ly.b...)})
	}
	return ws
}

// TestReferenceLearns checks that the reference trainer is a correct one:
// its losses and updates match core's step for step from the same weights,
// and it drives the loss down.
func TestReferenceLearns(t *testing.T) {
	nets := []struct {
		name   string
		net    gtNet
		epochs int
		want   float64 // final mean loss below this share of the first
	}{
		{"keras 2-64-64-1", gtKerasNet(t), 10, 0.3},
		{"digits 64-128-10", gtDigitsNet(t), 5, 0.3},
	}
	for _, tc := range nets {
		t.Run(tc.name, func(t *testing.T) {
			r := newRefMLP(tc.net.sizes, 3)
			m := tc.net.model(t, 1)
			if err := m.SetWeights(r.weights()); err != nil {
				t.Fatal(err)
			}
			for k := range 5 {
				x, y := tc.net.xs[k], tc.net.ys[k]
				got := r.step(x.RawMatrix().Data, y.RawMatrix().Data)
				want, err := m.TrainOnBatch(x, y)
				if err != nil {
					t.Fatal(err)
				}
				if math.Abs(got-want) > 1e-12*math.Max(1, want) {
					t.Fatalf("step %d loss: reference %v, core %v", k, got, want)
				}
				cw := m.GetWeights()
				for i, w := range r.weights() {
					for j, v := range w.Data {
						if d := math.Abs(v - cw[i].Data[j]); d > 1e-9 {
							t.Fatalf("step %d, %s[%d]: reference %v, core %v", k, w.Name, j, v, cw[i].Data[j])
						}
					}
				}
			}
			var first, last float64
			n := len(tc.net.xs)
			for e := range tc.epochs {
				var s float64
				for k := range n {
					s += r.step(tc.net.xs[k].RawMatrix().Data, tc.net.ys[k].RawMatrix().Data)
				}
				if e == 0 {
					first = s / float64(n)
				}
				last = s / float64(n)
			}
			t.Logf("mean loss: first epoch %.4f, epoch %d %.4f", first, tc.epochs, last)
			if last > tc.want*first {
				t.Errorf("reference loss: got %v after %d epochs from %v, want below %v", last, tc.epochs, first, tc.want*first)
			}
		})
	}
}
