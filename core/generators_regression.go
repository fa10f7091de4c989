package core

import (
	"math"
	"math/rand/v2"
)

// RegressionGeneratorNames lists the regression datasets Generate knows,
// TensorFlow Playground's two: n points uniform in [-6, 6]² (features x1,
// x2), each with one target near [-1, 1], for meanSquaredError.
//
//   - "plane": the target is (x1 + x2)/10, a tilted plane.
//   - "multiGaussian": six bumps on a 3×2 grid at x1 ∈ {-4, 0, 4}, x2 ∈
//     {2.5, -2.5}, alternately +1 and -1 at their centres and falling
//     linearly to 0 at distance 2; the target is the bump largest in
//     magnitude (0 between them).
//
// As in the Playground, noise moves the point at which the target is read,
// not the point: by noise·u in each coordinate, u uniform in [-6, 6] (noise
// 0.5 is the Playground's noise 50).
var RegressionGeneratorNames = []string{"plane", "multiGaussian"}

// regressionRadius is the half-width of the square the points fill.
const regressionRadius = 6

// genRegression fills x with uniform points and y with target(the point
// moved by the noise).
func genRegression(x, y []float64, noise float64, rng *rand.Rand, target func(x1, x2 float64) float64) {
	for i := range y {
		a := uniformIn(rng, -regressionRadius, regressionRadius)
		b := uniformIn(rng, -regressionRadius, regressionRadius)
		na := noise * uniformIn(rng, -regressionRadius, regressionRadius)
		nb := noise * uniformIn(rng, -regressionRadius, regressionRadius)
		x[2*i], x[2*i+1] = a, b
		y[i] = target(a+na, b+nb)
	}
}

func genPlane(x, y []float64, noise float64, rng *rand.Rand) {
	genRegression(x, y, noise, rng, func(a, b float64) float64 { return (a + b) / 10 })
}

// multiGaussianBumps are the bumps' centres and signs.
var multiGaussianBumps = [6][3]float64{{-4, 2.5, 1}, {0, 2.5, -1}, {4, 2.5, 1}, {-4, -2.5, -1}, {0, -2.5, 1}, {4, -2.5, -1}}

func genMultiGaussian(x, y []float64, noise float64, rng *rand.Rand) {
	genRegression(x, y, noise, rng, func(a, b float64) float64 {
		label := 0.0
		for _, g := range multiGaussianBumps {
			h := g[2] * math.Max(0, 1-math.Hypot(a-g[0], b-g[1])/2)
			if math.Abs(h) > math.Abs(label) {
				label = h
			}
		}
		return label
	})
}
