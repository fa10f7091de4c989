package core

import (
	"math"
	"math/rand/v2"
	"strings"

	"github.com/gotrain/gotrain/core/internal/cut"
	"github.com/gotrain/gotrain/core/internal/fmtlite"
)

// Initializer fills a new kernel of fanIn×fanOut weights.
type Initializer int

// The kernel initializers, named as in Keras and TF.js.
const (
	GlorotUniform Initializer = iota
	GlorotNormal
	HeUniform
	HeNormal
	Zeros
)

var initializerNames = [...]string{"glorotUniform", "glorotNormal", "heUniform", "heNormal", "zeros"}

// String returns the initializer's name as the API spells it.
func (in Initializer) String() string {
	if in < 0 || int(in) >= len(initializerNames) {
		return fmtlite.Sprintf("Initializer(%d)", int(in))
	}
	return initializerNames[in]
}

// ParseInitializer returns the initializer with the given name; "" means
// glorotUniform, Keras' default. snake_case spellings are accepted too.
func ParseInitializer(name string) (Initializer, error) {
	if name == "" {
		return GlorotUniform, nil
	}
	key := strings.ToLower(strings.ReplaceAll(name, "_", ""))
	for i, n := range initializerNames {
		if strings.ToLower(n) == key {
			return Initializer(i), nil
		}
	}
	return 0, fmtlite.Errorf("unknown initializer %s (known: %s)", cut.Quoted(name), strings.Join(initializerNames[:], ", "))
}

// fill writes fanIn·fanOut initial weights into w, drawing from rng.
// The normal variants are truncated at two standard deviations, as in Keras.
func (in Initializer) fill(w []float64, fanIn, fanOut int, rng *rand.Rand) {
	switch in {
	case Zeros:
		clear(w)
	case GlorotUniform:
		uniform(w, math.Sqrt(6/float64(fanIn+fanOut)), rng)
	case HeUniform:
		uniform(w, math.Sqrt(6/float64(fanIn)), rng)
	case GlorotNormal:
		truncatedNormal(w, math.Sqrt(2/float64(fanIn+fanOut)), rng)
	case HeNormal:
		truncatedNormal(w, math.Sqrt(2/float64(fanIn)), rng)
	default:
		panic("core: unknown initializer")
	}
}

func uniform(w []float64, limit float64, rng *rand.Rand) {
	for i := range w {
		w[i] = (2*rng.Float64() - 1) * limit
	}
}

// truncatedNormal draws from N(0, σ²) truncated to ±2σ, scaling σ so that the
// truncated distribution has the target standard deviation (as Keras'
// variance-scaling initializers do: 0.87962566103423978 is the std-dev of a
// unit normal truncated to ±2).
func truncatedNormal(w []float64, std float64, rng *rand.Rand) {
	s := std / 0.87962566103423978
	for i := range w {
		v := rng.NormFloat64()
		for math.Abs(v) > 2 {
			v = rng.NormFloat64()
		}
		w[i] = v * s
	}
}
