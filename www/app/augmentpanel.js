// augmentpanel.js: the Augmentation panel. Its controls are state keys
// (state.js aug*), bound like every other setting by the playground; this
// module builds them, shows which kinds the data takes (shift, rotate and
// zoom for images, mixup for one label column per class), says in words
// what fit will be given (augment.js), and lists the runs on this data with
// their last epoch's numbers (fit's own History), so that a run with and
// one without augmentation can be compared side by side.
//
// For digits with an image change on, it draws a few training digits and
// the same digits as gt.data.augment returns them (augmentview.js): the
// examples come from the API, never from an augmentation computed here.
//
//   const r = {}; buildAugmentPanel(r);   // in panels.js: r.augmentSection
//   const a = new AugmentPanel(playground); a.sync(); a.recordRun(history);

import { h, newId } from './dom.js';
import { field, numberInput, section } from './controls.js';
import { augmentOf, augmentText, imageShapeOf, mixupAllowed } from './augment.js';
import { num, pct, int } from './format.js';
import { fitMetric } from './task.js';
import { scrollHint } from './overflow.js';
import { AugmentExamples, buildAugmentExamples } from './augmentview.js';

/** Builds the panel's DOM into r (r.controls gets the state's aug* controls). */
export function buildAugmentPanel(r) {
  const c = r.controls;
  c.augJitter = numberInput('augJitter', { step: 0.01 });
  c.augShift = numberInput('augShift', { step: 0.25 });
  c.augRotate = numberInput('augRotate', { step: 1 });
  c.augScale = numberInput('augScale', { step: 0.05 });
  c.augMixup = numberInput('augMixup', { step: 0.05 });
  r.augImage = h('fieldset', { class: 'aug-image' },
    h('legend', { text: 'Images (8×8 digits)' }),
    h('div', { class: 'aug-fields' },
      field('Shift (pixels)', c.augShift, { hint: 'up to this many pixels across and down' }),
      field('Rotate (degrees)', c.augRotate, { hint: 'up to this angle either way' }),
      field('Zoom (±)', c.augScale, { hint: 'by a factor in 1 ± this' })));
  r.augImageNote = h('p', { class: 'note aug-image-note', text: 'Shift, rotate and zoom are for rows that are images: choose the Digits data to use them.' });
  r.augMixupHint = h('span', { class: 'hint' });
  r.augSummary = h('p', { class: 'aug-summary', role: 'status' });
  r.augNormNote = h('p', { class: 'note aug-norm-note', text: 'With Normalize inputs on, beware: the layer learns each pixel\'s variance from the digits as they are, and the border pixels are almost always 0. A shifted, turned or zoomed digit that lights a border pixel is divided by a tiny σ, and the network sees a huge input. Turn normalization off (the pixels are already on one scale, 0–16).' });
  r.augNormNote.hidden = true;
  r.augRuns = h('table', { class: 'aug-runs' });
  r.augRunsWrap = h('div', { class: 'aug-runs-wrap', tabindex: '0', role: 'region', 'aria-label': 'Runs on this data' }, r.augRuns);
  r.augRunsWrap.hidden = true;
  const mixupId = (c.augMixup.id = newId('f'));
  r.augmentSection = section('augment', 'Augmentation',
    h('p', { class: 'note', text: 'Augmentation changes every training batch at random, drawn from the seed, so that a small training set teaches more than it holds: a digit shifted by a pixel is still that digit. The validation and test rows are never changed, and neither is a Step of one batch. 0 turns a change off.' }),
    h('div', { class: 'aug-fields' },
      field('Jitter', c.augJitter, { hint: 'Gaussian noise, × each column\'s spread' }),
      h('div', { class: 'field' }, h('label', { for: mixupId, text: 'Mixup' }), c.augMixup, r.augMixupHint)),
    r.augImage,
    buildAugmentExamples(r),
    r.augImageNote,
    r.augSummary,
    r.augNormNote,
    h('p', { class: 'note', text: 'What to look for: with augmentation the training curves sit higher (each batch is harder than the rows themselves) and the gap to the validation curves narrows.' }),
    r.augRunsWrap,
  );
  r.augRunsHint = scrollHint(r.augRunsWrap);
  return r.augmentSection;
}

