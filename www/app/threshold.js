// threshold.js: the Evaluation panel's threshold lesson for binary
// classifiers: the ROC and precision–recall curves with their AUC and
// average precision (evaluateReport's roc and pr), the threshold's point on
// each (its binary.fpr, recall and precision), and a slider that sets the
// threshold of the evaluation (the state's threshold, in the link;
// evaluation.js passes it to evaluateReport, so the confusion matrix,
// precision, recall and F1 move with it), and which rows the numbers are
// of. Every number shown is the API's.

import { h, newId } from './dom.js';
import { num } from './format.js';
import { drawCurve } from './curvechart.js';

export class ThresholdPanel {
  /**
   * @param {HTMLElement} box the panel's place (hidden unless the task is binary)
   * @param {number} value the threshold to start with
   * @param {(threshold:number) => void} onChange called when the slider moves
   */
  constructor(box, value, onChange) {
    this.box = box;
    this.value = value;
    if (!box) return;
    this.slider = h('input', { type: 'range', min: 0, max: 1, step: 0.01, value, id: newId('thr') });
    this.out = h('output', { for: this.slider.id, text: String(value) });
    this.rows = h('p', { class: 'note thr-rows' });
    this.roc = h('canvas', { class: 'curve', role: 'img', 'aria-label': 'ROC curve' });
    this.pr = h('canvas', { class: 'curve', role: 'img', 'aria-label': 'Precision–recall curve' });
    this.rocCap = h('figcaption', { class: 'cm-caption', text: 'ROC curve' });
    this.prCap = h('figcaption', { class: 'cm-caption', text: 'Precision–recall curve' });
    this.note = h('p', { class: 'note' });
    box.append(
      h('h3', { class: 'eval-title', text: 'Threshold, ROC and precision–recall' }),
      h('p', { class: 'note', text: 'A binary classifier outputs a score; class 1 is predicted where the score is above the threshold. Move it: the confusion matrix, precision, recall and F1 above change together, and the orange dot moves along both curves. The curves themselves do not depend on the threshold.' }),
      h('div', { class: 'threshold-field' }, h('label', { for: this.slider.id, text: 'Threshold' }), this.slider, this.out),
      this.rows,
      h('div', { class: 'curves' }, h('figure', {}, this.rocCap, this.roc), h('figure', {}, this.prCap, this.pr)),
      this.note,
    );
    this.slider.addEventListener('change', () => {
      this.value = Number(this.slider.value);
      this.out.textContent = String(this.value);
      onChange(this.value);
    });
    this.slider.addEventListener('input', () => (this.out.textContent = this.slider.value));
  }

  /** Shows a threshold set elsewhere (a link, a lesson step). */
  set(v) {
    this.value = v;
    if (!this.box) return;
    if (Number(this.slider.value) !== v) this.slider.value = String(v);
    this.out.textContent = String(v);
  }

  /**
   * Shows the curves of one evaluation, or hides the panel.
   * @param {{binary?:object, roc?:object, pr?:object}|null} ev evaluateReport's fields
   * @param {string} what which data, e.g. 'the validation data (84 rows, epoch 3, threshold 0.5)'
   * @param {string} [rows] which rows the numbers come from, and what moving the threshold scores
   */
  draw(ev, what, rows = '') {
    if (!this.box) return;
    const ok = !!(ev && ev.binary && ev.roc);
    this.box.hidden = !ok;
    if (!ok) return;
    const { binary: b, roc, pr } = ev;
    this.rows.textContent = rows;
    this.rocCap.textContent = `ROC curve of ${what}: AUC = ${num(roc.auc)}`;
    this.rocCap.dataset.auc = String(roc.auc);
    drawCurve(this.roc, { x: Array.from(roc.fpr), y: Array.from(roc.tpr), point: [b.fpr, b.recall], xLabel: 'false positive rate', yLabel: 'true positive rate (recall)', diagonal: true });
    if (pr) {
      this.prCap.textContent = `Precision–recall curve: average precision = ${num(pr.averagePrecision)}`;
      this.prCap.dataset.ap = String(pr.averagePrecision);
      drawCurve(this.pr, { x: Array.from(pr.recall), y: Array.from(pr.precision), point: [b.recall, b.precision], xLabel: 'recall', yLabel: 'precision' });
    }
    this.note.textContent = `At threshold ${b.threshold}: TP ${b.tp}, FP ${b.fp}, FN ${b.fn}, TN ${b.tn}; false positive rate ${num(b.fpr)}, recall ${num(b.recall)}, precision ${num(b.precision)}, F1 ${num(b.f1)}.`;
  }
}
