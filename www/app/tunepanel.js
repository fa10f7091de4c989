// tunepanel.js: the "Search settings" panel. Chooses what to vary, grid or
// random search, trials, folds (or a held-out part), the score, the seed
// and the workers; Run starts gt.tune on the page's training rows only
// (tunespace.js), in a pool of Web Workers of its own, so the page and its
// model keep working meanwhile; Stop ends it with the trials done so far.
// The table lists the trials as they end, then gt.tune's own order (best
// first), each with its score ± sd over the folds and every fold's score:
// the rows that scored it are training rows, never the test rows. "Use the
// best setting" puts the best trial's setting into the page's state (and
// link), which makes the page's model anew from it.
//
//   const r = {}; buildTunePanel(r);        // in panels.js: r.tuneSection
//   const t = new TunePanel(playground); t.attach(); t.sync();

import { h, newId } from './dom.js';
import { field, numberInput, section, select } from './controls.js';
import { TUNE_VARY, TUNE_METRICS } from './state.js';
import { VARY_LABELS, bestPatch, metricChoices, metricFor, paramText, scoredOn, searchOptions } from './tunespace.js';
import { num, errorText } from './format.js';
import { scrollHint } from './overflow.js';

const METRIC_LABELS = { val_loss: 'Validation loss (lower is better)', accuracy: 'Accuracy (higher is better)', mae: 'MAE (lower is better)', mse: 'MSE (lower is better)' };
/** The most workers the page starts, whatever the machine has. */
export const MAX_WORKERS = 8;

/** Builds the panel's DOM into r (r.controls gets the state's tune* controls). */
export function buildTunePanel(r) {
  const c = r.controls;
  r.tuneVaryBoxes = {};
  const boxes = TUNE_VARY.map((k) => {
    const box = (r.tuneVaryBoxes[k] = h('input', { type: 'checkbox', name: `vary-${k}`, id: newId('tv') }));
    return h('div', { class: 'field check' }, box, h('label', { for: box.id, text: VARY_LABELS[k] }));
  });
  c.tuneMethod = select('tuneMethod', ['grid', 'random'], { grid: 'Grid', random: 'Random' });
  c.tuneTrials = numberInput('tuneTrials', { step: 1 });
  c.tuneFolds = numberInput('tuneFolds', { step: 1 });
  c.tuneMetric = select('tuneMetric', TUNE_METRICS, METRIC_LABELS);
  c.tuneSeed = numberInput('tuneSeed', { step: 1 });
  const cores = Math.max(1, Math.min(MAX_WORKERS, globalThis.navigator?.hardwareConcurrency || 2));
  r.tuneWorkers = h('input', { type: 'number', min: 1, max: MAX_WORKERS, step: 1, value: cores, name: 'tuneWorkers' });
  r.tuneRun = h('button', { type: 'button', class: 'btn-primary', text: 'Run the search' });
  r.tuneStop = h('button', { type: 'button', class: 'btn-secondary', text: 'Stop the search', disabled: true });
  r.tuneProgress = h('progress', { max: 1, value: 0, id: newId('tp') });
  r.tuneStatus = h('p', { class: 'tune-status', role: 'status' });
  r.tuneRows = h('p', { class: 'note tune-rows' });
  r.tuneTable = h('table', { class: 'tune-table' });
  r.tuneTableWrap = h('div', { class: 'tune-table-wrap', tabindex: '0', role: 'region', 'aria-label': 'Trials' }, r.tuneTable);
  r.tuneTableWrap.hidden = true;
  r.tuneBest = h('button', { type: 'button', class: 'btn-primary', text: 'Use the best setting', disabled: true });
  r.tuneSection = section('tune', 'Search settings',
    h('p', { class: 'note', text: 'Which setting is best? Try several, each scored on training rows held out from its training (folds, or one held-out part), never on the test rows: the test data stays for the one final evaluation. The trials run in Web Workers of their own, one per worker, while the page keeps working.' }),
    h('fieldset', { class: 'tune-vary' }, h('legend', { text: 'Vary' }), h('div', { class: 'tune-vary-list' }, ...boxes)),
    h('div', { class: 'tune-fields' },
      field('Search', c.tuneMethod),
      field('Trials', c.tuneTrials),
      field('Folds', c.tuneFolds, { hint: '0 or 1: one held-out part' }),
      field('Score', c.tuneMetric),
      field('Search seed', c.tuneSeed),
      field('Workers', r.tuneWorkers, { hint: `this machine: ${globalThis.navigator?.hardwareConcurrency || '?'} cores` })),
    h('div', { class: 'tune-buttons' }, r.tuneRun, r.tuneStop,
      h('label', { for: r.tuneProgress.id, class: 'tune-progress-label', text: 'Search progress' }), r.tuneProgress),
    r.tuneStatus,
    r.tuneRows,
    r.tuneTableWrap,
    h('div', { class: 'tune-buttons' }, r.tuneBest),
  );
  r.tuneTableHint = scrollHint(r.tuneTableWrap);
  return r.tuneSection;
}

