// panels.js: builds the playground's DOM (toolbar, data, network, output,
// evaluation, digit, math and file panels) and returns references to the
// parts the controller updates. Every control has a label (its accessible
// name); text is set with textContent only. No behaviour lives here.

import { h, newId } from './dom.js';
import { DATASETS_2D, OPTIMIZERS, LOSSES, REGULARIZERS, FEATURES } from './state.js';
import { icon, field, select, numberInput, range, section } from './controls.js';
import { buildAugmentPanel } from './augmentpanel.js';
import { buildTunePanel } from './tunepanel.js';

export { renderLayerList } from './controls.js';

/** Panel names a <gotrain-playground panels="…"> attribute may list. */
export const PANELS = ['lessons', 'data', 'model', 'network', 'boundary', 'curves', 'evaluation', 'digit', 'augment', 'tune', 'code', 'math', 'files'];

export const DATASET_LABELS = {
  circle: 'Circle',
  xor: 'XOR',
  gaussian: 'Gaussian',
  spiral: 'Spiral',
  moons: 'Moons',
  plane: 'Plane',
  multiGaussian: 'Multi-Gaussian',
  iris: 'Iris',
  breast_cancer: 'Breast cancer',
  digits: 'Digits',
  csv: 'Your CSV',
};

export const LOSS_LABELS = {
  auto: 'Auto (from the task)',
  binaryCrossentropy: 'Binary cross-entropy',
  sparseCategoricalCrossentropy: 'Sparse categorical cross-entropy',
  categoricalCrossentropy: 'Categorical cross-entropy',
  meanSquaredError: 'Mean squared error',
  meanAbsoluteError: 'Mean absolute error',
};

const OPT_LABELS = { sgd: 'SGD', momentum: 'Momentum', adam: 'Adam', rmsprop: 'RMSprop', adagrad: 'Adagrad' };
const REG_LABELS = { none: 'None', l1: 'L1', l2: 'L2', l1l2: 'L1 + L2' };

