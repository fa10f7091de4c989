// The browser half of the benchmark: one run of one implementation on one
// workload per page load (build/bench/run.mjs opens a fresh browser context
// for each). Query: impl = gotrain-main | gotrain-worker | tfjs-cpu |
// tfjs-wasm | refjs | refgo-wasm; workload; epochs; warmup; warmupMs; minMs
// (the timed phase: timedFits in lib/workloads.mjs); seed; wasm (another
// gotrain.wasm URL for gotrain-*, default the one next to gotrain.js);
// kernel (gotrain-*: load()'s kernel, auto | simd | scalar | go; default auto).
// Sets window.__bench = { done: true, result | error }; a gotrain result
// carries backend, the gt.backend that ran.
import { MIN_MS, WORKLOADS, parseWorkload, timedFits, warmUp } from '../lib/workloads.mjs';

const q = new URLSearchParams(location.search);
const implName = q.get('impl');
const workload = q.get('workload');
const epochs = Number(q.get('epochs') ?? 20);
const warmup = Number(q.get('warmup') ?? 1);
const warmupMs = Number(q.get('warmupMs') ?? 500);
const minMs = Number(q.get('minMs') ?? MIN_MS);
const seed = Number(q.get('seed') ?? 1);

// Repository paths → URLs of this server's layout.
const urlFor = (file) => (file.startsWith('www/') ? `/${file}` : `/${file.replace(/^build\/bench\//, '')}`);

function script(src) {
  return new Promise((resolve, reject) => {
    const s = document.createElement('script');
    s.src = src;
    s.onload = resolve;
    s.onerror = () => reject(new Error(`could not load ${src}`));
    document.head.append(s);
  });
}

async function makeImpl(name) {
  switch (name) {
    case 'gotrain-main':
    case 'gotrain-worker': {
      const { load } = await import('/www/gotrain.js');
      const { gotrainImpl } = await import('../impls/gotrain.mjs');
      const opts = {};
      if (name === 'gotrain-worker') opts.worker = true;
      if (q.get('wasm')) opts.wasmURL = new URL(q.get('wasm'), location.href).href; // run.mjs --gotrain-wasm
      if (q.get('kernel')) opts.kernel = q.get('kernel');
      const gt = await load(opts);
      return gotrainImpl(gt);
    }
    case 'tfjs-cpu':
    case 'tfjs-wasm': {
      await script('/node_modules/@tensorflow/tfjs/dist/tf.min.js');
      const be = name.slice(5);
      const opts = {};
      if (be === 'wasm') {
        await script('/node_modules/@tensorflow/tfjs-backend-wasm/dist/tf-backend-wasm.min.js');
        opts.setWasmPaths = globalThis.tf.wasm.setWasmPaths;
        opts.wasmDir = `${location.origin}/node_modules/@tensorflow/tfjs-backend-wasm/dist/`;
      }
      const { tfjsImpl, tfjsBackend } = await import('../impls/tfjs.mjs');
      await tfjsBackend(globalThis.tf, be, opts);
      const impl = tfjsImpl(globalThis.tf);
      if (be === 'wasm') impl.note += `, SIMD ${globalThis.tf.env().getBool('WASM_HAS_SIMD_SUPPORT') ? 'on' : 'off'}, threads off`;
      return impl;
    }
    case 'refjs': {
      const { refjsImpl } = await import('../impls/refjs.mjs');
      return refjsImpl();
    }
    case 'refgo-wasm': {
      await script('/www/wasm_exec.js');
      const { refgoImpl } = await import('../impls/refgo.mjs');
      const bytes = await (await fetch('/bin/refgo.wasm')).arrayBuffer();
      return refgoImpl(bytes);
    }
  }
  throw new Error(`unknown impl ${name}`);
}

async function main() {
  const w = WORKLOADS[workload];
  if (!w) throw new Error(`unknown workload ${workload}`);
  const text = await (await fetch(urlFor(w.file))).text();
  const data = parseWorkload(w, text);
  const impl = await makeImpl(implName);
  const wu = await warmUp(impl, w, data, seed, warmup, warmupMs);
  // Zero the probe of build/browser.mjs (if installed) once, so that it sees
  // the whole timed phase; each fit starts in a task of its own (the yield is
  // untimed).
  window.__gotrainLongTasks?.reset();
  const beforeFit = () => new Promise((r) => setTimeout(r, 0));
  const t = await timedFits(impl, w, data, seed, epochs, minMs, { beforeFit });
  const result = { impl: implName, workload, n: data.n, epochs, fits: t.fits, trainMs: t.trainMs, accuracy: t.accuracy, loss: t.loss, note: impl.note, warmupEpochs: wu.epochs, warmupMs: wu.ms };
  if (impl.backend !== undefined) result.backend = impl.backend;
  return result;
}

main().then(
  (result) => {
    document.getElementById('out').textContent = JSON.stringify(result, null, 2);
    window.__bench = { done: true, result };
  },
  (err) => {
    document.getElementById('out').textContent = String(err?.stack || err);
    window.__bench = { done: true, error: String(err?.stack || err) };
  },
);
