// The benchmark's hand-written reference loops (build/bench/refjs.mjs, and
// build/bench/refgo compiled to js/wasm) really train: accuracy rises on a
// tiny run, and the two, which share their PRNG and arithmetic order, reach
// the same loss. Also the shared workload loader, and the timed phase's rule
// (timedFits, benchdata's TimedFits) as the runners apply it: fits on fresh
// models until --min-ms of fit time, samples/s from every fit, accuracy and
// loss of the first. No timings are asserted (only the rule's own bound,
// trainMs ≥ min-ms, which the loop guarantees at any speed): speed is
// build/bench/run.mjs's business (`make bench`).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { MLP } from '../bench/refjs.mjs';
import { WORKLOADS, loadWorkloadNode, sizes, timedFits } from '../bench/lib/workloads.mjs';
import { recordSps, summarize } from '../bench/lib/report.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const EPOCHS = 3;

test('workloads load the committed data', async () => {
  for (const [name, n, cls] of [['spiral', 1000, 2], ['blobs', 1000, 3], ['digits', 1797, 10]]) {
    const { w, data } = await loadWorkloadNode(name, root);
    assert.equal(data.n, n, name);
    assert.equal(data.x.length, n * w.in, name);
    assert.equal(data.y.length, n * w.out, name);
    assert.ok(data.x.every(Number.isFinite), `${name}: finite features`);
    assert.deepEqual(new Set(data.labels).size, cls, `${name}: every class present`);
  }
  const { data } = await loadWorkloadNode('digits', root);
  assert.ok(Math.max(...data.x) <= 1, 'digits scaled by 1/16');
});

function refjsRun(name, data) {
  const w = WORKLOADS[name];
  const m = new MLP(sizes(w), 32, 0.01, 7);
  const before = m.accuracy(data.x, data.labels);
  const losses = [];
  for (let e = 0; e < EPOCHS; e++) losses.push(m.fit(data.x, data.y, data.n, 1));
  return { before, after: m.accuracy(data.x, data.labels), losses };
}

const jsResults = {};
for (const [name, floor] of [['blobs', 0.7], ['digits', 0.85]]) {
  test(`refjs learns ${name}`, async () => {
    const { data } = await loadWorkloadNode(name, root);
    const r = refjsRun(name, data);
    jsResults[name] = r;
    assert.ok(r.after >= floor, `accuracy after ${EPOCHS} epochs ${r.after} < ${floor}`);
    assert.ok(r.after > r.before + 0.2, `accuracy did not rise: ${r.before} -> ${r.after}`);
    assert.ok(r.losses.at(-1) < r.losses[0], `loss did not fall: ${r.losses}`);
  });
}

test('refgo (GOOS=js GOARCH=wasm) learns, and matches refjs', async (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'gotrain-refgo-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const wasm = path.join(dir, 'refgo.wasm');
  const b = spawnSync('go', ['build', '-o', wasm, './build/bench/refgo'], {
    cwd: root, encoding: 'utf8', env: { ...process.env, GOOS: 'js', GOARCH: 'wasm' },
  });
  assert.equal(b.status, 0, `go build refgo for js/wasm failed: ${b.error ?? b.stderr}`);
  const goroot = spawnSync('go', ['env', 'GOROOT'], { encoding: 'utf8' }).stdout.trim();
  const execJS = [path.join(goroot, 'lib/wasm/wasm_exec.js'), path.join(goroot, 'misc/wasm/wasm_exec.js')].find(existsSync);
  await import(pathToFileURL(execJS).href);
  const go = new globalThis.Go();
  const { instance } = await WebAssembly.instantiate(readFileSync(wasm), go.importObject);
  go.run(instance); // serves calls from here on; never resolves
  const api = globalThis.refgo;
  assert.ok(api, 'refgo.wasm registered globalThis.refgo');
  for (const [name, floor] of [['blobs', 0.7], ['digits', 0.85]]) {
    const { w, data } = await loadWorkloadNode(name, root);
    api.setup(sizes(w), data.x, data.y, data.labels, 32, 0.01, 7);
    const before = api.accuracy();
    const losses = [];
    for (let e = 0; e < EPOCHS; e++) losses.push(api.fit(1));
    const after = api.accuracy();
    assert.ok(after >= floor, `${name}: accuracy after ${EPOCHS} epochs ${after} < ${floor}`);
    assert.ok(after > before + 0.2, `${name}: accuracy did not rise: ${before} -> ${after}`);
    assert.ok(losses.at(-1) < losses[0], `${name}: loss did not fall: ${losses}`);
    // Same PRNG, same loop order: the JS loop must land on the same numbers.
    const js = jsResults[name] ?? refjsRun(name, data);
    for (let e = 0; e < EPOCHS; e++) {
      assert.ok(Math.abs(losses[e] - js.losses[e]) <= 1e-9 * Math.max(1, Math.abs(js.losses[e])),
        `${name}: epoch ${e} loss Go ${losses[e]} vs JS ${js.losses[e]}`);
    }
    assert.equal(after, js.after, `${name}: accuracy Go vs JS`);
  }
});

