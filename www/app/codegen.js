// codegen.js: the playground's current settings written as code a learner
// reads: gotrain.js JavaScript (which, run next to gotrain.js in a browser
// or in Node, trains the very model the page trains, bit for bit) and Keras
// Python (the same recipe; Keras draws other random numbers). Also the data
// as one CSV, so that the Keras code trains on the page's exact rows.
// Pure: text from the state and a description of the data; no DOM, no API.
// Tested by build/test/page_units.test.mjs and page_code.test.mjs (which
// runs the JavaScript in Node and gets the page's first-epoch loss).
//
//   const info = dataInfo(playground.data);
//   gotrainCode(state, info); kerasCode(state, info);

import { DATASETS_2D } from './state.js';
import { augmentFor, imageShapeOf, mixupAllowed } from './augment.js';
import { fitMetric } from './task.js';

/** What the code needs to know of the data (from playground.data). */
export function dataInfo(d) {
  return {
    source: d.source, // a 2-D generator, 'iris' …, or 'csv'
    csvName: d.csvName ?? null, // the user's file name
    label: d.columns?.label ?? 'label',
    featureNames: d.featureNames ?? Array.from({ length: d.features }, (_, i) => `x${i + 1}`),
    features: d.features,
    kind: d.task.kind,
    classes: d.task.classes,
    out: d.out, // { units, activation, loss, target }
    textClasses: d.preview?.classNames ?? null, // class names when the labels were text
    inputs: d.inputs ?? null, // TF Playground's feature inputs (gt.data.features names), or null for x1, x2 as they are
    imageShape: imageShapeOf(d), // rows that are images (digits: [8, 8]), else null
    mixup: mixupAllowed(d), // whether fit takes mixup for these labels
  };
}

const KERAS_LOSS = {
  binaryCrossentropy: 'binary_crossentropy',
  sparseCategoricalCrossentropy: 'sparse_categorical_crossentropy',
  categoricalCrossentropy: 'categorical_crossentropy',
  meanSquaredError: 'mean_squared_error',
  meanAbsoluteError: 'mean_absolute_error',
};

const KERAS_ACTIVATION = { relu: 'relu', tanh: 'tanh', sigmoid: 'sigmoid', linear: 'linear', leakyRelu: 'leaky_relu', elu: 'elu', softplus: 'softplus', softmax: 'softmax' };

/** A number as code: the shortest text that reads back as the same double. */
const lit = (v) => String(v);

/** Python string literal. */
const py = (s) => JSON.stringify(String(s));

