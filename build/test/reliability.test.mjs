// Reliability (issue 2 of 5) in Node, main-thread mode and worker mode,
// with the red-team cases as tables: hostile files refused while they are
// read (time and memory measured), saves that fail leaving the previous
// save intact, stopTraining and dispose() during fit, calls during which
// the Go program runs out of memory, untrusted text cut in messages.
// reliability_errors.test.mjs checks that both modes give Go's errors at
// the same call; reliability_browser.test.mjs the browser's storage and
// the service worker. Run `make build` first.

import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, truncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { hostileCases } from '../bench/reliability.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
if (!existsSync(path.join(root, 'www', 'gotrain.wasm'))) throw new Error('www/gotrain.wasm missing: run `make build`');
const gotrainURL = pathToFileURL(path.join(root, 'www', 'gotrain.js')).href;
const { load } = await import(gotrainURL);

const modes = { main: await load({ warmUp: false }), worker: await load({ worker: true, warmUp: false }) };
after(() => modes.worker.terminate());

const tmp = mkdtempSync(path.join(tmpdir(), 'gotrain-reliability-'));
spawnSync('chmod', ['0755', tmp]); // a child running as another user reads the saves in it
after(() => rmSync(tmp, { recursive: true, force: true }));

const small = async (gt, seed = 1) => {
  const m = await gt.sequential({ seed, layers: [gt.layers.dense({ units: 2, activation: 'relu', inputShape: [2] }), gt.layers.dense({ units: 1, activation: 'sigmoid' })] });
  await m.compile({ optimizer: 'adam', loss: 'binaryCrossentropy' });
  return m;
};
const wide = (gt, units, seed = 2) => gt.sequential({ seed, layers: [gt.layers.dense({ units, inputShape: [units] })] });

/** Resolves to the error f's call rejects or throws with (fails if it succeeds). */
async function errorOf(f) {
  try {
    await f();
  } catch (e) {
    return e;
  }
  assert.fail('expected an error');
}

// ---------------------------------------------------------------------------
// Hostile files: refused while being read, before anything reaches Go

/** A model.json whose weight specs need 8 bytes (two float32), and its topology. */
const tinyModelJSON = (paths = ['weights.bin']) =>
  JSON.stringify({
    format: 'layers-model',
    modelTopology: { class_name: 'Sequential', config: { name: 's', layers: [{ class_name: 'Dense', config: { units: 1, batch_input_shape: [null, 1], use_bias: true, activation: 'linear' } }] } },
    weightsManifest: [{ paths, weights: [{ name: 'dense/kernel', shape: [1, 1], dtype: 'float32' }, { name: 'dense/bias', shape: [1], dtype: 'float32' }] }],
  });

/** A fetch whose body never ends (counting the chunks pulled), or says it is huge. */
function endlessResponse(counter) {
  return new Response(
    new ReadableStream({
      pull(c) {
        counter.pulled = (counter.pulled ?? 0) + 1;
        c.enqueue(new Uint8Array(1 << 20));
      },
    }),
  );
}

const dir = (name, files) => {
  const d = path.join(tmp, name);
  rmSync(d, { recursive: true, force: true });
  for (const [f, body] of Object.entries(files)) {
    const p = path.join(d, f);
    if (!existsSync(path.dirname(p))) spawnSync('mkdir', ['-p', path.dirname(p)]);
    writeFileSync(p, body);
  }
  return d;
};

