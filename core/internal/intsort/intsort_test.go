package intsort

import (
	"cmp"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
)

// TestStableMatchesSortStableFunc checks Stable against
// slices.SortStableFunc on keys with many ties, no ties and all equal, at
// lengths around the insertion-sort runs and the merge widths.
func TestStableMatchesSortStableFunc(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(7, 8))
	keys := []struct {
		name string
		key  func(n int) int
	}{
		{"few distinct", func(n int) int { return rng.IntN(3) }},
		{"distinct", func(n int) int { return rng.IntN(1 << 30) }},
		{"all equal", func(int) int { return 5 }},
		{"descending", func(n int) int { return -n }},
	}
	for _, n := range []int{0, 1, 2, 3, 15, 16, 17, 31, 32, 33, 64, 100, 257, 1000} {
		for _, k := range keys {
			key := make([]int, n)
			for i := range key {
				key[i] = k.key(i)
			}
			in := rng.Perm(n)
			want := slices.Clone(in)
			slices.SortStableFunc(want, func(a, b int) int { return cmp.Compare(key[a], key[b]) })
			got := slices.Clone(in)
			Stable(got, func(a, b int) bool { return key[a] < key[b] })
			if !slices.Equal(got, want) {
				t.Fatalf("n=%d, %s keys: got %v, want %v", n, k.name, got, want)
			}
		}
	}
}

func ExampleStable() {
	names := []string{"b", "a", "c", "a"}
	idx := []int{0, 1, 2, 3}
	Stable(idx, func(i, j int) bool { return names[i] < names[j] })
	fmt.Println(idx)
	// Output: [1 3 0 2]
}
