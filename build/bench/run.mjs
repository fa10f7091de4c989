#!/usr/bin/env node
// gotrain's speed benchmark (issue 3): gotrain in WebAssembly, gotrain's core
// natively, TF.js (cpu and wasm backends), ConvNetJS, brain.js and two
// hand-written "tight loop" references (Go, native and wasm; JavaScript) train
// the same three workloads with the same settings; the same in headless
// Chromium for gotrain (main thread and worker), TF.js, and the references.
// gotrain in wasm runs once per matrix kernel path (load({ kernel }): the
// SIMD kernel, the scalar kernel, Go's own loops), each a row of its own
// whose runs must report that gt.backend.
//
//   node build/bench/run.mjs                        # everything (what `make bench` runs)
//   node build/bench/run.mjs --runs 5 --only gotrain-wasm,refgo-wasm --workload spiral
//   node build/bench/run.mjs --only node,native --workload digits --runs 3
//
// Options:
//   --runs N          timed runs per implementation and workload (default 5)
//   --only LIST       implementations (ids: --list) or groups: node, native, browser, gotrain, refs, peers;
//                     opt-in ids (browser-gotrain-main-scalar) run only when named here
//   --skip LIST       the same, left out
//   --workload LIST   spiral, blobs, digits (default all; --workloads too)
//   --epochs N        epochs of every timed fit (default 20)
//   --min-ms MS       timed fits, each on a fresh model, repeat until MS milliseconds of fit wall time have
//                     accumulated (default 1000; 0: one fit, the old rule), the same rule for every
//                     implementation: one 20-epoch fit of spiral or blobs lasts 10–100 ms, too short
//                     to measure on a noisy machine; samples/s counts every timed fit, accuracy is the first's
//   --epochs-for L    per implementation, e.g. brainjs=5,convnetjs=10 (samples/s stays comparable;
//                     the rows are marked †, their accuracy is after fewer epochs)
//   --warmup N        epochs of each untimed warm-up fit in each process (default 1)
//   --warmup-ms MS    warm-up fits repeat until MS milliseconds have passed (default 500;
//                     0: one warm-up fit), the same rule for every implementation
//   --out DIR         where results.md, results.svg and results.json go. Default: build/bench for a
//                     full run (no --only/--skip/--workload, ≥ 5 runs, 20 epochs, --min-ms 1000), else build/out/bench
//   --no-build        do not run `make build` / go build first
//   --gotrain-wasm F  measure this gotrain.wasm (under www/ or build/.bin/bench/) instead of
//                     www/gotrain.wasm, with www/gotrain.js, e.g. an A/B of two kernel builds
//                     (www's gotrain-kernel*.wasm are copied next to it when missing)
//   --no-extras       skip the wasm size, load-time, long-task and gt.tune (tunebench.mjs) figures; --no-tune: gt.tune's
//   --timeout S       seconds before a run is killed and counted as failed (default 300)
//   --list            print the implementation ids and exit
//   --from FILE       no measuring: re-render results.md/.svg from a results.json (into --out, or FILE's directory)
//
// Each run is a child process (Node: build/bench/runners/node.mjs; native:
// the Go programs in build/bench/native and build/bench/refgo) or a fresh
// Chromium browser context on build/bench/page/bench.html, and prints one
// JSON record; rounds are interleaved (A B C … A B C …) so machine drift
// hits every implementation alike. Medians, min–max and ratios go to
// results.md, a chart to results.svg, every raw record to results.json.

import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { WORKLOADS, WORKLOAD_NAMES, TRAIN, MIN_MS } from './lib/workloads.mjs';
import { summarize, markdown, svgChart, median, fmtSps, fmtMs, kernelCheck, recordSps, epochsTimed, fitsOf } from './lib/report.mjs';
import { wasmSizes } from './lib/sizes.mjs';
import { pageReadyTimes, describePageReady } from './pageready.mjs';
import { reliabilityTimes, describeReliability } from './reliability.mjs';
import { describeTune, tuneFigures } from './tunebench.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '../..');
const binDir = path.join(repoRoot, 'build/.bin/bench');

const C = {
  gotrain: '#0b7a75', gotrainScalar: '#3a9f99', gotrainGo: '#7da39f', gotrainNative: '#5fb8b3', refgo: '#e0a100', refgoNative: '#f3cf6b', refjs: '#c2571a',
  tfcpu: '#4a6fd1', tfwasm: '#8aa4ea', convnet: '#8e5bb5', brain: '#b87fa3',
};

/**
 * Every implementation, in display order. kernel: the matrix kernel a
 * gotrain-in-wasm row asks load() for; its runs must report that very
 * gt.backend or they count as failed. optIn: selected only when --only
 * names its id (not by a group, not in a full run).
 */
