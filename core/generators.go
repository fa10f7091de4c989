package core

import (
	"math"
	"math/rand/v2"
	"strings"

	"github.com/gotrain/gotrain/core/internal/cut"
	"github.com/gotrain/gotrain/core/internal/fmtlite"
	"github.com/gotrain/gotrain/core/internal/mat"
)

// GeneratorNames lists the toy datasets Generate knows, in the order a menu
// would show them.
var GeneratorNames = []string{"circle", "xor", "gaussian", "spiral", "moons"}

// MaxGenerated bounds the number of examples Generate makes.
const MaxGenerated = 1_000_000

// maxNoise bounds Generate's noise: far beyond any use (at 100 the points
// are noise 500 wide), and it keeps every coordinate finite.
const maxNoise = 100

// generatorStream is the second PCG word of Generate's random source.
const generatorStream = 0x6e6e_7261_7465_2d32

// Generate makes a two-dimensional, two-class toy dataset like those of
// TensorFlow Playground: n examples with features "x1" and "x2" and labels 0
// and 1, the classes as equal in size as n allows, in shuffled order.
// Points lie roughly in [-6, 6]², the Playground's square.
//
//   - "circle": class 1 is a disk of radius 2.5 around the origin, class 0 a
//     ring from radius 3.5 to 5 around it.
//   - "xor": points in [-5.3, 5.3]², kept 0.3 away from the axes; class 1 where
//     x1 and x2 have the same sign (first and third quadrants).
//   - "gaussian": two round clouds of standard deviation 1/√2 (before noise),
//     class 1 around (2, 2) and class 0 around (-2, -2).
//   - "spiral": two interleaved arms, each turning 1.75 times while its radius
//     grows from 0 to 5; class 1 starts upwards, class 0 downwards.
//   - "moons": scikit-learn's make_moons, centred and scaled by 3 so that each
//     half-circle has radius 3: class 0 is the upper moon, class 1 the lower.
//
// noise is the standard deviation of Gaussian noise added to each coordinate,
// relative to the dataset's natural scale: the radius of the pattern, 5, for
// circle, xor, gaussian and spiral, and the moon radius, 3, for moons (so
// that noise means what it means to make_moons). noise 0 gives the clean
// pattern; labels always follow the clean point, so noise makes the classes
// overlap. As a guide: at 0.05 every pattern is still clear; at 0.1 the
// spiral's arms run together while the others overlap only at their edges;
// at 0.3 only gaussian and moons remain roughly separable.
//
// noise must be between 0 and 100. The same name, n, noise and seed always
// give the same bits.
//
// Generate also makes the regression datasets of RegressionGeneratorNames,
// whose labels are targets rather than classes.
func Generate(name string, n int, noise float64, seed uint64) (*Dataset, error) {
	gen, ok := generators[strings.ToLower(strings.TrimSpace(name))]
	if !ok {
		known := append(append([]string(nil), GeneratorNames...), RegressionGeneratorNames...)
		return nil, fmtlite.Errorf("unknown dataset %s (known: %s)", cut.Quoted(name), strings.Join(known, ", "))
	}
	if n < 1 || n > MaxGenerated {
		return nil, fmtlite.Errorf("generate: number of examples must be between 1 and %d, got %d", MaxGenerated, n)
	}
	if !(noise >= 0 && noise <= maxNoise) { // also rejects NaN
		return nil, fmtlite.Errorf("generate: noise must be between 0 and %v, got %v", maxNoise, noise)
	}
	if err := CheckMemory("generate", "the dataset", cellBytes(n, 3)); err != nil {
		return nil, err
	}
	rng := rand.New(rand.NewPCG(seed, generatorStream))
	x := make([]float64, 2*n)
	y := make([]float64, n)
	gen(x, y, noise, rng)
	// Shuffle the examples, so that any slice of them has both classes.
	rng.Shuffle(n, func(i, j int) {
		x[2*i], x[2*j] = x[2*j], x[2*i]
		x[2*i+1], x[2*j+1] = x[2*j+1], x[2*i+1]
		y[i], y[j] = y[j], y[i]
	})
	return &Dataset{
		X:            mat.NewDense(n, 2, x),
		Y:            mat.NewDense(n, 1, y),
		FeatureNames: []string{"x1", "x2"},
	}, nil
}

// A generator fills x (n rows of 2, row-major) and y (n labels) with the
// pattern plus noise, class by class; Generate shuffles the result.
type generator func(x, y []float64, noise float64, rng *rand.Rand)