/** Builds everything inside root; returns the references. */
export function buildPanels(root, { panels = PANELS } = {}) {
  const r = {};
  const on = (p) => panels.includes(p);

  // --- toolbar -------------------------------------------------------------
  r.reset = h('button', { type: 'button', class: 'btn-icon', 'aria-label': 'Reset', title: 'Reset the network' }, icon('M12 5a7 7 0 1 1-6.3 4H3.2A9.5 9.5 0 1 0 6 5.6V3H4v6h6V7H7.6A7 7 0 0 1 12 5z'));
  r.play = h('button', { type: 'button', class: 'btn-play', 'aria-label': 'Play', title: 'Train' }, h('span', { class: 'icon-play', 'aria-hidden': 'true' }));
  r.step = h('button', { type: 'button', class: 'btn-icon', 'aria-label': 'Step one batch', title: 'Train one batch' }, icon('M6 5l9 7-9 7V5zm10 0h2.5v14H16V5z'));
  const eid = newId('c');
  const rid = newId('c');
  r.epoch = h('output', { class: 'epoch-value', text: '000,000', 'aria-labelledby': eid });
  r.rate = h('output', { class: 'rate-value', text: '–', 'aria-labelledby': rid });
  const counters = h('div', { class: 'counters' },
    h('div', { class: 'counter' }, h('span', { class: 'counter-label', text: 'Epoch', id: eid }), r.epoch),
    h('div', { class: 'counter' }, h('span', { class: 'counter-label', text: 'Samples/s', id: rid, title: 'training examples per second' }), r.rate),
  );
  r.controls = {};
  const hyper = [];
  if (on('model')) {
    r.controls.lr = numberInput('lr', { step: 'any' });
    r.controls.optimizer = select('optimizer', OPTIMIZERS, OPT_LABELS);
    r.controls.batch = numberInput('batch', { step: 1 });
    r.controls.epochs = numberInput('epochs', { step: 1 });
    r.controls.reg = select('reg', REGULARIZERS, REG_LABELS);
    r.controls.regRate = numberInput('regRate', { step: 'any' });
    r.controls.loss = select('loss', LOSSES, LOSS_LABELS);
    r.controls.earlyStop = h('input', { type: 'checkbox', name: 'earlyStop' });
    r.controls.patience = numberInput('patience', { step: 1 });
    r.controls.seed = numberInput('seed', { step: 1 });
    r.newSeed = h('button', { type: 'button', class: 'btn-small', text: 'New seed', title: 'Pick a random seed' });
    hyper.push(
      field('Learning rate', r.controls.lr),
      field('Optimizer', r.controls.optimizer),
      field('Batch size', r.controls.batch),
      field('Epochs', r.controls.epochs),
      field('Regularization', r.controls.reg),
      field('Regularization rate', r.controls.regRate),
      field('Loss', r.controls.loss, { cls: 'wide' }),
      h('div', { class: 'field early-field' },
        h('div', { class: 'check' }, r.controls.earlyStop, h('label', { for: (r.controls.earlyStop.id = newId('f')), text: 'Early stopping' })),
        field('Patience (epochs)', r.controls.patience)),
      h('div', { class: 'field seed-field' }, field('Seed', r.controls.seed), r.newSeed),
    );
  }
  // The run controls are the toolbar; the training settings sit beside them
  // in the top bar on a wide screen, and after the results on a phone.
  r.toolbar = h('div', { class: 'toolbar', role: 'toolbar', 'aria-label': 'Training' }, r.reset, r.play, r.step, counters);
  r.hyper = hyper.length ? h('div', { class: 'hyper', role: 'group', 'aria-label': 'Training settings' }, ...hyper) : null;
  r.topbar = h('div', { class: 'topbar' }, r.toolbar, r.hyper);

  r.status = h('p', { class: 'status', role: 'status', 'aria-live': 'polite' });

  // --- lessons (lessonview.js fills it) --------------------------------------
  if (on('lessons')) {
    const id = newId('h');
    r.lessonTitle = h('h2', { id, text: 'Guided lessons' });
    r.lessonBody = h('div', { class: 'lesson-body' });
    r.lessonSection = h('section', { class: 'panel panel-lessons', 'data-panel': 'lessons', 'aria-labelledby': id }, r.lessonTitle, r.lessonBody);
  }

  // --- data ------------------------------------------------------------------
  const cols = [];
  if (on('data')) {
    r.datasetRadios = {};
    r.thumbs = {};
    const tiles = [];
    const group = newId('ds');
    for (const name of Object.keys(DATASET_LABELS)) {
      const input = h('input', { type: 'radio', name: group, value: name, class: 'tile-input' });
      r.datasetRadios[name] = input;
      let art;
      if (DATASETS_2D.includes(name)) {
        art = h('canvas', { class: 'thumb', width: 56, height: 56, 'aria-hidden': 'true' });
        r.thumbs[name] = art;
      } else {
        art = h('span', { class: `thumb thumb-${name}`, 'aria-hidden': 'true', text: name === 'csv' ? 'CSV' : name === 'digits' ? '7' : name === 'iris' ? '✿' : '♥' });
      }
      tiles.push(h('label', { class: 'tile' }, input, art, h('span', { class: 'tile-name', text: DATASET_LABELS[name] })));
    }
    r.datasetFieldset = h('fieldset', { class: 'datasets' }, h('legend', { text: 'Dataset' }), h('div', { class: 'tiles' }, ...tiles));

    r.controls.noise = range('noise');
    r.controls.size = range('size');
    r.controls.testPct = range('testPct');
    r.noiseOut = h('output', { class: 'range-value' });
    r.sizeOut = h('output', { class: 'range-value' });
    r.testOut = h('output', { class: 'range-value' });
    r.noiseField = h('div', { class: 'field range-field' }, h('label', { for: (r.controls.noise.id = newId('f')), text: 'Noise' }), r.controls.noise, r.noiseOut);
    r.sizeField = h('div', { class: 'field range-field' }, h('label', { for: (r.controls.size.id = newId('f')), text: 'Number of points' }), r.controls.size, r.sizeOut);
    const testField = h('div', { class: 'field range-field' }, h('label', { for: (r.controls.testPct.id = newId('f')), text: 'Test data (%)' }), r.controls.testPct, r.testOut);
    r.controls.valPct = range('valPct');
    r.valOut = h('output', { class: 'range-value' });
    const valField = h('div', { class: 'field range-field' }, h('label', { for: (r.controls.valPct.id = newId('f')), text: 'Validation (% of training data)' }), r.controls.valPct, r.valOut);

    // TF Playground's feature inputs of a 2-D set: each a toggle.
    r.featureBoxes = {};
    const feats = FEATURES.map((f) => {
      const box = (r.featureBoxes[f.id] = h('input', { type: 'checkbox', name: `feature-${f.id}`, id: newId('ft') }));
      return h('div', { class: 'field check' }, box, h('label', { for: box.id, text: f.label }));
    });
    r.featuresField = h('fieldset', { class: 'features' }, h('legend', { text: 'Feature inputs' }), h('div', { class: 'feature-list' }, ...feats));

    r.controls.label = h('select', { name: 'label' });
    r.labelError = h('p', { class: 'error', role: 'alert' });
    r.labelError.hidden = true;
    r.labelField = h('div', { class: 'label-box' }, field('Label column', r.controls.label), r.labelError);

    // CSV upload.
    r.fileInput = h('input', { type: 'file', accept: '.csv,text/csv,text/plain', class: 'file-input' });
    r.fileInput.id = newId('csv');
    r.dropZone = h('div', { class: 'drop-zone' },
      h('label', { for: r.fileInput.id, class: 'btn-secondary', text: 'Choose CSV file' }),
      r.fileInput,
      h('span', { class: 'drop-hint', text: 'or drop a .csv file here' }),
    );
    r.csvError = h('p', { class: 'error', role: 'alert' });
    r.csvError.hidden = true;
    // Labels that would make too many classes: a question, or a refusal.
    r.labelQuestionText = h('p', { class: 'question-text' });
    r.labelAsRegression = h('button', { type: 'button', class: 'btn-secondary', text: 'Yes: train it as a regression target' });
    r.labelQuestion = h('div', { class: 'error label-question', role: 'alert' }, r.labelQuestionText, r.labelAsRegression);
    r.labelQuestion.hidden = true;
    r.preview = h('table', { class: 'preview' });
    r.previewWrap = h('div', { class: 'preview-wrap', tabindex: '0', role: 'region', 'aria-label': 'Data preview' }, r.preview);
    r.previewWrap.hidden = true;
    r.previewTitle = h('p', { class: 'preview-title', 'aria-hidden': 'true' });
    r.previewTitle.hidden = true;
    r.attribution = h('p', { class: 'attribution' });
    r.attribution.hidden = true;
    r.dataInfo = h('p', { class: 'data-info' });

    cols.push(
      section('data', 'Data',
        r.datasetFieldset,
        r.noiseField,
        r.sizeField,
        r.featuresField,
        testField,
        valField,
        r.labelField,
        h('div', { class: 'csv-box' }, h('p', { class: 'csv-title', text: 'Bring your own CSV: a header row, numeric features, one label column.' }), r.dropZone, r.csvError, r.labelQuestion),
        r.dataInfo,
        r.previewTitle,
        r.previewWrap,
        r.attribution,
      ),
    );
  }

  // --- network ---------------------------------------------------------------
  if (on('network') || on('model')) {
    const kids = [];
    if (on('model')) {
      r.controls.normalize = h('input', { type: 'checkbox', name: 'normalize' });
      r.controls.dropout = numberInput('dropout', { step: 0.05 });
      r.addLayer = h('button', { type: 'button', class: 'btn-small', text: '+ Add layer' });
      r.layerList = h('ol', { class: 'layer-list' });
      kids.push(
        h('div', { class: 'model-opts' },
          h('div', { class: 'field check' }, r.controls.normalize, h('label', { for: (r.controls.normalize.id = newId('f')), text: 'Normalize inputs' })),
          field('Dropout rate', r.controls.dropout),
        ),
        h('div', { class: 'layers-head' }, h('h3', { text: 'Hidden layers' }), r.addLayer),
        r.layerList,
      );
    }
    if (on('network')) {
      r.svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
      r.svg.setAttribute('class', 'network');
      r.svg.setAttribute('role', 'group');
      r.svg.setAttribute('aria-label', 'Network diagram: neurons and weights');
      r.weightInput = h('input', { type: 'number', step: 'any', class: 'weight-input' });
      r.weightInput.id = newId('w');
      r.weightLabel = h('label', { for: r.weightInput.id, class: 'weight-label' });
      r.weightSet = h('button', { type: 'button', class: 'btn-small', text: 'Set weight' });
      r.weightBox = h('div', { class: 'weight-edit' }, r.weightLabel, h('span', { class: 'weight-row' }, r.weightInput, r.weightSet));
      r.weightBox.hidden = true;
      kids.push(
        h('div', { class: 'network-wrap' }, r.svg),
        h('p', { class: 'legend-weights' },
          h('span', { class: 'lw lw-pos', 'aria-hidden': 'true' }), 'positive weight ',
          h('span', { class: 'lw lw-neg', 'aria-hidden': 'true' }), 'negative weight; thicker is larger. Click a neuron or a link to see its numbers in the math panel, and a link to edit its weight (or pick layer, neuron and input there). In the diagram the arrow keys move between neurons.'),
        r.weightBox,
      );
    }
    r.summary = h('pre', { class: 'summary', tabindex: '0', 'aria-label': 'Model summary' });
    kids.push(h('details', { class: 'summary-box', open: true }, h('summary', { text: 'Model summary' }), r.summary));
    cols.push(section('network', 'Network', ...kids));
  }

  // --- output ----------------------------------------------------------------
  if (on('boundary') || on('curves')) {
    const kids = [];
    r.stats = {};
    r.statLabels = {}; // relabelled for regression (training.js labelStats)
    const stat = (key, label) => {
      const id = newId('s');
      r.stats[key] = h('output', { class: 'stat-value', text: '–', 'aria-labelledby': id });
      r.statLabels[key] = h('span', { class: 'stat-label', text: label, id });
      return h('div', { class: `stat stat-${key}` }, r.statLabels[key], r.stats[key]);
    };
    kids.push(h('div', { class: 'stats' }, stat('loss', 'Training loss'), stat('val_loss', 'Validation loss'), stat('acc', 'Training accuracy'), stat('val_acc', 'Validation accuracy')));
    // The test data: only the final evaluation (at the end of training, or the button).
    r.testNote = h('p', { class: 'note test-note' });
    r.evalTest = h('button', { type: 'button', class: 'btn-small', text: 'Evaluate on test data' });
    kids.push(h('div', { class: 'test-box' }, h('div', { class: 'stats test-stats' }, stat('test_loss', 'Test loss'), stat('test_acc', 'Test accuracy')), h('div', { class: 'test-side' }, r.testNote, r.evalTest)));
    if (on('boundary')) {
      r.boundary = h('canvas', { class: 'boundary', role: 'img', 'aria-label': 'Decision boundary' });
      r.classLegend = h('span', { class: 'class-legend' });
      r.controls.showTest = h('input', { type: 'checkbox', name: 'showTest' });
      r.controls.discretize = h('input', { type: 'checkbox', name: 'discretize' });
      r.boundaryWrap = h('figure', { class: 'boundary-wrap' }, r.boundary,
        h('figcaption', {},
          r.classLegend,
          h('span', { class: 'ring-legend' },
            'Ring: ',
            h('span', { class: 'dot ring-train', 'aria-hidden': 'true' }), 'training, ',
            h('span', { class: 'dot ring-val', 'aria-hidden': 'true' }), 'validation, ',
            h('span', { class: 'dot ring-test', 'aria-hidden': 'true' }), 'test data.'),
          ' Background: the model\'s prediction over the plane.'),
        h('div', { class: 'view-toggles' },
          h('div', { class: 'field check' }, r.controls.showTest, h('label', { for: (r.controls.showTest.id = newId('f')), text: 'Show test data' })),
          h('div', { class: 'field check' }, r.controls.discretize, h('label', { for: (r.controls.discretize.id = newId('f')), text: 'Discretize output' })),
        ),
      );
      r.boundaryNote = h('p', { class: 'note boundary-note' });
      kids.push(r.boundaryWrap, r.boundaryNote);
    }
    if (on('curves')) {
      r.lossChart = h('canvas', { class: 'chart', role: 'img', 'aria-label': 'Loss per epoch' });
      r.accChart = h('canvas', { class: 'chart', role: 'img', 'aria-label': 'Accuracy per epoch' });
      const legend = h('p', { class: 'chart-legend' },
        h('span', { class: 'ln ln-train', 'aria-hidden': 'true' }), 'training data ',
        h('span', { class: 'ln ln-val', 'aria-hidden': 'true' }), 'validation data (the test data is not used while training)');
      kids.push(r.charts = h('div', { class: 'charts' },
        h('figure', {}, h('figcaption', { text: 'Loss' }), r.lossChart),
        r.accFigure = h('figure', {}, h('figcaption', { text: 'Accuracy' }), r.accChart),
      ));
      kids.push(legend);
    }
    cols.push(section('output', 'Output', ...kids));
  }
  r.grid = h('div', { class: `main-grid cols-${cols.length}` }, ...cols);

  // --- lower panels ------------------------------------------------------------
  const lower = [];
  if (on('evaluation')) {
    r.evaluation = h('div', { class: 'evaluation' }, h('p', { class: 'note', text: 'Train the model to see how it does on the validation data; the test data is evaluated when training ends.' }));
    // Where the threshold panel (ROC and precision–recall curves with AUC, a
    // threshold slider) will go once the API computes them (gt.metrics.roc).
    r.evalExtra = h('div', { class: 'eval-extra', hidden: true });
    lower.push(section('evaluation', 'Evaluation', r.evaluation, r.evalExtra));
  }
  if (on('digit')) {
    r.pad = h('canvas', { class: 'pad', 'aria-label': 'Drawing area: draw a digit with the mouse, pen or finger' });
    r.padClear = h('button', { type: 'button', class: 'btn-secondary', text: 'Clear drawing' });
    r.padExample = h('input', { type: 'number', min: 0, step: 1, value: 0 });
    r.padShow = h('button', { type: 'button', class: 'btn-secondary', text: 'Show example digit' });
    r.probs = h('ol', { class: 'probs', 'aria-label': 'Predicted probabilities' });
    r.digitSection = section('digit', 'Draw a digit',
      h('p', { class: 'note', text: 'Draw a digit 0–9 large and centred. It is read as 8×8 pixels on the 0–16 scale of digits.csv and the model predicts it live.' }),
      h('div', { class: 'digit-row' },
        h('div', { class: 'pad-box' }, r.pad, h('div', { class: 'pad-buttons' }, r.padClear, field('Example digit (validation data)', r.padExample), r.padShow)),
        h('div', { class: 'probs-box' }, h('h3', { text: 'Prediction' }), r.probs),
      ),
    );
    r.digitSection.hidden = true;
    lower.push(r.digitSection);
  }
  if (on('augment')) lower.push(buildAugmentPanel(r)); // augmentpanel.js
  if (on('tune')) lower.push(buildTunePanel(r)); // tunepanel.js
  if (on('code')) {
    r.kerasPreset = h('button', { type: 'button', class: 'btn-secondary', text: 'Keras example', title: 'Dense(64, relu) → Dense(64, relu) → Dense(1, sigmoid), Adam 0.001, binary cross-entropy, batch 32, 10 epochs' });
    r.downloadData = h('button', { type: 'button', class: 'btn-secondary', text: 'Download the data (CSV)' });
    r.codeKeras = h('code', { class: 'language-python' });
    r.codeJS = h('code', { class: 'language-js' });
    r.copyKeras = h('button', { type: 'button', class: 'btn-small', text: 'Copy the Keras code' });
    r.copyJS = h('button', { type: 'button', class: 'btn-small', text: 'Copy the gotrain.js code' });
    r.codeMsg = h('p', { class: 'note code-msg', role: 'status' });
    const listing = (title, code, copy, label) =>
      h('figure', { class: 'code-listing' },
        h('figcaption', {}, h('span', { text: title }), copy),
        h('pre', { tabindex: '0', role: 'region', 'aria-label': label }, code));
    lower.push(section('code', 'The code: Keras and gotrain.js',
      h('p', { class: 'note', text: 'The settings as code, rewritten as you change them. The gotrain.js code trains this very model (same seed, same numbers); the Keras code follows the same recipe on the same rows.' }),
      h('div', { class: 'code-buttons' }, r.kerasPreset, h('span', { class: 'note', text: '64-64-1, ReLU, sigmoid, Adam 0.001, binary cross-entropy, batch 32, 10 epochs' }), r.downloadData),
      r.codeMsg,
      h('div', { class: 'code-grid' },
        listing('Keras (Python)', r.codeKeras, r.copyKeras, 'Keras code'),
        listing('gotrain.js (JavaScript)', r.codeJS, r.copyJS, 'gotrain.js code')),
    ));
  }
  if (on('math')) {
    r.mathExample = h('input', { type: 'number', min: 0, step: 1, value: 0 });
    r.mathLayer = h('select', {});
    r.mathUnit = h('input', { type: 'number', min: 1, step: 1, value: 1 });
    r.mathInput = h('input', { type: 'number', min: 1, step: 1, value: 1 });
    r.mathStep = h('button', { type: 'button', class: 'btn-primary', text: 'Step: train on this example' });
    r.mathBody = h('div', { class: 'math-body', 'aria-live': 'off' }, h('p', { class: 'note', text: 'Loading…' }));
    lower.push(section('math', 'Learn the math: one training step',
      h('p', { class: 'note', text: 'One example goes through the network (forward pass), the loss compares the prediction with the label, the chain rule sends the error back (backward pass), and the optimizer changes each weight. Every number below is the model\'s own, from model.trace().' }),
      h('div', { class: 'math-controls' },
        field('Example', r.mathExample),
        field('Layer', r.mathLayer),
        field('Neuron', r.mathUnit),
        field('Input', r.mathInput),
        r.mathStep,
      ),
      r.mathBody,
    ));
  }
  if (on('files')) {
    r.saveJSON = h('button', { type: 'button', class: 'btn-secondary', text: 'Download model (gotrain JSON)' });
    r.loadJSON = h('input', { type: 'file', accept: '.json,application/json', class: 'file-input' });
    r.loadJSON.id = newId('lj');
    r.saveTF = h('button', { type: 'button', class: 'btn-secondary', text: 'Download model (TF.js format)' });
    r.loadTF = h('input', { type: 'file', accept: '.json,.bin', multiple: true, class: 'file-input' });
    r.loadTF.id = newId('lt');
    r.savePredictor = h('button', { type: 'button', class: 'btn-secondary', text: 'Download predictor (standalone JS)', title: 'predictor.js: an ES module that predicts without gotrain' });
    r.fileMsg = h('p', { class: 'file-msg', role: 'status' });
    lower.push(section('files', 'Keep and share',
      h('p', { class: 'note', text: 'Every setting and the seed are in the page address: copy the link to share this exact run. Download the trained model to keep it.' }),
      h('div', { class: 'file-buttons' },
        r.saveJSON,
        h('label', { for: r.loadJSON.id, class: 'btn-secondary', text: 'Load model (gotrain JSON)' }), r.loadJSON,
        r.saveTF,
        h('label', { for: r.loadTF.id, class: 'btn-secondary', text: 'Load model (TF.js model.json + weights.bin)' }), r.loadTF,
        r.savePredictor,
      ),
      r.fileMsg,
    ));
  }
  r.lower = h('div', { class: 'lower-grid' }, ...lower);
  root.replaceChildren(r.topbar, r.status, r.lessonSection ?? '', r.grid, r.lower);
  return r;
}
