package kernel

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

// GatherRows and CountClasses on every kernel path (see backend_test.go for
// how make test-kernels runs this file with the WebAssembly modules): each
// must give the Go loop's result, write nothing outside its output, and
// refuse indices and labels outside their range.

func TestGatherRowsMatchesGo(t *testing.T) {
	t.Parallel()
	rng := testRNG(41)
	for trial := range 300 {
		cols := 1 + rng.IntN(20)
		stride := cols + rng.IntN(3)*(trial%2)
		srcRows := 1 + rng.IntN(40)
		src := make([]float64, (srcRows-1)*stride+cols)
		for i := range src {
			src[i] = elemValue(rng)
		}
		rows := make([]int, rng.IntN(35))
		for i := range rows {
			rows[i] = rng.IntN(srcRows)
		}
		n := len(rows) * cols
		dst, dstBuf := elemBuf(rng, n, elemValue)
		want := clone(dstBuf)
		if n > 0 {
			goGatherRows(want[3:3+n], src, cols, stride, rows)
		}
		srcCopy := clone(src)
		GatherRows(dst, src, cols, stride, rows)
		if !bitsEqual(dstBuf, want) {
			t.Fatalf("trial %d (%d rows of %d, stride %d): got %v, want %v", trial, len(rows), cols, stride, dstBuf, want)
		}
		if !bitsEqual(src, srcCopy) {
			t.Fatalf("trial %d: GatherRows changed its source", trial)
		}
	}
}

func TestCountClassesMatchesGo(t *testing.T) {
	t.Parallel()
	rng := testRNG(43)
	for trial := range 300 {
		cols := 1 + rng.IntN(12)
		k := cols + rng.IntN(2)*(trial%3)
		n := rng.IntN(40)
		sparse := trial%2 == 0
		// Few distinct values, so that rows have ties (the first largest
		// wins), and NaN now and then.
		value := func() float64 {
			if rng.IntN(15) == 0 {
				return math.NaN()
			}
			return float64(rng.IntN(4)) / 4
		}
		p := make([]float64, n*cols)
		for i := range p {
			p[i] = value()
		}
		var y []float64
		if sparse {
			y = make([]float64, n)
			for i := range y {
				// Class indices, some with a fraction or a small negative part
				// (counted as int() truncates them).
				y[i] = float64(rng.IntN(k)) + []float64{0, 0, 0.5, -0.5}[rng.IntN(4)]
				if y[i] < -0.5 {
					y[i] = 0
				}
			}
		} else {
			y = make([]float64, n*cols)
			for i := range y {
				y[i] = value()
			}
		}
		conf, confBuf := elemBuf(rng, k*k, func(r *rand.Rand) float64 { return float64(r.IntN(5)) })
		want := clone(confBuf)
		if n > 0 && goCountClasses(want[3:3+k*k], k, p, y, cols, sparse) != 0 {
			t.Fatalf("trial %d: the Go loop found a label out of range in %v", trial, y)
		}
		CountClasses(conf, k, p, y, cols, sparse)
		if !bitsEqual(confBuf, want) {
			t.Fatalf("trial %d (%d rows of %d, k %d, sparse %v): got %v, want %v", trial, n, cols, k, sparse, confBuf, want)
		}
	}
}

func TestRowPassesRefuseWhatDoesNotFit(t *testing.T) {
	t.Parallel()
	src := []float64{1, 2, 3, 4, 5, 6} // 3 rows of 2
	conf := make([]float64, 4)
	cases := []struct {
		name string
		f    func()
		want string
	}{
		{"a row past the end", func() { GatherRows(make([]float64, 2), src, 2, 2, []int{3}) }, "outside the source"},
		{"a negative row", func() { GatherRows(make([]float64, 2), src, 2, 2, []int{-1}) }, "outside the source"},
		{"a short destination", func() { GatherRows(make([]float64, 3), src, 2, 2, []int{0, 1}) }, "do not fit"},
		{"a stride under the width", func() { GatherRows(make([]float64, 2), src, 2, 1, []int{0}) }, "do not fit"},
		{"a label of the class past the last", func() { CountClasses(conf, 2, []float64{0.3, 0.7}, []float64{2}, 2, true) }, "outside the classes"},
		{"a label of −1", func() { CountClasses(conf, 2, []float64{0.3, 0.7}, []float64{-1}, 2, true) }, "outside the classes"},
		{"a NaN label", func() { CountClasses(conf, 2, []float64{0.3, 0.7}, []float64{math.NaN()}, 2, true) }, "outside the classes"},
		{"fewer labels than rows", func() { CountClasses(conf, 2, []float64{0.3, 0.7, 1, 0}, []float64{1, 0}, 2, false) }, "fewer labels"},
		{"a confusion matrix too small", func() { CountClasses(conf, 3, []float64{0.3, 0.7}, []float64{1}, 2, true) }, "do not fit"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			defer func() {
				r := recover()
				if msg, _ := r.(string); !strings.Contains(msg, c.want) {
					t.Errorf("got panic %v, want one saying %q", r, c.want)
				}
			}()
			c.f()
		})
	}
	// The row 2 of 3 (the last) fits exactly.
	dst := make([]float64, 2)
	GatherRows(dst, src, 2, 2, []int{2})
	checkEqual(t, "GatherRows last row", dst, []float64{5, 6})
}