test('hostile files: every JS read stops at its cap; nothing reaches wasm memory', async (t) => {
  const sparse = dir('sparse', { 'model.json': tinyModelJSON(), 'weights.bin': '' });
  truncateSync(path.join(sparse, 'weights.bin'), 300 * 2 ** 20); // 300 MB, sparse: no disk, no time
  const zeroWeights = dir('zeroweights', { 'model.json': tinyModelJSON(['/dev/zero']) });
  const counter = { pulled: 0 };
  const cases = [
    ['model.json is /dev/zero (read until the 64 MB cap)', 'file:///dev/zero', undefined, /^Error: loadLayersModel: model\.json file:\/\/\/dev\/zero is larger than the limit of 64 MB \(at least 67108865 bytes\)$/],
    ['a 300 MB weights.bin for specs of 8 bytes (refused by its size)', pathToFileURL(path.join(sparse, 'model.json')).href, undefined,
      /^Error: loadLayersModel: the weight specs describe 8 bytes of weight data but file:\/\/.*weights\.bin has more \(at least 314572800 bytes\)$/],
    ['weights read from /dev/zero (stopped after 8 + 1 bytes)', pathToFileURL(path.join(zeroWeights, 'model.json')).href, undefined,
      /^Error: loadLayersModel: the weight specs describe 8 bytes of weight data but file:\/\/\/dev\/zero has more \(at least 9 bytes\)$/],
    ['fetch: a model.json stream that never ends', 'https://example.invalid/model.json', { fetchFunc: async () => endlessResponse(counter) },
      /^Error: loadLayersModel: model\.json https:\/\/example\.invalid\/model\.json is larger than the limit of 64 MB/],
    ['fetch: Content-Length of 1 GB (refused before reading)', 'https://example.invalid/big/model.json',
      { fetchFunc: async () => new Response(new ReadableStream({ pull: () => assert.fail('the body was read') }), { headers: { 'content-length': String(2 ** 30) } }) },
      /^Error: loadLayersModel: model\.json https:\/\/example\.invalid\/big\/model\.json is larger than the limit of 64 MB \(at least 1073741824 bytes\)$/],
    ['fetch: weights that never end', 'https://example.invalid/w/model.json',
      { fetchFunc: async (u) => (u.endsWith('model.json') ? new Response(tinyModelJSON()) : endlessResponse({})) },
      /^Error: loadLayersModel: the weight specs describe 8 bytes of weight data but https:\/\/example\.invalid\/w\/weights\.bin has more \(at least 1048576 bytes\)$/],
    ['artifacts with a 100 MB weightData for 8 bytes of specs (refused before copying)',
      { modelTopology: JSON.parse(tinyModelJSON()).modelTopology, weightSpecs: JSON.parse(tinyModelJSON()).weightsManifest[0].weights, weightData: new ArrayBuffer(100 * 2 ** 20) }, undefined,
      /^Error: loadLayersModel: the weight specs describe 8 bytes of weight data but there are 104857600$/],
    ['Files: a 65 MB model.json (refused by its size, unread)',
      { json: new File([new Uint8Array(65 * 2 ** 20)], 'model.json'), weights: [] }, undefined,
      /^Error: loadLayersModel: model\.json model\.json is larger than the limit of 64 MB \(at least 68157440 bytes\)$/],
    ['Files: a 20 MB weights file for 8 bytes of specs', { json: new File([tinyModelJSON()], 'model.json'), weights: [new File([new Uint8Array(20 * 2 ** 20)], 'weights.bin')] }, undefined,
      /^Error: loadLayersModel: the weight specs describe 8 bytes of weight data but weights\.bin has more \(at least 20971520 bytes\)$/],
  ];
  const rows = [];
  for (const [name, gt] of Object.entries(modes)) {
    for (const [what, src, opts, want] of cases) {
      counter.pulled = 0;
      const wasm0 = (await gt.memory({ gc: true })).wasmBytes;
      const mem0 = process.memoryUsage();
      const cpu0 = process.cpuUsage();
      const t0 = performance.now();
      const e = await errorOf(() => gt.loadLayersModel(src, opts));
      const ms = performance.now() - t0;
      const cpu = process.cpuUsage(cpu0);
      const cpuMs = (cpu.user + cpu.system) / 1000;
      const mem = process.memoryUsage();
      const grow = (await gt.memory()).wasmBytes - wasm0;
      assert.match(String(e), want, `${name}: ${what}`);
      assert.equal(grow, 0, `${name}: ${what}: wasm memory grew by ${grow} bytes`);
      assert.ok(counter.pulled <= 66, `${name}: ${what}: ${counter.pulled} chunks of 1 MB pulled (the cap is 64 MB)`);
      // How long a refusal takes is a figure of build/bench/refuse.mjs,
      // not asserted here: the work done (chunks pulled, memory) is.
      rows.push(`${name} | ${what} | ${ms.toFixed(0)} ms (${cpuMs.toFixed(0)} ms CPU) | heap+buffers ${(((mem.arrayBuffers - mem0.arrayBuffers) + (mem.heapUsed - mem0.heapUsed)) / 2 ** 20).toFixed(0)} MB | wasm +${grow}`);
    }
  }
  for (const r of rows) t.diagnostic(r);
});