const IMPLS = [
  { id: 'gotrain-wasm', label: 'gotrain · SIMD kernel', env: 'Node · wasm', kind: 'node', kernel: 'simd', short: 'gotrain SIMD · Node', group: ['gotrain'], color: C.gotrain, highlight: true },
  { id: 'gotrain-wasm-scalar', label: 'gotrain · scalar kernel', env: 'Node · wasm', kind: 'node', kernel: 'scalar', short: 'gotrain scalar · Node', group: ['gotrain'], color: C.gotrainScalar, highlight: true },
  { id: 'gotrain-wasm-go', label: 'gotrain · Go loops', env: 'Node · wasm', kind: 'node', kernel: 'go', short: 'gotrain Go loops · Node', group: ['gotrain'], color: C.gotrainGo, highlight: true },
  { id: 'gotrain-native', label: 'gotrain core', env: 'native Go', kind: 'native', bin: 'native', group: ['gotrain'], color: C.gotrainNative, highlight: true },
  { id: 'refgo-wasm', label: 'tight Go loop', env: 'Node · wasm', kind: 'node', group: ['refs'], color: C.refgo },
  { id: 'refgo-native', label: 'tight Go loop', env: 'native Go', kind: 'native', bin: 'refgo', group: ['refs'], color: C.refgoNative },
  { id: 'refjs', label: 'tight JS loop', env: 'Node', kind: 'node', group: ['refs'], color: C.refjs },
  { id: 'tfjs-cpu', label: 'TF.js 4.22 cpu', env: 'Node', kind: 'node', group: ['peers'], color: C.tfcpu },
  { id: 'tfjs-wasm', label: 'TF.js 4.22 wasm', env: 'Node', kind: 'node', group: ['peers'], color: C.tfwasm },
  { id: 'convnetjs', label: 'ConvNetJS 0.3.0 ‡', env: 'Node', kind: 'node', group: ['peers'], color: C.convnet },
  { id: 'brainjs', label: 'brain.js 2.0.0-β24 ‡', env: 'Node', kind: 'node', group: ['peers'], color: C.brain },
  { id: 'browser-gotrain-main', label: 'gotrain · SIMD kernel, main thread', env: 'Chromium · wasm', kind: 'browser', page: 'gotrain-main', kernel: 'simd', short: 'gotrain SIMD, main · Chromium', group: ['gotrain'], color: C.gotrain, highlight: true },
  { id: 'browser-gotrain-main-scalar', label: 'gotrain · scalar kernel, main thread', env: 'Chromium · wasm', kind: 'browser', page: 'gotrain-main', kernel: 'scalar', optIn: true, short: 'gotrain scalar, main · Chromium', group: ['gotrain'], color: C.gotrainScalar, highlight: true },
  { id: 'browser-gotrain-main-go', label: 'gotrain · Go loops, main thread', env: 'Chromium · wasm', kind: 'browser', page: 'gotrain-main', kernel: 'go', short: 'gotrain Go loops, main · Chromium', group: ['gotrain'], color: C.gotrainGo, highlight: true },
  { id: 'browser-gotrain-worker', label: 'gotrain · SIMD kernel, worker', env: 'Chromium · wasm', kind: 'browser', page: 'gotrain-worker', kernel: 'simd', short: 'gotrain SIMD, worker · Chromium', group: ['gotrain'], color: C.gotrain, highlight: true },
  { id: 'browser-refgo-wasm', label: 'tight Go loop', env: 'Chromium · wasm', kind: 'browser', page: 'refgo-wasm', group: ['refs'], color: C.refgo },
  { id: 'browser-refjs', label: 'tight JS loop', env: 'Chromium', kind: 'browser', page: 'refjs', group: ['refs'], color: C.refjs },
  { id: 'browser-tfjs-cpu', label: 'TF.js 4.22 cpu', env: 'Chromium', kind: 'browser', page: 'tfjs-cpu', group: ['peers'], color: C.tfcpu },
  { id: 'browser-tfjs-wasm', label: 'TF.js 4.22 wasm', env: 'Chromium', kind: 'browser', page: 'tfjs-wasm', group: ['peers'], color: C.tfwasm },
];
for (const i of IMPLS) {
  i.group.push(i.kind);
  i.short ??= `${i.label.replace(/ ‡$/, '')} · ${i.env.replace(' · wasm', '')}${i.label.endsWith('‡') ? ' ‡' : ''}`;
}

// ---------------------------------------------------------------------------
// Arguments

function parseArgs(argv) {
  const o = { runs: 5, epochs: TRAIN.epochs, warmup: 1, warmupMs: 500, minMs: MIN_MS, timeout: 300, build: true, extras: true, tune: true, epochsFor: {} };
  const take = (i) => {
    if (i + 1 >= argv.length) throw new Error(`${argv[i]} needs a value`);
    return argv[i + 1];
  };
  for (let i = 0; i < argv.length; i++) {
    let a = argv[i];
    let v;
    const eq = a.indexOf('=');
    if (a.startsWith('--') && eq > 0) [a, v] = [a.slice(0, eq), a.slice(eq + 1)];
    const val = () => v ?? take(i++);
    switch (a) {
      case '--runs': o.runs = Number(val()); break;
      case '--only': o.only = val().split(','); break;
      case '--skip': o.skip = val().split(','); break;
      case '--workload': case '--workloads': o.workloads = val().split(','); break;
      case '--epochs': o.epochs = Number(val()); break;
      case '--warmup': o.warmup = Number(val()); break;
      case '--warmup-ms': o.warmupMs = Number(val()); break;
      case '--min-ms': o.minMs = Number(val()); break;
      case '--epochs-for':
        for (const kv of val().split(',')) {
          const [k, n] = kv.split('=');
          o.epochsFor[k] = Number(n);
        }
        break;
      case '--out': o.out = val(); break;
      case '--timeout': o.timeout = Number(val()); break;
      case '--no-build': o.build = false; break;
      case '--no-extras': o.extras = false; break;
      case '--no-tune': o.tune = false; break;
      case '--list': o.list = true; break;
      case '--from': o.from = val(); break;
      case '--gotrain-wasm': o.gotrainWasm = val(); break;
      case '-h': case '--help': o.help = true; break;
      default: throw new Error(`unknown argument ${argv[i]} (see --help)`);
    }
  }
  if (!(o.runs >= 1) || !(o.epochs >= 1) || !(o.warmup >= 0) || !(o.warmupMs >= 0) || !(o.minMs >= 0)) throw new Error('--runs and --epochs must be ≥ 1, --warmup, --warmup-ms and --min-ms ≥ 0');
  return o;
}

