// The benchmark's hand-written reference loops (build/bench/refjs.mjs, and
// build/bench/refgo compiled to js/wasm) really train: accuracy rises on a
// tiny run, and the two, which share their PRNG and arithmetic order, reach
// the same loss. Also the shared workload loader. No timings are asserted:
// speed is build/bench/run.mjs's business (`make bench`).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { MLP } from '../bench/refjs.mjs';
import { WORKLOADS, loadWorkloadNode, sizes } from '../bench/lib/workloads.mjs';

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
