// playground.js: the playground's controller. It owns the state table
// (state.js) with its URL-hash form and the controls that edit it, and
// composes the parts, each a module of its own:
//
//   datasets.js  the data: generated, shipped or the user's CSV; the task
//   training.js  the model and its training: one fit per press of Play
//   views.js     the boundary, curves, network and evaluation panels
//   mathview.js  the "Learn the math" panel; digitview.js the digit pad
//   files.js     saving and loading models (gotrain JSON, TF.js)
//
// Every number comes from the gotrain API (in a Web Worker), and model calls
// run one at a time (exclusive). The page itself computes nothing.
//
//   const pg = new Playground(rootElement, { panels, initial, syncHash, dataURL });
//   await pg.start();

import { load } from '../gotrain.js';
import * as S from './state.js';
import { buildPanels, renderLayerList, PANELS, DATASET_LABELS } from './panels.js';
import { wireFileInputs } from './csvpanel.js';
import { errorText } from './format.js';
import { Datasets } from './datasets.js';
import { Training } from './training.js';
import { Views } from './views.js';
import { MathView } from './mathview.js';
import { DigitView } from './digitview.js';
import { ModelFiles } from './files.js';
import { downloadPredictor } from './predictor.js';

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
    // The parts, each in its module; they reach each other through this.
    this.training = new Training(this);
    this.views = new Views(this);
    this.math = new MathView(this);
    this.digits = new DigitView(this);
    this.files = new ModelFiles(this);
  }

  // ---------------------------------------------------------------- start-up

  async start() {
    this.ui = buildPanels(this.root, { panels: this.panels });
    this.root.classList.add('gtp');
    this.bindControls();
    this.math.attach();
    this.setStatus('Loading the WebAssembly module…');
    this.setBusy(true);
    try {
      this.gt = await load({ worker: true });
    } catch (e) {
      this.setStatus(`Could not load gotrain: ${errorText(e)}`, true);
      throw e;
    }
    this.views.attach();
    this.digits.attach();
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
    if (u.saveJSON) {
      u.saveJSON.addEventListener('click', () => this.files.downloadJSON());
      u.loadJSON.addEventListener('change', () => this.files.loadJSON());
      u.saveTF.addEventListener('click', () => this.files.downloadTFJS());
      u.loadTF.addEventListener('change', () => this.files.loadTFJS());
      u.savePredictor.addEventListener('click', () => downloadPredictor(this, this.files));
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
    if (!data && !model) return; // batch size, epochs: the training run reads them at its next epoch end
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

  // ---------------------------------------------------------------- data and model

  /** Pauses training (the fit resolves with what it learned) and waits for it. */
  pause() {
    return this.training.pause();
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
      await this.views.refresh();
      return true;
    } finally {
      this.setBusy(false);
    }
  }
}

export { DATASET_LABELS };
