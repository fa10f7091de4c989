// Package strsort sorts string slices in place with a small heapsort.
//
// It exists for the WebAssembly build: sort.Strings and slices.Sort pull in
// the generic pattern-defeating quicksort, whose instantiations cost several
// KB (brotli) in gotrain.wasm, while the slices sorted here (map keys, field
// names) are short and sorted rarely. The web build compiles this package
// without inlining (it is not in the Makefile's WASM_INLINE), so sift stays
// one function there without a //go:noinline. The order is sort.Strings' (byte-wise
// string comparison); the sort is not stable, which does not matter for
// strings: equal strings are indistinguishable.
package strsort

// Strings sorts s in increasing order, in place, in O(n log n) time without
// allocating.
func Strings(s []string) {
	n := len(s)
	for i := n/2 - 1; i >= 0; i-- {
		sift(s, i, n)
	}
	for end := n - 1; end > 0; end-- {
		s[0], s[end] = s[end], s[0]
		sift(s, 0, end)
	}
}

// sift moves s[root] down the max-heap s[:n] to its place.
func sift(s []string, root, n int) {
	for {
		child := 2*root + 1
		if child >= n {
			return
		}
		if child+1 < n && s[child] < s[child+1] {
			child++
		}
		if s[root] >= s[child] {
			return
		}
		s[root], s[child] = s[child], s[root]
		root = child
	}
}
