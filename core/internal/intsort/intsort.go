// Package intsort sorts int slices stably with a small merge sort (insertion
// sort for runs of 16, then merges): the order slices.SortStableFunc gives
// for the same comparison.
//
// It exists for the WebAssembly build: slices.SortStableFunc's generic
// instantiation adds about 4.5 KB of brotli to gotrain.wasm (measured on
// core.Split, its one caller), while the slices sorted here are short (one
// entry per class) and sorted once per call. See build/wasmsize.md.
package intsort

// Stable sorts s in place by before, a strict weak order ("a goes strictly
// before b"), keeping the original order of elements neither of which goes
// before the other. It allocates a buffer of len(s) when len(s) > 16.
func Stable(s []int, before func(a, b int) bool) {
	n := len(s)
	const run = 16
	for lo := 0; lo < n; lo += run {
		hi := min(lo+run, n)
		for i := lo + 1; i < hi; i++ {
			for j := i; j > lo && before(s[j], s[j-1]); j-- {
				s[j], s[j-1] = s[j-1], s[j]
			}
		}
	}
	if n <= run {
		return
	}
	buf := make([]int, n)
	src, dst := s, buf
	for width := run; width < n; width *= 2 {
		for lo := 0; lo < n; lo += 2 * width {
			mid, hi := min(lo+width, n), min(lo+2*width, n)
			i, j, k := lo, mid, lo
			for i < mid && j < hi {
				// Take from the right only if strictly before: stable.
				if before(src[j], src[i]) {
					dst[k] = src[j]
					j++
				} else {
					dst[k] = src[i]
					i++
				}
				k++
			}
			k += copy(dst[k:], src[i:mid])
			copy(dst[k:], src[j:hi])
		}
		src, dst = dst, src
	}
	if &src[0] != &s[0] {
		copy(s, src)
	}
}
