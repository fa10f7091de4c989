// actcurve.js: an activation f and its slope f′ against z on a canvas, from
// gt.activations.curve(name, z) (plain arrays), with the traced z marked on
// both: (z, f(z)) and (z, f′(z)). Draws only.

import { fitCanvas } from './heatmap.js';

/**
 * @param {HTMLCanvasElement} canvas
 * @param {object} o
 * @param {number[]} o.z
 * @param {number[]} o.a f(z)
 * @param {number[]} o.dadz f′(z)
 * @param {{z:number, a:number, dadz:number}} [o.mark] the traced unit's values
 */
export function drawActivation(canvas, o) {
  const [w, h] = fitCanvas(canvas, canvas.clientWidth, canvas.clientHeight);
  const ctx = canvas.getContext('2d');
  ctx.clearRect(0, 0, w, h);
  const pad = { l: 30, r: 8, t: 8, b: 18 };
  const zs = o.z;
  const finite = [...o.a, ...o.dadz, 0, 1].filter(Number.isFinite);
  let lo = Math.min(...finite);
  let hi = Math.max(...finite);
  if (hi - lo < 1e-9) hi = lo + 1;
  const z0 = zs[0];
  const z1 = zs[zs.length - 1];
  const px = (z) => pad.l + ((z - z0) / (z1 - z0)) * (w - pad.l - pad.r);
  const py = (v) => pad.t + (1 - (v - lo) / (hi - lo)) * (h - pad.t - pad.b);
  ctx.strokeStyle = '#d1d5db';
  ctx.lineWidth = 1;
  ctx.beginPath();
  ctx.moveTo(pad.l, py(0));
  ctx.lineTo(w - pad.r, py(0));
  if (z0 < 0 && z1 > 0) {
    ctx.moveTo(px(0), pad.t);
    ctx.lineTo(px(0), h - pad.b);
  }
  ctx.stroke();
  ctx.font = '10px system-ui, sans-serif';
  ctx.fillStyle = '#6b7280';
  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  ctx.fillText(label(hi), pad.l - 4, py(hi));
  ctx.fillText(label(lo), pad.l - 4, py(lo));
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  ctx.fillText(label(z0), px(z0) + 8, h - pad.b + 3);
  ctx.fillText('z', px((z0 + z1) / 2), h - pad.b + 3);
  ctx.fillText(label(z1), px(z1) - 8, h - pad.b + 3);
  const line = (vs, color, dash) => {
    ctx.strokeStyle = color;
    ctx.lineWidth = 2;
    ctx.setLineDash(dash);
    ctx.beginPath();
    vs.forEach((v, k) => (k ? ctx.lineTo(px(zs[k]), py(v)) : ctx.moveTo(px(zs[k]), py(v))));
    ctx.stroke();
    ctx.setLineDash([]);
  };
  line(o.a, '#2563eb', []);
  line(o.dadz, '#f97316', [5, 3]);
  if (o.mark) {
    for (const [v, color] of [[o.mark.a, '#2563eb'], [o.mark.dadz, '#f97316']]) {
      ctx.fillStyle = color;
      ctx.strokeStyle = '#111827';
      ctx.lineWidth = 1.5;
      ctx.beginPath();
      ctx.arc(px(o.mark.z), py(v), 4.5, 0, 2 * Math.PI);
      ctx.fill();
      ctx.stroke();
    }
  }
}

function label(v) {
  return (Math.abs(v) >= 10 ? v.toFixed(0) : Number(v.toFixed(2)).toString()).replace('-', '\u2212');
}