function select(o) {
  const match = (i, names, all = false) => names.some((n) => n === i.id || ((all || !i.optIn) && (n === 'all' || i.group.includes(n))));
  const known = new Set(['all', ...IMPLS.flatMap((i) => [i.id, ...i.group])]);
  for (const n of [...(o.only ?? []), ...(o.skip ?? []), ...Object.keys(o.epochsFor)]) {
    if (!known.has(n)) throw new Error(`unknown implementation or group '${n}' (see --list)`);
  }
  let impls = o.only ? IMPLS.filter((i) => match(i, o.only)) : IMPLS.filter((i) => !i.optIn);
  if (o.skip) impls = impls.filter((i) => !match(i, o.skip, true));
  const workloads = o.workloads ?? WORKLOAD_NAMES;
  for (const w of workloads) if (!WORKLOADS[w]) throw new Error(`unknown workload '${w}' (known: ${WORKLOAD_NAMES.join(', ')})`);
  return { impls, workloads };
}

// ---------------------------------------------------------------------------
// Building

function sh(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { cwd: repoRoot, encoding: 'utf8', ...opts });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed:\n${r.stderr || r.stdout}`);
  return r.stdout.trim();
}

function build(o, impls) {
  mkdirSync(binDir, { recursive: true });
  if (o.build) {
    log('make build (www/gotrain.wasm, wasm_exec.js, build/serve)');
    const r = spawnSync('make', ['--no-print-directory', 'build'], { cwd: repoRoot, encoding: 'utf8' });
    if (r.status !== 0) {
      log(`  make build failed; going on with the www/gotrain.wasm already there:\n${(r.stderr || r.stdout).split('\n').slice(-8).join('\n')}`);
    }
  }
  const need = new Set(impls.map((i) => i.id));
  const any = (...ids) => ids.some((id) => need.has(id));
  if (any('gotrain-native')) sh('go', ['build', '-o', path.join(binDir, 'native'), './build/bench/native']);
  if (any('refgo-native')) sh('go', ['build', '-o', path.join(binDir, 'refgo'), './build/bench/refgo']);
  if (any('refgo-wasm', 'browser-refgo-wasm')) {
    sh('go', ['build', '-trimpath', '-ldflags=-s -w', '-o', path.join(binDir, 'refgo.wasm'), './build/bench/refgo'], {
      env: { ...process.env, GOOS: 'js', GOARCH: 'wasm' },
    });
  }
  if (o.gotrainWasm) {
    // gotrain.js fetches its kernel modules next to the .wasm it loads.
    const dir = path.dirname(path.resolve(repoRoot, o.gotrainWasm));
    for (const n of readdirSync(path.join(repoRoot, 'www')).filter((f) => /^gotrain-kernel.*\.wasm$/.test(f))) {
      if (!existsSync(path.join(dir, n))) copyFileSync(path.join(repoRoot, 'www', n), path.join(dir, n));
    }
  }
  if (impls.some((i) => i.id.includes('gotrain') && i.kind !== 'native')) {
    const kernels = { simd: 'www/gotrain-kernel.wasm', scalar: 'www/gotrain-kernel-scalar.wasm' };
    const files = ['www/gotrain.js', 'www/gotrain.wasm', 'www/wasm_exec.js', ...new Set(impls.map((i) => kernels[i.kernel]).filter(Boolean))];
    for (const f of files) {
      if (!existsSync(path.join(repoRoot, f))) throw new Error(`${f} is missing: run \`make build\``);
    }
  }
}

// ---------------------------------------------------------------------------
// Running one measurement

function log(s) {
  process.stderr.write(`${s}\n`);
}

function runChild(cmd, args, timeoutS, env) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'], env: env ? { ...process.env, ...env } : process.env });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (d) => (out += d));
    child.stderr.setEncoding('utf8').on('data', (d) => (err = (err + d).slice(-4000)));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutS * 1000);
    child.on('close', (code, sig) => {
      clearTimeout(timer);
      const line = out.split('\n').reverse().find((l) => l.startsWith('{'));
      if (code === 0 && line) {
        try {
          resolve(JSON.parse(line));
          return;
        } catch {}
      }
      resolve({ error: sig === 'SIGKILL' ? `timed out after ${timeoutS} s` : `exit ${code ?? sig}: ${err.trim().split('\n').pop() || out.slice(-300)}` });
    });
  });
}

