// The teaching API, typed, in worker mode (every call awaited): a batch's
// trace with the optimizer's intermediates, activation curves, ROC and
// precision–recall, evaluateReport at a threshold, feature inputs and a
// regression dataset.
import {
  load,
  Matrix,
  type ActivationCurve,
  type BinaryMetrics,
  type Dataset,
  type ParamUpdate,
  type PrecisionRecallCurve,
  type RocCurve,
  type Trace,
} from 'gotrain';

const gt = await load({ worker: true, warmUp: false });
const data: Dataset = await gt.data.builtin('moons', { n: 200, noise: 0.2, seed: 1 });
const wide: Dataset = await gt.data.features(data, ['x1', 'x2', 'x1^2', 'x2^2', 'x1*x2', 'sin(x1)', 'sin(x2)']);
const grid: Matrix = await gt.data.features([[0, 0], [1, 1]], ['x1', 'x2', 'x1^2', 'x2^2', 'x1*x2', 'sin(x1)', 'sin(x2)']);
const model = await gt.sequential({
  seed: 2,
  layers: [
    gt.layers.dense({ units: 4, activation: 'relu', inputShape: [7], kernelRegularizer: gt.regularizers.l2({ l2: 0.01 }) }),
    gt.layers.dropout({ rate: 0.2 }),
    gt.layers.dense({ units: 1, activation: 'sigmoid' }),
  ],
});
await model.compile({ optimizer: 'adam', loss: 'binaryCrossentropy', metrics: ['accuracy'] });

const x = wide.x.array().slice(0, 8);
const y = Array.from(wide.y.data.slice(0, 8));
const batch: Trace<Matrix> = await model.trace(x, y, { training: true });
const one: Trace = await model.trace(x[0], y[0]);
const update: ParamUpdate<Matrix> | null = batch.layers[0].updateW;
const mHat: Matrix | undefined = update?.mHat;
const lossLine = `${batch.dataLoss} + ${batch.penalty} = ${batch.loss}`;
const stepLoss: number = await model.trainOnBatch(x, y);
const after = await model.getWeights();

const curve: ActivationCurve = await gt.activations.curve('relu', [-1, 0, 1]);
const softmax: ActivationCurve = await gt.activations.curve('softmax', Float64Array.of(0, 1), { others: [0, 0] });
await model.fit(wide.x, wide.y, { epochs: 5 });
const scores = await model.predict(wide.x);
const roc: RocCurve = await gt.metrics.roc(wide.y, scores);
const pr: PrecisionRecallCurve = await gt.metrics.precisionRecall(wide.y.data, scores.data);
const report = await model.evaluateReport(wide.x, wide.y, { threshold: 0.3 });
const binary: BinaryMetrics | undefined = report.binary;
const plane: Dataset = await gt.data.builtin('plane', { n: 50 });
await model.dispose();
await gt.terminate();

const checks: [string, boolean][] = [
  ['features', wide.x.shape[1] === 7 && grid.shape[1] === 7 && wide.featureNames?.[4] === 'x1*x2'],
  ['batch trace', batch.rows === 8 && batch.output.shape[0] === 8 && batch.layers[1].mask !== null],
  ['one example', one.rows === 1 && one.output instanceof Float64Array],
  ['exact step', stepLoss === batch.loss && after[0].data.every((v, i) => Object.is(v, update?.newValue.data[i]))],
  ['adam terms', mHat !== undefined && batch.optimizer.biasCorrection1 !== null && lossLine.length > 0],
  ['curves', curve.dadz[2] === 1 && Math.abs(softmax.a[0] - 1 / 3) < 1e-15],
  ['roc', roc.auc > 0.5 && roc.thresholds[0] === Infinity && Math.abs(roc.auc - (report.roc?.auc ?? 0)) < 1e-12],
  ['pr', pr.averagePrecision > 0.5 && pr.precision.at(-1) === 1],
  ['threshold', binary !== undefined && binary.threshold === 0.3 && binary.tp + binary.fn === report.confusion?.[1].reduce((a, b) => a + b)],
  ['regression', plane.classNames === null && plane.y.shape[1] === 1],
];
const failed = checks.filter(([, ok]) => !ok).map(([n]) => n);
if (failed.length) throw new Error(`teach.ts: ${failed.join(', ')}`);
console.log(JSON.stringify({ example: 'teach', checks: checks.length }));
