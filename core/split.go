package core

import (
	"cmp"
	"errors"
	"math"
	"math/rand/v2"
	"slices"

	"github.com/gotrain/gotrain/core/internal/fmtlite"
	"github.com/gotrain/gotrain/core/internal/intsort"
	"github.com/gotrain/gotrain/core/internal/mat"
)

// splitStream is the second PCG word of Split's random source, so that a
// split and, say, a weight initialisation from the same seed are unrelated.
const splitStream = 0x5b1d_70e5_75b1_17a5

// SplitOptions configures Split.
type SplitOptions struct {
	// TestFraction is the share of the examples that goes to the test part,
	// strictly between 0 and 1. The test part gets round(TestFraction × n)
	// examples, but always at least one and at most n-1.
	TestFraction float64
	// Seed seeds the shuffle: the same seed and data give the same split.
	Seed uint64
	// Stratify keeps each class's share of the examples (as nearly as whole
	// examples allow) the same in both parts. The labels must then be class
	// indices (see NumClasses).
	Stratify bool
}

// Split shuffles d's examples with a seeded source and deals them into a
// training part and a test part, both non-empty and both in shuffled order.
// Every example lands in exactly one part. The parts copy d's rows and names,
// so that changing one never changes d or the other.
func Split(d *Dataset, opt SplitOptions) (train, test *Dataset, err error) {
	if d == nil || d.X == nil || d.X.IsEmpty() {
		return nil, nil, errors.New("split: no data")
	}
	n := d.Len()
	if d.Y == nil || d.Y.IsEmpty() {
		return nil, nil, errors.New("split: no labels")
	}
	if yr, _ := d.Y.Dims(); yr != n {
		return nil, nil, fmtlite.Errorf("split: %d feature rows but %d label rows", n, yr)
	}
	f := opt.TestFraction
	if !(f > 0 && f < 1) { // also rejects NaN
		return nil, nil, fmtlite.Errorf("split: testFraction must be in (0, 1), got %v", f)
	}
	if n < 2 {
		return nil, nil, fmtlite.Errorf("split: need at least 2 examples to make two non-empty parts, got %d", n)
	}
	nTest := min(max(int(math.Round(f*float64(n))), 1), n-1)
	// Both parts' copies of the rows, and the shuffled order.
	_, xc := d.X.Dims()
	_, yc := d.Y.Dims()
	if err := CheckMemory("split", "the two parts", cellBytes(n, xc+yc+2)); err != nil {
		return nil, nil, err
	}
	rng := rand.New(rand.NewPCG(opt.Seed, splitStream))

	var trainIdx, testIdx []int
	if !opt.Stratify {
		perm := rng.Perm(n)
		testIdx, trainIdx = perm[:nTest], perm[nTest:]
	} else {
		labels, k, err := classLabels("split: stratify", d.Y)
		if err != nil {
			return nil, nil, err
		}
		byClass := make([][]int, k)
		for i, c := range labels {
			byClass[c] = append(byClass[c], i)
		}
		quota := stratifiedQuotas(byClass, f, nTest, rng)
		trainIdx = make([]int, 0, n-nTest)
		testIdx = make([]int, 0, nTest)
		for c, members := range byClass {
			rng.Shuffle(len(members), func(i, j int) { members[i], members[j] = members[j], members[i] })
			testIdx = append(testIdx, members[:quota[c]]...)
			trainIdx = append(trainIdx, members[quota[c]:]...)
		}
		// Interleave the classes.
		rng.Shuffle(len(testIdx), func(i, j int) { testIdx[i], testIdx[j] = testIdx[j], testIdx[i] })
		rng.Shuffle(len(trainIdx), func(i, j int) { trainIdx[i], trainIdx[j] = trainIdx[j], trainIdx[i] })
	}
	return Subset(d, trainIdx), Subset(d, testIdx), nil
}

// sortByRemainder sorts the class indices order by decreasing rem, stably
// (classes with equal remainders keep their order), as
// slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(rem[b], rem[a]) })
// does.
func sortByRemainder(order []int, rem []float64) {
	intsort.Stable(order, func(a, b int) bool { return cmp.Compare(rem[b], rem[a]) < 0 })
}

// stratifiedQuotas decides how many examples of each class go to the test
// part: floor(f × count) each, then one more for the classes with the largest
// remainders (ties broken at random) until the quotas add up to nTest.
func stratifiedQuotas(byClass [][]int, f float64, nTest int, rng *rand.Rand) []int {
	k := len(byClass)
	quota := make([]int, k)
	rem := make([]float64, k)
	total := 0
	for c, members := range byClass {
		q := f * float64(len(members))
		quota[c] = min(int(math.Floor(q)), len(members))
		rem[c] = q - float64(quota[c])
		total += quota[c]
	}
	order := rng.Perm(k)
	sortByRemainder(order, rem)
	// total ≤ nTest ≤ n-1 always holds; the loops are written to end even
	// if rounding ever broke that.
	for total < nTest {
		progress := false
		for _, c := range order {
			if total == nTest {
				break
			}
			if quota[c] < len(byClass[c]) {
				quota[c]++
				total++
				progress = true
			}
		}
		if !progress {
			break
		}
	}
	for total > nTest {
		progress := false
		for i := len(order) - 1; i >= 0 && total > nTest; i-- {
			if c := order[i]; quota[c] > 0 {
				quota[c]--
				total--
				progress = true
			}
		}
		if !progress {
			break
		}
	}
	return quota
}

// Subset returns a new Dataset holding copies of d's examples at the given
// row indices, in that order (an index may repeat), with copies of d's
// names. With no indices, X and Y are nil and Len is 0. Subset panics if an
// index is out of range, like a slice index.
func Subset(d *Dataset, idx []int) *Dataset {
	out := &Dataset{
		FeatureNames: slices.Clone(d.FeatureNames),
		ClassNames:   slices.Clone(d.ClassNames),
	}
	if len(idx) == 0 {
		return out
	}
	out.X = copyRows(d.X, idx)
	if d.Y != nil {
		out.Y = copyRows(d.Y, idx)
	}
	return out
}

// copyRows returns a new matrix made of m's rows at idx.
func copyRows(m *mat.Dense, idx []int) *mat.Dense {
	_, cols := m.Dims()
	data := make([]float64, 0, len(idx)*cols)
	for _, i := range idx {
		data = append(data, m.RawRowView(i)...)
	}
	return mat.NewDense(len(idx), cols, data)
}
