// Times gotrain's non-training calls and its first fit through gotrain.js
// in Node, for one or more builds of gotrain.wasm, interleaved, medians:
//
//   node build/bench/apitime.mjs [--runs 5] [A.wasm B.wasm ...]   (default www/gotrain.wasm)
//
// Each module gets a fresh Node process per run (load() is per process).
// Prints a markdown table: load, parseCSV of digits.csv ×5 (8,985 rows ×
// 65), toJSON + modelFromJSON of a 64-256-256-10 model, toTfjsArtifacts,
// predict of 4,000 rows, and the first fit (40 epochs of 1,000 rows, a
// 4-32-3 softmax network, Adam) started at once after load() and 400 ms
// after it, when load's background warm-up (www/gotrain.js, heat) is done.
// build/wasmsize.md and the README quote these figures.
import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');

async function once(wasm) {
  const { load } = await import(pathToFileURL(path.join(root, 'www/gotrain.js')).href);
  const t = () => performance.now();
  const out = {};
  let t0 = t();
  const gt = await load({ wasmURL: pathToFileURL(wasm).href, kernel: 'simd' });
  out.load = t() - t0;
  const firstFit = async (g) => {
    const n = 1000;
    const x = g.tensor2d(new Float64Array(n * 4).map((_, i) => ((i * 7919) % 101) / 100), [n, 4]);
    const y = g.tensor2d(new Float64Array(n * 3).map((_, i) => (i % 3 === Math.floor(i / 3) % 3 ? 1 : 0)), [n, 3]);
    const m = g.sequential({ seed: 1, layers: [g.layers.dense({ units: 32, activation: 'relu', inputShape: [4] }), g.layers.dense({ units: 3, activation: 'softmax' })] });
    m.compile({ optimizer: g.train.adam(0.01), loss: 'categoricalCrossentropy' });
    const s = t();
    await m.fit(x, y, { epochs: 40, batchSize: 32 });
    m.dispose();
    return t() - s;
  };
  out.fitAtOnce = await firstFit(gt);
  const gt2 = await load({ wasmURL: pathToFileURL(wasm).href, kernel: 'simd' });
  await new Promise((r) => setTimeout(r, 400));
  out.fitAfter400 = await firstFit(gt2);
  const csv = readFileSync(path.join(root, 'www/data/digits.csv'), 'utf8');
  const big = csv + '\n' + csv.split('\n').slice(1).join('\n').repeat(4);
  t0 = t();
  for (let i = 0; i < 3; i++) gt.data.parseCSV(big);
  out.parseCSV = (t() - t0) / 3;
  const m = gt.sequential({ seed: 1 });
  m.add(gt.layers.dense({ units: 256, activation: 'relu', inputShape: [64] }));
  m.add(gt.layers.dense({ units: 256, activation: 'relu' }));
  m.add(gt.layers.dense({ units: 10, activation: 'softmax' }));
  m.compile({ optimizer: gt.train.adam(0.01), loss: 'categoricalCrossentropy' });
  t0 = t();
  for (let i = 0; i < 5; i++) gt.modelFromJSON(m.toJSON()).dispose();
  out.json = (t() - t0) / 5;
  t0 = t();
  for (let i = 0; i < 5; i++) m.toTfjsArtifacts();
  out.tfjs = (t() - t0) / 5;
  const x = gt.tensor2d(new Float64Array(4000 * 64).map((_, i) => (i % 17) / 16), [4000, 64]);
  t0 = t();
  for (let i = 0; i < 10; i++) m.predict(x);
  out.predict = (t() - t0) / 10;
  return out;
}

if (process.argv[2] === '--child') {
  process.stdout.write(JSON.stringify(await once(process.argv[3])) + '\n');
  process.exit(0);
}

let runs = 5;
const files = [];
for (let i = 2; i < process.argv.length; i++) {
  if (process.argv[i] === '--runs') runs = Number(process.argv[++i]);
  else files.push(path.resolve(process.argv[i]));
}
if (!files.length) files.push(path.join(root, 'www/gotrain.wasm'));
const res = files.map(() => []);
for (let r = 0; r < runs; r++) {
  files.forEach((f, i) => {
    const line = execFileSync(process.execPath, [fileURLToPath(import.meta.url), '--child', f], { encoding: 'utf8' });
    res[i].push(JSON.parse(line.trim().split('\n').pop()));
  });
}
const med = (a) => a.slice().sort((p, q) => p - q)[Math.floor(a.length / 2)];
const cols = ['load', 'parseCSV', 'json', 'tfjs', 'predict', 'fitAtOnce', 'fitAfter400'];
const head = ['load()', 'parseCSV 8,985×65', 'toJSON + modelFromJSON', 'toTfjsArtifacts', 'predict 4,000 rows', 'first fit, at once', 'first fit, 400 ms after load'];
console.log(`medians of ${runs} runs, ms\n`);
console.log(`| module | ${head.join(' | ')} |`);
console.log(`| --- |${head.map(() => ' ---: |').join('')}`);
files.forEach((f, i) => console.log(`| ${path.relative(root, f)} | ${cols.map((c) => med(res[i].map((o) => o[c])).toFixed(1)).join(' | ')} |`));
