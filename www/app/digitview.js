// digitview.js: the digit panel's controller (digits data only). What is
// drawn on the pad (drawdigit.js), or a validation digit shown on it, goes to
// model.predict, and the ten class probabilities are listed as meters.
// A prediction asked while one is on its way is dropped: the pad asks
// again on its next change.
//
//   const digits = new DigitView(playground);
//   digits.attach();                 // after the panels are built
//   await digits.predict(row);

import { createDigitPad } from './drawdigit.js';
import { pct } from './format.js';
import { asMatrix, rowOf } from './rows.js';
import { h } from './dom.js';

export class DigitView {
  /** @param {object} pg the playground (ui, data, model, exclusive, …) */
  constructor(pg) {
    this.pg = pg;
    this.pad = null;
    this.lastDigit = null; // the pad's 64 levels, as last predicted
    this.pending = false;
  }

  /** Creates the pad and wires its buttons. */
  attach() {
    const u = this.pg.ui;
    if (u.pad) this.pad = createDigitPad(u.pad, { onChange: (row) => this.predict(row) });
    if (u.padClear) {
      u.padClear.addEventListener('click', () => {
        this.pad.clear();
        this.renderProbs(null);
      });
      u.padShow.addEventListener('click', () => this.pg.afterLoad(() => this.showExampleDigit())); // reads the data
    }
  }

  /** Predicts the digit of row (64 levels, 0..16); inQueue when called from inside a queued model call. */
  async predict(row, inQueue = false) {
    const pg = this.pg;
    if (!pg.data || pg.data.source !== 'digits') return;
    this.lastDigit = row;
    const run = async () => {
      const p = asMatrix(await pg.model.predict([row]));
      this.renderProbs(Array.from(p.data));
    };
    if (inQueue) return run();
    if (this.pending) return;
    this.pending = true;
    try {
      await pg.exclusive(run);
    } finally {
      this.pending = false;
    }
  }

  /** The probabilities as a list of meters, the most likely class marked; null clears it. */
  renderProbs(p) {
    const u = this.pg.ui;
    if (!u.probs) return;
    if (!p) {
      u.probs.replaceChildren();
      this.lastDigit = null;
      return;
    }
    const names = this.pg.data.classNames;
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

  /** "Show example digit": the validation row the number field names (the test data stays for the final evaluation), on the pad and predicted. */
  showExampleDigit() {
    const { ui, data: d } = this.pg;
    const part = d.val ?? d.train;
    let i = Number(ui.padExample.value);
    if (!Number.isInteger(i) || i < 0 || i >= part.x.shape[0]) i = 0;
    ui.padExample.value = String(i);
    const row = rowOf(part.x, i);
    this.pad.show(row);
    this.predict(row);
  }
}
