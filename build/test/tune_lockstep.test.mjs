// gt.tune plans in JavaScript (www/lib/plan.js, folds.js) and runs each trial as a
// cross-validation over fit and evaluate (tune.js); Go's core/tune does the same in Go.
// For the same settings and seed both must plan the same trials (settings and model seeds),
// deal the same folds and compute the same trial results, bit for bit: this test runs both
// (Go through `go run ./build/test/tunego`, in WebAssembly under Node) and compares. Needs `make build`.

import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const { load } = await import('../../www/gotrain.js');
const { readConfig, runTrial } = await import('../../www/lib/tune.js');
const { Search } = await import('../../www/lib/plan.js');
const { dealFolds, foldRows, takeRows } = await import('../../www/lib/folds.js');
const { toDataset } = await import('../../www/lib/matrix.js');

let gt;
let cases;
let goOut;

const rows = (m) => Array.from({ length: m.shape[0] }, (_, i) => Array.from(m.data.subarray(i * m.shape[1], (i + 1) * m.shape[1])));

before(async () => {
  gt = await load({ warmUp: false });
  const moons = gt.data.builtin('moons', { n: 90, noise: 0.2, seed: 3 });
  // Three classes: the third of the plane each point of 'gaussian' falls in.
  const g = gt.data.builtin('gaussian', { n: 75, seed: 5 });
  const blobs = { x: g.x, y: Array.from({ length: 75 }, (_, i) => (g.x.data[2 * i] < -0.5 ? 0 : g.x.data[2 * i] < 0.5 ? 1 : 2)) };
  const oneHot = { x: blobs.x, y: gt.data.oneHot(blobs.y, 3) };
  const aug = { jitter: 0.1 };
  cases = [
    {
      name: 'random search, log range, a holdout',
      data: moons, run: 2, seed: 11, method: 'random', trials: 5, loss: 'binaryCrossentropy', metric: 'accuracy',
      base: { layers: [6], epochs: 3, batchSize: 16 },
      space: { layers: [[4], [8], [6, 4]], activation: ['relu', 'tanh'], learningRate: { min: 1e-3, max: 5e-2, log: true }, l2: [0, 1e-3], dropout: { min: 0, max: 0.3 }, optimizer: ['adam', 'sgd', 'rmsprop'] },
    },
    {
      name: 'a sample of a grid, stratified 3 folds, sparse labels',
      data: blobs, run: 2, seed: 7, method: 'grid', trials: 5, loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'], folds: 3, stratify: true,
      base: { layers: [5], epochs: 2, batchSize: 8 },
      space: { layers: [[4], [8]], batchSize: [8, 16], l1: [0, 1e-4, 1e-3], activation: ['relu'] },
    },
    {
      name: 'successive halving, a stratified holdout, augmentation',
      data: moons, run: 1, seed: 123456789, method: 'random', trials: 6, loss: 'binaryCrossentropy', holdout: 0.3, stratify: true, halving: { eta: 2, minEpochs: 1 },
      base: { layers: [4], epochs: 4, batchSize: 16, augment: aug },
      space: { learningRate: [0.01, 0.02, 0.05], augment: [null, aug] },
    },
    {
      name: 'one-hot labels, stratified 4 folds on the widest column, normalization',
      data: oneHot, run: 1, seed: 2 ** 53, method: 'grid', trials: 0, loss: 'categoricalCrossentropy', metric: 'val_loss', folds: 4, stratify: true, normalize: true,
      base: { layers: [3], epochs: 2, batchSize: 10, l2: 1e-3 }, space: {},
    },
    {
      name: 'plain k folds of one setting',
      data: moons, run: 1, seed: 0, method: 'grid', loss: 'mse', folds: 5, base: { layers: [], epochs: 2, batchSize: 30 }, space: {},
    },
  ];
  const input = JSON.stringify(cases.map(({ data, name, ...c }) => ({ ...c, data: { x: rows(data.x), y: rows(toDataset('t', data).y) } })));
  // Go in WebAssembly, as gotrain.wasm runs it (native Go on amd64 has its own math.Exp).
  const go = process.env.GO || 'go';
  const goroot = spawnSync(go, ['env', 'GOROOT'], { encoding: 'utf8' }).stdout.trim();
  const exec = `${goroot}/lib/wasm/go_js_wasm_exec`;
  const env = { ...process.env, GOOS: 'js', GOARCH: 'wasm' };
  const r = spawnSync(go, ['run', '-tags', 'litemat', `-exec=${exec}`, './build/test/tunego'], { cwd: repoRoot, env, input, encoding: 'utf8', maxBuffer: 256 << 20 });
  assert.equal(r.status, 0, `go run ./build/test/tunego (js/wasm): ${r.error ?? r.stderr}`);
  goOut = JSON.parse(r.stdout);
});