let browserState = null; // { browser, server, version, helpers }

async function ensureBrowser() {
  if (browserState) return browserState;
  const helpers = await import('../browser.mjs');
  const server = await helpers.startServer({
    dir: 'build/bench',
    mounts: { '/www/': 'www', '/node_modules/': 'build/node_modules', '/bin/': 'build/.bin/bench' },
  });
  const browser = await helpers.launch();
  browserState = { browser, server, version: browser.version(), helpers };
  return browserState;
}

/** The bench server's URL path of a module under www/ or build/.bin/bench/. */
function wasmURLPath(file) {
  const rel = path.relative(repoRoot, path.resolve(repoRoot, file)).split(path.sep).join('/');
  if (rel.startsWith('www/')) return `/${rel}`;
  if (rel.startsWith('build/.bin/bench/')) return `/bin/${rel.slice('build/.bin/bench/'.length)}`;
  throw new Error(`--gotrain-wasm ${file}: put it under www/ or build/.bin/bench/ so the bench page can fetch it`);
}

async function runBrowser(impl, workload, epochs, o) {
  const { browser, server, helpers } = await ensureBrowser();
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const guard = helpers.guardPage(page);
    await helpers.installLongTaskProbe(page);
    const q = new URLSearchParams({ impl: impl.page, workload, epochs, warmup: o.warmup, warmupMs: o.warmupMs, minMs: o.minMs, seed: 1 });
    if (impl.kernel) q.set('kernel', impl.kernel);
    if (o.gotrainWasm && impl.page.startsWith('gotrain')) q.set('wasm', wasmURLPath(o.gotrainWasm));
    await page.goto(`${server.url}page/bench.html?${q}`);
    await page.waitForFunction(() => window.__bench?.done, null, { timeout: o.timeout * 1000, polling: 100 });
    const b = await page.evaluate(() => window.__bench);
    if (b.error) return { error: b.error.split('\n')[0] };
    const lt = await helpers.readLongTasks(page);
    const problems = guard.errors();
    if (problems.length) return { error: problems[0] };
    return { ...b.result, longTasks: { longestTaskMs: lt.longestTaskMs, maxTimerLagMs: lt.maxTimerLagMs, longTaskCount: lt.longTaskCount } };
  } catch (err) {
    return { error: String(err.message || err).split('\n')[0] };
  } finally {
    await context.close();
  }
}

/**
 * One run; a gotrain row whose run reports another gt.backend than the
 * kernel it asked for (or none) becomes a failed run.
 */
async function measure(impl, workload, epochs, o) {
  const rec = await measureOnce(impl, workload, epochs, o);
  if (impl.kernel && !rec.error && rec.backend !== impl.kernel) {
    rec.error = `gt.backend is '${rec.backend ?? 'not reported'}', not the '${impl.kernel}' kernel this row asked for`;
  }
  return rec;
}

async function measureOnce(impl, workload, epochs, o) {
  const seed = 1;
  if (impl.kind === 'node') {
    return runChild(process.execPath, [path.join(here, 'runners/node.mjs'), '--impl', impl.id, '--workload', workload,
      '--epochs', String(epochs), '--warmup', String(o.warmup), '--warmup-ms', String(o.warmupMs), '--min-ms', String(o.minMs), '--seed', String(seed)], o.timeout,
    o.gotrainWasm ? { GOTRAIN_WASM: path.resolve(repoRoot, o.gotrainWasm) } : undefined);
  }
  if (impl.kind === 'native') {
    return runChild(path.join(binDir, impl.bin), ['-workload', workload, '-epochs', String(epochs),
      '-warmup', String(o.warmup), '-warmup-ms', String(o.warmupMs), '-min-ms', String(o.minMs), '-seed', String(seed), '-root', repoRoot], o.timeout);
  }
  return runBrowser(impl, workload, epochs, o);
}

// ---------------------------------------------------------------------------
// Extras: load time (the module's sizes: lib/sizes.mjs)

async function loadTimes(n, wasm) {
  const { browser, server } = await ensureBrowser();
  const times = [];
  let encoding = '?';
  let transfer;
  let error;
  for (let i = 0; i < n; i++) {
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      page.on('response', (r) => {
        if (r.url().endsWith(wasm ? path.basename(wasm) : '/gotrain.wasm')) encoding = r.headers()['content-encoding'] || 'identity';
      });
      await page.goto(`${server.url}page/load.html${wasm ? `?wasm=${encodeURIComponent(wasmURLPath(wasm))}` : ''}`);
      await page.waitForFunction(() => window.__loaded, null, { timeout: 60_000 });
      const r = await page.evaluate(() => window.__loaded);
      if (r.error) throw new Error(r.error);
      times.push(r.ms);
      transfer = await page.evaluate((name) => performance.getEntriesByType('resource').find((e) => e.name.endsWith(name))?.transferSize, wasm ? path.basename(wasm) : '/gotrain.wasm');
    } catch (err) {
      error = String(err.message || err).split('\n')[0];
    } finally {
      await context.close();
    }
  }
  return { times, encoding, transfer, error };
}

