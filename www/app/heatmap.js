// heatmap.js: draws a grid of values (e.g. a model's predictions on a
// regular grid over the input plane) as a smooth colour field, with data
// points on top, like TF Playground's heatmap.ts. Takes plain arrays.

/**
 * The grid's sample points, row-major from the top-left corner: row r has
 * x2 = top … bottom, column c has x1 = left … right. n×n rows of [x1, x2].
 * This is layout (pixel → input coordinates), not model math.
 * @param {{x: [number, number], y: [number, number]}} domain
 */
export function gridPoints(domain, n) {
  const rows = [];
  const [x0, x1] = domain.x;
  const [y0, y1] = domain.y;
  for (let r = 0; r < n; r++) {
    const yv = y1 - ((r + 0.5) / n) * (y1 - y0);
    for (let c = 0; c < n; c++) rows.push([x0 + ((c + 0.5) / n) * (x1 - x0), yv]);
  }
  return rows;
}

/**
 * The input plane itself as an n×n image for input axis 0 (x1) or 1 (x2):
 * −1 at the domain's low edge to +1 at its high edge, in gridPoints' order.
 * Layout (where a pixel lies), not model math: the input neurons' pictures
 * when no normalization layer transforms the inputs.
 */
export function axisImage(n, axis) {
  const out = new Float64Array(n * n);
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) out[r * n + c] = axis === 0 ? ((c + 0.5) / n) * 2 - 1 : 1 - ((r + 0.5) / n) * 2;
  }
  return out;
}

/** A square domain around points (array of [x1, x2]) with a margin. */
export function domainOf(points, margin = 0.1) {
  if (!points.length) return { x: [-6, 6], y: [-6, 6] };
  let lo = [Infinity, Infinity];
  let hi = [-Infinity, -Infinity];
  for (const p of points) {
    for (let i = 0; i < 2; i++) {
      if (p[i] < lo[i]) lo[i] = p[i];
      if (p[i] > hi[i]) hi[i] = p[i];
    }
  }
  const span = Math.max(hi[0] - lo[0], hi[1] - lo[1]) || 1;
  const half = (span * (1 + 2 * margin)) / 2;
  const cx = (lo[0] + hi[0]) / 2;
  const cy = (lo[1] + hi[1]) / 2;
  return { x: [cx - half, cx + half], y: [cy - half, cy + half] };
}

/** Fills an RGBA byte array (n*n*4) from values through colorOf(v) → [r,g,b]. */
export function fillRGBA(values, n, colorOf, out = new Uint8ClampedArray(n * n * 4)) {
  for (let i = 0; i < n * n; i++) {
    const [r, g, b] = colorOf(values[i]);
    out[4 * i] = r;
    out[4 * i + 1] = g;
    out[4 * i + 2] = b;
    out[4 * i + 3] = 255;
  }
  return out;
}

const scratch = new Map(); // n → small canvas holding the n×n image

function gridCanvas(values, n, colorOf) {
  let c = scratch.get(n);
  if (!c) {
    c = document.createElement('canvas');
    c.width = c.height = n;
    scratch.set(n, c);
  }
  const ctx = c.getContext('2d');
  const img = ctx.createImageData(n, n);
  fillRGBA(values, n, colorOf, img.data);
  ctx.putImageData(img, 0, 0);
  return c;
}

/** Sizes a canvas's backing store to its CSS size × devicePixelRatio; returns [w, h] in CSS px. */
export function fitCanvas(canvas, cssW, cssH) {
  const dpr = (typeof window !== 'undefined' && window.devicePixelRatio) || 1;
  const w = Math.max(1, Math.round(cssW ?? (canvas.clientWidth || canvas.width)));
  const h = Math.max(1, Math.round(cssH ?? (canvas.clientHeight || canvas.height)));
  if (canvas.width !== Math.round(w * dpr) || canvas.height !== Math.round(h * dpr)) {
    canvas.width = Math.round(w * dpr);
    canvas.height = Math.round(h * dpr);
  }
  const ctx = canvas.getContext('2d');
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  return [w, h];
}

