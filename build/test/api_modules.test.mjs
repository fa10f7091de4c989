// The library's modules on their own (no gotrain.wasm needed): gt.layers
// built from a stubbed description of layer kinds, flow() (one body of
// code for values and Promises), and the rules of the module layout —
// gotrain.js exports the public API only, nothing imports a private
// export, every module is small, imports only relative paths inside www/,
// is requested in one wave and is cached by the service worker.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { Layer, makeLayers, COMMON_LAYER_FIELDS, Regularizer } from '../../www/lib/descriptions.js';
import { flow } from '../../www/lib/model.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const www = path.join(root, 'www');
const lib = path.join(www, 'lib');

// A description as the Go module's layerKinds export gives it, with a kind
// that does not exist: it must appear as a factory with its field checks.
const KINDS = [
  {
    kind: 'dense',
    className: 'Dense',
    fields: [
      { name: 'units', type: 'int', required: true },
      { name: 'activation', type: 'activation', default: 'linear' },
      { name: 'kernelRegularizer', type: 'regularizer', default: null },
    ],
  },
  {
    kind: 'fancyNoise',
    className: 'FancyNoise',
    fields: [
      { name: 'stddev', type: 'float', required: true },
      { name: 'clip', type: 'bool', default: false },
    ],
  },
  { kind: 'normalization', className: 'Normalization', fields: [] },
];

test('gt.layers is built from the description: a new kind is a factory with its field checks', () => {
  const checked = [];
  const layers = makeLayers(KINDS, (spec) => checked.push(spec), false);
  assert.deepEqual(Object.keys(layers), ['dense', 'fancyNoise', 'normalization']);

  const l = layers.fancyNoise({ stddev: 0.1, name: 'noisy', inputShape: [3] });
  assert.ok(l instanceof Layer);
  assert.equal(l.kind, 'fancyNoise');
  assert.equal(l.name, 'noisy', 'the given name before add');
  assert.deepEqual(l.getConfig(), { stddev: 0.1, name: 'noisy', inputShape: [3] });
  assert.deepEqual(checked, [{ kind: 'fancyNoise', stddev: 0.1, name: 'noisy', inputShape: [3] }], 'main-thread mode checks the spec in Go at once');
  assert.equal(layers.fancyNoise({ stddev: 0, clip: true, inputDim: 4 }).config.clip, true, 'zero is a value; every kind takes inputDim');

  const cases = [
    [() => layers.fancyNoise({ stdev: 0.1 }), "fancyNoise: unknown option 'stdev' (did you mean 'stddev'?); known: stddev, clip, name, inputShape, inputDim"],
    [() => layers.fancyNoise({}), 'fancyNoise: stddev is required'],
    [() => layers.fancyNoise(), 'fancyNoise: stddev is required'],
    [() => layers.fancyNoise({ stddev: undefined }), 'fancyNoise: stddev is required'],
    [() => layers.fancyNoise(5), 'fancyNoise: options must be an object, got 5'],
    [() => layers.dense({ units: 1, bias: true }), "dense: unknown option 'bias'; known: units, activation, kernelRegularizer, name, inputShape, inputDim"],
    [() => layers.fancyNoise({ stddev: 1 }).adapt([[1]]), 'adapt: only normalization layers adapt, not fancyNoise'],
  ];
  for (const [f, want] of cases) {
    assert.throws(f, (e) => e instanceof Error && e.message === want, want);
  }
  assert.deepEqual(COMMON_LAYER_FIELDS, ['name', 'inputShape', 'inputDim']);
});

test('layer specs: regularizer fields as { l1, l2 }, strings as given; a field without bounds leaves its range to Go', async () => {
  const layers = makeLayers(KINDS, null, true);
  const spec = (r) => layers.dense({ units: 1, kernelRegularizer: r })._spec().kernelRegularizer;
  assert.deepEqual(spec(new Regularizer(0.1, 0)), { l1: 0.1, l2: 0 });
  assert.deepEqual(spec({ l2: 0.5 }), { l1: 0, l2: 0.5 });
  assert.equal(spec('l1l2'), 'l1l2');
  assert.equal(spec(null), null);
  assert.equal(layers.dense({ units: 0 }).config.units, 0, 'units has no bounds in this description: Go checks them when the layer is added');
  assert.throws(() => layers.dense({ units: 0.5 }), /^Error: dense: units must be an integer, got 0\.5$/, 'types are checked at once in worker mode too');
  const norm = layers.normalization();
  const p = norm.adapt([[1, 2], [3, 4]]);
  assert.ok(p instanceof Promise, 'worker mode: adapt before add returns a Promise');
  await p;
  assert.deepEqual(norm._pendingAdapt.shape, [2, 2], 'kept until the layer is added');
  assert.throws(() => makeLayers(undefined, null, false), /^Error: load: the gotrain module describes no layer kinds/);
});

