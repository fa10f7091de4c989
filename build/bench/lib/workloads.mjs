// The benchmark workloads, shared by every JavaScript runner (Node and the
// bench page). build/bench/benchdata/benchdata.go has the same definitions for
// the Go programs: keep them in step.

/** Training settings for every implementation. */
export const TRAIN = { epochs: 20, batchSize: 32, lr: 0.01 };

/**
 * The untimed warm-up of every run, the same rule for every implementation:
 * a throw-away model (seed + 1000) fits `epochs` epochs at a time until at
 * least `ms` milliseconds have passed (at least once). JavaScript engines
 * run WebAssembly on a baseline compile until a function has run enough to
 * be recompiled by the optimizing compiler, and JavaScript on its
 * interpreter and baseline tiers likewise: one epoch is not enough to reach
 * steady speed (Go-in-wasm ran 2–3× slower in its first ~100 ms). Returns
 * { epochs, ms } actually spent.
 */
export async function warmUp(impl, w, data, seed, epochs, ms) {
  if (!(epochs > 0)) return { epochs: 0, ms: 0 };
  const m = await impl.build(w, data, seed + 1000);
  const t0 = performance.now();
  let n = 0;
  try {
    do {
      await m.fit(epochs);
      n += epochs;
    } while (performance.now() - t0 < ms);
  } finally {
    await m.dispose();
  }
  return { epochs: n, ms: performance.now() - t0 };
}

/** The default of --min-ms: the least timed fit wall time a run accumulates (see timedFits). */
export const MIN_MS = 1000;

/**
 * The timed phase of every run, the same rule for every implementation
 * (benchdata.Flags.TimedFits is its Go twin): fits of `epochs` epochs, each
 * on a fresh model built with `seed` outside the timing, repeated until at
 * least `minMs` milliseconds of timed fit wall time have accumulated, at
 * least once (minMs 0: one fit). One fit of a small workload lasts 10–70 ms,
 * where a noisy machine's hiccups are most of what is measured; a window of a
 * second measures the training. Accuracy and loss are the FIRST fit's (after
 * `epochs` epochs, as with a single fit); the accuracy pass, model building
 * and dispose are untimed. Options: cpuMs() (the process's CPU time in ms,
 * summed over the timed fits), beforeFit() (awaited, untimed, before each
 * fit; the page yields a task there), now() (the clock; tests pass a fake).
 * Returns { trainMs, cpuMs, fits, accuracy, loss }.
 */
export async function timedFits(impl, w, data, seed, epochs, minMs, { cpuMs, beforeFit, now = () => performance.now() } = {}) {
  let trainMs = 0;
  let cpu = 0;
  let fits = 0;
  let first;
  do {
    const m = await impl.build(w, data, seed);
    try {
      await beforeFit?.();
      const c0 = cpuMs?.();
      const t0 = now();
      const loss = await m.fit(epochs);
      trainMs += now() - t0;
      if (cpuMs) cpu += cpuMs() - c0;
      fits++;
      first ??= { loss, accuracy: await m.accuracy() };
    } finally {
      await m.dispose();
    }
  } while (trainMs < minMs);
  return { trainMs, cpuMs: cpuMs ? cpu : undefined, fits, accuracy: first.accuracy, loss: first.loss };
}

/**
 * file is relative to the repository root. out 1 means a sigmoid output with
 * binary cross-entropy, out > 1 softmax with categorical cross-entropy.
 */
export const WORKLOADS = {
  spiral: {
    name: 'spiral', file: 'build/bench/data/spiral.csv', in: 2, hidden: [64, 64], out: 1, scale: 1,
    loss: 'binaryCrossentropy', label: 'spiral (1000×2, 2→64→64→1, BCE)',
  },
  blobs: {
    name: 'blobs', file: 'build/bench/data/blobs.csv', in: 4, hidden: [32], out: 3, scale: 1,
    loss: 'categoricalCrossentropy', label: 'blobs (1000×4, 4→32→3, CCE)',
  },
  digits: {
    name: 'digits', file: 'www/data/digits.csv', in: 64, hidden: [128], out: 10, scale: 1 / 16,
    loss: 'categoricalCrossentropy', label: 'digits (1797×64, 64→128→10, CCE)',
  },
};

export const WORKLOAD_NAMES = Object.keys(WORKLOADS);

/** Layer sizes [in, ...hidden, out]. */
export const sizes = (w) => [w.in, ...w.hidden, w.out];

/** Number of classes (2 for the single sigmoid output). */
export const classes = (w) => Math.max(w.out, 2);

/**
 * Parses a workload's CSV text (header row, label last):
 * { n, x: Float64Array n×in (scaled), labels: Int32Array, y: Float64Array n×out targets }.
 */
export function parseWorkload(w, text) {
  const lines = text.split('\n').map((l) => l.trim()).filter((l) => l);
  const n = lines.length - 1;
  const x = new Float64Array(n * w.in);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const cells = lines[i + 1].split(',');
    if (cells.length !== w.in + 1) throw new Error(`${w.file}: row ${i + 2} has ${cells.length} cells`);
    for (let j = 0; j < w.in; j++) x[i * w.in + j] = Number(cells[j]) * w.scale;
    const l = Number(cells[w.in]);
    if (!Number.isInteger(l) || l < 0 || l >= classes(w)) throw new Error(`${w.file}: bad label ${cells[w.in]}`);
    labels[i] = l;
  }
  const y = new Float64Array(n * w.out);
  for (let i = 0; i < n; i++) {
    if (w.out === 1) y[i] = labels[i];
    else y[i * w.out + labels[i]] = 1;
  }
  return { n, x, labels, y };
}

/** Loads a workload in Node (path relative to the repository root). */
export async function loadWorkloadNode(name, repoRoot) {
  const w = WORKLOADS[name];
  if (!w) throw new Error(`unknown workload ${name} (known: ${WORKLOAD_NAMES.join(', ')})`);
  const { readFileSync } = await import('node:fs');
  const { join } = await import('node:path');
  return { w, data: parseWorkload(w, readFileSync(join(repoRoot, w.file), 'utf8')) };
}

/** Fraction of rows whose argmax (or p ≥ 0.5 for one output) is the label. */
export function accuracyOf(pred, out, labels) {
  let correct = 0;
  for (let i = 0; i < labels.length; i++) {
    let c = 0;
    if (out === 1) c = pred[i] >= 0.5 ? 1 : 0;
    else for (let j = 1; j < out; j++) if (pred[i * out + j] > pred[i * out + c]) c = j;
    if (c === labels[i]) correct++;
  }
  return correct / labels.length;
}

/** Seeded Fisher-Yates shuffle of an index array, for runners that shuffle themselves. */
export function shuffleInPlace(a, rand) {
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    const t = a[i]; a[i] = a[j]; a[j] = t;
  }
  return a;
}

/** mulberry32 PRNG returning floats in [0, 1). */
export function mulberry32(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
