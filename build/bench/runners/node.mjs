// One benchmark run of one JavaScript implementation in this (fresh) Node
// process; build/bench/run.mjs spawns one per run. Prints one JSON line:
// { impl, workload, n, epochs, fits, trainMs, cpuMs, accuracy, loss, maxRSSKB, note }
// and, for gotrain, backend (gt.backend: the matrix kernel that ran).
//
//   node build/bench/runners/node.mjs --impl gotrain-wasm --workload spiral [--epochs 20] [--warmup 1] [--warmup-ms 500] [--min-ms 1000] [--seed 1]
//
// impl: gotrain-wasm (load({ kernel: 'simd' })), gotrain-wasm-scalar
// (kernel 'scalar'), gotrain-wasm-go (kernel 'go': Go's own loops),
// tfjs-cpu, tfjs-wasm, convnetjs, brainjs, refgo-wasm, refjs.
// The warm-up fits a throw-away model --warmup epochs at a time until
// --warmup-ms have passed (JIT tiers, kernel caches; see warmUp in
// lib/workloads.mjs); then the timed phase (timedFits in lib/workloads.mjs):
// fits of --epochs epochs, each on a fresh model, until --min-ms of fit wall
// time have accumulated (at least one fit; 0: exactly one). trainMs and cpuMs
// are summed over the fits; accuracy and loss are the first fit's. Data
// parsing, model building, tensor creation and the accuracy pass are outside
// the timed region.
import { createRequire } from 'node:module';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { MIN_MS, loadWorkloadNode, timedFits, warmUp } from '../lib/workloads.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '../../..');
const require = createRequire(import.meta.url);

/**
 * Peak RSS in KiB: VmHWM from /proc/self/status on Linux, because
 * process.resourceUsage().maxRSS (getrusage ru_maxrss) also counts the
 * parent's memory copied into the forked child before exec: every child of
 * run.mjs would report at least run.mjs's own size.
 */
function peakRSSKB() {
  try {
    const m = /^VmHWM:\s*(\d+)\s*kB/m.exec(readFileSync('/proc/self/status', 'utf8'));
    if (m) return Number(m[1]);
  } catch {}
  return process.resourceUsage().maxRSS;
}

function args(argv) {
  const o = { epochs: 20, warmup: 1, 'warmup-ms': 500, 'min-ms': MIN_MS, seed: 1 };
  for (let i = 0; i < argv.length; i++) {
    const m = /^--([\w-]+)(?:=(.*))?$/.exec(argv[i]);
    if (!m) throw new Error(`bad argument ${argv[i]}`);
    o[m[1]] = m[2] ?? argv[++i];
  }
  for (const k of ['epochs', 'warmup', 'warmup-ms', 'min-ms', 'seed']) o[k] = Number(o[k]);
  return o;
}

async function wasmExec() {
  if (globalThis.Go) return;
  const { execFileSync } = await import('node:child_process');
  const goroot = execFileSync('go', ['env', 'GOROOT'], { encoding: 'utf8' }).trim();
  const f = [path.join(goroot, 'lib/wasm/wasm_exec.js'), path.join(goroot, 'misc/wasm/wasm_exec.js')].find(existsSync);
  await import(pathToFileURL(f).href);
}

/** The matrix kernel each gotrain row asks load() for. */
const GOTRAIN_KERNELS = { 'gotrain-wasm': 'simd', 'gotrain-wasm-scalar': 'scalar', 'gotrain-wasm-go': 'go' };

