package core

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

func BenchmarkGemmNN(b *testing.B) { benchGemm(b, gemmNN, 32, 64, 64, 32*64, 64*64) }
func BenchmarkGemmTN(b *testing.B) { benchGemm(b, gemmTN, 64, 64, 32, 32*64, 32*64) }
func BenchmarkGemmNT(b *testing.B) { benchGemm(b, gemmNT, 32, 64, 64, 32*64, 64*64) }

// BenchmarkGemmSmall is dominated by the cost of a call (in the web build,
// Go → JavaScript forwarder → kernel module).
func BenchmarkGemmSmall(b *testing.B) { benchGemm(b, gemmNN, 4, 4, 4, 4*64, 4*64) }