const AUG = { jitter: 0, shift: 0, rotate: 0, scale: 0, fill: 0, mixup: 0, imageShape: [0, 0] };
const goParams = (p) => ({ ...p, augment: p.augment ? { ...AUG, ...p.augment } : null });

// A log range's draw is exp(log(min) + u·(log(max) − log(min))): the same u in both languages,
// but V8's Math.exp and Math.log and Go's math.Exp and math.Log may round differently (neither
// promises correct rounding), so the learning rates drawn from { log: true } agree to a few
// ulps, everything else exactly. The trials then run with Go's setting, to compare their numbers.
function assertPlan(t, got, want, msg) {
  assert.equal(got.length, want.length, msg);
  got.forEach((p, i) => {
    const { learningRate: a, ...rest } = goParams(p);
    const { learningRate: b, ...wantRest } = { ...want[i], layers: want[i].layers ?? [] };
    if (a !== b) t.diagnostic(`${msg}: trial ${i}: learningRate ${a}, Go ${b}`);
    assert.deepEqual(rest, wantRest, `${msg}: trial ${i}`);
    assert.ok(Math.abs(a - b) <= 4 * Number.EPSILON * Math.abs(b), `${msg}: trial ${i}: learningRate ${a}, Go ${b}`);
  });
}

test('gt.tune plans the trials, seeds and folds of Go core/tune, and its trials give the same numbers', async (t) => {
  for (const [i, c] of cases.entries()) {
    const go = goOut[i];
    assert.equal(go.error, undefined, `${c.name}: Go: ${go.error}`);
    const { data, run, name, ...opts } = c;
    const cfg = readConfig(gt, opts);
    const search = new Search(cfg);
    const trials = search.next();
    assertPlan(t, search.plan, go.plan, `${name}: plan`);
    assert.deepEqual(trials.map((t) => t.seed), go.seeds, `${name}: seeds`);
    const d = toDataset('t', data);
    const folds = dealFolds(d.y, cfg);
    assert.deepEqual(folds, go.folds, `${name}: folds`);
    const parts = folds.map((val) => {
      const f = foldRows(d.x.shape[0], val);
      return { x: takeRows(d.x, f.train), y: takeRows(d.y, f.train), vx: takeRows(d.x, f.val), vy: takeRows(d.y, f.val) };
    });
    const outputs = cfg.loss === 'sparseCategoricalCrossentropy' ? 3 : d.y.shape[1];
    for (const [k, want] of go.results.entries()) {
      const trial = { ...trials[k], params: { ...trials[k].params, learningRate: go.plan[k].learningRate } };
      const got = await runTrial(gt, cfg, parts, { inputs: d.x.shape[1], outputs }, trial);
      assert.equal(got.error, null, `${name}: trial ${k}: ${got.error}`);
      assert.deepEqual({ id: got.id, score: got.score, mean: got.mean, std: got.std, folds: got.folds }, want, `${name}: trial ${k}`);
      t.diagnostic(`${name}: trial ${k}: score ${got.score}`);
    }
  }
});