// ---------------------------------------------------------------------------
// Report

function machine() {
  const cpuinfo = existsSync('/proc/cpuinfo') ? readFileSync('/proc/cpuinfo', 'utf8') : '';
  const cpu = /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1]?.trim() ?? os.cpus()[0]?.model ?? '?';
  let go = '?';
  try {
    go = sh('go', ['version']).replace(/^go version /, '');
  } catch {}
  return {
    cpu, cores: os.cpus().length, memGB: (os.totalmem() / 2 ** 30).toFixed(1),
    os: `${os.type()} ${os.release()}`, node: process.version, go: `Go ${go}`,
  };
}

const loadAvg = () => os.loadavg().map((v) => v.toFixed(2)).join(' / ');

function headlineRatios(stats, workloads) {
  const H = [];
  const add = (label, a, b) => {
    const values = {};
    const cpu = {};
    for (const w of workloads) {
      const sa = stats[w]?.[a];
      const sb = stats[w]?.[b];
      if (sa?.runs && sb?.runs) values[w] = sa.sps / sb.sps;
      if (sa?.cpuSps && sb?.cpuSps) cpu[w] = sa.cpuSps / sb.cpuSps;
    }
    if (Object.keys(values).length) H.push({ label, values, cpu });
  };
  add('gotrain vs TF.js cpu (Node)', 'gotrain-wasm', 'tfjs-cpu');
  add('gotrain vs TF.js wasm (Node)', 'gotrain-wasm', 'tfjs-wasm');
  add('gotrain vs ConvNetJS ‡ (Node)', 'gotrain-wasm', 'convnetjs');
  add('gotrain vs brain.js ‡ (Node)', 'gotrain-wasm', 'brainjs');
  add('gotrain vs tight JS loop (Node)', 'gotrain-wasm', 'refjs');
  add('**gotrain vs tight Go loop, both wasm (Node)**', 'gotrain-wasm', 'refgo-wasm');
  add('gotrain core vs tight Go loop, both native', 'gotrain-native', 'refgo-native');
  add('gotrain wasm (Node) vs tight native Go loop', 'gotrain-wasm', 'refgo-native');
  add('**gotrain SIMD vs Go loops, both wasm (Node)**', 'gotrain-wasm', 'gotrain-wasm-go');
  add('gotrain SIMD vs scalar kernel, both wasm (Node)', 'gotrain-wasm', 'gotrain-wasm-scalar');
  add('gotrain Go loops vs tight Go loop, both wasm (Node)', 'gotrain-wasm-go', 'refgo-wasm');
  add('gotrain wasm (Node) vs gotrain core native', 'gotrain-wasm', 'gotrain-native');
  add('tight Go loop: wasm (Node) vs native', 'refgo-wasm', 'refgo-native');
  add('gotrain main thread vs TF.js cpu (Chromium)', 'browser-gotrain-main', 'browser-tfjs-cpu');
  add('gotrain main thread vs TF.js wasm (Chromium)', 'browser-gotrain-main', 'browser-tfjs-wasm');
  add('gotrain main thread vs tight JS loop (Chromium)', 'browser-gotrain-main', 'browser-refjs');
  add('gotrain main thread vs tight Go loop wasm (Chromium)', 'browser-gotrain-main', 'browser-refgo-wasm');
  add('gotrain worker vs main thread (Chromium)', 'browser-gotrain-worker', 'browser-gotrain-main');
  add('gotrain SIMD vs Go loops, main thread (Chromium)', 'browser-gotrain-main', 'browser-gotrain-main-go');
  add('gotrain SIMD vs scalar kernel, main thread (Chromium)', 'browser-gotrain-main', 'browser-gotrain-main-scalar');
  return H;
}

