// confusion.js: a confusion matrix as a table (rows: true class, columns:
// predicted class, cells shaded by count) and the per-class precision,
// recall and F1 table, from gt.metrics.confusionMatrix / classReport.
// Takes plain arrays; every number shown is the API's.

import { h } from './dom.js';
import { shade } from './colors.js';
import { num, pct } from './format.js';


/**
 * @param {HTMLElement} container
 * @param {object} o
 * @param {number[][]} o.matrix counts, [true][predicted]
 * @param {string[]} o.classNames
 * @param {{precision:number[], recall:number[], f1:number[], macroPrecision:number, macroRecall:number, macroF1:number, accuracy:number}} o.report
 * @param {string} [o.data] which data it is of, e.g. 'the validation data (epoch 12)'
 * @param {string} [o.caption]
 */
export function renderConfusion(container, o) {
  const { matrix, classNames: names, report } = o;
  let max = 0;
  for (const row of matrix) for (const v of row) if (v > max) max = v;

  const cm = h('table', { class: 'confusion' });
  const of = o.data ? ` of ${o.data}` : '';
  cm.append(h('caption', { text: o.caption || `Confusion matrix${of} (rows: true class, columns: predicted class)` }));
  const head = h('tr', {}, h('th', { scope: 'col', class: 'corner', text: 'true \\ predicted' }));
  names.forEach((n, j) => head.append(h('th', { scope: 'col', title: n }, swatch(j), short(n))));
  cm.append(h('thead', {}, head));
  const body = h('tbody');
  matrix.forEach((row, i) => {
    const tr = h('tr', {}, h('th', { scope: 'row', title: names[i] }, swatch(i), short(names[i])));
    row.forEach((v, j) => {
      const td = h('td', { text: String(v), 'data-row': String(i), 'data-col': String(j) });
      td.className = `cm-cell ${i === j ? 'cm-d' : 'cm-o'}${shade(v, max)}`;
      tr.append(td);
    });
    body.append(tr);
  });
  cm.append(body);

  const rep = h('table', { class: 'report' });
  rep.append(h('caption', { text: `Per-class precision, recall and F1${of}` }));
  rep.append(
    h('thead', {}, h('tr', {}, ...['class', 'precision', 'recall', 'F1'].map((t) => h('th', { scope: 'col', text: t })))),
  );
  const rb = h('tbody');
  names.forEach((n, i) => {
    rb.append(
      h(
        'tr',
        {},
        h('th', { scope: 'row', title: n }, swatch(i), short(n)),
        h('td', { text: num(report.precision[i], 3) }),
        h('td', { text: num(report.recall[i], 3) }),
        h('td', { text: num(report.f1[i], 3) }),
      ),
    );
  });
  rb.append(
    h(
      'tr',
      { class: 'macro' },
      h('th', { scope: 'row', text: 'macro average' }),
      h('td', { text: num(report.macroPrecision, 3) }),
      h('td', { text: num(report.macroRecall, 3) }),
      h('td', { text: num(report.macroF1, 3) }),
    ),
  );
  rep.append(rb);
  const acc = h('p', { class: 'report-acc' }, 'Accuracy: ', h('strong', { text: pct(report.accuracy) }));
  container.replaceChildren(h('div', { class: 'cm-wrap' }, cm), h('div', { class: 'report-wrap' }, rep, acc));
}

function swatch(i) {
  return h('span', { class: `swatch c${i % 10}`, 'aria-hidden': 'true' });
}

function short(name) {
  const s = String(name);
  return s.length > 14 ? s.slice(0, 13) + '…' : s;
}