var generators = map[string]generator{
	"circle":   genCircle,
	"xor":      genXOR,
	"gaussian": genGaussian,
	"spiral":   genSpiral,
	"moons":    genMoons,
	// The regression datasets (generators_regression.go).
	"plane":         genPlane,
	"multigaussian": genMultiGaussian,
}

// playgroundScale is the radius of the Playground patterns, in which their
// noise is measured.
const playgroundScale = 5

func uniformIn(rng *rand.Rand, lo, hi float64) float64 { return lo + (hi-lo)*rng.Float64() }

func genCircle(x, y []float64, noise float64, rng *rand.Rand) {
	const radius = playgroundScale
	sd := noise * playgroundScale
	half := (len(y) + 1) / 2
	for i := range y {
		var r float64
		if i < half {
			y[i] = 1
			r = uniformIn(rng, 0, radius*0.5)
		} else {
			y[i] = 0
			r = uniformIn(rng, radius*0.7, radius)
		}
		angle := uniformIn(rng, 0, 2*math.Pi)
		x[2*i] = r*math.Sin(angle) + sd*rng.NormFloat64()
		x[2*i+1] = r*math.Cos(angle) + sd*rng.NormFloat64()
	}
}

func genXOR(x, y []float64, noise float64, rng *rand.Rand) {
	const padding = 0.3
	sd := noise * playgroundScale
	half := (len(y) + 1) / 2
	for i := range y {
		a := uniformIn(rng, 0, playgroundScale) + padding
		b := uniformIn(rng, 0, playgroundScale) + padding
		if rng.IntN(2) == 0 {
			a = -a
		}
		if i < half { // same signs
			y[i] = 1
			if a < 0 {
				b = -b
			}
		} else {
			y[i] = 0
			if a > 0 {
				b = -b
			}
		}
		x[2*i] = a + sd*rng.NormFloat64()
		x[2*i+1] = b + sd*rng.NormFloat64()
	}
}

func genGaussian(x, y []float64, noise float64, rng *rand.Rand) {
	const center = 2.0
	// The clouds' own spread and the noise add as variances.
	sd := math.Sqrt(0.5 + (noise*playgroundScale)*(noise*playgroundScale))
	half := (len(y) + 1) / 2
	for i := range y {
		c := -center
		if i < half {
			y[i] = 1
			c = center
		}
		x[2*i] = c + sd*rng.NormFloat64()
		x[2*i+1] = c + sd*rng.NormFloat64()
	}
}

func genSpiral(x, y []float64, noise float64, rng *rand.Rand) {
	sd := noise * playgroundScale
	half := (len(y) + 1) / 2
	arm := func(start, count int, label, deltaT float64) {
		for i := range count {
			t := float64(i) / float64(count)
			r := t * playgroundScale
			angle := 1.75*t*2*math.Pi + deltaT
			k := start + i
			y[k] = label
			x[2*k] = r*math.Sin(angle) + sd*rng.NormFloat64()
			x[2*k+1] = r*math.Cos(angle) + sd*rng.NormFloat64()
		}
	}
	arm(0, half, 1, 0)
	arm(half, len(y)-half, 0, math.Pi)
}

// genMoons follows scikit-learn's make_moons: ⌊n/2⌋ points on the upper
// half-circle of radius 1 around (0, 0), class 0, and the rest on the lower
// one around (1, 0.5), class 1, evenly spaced, with noise·1 added; then the
// whole is centred on the origin and scaled by 3.
func genMoons(x, y []float64, noise float64, rng *rand.Rand) {
	const scale = 3
	nOut := len(y) / 2
	nIn := len(y) - nOut
	// linspace(0, π, m)[i]
	angle := func(i, m int) float64 {
		if m < 2 {
			return 0
		}
		return math.Pi * float64(i) / float64(m-1)
	}
	for i := range nOut {
		a := angle(i, nOut)
		y[i] = 0
		x[2*i] = math.Cos(a)
		x[2*i+1] = math.Sin(a)
	}
	for i := range nIn {
		a := angle(i, nIn)
		k := nOut + i
		y[k] = 1
		x[2*k] = 1 - math.Cos(a)
		x[2*k+1] = 1 - math.Sin(a) - 0.5
	}
	for i := range y {
		x[2*i] = scale * (x[2*i] + noise*rng.NormFloat64() - 0.5)
		x[2*i+1] = scale * (x[2*i+1] + noise*rng.NormFloat64() - 0.25)
	}
}
