// reliability.mjs: how long gotrain takes to refuse the red team's hostile
// model files, and how soon a stop set in onBatchEnd ends a fit in worker
// mode: the time figures of the README's Reliability section (the tests
// assert the work and memory instead; see build/test/reliability*.test.mjs).
//
//   node build/bench/reliability.mjs [--runs 5]     prints a table and JSON
//
// Each case is run through gotrain.js in Node, on the main thread and in a
// worker, --runs times, interleaved; the figure is the median wall time of
// the whole call (JavaScript reading and checking, the copy into Go, Go's
// parse up to the refusal) and the module's memory growth over the first run.
// The files are TF.js artifacts, given as a model.json File (read and parsed
// by gotrain.js) as a page's file input gives them. run.mjs imports
// reliabilityTimes() and writes the figures into results.md.

import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const MB = 2 ** 20;

const median = (a) => {
  const s = [...a].sort((x, y) => x - y);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** model.json text: a Sequential of the given layers and one manifest group of the given specs. */
function modelJSON(layers, specs) {
  return `{"format":"layers-model","modelTopology":{"class_name":"Sequential","config":{"name":"s","layers":[${layers}]}},"weightsManifest":[{"paths":["w.bin"],"weights":[${specs}]}]}`;
}

const DENSE = '{"class_name":"Dense","config":{"name":"d1","units":1,"batch_input_shape":[null,2]}}';
const SPECS = '{"name":"d1/kernel","shape":[2,1],"dtype":"float32"},{"name":"d1/bias","shape":[1],"dtype":"float32"}';
const repeat = (s, n) => Array(n).fill(s).join(',');

/** The red team's hostile files under the 64 MB cap (issue 2 of 5, item 4), and the weight bytes each comes with. */
export function hostileCases() {
  return [
    { what: '1M one-element weight specs', json: modelJSON(DENSE, repeat('{"name":"x","shape":[1],"dtype":"float32"}', 1_000_000)), weights: 4 },
    { what: '100k Dropout layers', json: modelJSON(repeat('{"class_name":"Dropout","config":{"rate":0.1}}', 100_000), SPECS), weights: 12 },
    { what: 'a 50 MB layer name', json: modelJSON(`{"class_name":"Dense","config":{"name":"${'n'.repeat(50 * MB)}","units":1,"batch_input_shape":[null,2]}}`, SPECS), weights: 12 },
  ];
}

async function refuse(gt, c) {
  const json = new File([c.json], 'model.json');
  const weights = new File([new Uint8Array(c.weights)], 'w.bin');
  const w0 = (await gt.memory({ gc: true })).wasmBytes;
  const t0 = performance.now();
  let message = null;
  try {
    await gt.loadLayersModel({ json, weights: [weights] });
  } catch (e) {
    message = e.message;
  }
  const ms = performance.now() - t0;
  return { ms, message, grow: (await gt.memory()).wasmBytes - w0 };
}

/** ms from a stop set in onBatchEnd (batch 10, default slices) to fit's end, seen by the caller. */
async function stopLatency(gt) {
  const data = await gt.data.builtin('circle', { n: 2000, noise: 0.05, seed: 1 });
  const m = await gt.sequential({ seed: 1, layers: [gt.layers.dense({ units: 16, activation: 'relu', inputShape: [2] }), gt.layers.dense({ units: 1, activation: 'sigmoid' })] });
  await m.compile({ optimizer: 'adam', loss: 'binaryCrossentropy' });
  let tStop = 0;
  let after = 0;
  await m.fit(data.x, data.y, {
    epochs: 50,
    batchSize: 8,
    callbacks: {
      onBatchEnd: (b) => {
        if (tStop) after++;
        else if (b === 10) {
          tStop = performance.now();
          m.stopTraining = true;
        }
      },
    },
  });
  const ms = performance.now() - tStop;
  await m.dispose();
  return { ms, after };
}

/**
 * Runs every case in both modes, runs times. Returns { rows: [{ mode, what,
 * ms: [...], grow, file, message }], stop: { main, worker } }.
 */
export async function reliabilityTimes({ runs = 5 } = {}) {
  const { load } = await import(pathToFileURL(path.join(root, 'www/gotrain.js')).href);
  const modes = { main: await load(), worker: await load({ worker: true }) };
  const cases = hostileCases();
  const rows = [];
  for (const [mode, gt] of Object.entries(modes)) {
    for (const c of cases) rows.push({ mode, what: c.what, file: c.json.length, ms: [], grow: null, message: null });
  }
  const stop = { main: [], worker: [] };
  for (let r = 0; r < runs; r++) {
    for (const row of rows) {
      const out = await refuse(modes[row.mode], cases.find((c) => c.what === row.what));
      row.ms.push(out.ms);
      if (row.grow === null) [row.grow, row.message] = [out.grow, out.message];
    }
    for (const [mode, gt] of Object.entries(modes)) stop[mode].push((await stopLatency(gt)).ms);
  }
  await modes.worker.terminate();
  return { runs, rows, stop };
}

/** Markdown for results.md and the terminal. */
export function describeReliability(r) {
  const lines = [
    `Hostile TF.js files under the 64 MB cap (issue 2 of 5), given to \`gt.loadLayersModel({ json, weights })\` as Files in Node: median wall time of the whole call to its refusal over ${r.runs} runs, and the module's memory growth (build/bench/reliability.mjs).`,
    '',
    '| mode | file | size | refused in | wasm memory growth | error |',
    '| --- | --- | ---: | ---: | ---: | --- |',
  ];
  for (const row of r.rows) {
    lines.push(`| ${row.mode} | ${row.what} | ${(row.file / MB).toFixed(1)} MB | ${median(row.ms).toFixed(0)} ms (max ${Math.max(...row.ms).toFixed(0)}) | ${(row.grow / MB).toFixed(1)} MB | ${String(row.message).slice(0, 90)} |`);
  }
  lines.push('', `A stop set in onBatchEnd (default slices) to fit's end: median ${median(r.stop.main).toFixed(1)} ms on the main thread, ${median(r.stop.worker).toFixed(1)} ms in worker mode (max ${Math.max(...r.stop.worker).toFixed(1)}).`);
  return lines.join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const i = process.argv.indexOf('--runs');
  const r = await reliabilityTimes({ runs: i > 0 ? Number(process.argv[i + 1]) : 5 });
  console.log(describeReliability(r));
  console.log(JSON.stringify(r));
}