function implNotes(impls, stats, workloads) {
  const fixed = {
    'gotrain-wasm': 'gotrain · SIMD kernel: www/gotrain.js API in Node — load({ kernel: \'simd\' }) (what the default \'auto\' picks wherever WebAssembly SIMD is there, so this is the path users get), gt.sequential({ seed }), layers.dense (Glorot-uniform), compile({ optimizer: gt.train.adam(0.01), loss, metrics: [\'accuracy\'] }), fit(x, y, { epochs, batchSize: 32, shuffle: true }) on gt.tensor2d matrices; float64. The matrix products run in www/gotrain-kernel.wasm (core/wasmkernel/gemm.wat, f64x2) on the Go module\'s memory.',
    'gotrain-wasm-scalar': 'gotrain · scalar kernel: the same with load({ kernel: \'scalar\' }): www/gotrain-kernel-scalar.wasm (core/wasmkernel/gemm_scalar.wat, the same blocked kernel without SIMD instructions — what \'auto\' falls back to on engines without SIMD).',
    'gotrain-wasm-go': 'gotrain · Go loops: the same with load({ kernel: \'go\' }): no kernel module, the matrix products run in the core\'s own Go loops compiled to wasm (the same results bit for bit, as every kernel path).',
    'gotrain-native': 'gotrain core (native Go): build/bench/native — the same model through core.NewSequential / core.NewDense / Adam / Fit, compiled natively; float64.',
    'refgo-wasm': 'tight Go loop (wasm): build/bench/refgo compiled with GOOS=js GOARCH=wasm and driven from JavaScript; plain []float64, i-k-j loops over four rows at a time, bounds checks hoisted, Adam, same model and loss; float64.',
    'refgo-native': 'tight Go loop (native): the same build/bench/refgo program compiled natively — the "tight native loop" every other number can be held against.',
    refjs: 'tight JS loop: build/bench/refjs.mjs, the Go loop line for line on Float64Arrays (same PRNG, so it reaches the very same loss as the Go loop).',
    'tfjs-cpu': 'TF.js cpu: @tensorflow/tfjs 4.22.0 Layers API (tf.sequential, dense, adam(0.01), fit with shuffle) on the pure-JavaScript cpu backend (tfjs-node is not used); float32.',
    'tfjs-wasm': 'TF.js wasm: the same on @tensorflow/tfjs-backend-wasm 4.22.0, SIMD on, threads off (Node: WASM_HAS_MULTITHREAD_SUPPORT=false; Chromium: no cross-origin isolation, so no SharedArrayBuffer), .wasm files read from node_modules; float32.',
    convnetjs: '‡ ConvNetJS 0.3.0 (npm): Net of fc+relu layers and a softmax output (a 2-class softmax for the binary spiral), Trainer with batch_size 32, learning_rate 0.01. The npm 0.3.0 Trainer has no Adam — method \'adam\' silently becomes SGD with momentum 0.9 — so we run its nearest, \'windowgrad\' (RMSprop, ρ 0.95). It computes one example at a time (Vol objects, Float64Array), its own Gaussian init; we shuffle every epoch.',
    brainjs: '‡ brain.js 2.0.0-beta.24 NeuralNetwork: one activation for every layer, the output included — no sigmoid/softmax output layer, MSE error, and an Adam update after every single example (no mini-batches; praxis \'adam\', lr 0.01). With \'relu\' everywhere the ReLU output dies on digits (accuracy 10%), so we run \'sigmoid\' on every layer, the configuration it trains reliably. Its own uniform init; Float32Array weights; we reshuffle and call train() with iterations 1 per epoch.',
    'browser-gotrain-main': 'Chromium rows: headless Chromium on build/bench/page/bench.html (build/serve, 127.0.0.1), one fresh browser context per run; gotrain via load({ kernel }) on the main thread (fit yields to the event loop; the SIMD kernel and Go\'s loops, and the scalar kernel when asked for by --only browser-gotrain-main-scalar) and load({ worker: true, kernel: \'simd\' }); TF.js from its UMD bundles; the reference loops as above. No RSS is measured there.',
  };
  const N = [];
  for (const i of impls) if (fixed[i.id]) N.push(fixed[i.id]);
  const seen = new Set();
  for (const i of impls) {
    for (const w of workloads) {
      const n = stats[w]?.[i.id]?.note;
      if (n && !seen.has(`${i.id}|${n}`)) {
        seen.add(`${i.id}|${n}`);
        N.push(`\`${i.id}\` reported: ${n}`);
        break;
      }
    }
  }
  N.push("Accuracy is measured after training, on the training set, by each implementation's own predict (so a fast run that learned nothing shows). Peak RSS is the process's VmHWM from /proc/self/status (the whole process: V8, the module, the data), for Node and for the native Go programs alike — not process.resourceUsage().maxRSS / getrusage ru_maxrss, which on Linux also count the parent's memory copied into the child before exec (every child of run.mjs would report at least run.mjs's size). CPU time is process.cpuUsage() / getrusage user+system during the timed fits (summed), all threads (V8 compiler and GC threads included).");
  N.push('Data: build/bench/data/spiral.csv (core.Generate("spiral", 1000, 0.05, 1)), build/bench/data/blobs.csv (three 4-D Gaussian blobs), www/data/digits.csv scaled by 1/16; written once by `go run ./build/bench/gendata`. Every implementation reads the same files; init is Glorot-uniform except where ‡ says otherwise.');
  return N;
}

// ---------------------------------------------------------------------------