/** Returns the implementation object for name ({ note, build }, and backend for gotrain). */
export async function nodeImpl(name) {
  switch (name) {
    case 'gotrain-wasm':
    case 'gotrain-wasm-scalar':
    case 'gotrain-wasm-go': {
      const { load } = await import(pathToFileURL(path.join(repoRoot, 'www/gotrain.js')).href);
      const { gotrainImpl } = await import('../impls/gotrain.mjs');
      const opts = { kernel: GOTRAIN_KERNELS[name] };
      // GOTRAIN_WASM (run.mjs --gotrain-wasm) measures another build of the module.
      const wasm = process.env.GOTRAIN_WASM;
      if (wasm) opts.wasmURL = pathToFileURL(path.resolve(repoRoot, wasm)).href;
      return gotrainImpl(await load(opts));
    }
    case 'tfjs-cpu':
    case 'tfjs-wasm': {
      // Silence TF.js' one-line "install tfjs-node" hint on stdout.
      const log = console.log;
      console.log = () => {};
      const tf = await import('@tensorflow/tfjs');
      const { tfjsImpl, tfjsBackend } = await import('../impls/tfjs.mjs');
      const be = name.slice(5);
      const opts = {};
      if (be === 'wasm') {
        const wasm = await import('@tensorflow/tfjs-backend-wasm');
        opts.setWasmPaths = wasm.setWasmPaths;
        opts.wasmDir = path.join(repoRoot, 'build/node_modules/@tensorflow/tfjs-backend-wasm/dist') + '/';
      }
      await tfjsBackend(tf, be, opts);
      console.log = log;
      const impl = tfjsImpl(tf);
      if (be === 'wasm') impl.note += `, SIMD ${tf.env().getBool('WASM_HAS_SIMD_SUPPORT') ? 'on' : 'off'}, threads off`;
      return impl;
    }
    case 'convnetjs': {
      const { convnetImpl } = await import('../impls/convnetjs.mjs');
      return convnetImpl(require('convnetjs'));
    }
    case 'brainjs': {
      const { brainImpl } = await import('../impls/brainjs.mjs');
      return brainImpl(require('brain.js'), process.env.BRAIN_ACTIVATION || 'sigmoid');
    }
    case 'refgo-wasm': {
      await wasmExec();
      const { refgoImpl } = await import('../impls/refgo.mjs');
      const f = process.env.REFGO_WASM || path.join(repoRoot, 'build/.bin/bench/refgo.wasm');
      return refgoImpl(readFileSync(f));
    }
    case 'refjs': {
      const { refjsImpl } = await import('../impls/refjs.mjs');
      return refjsImpl();
    }
  }
  throw new Error(`unknown impl ${name}`);
}

/** Warm-up, then the timed fits (timedFits); returns the result record. */
export async function benchOnce(impl, w, data, { epochs, warmup, 'warmup-ms': warmupMs, 'min-ms': minMs, seed }) {
  const wu = await warmUp(impl, w, data, seed, warmup, warmupMs ?? 0);
  // cpuMs: user + system CPU time of the whole process during the timed fits
  // (all its threads: V8's compiler and GC threads too), less sensitive than
  // wall time to other load on the machine.
  const cpuMs = () => {
    const c = process.cpuUsage();
    return (c.user + c.system) / 1000;
  };
  const t = await timedFits(impl, w, data, seed, epochs, minMs ?? MIN_MS, { cpuMs });
  return { n: data.n, epochs, fits: t.fits, trainMs: t.trainMs, cpuMs: t.cpuMs, accuracy: t.accuracy, loss: t.loss, warmupEpochs: wu.epochs, warmupMs: wu.ms };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const o = args(process.argv.slice(2));
    const { w, data } = await loadWorkloadNode(o.workload, repoRoot);
    const impl = await nodeImpl(o.impl);
    const r = await benchOnce(impl, w, data, o);
    const out = { impl: o.impl, workload: o.workload, ...r, maxRSSKB: peakRSSKB(), note: impl.note };
    if (impl.backend !== undefined) out.backend = impl.backend;
    process.stdout.write(JSON.stringify(out) + '\n');
    process.exit(0); // refgo's Go program never returns, TF.js may keep timers
  } catch (err) {
    process.stderr.write(`${err?.stack || err}\n${String(err?.message || err).split('\n')[0]}\n`);
    process.exit(1);
  }
}
