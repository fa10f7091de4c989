// training.js: the playground's model and its training. Builds the model
// the state describes (gt.sequential, layers, compile), and drives it:
// Play runs one model.fit for the epochs left, whose awaited onEpochEnd
// updates the counters and has the panels redrawn; Pause sets
// model.stopTraining, and the fit resolves with what it learned; Step
// trains one batch, Reset makes the model again from the same seed. The
// loss and accuracy shown are fit's own history (fithistory.js).
//
//   const t = new Training(playground);
//   await t.build(); t.resetProgress();
//   t.play(); await t.pause();

import { FitHistory } from './fithistory.js';
import { num, pct, int, epochText, errorText } from './format.js';
import { rowsOf } from './rows.js';
import { augmentOf } from './augment.js';
import { fitMetric } from './task.js';

/** Redraw at most this often while training (ms). */
const VIZ_INTERVAL_MS = 200;

export class Training {
  /** @param {object} pg the playground (state, ui, gt, data, model, views, …) */
  constructor(pg) {
    this.pg = pg;
    this.playing = false;
    this.loop = null; // the training run in progress (a promise)
    this.history = new FitHistory(); // the curves: what the fits so far reported
    this.samples = 0; // examples trained on since the model was made
    this.batchCursor = 0; // where Step takes its next batch
    this.lastViz = 0;
    this.layerInfo = []; // the model's layers, as getConfig describes them
    this.loaded = null; // the file name of a loaded model, else null
    this.normLayer = null;
  }

  // ---------------------------------------------------------------- the model

  /**
   * Makes the model the state describes. The old one is disposed only once
   * the new one exists, so a model the API refuses (too large for its
   * memory, say) leaves the page's model as it was; the error is thrown.
   * Few round trips: the layers go with sequential(), and compile, the
   * normalization's statistics and the summary are asked at once.
   */
  async build() {
    const { gt, state: s, data: d } = this.pg;
    const reg = () => {
      if (s.reg === 'l1') return gt.regularizers.l1({ l1: s.regRate });
      if (s.reg === 'l2') return gt.regularizers.l2({ l2: s.regRate });
      if (s.reg === 'l1l2') return gt.regularizers.l1l2({ l1: s.regRate, l2: s.regRate });
      return undefined;
    };
    const layers = [];
    const first = () => (layers.length ? {} : { inputShape: [d.features] });
    let norm = null;
    if (s.normalize) layers.push((norm = await gt.layers.normalization(first())));
    for (const l of s.layers) {
      const kr = reg();
      layers.push(gt.layers.dense({ units: l.units, activation: l.activation, ...(kr ? { kernelRegularizer: kr } : {}), ...first() }));
      if (s.dropout > 0) layers.push(gt.layers.dropout({ rate: s.dropout }));
    }
    const kr = reg();
    layers.push(gt.layers.dense({ units: d.out.units, activation: d.out.activation, ...(kr ? { kernelRegularizer: kr } : {}), ...first() }));
    // The statistics of the training data, before the first fit, so that
    // the untrained model can be drawn. Asked before the layer is added, it
    // travels with the add (asked while the add is on its way, it would be
    // lost: the layer joins the model only when the add is answered).
    if (norm) await norm.adapt(d.train.x);
    const model = await gt.sequential({ seed: s.seed });
    const optimizer = gt.train[s.optimizer](s.lr);
    const metrics = [metricOf(d)];
    try {
      // Sent together, answered in order: one wait instead of one per call.
      await Promise.all([...(await Promise.all(layers)).map((l) => model.add(l)), model.compile({ optimizer, loss: d.out.loss, metrics })]);
    } catch (e) {
      await model.dispose().catch(() => {});
      throw e;
    }
    await this.disposeModel();
    this.pg.model = model;
    this.loaded = null;
    this.normLayer = norm;
    this.describe();
  }

  /** Uses a model loaded from a file (its fit to the data already checked). */
  async adopt(model, name) {
    await this.disposeModel();
    this.pg.model = model;
    this.loaded = name;
    this.normLayer = null;
    this.describe();
    this.resetProgress();
  }

  async disposeModel() {
    try {
      await this.pg.model?.dispose();
    } catch {
      /* already gone */
    }
  }

  /** Reads the model's layers (for the diagram and the math panel); the summary is asked when the panels are drawn. */
  describe() {
    const layers = this.pg.model.layers;
    this.layerInfo = Array.isArray(layers) ? layers : [];
    this.summaryStale = true;
    this.pg.math.setLayers(this.layerInfo);
  }