export class TunePanel {
  /** @param {object} pg the playground (ui, state, data, gt, setState, setStatus, …) */
  constructor(pg) {
    this.pg = pg;
    this.search = null; // gt.tune's promise while it runs
    this.result = null; // its result, with the state and data it ran on
  }

  attach() {
    const u = this.pg.ui;
    if (!u.tuneSection) return;
    for (const box of Object.values(u.tuneVaryBoxes)) box.addEventListener('change', () => this.onVary());
    u.tuneRun.addEventListener('click', () => this.run());
    u.tuneStop.addEventListener('click', () => this.stop());
    u.tuneBest.addEventListener('click', () => this.useBest());
    this.sync();
  }

  onVary() {
    const u = this.pg.ui;
    const vary = TUNE_VARY.filter((k) => u.tuneVaryBoxes[k].checked);
    if (!vary.length) {
      this.pg.setStatus('Search settings: choose at least one setting to vary.', true);
      return this.sync();
    }
    this.pg.setState({ tuneVary: vary });
  }

  /** The controls from the state; the scores this data has; which rows will score. */
  sync() {
    const { ui: u, state: s, data: d } = this.pg;
    if (!u?.tuneSection) return;
    for (const [k, box] of Object.entries(u.tuneVaryBoxes)) box.checked = s.tuneVary.includes(k);
    if (!d) return;
    const ok = metricChoices(d);
    for (const opt of u.controls.tuneMetric.options) opt.disabled = !ok.includes(opt.value);
    u.controls.tuneMetric.value = metricFor(s, d);
    u.tuneRun.disabled = !!this.search || !this.pg.gt;
    // The best setting is this data's only: other data (a new noise, size, split…) wants its own search.
    u.tuneBest.disabled = !!this.search || !this.result?.res.best || this.result.data !== d;
    if (!this.search) u.tuneRows.textContent = `Scored by ${scoredOn(s, d)}. The test rows are not used.`;
  }

  workers() {
    const v = Number(this.pg.ui.tuneWorkers.value);
    return Number.isInteger(v) && v >= 1 ? Math.min(v, MAX_WORKERS) : 1;
  }

