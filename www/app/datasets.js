// datasets.js: the playground's data. Makes the dataset the state asks for
// (a generated 2-D set, a shipped CSV or the user's own file) through the
// API, split into training, validation and test parts with the labels in
// the form the loss wants (the task: task.js), and shows what it is (size, preview,
// attribution). The page computes nothing here: generating, parsing,
// splitting and one-hot encoding are API calls.
//
//   const ds = new Datasets(playground, { dataURL });
//   await ds.load();   // playground.data = { source, train, val, test, task, out, grid, … }

import * as S from './state.js';
import { outputFor, taskOf } from './task.js';
import { gridPoints, domainOf, drawHeatmap } from './heatmap.js';
import { csvHeader, renderPreview } from './csvpanel.js';
import { classColor, diverging, hex } from './colors.js';
import { int, errorText } from './format.js';
import { asMatrix, rowOf, rowsAsPairs } from './rows.js';
import { h } from './dom.js';

/** The boundary heatmap's resolution: the model is asked for GRID² points. */
export const GRID = 50;
/** The generated datasets' square. */
export const PLAYGROUND_DOMAIN = { x: [-6, 6], y: [-6, 6] };

const DATASET_NAMES = { circle: 'Circle', xor: 'XOR', gaussian: 'Gaussian', spiral: 'Spiral', moons: 'Moons', plane: 'Plane', multiGaussian: 'Multi-Gaussian', iris: 'Iris', breast_cancer: 'Breast cancer', digits: 'Digits' };

const ATTRIBUTION = {
  iris: 'Iris: R. A. Fisher (1936), UCI Machine Learning Repository, CC BY 4.0 (150 flowers, 4 measurements, 3 species).',
  breast_cancer: 'Breast Cancer Wisconsin (Diagnostic): Wolberg, Street, Mangasarian (1995), UCI Machine Learning Repository, CC BY 4.0 (569 samples, 30 features, malignant or benign).',
  digits: 'Optical Recognition of Handwritten Digits: Alpaydin, Kaynak (1998), UCI Machine Learning Repository, CC BY 4.0 (1797 images of 8×8 pixels, 0–16).',
};

export class Datasets {
  /**
   * @param {object} pg the playground (state, ui, gt, data, setState, …)
   * @param {{dataURL: string}} o base URL of the data/ folder
   */
  constructor(pg, { dataURL }) {
    this.pg = pg;
    this.dataURL = dataURL;
    this.userCSV = null; // { name, text, columns }
  }

  /** The small pictures of the generated datasets beside their radio buttons. */
  async drawThumbnails() {
    const thumbs = this.pg.ui.thumbs || {};
    for (const [name, canvas] of Object.entries(thumbs)) {
      try {
        const ds = await this.pg.gt.data.builtin(name, { n: 160, noise: 0.05, seed: 7 });
        const x = asMatrix(ds.x);
        const y = asMatrix(ds.y);
        const points = [];
        const colorOf = S.DATASETS_REGRESSION.includes(name) ? diverging : classColor;
        for (let i = 0; i < x.shape[0]; i++) points.push({ x: x.data[2 * i], y: x.data[2 * i + 1], color: hex(colorOf(y.data[i])) });
        drawHeatmap(canvas, { values: null, n: 0, domain: PLAYGROUND_DOMAIN, points, size: 56, pointRadius: 1.6 });
      } catch {
        /* thumbnails are decoration */
      }
    }
  }

  /** A CSV file chosen or dropped: checked first, so a bad file replaces nothing. */
  async onFile(name, text) {
    const pg = this.pg;
    const u = pg.ui;
    u.csvError.hidden = true;
    u.csvError.textContent = '';
    const cols = csvHeader(text);
    try {
      await pg.gt.data.parseCSV(text, {});
    } catch (e) {
      this.showError(name, e);
      pg.syncControls();
      return;
    }
    const prev = this.userCSV;
    this.userCSV = { name, text, columns: cols };
    const patch = { dataset: 'csv', label: cols.at(-1) ?? '', labelAs: 'auto' };
    if (S.changedKeys(pg.state, { ...pg.state, ...patch }).length) await pg.setState(patch);
    else {
      // Same settings, new file: make the data again all the same.
      await pg.pause();
      await pg.exclusive(() => pg.rebuild({ data: true }));
    }
    if (pg.state.dataset === 'csv' && pg.data?.csvName === name) pg.setStatus(`Loaded ${name}. Press Play to train.`);
    else this.userCSV = prev; // refused or asked about: the data in use stays (the question keeps the new file)
  }

