// linechart.js: a small canvas line chart for training curves (loss,
// accuracy per epoch), like TF Playground's linechart.ts. Takes plain arrays.

import { fitCanvas } from './heatmap.js';

/**
 * The y range to draw: fixed when given, else [min(0, lo), hi] of the
 * finite values, never empty. Layout only.
 */
export function yRange(series, fixed) {
  if (fixed) return fixed;
  let lo = Infinity;
  let hi = -Infinity;
  for (const s of series) {
    for (const v of s.values) {
      if (!Number.isFinite(v)) continue;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  if (lo === Infinity) return [0, 1];
  lo = Math.min(0, lo);
  if (hi <= lo) hi = lo + 1;
  return [lo, hi];
}

/**
 * @param {HTMLCanvasElement} canvas
 * @param {object} o
 * @param {{name:string, values:number[], color:string, dashed?:boolean}[]} o.series
 * @param {[number, number]} [o.range] fixed y range, e.g. [0, 1] for accuracy
 * @param {number} [o.width] CSS width; [o.height] CSS height
 */
export function drawLineChart(canvas, o) {
  const [w, h] = fitCanvas(canvas, o.width ?? canvas.clientWidth, o.height ?? canvas.clientHeight);
  const ctx = canvas.getContext('2d');
  ctx.clearRect(0, 0, w, h);
  const pad = { l: 34, r: 6, t: 6, b: 16 };
  const iw = w - pad.l - pad.r;
  const ih = h - pad.t - pad.b;
  const [lo, hi] = yRange(o.series, o.range);
  const n = Math.max(2, ...o.series.map((s) => s.values.length));
  const px = (i) => pad.l + (i / (n - 1)) * iw;
  const py = (v) => pad.t + ih - ((v - lo) / (hi - lo)) * ih;

  // Grid and labels.
  ctx.strokeStyle = '#e5e7eb';
  ctx.lineWidth = 1;
  ctx.font = '10px system-ui, sans-serif';
  ctx.fillStyle = '#6b7280';
  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  for (let k = 0; k <= 2; k++) {
    const v = lo + ((hi - lo) * k) / 2;
    const y = py(v);
    ctx.beginPath();
    ctx.moveTo(pad.l, y);
    ctx.lineTo(w - pad.r, y);
    ctx.stroke();
    ctx.fillText(label(v), pad.l - 4, y);
  }
  ctx.textAlign = 'left';
  ctx.textBaseline = 'alphabetic';
  ctx.fillText('epoch', pad.l, h - 3);
  ctx.textAlign = 'right';
  ctx.fillText(String(Math.max(0, n - 1)), w - pad.r, h - 3);

  for (const s of o.series) {
    if (!s.values.length) continue;
    ctx.strokeStyle = s.color;
    ctx.lineWidth = 2;
    ctx.setLineDash(s.dashed ? [5, 3] : []);
    ctx.beginPath();
    let started = false;
    s.values.forEach((v, i) => {
      if (!Number.isFinite(v)) return;
      const x = s.values.length === 1 ? px(0) : px(i);
      const y = py(Math.max(lo, Math.min(hi, v)));
      if (started) ctx.lineTo(x, y);
      else {
        ctx.moveTo(x, y);
        started = true;
      }
    });
    ctx.stroke();
    if (s.values.length === 1) {
      ctx.fillStyle = s.color;
      ctx.beginPath();
      ctx.arc(px(0), py(s.values[0]), 2.5, 0, 2 * Math.PI);
      ctx.fill();
    }
  }
  ctx.setLineDash([]);
}

function label(v) {
  const a = Math.abs(v);
  const s = a === 0 ? '0' : a >= 100 ? v.toFixed(0) : a >= 1 ? v.toFixed(1) : v.toFixed(2);
  return s.replace('-', '\u2212');
}