test('flow: one body, values on the main thread, Promises in worker mode, try/catch across answers', async () => {
  const boom = new Error('boom');
  // answers: what the transport would return in each mode
  const body = (answer, fail) =>
    function* () {
      const a = yield answer(1);
      try {
        yield fail();
      } catch (e) {
        return [a, this.tag, e.message];
      }
      return 'not reached';
    };
  const self = { tag: 'self' };
  assert.deepEqual(flow(false, body((v) => v, () => { throw boom; }), self), [1, 'self', 'boom']);
  const p = flow(true, body((v) => Promise.resolve(v), () => Promise.reject(boom)), self);
  assert.ok(p instanceof Promise);
  assert.deepEqual(await p, [1, 'self', 'boom']);

  // A check that fails throws on the main thread and rejects in worker mode.
  const check = function* () {
    throw boom;
  };
  assert.throws(() => flow(false, check), (e) => e === boom);
  let rejected;
  const q = flow(true, check);
  assert.ok(q instanceof Promise, 'no synchronous throw in worker mode');
  await q.catch((e) => (rejected = e));
  assert.equal(rejected, boom);

  // Worker mode runs synchronously up to the first answer it waits for
  // (model.dispose() marks the model disposed at once, as an async function would).
  let ran = false;
  const r = flow(true, function* () {
    ran = true;
    yield Promise.resolve();
    return 'done';
  });
  assert.equal(ran, true);
  assert.equal(await r, 'done');
});

// ---------------------------------------------------------------------------
// The layout

const read = (f) => readFileSync(f, 'utf8');
const libFiles = readdirSync(lib).filter((f) => f.endsWith('.js')).sort();

/** The static import specifiers of a module (import … from '…', import '…', export … from '…'). */
function staticImports(src) {
  const out = [];
  const code = src.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  for (const m of code.matchAll(/^\s*(?:import|export)\s+(?:[\s\S]*?\sfrom\s+)?['"]([^'"]+)['"]/gm)) out.push(m[1]);
  return out;
}

/** Every module file reachable from file by static imports (absolute paths). */
function closure(file, seen = new Set()) {
  for (const spec of staticImports(read(file))) {
    if (!spec.startsWith('.')) continue;
    const f = path.resolve(path.dirname(file), spec);
    if (seen.has(f)) continue;
    seen.add(f);
    closure(f, seen);
  }
  return seen;
}

test('gotrain.js exports the public API only', async () => {
  const mod = await import('../../www/gotrain.js');
  assert.deepEqual(Object.keys(mod).sort(), ['EarlyStopping', 'Layer', 'Matrix', 'Model', 'Optimizer', 'Regularizer', 'VERSION', 'WorkerModel', 'load']);
  assert.equal(mod.WorkerModel, mod.Model, 'one Model class for both modes');
});

test('nothing imports a private export', () => {
  const files = [];
  const walk = (dir) => {
    for (const f of readdirSync(dir)) {
      if (f === 'node_modules' || f === 'out' || f.startsWith('.')) continue;
      const p = path.join(dir, f);
      if (statSync(p).isDirectory()) walk(p);
      else if (/\.(m?js|html)$/.test(f)) files.push(p);
    }
  };
  walk(www);
  walk(path.join(root, 'build'));
  const bad = [];
  for (const f of files) {
    for (const m of read(f).matchAll(/(?:import|export)\s*\{([^}]*)\}\s*from\s*['"]([^'"]+)['"]/g)) {
      const names = m[1].split(',').map((s) => s.trim().split(/\s+as\s+/)[0]).filter(Boolean);
      for (const n of names) if (n.startsWith('_')) bad.push(`${path.relative(root, f)}: ${n} from ${m[2]}`);
    }
  }
  assert.deepEqual(bad, []);
});

test('modules: small, relative imports inside www/ only, all requested in one wave, all cached by sw.js', (t) => {
  const entries = ['gotrain.js', 'gotrain-worker.js'].map((f) => path.join(www, f));
  const sizes = [];
  for (const f of [...entries, ...libFiles.map((n) => path.join(lib, n))]) {
    const src = read(f);
    const lines = src.split('\n').length;
    sizes.push([path.relative(www, f), lines]);
    assert.ok(lines <= 600, `${path.relative(root, f)} has ${lines} lines (at most ~600)`);
    for (const spec of staticImports(src)) {
      assert.match(spec, /^\.\.?\//, `${path.relative(root, f)} imports '${spec}': relative paths only (no bundler)`);
      const target = path.resolve(path.dirname(f), spec);
      assert.ok(target.startsWith(www + path.sep), `${path.relative(root, f)} imports '${spec}', outside www/`);
    }
    for (const m of src.matchAll(/import\(\s*['"]([^'"]+)['"]\s*\)/g)) {
      assert.match(m[1], /^node:/, `${path.relative(root, f)}: a dynamic import of '${m[1]}' (only node: modules, in Node)`);
    }
  }
  sizes.sort((a, b) => b[1] - a[1]);
  t.diagnostic(`module lines: ${sizes.map(([f, n]) => `${f} ${n}`).join(', ')}`);

  // Each entry imports every module it needs directly, so that a browser
  // requests them in one wave rather than one level of imports at a time.
  for (const entry of entries) {
    const direct = new Set(staticImports(read(entry)).map((s) => path.resolve(www, s)));
    for (const f of closure(entry)) {
      assert.ok(direct.has(f), `${path.basename(entry)} needs ${path.relative(www, f)} but does not import it itself`);
    }
  }
  const reachable = new Set(entries.flatMap((e) => [...closure(e)]));
  for (const f of libFiles) assert.ok(reachable.has(path.join(lib, f)), `lib/${f} is not used`);

  const sw = read(path.join(www, 'sw.js'));
  const assets = JSON.parse(sw.match(/const ASSETS = (\[[\s\S]*?\]);/)[1].replace(/'/g, '"').replace(/,\s*\]/, ']'));
  for (const f of libFiles) assert.ok(assets.includes(`lib/${f}`), `sw.js does not cache lib/${f}`);
  for (const a of assets.filter((x) => x.startsWith('lib/'))) assert.ok(libFiles.includes(a.slice(4)), `sw.js lists ${a}, which does not exist`);
});