  /**
   * Labels that would make too many classes: a question ("202 distinct
   * values: is this a regression target?") with a button that says yes, or
   * a refusal. The data in use stays.
   */
  showLabelQuestion(task, attempt) {
    const pg = this.pg;
    const u = pg.ui;
    const file = pg.state.dataset === 'csv' ? this.userCSV : null;
    this.question = task.kind === 'question' ? { csv: file, patch: attempt } : null;
    u.labelQuestionText.textContent = `${file ? `${file.name}, ` : ''}label column '${attempt.label || 'the last'}': ${task.message}`;
    u.labelAsRegression.hidden = task.kind !== 'question';
    u.labelQuestion.hidden = false;
    pg.setStatus(task.kind === 'question' ? 'Are these labels a number to predict? See the question in the data panel; the data in use is unchanged.' : `Too many classes to train: ${task.message} The data in use is unchanged.`, true);
  }

  /** "Train it as a regression target": the question's data, its labels as values. */
  async answerRegression() {
    const q = this.question;
    if (!q) return;
    if (q.csv) this.userCSV = q.csv;
    this.pg.ui.labelQuestion.hidden = true;
    this.question = null;
    await this.pg.setState({ ...q.patch, labelAs: 'regression' });
    if (this.pg.data?.task.kind === 'regression') this.pg.setStatus(`${this.describe()}: its labels are a regression target (mean squared error). Press Play to train.`);
  }

  /** A file that cannot be used: the error names the file (and, from the API, the row and column). */
  showError(name, e) {
    const u = this.pg.ui;
    u.csvError.textContent = `${name}: ${errorText(e)}`;
    u.csvError.hidden = false;
    this.pg.setStatus(`The file ${name} could not be used; the previous data is unchanged.`, true);
  }

  /** A label column that cannot be used: said by the Label column menu; the file is not to blame. */
  showLabelError(label, kept, e) {
    const u = this.pg.ui;
    u.labelError.textContent = `'${label}' cannot be the label column: ${errorText(e)}. The label stays '${kept}'.`;
    u.labelError.hidden = false;
    this.pg.setStatus(`The label column '${label}' cannot be used; the data is unchanged.`, true);
  }

  /** The data loaded: earlier complaints about the file or the label no longer hold. */
  clearErrors({ question = true } = {}) {
    const u = this.pg.ui;
    for (const el of [u.csvError, u.labelError]) {
      if (!el) continue;
      el.hidden = true;
      el.textContent = '';
    }
    if (question && u.labelQuestion) {
      // A question about another file's labels stays until new data loads.
      this.question = null;
      u.labelQuestion.hidden = true;
    }
  }

  /**
   * Makes the state's dataset the playground's and shows it. Returns false
   * (after saying why) when it cannot be made: the data already there stays.
   */
  async load() {
    const pg = this.pg;
    try {
      pg.data = await this.make();
    } catch (e) {
      const prev = pg.data;
      const labelChoice = prev?.columns && prev.source === pg.state.dataset && pg.state.label && prev.columns.label !== pg.state.label;
      if (e.labels) this.showLabelQuestion(e.labels, { dataset: pg.state.dataset, label: pg.state.label });
      else if (labelChoice) this.showLabelError(pg.state.label, prev.columns.label, e);
      else if (pg.state.dataset === 'csv') this.showError(this.userCSV?.name ?? 'Your CSV', e);
      else pg.setStatus(errorText(e), true);
      if (!pg.data) throw e;
      return false;
    }
    this.clearErrors();
    this.showInfo();
    return true;
  }

  /** The dataset the state asks for: { source, train, test, task, out, … }. */
  async make() {
    const s = this.pg.state;
    const gt = this.pg.gt;
    let ds;
    let source = s.dataset;
    let columns = null;
    if (S.DATASETS_2D.includes(s.dataset)) {
      ds = await gt.data.builtin(s.dataset, { n: s.size, noise: s.noise, seed: s.seed });
    } else {
      let text;
      if (s.dataset === 'csv') {
        text = this.userCSV.text;
        columns = this.userCSV.columns;
      } else {
        text = await fetchText(new URL(`${s.dataset}.csv`, this.dataURL));
        columns = csvHeader(text);
      }
      const label = s.label && columns.includes(s.label) ? s.label : columns.at(-1);
      ds = await gt.data.parseCSV(text, { label });
      source = s.dataset;
      columns = { all: columns, label };
    }
    const x = asMatrix(ds.x);
    const y = asMatrix(ds.y);
    const task = taskOf(y.data, ds.classNames, s.labelAs);
    if (task.kind === 'question' || task.kind === 'refused') throw Object.assign(new Error(task.message), { labels: task });
    const out = outputFor(task, s.loss);
    // Test data is set aside first and touched only by the final evaluation;
    // the validation data (for the curves and early stopping) is taken from
    // what is left, as Keras' validation_split takes it from the training data.
    const stratify = task.kind === 'classification';
    const [rest, test] = await gt.data.split(ds, { testFraction: s.testPct / 100, seed: s.seed, stratify });
    let train = rest;
    let val = null;
    if (s.valPct > 0) [train, val] = await gt.data.split(rest, { testFraction: s.valPct / 100, seed: s.seed, stratify });
    const d = {
      source,
      csvName: s.dataset === 'csv' ? this.userCSV.name : null,
      columns,
      featureNames: ds.featureNames,
      classNames: task.names,
      task,
      out,
      n: x.shape[0],
      features: x.shape[1],
      train: { x: asMatrix(train.x), y: asMatrix(train.y) },
      val: val ? { x: asMatrix(val.x), y: asMatrix(val.y) } : null,
      test: { x: asMatrix(test.x), y: asMatrix(test.y) },
      preview: { x, y, classNames: ds.classNames },
    };
    await this.targets(d);
    d.is2d = d.features === 2;
    d.domain = S.DATASETS_2D.includes(source) ? PLAYGROUND_DOMAIN : d.is2d ? domainOf(rowsAsPairs(x)) : null;
    if (d.is2d) d.grid = gridPoints(d.domain, GRID);
    if (S.DATASETS_2D.includes(source) && !S.plainFeatures(s.features)) await this.featureInputs(d, S.featureApiNames(s.features));
    return d;
  }