/** The rings of the points: which part of the data a point belongs to (the legend in panels.js says the same). */
export const RINGS = {
  train: { color: '#ffffff', width: 1 },
  val: { color: '#6b7280', width: 1.4 },
  test: { color: '#1b1f23', width: 1.8 },
};

/**
 * Draws the heatmap and points.
 * @param {HTMLCanvasElement} canvas
 * @param {object} o
 * @param {ArrayLike<number>|null} o.values n*n values, row-major from the top-left (null: background only)
 * @param {number} o.n grid size
 * @param {(v:number) => number[]} o.colorOf value → rgb
 * @param {{x:number[], y:number[]}} o.domain input-space extent of the canvas
 * @param {{x:number, y:number, color:string, ring?:'train'|'val'|'test'}[]} [o.points]
 *   colour: the class; ring: which part of the data (RINGS)
 * @param {number} [o.size] CSS size (square); defaults to the canvas's client width
 * @param {boolean} [o.axes] draw tick labels
 */
export function drawHeatmap(canvas, o) {
  const size = o.size ?? (canvas.clientWidth || canvas.width);
  const [w, h] = fitCanvas(canvas, size, size);
  const ctx = canvas.getContext('2d');
  ctx.clearRect(0, 0, w, h);
  if (o.values && o.n) {
    ctx.imageSmoothingEnabled = true;
    ctx.imageSmoothingQuality = 'high';
    ctx.drawImage(gridCanvas(o.values, o.n, o.colorOf), 0, 0, w, h);
  } else {
    ctx.fillStyle = '#f3f4f6';
    ctx.fillRect(0, 0, w, h);
  }
  const { domain } = o;
  const px = (x) => ((x - domain.x[0]) / (domain.x[1] - domain.x[0])) * w;
  const py = (y) => h - ((y - domain.y[0]) / (domain.y[1] - domain.y[0])) * h;
  const radius = o.pointRadius ?? (w < 120 ? 1.2 : 3);
  for (const p of o.points || []) {
    const x = px(p.x);
    const y = py(p.y);
    if (x < -radius || x > w + radius || y < -radius || y > h + radius) continue;
    ctx.beginPath();
    ctx.arc(x, y, radius, 0, 2 * Math.PI);
    ctx.fillStyle = p.color;
    ctx.fill();
    if (radius > 2) {
      const ring = RINGS[p.ring] ?? RINGS.train;
      ctx.lineWidth = ring.width;
      ctx.strokeStyle = ring.color;
      ctx.stroke();
    }
  }
  if (o.axes) drawAxes(ctx, w, h, domain);
}

function drawAxes(ctx, w, h, domain) {
  ctx.font = '10px system-ui, sans-serif';
  ctx.fillStyle = 'rgba(27,31,35,0.7)';
  ctx.textBaseline = 'bottom';
  ctx.textAlign = 'left';
  ctx.fillText(trim(domain.x[0]), 3, h - 2);
  ctx.textAlign = 'right';
  ctx.fillText(trim(domain.x[1]), w - 3, h - 2);
  ctx.textBaseline = 'top';
  ctx.fillText(trim(domain.y[1]), w - 3, 2);
}

function trim(v) {
  return String(Number(v.toPrecision(3))).replace('-', '\u2212');
}

/** True when a canvas has at least `min` distinct colours (tests: "not blank"). */
export function distinctColors(canvas, min = 2) {
  const ctx = canvas.getContext('2d');
  const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
  const seen = new Set();
  for (let i = 0; i < data.length; i += 4 * 7) {
    seen.add((data[i] << 16) | (data[i + 1] << 8) | data[i + 2]);
    if (seen.size >= min) return true;
  }
  return false;
}
