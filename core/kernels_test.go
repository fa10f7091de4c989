package core

import (
	"os"
	"testing"

	"github.com/gotrain/gotrain/core/internal/mat"
)

// The products themselves are tested in core/internal/kernel; these tests
// cover the core-side helpers the layers call.

func TestMulWrappers(t *testing.T) {
	a := thMat(2, 3, 1, 2, 3, 4, 5, 6)
	b := thMat(3, 2, 1, 0, 0, 1, 1, 1)
	dst := thMat(2, 2)
	mulNN(dst, a, b, false)
	thCheckClose(t, "mulNN", raw(dst), []float64{4, 5, 10, 11}, 0, 0)
	mulNN(dst, a, b, true)
	thCheckClose(t, "mulNN acc", raw(dst), []float64{8, 10, 20, 22}, 0, 0)
	// aᵀ·a: 3×3
	ata := thMat(3, 3)
	mulTN(ata, a, a, false)
	thCheckClose(t, "mulTN", raw(ata), []float64{17, 22, 27, 22, 29, 36, 27, 36, 45}, 0, 0)
	// a·aᵀ: 2×2
	aat := thMat(2, 2)
	mulNT(aat, a, a, false)
	thCheckClose(t, "mulNT", raw(aat), []float64{14, 32, 32, 77}, 0, 0)

	for _, tc := range []struct {
		name string
		f    func()
	}{
		{"mulNN inner", func() { mulNN(thMat(2, 2), a, a, false) }},
		{"mulNN dst", func() { mulNN(thMat(3, 2), a, b, false) }},
		{"mulTN", func() { mulTN(thMat(3, 3), a, b, false) }},
		{"mulNT", func() { mulNT(thMat(2, 2), a, b, false) }},
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s with mismatched shapes did not panic", tc.name)
				}
			}()
			tc.f()
		}()
	}
}

// TestResize checks shapes and that shrinking and regrowing within the
// first capacity does not allocate new storage.
func TestResize(t *testing.T) {
	var m mat.Dense
	resize(&m, 4, 5)
	if r, c := m.Dims(); r != 4 || c != 5 {
		t.Fatalf("Dims = %d×%d, want 4×5", r, c)
	}
	first := &raw(&m)[0]
	resize(&m, 4, 5)
	if &raw(&m)[0] != first {
		t.Errorf("resize to the same shape reallocated")
	}
	resize(&m, 2, 3)
	if r, c := m.Dims(); r != 2 || c != 3 || len(raw(&m)) != 6 {
		t.Fatalf("after shrinking: %d×%d with %d values, want 2×3 with 6", r, c, len(raw(&m)))
	}
	if &raw(&m)[0] != first {
		t.Errorf("shrinking reallocated")
	}
	resize(&m, 5, 4)
	if &raw(&m)[0] != first {
		t.Errorf("regrowing within capacity reallocated")
	}
	resize(&m, 10, 10)
	if r, c := m.Dims(); r != 10 || c != 10 {
		t.Fatalf("Dims = %d×%d, want 10×10", r, c)
	}
}

// TestKernelBackend checks that the kernel the runner was asked for is the
// one core trains with (GOTRAIN_KERNEL, set by make test-kernels), so that a
// module that failed to load cannot pass for it.
func TestKernelBackend(t *testing.T) {
	got := KernelBackend()
	t.Logf("KernelBackend() = %q", got)
	switch want := os.Getenv("GOTRAIN_KERNEL"); want {
	case "":
		if got != "go" && got != "simd" && got != "scalar" {
			t.Errorf("KernelBackend() = %q, want go, simd or scalar", got)
		}
	default:
		if got != want {
			t.Errorf("KernelBackend() = %q, want %q (GOTRAIN_KERNEL)", got, want)
		}
	}
}
