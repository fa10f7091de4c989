// load.js: starting gotrain. load() starts gotrain.wasm on this thread
// (startDirect: wasm_exec.js' Go runtime, the WebAssembly instance, streamed
// where the server sends application/wasm, the matrix kernel attached to
// it, the Go program run until it has registered its exports, and the
// background warm-up) or in a worker (worker-client.js; the worker's end
// calls startDirect too), and returns the API object over that transport.

import { makeAPI } from './api.js';
import { DirectTransport } from './direct.js';
import { baseURL, isNode, libraryURL, randomId, VERSION, yieldToEventLoop } from './env.js';
import { compileKernel, kernelImports, KERNEL_FILES, simdSupported } from './kernel.js';
import { Matrix } from './matrix.js';
import { describe, options } from './options.js';
import { startWorker } from './worker-client.js';

/**
 * Loads gotrain. Options: wasmURL (default: gotrain.wasm next to
 * gotrain.js), worker: true to run everything in a dedicated worker
 * (browsers: a module Web Worker; Node: worker_threads), workerURL
 * (default gotrain-worker.js next to gotrain.js), warmUp: whether load
 * runs the training path in the background on small models, so that the
 * first fit neither pays for compiling it nor runs on the engine's slower
 * baseline code (default true, on the main thread and in worker mode:
 * ~250 ms of background work after load, during which memory().models
 * counts its two models and a Node script that only loads exits that much
 * later), kernel: which matrix kernel to use — 'auto' (default: the SIMD
 * kernel where WebAssembly SIMD is there, else the scalar one, else Go's
 * loops), 'simd', 'scalar' or 'go'; memoryLimit: the bytes Go's memory
 * budget allows (default: Go's own). See API.md.
 */
export async function load(opts) {
  const o = options('load', opts, ['wasmURL', 'worker', 'workerURL', 'warmUp', 'kernel', 'memoryLimit']);
  if (!o.worker) {
    const t = await startDirect(o);
    return makeAPI(t, t.info);
  }
  const workerURL = resolveURL(o.workerURL, 'gotrain-worker.js', 'workerURL');
  const wasmURL = resolveURL(o.wasmURL, 'gotrain.wasm').href;
  const { transport, info } = await startWorker(workerURL, { wasmURL, warmUp: o.warmUp ?? true, kernel: o.kernel ?? 'auto', memoryLimit: o.memoryLimit });
  return makeAPI(transport, info);
}

// ---------------------------------------------------------------------------
// Starting gotrain.wasm on this thread

const KERNEL_CHOICES = ['auto', 'simd', 'scalar', 'go'];

let goLoaded = null;

/** Makes sure globalThis.Go (wasm_exec.js) is defined. */
function loadGo(url) {
  if (typeof globalThis.Go === 'function') return Promise.resolve();
  goLoaded ??= import(url.href).then(() => {
    if (typeof globalThis.Go !== 'function') throw new Error(`load: ${url.href} did not define Go (is it the Go toolchain's wasm_exec.js?)`);
  });
  return goLoaded;
}

/**
 * load's URL options (option names it in errors): a URL, or a string
 * relative to the page (Node: the working directory); by default the file
 * name next to gotrain.js.
 */
export function resolveURL(u, name, option = 'wasmURL') {
  if (u === undefined || u === null) return libraryURL(name);
  if (u instanceof URL) return u;
  if (typeof u !== 'string') throw new Error(`load: ${option} must be a string or URL, got ${describe(u)}`);
  return new URL(u, baseURL() ?? libraryURL('').href);
}

/** The bytes of a file:// URL in Node, else the fetch Response. */
async function source(url) {
  if (isNode && url.protocol === 'file:') {
    const { readFile } = await import('node:fs/promises');
    return readFile(url);
  }
  const resp = await fetch(url);
  if (!resp.ok) throw new Error(`load: fetching ${url.href} failed: ${resp.status} ${resp.statusText}`);
  return resp;
}

/** The kernel file of kernel choice c ('auto': SIMD where the engine has it), or null for 'go'. */
function kernelFile(c) {
  if (c === 'go') return null;
  return c === 'simd' || (c === 'auto' && simdSupported()) ? KERNEL_FILES.simd : KERNEL_FILES.scalar;
}

// ---------------------------------------------------------------------------
// Compiled modules for workers (pool.js): gotrain.wasm and its kernel are
// compiled once per thread and the WebAssembly.Module objects are handed to
// each worker in its init message, instead of every worker fetching and
// compiling 4 MB itself. A Module posted to a worker shares its compiled code,
// so a function V8's optimizing tier has compiled (on this thread, or in one
// worker) runs optimized in every worker at once: without it each worker
// starts on baseline code, and the background compilation of every worker
// takes the cores the trials run on.