// ---------------------------------------------------------------------------
// Atomic saves

/** localStorage with a quota, as browsers have (5 MB there): UTF-16 code units × 2 bytes. */
class QuotaStorage {
  constructor(quota) {
    this.quota = quota;
    this.map = new Map();
    this.sets = 0;
  }
  used() {
    let n = 0;
    for (const [k, v] of this.map) n += 2 * (k.length + v.length);
    return n;
  }
  getItem(k) {
    return this.map.has(k) ? this.map.get(k) : null;
  }
  setItem(k, v) {
    const s = String(v);
    const old = this.map.get(k);
    if (this.used() - (old === undefined ? 0 : 2 * (k.length + old.length)) + 2 * (k.length + s.length) > this.quota) {
      const e = new Error("Failed to execute 'setItem' on 'Storage': Setting the value exceeded the quota.");
      e.name = 'QuotaExceededError';
      throw e;
    }
    this.sets++;
    this.map.set(k, s);
  }
  removeItem(k) {
    this.map.delete(k);
  }
  get length() {
    return this.map.size;
  }
  key(i) {
    return [...this.map.keys()][i] ?? null;
  }
}

test('saves are atomic: localStorage over its quota keeps the previous save (a fake with a quota, both modes)', async () => {
  for (const [name, gt] of Object.entries(modes)) {
    const ls = new QuotaStorage(200_000);
    Object.defineProperty(globalThis, 'localStorage', { value: ls, configurable: true, writable: true });
    try {
      const keep = await small(gt);
      await keep.save('localstorage://keep');
      const before = new Map(ls.map);
      assert.equal(before.size, 5, 'TF.js layout: five keys');
      const x = [[0.1, 0.2]];
      const first = await gt.loadLayersModel('localstorage://keep');
      const want = Array.from((await first.predict(x)).data);
      const big = await wide(gt, 160); // 25,760 float32 weights: 137 KB of base64, 275 KB as UTF-16
      const e = await errorOf(() => big.save('localstorage://keep'));
      assert.match(String(e), /^Error: save: could not save model 'keep' to localStorage \(QuotaExceededError: .*; the previous save under that name is kept$/, name);
      assert.deepEqual(ls.map, before, `${name}: the five keys of 'keep' are as they were (5 keys → 5, same values)`);
      const back = await gt.loadLayersModel('localstorage://keep');
      assert.deepEqual(Array.from((await back.predict(x)).data), want, `${name}: 'keep' loads and predicts as before`);
      // A failure on a new name leaves no partial keys behind.
      await errorOf(() => big.save('localstorage://new'));
      assert.deepEqual([...ls.map.keys()].filter((k) => k.includes('/new/')), [], `${name}: no partial keys of 'new'`);
      // Replacing a save with one that fits only once the old one is gone works.
      const mid = await wide(gt, 110); // 12,210 weights: 130 KB as UTF-16 each, two do not fit
      await mid.save('localstorage://twice');
      await mid.save('localstorage://twice');
      for (const m of [keep, big, mid, back, first]) await m.dispose();
    } finally {
      delete globalThis.localStorage;
    }
  }
});

/** Runs gotrain's save in a child process (restricted: another user, or a file size limit); its stdout. */
function childSave(dirURL, how) {
  const code = `
    const { load } = await import(${JSON.stringify(gotrainURL)});
    const gt = await load({ warmUp: false });
    const m = gt.sequential({ seed: 2, layers: [gt.layers.dense({ units: 256, inputShape: [256] })] });
    try { await m.save(${JSON.stringify(dirURL)}); console.log('saved'); } catch (e) { console.log('ERR ' + e.message); }`;
  const script = path.join(tmp, `child-${Math.random().toString(36).slice(2)}.mjs`);
  writeFileSync(script, code);
  const args = [script];
  const r = how === 'efbig'
    ? spawnSync('bash', ['-c', 'ulimit -f 64; exec "$0" "$@"', process.execPath, ...args], { encoding: 'utf8' }) // 64 KB per file
    : spawnSync(process.execPath, args, { encoding: 'utf8', ...(process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {}) });
  return `${r.stdout}${r.stderr}`.trim();
}

test('saves are atomic: file:// into a read-only or full folder keeps the previous save; errors name the call', async () => {
  for (const [name, gt] of Object.entries(modes)) {
    const d = path.join(tmp, `saves-${name}`);
    const url = pathToFileURL(d).href;
    const keep = await small(gt);
    await keep.save(url);
    const files = () => Object.fromEntries(readdirSync(d).map((f) => [f, readFileSync(path.join(d, f)).toString('base64')]));
    const before = files();
    assert.deepEqual(Object.keys(before).sort(), ['model.json', 'weights.bin']);
    const first = await gt.loadLayersModel(`${url}/model.json`);

    // A full disk (a 64 KB file size limit: EFBIG) and a folder this process may not write.
    const full = childSave(url, 'efbig');
    assert.match(full, /^ERR save: cannot save to file:\/\/.*: writing: EFBIG \(the file is larger than this process may write\); the previous save there, if any, is unchanged$/, full);
    assert.deepEqual(files(), before, `${name}: after a full disk, the folder is as it was (no temporary files left)`);
    if (process.getuid?.() !== 0) spawnSync('chmod', ['0555', d]);
    const ro = childSave(url, 'readonly');
    spawnSync('chmod', ['0755', d]);
    assert.match(ro, /^ERR save: cannot save to file:\/\/.*: writing: EACCES \(no permission to write there\); the previous save there, if any, is unchanged$/, ro);
    assert.deepEqual(files(), before, `${name}: after a read-only folder, the folder is as it was`);
    const back = await gt.loadLayersModel(`${url}/model.json`);
    assert.deepEqual(await back.getWeights(), await first.getWeights(), `${name}: the previous save loads, as it did before`);

    // Replacing works and leaves only the two files.
    const other = await small(gt, 7);
    await other.save(url);
    assert.deepEqual(Object.keys(files()).sort(), ['model.json', 'weights.bin']);
    const again = await gt.loadLayersModel(`${url}/model.json`);
    assert.deepEqual((await again.getWeights()).map((w) => Array.from(w.data, Math.fround)), (await other.getWeights()).map((w) => Array.from(w.data, Math.fround)));

    // The raw ENOTDIR of issue 2 names the call, the destination and the reason.
    writeFileSync(path.join(tmp, 'a-file'), 'x');
    const e = await errorOf(() => keep.save(pathToFileURL(path.join(tmp, 'a-file', 'model')).href));
    assert.match(String(e), /^Error: save: cannot save to file:\/\/.*\/a-file\/model: making the folder: (ENOTDIR \(a part of the path is a file, not a folder\)|EEXIST); /, `${name}: ${e}`);
    for (const m of [keep, back, other, again, first]) await m.dispose();
  }
});

// ---------------------------------------------------------------------------
// stopTraining and dispose() during fit

async function circleData(gt) {
  return gt.data.builtin('circle', { n: 2000, noise: 0.05, seed: 1 });
}

test('worker mode: stopTraining from onBatchEnd takes effect within one slice; exactly after the batch with yieldEvery: batch', async (t) => {
  const gt = modes.worker;
  const data = await circleData(gt);
  const m = await small(gt);
  // Count the worker's slices through its 'sync' messages (white box).
  const tr = m._t;
  const onSync = tr.onSync.bind(tr);
  let syncs = 0;
  tr.onSync = (msg) => {
    syncs++;
    onSync(msg);
  };
  try {
    let seen = 0;
    let stopAt = -1;
    let syncsAtStop = 0;
    let tStop = 0;
    let tEnd = 0;
    const h = await m.fit(data.x, data.y, {
      epochs: 50,
      batchSize: 8,
      callbacks: {
        onBatchEnd: () => {
          seen++;
          if (seen === 10) {
            stopAt = seen;
            syncsAtStop = syncs;
            tStop = performance.now();
            m.stopTraining = true;
          }
        },
        onTrainEnd: () => {
          tEnd = performance.now();
        },
      },
    });
    assert.ok(syncs - syncsAtStop <= 1, `the worker ended at most the slice in which the stop was set (${syncs - syncsAtStop} slice ends after it)`);
    assert.ok(h.epoch.length <= 1, `no epoch after the stop's (the issue: 161 batches and 3 epochs); got ${h.epoch.length}`);
    t.diagnostic(`default slices: stop set at batch ${stopAt}, ${seen - stopAt} batches after it (the rest of that slice), ${(tEnd - tStop).toFixed(1)} ms from the stop to onTrainEnd on the page`);

    // One batch per slice: the stop lands right after the batch that set it.
    seen = 0;
    const h2 = await m.fit(data.x, data.y, { epochs: 5, batchSize: 8, yieldEvery: 'batch', callbacks: { onBatchEnd: (b) => {
      seen++;
      if (b === 6) m.stopTraining = true;
    } } });
    assert.equal(seen, 7, 'yieldEvery batch: training ended after batch 6 (7 batches)');
    // Stopped between slices, the partial epoch is not recorded (core's
    // Trainer; on the main thread, stopped inside the batch, it is).
    assert.ok(h2.epoch.length <= 1);
  } finally {
    tr.onSync = onSync;
    await m.dispose();
  }
});

// The first slice runs synchronously inside fit() on the main thread; a
// worker gets the stop as a message, seen at its first slice's end. How much a
// default ('auto', about 10 ms) slice holds depends on the machine, so its
// run only has to stop early; 'batch' and 'epoch' slices are exact.
test('a stop set right after fit() is not lost, in both modes', async () => {
  for (const [name, gt] of Object.entries(modes)) {
    const data = await circleData(gt);
    for (const [yieldEvery, most] of [['batch', 1], ['epoch', 250], ['auto', 20 * 250 - 1]]) {
      const m = await small(gt);
      try {
        let batches = 0;
        const p = m.fit(data.x, data.y, { epochs: 20, batchSize: 8, yieldEvery, callbacks: { onBatchBegin: () => batches++ } });
        m.stopTraining = true;
        const h = await p;
        const what = `${name}, yieldEvery ${yieldEvery}: ${batches} batches, ${h.epoch.length} epochs after a stop set right after fit()`;
        assert.ok(batches <= most, what);
        if (yieldEvery !== 'auto') assert.ok(h.epoch.length <= 1, what);
      } finally {
        await m.dispose();
      }
    }
  }
});

test('dispose() during fit makes fit reject, also from onBatchEnd and on the last batch, in both modes', async () => {
  for (const [name, gt] of Object.entries(modes)) {
    const data = await circleData(gt);
    const cases = [
      ['from onBatchEnd', (m) => ({ epochs: 5, batchSize: 8, callbacks: { onBatchEnd: (b) => b === 3 && m.dispose() } })],
      ['from onBatchEnd of the last batch', (m) => ({ epochs: 1, batchSize: 1000, callbacks: { onBatchEnd: (b) => b === 1 && m.dispose() } })],
      ['from onEpochEnd of the last epoch', (m) => ({ epochs: 1, batchSize: 500, callbacks: { onEpochEnd: () => m.dispose() } })],
      ['from outside', (m) => {
        setTimeout(() => m.dispose(), 30);
        return { epochs: 10_000, batchSize: 8 };
      }],
    ];
    for (const [what, opts] of cases) {
      const m = await small(gt);
      const e = await errorOf(() => m.fit(data.x, data.y, opts(m)));
      assert.equal(String(e), 'Error: fit: the model was disposed during training', `${name}: ${what}`);
      assert.equal(m.isDisposed, true);
    }
    const alive = await small(gt);
    assert.equal((await alive.fit(data.x, data.y, { epochs: 1 })).epoch.length, 1, `${name}: training goes on after`);
    await alive.dispose();
    assert.equal((await gt.memory({ gc: true })).models, 0, `${name}: no model left behind`);
  }
});

// The red team's files that are small enough to read but hold junk (a
// million weight specs, 100k layers, a 50 MB name): Go's checkModelJSON
// refuses them before gotrain.js parses them, having seen the first 4M
// characters only (the bounds are passed early in each), through a buffer
// of 192 KB. Their times are build/bench/reliability.mjs's figures.
test('hostile model.json Files: refused before JSON.parse, the module grows by at most 1 MB (both modes)', async (t) => {
  const want = {
    '1M one-element weight specs': /^loadLayersModel: model\.json holds more than 250000 values \(at byte 2150063\): more than a model gotrain can load$/,
    '100k Dropout layers': /^loadLayersModel: model\.json holds more than 250000 values \(at byte 2937505\): more than a model gotrain can load$/,
    'a 50 MB layer name': /^loadLayersModel: model\.json holds a string longer than 65536 bytes \(at byte 65675\): more than a model gotrain can load$/,
  };
  const parse = JSON.parse;
  let parsedBig = 0;
  JSON.parse = (text, ...rest) => {
    if (typeof text === 'string' && text.length > 2 ** 20) parsedBig++;
    return parse(text, ...rest);
  };
  try {
    for (const [name, gt] of Object.entries(modes)) {
      for (const c of hostileCases()) {
        const json = new File([c.json], 'model.json');
        const weights = new File([new Uint8Array(c.weights)], 'w.bin');
        const w0 = (await gt.memory({ gc: true })).wasmBytes;
        const e = await errorOf(() => gt.loadLayersModel({ json, weights: [weights] }));
        const grow = (await gt.memory()).wasmBytes - w0;
        assert.match(e?.message ?? String(e), want[c.what], `${name}: ${c.what}`);
        assert.ok(grow <= 2 ** 20, `${name}: ${c.what}: wasm memory grew by ${grow} bytes`);
        t.diagnostic(`${name} | ${c.what} | ${(c.json.length / 2 ** 20).toFixed(1)} MB | wasm +${grow}`);
      }
    }
  } finally {
    JSON.parse = parse;
  }
  assert.equal(parsedBig, 0, 'gotrain.js parsed a hostile model.json before Go refused it');
});

// ---------------------------------------------------------------------------
// Go running out of memory during a call

/** Runs a script in a child Node whose WebAssembly memories may grow to 128 MB only. */
function inSmallMemory(mode, body) {
  const code = `
    const { load } = await import(${JSON.stringify(gotrainURL)});
    const gt = await load({ warmUp: false, worker: ${mode === 'worker'} });
    const out = {};
    const step = async (name, f) => { try { const r = await f(); out[name] = r === undefined ? 'undefined' : 'a value'; } catch (e) { out[name] = e.message; } };
    ${body}
    console.log('RESULT ' + JSON.stringify(out));
    if (gt.worker) await gt.terminate();`;
  const script = path.join(tmp, `oom-${Math.random().toString(36).slice(2)}.mjs`);
  writeFileSync(script, code);
  const r = spawnSync(process.execPath, ['--wasm-max-mem-pages=2048', script], { encoding: 'utf8', timeout: 120_000 });
  const line = r.stdout.split('\n').find((l) => l.startsWith('RESULT '));
  assert.ok(line, `the child printed no result: ${r.stdout.slice(-500)}${r.stderr.slice(-500)}`);
  return JSON.parse(line.slice(7));
}

test('a call during which Go runs out of memory throws, naming the call; every later call too (both modes)', () => {
  const stopped = (call) => new RegExp(`^${call}: the gotrain module has stopped \\(its Go program exited, most likely out of memory\\); load it again$`);
  for (const mode of ['main', 'worker']) {
    // The cases: trainOnBatch (Adam's state does not fit) and a k² confusion table.
    const a = inSmallMemory(mode, `
      const m = await gt.sequential({ seed: 1, layers: [gt.layers.dense({ units: 2048, inputShape: [2048] }), gt.layers.dense({ units: 1 })] });
      await m.compile({ optimizer: 'adam', loss: 'meanSquaredError' });
      const x = gt.tensor2d(new Float64Array(8 * 2048), [8, 2048]), y = gt.tensor2d(new Float64Array(8), [8, 1]);
      await step('trainOnBatch', () => m.trainOnBatch(x, y));
      await step('predict', () => m.predict(x));
      await step('memory', () => gt.memory());`);
    assert.match(a.trainOnBatch, stopped('trainOnBatch'), `${mode}: trainOnBatch returned ${a.trainOnBatch}`);
    assert.match(a.predict, stopped('predict'), mode);
    assert.match(a.memory, stopped('memory'), mode);
    const b = inSmallMemory(mode, `
      await step('confusionMatrix', () => gt.metrics.confusionMatrix([0, 1], [0, 1], 5000));
      await step('sequential', () => gt.sequential({ seed: 1 }));`);
    assert.match(b.confusionMatrix, stopped('confusionMatrix'), `${mode}: confusionMatrix returned ${b.confusionMatrix}`);
    assert.match(b.sequential, stopped('sequential'), mode);
  }
});

// ---------------------------------------------------------------------------
// Errors name the call; untrusted text is cut

test('after gt.terminate(), every call rejects naming itself; a value the worker cannot receive is named too', async () => {
  const gt = await load({ worker: true, warmUp: false });
  const m = await small(gt);
  const pending = m.fit([[1, 2]], [1], { epochs: 1_000_000 }).catch((e) => e);
  await gt.terminate();
  assert.match(String(await pending), /^Error: fit: the gotrain worker has been terminated \(gt\.terminate\(\)\); load gotrain again$/);
  const cases = [
    ['predict', () => m.predict([[1, 2]])],
    ['memory', () => gt.memory()],
    ['sequential', () => gt.sequential()],
    ['parseCSV', () => gt.data.parseCSV('a\n1\n')],
    ['save', () => m.save('file:///nonexistent-gotrain-dir/x')],
  ];
  for (const [call, f] of cases) {
    assert.match(String(await errorOf(f)), new RegExp(`^Error: ${call}: the gotrain worker has been terminated`), call);
  }
  await gt.terminate(); // twice is fine

  // Values a worker cannot be sent: the same error in both modes, at the same call.
  for (const [name, g] of Object.entries(modes)) {
    const m2 = await small(g);
    assert.equal(String(await errorOf(() => m2.compile({ optimizer: 'adam', loss: 'meanSquaredError', metrics: [() => 1] }))), 'Error: compile: metrics[0] must be a string, got a function', name);
    assert.equal(String(await errorOf(() => g.data.parseCSV('a,b\n1,2\n', { label: () => 'b' }))), 'Error: parseCSV: label cannot be a function', name);
    assert.equal(String(await errorOf(() => m2.fit([[1, 2]], [1], { epochs: () => 3 }))), 'Error: fit: epochs cannot be a function', name);
    await m2.dispose();
  }
  // Anything else structured cloning refuses still names the call.
  const m3 = await small(modes.worker);
  assert.match(String(await errorOf(() => m3.evaluateReport([[1, 2]], [1], { numClasses: Symbol('k') }))), /^Error: evaluateReport: numClasses must be a number, not a symbol$/);
  assert.match(String(await errorOf(() => modes.worker.data.builtin(() => 'circle'))), /^Error: builtin: an argument cannot be sent to the gotrain worker/);
  await m3.dispose();
});

test('cyclic objects and other unwritable values: an error naming the call, not a raw TypeError (both modes)', async () => {
  const cyclic = {};
  cyclic.self = cyclic;
  for (const [name, gt] of Object.entries(modes)) {
    const cases = [
      [() => gt.modelFromJSON(cyclic), /^Error: modelFromJSON: the model object cannot be written as JSON \(Converting circular structure to JSON\)$/],
      [() => gt.loadLayersModel({ modelTopology: cyclic, weightSpecs: [] }), /^Error: loadLayersModel: the model topology cannot be written as JSON \(Converting circular structure to JSON\)$/],
      [() => gt.loadLayersModel({ modelTopology: { n: 1n }, weightSpecs: [] }), /^Error: loadLayersModel: the model topology cannot be written as JSON \(Do not know how to serialize a BigInt\)$/],
    ];
    for (const [f, want] of cases) assert.match(String(await errorOf(f)), want, name);
  }
});

test('untrusted text in messages is cut to 60 characters and …', async () => {
  const huge = 'n'.repeat(5 * 2 ** 20);
  const ls = new QuotaStorage(1e6);
  Object.defineProperty(globalThis, 'localStorage', { value: ls, configurable: true, writable: true });
  try {
    for (const [name, gt] of Object.entries(modes)) {
      const m = await small(gt);
      const cases = [
        () => gt.loadLayersModel(`localstorage://${huge}`),
        () => gt.loadLayersModel(`file:///${huge}/model.json`),
        () => gt.loadLayersModel(`https://example.invalid/${huge}`, { fetchFunc: async () => new Response('', { status: 404, statusText: huge }) }),
        () => gt.loadLayersModel(`https://example.invalid/m.json`, { fetchFunc: async () => { throw new Error(huge); } }),
        () => gt.loadLayersModel({ json: new File([tinyModelJSON()], huge), weights: [new File([''], huge), new File([''], `${huge}2`)] }),
        () => m.save(`${huge}://x`),
        () => m.save(`file:///dev/null/${huge}`),
        () => m.fit([[1, 2]], [1], { [huge]: 1 }),
      ];
      for (const f of cases) {
        const e = await errorOf(f);
        assert.ok(e.message.length < 500, `${name}: a ${huge.length}-character name made a ${e.message.length}-character message: ${e.message.slice(0, 200)}`);
        assert.match(e.message, /^(loadLayersModel|save|fit): .*n{20,}…/, `${name}: ${e.message.slice(0, 200)}`);
      }
      await m.dispose();
    }
  } finally {
    delete globalThis.localStorage;
  }
});

// ---------------------------------------------------------------------------
// The memory budget's plumbing

test("load({ memoryLimit }): set in Go at load in both modes, reported by gt.memory(); bad values refused naming load", async () => {
  const limit = 1536 * 2 ** 20;
  for (const worker of [false, true]) {
    const gt = await load({ worker, warmUp: false, memoryLimit: limit });
    const mem = await gt.memory();
    assert.equal(mem.limit, limit, `${worker ? 'worker' : 'main'}: memory().limit`);
    assert.ok(Number.isInteger(mem.used) && mem.used >= 0 && mem.used < limit, `${worker ? 'worker' : 'main'}: memory().used ${mem.used}`);
    if (worker) await gt.terminate();
    for (const bad of [-1, 1.5, '1GB']) {
      await assert.rejects(load({ worker, warmUp: false, memoryLimit: bad }), /^Error: load: memoryLimit must be a whole number of bytes, got /);
    }
  }
});
