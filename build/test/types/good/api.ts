// The rest of the API, typed, on the main thread: data, options of every
// kind, evaluateReport, trace, weights, JSON, memory, errors.
import {
  load,
  Matrix,
  Model,
  type ClassReport,
  type EvaluateReport,
  type Gotrain,
  type LayerDescription,
  type LayerKind,
  type ModelConfig,
  type Trace,
  type Weight,
} from 'gotrain';

// The declarations name exactly what exists: each list must equal the
// declared keys (checked by tsc) and the run-time keys (checked below).
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const gtKeys = ['version', 'backend', 'worker', 'Matrix', 'tensor2d', 'sequential', 'modelFromJSON', 'loadLayersModel', 'layers', 'regularizers', 'train', 'callbacks', 'data', 'metrics', 'activations', 'memory', 'tune'] as const;
const dataKeys = ['parseCSV', 'split', 'builtin', 'oneHot', 'augment', 'features'] as const;
const metricsKeys = ['confusionMatrix', 'classReport', 'predictClasses', 'roc', 'precisionRecall'] as const;
const modelKeys = ['add', 'compile', 'summary', 'countParams', 'getConfig', 'layers', 'stopTraining', 'fit', 'trainOnBatch', 'predict', 'evaluate', 'evaluateReport', 'getWeights', 'setWeights', 'trace', 'layerOutputs', 'toJSON', 'toTfjsArtifacts', 'exportStandalone', 'save', 'dispose', 'isDisposed'] as const;
const declared: [
  Same<(typeof gtKeys)[number], keyof Gotrain>,
  Same<(typeof dataKeys)[number], keyof Gotrain['data']>,
  Same<(typeof metricsKeys)[number], keyof Gotrain['metrics']>,
  Same<(typeof modelKeys)[number], keyof Model>,
] = [true, true, true, true];
const sorted = (keys: readonly string[]) => [...keys].sort().join();

const gt = await load({ warmUp: false, kernel: 'auto' });
const csv = gt.data.parseCSV('a,b,label\n1,2,yes\n2,1,no\n3,3,yes\n0,1,no\n', { label: 'label' });
const names: string[] | null = csv.classNames;
const m = gt.tensor2d(new Float32Array([1, 2, 3, 4]), [2, 2]);
const rows = gt.tensor2d([[1, 2], [3, 4]]);
const direct = new Matrix(Float64Array.of(1, 0), [1, 2]);
const oneHot: Matrix = gt.data.oneHot([0, 1, 2]);
const shifted: Matrix = gt.data.augment([[0, 1, 0, 0]], { imageShape: [2, 2], shift: 1 }, { seed: 2 }).x;
const mixed: Matrix | undefined = gt.data.augment(m, { mixup: 0.2 }, { seed: 2, y: [[1, 0], [0, 1]] }).y;