/** Promises of { module, kernelModule } by wasm URL and kernel file. */
const compiled = new Map();

/**
 * Resolves to { module, kernelModule } (kernelModule null for kernel 'go'):
 * those startDirect compiled on this thread for the same URL and kernel, or
 * new ones. Rejects (and forgets) when compiling fails.
 */
export function compiledModules({ wasmURL, kernel = 'auto' }) {
  const url = resolveURL(wasmURL, 'gotrain.wasm');
  const file = kernelFile(kernel);
  return remember(`${url.href} ${file}`, () =>
    Promise.all([compileKernel(source(url), 'load'), file ? compileKernel(source(kernelURLOf(url, file))) : null]).then(([module, kernelModule]) => ({ module, kernelModule })),
  );
}

/** compiled's entry key, made by make() if there is none; one that rejects is forgotten. */
function remember(key, make) {
  let p = compiled.get(key);
  if (!p) {
    p = make();
    p.catch(() => compiled.delete(key));
    compiled.set(key, p);
  }
  return p;
}

/**
 * The kernels are the library's own files when gotrain.wasm is (a bundler
 * gives each file its own name), else the files next to url.
 */
function kernelURLOf(url, name) {
  return url.href === libraryURL('gotrain.wasm').href ? libraryURL(name) : new URL(name, url);
}

/**
 * Starts gotrain.wasm (o: load's wasmURL, warmUp, kernel); resolves to the
 * DirectTransport, with info = { version, backend, layerKinds, optimizerKinds }.
 */
export async function startDirect({ wasmURL, module, kernelModule: kmod, warmUp: background = true, kernel: kernelChoice = 'auto', memoryLimit }) {
  if (!KERNEL_CHOICES.includes(kernelChoice)) {
    throw new Error(`load: kernel must be 'auto', 'simd', 'scalar' or 'go', got ${describe(kernelChoice)}`);
  }
  const url = resolveURL(wasmURL, 'gotrain.wasm');
  await loadGo(libraryURL('wasm_exec.js'));
  const go = new globalThis.Go();
  go.env = {};
  let t = null;
  go.exit = () => {
    // The Go program never exits by itself; only a fatal runtime error
    // (such as running out of memory) ends it. Library code never prints.
    if (t) t.exited = true;
  };
  const kernel = kernelImports();
  go.importObject.gotrain_kernel = kernel.imports;
  let kernelModule = null;
  const file = kernelFile(kernelChoice);
  if (file) {
    // Compiles while Go's module loads (or is the module a worker was handed).
    kernelModule = compileKernel(kmod ?? source(kernelURLOf(url, file)), 'load');
    kernelModule.catch(() => {});
  }
  let instance;
  try {
    if (!(module instanceof WebAssembly.Module)) {
      const compiledModule = await compileKernel(source(url), 'load');
      // Workers started from this thread get these compiled modules (compiledModules).
      remember(`${url.href} ${file}`, () => Promise.resolve(kernelModule).then((k) => ({ module: compiledModule, kernelModule: k })));
      module = compiledModule;
    }
    instance = await WebAssembly.instantiate(module, go.importObject);
  } catch (e) {
    const msg = e?.message ?? String(e);
    throw new Error(msg.startsWith('load: ') ? msg : `load: ${url.href}: ${msg}`);
  }
  if (kernelModule) {
    try {
      await kernel.attach(await kernelModule, instance);
    } catch (e) {
      // An explicitly requested kernel must load; 'auto' falls back to Go's loops.
      if (kernelChoice !== 'auto') throw new Error(`load: the ${kernelChoice} kernel did not load: ${e?.message ?? e}`);
    }
  }
  const id = randomId();
  const key = `__gotrain_${id}`;
  // The program reads its id from __gotrain_boot while go.run starts it
  // (synchronously, up to main's select {}); wasm/main.go.
  globalThis.__gotrain_boot = id;
  let exited;
  try {
    exited = go.run(instance);
  } finally {
    delete globalThis.__gotrain_boot;
  }
  exited.then(() => {
    if (t) t.exited = true;
  });
  const raw = globalThis[key];
  delete globalThis[key];
  if (!raw) throw new Error('load: the Go program did not start');
  t = new DirectTransport(raw, instance);
  t.setMemoryLimit(memoryLimit);
  // Go's own word on the kernel: a module built without the kernel tag
  // multiplies with its Go loops whatever kernel file was attached.
  t.info = { version: VERSION, ...t.describe() };
  if (background) {
    // In the background, one small step per task, after load has resolved.
    t.warming = warmUp(makeAPI(t, t.info), t)
      .catch(() => {})
      .finally(() => {
        t.warming = null;
      });
  }
  return t;
}