/** JS string literal (single quotes, as the rest of the code). */
const js = (s) => `'${String(s).replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

/** The file a CSV dataset is read from, relative to the code. */
function csvFile(info) {
  return info.source === 'csv' ? info.csvName || 'data.csv' : `data/${info.source}.csv`;
}

/** gotrain.js code for state s on the data info describes. */
export function gotrainCode(s, info) {
  const L = [];
  L.push('// gotrain.js: the playground\'s settings as code (API: API.md). Put it next to');
  L.push('// gotrain.js and run it in a page (<script type="module">) or with Node ≥ 20.');
  L.push("import { load } from './gotrain.js';", '');
  L.push('const gt = await load();');
  L.push('');
  if (DATASETS_2D.includes(info.source)) {
    L.push(`// The data: ${info.source}, ${s.size} points, noise ${s.noise}.`);
    L.push(`const data = gt.data.builtin(${js(info.source)}, { n: ${s.size}, noise: ${lit(s.noise)}, seed: ${s.seed} });`);
  } else {
    const file = csvFile(info);
    L.push(`// The data: ${file}, label column '${info.label}'.`);
    L.push(`const url = new URL(${js(file)}, import.meta.url);`);
    L.push("const text = url.protocol === 'file:' ? (await import('node:fs')).readFileSync(url, 'utf8') : await (await fetch(url)).text();");
    L.push(`const data = gt.data.parseCSV(text, { label: ${js(info.label)} });`);
  }
  const strat = info.kind === 'classification';
  L.push(`// The test data (${s.testPct} %) is set aside for the final evaluation${s.valPct > 0 ? `; validation data (${s.valPct} % of the rest) for the curves${s.earlyStop ? ' and early stopping' : ''}` : ''}.`);
  L.push(`const [rest, test] = gt.data.split(data, { testFraction: ${lit(s.testPct / 100)}, seed: ${s.seed}, stratify: ${strat} });`);
  if (s.valPct > 0) L.push(`const [train, val] = gt.data.split(rest, { testFraction: ${lit(s.valPct / 100)}, seed: ${s.seed}, stratify: ${strat} });`);
  else L.push('const train = rest;');
  if (info.inputs) {
    L.push('// TF Playground\'s feature inputs, computed from x1 and x2 for every part alike.');
    L.push(`const names = [${info.inputs.map(js).join(', ')}];`);
    L.push(`for (const part of [train${s.valPct > 0 ? ', val' : ''}, test]) part.x = gt.data.features(part.x, names);`);
  }
  const onehot = info.out.target === 'onehot';
  const y = (part) => (onehot ? `gt.data.oneHot(${part}.y, ${info.classes})` : `${part}.y`);
  L.push('');
  L.push(`const model = gt.sequential({ seed: ${s.seed} });`);
  let first = `, inputShape: [${info.features}]`;
  const shape = () => {
    const f = first;
    first = '';
    return f;
  };
  const reg = regularizerJS(s);
  if (s.normalize) {
    L.push(`const norm = gt.layers.normalization({ ${shape().slice(2)} });`);
    L.push('model.add(norm);');
  }
  for (const l of s.layers) {
    L.push(`model.add(gt.layers.dense({ units: ${l.units}, activation: ${js(l.activation)}${reg}${shape()} }));`);
    if (s.dropout > 0) L.push(`model.add(gt.layers.dropout({ rate: ${lit(s.dropout)} }));`);
  }
  L.push(`model.add(gt.layers.dense({ units: ${info.out.units}, activation: ${js(info.out.activation)}${reg}${shape()} }));`);
  const metrics = `, metrics: [${js(fitMetric(info.kind, info.out.loss))}]`;
  L.push(`model.compile({ optimizer: ${optimizerJS(s)}, loss: ${js(info.out.loss)}${metrics} });`);
  if (s.normalize) L.push('norm.adapt(train.x); // each input\'s mean and variance, from the training data');
  L.push('console.log(model.summary());', '');
  L.push(`const history = await model.fit(train.x, ${y('train')}, {`);
  L.push(`  epochs: ${s.epochs},`);
  L.push(`  batchSize: ${s.batch},`);
  L.push('  shuffle: true,');
  const aug = augmentFor(s, info.imageShape, info.mixup);
  if (aug) L.push(`  augment: ${augmentJS(aug)}, // changes every training batch (never the validation or test rows)`);
  if (s.valPct > 0) L.push(`  validationData: [val.x, ${y('val')}],`);
  if (s.valPct > 0 && s.earlyStop) L.push(`  earlyStopping: { monitor: 'val_loss', patience: ${s.patience}, restoreBestWeights: true },`);
  L.push('  callbacks: { onEpochEnd: (epoch, logs) => console.log(`epoch ${epoch + 1}`, logs) },');
  L.push('});');
  L.push(`console.log('test data (the final evaluation):', model.evaluate(test.x, ${y('test')}));`);
  return L.join('\n') + '\n';
}

/** fit's augment option as code: { imageShape: [8, 8], shift: 1 }. */
function augmentJS(a) {
  return `{ ${Object.entries(a).map(([k, v]) => `${k}: ${Array.isArray(v) ? `[${v.join(', ')}]` : lit(v)}`).join(', ')} }`;
}

function regularizerJS(s) {
  if (s.reg === 'l1') return `, kernelRegularizer: gt.regularizers.l1({ l1: ${lit(s.regRate)} })`;
  if (s.reg === 'l2') return `, kernelRegularizer: gt.regularizers.l2({ l2: ${lit(s.regRate)} })`;
  if (s.reg === 'l1l2') return `, kernelRegularizer: gt.regularizers.l1l2({ l1: ${lit(s.regRate)}, l2: ${lit(s.regRate)} })`;
  return '';
}

