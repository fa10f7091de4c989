// gt.tune and fit's augment option in Node (main-thread mode, trials in a
// pool of worker_threads): the pool gives the same table as running the
// trials one by one on this thread, a worker that dies fails its trial
// only, stopping returns the trials done so far, k folds score every row
// once; augmentation is seeded and reported.

import { test, before } from 'node:test';
import assert from 'node:assert/strict';

const { load } = await import('../../www/gotrain.js');
const { WorkerPool } = await import('../../www/lib/pool.js');
const { poolReuse, trialCost, trialHost } = await import('../../www/lib/tune.js');

let gt;
let data;
before(async () => {
  gt = await load({ warmUp: false });
  data = gt.data.builtin('moons', { n: 160, noise: 0.2, seed: 3 });
});

const search = (more) => ({
  data,
  loss: 'binaryCrossentropy',
  metric: 'accuracy',
  method: 'random',
  trials: 6,
  seed: 11,
  base: { layers: [8], epochs: 6, batchSize: 16 },
  space: { layers: [[4], [8], [8, 8]], learningRate: { min: 1e-3, max: 5e-2, log: true }, activation: ['relu', 'tanh'], l2: [0, 1e-3] },
  refit: false,
  ...more,
});

const table = (r) => r.trials.map((t) => [t.id, t.round, t.score, t.error, JSON.stringify(t.params), JSON.stringify(t.mean)]);

test('a pool of 2 workers gives the same table, bit for bit, as the trials run one by one on this thread', async () => {
  const seq = await gt.tune(search({ workers: 0 }));
  const par = await gt.tune(search({ workers: 2 }));
  assert.equal(seq.trials.length, 6);
  assert.equal(par.workers, 2);
  assert.deepEqual(table(par), table(seq));
  // Best first: scores never increase (accuracy is maximised).
  const scores = seq.trials.map((t) => t.score);
  assert.deepEqual([...scores].sort((a, b) => b - a), scores);
  assert.equal(par.workerMemory.length, 2);
  for (const m of par.workerMemory) assert.ok(m.wasmBytes > 0, `worker memory ${JSON.stringify(m)}`);
});

test("a search right after another reuses its workers (none started) and gives the same table; keepMs 0 starts a pool per search", async () => {
  const launch = WorkerPool.prototype.launch;
  let started = 0;
  WorkerPool.prototype.launch = function () {
    started++;
    return launch.call(this);
  };
  const keep = poolReuse.keepMs;
  try {
    const first = await gt.tune(search({ workers: 2 }));
    const before = started;
    const again = await gt.tune(search({ workers: 2 }));
    assert.equal(started - before, 0, 'workers started for the second search');
    assert.deepEqual(table(again), table(first));
    const one = await gt.tune(search({ workers: 1 }));
    assert.equal(started - before, 0, 'a search on fewer workers uses those of the pool');
    assert.equal(one.workers, 1);
    assert.deepEqual(table(one), table(first));
    poolReuse.keepMs = 0;
    await gt.tune(search({ workers: 2 })); // ends the idle pool, starts its own
    const n = started;
    await gt.tune(search({ workers: 2 }));
    assert.equal(started - n, 2, 'with keepMs 0 every search starts its workers');
  } finally {
    WorkerPool.prototype.launch = launch;
    poolReuse.keepMs = keep;
  }
});