// ---------------------------------------------------------------------------
// The warm-up (main-thread mode, and inside the worker in worker mode).
//
// JavaScript engines compile WebAssembly functions lazily, on their first
// call, and first on a quick baseline tier; a function is recompiled by the
// optimizing tier only once it has run enough. Without a warm-up, the first
// fit's first slice pays for compiling the whole training path in one task
// (about 50 ms in Chromium) and its first epochs run 2–3× slower. warm runs
// the training path once on a tiny model, one step per task; heat then
// trains two small MLPs for at most HEAT_MS in fit's usual slices. Both
// start after load has resolved, so nothing blocks the page. A fit of the
// user's stops heat at its next epoch and waits for the warm-up to end (see
// DirectTransport.fit).

/** What heat trains: [output units, activation, loss]. */
const HEAT_MODELS = [
  [3, 'softmax', 'categoricalCrossentropy'],
  [1, 'sigmoid', 'binaryCrossentropy'],
];

/**
 * How long heat trains at most, so that a model trained afterwards starts
 * at full speed (measured in Node: blobs' first 20 epochs average 3 ms,
 * then 0.8 ms each).
 */
const HEAT_MS = 250;
const HEAT_EPOCHS = 400; // per model: 64 rows, 2 batches an epoch

/** Runs the warm-up on gt (main-thread API over transport t); resolves when it is done. */
async function warmUp(gt, t) {
  await warm(gt, t);
  await heat(gt, t);
}

/** A model of the warm-up: its fits do not wait for the warm-up they are part of. */
function warmUpModel(gt, t, cfg) {
  const m = gt.sequential(cfg);
  t.warmUpModels.add(m._h);
  return m;
}

async function warm(gt, t) {
  const x = new Matrix(Float64Array.of(0, 1, 1, 0, 1, 1, 0, 0), [4, 2]);
  const y = new Matrix(Float64Array.of(0, 1, 1, 0), [4, 1]);
  const m = warmUpModel(gt, t, {
    seed: 1,
    layers: [
      gt.layers.normalization({ inputShape: [2] }),
      gt.layers.dense({ units: 4, activation: 'relu', kernelRegularizer: 'l2' }),
      gt.layers.dropout({ rate: 0.1 }),
      gt.layers.dense({ units: 2, activation: 'softmax' }),
    ],
  });
  try {
    m.compile({ optimizer: 'adam', loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
    const steps = [() => m.predict(x), () => m.evaluate(x, y), () => m.trainOnBatch(x, y), () => m.trace([0, 1], 1)];
    for (const step of steps) {
      await yieldToEventLoop();
      step();
    }
    await m.fit(x, y, { epochs: 2, batchSize: 2, validationSplit: 0.5, yieldEvery: 'batch', callbacks: { onBatchEnd() {} } });
  } finally {
    t.warmUpModels.delete(m._h);
    m.dispose();
  }
}

async function heat(gt, t) {
  const t0 = performance.now();
  const rows = 64;
  const xs = new Float64Array(rows * 8);
  for (let i = 0; i < xs.length; i++) xs[i] = ((i * 7919) % 13) / 13 - 0.5;
  const x = new Matrix(xs, [rows, 8]);
  for (const [out, activation, loss] of HEAT_MODELS) {
    if (t.heatStop || t.exited) return;
    const ys = new Float64Array(rows * out);
    for (let i = 0; i < rows; i++) ys[i * out + (out === 1 ? 0 : i % out)] = out === 1 ? i % 2 : 1;
    const m = warmUpModel(gt, t, {
      seed: 1,
      layers: [
        gt.layers.dense({ units: 16, activation: 'relu', inputShape: [8] }),
        gt.layers.dense({ units: 16, activation: 'relu' }),
        gt.layers.dense({ units: out, activation }),
      ],
    });
    try {
      m.compile({ optimizer: 'adam', loss });
      const onEpochEnd = () => {
        if (t.heatStop || performance.now() - t0 > HEAT_MS) m.stopTraining = true;
      };
      await m.fit(x, new Matrix(ys, [rows, out]), { epochs: HEAT_EPOCHS, batchSize: 32, callbacks: { onEpochEnd } });
    } finally {
      t.warmUpModels.delete(m._h);
      m.dispose();
    }
  }
}