function optimizerJS(s) {
  return `gt.train.${s.optimizer}(${lit(s.lr)})`;
}

/** Keras (Python) code for state s on the data info describes. */
export function kerasCode(s, info) {
  const L = [];
  const file = DATASETS_2D.includes(info.source) || info.source !== 'csv' ? `${info.source}.csv` : info.csvName || 'data.csv';
  L.push('# Keras: the playground\'s settings as code. The data is the page\'s own rows:');
  L.push(`# "Download the data (CSV)" saves them as ${file}, with a column "part"`);
  L.push('# saying train, validation or test. Keras draws other random numbers than');
  L.push('# gotrain, so its run follows the same recipe without the same bits.');
  L.push('import pandas as pd');
  L.push('import keras');
  L.push('from keras import layers', '');
  L.push(`keras.utils.set_random_seed(${s.seed})`);
  L.push(`df = pd.read_csv(${py(file)})`);
  L.push(`features = [${info.featureNames.map(py).join(', ')}]`);
  L.push(`label = ${py(info.label)}`);
  L.push('train, val, test = (df[df.part == p] for p in ("train", "validation", "test"))');
  const classesAsText = info.kind === 'classification' && !!info.textClasses?.length;
  const onehot = info.out.target === 'onehot';
  const y = (part) => {
    const base = classesAsText ? `${part}[label].map(classes)` : `${part}[label]`;
    return onehot ? `keras.utils.to_categorical(${base}, ${info.classes})` : base;
  };
  if (classesAsText) {
    L.push('# Text labels as class numbers, as gotrain numbers them (in order of first appearance in the file).');
    L.push(`classes = {${info.textClasses.map((c, i) => `${py(c)}: ${i}`).join(', ')}}`);
  }
  L.push('');
  const kr = regularizerKeras(s);
  const body = [`    keras.Input(shape=(${info.features},)),`];
  const aug = augmentFor(s, info.imageShape, info.mixup);
  if (aug) kerasAugment(L, body, aug);
  if (s.normalize) {
    L.push('norm = layers.Normalization()  # each input\'s mean and variance, from the training data');
    L.push('norm.adapt(train[features].to_numpy())');
    body.push('    norm,');
  }
  for (const l of s.layers) {
    body.push(`    layers.Dense(${l.units}, activation=${py(KERAS_ACTIVATION[l.activation] ?? l.activation)}${kr}),`);
    if (s.dropout > 0) body.push(`    layers.Dropout(${lit(s.dropout)}),`);
  }
  body.push(`    layers.Dense(${info.out.units}, activation=${py(KERAS_ACTIVATION[info.out.activation] ?? info.out.activation)}${kr}),`);
  L.push('model = keras.Sequential([', ...body, '])');
  const metrics = `, metrics=[${py(fitMetric(info.kind, info.out.loss))}]`;
  L.push(`model.compile(optimizer=${optimizerKeras(s)}, loss=${py(KERAS_LOSS[info.out.loss])}${metrics})`);
  L.push('model.summary()', '');
  const fit = [`train[features], ${y('train')}`, `epochs=${s.epochs}`, `batch_size=${s.batch}`, 'shuffle=True'];
  if (s.valPct > 0) fit.push(`validation_data=(val[features], ${y('val')})`);
  if (s.valPct > 0 && s.earlyStop) fit.push(`callbacks=[keras.callbacks.EarlyStopping(monitor="val_loss", patience=${s.patience}, restore_best_weights=True)]`);
  L.push(`history = model.fit(${fit.join(',\n                    ')})`);
  L.push(`print("test data (the final evaluation):", model.evaluate(test[features], ${y('test')}))`);
  return L.join('\n') + '\n';
}

/**
 * gotrain's augment option as Keras preprocessing layers at the model's
 * start (Keras applies them in training only, as gotrain does): images as
 * RandomTranslation, RandomRotation and RandomZoom; jitter as a small layer
 * (Keras' GaussianNoise has one deviation for all columns, gotrain scales it
 * to each column's spread); mixup has no Keras layer.
 */