  /** The model summary, once per model (views.refresh asks for it). */
  async showSummary() {
    const { model: m, ui } = this.pg;
    if (!ui.summary || !this.summaryStale) return;
    this.summaryStale = false;
    try {
      ui.summary.textContent = await m.summary();
    } catch (e) {
      ui.summary.textContent = errorText(e);
    }
    this.pg.hints.summary?.update();
  }

  /** A new model: no epochs, no samples, the counters and numbers cleared. */
  resetProgress() {
    const u = this.pg.ui;
    this.history.clear();
    this.samples = 0;
    this.batchCursor = 0;
    u.epoch.textContent = epochText(0);
    u.rate.textContent = '–';
    if (u.stats) for (const el of Object.values(u.stats)) el.textContent = '–';
    this.labelStats();
    this.pg.views.clearTest();
  }

  /**
   * The Output panel's labels: for classes, loss and accuracy; for a
   * regression target, the loss and the other error by name, each with the
   * rows it is computed on.
   */
  labelStats() {
    const { ui: u, data: d } = this.pg;
    if (!u.statLabels || !d) return;
    const reg = d.task.kind !== 'classification';
    const lossName = d.out.loss === 'meanAbsoluteError' ? 'MAE' : 'MSE';
    const other = lossName === 'MAE' ? 'MSE' : 'MAE';
    const rows = (p) => (p ? ` (${int(p.x.shape[0])} rows)` : '');
    const labels = reg
      ? { loss: `Training ${lossName}${rows(d.train)}`, val_loss: `Validation ${lossName}${rows(d.val)}`, acc: `Training ${other}${rows(d.train)}`, val_acc: `Validation ${other}${rows(d.val)}`, test_loss: `Test ${lossName}${rows(d.test)}`, test_acc: `Test ${other}${rows(d.test)}` }
      : { loss: 'Training loss', val_loss: 'Validation loss', acc: 'Training accuracy', val_acc: 'Validation accuracy', test_loss: 'Test loss', test_acc: 'Test accuracy' };
    for (const [k, t] of Object.entries(labels)) if (u.statLabels[k] && u.statLabels[k].textContent !== t) u.statLabels[k].textContent = t;
  }

  /** Epochs trained since the model was made: the fits' histories joined. */
  get epoch() {
    return this.history.epochs;
  }

  // ---------------------------------------------------------------- play, pause, step, reset

  toggle() {
    return this.playing ? this.pause() : this.play();
  }

  play() {
    const pg = this.pg;
    if (this.playing) return;
    if (this.epoch >= pg.state.epochs) pg.setStatus(`Already trained ${this.epoch} epochs; raise Epochs or press Reset.`);
    this.playing = true;
    this.setPlayButton();
    this.loop = pg.exclusive(() => this.run());
    this.loop.catch((e) => pg.setStatus(`Training stopped: ${errorText(e)}`, true));
    return this.loop;
  }

  /** Stops the fit in progress (it resolves with what it learned) and waits for it. */
  async pause() {
    if (!this.playing) return this.loop?.catch(() => {});
    this.playing = false;
    this.setPlayButton();
    try {
      this.pg.model.stopTraining = true;
    } catch {
      /* disposed: nothing is training */
    }
    try {
      await this.loop;
    } catch {
      /* reported by play() */
    }
  }

  setPlayButton() {
    const b = this.pg.ui.play;
    b.setAttribute('aria-label', this.playing ? 'Pause' : 'Play');
    b.title = this.playing ? 'Pause' : 'Train';
    b.classList.toggle('playing', this.playing);
  }

