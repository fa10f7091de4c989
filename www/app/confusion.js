// confusion.js: a confusion matrix as a table (rows: true class, columns:
// predicted class, cells shaded by count), or beyond MAX_TABLE classes as a
// canvas heatmap (never one element per pair: labels {0, 1000} once made a
// million cells and froze the page), and the per-class precision, recall
// and F1 table (beyond MAX_TABLE, the classes with the lowest F1), from
// model.evaluateReport. Takes plain arrays; every number shown is the API's.

import { h, newId } from './dom.js';
import { shade, sequential, hex, BLUE, ORANGE } from './colors.js';
import { scrollHint } from './overflow.js';
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
  const k = matrix.length;
  const of = o.data ? ` of ${o.data}` : '';
  const cmBox = h('div', { class: 'cm-wrap' });
  // Up to MAX_TABLE classes a table; beyond, one cell per pair would be
  // thousands of elements: a heatmap on a canvas, bounded in size.
  // The captions sit above the boxes that may scroll, so that they are
  // never cut at a narrow box's edge; they name the tables.
  const cmCaption = h('p', { class: 'cm-caption', id: newId('cm') });
  if (k <= MAX_TABLE) {
    cmCaption.textContent = o.caption || `Confusion matrix${of} (rows: true class, columns: predicted class)`;
    cmBox.append(confusionTable(matrix, names, cmCaption.id));
  } else {
    cmCaption.textContent = `Confusion matrix${of}: ${k} classes, too many for a table. Rows: true class (${names[0]} … ${names[k - 1]}), columns: predicted class; a cell's darkness is its count, blue on the diagonal (right), orange off it (mistakes).`;
    cmBox.append(confusionHeatmap(matrix, `Confusion matrix${of}`));
  }

  // The report: every class up to MAX_TABLE, else the MAX_TABLE with the
  // lowest F1 (the classes the model gets wrong most), in that order.
  let rows = names.map((_, i) => i);
  let note = null;
  if (k > MAX_TABLE) {
    rows = rows.filter((i) => Number.isFinite(report.f1[i])).sort((a, b) => report.f1[a] - report.f1[b]).slice(0, MAX_TABLE);
    note = h('p', { class: 'note', text: `The ${rows.length} of ${k} classes with the lowest F1.` });
  }
  const repCaption = h('p', { class: 'cm-caption', id: newId('cr'), text: `Per-class precision, recall and F1${of}` });
  const rep = h('table', { class: 'report', 'aria-labelledby': repCaption.id });
  rep.append(
    h('thead', {}, h('tr', {}, ...['class', 'precision', 'recall', 'F1'].map((t) => h('th', { scope: 'col', text: t })))),
  );
  const rb = h('tbody');
  for (const i of rows) {
    rb.append(
      h(
        'tr',
        {},
        h('th', { scope: 'row', title: names[i] }, swatch(i), short(names[i])),
        h('td', { text: num(report.precision[i], 3) }),
        h('td', { text: num(report.recall[i], 3) }),
        h('td', { text: num(report.f1[i], 3) }),
      ),
    );
  }
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
  const repBox = h('div', { class: 'report-wrap' }, rep);
  container.replaceChildren(h('div', { class: 'cm-col' }, cmCaption, cmBox), h('div', { class: 'report-col' }, repCaption, repBox, note, acc));
  for (const box of [cmBox, repBox]) scrollHint(box).update();
}

/** Classes beyond which the matrix is a heatmap and the report the worst classes only. */
export const MAX_TABLE = 12;

function confusionTable(matrix, names, captionId) {
  let max = 0;
  for (const row of matrix) for (const v of row) if (v > max) max = v;
  const cm = h('table', { class: 'confusion', 'aria-labelledby': captionId });
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
  return cm;
}

/** k×k counts as a canvas (1 to 6 px a cell, at most 360 px): the diagonal blue, mistakes orange. */
function confusionHeatmap(matrix, caption) {
  const k = matrix.length;
  let max = 0;
  for (const row of matrix) for (const v of row) if (v > max) max = v;
  const cell = Math.max(1, Math.min(6, Math.floor(360 / k)));
  const canvas = h('canvas', { class: 'cm-heat', width: k * cell, height: k * cell, role: 'img', 'aria-label': `${caption}: ${k} classes as a heatmap, rows the true class, columns the predicted one; darker is more` });
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, k * cell, k * cell);
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      const v = matrix[i][j];
      if (!(v > 0)) continue;
      ctx.fillStyle = hex(sequential(v, max, i === j ? BLUE : ORANGE));
      ctx.fillRect(j * cell, i * cell, cell, cell);
    }
  }
  return canvas;
}

function swatch(i) {
  return h('span', { class: `swatch c${i % 10}`, 'aria-hidden': 'true' });
}

function short(name) {
  const s = String(name);
  return s.length > 14 ? s.slice(0, 13) + '…' : s;
}