const norm = gt.layers.normalization({ inputShape: [2] });
norm.adapt(csv.x);
const model = gt.sequential({
  seed: 1,
  layers: [
    norm,
    gt.layers.dense({ units: 8, activation: 'leakyRelu', kernelInitializer: 'heNormal', kernelRegularizer: gt.regularizers.l2({ l2: 0.001 }) }),
    gt.layers.dropout({ rate: 0.1 }),
    gt.layers.dense({ units: 2, activation: 'softmax', useBias: true, kernelRegularizer: 'l1' }),
  ],
});
model.compile({ optimizer: { name: 'momentum', learningRate: 0.05, nesterov: true }, loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy', 'f1'] });
model.compile({ optimizer: gt.train.rmsprop(0.01, 0.9), loss: 'sparse_categorical_crossentropy', metrics: 'acc' });

const seen: string[] = [];
const h = await model.fit(csv.x, csv.y, {
  epochs: 20,
  batchSize: 2,
  shuffle: true,
  validationData: [csv.x, Array.from(csv.y.data)],
  yieldEvery: 'epoch',
  verbose: 0,
  callbacks: [
    {
      onTrainBegin: () => void seen.push('train'),
      onEpochBegin: (epoch) => void seen.push(`epoch ${epoch}`),
      onBatchEnd: (batch, logs) => void seen.push(`batch ${batch}: ${logs.loss.toFixed(3)}`),
      onEpochEnd: async (_epoch, logs) => {
        if (logs.val_loss > 1e9) model.stopTraining = true;
      },
    },
    gt.callbacks.earlyStopping({ monitor: 'val_loss', patience: 5, restoreBestWeights: true, mode: 'min' }),
  ],
});
const valLoss: number[] | undefined = h.history.val_loss;

const report: EvaluateReport = model.evaluateReport(csv.x, csv.y);
const confusion: number[][] | undefined = report.confusion;
const cr: ClassReport = gt.metrics.classReport(confusion ?? [[1]]);
const classes: Int32Array = gt.metrics.predictClasses(report.predictions);
const cm: number[][] = gt.metrics.confusionMatrix(csv.y, classes, 2);
const trace: Trace = model.trace([1, 2], 1);
const dW: Matrix | null = trace.layers[1].dLdW;
const weights: Weight[] = model.getWeights();
model.setWeights(weights);
model.setWeights(weights.map((w) => Array.from(w.data)));
const outputs: Matrix[] = model.layerOutputs(m);
const config: ModelConfig = model.getConfig();
const layers: LayerDescription[] = model.layers;
const dense = layers.find((l) => l.kind === 'dense');
const units: number | undefined = dense?.kind === 'dense' ? dense.units : undefined;
const loss: number = model.trainOnBatch(rows, [0, 1]);
const copy: Model = gt.modelFromJSON(model.toJSON());
const predictor: string = model.exportStandalone({ dtype: 'float32', classNames: ['no', 'yes'] });
const params: number = copy.countParams();
const memory = gt.memory({ gc: true });
copy.dispose();
model.dispose();

let message = '';
try {
  model.predict(direct);
} catch (e) {
  if (e instanceof Error) message = e.message;
}

const kinds: LayerKind[] = ['dense', 'dropout', 'normalization', 'gaussianNoise'];
const publicOf = (o: object) => Object.getOwnPropertyNames(o).filter((k) => k !== 'constructor' && !k.startsWith('_'));
const checks: [string, boolean][] = [
  ['gt keys', sorted(Object.keys(gt)) === sorted(gtKeys) && declared.every(Boolean)],
  ['gt.data keys', sorted(Object.keys(gt.data)) === sorted(dataKeys)],
  ['gt.metrics keys', sorted(Object.keys(gt.metrics)) === sorted(metricsKeys)],
  ['Model members', sorted(publicOf(Model.prototype)) === sorted(modelKeys)],
  ['layer kinds', Object.keys(gt.layers).every((k) => (kinds as string[]).includes(k))],
  ['classNames', names?.join() === 'yes,no'],
  ['oneHot', oneHot.shape[1] === 3],
  ['augment', shifted.shape[1] === 4 && mixed?.shape[0] === 2],
  ['callbacks', seen[0] === 'train' && seen.includes('epoch 0')],
  ['val_loss', (valLoss?.length ?? 0) > 0],
  ['report', report.numClasses === 2 && cr.accuracy >= 0 && cm.length === 2],
  ['trace', dW !== null && dW.shape[0] === 2],
  ['weights', weights.length === 4 && outputs.length === 4],
  ['standalone', predictor.startsWith('// Standalone predictor') && predictor.includes('"float32"')],
  ['config', config.compiled && config.optimizer?.name === 'rmsprop' && units === 8],
  ['trainOnBatch', Number.isFinite(loss) && params > 0],
  ['memory', memory.models >= 0],
  ['error', message === 'predict: the model has been disposed'],
];
const failed = checks.filter(([, ok]) => !ok).map(([n]) => n);
if (failed.length) throw new Error(`api.ts: ${failed.join(', ')}`);
console.log(JSON.stringify({ example: 'api', checks: checks.length }));
