// playground.js: the playground's controller. It owns the state table
// (state.js), asks the gotrain API (in a Web Worker) for every number, and
// hands plain arrays to the renderers (heatmap, linechart, network,
// mathpanel, confusion, drawdigit, csvpanel). The page itself computes
// nothing: no model math happens here.
//
//   const pg = new Playground(rootElement, { panels, initial, syncHash, gotrainURL });
//   await pg.start();

import { load } from '../gotrain.js';
import * as S from './state.js';
import { buildPanels, renderLayerList, PANELS, DATASET_LABELS } from './panels.js';
import { drawHeatmap } from './heatmap.js';
import { drawLineChart } from './linechart.js';
import { createNetwork } from './network.js';
import { renderMath } from './mathpanel.js';
import { renderConfusion } from './confusion.js';
import { createDigitPad } from './drawdigit.js';
import { wireFileInputs } from './csvpanel.js';
import { Datasets, GRID } from './datasets.js';
import { diverging, probability, classColor, hex, lighten } from './colors.js';
import { num, pct, errorText as errText } from './format.js';
import { asMatrix, rowOf, columnOf } from './rows.js';
import { h } from './dom.js';
import { Training } from './training.js';
import { ModelFiles } from './files.js';

/** Resolves after the event loop has had a turn (a message, not a clamped timer). */
const tick = (() => {
  const ch = new MessageChannel();
  const queue = [];
  ch.port1.onmessage = () => queue.shift()?.();
  return () =>
    new Promise((r) => {
      queue.push(r);
      ch.port2.postMessage(0);
    });
})();

export class Playground {
  /**
   * @param {HTMLElement} root where the playground is built
   * @param {object} [o]
   * @param {string[]} [o.panels] which panels to show (panels.js PANELS)
   * @param {object} [o.initial] state overrides (e.g. from element attributes)
   * @param {boolean} [o.syncHash] keep the state in location.hash (the page; not embeds)
   * @param {string} [o.dataURL] base URL of the data/ folder
   */
  constructor(root, o = {}) {
    this.root = root;
    this.panels = o.panels || PANELS;
    this.syncHash = !!o.syncHash;
    this.datasets = new Datasets(this, { dataURL: o.dataURL || new URL('../data/', import.meta.url).href });
    this.state = S.defaults();
    if (this.syncHash) {
      const { state, errors } = S.parse(location.hash);
      this.state = state;
      this.hashErrors = errors;
    }
    Object.assign(this.state, o.initial || {});
    this.gt = null;
    this.model = null;
    this.data = null; // { train, test, task, out, features, ... }
    this.queue = Promise.resolve();
    this.selection = { layer: -1, unit: 0, input: 0 };
    this.training = new Training(this);
    this.files = new ModelFiles(this);
    // Until the views and the math panel have modules of their own:
    this.views = { refresh: (o) => this.refreshAll(o) };
    this.math = { setLayers: (l) => this.setMathLayers(l) };
  }

  // ---------------------------------------------------------------- start-up

  async start() {
    this.ui = buildPanels(this.root, { panels: this.panels });
    this.root.classList.add('gtp');
    this.bindControls();
    this.setStatus('Loading the WebAssembly module…');
    this.setBusy(true);
    try {
      this.gt = await load({ worker: true });
    } catch (e) {
      this.setStatus(`Could not load gotrain: ${errText(e)}`, true);
      throw e;
    }
    this.watchVisibility();
    if (this.ui.svg) this.net = createNetwork(this.ui.svg, { onSelect: (sel) => this.selectFromDiagram(sel) });
    if (this.ui.pad) this.pad = createDigitPad(this.ui.pad, { onChange: (row) => this.predictDigit(row) });
    this.syncControls();
    await this.datasets.drawThumbnails();
    if (this.state.dataset === 'csv') {
      this.state.dataset = 'circle';
      this.setStatus('A link cannot carry your own CSV: showing the circle data instead.');
    }
    await this.exclusive(() => this.rebuild({ data: true }));
    this.setBusy(false);
    if (this.hashErrors?.length) this.setStatus(`Some settings in the link were not valid and were reset: ${this.hashErrors.join('; ')}`, true);
    else this.setStatus('Ready. Press Play to train.');
    if (this.syncHash) {
      window.addEventListener('hashchange', () => this.onHashChange());
      this.writeHash();
    }
    this.root.dataset.ready = 'true';
  }