function kerasAugment(L, body, a) {
  L.push('# Augmentation: random changes to every training batch, in training only.');
  if (a.jitter) {
    L.push('class Jitter(layers.Layer):');
    L.push('    """Gaussian noise of scale × each column\'s spread (standard deviation), in training only."""');
    L.push('    def __init__(self, scale):');
    L.push('        super().__init__()');
    L.push('        self.scale = scale');
    L.push('');
    L.push('    def call(self, x, training=False):');
    L.push('        return x + keras.random.normal(keras.ops.shape(x)) * self.scale if training else x');
    L.push('');
  }
  if (a.imageShape) {
    const [hgt, wid] = a.imageShape;
    const fill = 'fill_mode="constant", fill_value=0.0';
    body.push(`    layers.Reshape((${hgt}, ${wid}, 1)),  # each row an ${hgt}×${wid} image`);
    if (a.shift) body.push(`    layers.RandomTranslation(${lit(a.shift)} / ${hgt}, ${lit(a.shift)} / ${wid}, ${fill}),  # shift by up to ${lit(a.shift)} pixels`);
    if (a.rotate) body.push(`    layers.RandomRotation(${lit(a.rotate)} / 360, ${fill}),  # turn by up to ${lit(a.rotate)} degrees`);
    if (a.scale) body.push(`    layers.RandomZoom(${lit(a.scale)}, ${fill}),  # zoom by up to ±${lit(a.scale)}`);
    body.push('    layers.Flatten(),');
  }
  if (a.jitter) body.push(`    Jitter(${lit(a.jitter)} * train[features].std(ddof=0).to_numpy().astype("float32")),`);
  if (a.mixup) L.push(`# Mixup (α = ${lit(a.mixup)}) has no Keras layer: keras_cv.layers.MixUp blends batches the same way.`);
  L.push('');
}

function regularizerKeras(s) {
  if (s.reg === 'l1') return `, kernel_regularizer=keras.regularizers.L1(${lit(s.regRate)})`;
  if (s.reg === 'l2') return `, kernel_regularizer=keras.regularizers.L2(${lit(s.regRate)})`;
  if (s.reg === 'l1l2') return `, kernel_regularizer=keras.regularizers.L1L2(l1=${lit(s.regRate)}, l2=${lit(s.regRate)})`;
  return '';
}

function optimizerKeras(s) {
  const lr = `learning_rate=${lit(s.lr)}`;
  switch (s.optimizer) {
    case 'sgd':
      return `keras.optimizers.SGD(${lr})`;
    case 'momentum':
      return `keras.optimizers.SGD(${lr}, momentum=0.9)`;
    case 'adam':
      return `keras.optimizers.Adam(${lr})`;
    case 'rmsprop':
      return `keras.optimizers.RMSprop(${lr})  # gotrain follows TF.js: ε inside the square root`;
    case 'adagrad':
      return `keras.optimizers.Adagrad(${lr}, initial_accumulator_value=0.1, epsilon=1e-7)`;
  }
  return py(s.optimizer);
}

/**
 * The data as one CSV: the features, the label (class names for text
 * classes) and the part ("train", "validation", "test"). Numbers are
 * written as JavaScript prints them (they read back exactly).
 * parts: [{ name, x: {data, shape}, y: {data} }]; classNames or null.
 */
export function dataCSV(featureNames, label, parts, classNames) {
  const q = (t) => (/[",\n\r]/.test(t) ? `"${t.replace(/"/g, '""')}"` : t);
  const lines = [[...featureNames, label, 'part'].map(q).join(',')];
  for (const p of parts) {
    if (!p.x) continue;
    const [rows, cols] = p.x.shape;
    for (let i = 0; i < rows; i++) {
      const cells = [];
      for (let j = 0; j < cols; j++) cells.push(String(p.x.data[i * cols + j]));
      const yv = p.y.data[i];
      cells.push(classNames ? q(String(classNames[yv])) : String(yv));
      cells.push(p.name);
      lines.push(cells.join(','));
    }
  }
  return lines.join('\n') + '\n';
}