export class AugmentPanel {
  /** @param {object} pg the playground (ui, state, data, …) */
  constructor(pg) {
    this.pg = pg;
    this.runs = []; // the finished runs on this.runsData, newest last
    this.runsData = null;
    this.examples = null; // augmentview.js, made on the first sync
  }

  /** The controls the data takes, and what fit will be given, in words. */
  sync() {
    const { ui: u, state: s, data: d } = this.pg;
    if (!u?.augmentSection || !d) return;
    const image = !!imageShapeOf(d);
    u.augImage.hidden = !image;
    u.augImageNote.hidden = image;
    const mix = mixupAllowed(d);
    u.controls.augMixup.disabled = !mix;
    u.augMixupHint.textContent = mix
      ? 'α: blends pairs of rows and their labels'
      : d.task.kind === 'classification'
        ? 'needs one label column per class: choose Loss "Categorical cross-entropy"'
        : 'for classes only';
    const a = augmentOf(s, d);
    u.augSummary.textContent = a
      ? `On: fit gets augment ${augmentText(a)}${a.imageShape ? ` on ${a.imageShape.join('×')} images` : ''}.`
      : 'Off: the training batches are the rows as they are.';
    u.augSummary.classList.toggle('is-on', !!a);
    // Normalization learns each pixel's variance from the rows as they are:
    // the border pixels of digits are (nearly) always 0, so a shifted or
    // turned digit that lights them up is divided by a tiny σ.
    u.augNormNote.hidden = !(a?.imageShape && s.normalize);
    if (!this.examples) {
      this.examples = new AugmentExamples(this.pg);
      this.examples.attach();
    }
    this.examples.sync(a);
    if (this.runsData !== d) this.showRuns([]);
  }

  /**
   * A run ended (or paused): its last epoch's numbers beside the earlier runs on this data. A
   * model trained on after a pause is the same run: its row is replaced, not added.
   */
  recordRun(history) {
    const { state: s, data: d, ui: u, model } = this.pg;
    if (!u?.augmentSection || !history.epochs) return;
    const m = fitMetric(d.task.kind, d.out.loss);
    const row = {
      model,
      augment: augmentText(augmentOf(s, d)),
      epochs: history.epochs,
      loss: history.last('loss'),
      val_loss: history.last('val_loss'),
      metric: history.last(m),
      val_metric: history.last(`val_${m}`),
    };
    const earlier = this.runsData === d ? this.runs.filter((r) => r.model !== model) : [];
    this.showRuns([...earlier, row].slice(-6));
  }

  showRuns(runs) {
    const u = this.pg.ui;
    this.runs = runs;
    this.runsData = this.pg.data;
    u.augRunsWrap.hidden = !runs.length;
    if (!runs.length) return u.augRuns.replaceChildren();
    const d = this.pg.data;
    const metric = fitMetric(d.task.kind, d.out.loss);
    const show = (v, f = metric === 'accuracy' ? pct : num) => (v === undefined || v === null ? '–' : f(v));
    const m = metric === 'accuracy' ? metric : metric.toUpperCase();
    u.augRuns.replaceChildren(
      h('caption', { text: 'Runs on this data (the last epoch of each; validation rows, never the test rows)' }),
      h('thead', {}, h('tr', {}, ...['Run', 'Augmentation', 'Epochs', 'Training loss', 'Validation loss', `Training ${m}`, `Validation ${m}`].map((t) => h('th', { scope: 'col', text: t })))),
      h('tbody', {}, ...runs.map((r, i) => h('tr', {},
        h('th', { scope: 'row', text: String(i + 1) }),
        h('td', { text: r.augment }),
        h('td', { text: int(r.epochs) }),
        h('td', { text: num(r.loss) }),
        h('td', { text: show(r.val_loss, num) }),
        h('td', { text: show(r.metric) }),
        h('td', { text: show(r.val_metric) }))),
      ),
    );
    u.augRunsHint.update();
  }
}