  /** Runs the search on the page's training rows; the table fills as trials end. */
  async run() {
    const pg = this.pg;
    const u = pg.ui;
    if (this.search || !pg.data) return;
    const s = { ...pg.state };
    const d = pg.data;
    const done = [];
    this.result = null;
    u.tuneBest.disabled = true;
    u.tuneRun.disabled = true;
    u.tuneStop.disabled = false;
    u.tuneProgress.value = 0;
    u.tuneStatus.textContent = 'Starting the workers…';
    u.tuneRows.textContent = `Scored by ${scoredOn(s, d)}. The test rows are not used.`;
    this.renderTable([], s, d, false);
    const workers = this.workers();
    try {
      this.search = pg.gt.tune({
        ...searchOptions(s, d, { workers }),
        onTrialEnd: (trial, info) => {
          done.push(trial);
          u.tuneProgress.max = info.planned;
          u.tuneProgress.value = info.done;
          u.tuneStatus.textContent = `Running: ${info.done} of ${info.planned} trials done, on ${workers} worker${workers > 1 ? 's' : ''}.`;
          this.renderTable(done, s, d, false);
        },
      });
      const res = await this.search;
      this.result = { res, state: s, data: d };
      this.renderTable(res.trials, s, d, true);
      u.tuneProgress.value = u.tuneProgress.max;
      const best = res.best ? `Best: trial ${res.best.id}, ${paramText(res.best.params, s.tuneVary)}, score ${num(res.best.score)}.` : 'No trial succeeded.';
      u.tuneStatus.textContent = `${res.stopped ? `Stopped: ${res.trials.length} trials done` : `Done: ${res.trials.length} trials`} on ${res.workers} worker${res.workers === 1 ? '' : 's'} in ${num(res.ms / 1000, 3)} s. ${best}`;
      u.tuneBest.disabled = !res.best;
    } catch (e) {
      u.tuneStatus.textContent = `The search failed: ${errorText(e)}`;
    } finally {
      this.search = null;
      u.tuneStop.disabled = true;
      this.sync();
    }
  }

  stop() {
    if (!this.search) return;
    this.pg.ui.tuneStatus.textContent = 'Stopping: the trials done so far stay.';
    this.search.stop();
  }

  /** "Use the best setting": the best trial's setting into the page's state; a new model from it. */
  async useBest() {
    const pg = this.pg;
    const r = this.result;
    if (!r?.res.best) return;
    if (pg.data !== r.data) {
      pg.setStatus('The search ran on other data: run it again on this data first.', true);
      return;
    }
    const best = r.res.best;
    await pg.setState(bestPatch(best.params, pg.state, r.state.tuneVary));
    pg.setStatus(`The best setting of the search (trial ${best.id}: ${paramText(best.params, r.state.tuneVary)}) is the page's now: a new model. Press Play to train it on the training rows; the test rows are evaluated once, when training ends.`);
  }

  /** The trials: as they end while running, gt.tune's order (best first) at the end. */
  renderTable(trials, s, d, final) {
    const u = this.pg.ui;
    u.tuneTableWrap.hidden = !trials.length;
    if (!trials.length) return u.tuneTable.replaceChildren();
    const metric = metricFor(s, d);
    const key = metric === 'val_loss' ? 'val_loss' : `val_${metric}`;
    const folds = s.tuneFolds >= 2;
    u.tuneTable.replaceChildren(
      h('caption', { text: final ? 'Trials, best first (gt.tune\'s order)' : 'Trials in the order they ended' }),
      h('thead', {}, h('tr', {}, ...[final ? 'Rank' : 'Done', 'Trial', 'Setting', `${METRIC_LABELS[metric].replace(/ \(.*/, '')}${folds ? ' (mean ± sd)' : ''}`, folds ? 'Each fold (held-out training rows)' : 'Scored on'].map((t) => h('th', { scope: 'col', text: t })))),
      h('tbody', {}, ...trials.map((t, i) => h('tr', { class: final && i === 0 && !t.error ? 'best' : '' },
        h('th', { scope: 'row', text: String(i + 1) }),
        h('td', { text: String(t.id) }),
        h('td', { text: paramText(t.params, s.tuneVary) }),
        h('td', { text: t.error ? t.error : folds ? `${num(t.score)} ± ${num(t.std[key] ?? 0)}` : num(t.score) }),
        h('td', { text: t.error ? '–' : folds ? t.folds.map((f) => num(f[key])).join(', ') : 'the held-out part of the training rows' }),
      ))),
    );
    u.tuneTableHint.update();
  }
}