async function main() {
  const o = parseArgs(process.argv.slice(2));
  if (o.help) {
    const src = readFileSync(fileURLToPath(import.meta.url), 'utf8').split('\n');
    console.log(src.slice(1, src.findIndex((l) => l.startsWith('import'))).map((l) => l.replace(/^\/\/ ?/, '')).join('\n'));
    return;
  }
  if (o.list) {
    for (const i of IMPLS) {
      console.log(`${i.id.padEnd(28)} ${i.label} (${i.env})  ${i.optIn ? 'opt-in: only when --only names it' : `groups: ${i.group.join(', ')}`}`);
    }
    return;
  }
  if (o.from) {
    const data = JSON.parse(readFileSync(o.from, 'utf8'));
    render(data, path.resolve(o.out ?? path.dirname(o.from)));
    return;
  }
  const { impls, workloads } = select(o);
  if (!impls.length) throw new Error('no implementation selected');
  const full = !o.only && !o.skip && !o.workloads && o.runs >= 5 && o.epochs === TRAIN.epochs && o.minMs === MIN_MS && !Object.keys(o.epochsFor).length;
  const outDir = path.resolve(repoRoot, o.out ?? (full ? 'build/bench' : 'build/out/bench'));
  const t0 = Date.now();
  const loadStart = loadAvg();
  build(o, impls);

  const runs = {}; // runs[workload][id] = [record]
  for (const w of workloads) runs[w] = Object.fromEntries(impls.map((i) => [i.id, []]));
  const total = o.runs * workloads.length * impls.length;
  let k = 0;
  for (let r = 1; r <= o.runs; r++) {
    for (const w of workloads) {
      for (const impl of impls) {
        const epochs = o.epochsFor[impl.id] ?? o.epochs;
        const rec = await measure(impl, w, epochs, o);
        rec.round = r;
        runs[w][impl.id].push(rec);
        k++;
        const what = rec.error
          ? `FAILED: ${rec.error}`
          : `${fmtSps(recordSps(rec))} samples/s, ${(rec.trainMs / epochsTimed(rec)).toFixed(1)} ms/epoch, ${fitsOf(rec)} fit${fitsOf(rec) === 1 ? '' : 's'}, acc ${(rec.accuracy * 100).toFixed(1)}%`;
        log(`[${String(k).padStart(String(total).length)}/${total} round ${r}] ${w.padEnd(6)} ${impl.id.padEnd(27)} ${what}`);
      }
    }
  }

  // Extra measurements, kept as data so that --from can re-render them.
  const measured = {};
  if (o.extras) {
    measured.wasm = await wasmSizes(o.gotrainWasm);
    if (o.gotrainWasm) measured.wasm.file = o.gotrainWasm;
    const ref = path.join(binDir, 'refgo.wasm');
    if (existsSync(ref)) measured.refgoWasmBytes = statSync(ref).size;
    if (impls.some((i) => i.kind === 'browser') || !o.only) {
      measured.load = await loadTimes(5, o.gotrainWasm).catch((err) => ({ times: [], error: String(err.message || err).split('\n')[0] }));
      const { browser, server } = await ensureBrowser();
      measured.pageReady = await pageReadyTimes(browser, server, { n: 5 });
      measured.reliability = await reliabilityTimes({ runs: 5 });
    }
    if (o.tune && !o.only && !o.workloads) measured.tune = tuneFigures(o.runs);
  }
  let chromium;
  if (browserState) {
    chromium = browserState.version;
    await browserState.browser.close();
    await browserState.server.stop();
  }
  const meta = {
    ...machine(), chromium, date: new Date(t0).toISOString().replace(/\.\d+Z$/, 'Z'),
    command: `node build/bench/run.mjs ${process.argv.slice(2).join(' ')}`.trim(),
    runs: o.runs, warmup: o.warmup, warmupMs: o.warmupMs, minMs: o.minMs, epochs: o.epochs, lr: TRAIN.lr, batch: TRAIN.batchSize,
    epochsFor: o.epochsFor, extras: o.extras, gotrainWasm: o.gotrainWasm,
    impls: impls.map((i) => i.id), workloads,
    loadStart, loadEnd: loadAvg(), minutes: ((Date.now() - t0) / 60000).toFixed(1),
  };
  mkdirSync(outDir, { recursive: true });
  writeFileSync(path.join(outDir, 'results.json'), `${JSON.stringify({ meta, measured, runs }, null, 1)}\n`);
  const failed = render({ meta, measured, runs }, outDir);
  if (failed) process.exitCode = 1;
}

