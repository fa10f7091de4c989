// playground.js: the playground's controller. It owns the state table
// (state.js) with its URL-hash form and the controls that edit it, and
// composes the parts, each a module of its own:
//
//   datasets.js  the data: generated, shipped or the user's CSV; the task
//   training.js  the model and its training: one fit per press of Play
//   views.js     the boundary, curves, network and evaluation panels
//   mathview.js  the "Learn the math" panel; digitview.js the digit pad
//   files.js     saving and loading models (gotrain JSON, TF.js)
//   codeview.js  the settings as Keras and gotrain.js code
//   weightedit.js  one weight set by hand (a link of the diagram)
//   lessonview.js  the guided lessons (lessons.js), each step a URL
//   startup.js   start-up: usable before gotrain has loaded (a press waits
//                for it); the parts from datasets.js to weightedit.js are
//                imported then, not with this module
//
// Every number comes from the gotrain API (in a Web Worker), and model calls
// run one at a time (exclusive). The page itself computes nothing.
//
//   const pg = new Playground(rootElement, { panels, initial, syncHash, dataURL });
//   await pg.start();   // ready (data-ready) long before it resolves: with the first drawing

import * as S from './state.js';
import { buildPanels, renderLayerList, PANELS, DATASET_LABELS } from './panels.js';
import { wireFileInputs } from './csvpanel.js';
import { errorText } from './format.js';
import { scrollHint } from './overflow.js';
import { LessonView } from './lessonview.js';
import { lessonState } from './lessons.js';
import { firstModel, loadingText, linkNotice, makeParts, press } from './startup.js';
import { AugmentPanel } from './augmentpanel.js';
import { TunePanel } from './tunepanel.js';

export class Playground {
  /**
   * @param {HTMLElement} root where the playground is built
   * @param {object} [o]
   * @param {string[]} [o.panels] which panels to show (panels.js PANELS)
   * @param {object} [o.initial] state overrides (e.g. from element attributes)
   * @param {boolean} [o.syncHash] keep the state in location.hash (the page; not embeds)
   * @param {string} [o.dataURL] base URL of the data/ folder
   * @param {Promise<object>} [o.gt] gotrain's API, being loaded (else start() loads it: gotrain.js
   *   is imported only then, so that the playground's modules do not wait for the library's)
   */
  constructor(root, o = {}) {
    this.root = root;
    this.panels = o.panels || PANELS;
    this.syncHash = !!o.syncHash;
    this.dataURL = o.dataURL || new URL('../data/', import.meta.url).href;
    this.state = S.defaults();
    if (this.syncHash) {
      const { state, errors, keys } = S.parse(location.hash);
      this.state = withLesson(state, keys);
      this.hashErrors = errors;
    }
    Object.assign(this.state, o.initial || {});
    this.gtLoading = o.gt || null; // load()'s promise, when the page started it
    this.gt = null;
    this.model = null;
    this.loading = false; // gotrain, the first data and model are on their way (startup.js)
    this.early = []; // what was pressed meanwhile, to be carried out then (afterLoad)
    this.playQueued = false; // Play is among them (pressed an odd number of times)
    this.loaded = null; // the promise of them (start())
    this.data = null; // { train, test, task, out, features, ... }
    this.queue = Promise.resolve();
    // The parts, each in its module; they reach each other through this.
    // The lessons come with the page; the others (makeParts) while gotrain
    // loads, after the settings are shown: their modules are not needed to
    // show them, and are in long before gotrain is.
    this.lessons = new LessonView(this);
    this.augment = new AugmentPanel(this); // augmentpanel.js
    this.tune = new TunePanel(this); // tunepanel.js: "Search settings"
    this.parts = null; // makeParts()' promise
  }

  // ---------------------------------------------------------------- start-up

  async start() {
    performance.mark('gotrain:modules');
    this.ui = buildPanels(this.root, { panels: this.panels });
    this.root.classList.add('gtp');
    // Boxes that may scroll sideways say so (overflow.js).
    this.hints = {};
    for (const k of ['summary', 'previewWrap', 'codeKeras', 'codeJS']) {
      const box = k.startsWith('code') ? this.ui[k]?.parentElement : this.ui[k];
      if (box) this.hints[k] = scrollHint(box);
    }
    this.bindControls();
    this.lessons.attach();
    this.tune.attach();
    const notice = linkNotice(this.state, this.hashErrors); // said in place of "Ready"
    // Usable at once, before gotrain has loaded (startup.js): the settings
    // from the state, Play and the controls enabled; what they ask of the
    // model waits in the queue behind the first model, which comes first.
    this.syncControls();
    this.loading = true;
    this.setBusy(true);
    this.setStatus(notice ? `${notice.text} ${loadingText()}` : loadingText(), !!notice?.isError);
    const gt = this.gtLoading ?? import('../gotrain.js').then((m) => m.load({ worker: true }));
    this.parts = makeParts(this);
    this.loaded = this.exclusive(() => firstModel(this, Promise.all([gt, this.parts]).then(([api]) => api), notice));
    this.setRunEnabled(true);
    if (this.syncHash) {
      window.addEventListener('hashchange', () => this.onHashChange());
      this.writeHash();
    }
    this.root.dataset.ready = 'true';
    performance.mark('gotrain:ready');
    await this.loaded;
  }