test('timedFits: fresh models until min-ms of fit time, accuracy and loss of the first', async () => {
  for (const [minMs, fitMs, wantFits] of [[0, 30, 1], [100, 30, 4], [90, 30, 3], [10, 30, 1]]) {
    let clock = 0;
    const log = [];
    const impl = {
      async build(w, data, seed) {
        const id = log.filter((e) => e.startsWith('build')).length;
        log.push(`build ${seed}`);
        return {
          async fit(epochs) { log.push(`fit ${id} ${epochs}`); clock += fitMs; return 1 / (id + 1); },
          async accuracy() { log.push(`accuracy ${id}`); return 0.5 + id; },
          async dispose() { log.push(`dispose ${id}`); },
        };
      },
    };
    const r = await timedFits(impl, WORKLOADS.blobs, {}, 7, 20, minMs, { now: () => clock });
    const what = `min-ms ${minMs}, ${fitMs} ms a fit`;
    assert.equal(r.fits, wantFits, `${what}: fits`);
    assert.equal(r.trainMs, wantFits * fitMs, `${what}: trainMs summed over the fits`);
    assert.equal(r.accuracy, 0.5, `${what}: the first fit's accuracy`);
    assert.equal(r.loss, 1, `${what}: the first fit's loss`);
    const want = [];
    for (let i = 0; i < wantFits; i++) want.push('build 7', `fit ${i} 20`, ...(i === 0 ? ['accuracy 0'] : []), `dispose ${i}`);
    assert.deepEqual(log, want, `${what}: each fit on a fresh model with the same seed`);
  }
});

test('summarize: samples/s and ms/epoch count every timed fit; old records (no fits) count one', () => {
  const rec = { n: 1000, epochs: 20, fits: 5, trainMs: 400, cpuMs: 500, accuracy: 0.8 };
  assert.equal(recordSps(rec), (1000 * 20 * 5) / 0.4);
  const s = summarize([rec]);
  assert.equal(s.sps, 250_000);
  assert.equal(s.msPerEpoch, 4);
  assert.equal(s.cpuMsPerEpoch, 5);
  assert.equal(s.fits, 5);
  const old = summarize([{ n: 1000, epochs: 20, trainMs: 80, accuracy: 0.8 }]);
  assert.equal(old.sps, 250_000);
  assert.equal(old.fits, 1);
});

/** Spawns a benchmark program and parses its one JSON line. */
function runJSON(cmd, args) {
  const r = spawnSync(cmd, args, { cwd: root, encoding: 'utf8', timeout: 120_000 });
  assert.equal(r.status, 0, `${path.basename(cmd)} ${args.join(' ')} failed: ${r.error ?? r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop());
}

/** A runner's record follows the rule: fits ≥ 1 (exactly 1 at min-ms 0), trainMs ≥ min-ms, samples/s from the fits. */
function checkRecord(rec, minMs, what) {
  assert.ok(Number.isInteger(rec.fits) && rec.fits >= 1, `${what}: fits ${rec.fits}`);
  if (minMs === 0) assert.equal(rec.fits, 1, `${what}: min-ms 0 times one fit`);
  assert.ok(rec.trainMs >= minMs, `${what}: trainMs ${rec.trainMs} < min-ms ${minMs}`);
  assert.ok(rec.cpuMs >= 0, `${what}: cpuMs ${rec.cpuMs}`);
  const sps = summarize([rec]).sps;
  assert.ok(Math.abs(sps - (rec.n * rec.epochs * rec.fits * 1000) / rec.trainMs) <= 1e-9 * sps, `${what}: samples/s ${sps}`);
  assert.ok(rec.accuracy > 0 && rec.accuracy <= 1, `${what}: accuracy ${rec.accuracy}`);
}

test('runners/node.mjs (refjs) and native refgo time fits until --min-ms; accuracy and loss are the first fit\'s', async (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'gotrain-refgo-native-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const bin = path.join(dir, 'refgo');
  const b = spawnSync('go', ['build', '-o', bin, './build/bench/refgo'], { cwd: root, encoding: 'utf8' });
  assert.equal(b.status, 0, `go build refgo failed: ${b.error ?? b.stderr}`);
  const runners = {
    'node refjs': (minMs) => runJSON(process.execPath, ['build/bench/runners/node.mjs', '--impl', 'refjs', '--workload', 'blobs',
      '--epochs', '2', '--warmup', '0', '--min-ms', String(minMs)]),
    'native refgo': (minMs) => runJSON(bin, ['-workload', 'blobs', '-epochs', '2', '-warmup', '0', '-min-ms', String(minMs), '-root', root]),
  };
  for (const [name, run] of Object.entries(runners)) {
    const one = run(0);
    const many = run(60);
    checkRecord(one, 0, `${name} --min-ms 0`);
    checkRecord(many, 60, `${name} --min-ms 60`);
    t.diagnostic(`${name}: ${many.fits} fits in ${many.trainMs.toFixed(1)} ms at --min-ms 60`);
    assert.equal(many.epochs, 2, `${name}: epochs stays the per-fit count`);
    // Seeded and deterministic: the first fit of either run is the same fit.
    assert.equal(many.loss, one.loss, `${name}: loss of the first fit`);
    assert.equal(many.accuracy, one.accuracy, `${name}: accuracy of the first fit`);
  }
});
