// metricsmath.js: accuracy, precision, recall and F1 written as formulas
// over the confusion counts of a binary classifier, with the numbers of
// model.evaluateReport(x, y).binary ({ tn, fp, fn, tp, accuracy, precision,
// recall, f1 }). Sums are written out, never computed: every number shown
// is the API's. Each carries data-q="binary.FIELD" (for tests).

import { h } from './dom.js';
import { math, BR, row, mi, mo, mn, mtext, frac } from './mathml.js';

const word = (t) => mtext(t);

/**
 * The four formulas, or for more than two classes what they mean per class.
 * @param {object|null} binary evaluateReport's binary field (null unless the task is binary)
 * @param {string} [data] which data the counts are of, e.g. 'the validation data (epoch 12)'
 * @returns {HTMLElement}
 */
export function metricFormulas(binary, data) {
  const box = h('div', { class: 'metrics-math' });
  box.append(h('p', { class: 'cm-caption', text: `Accuracy, precision, recall and F1${data ? ` of ${data}` : ''}, from the confusion counts` }));
  if (!binary) {
    box.append(h('p', { class: 'note', text: 'For each class c: precision = TP/(TP + FP), the share of the points predicted c that are c; recall = TP/(TP + FN), the share of the points of class c found; F1 = 2·precision·recall/(precision + recall). Accuracy is the diagonal of the matrix over all points.' }));
    return box;
  }
  const b = binary;
  const n = (f) => mn(b[f], `binary.${f}`);
  const sym = (t) => mi(t, true);
  box.append(
    h('p', { class: 'note' }, `Class 1 is predicted where the score is above the threshold ${b.threshold}: TP = true positives, TN = true negatives, FP = false positives (class 0 predicted 1), FN = false negatives.`),
    math(word('accuracy'), mo('='), frac(row(sym('TP'), mo('+'), sym('TN')), row(sym('TP'), mo('+'), sym('TN'), mo('+'), sym('FP'), mo('+'), sym('FN'))), BR, mo('='), frac(row(n('tp'), mo('+'), n('tn')), row(n('tp'), mo('+'), n('tn'), mo('+'), n('fp'), mo('+'), n('fn'))), mo('='), n('accuracy')),
    math(word('precision\u00a0'), mi('P'), mo('='), frac(sym('TP'), row(sym('TP'), mo('+'), sym('FP'))), mo('='), frac(n('tp'), row(n('tp'), mo('+'), n('fp'))), mo('='), n('precision')),
    math(word('recall\u00a0'), mi('R'), mo('='), frac(sym('TP'), row(sym('TP'), mo('+'), sym('FN'))), mo('='), frac(n('tp'), row(n('tp'), mo('+'), n('fn'))), mo('='), n('recall')),
    math(word('F1'), mo('='), frac(row(mn(2), mo('·'), mi('P'), mo('·'), mi('R')), row(mi('P'), mo('+'), mi('R'))), BR, mo('='), frac(row(mn(2), mo('·'), n('precision'), mo('·'), n('recall')), row(n('precision'), mo('+'), n('recall'))), mo('='), n('f1')),
    h('p', { class: 'note', text: 'A ratio whose denominator is 0 counts as 0.' }),
  );
  return box;
}