test("a trial is one call to its worker, and a search's rows go to each worker once, also on a reused pool", async () => {
  const worker = WorkerPool.prototype.worker;
  const calls = []; // [worker record, op]
  WorkerPool.prototype.worker = function (started) {
    const w = worker.call(this, started);
    const call = w.transport.call.bind(w.transport);
    w.transport.call = (op, ...args) => {
      calls.push([w, op]);
      return call(op, ...args);
    };
    return w;
  };
  const keep = poolReuse.keepMs;
  try {
    poolReuse.keepMs = 0;
    await gt.tune(search({ workers: 2, trials: 1 })); // ends any idle pool of the tests before
    poolReuse.keepMs = keep;
    for (const name of ['a new pool', 'the same pool reused']) {
      calls.length = 0;
      const r = await gt.tune(search({ workers: 2 }));
      const ops = (op) => calls.filter(([, o]) => o === op);
      assert.equal(ops('tuneTrial').length, 6, `${name}: tuneTrial calls`);
      const ran = new Set(ops('tuneTrial').map(([w]) => w));
      const sent = ops('tuneData').map(([w]) => w);
      assert.equal(sent.length, ran.size, `${name}: tuneData calls ${sent.length}, workers that ran trials ${ran.size}`);
      assert.deepEqual(new Set(sent), ran, `${name}: every worker that ran a trial was sent the rows once`);
      assert.deepEqual([...new Set(calls.map(([, o]) => o))].filter((o) => !['tuneData', 'tuneTrial', 'memory'].includes(o)), [], `${name}: other calls`);
      assert.equal(r.trials.filter((t) => t.error).length, 0);
    }
  } finally {
    WorkerPool.prototype.worker = worker;
    poolReuse.keepMs = keep;
  }
  assert.throws(() => trialHost(() => gt).tuneTrial(7, { id: 3 }), /tune: trial 3: this worker has not been sent the search's data/);
});

test('the trials of a round go to the workers longest first (by their layers, epochs, rows and batch size)', async () => {
  const shape = { inputs: 64, outputs: 10 };
  const parts = [{ x: { shape: [800, 64] } }];
  const cost = (p) => trialCost({ layers: [32], epochs: 10, batchSize: 32, ...p }, shape, parts);
  assert.ok(cost({ layers: [64, 32] }) > cost({ layers: [64] }));
  assert.ok(cost({ layers: [64] }) > cost({ layers: [32] }));
  assert.equal(cost({ epochs: 20 }), 2 * cost({ epochs: 10 }));
  assert.ok(cost({ batchSize: 8 }) > cost({ batchSize: 64 }), 'small batches cost more per row');
  assert.equal(trialCost({ layers: [32], epochs: 10, batchSize: 32 }, shape, [...parts, ...parts]), 2 * cost({}));

  // And the pool gets them in that order: on one worker, the order of its tuneTrial calls.
  const worker = WorkerPool.prototype.worker;
  const sent = []; // [op, args]
  WorkerPool.prototype.worker = function (started) {
    const w = worker.call(this, started);
    const call = w.transport.call.bind(w.transport);
    w.transport.call = (op, ...args) => {
      sent.push([op, args]);
      return call(op, ...args);
    };
    return w;
  };
  const keep = poolReuse.keepMs;
  try {
    poolReuse.keepMs = 0; // a pool of its own, made while the hook is in
    await gt.tune(search({ workers: 1 }));
  } finally {
    WorkerPool.prototype.worker = worker;
    poolReuse.keepMs = keep;
  }
  const [, [, , sentParts, sentShape]] = sent.find(([op]) => op === 'tuneData');
  const costs = sent.filter(([op]) => op === 'tuneTrial').map(([, [, t]]) => trialCost(t.params, sentShape, sentParts));
  assert.equal(costs.length, 6);
  assert.ok(costs.every((c, i) => i === 0 || c <= costs[i - 1]), `costs in the order sent: ${costs}`);
  assert.ok(costs[0] > costs.at(-1), `the trials differ in cost: ${costs}`);
});

test('k folds with successive halving: the pool gives the same table as one by one', async () => {
  const more = { method: 'grid', trials: 0, folds: 3, stratify: true, halving: { eta: 2, minEpochs: 2 }, base: { layers: [8], epochs: 4, batchSize: 16 }, space: { layers: [[4], [8]], l2: [0, 1e-3] } };
  const seq = await gt.tune(search({ workers: 0, ...more }));
  const par = await gt.tune(search({ workers: 2, ...more }));
  assert.equal(par.workers, 2);
  assert.deepEqual(table(par), table(seq));
  assert.deepEqual(seq.trials.map((t) => [t.round, t.folds.length]), [[1, 3], [1, 3], [0, 3], [0, 3]]);
});

test('successive halving: later rounds train the best trials longer, and are ranked first', async () => {
  const r = await gt.tune(search({ workers: 0, trials: 4, halving: { eta: 2, minEpochs: 2 }, base: { layers: [8], epochs: 8, batchSize: 16 } }));
  assert.equal(r.trials[0].round, 2, `rounds ${r.trials.map((t) => t.round)}`);
  assert.equal(r.trials[0].epochs, 8);
  assert.equal(r.trials.length, 4);
});

test('k folds: one setting cross-validated, a score per fold and their mean and sd', async () => {
  const r = await gt.tune(search({ workers: 0, method: 'grid', trials: 0, space: {}, folds: 4, stratify: true, refit: true }));
  assert.equal(r.trials.length, 1);
  const t = r.trials[0];
  assert.equal(t.folds.length, 4);
  const accs = t.folds.map((f) => f.val_accuracy);
  const mean = accs.reduce((a, b) => a + b) / 4;
  assert.ok(Math.abs(mean - t.mean.val_accuracy) < 1e-12, `mean ${t.mean.val_accuracy}, folds ${accs}`);
  assert.ok(t.std.val_accuracy >= 0);
  // The refit model is a usable model trained on all the data.
  const logs = r.model.evaluate(data.x, data.y);
  assert.ok(logs.accuracy > 0.5, JSON.stringify(logs));
  r.model.dispose();
});

test('stopping a search returns the trials done so far', async () => {
  for (const workers of [0, 2]) {
    let seen = 0;
    const r = await gt.tune(search({ workers, onTrialEnd: () => ++seen < 2 }));
    assert.equal(r.stopped, true);
    assert.equal(r.trials.length, 2, `workers ${workers}: ${r.trials.length} trials`);
    assert.equal(seen, 2);
  }
  const p = gt.tune(search({ workers: 0, onTrialEnd: (res, prog) => (prog.done === 3 ? p.stop() : undefined) }));
  const r = await p;
  assert.equal(r.stopped, true);
  assert.equal(r.trials.length, 3);
});

test('a worker that dies fails its trial only; the search goes on', async () => {
  const run = WorkerPool.prototype.run;
  WorkerPool.prototype.run = function (fn, trial) {
    const p = run.call(this, fn, trial);
    if (trial.id === 2) {
      const kill = () => {
        const w = this.workers.find((x) => x.busy && x.task?.tag === trial);
        if (w) w.transport.ep.terminate();
        else setTimeout(kill, 1);
      };
      kill();
    }
    return p;
  };
  let r;
  try {
    r = await gt.tune(search({ workers: 2 }));
  } finally {
    WorkerPool.prototype.run = run;
  }
  const failed = r.trials.filter((t) => t.error !== null);
  assert.deepEqual(failed.map((t) => t.id), [2]);
  assert.match(failed[0].error, /worker running this trial died/);
  assert.equal(failed[0].score, null);
  assert.equal(r.trials.at(-1).id, 2, 'failures rank last');
  assert.equal(r.workerDeaths, 1);
  const seq = await gt.tune(search({ workers: 0 }));
  assert.deepEqual(table(r).filter((t) => t[0] !== 2), table(seq).filter((t) => t[0] !== 2));
});

test('tune names bad settings', async () => {
  await assert.rejects(gt.tune(search({ workers: 0, space: { layer: [[4]] } })), /tune: space: unknown hyperparameter 'layer'/);
  await assert.rejects(gt.tune(search({ workers: 0, metric: 'val_nothing' })), /metric 'val_nothing'/);
  await assert.rejects(gt.tune(search({ workers: -1 })), /workers must be an integer/);
  await assert.rejects(gt.tune(search({ workers: 0, space: { optimizer: ['adam', 'constructor'] } })), /tune: unknown optimizer 'constructor'/);
  await assert.rejects(gt.tune(search({ workers: 0, space: { activation: ['relu', 'nope'] } })), /tune: .*nope/);
  await assert.rejects(gt.tune(search({ workers: 0, method: 'grid' })), /tune: grid search: learningRate is a range; list its values/);
  await assert.rejects(gt.tune(search({ workers: 0, folds: 1 })), /tune: folds must be 0 \(a holdout\) or between 2 and 1000, got 1/);
  await assert.rejects(gt.tune({ ...search({ workers: 0 }), data: undefined }), /never the test set/);
});

test("fit's augment: seeded (same seed, same losses), reported in the History, named when wrong", async () => {
  const fit = async (augment) => {
    const m = gt.sequential({ seed: 4, layers: [gt.layers.dense({ units: 8, activation: 'relu', inputShape: [2] }), gt.layers.dense({ units: 1, activation: 'sigmoid' })] });
    m.compile({ optimizer: 'adam', loss: 'binaryCrossentropy' });
    const h = await m.fit(data.x, data.y, { epochs: 3, batchSize: 16, validationSplit: 0.25, augment });
    const s = m.summary();
    m.dispose();
    return [h, s];
  };
  const [a] = await fit({ jitter: 0.2 });
  const [b, summary] = await fit({ jitter: 0.2 });
  const [plain] = await fit(undefined);
  assert.deepEqual(a.history.loss, b.history.loss);
  assert.notDeepEqual(a.history.loss, plain.history.loss);
  assert.equal(a.params.augment, 'jitter 0.2σ');
  assert.equal(plain.params.augment, undefined);
  assert.match(summary, /Augmentation \(training only\): jitter 0\.2σ/);
  await assert.rejects(fit({ jiter: 1 }), /fit: augment: unknown setting 'jiter'/);
  await assert.rejects(fit({ shift: 1 }), /fit: augment/);
});

test("in worker mode the model gt.tune returns lists its layers at once, and is the best setting's", async () => {
  const wgt = await load({ worker: true, warmUp: false });
  try {
    const d = await wgt.data.builtin('moons', { n: 80, noise: 0.2, seed: 3 });
    const r = await wgt.tune({ data: d, loss: 'binaryCrossentropy', metric: 'accuracy', method: 'grid', seed: 2, workers: 0, base: { layers: [6], epochs: 2, batchSize: 16 }, space: { layers: [[4], [5, 3]] }, normalize: true });
    const want = ['normalization', ...r.best.params.layers.map(() => 'dense'), 'dense'];
    assert.deepEqual(r.model.layers.map((l) => l.kind), want);
    assert.deepEqual(r.model.layers.slice(1, -1).map((l) => l.units), r.best.params.layers);
    const logs = await r.model.evaluate(d.x, d.y);
    assert.equal(typeof logs.accuracy, 'number');
    await r.model.dispose();
  } finally {
    await wgt.terminate();
  }
});
