// gt.tune in headless Chromium: the trials run in a pool of module Web
// Workers (navigator.hardwareConcurrency by default), the table is the same
// as the trials run one by one on the page's instance, a worker that dies
// fails its trial only, and stopping returns the trials done so far.

import { test } from 'node:test';
import assert from 'node:assert/strict';

import { useBrowser, NEEDS_WASM } from './page_helpers.mjs';

const env = useBrowser({
  requires: [NEEDS_WASM],
  serve: { dir: 'www', mounts: { '/test/': 'build/test/pages' } },
  open: { path: 'test/api.html', ready: () => window.readyMs !== undefined },
});

test('tune in Chromium: Web Workers give the same table as one by one; a dead worker fails one trial; stop', async (t) => {
  const r = await env.page.evaluate(async () => {
    const gt = window.gt;
    const data = gt.data.builtin('moons', { n: 160, noise: 0.2, seed: 3 });
    const search = (more) => ({
      data,
      loss: 'binaryCrossentropy',
      metric: 'accuracy',
      trials: 6,
      seed: 11,
      base: { layers: [8], epochs: 6, batchSize: 16 },
      space: { layers: [[4], [8], [8, 8]], learningRate: { min: 1e-3, max: 5e-2, log: true }, activation: ['relu', 'tanh'] },
      refit: false,
      ...more,
    });
    const table = (res) => JSON.stringify(res.trials.map((x) => [x.id, x.score, x.error, x.params, x.mean]));
    const seq = await gt.tune(search({ workers: 0 }));
    const par = await gt.tune(search({ workers: 2 }));
    const dflt = await gt.tune(search({ trials: 2 }));

    const { WorkerPool } = await import('/lib/pool.js');
    const run = WorkerPool.prototype.run;
    WorkerPool.prototype.run = function (fn, trial) {
      const p = run.call(this, fn, trial);
      if (trial.id === 2) {
        const kill = () => {
          const w = this.workers.find((x) => x.busy && x.task?.tag === trial);
          // A browser does not tell the page when it ends a worker; the
          // transport's failure is what a worker's error event brings.
          if (w) w.transport.terminate();
          else setTimeout(kill, 1);
        };
        kill();
      }
      return p;
    };
    let killed;
    try {
      killed = await gt.tune(search({ workers: 2 }));
    } finally {
      WorkerPool.prototype.run = run;
    }
    let n = 0;
    const stopped = await gt.tune(search({ workers: 2, onTrialEnd: () => ++n < 3 }));
    return {
      same: table(seq) === table(par),
      trials: par.trials.length,
      workers: par.workers,
      cores: navigator.hardwareConcurrency,
      dfltWorkers: dflt.workers,
      memory: par.workerMemory.map((m) => m.wasmBytes),
      failed: killed.trials.filter((x) => x.error !== null).map((x) => [x.id, x.error]),
      rest: table({ trials: killed.trials.filter((x) => x.id !== 2) }) === table({ trials: seq.trials.filter((x) => x.id !== 2) }),
      stopped: [stopped.stopped, stopped.trials.length],
    };
  });
  t.diagnostic(`Chromium: ${r.cores} cores; worker memory ${r.memory.map((b) => (b / 2 ** 20).toFixed(1)).join(', ')} MiB`);
  assert.equal(r.same, true, 'the pool table differs from the one-by-one table');
  assert.equal(r.trials, 6);
  assert.equal(r.workers, 2);
  assert.equal(r.dfltWorkers, Math.min(2, r.cores));
  assert.equal(r.failed.length, 1, JSON.stringify(r.failed));
  assert.equal(r.failed[0][0], 2);
  assert.match(r.failed[0][1], /worker running this trial died/);
  assert.equal(r.rest, true);
  assert.deepEqual(r.stopped, [true, 3]);
});