  /**
   * Trains until paused, Epochs is reached or early stopping ends it: one
   * model.fit for the epochs left, with the data sent once, validated on the
   * validation data (never the test data). Its awaited onEpochEnd updates
   * the counters and redraws (at most every VIZ_INTERVAL_MS); Pause sets
   * model.stopTraining and the fit resolves with what it learned. Only a
   * change of Epochs or Batch size while it runs starts another fit. When
   * training ends by itself, the test data is evaluated once: the final
   * evaluation.
   */
  async run() {
    const pg = this.pg;
    const d = pg.data;
    pg.setStatus('Training…');
    pg.views.clearTest();
    pg.datasets.clearErrors({ question: false }); // the data in use trains: a complaint about another file or label is old news
    const started = performance.now();
    const samplesAtStart = this.samples;
    const rows = d.train.x.shape[0];
    let early = null; // { at, best } when early stopping ended the run
    try {
      while (this.playing && this.epoch < pg.state.epochs) {
        const batch = pg.state.batch;
        const goal = pg.state.epochs;
        const from = this.epoch;
        let stopped = false; // the page stopped this fit (not early stopping)
        const onEpochEnd = async (_epoch, logs) => {
          this.history.epoch(logs);
          this.samples += rows;
          const now = performance.now();
          pg.ui.epoch.textContent = epochText(this.epoch);
          pg.ui.rate.textContent = int(((this.samples - samplesAtStart) * 1000) / Math.max(1, now - started));
          this.renderStats();
          // Paused (said again here: a stop sent before the fit began is
          // not seen), Epochs lowered to here, or a new batch size: this
          // fit ends with this epoch. After its last one, the final redraw
          // below follows at once.
          if (!this.playing || pg.state.batch !== batch || (pg.state.epochs !== goal && this.epoch >= pg.state.epochs)) {
            stopped = true;
            pg.model.stopTraining = true;
          } else if (this.epoch < goal && now - this.lastViz > VIZ_INTERVAL_MS) {
            await pg.views.refresh({ live: true });
            this.lastViz = performance.now();
          }
        };
        const es = d.val && pg.state.earlyStop ? { monitor: 'val_loss', patience: pg.state.patience, restoreBestWeights: true } : null;
        // Augmentation changes the training batches only (never validation or test rows).
        const augment = augmentOf(pg.state, d);
        let hist;
        this.history.begin();
        try {
          hist = await pg.model.fit(d.train.x, d.train.target, {
            epochs: goal - from,
            batchSize: batch,
            shuffle: true,
            ...(d.val ? { validationData: [d.val.x, d.val.target] } : {}),
            ...(es ? { earlyStopping: es } : {}),
            ...(augment ? { augment } : {}),
            callbacks: { onEpochEnd },
          });
        } finally {
          this.history.end(hist);
        }
        if (es && !stopped && this.playing && this.epoch < goal) {
          // Neither the page nor Epochs ended this fit: early stopping did.
          early = { at: this.epoch };
          break;
        }
      }
    } finally {
      const wasPlaying = this.playing;
      this.playing = false;
      this.setPlayButton();
      await pg.views.refresh();
      const done = wasPlaying && (early || this.epoch >= pg.state.epochs);
      if (done) await pg.views.evaluateTest();
      const test = pg.views.testText();
      pg.augment?.recordRun(this.history);
      if (early) pg.setStatus(`Stopped early at epoch ${early.at}: the validation loss had not improved for ${pg.state.patience} epochs, and the weights with the best validation loss are kept. ${test}`);
      else if (done) pg.setStatus(`Trained ${this.epoch} epochs. ${test}`);
      else pg.setStatus(`Paused at epoch ${this.epoch}.`);
    }
  }

  /** Step: one batch, the next rows in order (no shuffling), then a redraw. */
  async stepBatch() {
    const pg = this.pg;
    await this.pause();
    await pg.exclusive(async () => {
      const d = pg.data;
      const n = d.train.x.shape[0];
      const bs = Math.min(pg.state.batch, n);
      if (this.batchCursor >= n) this.batchCursor = 0;
      const lo = this.batchCursor;
      const hi = Math.min(n, lo + bs);
      const loss = await pg.model.trainOnBatch(rowsOf(d.train.x, lo, hi), rowsOf(d.train.target, lo, hi));
      this.batchCursor = hi;
      this.samples += hi - lo;
      pg.views.clearTest();
      pg.setStatus(`One batch (rows ${lo}–${hi - 1}) trained; its loss was ${num(loss)}.`);
      await pg.views.refresh();
    });
  }

  /** The math panel's Step: one update on the example exampleOf() gives once training has paused. */
  async stepExample(exampleOf) {
    const pg = this.pg;
    await this.pause();
    await pg.exclusive(async () => {
      const ex = exampleOf();
      const loss = await pg.model.trainOnBatch([ex.x], [ex.yRow]);
      this.samples += 1;
      pg.views.clearTest();
      pg.setStatus(`One update on example #${ex.index}; its loss before the update was ${num(loss)}.`);
      await pg.views.refresh();
    });
  }

  /** Reset: a new model from the same seed. */
  async reset() {
    const pg = this.pg;
    await this.pause();
    await pg.exclusive(async () => {
      await this.build();
      this.resetProgress();
      await pg.views.refresh();
      pg.setStatus('Reset: new weights from the same seed.');
    });
  }

  /** The Output panel's numbers: the last epoch's logs (training and validation data). */
  renderStats() {
    const st = this.pg.ui.stats;
    if (!st) return;
    const h = this.history;
    st.loss.textContent = num(h.last('loss'));
    st.val_loss.textContent = num(h.last('val_loss'));
    const m = metricOf(this.pg.data);
    const show = m === 'accuracy' ? pct : num;
    st.acc.textContent = show(h.last(m));
    st.val_acc.textContent = show(h.last(`val_${m}`));
  }
}

/** The metric fit reports beside the loss for the page's data d (task.js, fitMetric). */
const metricOf = (d) => fitMetric(d.task.kind, d.out.loss);