/** Writes results.md and results.svg from the data of results.json; returns whether any row failed entirely. */
function render({ meta, measured, runs }, outDir) {
  const workloads = meta.workloads;
  const impls = IMPLS.filter((i) => meta.impls.includes(i.id));
  const stats = {};
  for (const w of workloads) {
    stats[w] = {};
    for (const i of impls) stats[w][i.id] = summarize(runs[w][i.id]);
  }
  const extras = [];
  const mb = (b) => `${(b / 2 ** 20).toFixed(2)} MiB`;
  if (measured.wasm) {
    const s = measured.wasm;
    extras.push(`${s.file ?? 'gotrain.wasm'}: **${mb(s.raw)} raw, ${mb(s.gz.bytes)} gzip -9, ${mb(s.br.bytes)} brotli** (${s.gz.from}, ${s.br.from}).`);
    for (const m of s.others ?? []) extras.push(`www/${m.name} (fetched by gotrain.js next to gotrain.wasm): ${m.raw.toLocaleString('en-US')} bytes raw, ${m.gz.toLocaleString('en-US')} gzip.`);
    if (measured.refgoWasmBytes) extras.push(`For scale: the tight Go loop's refgo.wasm (Go runtime + syscall/js, no gonum) is ${mb(measured.refgoWasmBytes)} raw.`);
  }
  const lt = measured.load;
  if (lt?.times?.length) {
    extras.push(`Navigation to \`load()\` resolved in headless Chromium: **median ${median(lt.times).toFixed(0)} ms** (min ${Math.min(...lt.times).toFixed(0)}, max ${Math.max(...lt.times).toFixed(0)}) over ${lt.times.length} fresh page loads of a minimal page (build/bench/page/load.html) from build/serve on 127.0.0.1, each in a new browser context (empty cache); gotrain.wasm came with content-encoding ${lt.encoding}${lt.transfer ? ` (${mb(lt.transfer)} transferred)` : ''}. That is fetch + compile + instantiate + the Go runtime's start, on this machine's load.`);
  } else if (lt) extras.push(`Load time: not measured (${lt.error}).`);
  if (measured.pageReady) extras.push(describePageReady(measured.pageReady));
  if (measured.reliability) extras.push('', describeReliability(measured.reliability));
  if (measured.tune) extras.push('', ...describeTune(measured.tune));
  if (meta.extras) {
    const ids = IMPLS.filter((i) => i.kind === 'browser').map((i) => i.id)
      .filter((id) => workloads.some((w) => stats[w][id]?.longestTaskMs !== undefined));
    if (ids.length) {
      extras.push('Longest main-thread task during the timed fits in Chromium, median over the runs: PerformanceObserver \'longtask\' (which reports only tasks over 50 ms, so 0 means none), and in brackets the worst lag of a 10 ms setInterval probe on the page (it sees shorter tasks too; 10–30 ms is what an idle page shows on this loaded machine). The probe is build/browser.mjs\'s, reset just before the first timed fit; it covers the whole timed phase (the fits, and the model building and first accuracy pass between them), and every fit starts in a task of its own.', '');
      extras.push(`| implementation | ${workloads.join(' | ')} |`, `| --- | ${workloads.map(() => '---:').join(' | ')} |`);
      for (const id of ids) {
        const cells = workloads.map((w) => {
          const st = stats[w][id];
          return st?.longestTaskMs === undefined ? '–' : `${fmtMs(st.longestTaskMs)} ms (${fmtMs(st.maxTimerLagMs)} ms)`;
        });
        const i = IMPLS.find((x) => x.id === id);
        extras.push(`| ${i.label} (${i.env}) | ${cells.join(' | ')} |`);
      }
      extras.push('');
    }
  }
  const wl = workloads.map((w) => ({ name: w, label: WORKLOADS[w].label }));
  const notes = implNotes(impls, stats, workloads);
  const ef = meta.epochsFor ?? {};
  if (Object.keys(ef).length) {
    notes.unshift(`† Fewer epochs for ${Object.entries(ef).map(([k, v]) => `${k} (${v})`).join(', ')} to keep the run short: samples/s and ms/epoch are per epoch actually run, so they compare directly; the accuracy is after those epochs.`);
  }
  const kernels = kernelCheck(impls, runs, workloads);
  const md = `${markdown({ meta, impls, workloads: wl, stats, headline: headlineRatios(stats, workloads), kernels, extras, notes })}\nWall time of this benchmark: ${meta.minutes} min.\n`;
  const svg = svgChart({
    impls, workloads: wl, stats,
    title: 'gotrain vs TF.js, ConvNetJS, brain.js and hand-written loops — training samples per second',
    subtitle: `Median of ${meta.runs} runs · ${meta.minMs ? `fits of ${meta.epochs} epochs, ≥ ${meta.minMs / 1000} s of them a run` : `${meta.epochs} epochs`}, Adam, batch 32 · ${meta.cpu}, ${meta.cores} cores · Node ${meta.node}, Chromium ${meta.chromium ?? '–'} · ${meta.date.slice(0, 10)}`,
    legend: [['gotrain (bold) · SIMD kernel', C.gotrain], ['gotrain · scalar kernel', C.gotrainScalar], ['gotrain · Go loops', C.gotrainGo], ['gotrain core, native', C.gotrainNative], ['tight Go loop', C.refgo], ['tight JS loop', C.refjs],
      ['TF.js cpu / wasm', C.tfcpu], ['ConvNetJS / brain.js ‡', C.convnet]],
  });
  mkdirSync(outDir, { recursive: true });
  writeFileSync(path.join(outDir, 'results.md'), md);
  writeFileSync(path.join(outDir, 'results.svg'), svg);
  console.log(md);
  log(`wrote ${path.relative(repoRoot, outDir) || '.'}/results.{md,svg,json}${meta.minutes ? ` (benchmark took ${meta.minutes} min)` : ''}`);
  const failed = Object.values(stats).flatMap((s) => Object.values(s)).some((s) => s.runs === 0);
  const wrong = kernels.filter((k) => !k.ok);
  for (const k of wrong) log(`kernel check FAILED: ${k.label} (${k.env}) asked for '${k.kernel}', gt.backend reported ${Object.entries(k.reported).map(([b, n]) => `'${b}' ×${n}`).join(', ')}`);
  return failed || wrong.length > 0 || measured.tune?.search?.identical === false || measured.tune?.searchAll?.identical === false; // gt.tune's pool must match one by one
}

// Only when run as a program (importing this file must not start a benchmark).
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main().catch(async (err) => {
  log(`run.mjs: ${err.stack || err}`);
  if (browserState) {
    await browserState.browser.close().catch(() => {});
    await browserState.server.stop().catch(() => {});
  }
  process.exit(2);
});
