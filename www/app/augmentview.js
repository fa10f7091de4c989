// augmentview.js: augmented examples in the Augmentation panel. For rows
// that are images (digits, 8×8) with an image change on, a few training
// digits are drawn as they are and, below them, as gt.data.augment returns
// them for the panel's settings and a seed: the same code fit runs on each
// training batch, so the lower row is what fit may train on. "Show other
// examples" takes the next digits and the next seed; a change of the
// settings or the data redraws. Mixup is left out (it blends pairs of rows
// and their labels; two rows of pictures would not show it).
//
// The renderer takes plain arrays; the controller asks the API and never
// computes a pixel itself. drawdigit.js (the levels' shades) is imported
// when the first examples are drawn, after gotrain has loaded: this module
// is on the page's ready path (augmentpanel.js builds the panel at once).
//
//   const r = {}; buildAugmentExamples(r);   // r.augExamples, in augmentpanel.js
//   const v = new AugmentExamples(playground); v.attach(); v.sync();

import { h } from './dom.js';
import { rowOf } from './rows.js';

/** How many digits a row shows. */
export const EXAMPLES = 6;
/** Empty canvas pixels between two digits. */
const GAP = 2;

/**
 * Draws images (each a plain array of h·w values) side by side on canvas,
 * one canvas pixel per image pixel (CSS scales it up): white paper, ink(v)
 * (0..255; drawdigit.js' levelToAlpha for digits' 0..16) from white to
 * black, GAP empty pixels between images. Pixel r, c of image k is canvas
 * pixel (k·(w+GAP) + c, r), with red = 255 − ink(value).
 */
export function drawImages(canvas, images, [hgt, w], ink) {
  const n = images.length;
  canvas.width = Math.max(1, n * w + (n - 1) * GAP);
  canvas.height = hgt;
  const ctx = canvas.getContext('2d');
  const img = ctx.createImageData(canvas.width, hgt);
  images.forEach((values, k) => {
    for (let r = 0; r < hgt; r++) {
      for (let c = 0; c < w; c++) {
        const v = 255 - ink(values[r * w + c]);
        const p = 4 * (r * canvas.width + k * (w + GAP) + c);
        img.data[p] = img.data[p + 1] = img.data[p + 2] = v;
        img.data[p + 3] = 255;
      }
    }
  });
  ctx.putImageData(img, 0, 0);
}

/** The examples' DOM into r: r.augExamples (hidden until drawn). */
export function buildAugmentExamples(r) {
  r.augOrig = h('canvas', { class: 'aug-digits', role: 'img', 'aria-label': 'Training digits as they are' });
  r.augAug = h('canvas', { class: 'aug-digits', role: 'img', 'aria-label': 'The same digits augmented' });
  r.augOther = h('button', { type: 'button', class: 'btn-secondary', text: 'Show other examples' });
  r.augExamplesNote = h('figcaption', { class: 'note' });
  r.augExamples = h('figure', { class: 'aug-examples', 'aria-label': 'Augmented examples' },
    h('div', { class: 'aug-digit-row' }, h('span', { class: 'aug-digit-label', text: 'As they are' }), r.augOrig),
    h('div', { class: 'aug-digit-row' }, h('span', { class: 'aug-digit-label', text: 'Augmented' }), r.augAug),
    r.augExamplesNote,
    r.augOther);
  r.augExamples.hidden = true;
  return r.augExamples;
}

export class AugmentExamples {
  /** @param {object} pg the playground (ui, gt, data, state) */
  constructor(pg) {
    this.pg = pg;
    this.turn = 0; // presses of "Show other examples"
    this.shown = ''; // what is drawn: data, settings, turn
    this.data = null;
    this.asked = 0; // the latest request; older answers are dropped
  }

  attach() {
    this.pg.ui.augOther?.addEventListener('click', () => {
      this.turn += 1;
      this.sync();
    });
  }

  /**
   * Shows the examples for augment option a (the panel's, null: off) when
   * the data are images and an image change is on; redraws when the data,
   * the settings or the turn changed.
   */
  sync(a) {
    const { ui: u, data: d, gt } = this.pg;
    if (!u?.augExamples) return;
    if (a !== undefined) this.settings = a;
    const s = this.settings;
    const on = !!(d && gt && s?.imageShape);
    u.augExamples.hidden = !on;
    if (!on) return;
    if (this.data !== d) {
      // Other data (another split, say): its first digits, drawn afresh.
      this.data = d;
      this.turn = 0;
      this.shown = '';
    }
    // Mixup needs labels and shows nothing in a picture of one row.
    const { mixup, ...settings } = s;
    const key = JSON.stringify([settings, this.turn, this.pg.state.seed]);
    if (key === this.shown) return;
    this.shown = key;
    const n = Math.min(EXAMPLES, d.train.x.shape[0]);
    const first = (this.turn * n) % d.train.x.shape[0];
    const idx = Array.from({ length: n }, (_, i) => (first + i) % d.train.x.shape[0]);
    const rows = idx.map((i) => rowOf(d.train.x, i));
    const seed = this.pg.state.seed + this.turn;
    this.draw(rows, settings, seed, idx, mixup);
  }

  async draw(rows, settings, seed, idx, mixup) {
    const u = this.pg.ui;
    const asked = ++this.asked;
    let out;
    let ink;
    try {
      [out, { levelToAlpha: ink }] = await Promise.all([this.pg.gt.data.augment(rows, settings, { seed }), import('./drawdigit.js')]);
    } catch (e) {
      if (asked === this.asked) u.augExamplesNote.textContent = `Could not augment the examples: ${e.message}`;
      return;
    }
    if (asked !== this.asked) return;
    const [, w] = out.x.shape;
    const augmented = rows.map((_, k) => Array.from(out.x.data.subarray(k * w, (k + 1) * w)));
    drawImages(u.augOrig, rows, settings.imageShape, ink);
    drawImages(u.augAug, augmented, settings.imageShape, ink);
    u.augExamples.dataset.seed = String(seed);
    u.augExamples.dataset.rows = idx.join(',');
    u.augAug.setAttribute('aria-label', `The same digits augmented (seed ${seed})`);
    u.augExamplesNote.textContent = `Training digits ${idx.map((i) => i + 1).join(', ')}, and below them as gt.data.augment returns them for these settings with seed ${seed}: the same code fit runs on every training batch.${mixup ? ' Mixup is not drawn (it blends pairs of digits and their labels).' : ''}`;
  }
}
