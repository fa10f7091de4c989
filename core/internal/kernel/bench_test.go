package kernel

import (
	"math/rand/v2"
	"testing"
)

// The shapes of the Keras example's 64×64 hidden layer at batch 32: the
// forward product, the kernel gradient and the input gradient. Run in wasm
// with GOOS=js GOARCH=wasm go test -exec=$(go env GOROOT)/lib/wasm/go_js_wasm_exec.
func benchGemm(b *testing.B, f func(m, n, k int, a []float64, lda int, bb []float64, ldb int, c []float64, ldc int, acc bool), m, n, k int, lenA, lenB int) {
	rng := rand.New(rand.NewPCG(1, 2))
	a := make([]float64, lenA)
	bb := make([]float64, lenB)
	for i := range a {
		a[i] = rng.Float64()
	}
	for i := range bb {
		bb[i] = rng.Float64()
	}
	c := make([]float64, m*n)
	b.ResetTimer()
	for range b.N {
		f(m, n, k, a, 64, bb, 64, c, n, false) // every operand here is 64 wide
	}
	b.ReportMetric(float64(2*m*n*k)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
}

func BenchmarkGemmNN(b *testing.B) { benchGemm(b, GemmNN, 32, 64, 64, 32*64, 64*64) }
func BenchmarkGemmTN(b *testing.B) { benchGemm(b, GemmTN, 64, 64, 32, 32*64, 32*64) }
func BenchmarkGemmNT(b *testing.B) { benchGemm(b, GemmNT, 32, 64, 64, 32*64, 64*64) }

// BenchmarkGemmSmall is dominated by the cost of a call (in the web build,
// Go → JavaScript forwarder → kernel module).
func BenchmarkGemmSmall(b *testing.B) { benchGemm(b, GemmNN, 4, 4, 4, 4*64, 4*64) }

// BenchmarkAdamSubnormal measures what core's optimizer flush (flushTiny)
// avoids: Adam's update
// over the Keras example's 4,353 parameters with a zero gradient, with m
// normal (1e-3) or subnormal (1e-310). β1 = β2 = 1 keep m and v where they
// start, so every iteration sees the same values:
//
//	go test -run X -bench AdamSubnormal ./core/internal/kernel
func BenchmarkAdamSubnormal(b *testing.B) {
	const n = 2*64 + 64 + 64*64 + 64 + 64 + 1
	for _, c := range []struct {
		name string
		m    float64
	}{{"normal", 1e-3}, {"subnormal", 1e-310}} {
		b.Run(c.name, func(b *testing.B) {
			w, g, m, v := make([]float64, n), make([]float64, n), make([]float64, n), make([]float64, n)
			for i := range m {
				w[i], m[i], v[i] = 0.5, c.m, 1e-2
			}
			for b.Loop() {
				goAdam(w, g, m, v, 1, 1, 0, 0, -0.01, 1, 1e-7)
			}
		})
	}
}