  /**
   * TF Playground's feature inputs: every part's x (and the boundary's
   * grid) becomes the chosen columns, computed by gt.data.features from x1
   * and x2; the plane's coordinates stay as raw (the points are drawn there).
   */
  async featureInputs(d, names) {
    const gt = this.pg.gt;
    for (const part of [d.train, d.val, d.test]) {
      if (!part) continue;
      part.raw = part.x;
      part.x = asMatrix(await gt.data.features(part.x, names));
    }
    d.gridX = asMatrix(await gt.data.features(d.grid, names));
    d.featureNames = names;
    d.features = names.length;
    d.inputs = names; // for the code view
  }

  /** After a change of loss: the output layer and the targets it wants. */
  async retarget() {
    const d = this.pg.data;
    const out = outputFor(d.task, this.pg.state.loss);
    if (JSON.stringify(out) === JSON.stringify(d.out)) return;
    d.out = out;
    await this.targets(d);
  }

  /** Every part's labels in the form its loss wants. */
  async targets(d) {
    for (const part of [d.train, d.val, d.test]) if (part) part.target = await this.target(part.y, d.out, d.task);
  }

  /** Labels in the form the loss wants (class indices, one-hot rows, values). */
  async target(y, out, task) {
    if (out.target === 'onehot') return asMatrix(await this.pg.gt.data.oneHot(y, task.classes));
    return y;
  }

  /** The current data in a few words, for the status line: "Circle, 500 points". */
  describe() {
    const d = this.pg.data;
    const name = d.source === 'csv' ? this.userCSV?.name ?? 'Your CSV' : DATASET_NAMES[d.source] ?? d.source;
    return `${name}, ${int(d.n)} ${d.is2d && S.DATASETS_2D.includes(d.source) ? 'points' : 'rows'}`;
  }

  /** Size, preview, label column choices and attribution of the current data. */
  showInfo() {
    const u = this.pg.ui;
    const d = this.pg.data;
    if (!u.dataInfo) return;
    const kind = d.task.kind === 'classification' ? `${d.task.classes} classes` : 'regression';
    const val = d.val ? `, ${int(d.val.x.shape[0])} for validation` : '';
    u.dataInfo.textContent = `${int(d.n)} rows, ${d.features} features, ${kind}: ${int(d.train.x.shape[0])} for training${val}, ${int(d.test.x.shape[0])} for testing.`;
    const real = !S.DATASETS_2D.includes(d.source);
    u.previewWrap.hidden = !real;
    u.previewTitle.hidden = !real;
    if (real) {
      const cols = [...d.featureNames, d.columns.label];
      const rows = [];
      const k = Math.min(8, d.n);
      for (let i = 0; i < k; i++) {
        const yv = d.preview.y.data[i];
        rows.push([...rowOf(d.preview.x, i), d.preview.classNames ? d.preview.classNames[yv] : yv]);
      }
      const caption = `${d.source === 'csv' ? this.userCSV.name : `${d.source}.csv`}: first ${k} of ${int(d.n)} rows (label column highlighted)`;
      u.previewTitle.textContent = caption;
      renderPreview(u.preview, { columns: cols, rows, labelColumn: d.columns.label, total: d.n, caption });
      this.pg.hints.previewWrap?.update();
      // Label column choices.
      const sel = u.controls.label;
      sel.replaceChildren(...d.columns.all.map((c) => h('option', { value: c, text: c, selected: c === d.columns.label })));
    }
    u.attribution.hidden = !ATTRIBUTION[d.source];
    u.attribution.textContent = ATTRIBUTION[d.source] || '';
    if (u.digitSection) u.digitSection.hidden = d.source !== 'digits';
    if (u.padExample) u.padExample.max = String((d.val ?? d.train).x.shape[0] - 1);
  }
}

async function fetchText(url) {
  const r = await fetch(url);
  if (!r.ok) throw new Error(`could not load ${url}: HTTP ${r.status}`);
  return r.text();
}