  /** Runs fn after everything queued before it (model calls never overlap). */
  exclusive(fn) {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => {});
    return run;
  }

  setBusy(b) {
    this.root.toggleAttribute('aria-busy', b);
  }

  setStatus(text, isError = false) {
    const s = this.ui.status;
    s.textContent = text;
    s.classList.toggle('is-error', isError);
  }

  // ---------------------------------------------------------------- controls

  bindControls() {
    const u = this.ui;
    u.play.addEventListener('click', () => this.training.toggle());
    u.step.addEventListener('click', () => this.training.stepBatch());
    u.reset.addEventListener('click', () => this.training.reset());
    for (const [key, el] of Object.entries(u.controls)) {
      const ev = el.type === 'range' ? 'input' : 'change';
      el.addEventListener(ev, () => this.onControl(key, el));
    }
    u.newSeed?.addEventListener('click', () => this.setState({ seed: Math.floor(Math.random() * 100000) }));
    if (u.datasetRadios) {
      for (const [name, radio] of Object.entries(u.datasetRadios)) {
        radio.addEventListener('change', () => {
          if (!radio.checked) return;
          if (name === 'csv' && !this.datasets.userCSV) {
            this.syncControls();
            u.fileInput.click();
            return;
          }
          this.setState({ dataset: name, label: '' });
        });
      }
      wireFileInputs({ input: u.fileInput, dropZone: u.dropZone, onFile: (n, t) => this.datasets.onFile(n, t) });
      // Dropping anywhere on the data panel works too.
      const panel = u.datasetFieldset.closest('section');
      wireFileInputs({ dropZone: panel, onFile: (n, t) => this.datasets.onFile(n, t) });
    }
    u.addLayer?.addEventListener('click', () => {
      const layers = this.state.layers.map((l) => ({ ...l }));
      if (layers.length >= S.MAX_LAYERS) return;
      layers.push({ units: layers.at(-1)?.units ?? 4, activation: layers.at(-1)?.activation ?? 'relu' });
      this.setState({ layers });
    });
    if (u.mathStep) {
      u.mathStep.addEventListener('click', () => this.training.stepExample(() => this.exampleOf(this.mathExampleIndex())));
      u.mathExample.addEventListener('change', () => this.refreshMath());
      u.mathLayer.addEventListener('change', () => {
        this.selection = { layer: Number(u.mathLayer.value), unit: 0, input: 0 };
        this.refreshMath();
        this.drawNetwork();
      });
      u.mathUnit.addEventListener('change', () => {
        this.selection.unit = Math.max(0, Number(u.mathUnit.value) - 1);
        this.refreshMath();
        this.drawNetwork();
      });
      u.mathInput.addEventListener('change', () => {
        this.selection.input = Math.max(0, Number(u.mathInput.value) - 1);
        this.refreshMath();
        this.drawNetwork();
      });
    }
    if (u.padClear) {
      u.padClear.addEventListener('click', () => {
        this.pad.clear();
        this.renderProbs(null);
      });
      u.padShow.addEventListener('click', () => this.showTestDigit());
    }
    if (u.saveJSON) {
      u.saveJSON.addEventListener('click', () => this.files.downloadJSON());
      u.loadJSON.addEventListener('change', () => this.files.loadJSON());
      u.saveTF.addEventListener('click', () => this.files.downloadTFJS());
      u.loadTF.addEventListener('change', () => this.files.loadTFJS());
    }
  }

  onControl(key, el) {
    let raw;
    if (el.type === 'checkbox') raw = el.checked;
    else raw = el.value;
    const r = S.coerce(key, raw);
    if ('error' in r) {
      this.setStatus(`${S.SCHEMA[key].label}: ${r.error.replace(/^\w+: /, '')}`, true);
      this.syncControls();
      return;
    }
    if (el.type === 'range') this.syncRangeOutputs({ ...this.state, [key]: r.value });
    // Ranges apply when the thumb is released, not on every step of a drag.
    if (el.type === 'range') {
      clearTimeout(this.rangeTimer);
      this.rangeTimer = setTimeout(() => this.setState({ [key]: r.value }), 250);
      return;
    }
    this.setState({ [key]: r.value });
  }

  /** Puts the state's values into the controls. */
  syncControls() {
    const u = this.ui;
    const s = this.state;
    for (const [key, el] of Object.entries(u.controls)) {
      if (key === 'label') continue;
      if (el.type === 'checkbox') el.checked = !!s[key];
      else if (document.activeElement !== el || el.type === 'range') el.value = String(s[key]);
    }
    if (u.datasetRadios) {
      for (const [name, radio] of Object.entries(u.datasetRadios)) radio.checked = name === s.dataset;
      const is2d = S.DATASETS_2D.includes(s.dataset);
      u.noiseField.hidden = !is2d;
      u.sizeField.hidden = !is2d;
      u.labelField.hidden = is2d;
    }
    this.syncRangeOutputs(s);
    if (u.layerList) {
      const canAdd = renderLayerList(u.layerList, s.layers, (layers) => this.setState({ layers }));
      u.addLayer.disabled = !canAdd;
    }
    if (u.controls.regRate) u.controls.regRate.disabled = s.reg === 'none';
  }

  syncRangeOutputs(s) {
    const u = this.ui;
    if (!u.noiseOut) return;
    u.noiseOut.textContent = String(s.noise);
    u.sizeOut.textContent = String(s.size);
    u.testOut.textContent = `${s.testPct}%`;
  }

  /** Applies a state change: rebuilds the data and/or the model as needed. */
  async setState(patch) {
    const before = this.state;
    const next = { ...before, ...patch };
    const changed = S.changedKeys(before, next);
    if (!changed.length) return;
    this.state = next;
    this.syncControls();
    this.writeHash();
    const data = changed.some((k) => S.DATA_KEYS.includes(k));
    const model = data || changed.some((k) => S.MODEL_KEYS.includes(k));
    if (!data && !model) return; // batch size, epochs: used by the next fit
    await this.pause();
    const ok = await this.exclusive(() => this.rebuild({ data }));
    if (ok === false) {
      // The new data could not be made: everything stays as it was.
      this.state = before;
      this.syncControls();
      if (this.data?.columns && this.ui.controls.label) this.ui.controls.label.value = this.data.columns.label;
      this.writeHash();
    }
  }

  writeHash() {
    if (!this.syncHash) return;
    const hash = '#' + S.serialise(this.state);
    if (location.hash !== hash) history.replaceState(null, '', hash);
  }

  async onHashChange() {
    const { state, errors } = S.parse(location.hash);
    if (state.dataset === 'csv' && !this.datasets.userCSV) state.dataset = this.state.dataset;
    if (errors.length) this.setStatus(`Some settings in the address were not valid: ${errors.join('; ')}`, true);
    await this.setState(state);
  }

  // ---------------------------------------------------------------- model

  /** Pauses training (the fit resolves with what it learned) and waits for it. */
  pause() {
    return this.training.pause();
  }

  /** The math panel's layer menu: dense layers only. */
  setMathLayers(layerInfo) {
    if (!this.ui.mathLayer) return;
    const opts = [];
    layerInfo.forEach((l, i) => {
      if (l.kind === 'dense') opts.push(h('option', { value: i, text: `${l.name} (${l.units} ${l.activation})` }));
    });
    this.ui.mathLayer.replaceChildren(...opts);
    const dense = layerInfo.map((l, i) => (l.kind === 'dense' ? i : -1)).filter((i) => i >= 0);
    if (!dense.includes(this.selection.layer)) this.selection = { layer: dense[0] ?? 0, unit: 0, input: 0 };
    this.ui.mathLayer.value = String(this.selection.layer);
  }

  /**
   * (Re)creates data (if asked) and the model; draws the untrained state.
   * Returns false when the new data could not be made: then the data, the
   * model and their results stay as they were (the caller restores the state).
   */
  async rebuild({ data }) {
    this.setBusy(true);
    try {
      if (data || !this.data) {
        if (!(await this.datasets.load())) return false;
      } else await this.datasets.retarget(); // the loss may want another output layer
      await this.training.build();
      this.training.resetProgress();
      await this.refreshAll();
      return true;
    } finally {
      this.setBusy(false);
    }
  }

  // ---------------------------------------------------------------- drawing

  /** Watches which panels are on screen: while training, only those are redrawn. */
  watchVisibility() {
    this.visible = new Set(['data', 'network', 'output', 'evaluation', 'digit', 'math', 'files']);
    this.dirty = new Set();
    if (typeof IntersectionObserver !== 'function') return;
    const io = new IntersectionObserver(
      (entries) => {
        for (const e of entries) {
          const p = e.target.dataset.panel;
          if (e.isIntersecting) this.visible.add(p);
          else this.visible.delete(p);
        }
        // A panel that scrolls into view after being skipped is brought up to date.
        const stale = [...this.dirty].some((p) => this.visible.has(p));
        if (stale && !this.training.playing && this.model) this.exclusive(() => this.refreshAll());
      },
      { rootMargin: '150px' },
    );
    for (const sec of this.root.querySelectorAll('section[data-panel]')) io.observe(sec);
  }

  /**
   * Asks the model for everything the panels show and draws it, one panel
   * per task so that no single task blocks the page for long. With live
   * (while training) only the panels on screen are updated; the others are
   * marked and updated when they scroll into view or training stops.
   */
  async refreshAll({ live = false } = {}) {
    if (!this.model || !this.data) return;
    const d = this.data;
    const want = (p) => {
      const on = !live || this.visible.has(p);
      if (on) this.dirty.delete(p);
      else this.dirty.add(p);
      return on;
    };
    const showNet = !!this.net && want('network');
    const showOut = !!(this.ui.boundary || this.ui.lossChart) && want('output');
    const showEval = !!this.ui.evaluation && want('evaluation');
    const showMath = !!this.ui.mathBody && want('math');
    const showDigit = !!this.lastDigit && d.source === 'digits' && want('digit');
    if (showNet) this.weights = await this.model.getWeights();
    if (d.is2d && ((showOut && this.ui.boundary) || showNet)) {
      const outs = await this.model.layerOutputs(d.grid);
      this.gridOutputs = outs.map(asMatrix);
      if (d.out.units > 1) this.gridClasses = await this.gt.metrics.predictClasses(this.gridOutputs.at(-1));
    } else if (!d.is2d) {
      this.gridOutputs = null;
    }
    if (showEval && d.task.kind === 'classification') {
      // One call (one worker round trip): predictions, confusion matrix and report.
      const r = await this.model.evaluateReport(d.test.x, d.test.target, { numClasses: d.task.classes });
      this.lastEval = { cm: r.confusion, report: r.classReport };
    }
    if (showMath) await this.computeTrace();
    if (showDigit) await this.predictDigit(this.lastDigit, true);
    // Draw, one panel per task.
    if (showOut) {
      this.drawBoundary();
      this.drawCurves();
      await tick();
    }
    if (showNet) {
      this.drawNetwork();
      await tick();
    }
    if (showEval) {
      this.drawEvaluation();
      await tick();
    }
    if (showMath) {
      this.drawMath();
      await tick();
    }
  }

  drawBoundary() {
    const u = this.ui;
    const d = this.data;
    if (!u.boundary) return;
    u.boundaryWrap.hidden = !d.is2d;
    if (!d.is2d) {
      u.boundaryNote.textContent = `The decision boundary is drawn for data with 2 features; this data has ${d.features}.`;
      return;
    }
    u.boundaryNote.textContent = '';
    const out = this.gridOutputs?.at(-1);
    const points = this.pointsOf(d);
    let values = null;
    let colorOf = probability;
    if (out) {
      if (d.out.units === 1) {
        values = out.data;
        colorOf = d.task.kind === 'regression' ? diverging : probability;
      } else {
        values = this.gridClasses;
        colorOf = (c) => lighten(classColor(c), 0.45);
      }
    }
    drawHeatmap(u.boundary, { values, n: GRID, colorOf, domain: d.domain, points, axes: true });
  }

  pointsOf(d) {
    if (d._points) return d._points;
    const pts = [];
    const add = (part, test) => {
      const x = part.x;
      for (let i = 0; i < x.shape[0]; i++) {
        const c = part.y.data[i];
        pts.push({ x: x.data[2 * i], y: x.data[2 * i + 1], color: hex(d.task.kind === 'classification' ? classColor(c) : diverging(c)), test });
      }
    };
    add(d.train, false);
    add(d.test, true);
    d._points = pts;
    return pts;
  }

  drawNetwork() {
    if (!this.net || !this.data) return;
    const d = this.data;
    const info = this.training.layerInfo;
    const dense = info.map((l, i) => ({ ...l, index: i })).filter((l) => l.kind === 'dense');
    const feat = d.featureNames || [];
    const columns = [{ name: 'input', title: 'Input', subtitle: `${d.features} features`, units: d.features, labels: feat.map(shortName) }];
    dense.forEach((l, k) => {
      const last = k === dense.length - 1;
      let classLabels = null;
      if (last && d.task.kind === 'classification') {
        if (l.units === d.task.classes) classLabels = d.classNames.map(shortName);
        else if (l.units === 1) classLabels = [shortName(`p(${d.classNames[1]})`)];
      }
      columns.push({ name: l.name, title: last ? 'Output' : `Layer ${k + 1}`, subtitle: `${l.units} ${l.activation}`, units: l.units, labels: classLabels || Array.from({ length: l.units }, (_, j) => String(j + 1)), layerIndex: l.index });
    });
    // Kernels in TF.js order: per dense layer its kernel then its bias.
    const kernels = [];
    for (const w of this.weights || []) if (w.shape.length === 2) kernels.push(w);
    const weights = columns.slice(1).map((_, k) => kernels[k] || null);
    let images = null;
    if (this.gridOutputs) {
      images = columns.map((col, c) => {
        if (c === 0) {
          // Inputs: the normalization layer's output if there is one.
          const ni = info.findIndex((l) => l.kind === 'normalization');
          if (ni < 0) return [];
          const m = this.gridOutputs[ni];
          return Array.from({ length: Math.min(col.units, 10) }, (_, j) => ({ values: columnOf(m, j), n: GRID, colorOf: diverging }));
        }
        const m = this.gridOutputs[col.layerIndex];
        const last = c === columns.length - 1;
        return Array.from({ length: Math.min(col.units, 10) }, (_, j) => {
          const v = columnOf(m, j);
          return { values: v, n: GRID, colorOf: last && col.units === 1 && d.task.kind === 'classification' ? probability : diverging };
        });
      });
    }
    const sel = this.selection;
    const selCol = columns.findIndex((c) => c.layerIndex === sel.layer);
    this.columns = columns;
    this.net.update({ columns, weights, images, selection: selCol > 0 ? { col: selCol, unit: sel.unit, input: sel.input } : null });
  }

  selectFromDiagram(sel) {
    const col = this.columns?.[sel.col];
    if (!col) return;
    this.selection = { layer: col.layerIndex, unit: sel.unit, input: sel.input ?? this.selection.input ?? 0 };
    if (sel.input === undefined) this.selection.input = Math.min(this.selection.input, this.columns[sel.col - 1].units - 1);
    if (this.ui.mathLayer) {
      this.ui.mathLayer.value = String(col.layerIndex);
      this.ui.mathUnit.value = String(sel.unit + 1);
      this.ui.mathInput.value = String(this.selection.input + 1);
    }
    this.drawNetwork();
    this.refreshMath();
  }

  drawCurves() {
    const u = this.ui;
    if (!u.lossChart) return;
    const orange = '#e8710a';
    const blue = '#0877bd';
    const h = this.training.history;
    const c = { loss: h.series('loss'), val_loss: h.series('val_loss'), acc: h.series('accuracy'), val_acc: h.series('val_accuracy') };
    drawLineChart(u.lossChart, {
      series: [
        { name: 'training loss', values: c.loss, color: blue },
        { name: 'test loss', values: c.val_loss, color: orange, dashed: true },
      ],
    });
    u.lossChart.dataset.epochs = String(c.loss.length);
    const last = (a) => (a.length ? num(a[a.length - 1]) : 'none yet');
    u.lossChart.setAttribute('aria-label', `Loss per epoch: training ${last(c.loss)}, test ${last(c.val_loss)}`);
    const cls = this.data.task.kind === 'classification';
    u.accFigure.hidden = !cls;
    if (cls) {
      drawLineChart(u.accChart, {
        series: [
          { name: 'training accuracy', values: c.acc, color: blue },
          { name: 'test accuracy', values: c.val_acc, color: orange, dashed: true },
        ],
        range: [0, 1],
      });
      u.accChart.setAttribute('aria-label', `Accuracy per epoch: training ${last(c.acc)}, test ${last(c.val_acc)}`);
    }
  }

  drawEvaluation() {
    const u = this.ui;
    if (!u.evaluation) return;
    const d = this.data;
    if (d.task.kind !== 'classification') {
      u.evaluation.replaceChildren(h('p', { class: 'note', text: 'A confusion matrix needs classes; this data is a regression task.' }));
      return;
    }
    if (!this.lastEval) return;
    renderConfusion(u.evaluation, { matrix: this.lastEval.cm, classNames: d.classNames, report: this.lastEval.report });
  }

  // ---------------------------------------------------------------- math

  mathExampleIndex() {
    const n = this.data.train.x.shape[0];
    let i = Number(this.ui.mathExample.value);
    if (!Number.isInteger(i) || i < 0) i = 0;
    if (i >= n) i = n - 1;
    this.ui.mathExample.max = String(n - 1);
    this.ui.mathExample.value = String(i);
    return i;
  }

  exampleOf(i) {
    const d = this.data;
    const x = rowOf(d.train.x, i);
    const y = rowOf(d.train.target, i);
    const cls = d.train.y.data[i];
    return { index: i, x, y: y.length === 1 ? y[0] : y, yRow: y, label: d.preview.classNames ? d.preview.classNames[cls] : undefined };
  }

  async computeTrace() {
    const i = this.mathExampleIndex();
    const ex = this.exampleOf(i);
    try {
      this.trace = await this.model.trace(ex.x, ex.yRow);
      this.traceExample = ex;
      this.traceError = null;
    } catch (e) {
      this.trace = null;
      this.traceError = errText(e);
    }
  }

  drawMath() {
    const u = this.ui;
    if (!u.mathBody) return;
    if (!this.trace) {
      u.mathBody.replaceChildren(h('p', { class: 'error', text: this.traceError || 'No trace yet.' }));
      return;
    }
    const l = this.trace.layers[this.selection.layer];
    if (l?.W) {
      const [nIn, nOut] = l.W.shape;
      u.mathUnit.max = String(nOut);
      u.mathInput.max = String(nIn);
    }
    const shown = renderMath(u.mathBody, {
      trace: this.trace,
      example: this.traceExample,
      featureNames: this.data.featureNames,
      loss: this.data.out.loss,
      selection: this.selection,
      regularized: this.state.reg !== 'none',
    });
    this.selection = { ...this.selection, ...shown };
    u.mathUnit.value = String(shown.unit + 1);
    u.mathInput.value = String(shown.input + 1);
    u.mathBody.dataset.example = String(this.traceExample.index);
    u.mathBody.dataset.step = String(this.trace.optimizer?.step ?? 0);
  }

  refreshMath() {
    return this.exclusive(async () => {
      await this.computeTrace();
      this.drawMath();
    });
  }

  // ---------------------------------------------------------------- digits

  async predictDigit(row, inQueue = false) {
    if (!this.data || this.data.source !== 'digits') return;
    this.lastDigit = row;
    const run = async () => {
      const p = asMatrix(await this.model.predict([row]));
      this.renderProbs(Array.from(p.data));
    };
    if (inQueue) return run();
    if (this.digitPending) return;
    this.digitPending = true;
    try {
      await this.exclusive(run);
    } finally {
      this.digitPending = false;
    }
  }

  renderProbs(p) {
    const u = this.ui;
    if (!u.probs) return;
    if (!p) {
      u.probs.replaceChildren();
      this.lastDigit = null;
      return;
    }
    const names = this.data.classNames;
    let best = 0;
    p.forEach((v, i) => {
      if (v > p[best]) best = i;
    });
    u.probs.replaceChildren(
      ...p.map((v, i) => {
        const bar = h('meter', { min: 0, max: 1, value: v, 'aria-label': `probability of ${names[i]}` });
        return h('li', { class: i === best ? 'best' : '' }, h('span', { class: 'digit-name', text: names[i] }), bar, h('span', { class: 'prob', text: pct(v) }));
      }),
    );
  }

  showTestDigit() {
    const d = this.data;
    let i = Number(this.ui.padExample.value);
    if (!Number.isInteger(i) || i < 0 || i >= d.test.x.shape[0]) i = 0;
    this.ui.padExample.value = String(i);
    const row = rowOf(d.test.x, i);
    this.pad.show(row);
    this.predictDigit(row);
  }
}

function shortName(s) {
  const t = String(s);
  return t.length > 8 ? t.slice(0, 7) + '…' : t;
}

export { DATASET_LABELS };
