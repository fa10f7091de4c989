// curvechart.js: an x–y curve on a canvas over [0, 1]², for the ROC and
// precision–recall curves: the curve as given (points joined in order),
// an optional dashed diagonal (chance) and one marked point (the
// threshold's). Takes plain arrays; draws only.

import { fitCanvas } from './heatmap.js';

/**
 * @param {HTMLCanvasElement} canvas
 * @param {object} o
 * @param {number[]} o.x
 * @param {number[]} o.y
 * @param {[number, number]} [o.point] the marked point
 * @param {string} o.xLabel
 * @param {string} o.yLabel
 * @param {boolean} [o.diagonal]
 * @param {string} [o.color]
 */
export function drawCurve(canvas, o) {
  const [w, h] = fitCanvas(canvas, canvas.clientWidth, canvas.clientHeight);
  const ctx = canvas.getContext('2d');
  ctx.clearRect(0, 0, w, h);
  const pad = { l: 30, r: 8, t: 8, b: 28 };
  const iw = w - pad.l - pad.r;
  const ih = h - pad.t - pad.b;
  const px = (v) => pad.l + v * iw;
  const py = (v) => pad.t + ih - v * ih;
  ctx.strokeStyle = '#e5e7eb';
  ctx.lineWidth = 1;
  ctx.strokeRect(px(0), py(1), iw, ih);
  ctx.font = '10px system-ui, sans-serif';
  ctx.fillStyle = '#6b7280';
  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  ctx.fillText('1', pad.l - 4, py(1));
  ctx.fillText('0', pad.l - 4, py(0));
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  ctx.fillText('1', px(1), py(0) + 3);
  ctx.fillText(o.xLabel, px(0.5), py(0) + 14);
  ctx.save();
  ctx.translate(10, py(0.5));
  ctx.rotate(-Math.PI / 2);
  ctx.textBaseline = 'middle';
  ctx.fillText(o.yLabel, 0, 0);
  ctx.restore();
  if (o.diagonal) {
    ctx.setLineDash([4, 3]);
    ctx.beginPath();
    ctx.moveTo(px(0), py(0));
    ctx.lineTo(px(1), py(1));
    ctx.stroke();
    ctx.setLineDash([]);
  }
  ctx.strokeStyle = o.color || '#2563eb';
  ctx.lineWidth = 2;
  ctx.beginPath();
  for (let k = 0; k < o.x.length; k++) {
    if (k) ctx.lineTo(px(o.x[k]), py(o.y[k]));
    else ctx.moveTo(px(o.x[k]), py(o.y[k]));
  }
  ctx.stroke();
  if (o.point) {
    ctx.fillStyle = '#f97316';
    ctx.strokeStyle = '#111827';
    ctx.lineWidth = 1.5;
    ctx.beginPath();
    ctx.arc(px(o.point[0]), py(o.point[1]), 5, 0, 2 * Math.PI);
    ctx.fill();
    ctx.stroke();
  }
}
