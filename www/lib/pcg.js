// pcg.js: Go's math/rand/v2 random source in JavaScript — rand.New(rand.NewPCG(seed1, seed2))
// with the Rand methods gt.tune draws with (IntN, Float64, Perm, Shuffle) — so that the trials
// and folds gt.tune plans here are, draw for draw, those Go's core/tune and core.KFold plan for
// the same seed (build/test/tune_plan.test.mjs checks them against Go). BigInt arithmetic: slow,
// but it runs a few thousand draws per search, never in training.

const M64 = (1n << 64n) - 1n;
const MUL_HI = 2549297995355413924n;
const MUL_LO = 4865540595714422341n;
const INC_HI = 6364136223846793005n;
const INC_LO = 1442695040888963407n;
const CHEAP_MUL = 0xda942042e4dd58b5n;

/** A uint64 as a BigInt from a seed: a non-negative integer Number (≤ 2^53) or a BigInt. */
export function u64(v) {
  return BigInt.asUintN(64, typeof v === 'bigint' ? v : BigInt(v));
}

export class PCG {
  /** rand.New(rand.NewPCG(seed1, seed2)): seeds are uint64s (BigInt or integer Number). */
  constructor(seed1, seed2) {
    this.hi = u64(seed1);
    this.lo = u64(seed2);
  }

  /** The next uint64 (PCG-DXSM), as Go's PCG.Uint64. */
  uint64() {
    // state = state * mul + inc (128 bits)
    const state = (((this.hi << 64n) | this.lo) * ((MUL_HI << 64n) | MUL_LO) + ((INC_HI << 64n) | INC_LO)) & ((1n << 128n) - 1n);
    this.hi = state >> 64n;
    this.lo = state & M64;
    let hi = this.hi;
    hi ^= hi >> 32n;
    hi = (hi * CHEAP_MUL) & M64;
    hi ^= hi >> 48n;
    return (hi * (this.lo | 1n)) & M64;
  }

  /** A uniform integer in [0, n) (Go's Rand.uint64n: Lemire's method, as on 64-bit machines). */
  intN(n) {
    const N = BigInt(n);
    if ((N & (N - 1n)) === 0n) return Number(this.uint64() & (N - 1n));
    let p = this.uint64() * N;
    if ((p & M64) < N) {
      const thresh = ((1n << 64n) - N) % N;
      while ((p & M64) < thresh) p = this.uint64() * N;
    }
    return Number(p >> 64n);
  }

  /** A uniform number in [0, 1), as Go's Rand.Float64. */
  float64() {
    return Number(this.uint64() & ((1n << 53n) - 1n)) / 2 ** 53;
  }

  /** Fisher–Yates, as Go's Rand.Shuffle. */
  shuffle(n, swap) {
    for (let i = n - 1; i > 0; i--) swap(i, this.intN(i + 1));
  }

  /** A permutation of 0…n−1, as Go's Rand.Perm. */
  perm(n) {
    const p = Array.from({ length: n }, (_, i) => i);
    this.shuffle(n, (i, j) => {
      [p[i], p[j]] = [p[j], p[i]];
    });
    return p;
  }
}

/** Shuffles the array a in place with rng (Go: rng.Shuffle(len(a), swap)). */
export function shuffleArray(rng, a) {
  rng.shuffle(a.length, (i, j) => {
    [a[i], a[j]] = [a[j], a[i]];
  });
  return a;
}