  /**
   * Runs fn now, or, while gotrain loads, once it has and the first model
   * is drawn, in the order pressed (startup.js replays them): for handlers
   * that need the model, the data or the parts.
   */
  afterLoad(fn) {
    if (this.loading) this.early.push(fn);
    else fn();
  }

  /** Runs fn after everything queued before it (model calls never overlap). */
  exclusive(fn) {
    const go = () => (this.broken ? Promise.reject(this.broken) : fn()); // gotrain could not load: nothing can run
    const run = this.queue.then(go, go);
    this.queue = run.catch(() => {});
    return run;
  }

  setBusy(b) {
    this.root.toggleAttribute('aria-busy', b);
  }

  /** Play, Step and Reset work only once there is a model. */
  setRunEnabled(on) {
    for (const b of [this.ui.play, this.ui.step, this.ui.reset]) b.disabled = !on;
  }

  setStatus(text, isError = false) {
    const s = this.ui.status;
    s.textContent = text;
    s.classList.toggle('is-error', isError);
  }

  // ---------------------------------------------------------------- controls

  bindControls() {
    const u = this.ui;
    u.play.addEventListener('click', () => press(this, 'play', () => this.training.toggle()));
    u.step.addEventListener('click', () => press(this, 'step', () => this.training.stepBatch()));
    u.reset.addEventListener('click', () => press(this, 'reset', () => this.training.reset()));
    for (const [key, el] of Object.entries(u.controls)) {
      const ev = el.type === 'range' ? 'input' : 'change';
      el.addEventListener(ev, () => this.onControl(key, el));
    }
    u.evalTest?.addEventListener('click', () => this.evaluateTest());
    u.newSeed?.addEventListener('click', () => this.setState({ seed: Math.floor(Math.random() * 100000) }));
    if (u.datasetRadios) {
      for (const [name, radio] of Object.entries(u.datasetRadios)) {
        radio.addEventListener('change', () => {
          if (!radio.checked) return;
          if (name === 'csv' && !this.datasets?.userCSV) {
            this.syncControls();
            u.fileInput.click();
            return;
          }
          this.setState({ dataset: name, label: '', labelAs: 'auto' });
        });
      }
      for (const box of Object.values(u.featureBoxes)) box.addEventListener('change', () => this.onFeatures());
      // A file is checked by the API: once it has loaded.
      const onFile = (n, t) => this.afterLoad(() => this.datasets.onFile(n, t));
      wireFileInputs({ input: u.fileInput, dropZone: u.dropZone, onFile });
      u.labelAsRegression.addEventListener('click', () => this.datasets?.answerRegression());
      // Dropping anywhere on the data panel works too.
      const panel = u.datasetFieldset.closest('section');
      wireFileInputs({ dropZone: panel, onFile });
    }
    u.addLayer?.addEventListener('click', () => {
      const layers = this.state.layers.map((l) => ({ ...l }));
      if (layers.length >= S.MAX_LAYERS) return;
      layers.push({ units: layers.at(-1)?.units ?? 4, activation: layers.at(-1)?.activation ?? 'relu' });
      this.setState({ layers });
    });
    if (u.saveJSON) {
      // Saving and loading models: once there is a model.
      u.saveJSON.addEventListener('click', () => this.afterLoad(() => this.files.downloadJSON()));
      u.loadJSON.addEventListener('change', () => this.afterLoad(() => this.files.loadJSON()));
      u.saveTF.addEventListener('click', () => this.afterLoad(() => this.files.downloadTFJS()));
      u.loadTF.addEventListener('change', () => this.afterLoad(() => this.files.loadTFJS()));
      u.savePredictor.addEventListener('click', () => this.afterLoad(() => import('./predictor.js').then((m) => m.downloadPredictor(this, this.files))));
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
    if (key === 'label') {
      // Another label column: whether its labels are classes is asked afresh.
      this.setState({ label: r.value, labelAs: 'auto' });
      return;
    }
    if (key === 'optimizer' && this.state.lr === S.DEFAULT_LR[this.state.optimizer]) {
      // The learning rate follows the optimizer's own default until the user sets one.
      this.setState({ optimizer: r.value, lr: S.DEFAULT_LR[r.value] });
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

  /** A feature input toggled: the checked ones, at least one. */
  onFeatures() {
    const ids = S.FEATURE_IDS.filter((id) => this.ui.featureBoxes[id].checked);
    if (!ids.length) {
      this.setStatus('Feature inputs: the network needs at least one input.', true);
      this.syncControls();
      return;
    }
    this.setState({ features: ids });
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
      u.featuresField.hidden = !is2d;
      for (const [id, box] of Object.entries(u.featureBoxes)) box.checked = s.features.includes(id);
    }
    this.syncRangeOutputs(s);
    if (u.layerList) {
      const canAdd = renderLayerList(u.layerList, s.layers, (layers) => this.setState({ layers }));
      u.addLayer.disabled = !canAdd;
    }
    this.views?.evaluation.sync();
    if (u.controls.regRate) u.controls.regRate.disabled = s.reg === 'none';
    if (u.controls.patience) u.controls.patience.disabled = !s.earlyStop;
    this.lessons?.render();
    this.augment?.sync();
    this.tune?.sync();
  }

  syncRangeOutputs(s) {
    const u = this.ui;
    if (!u.noiseOut) return;
    u.noiseOut.textContent = String(s.noise);
    u.sizeOut.textContent = String(s.size);
    u.testOut.textContent = `${s.testPct}%`;
    u.valOut.textContent = `${s.valPct}%`;
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
    if (!data && !model) {
      // Show test data, discretize: a redraw. The threshold: the validation
      // rows scored again (never the test rows). Batch size, epochs, early
      // stopping: the training run reads them at its next epoch end.
      const thr = changed.some((k) => S.THRESHOLD_KEYS.includes(k));
      const view = changed.some((k) => S.VIEW_KEYS.includes(k));
      if (!(thr || view) || !this.model || this.training.playing) return;
      this.setBusy(true); // until the redraw is done
      const failed = (e) => this.setStatus(`The view could not be redrawn: ${errorText(e)}`, true);
      if (thr) await this.exclusive(() => this.views.evaluation.thresholdMoved()).catch(failed);
      if (view) await this.exclusive(() => this.views.refresh()).catch(failed);
      return this.setBusy(false);
    }
    await this.pause();
    let ok;
    try {
      ok = await this.exclusive(() => this.rebuild({ data }));
    } catch (e) {
      // The model was refused (by the API: too large, say): the page keeps the one it had.
      this.setStatus(`The new model could not be made, so the previous one stays: ${errorText(e)}`, true);
      ok = false;
    }
    if (ok) {
      // Whatever the status said about the old model no longer holds.
      const what = data ? `${this.datasets.describe()}: a new model` : 'A new model (weights from the seed)';
      this.setStatus(`${what}. Press Play to train.`);
    }
    if (ok === false) {
      // The new data could not be made: everything stays as it was.
      this.state = before;
      this.syncControls();
      if (this.data?.columns && this.ui.controls.label) this.ui.controls.label.value = this.data.columns.label;
      this.writeHash();
    }
  }

  writeHash() {
    this.code?.update(); // every change of state passes here
    if (!this.syncHash) return;
    const hash = '#' + S.serialise(this.state);
    // A link the page would refuse on reload is never written (the state's
    // values are checked where they come from; this is the last guard).
    if (S.parse(hash).errors.length) return;
    if (location.hash !== hash) history.replaceState(null, '', hash);
  }

  async onHashChange() {
    const { state: parsed, errors, keys } = S.parse(location.hash);
    const state = withLesson(parsed, keys);
    if (state.dataset === 'csv' && !this.datasets?.userCSV) state.dataset = this.state.dataset;
    if (errors.length) this.setStatus(`Some settings in the address were not valid: ${errors.join('; ')}`, true);
    await this.setState(state);
  }

  /** "Evaluate on test data": the final evaluation now (training pauses first). */
  async evaluateTest() {
    await this.pause();
    this.setBusy(true);
    try {
      await this.exclusive(() => this.views.evaluateTest());
      this.setStatus(this.views.testText());
    } catch (e) {
      this.setStatus(`Evaluation failed: ${errorText(e)}`, true);
    } finally {
      this.setBusy(false);
    }
  }

  // ---------------------------------------------------------------- data and model

  /** Pauses training (the fit resolves with what it learned) and waits for it. */
  pause() {
    return this.training?.pause();
  }

  /**
   * (Re)creates data (if asked) and the model; draws the untrained state.
   * Returns false when the new data could not be made: then the data, the
   * model and their results stay as they were (the caller restores the state).
   */
  async rebuild({ data, draw = true }) {
    this.setBusy(true);
    try {
      if (data || !this.data) {
        if (!(await this.datasets.load())) return false;
      } else await this.datasets.retarget(); // the loss may want another output layer
      performance.mark('gotrain:data');
      await this.training.build();
      performance.mark('gotrain:model');
      this.training.resetProgress();
      this.code.update();
      // The panels whose controls follow the data (image changes, mixup, what a search may vary).
      this.augment?.sync();
      this.tune?.sync();
      if (draw) await this.views.refresh();
      return true;
    } finally {
      if (draw) this.setBusy(false);
    }
  }
}

/**
 * A link into a lesson (#lesson=overfit&step=2) sets the step's settings,
 * under whatever other settings the link itself carries (keys).
 */
function withLesson(state, keys) {
  const ls = state.lesson !== 'none' ? lessonState(state.lesson, state.step) : null;
  if (!ls) return state;
  const out = { ...state };
  for (const [k, v] of Object.entries(ls)) if (!keys.has(k)) out[k] = v;
  return out;
}

export { DATASET_LABELS };
