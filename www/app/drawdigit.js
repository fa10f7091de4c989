// drawdigit.js: a canvas where the user draws a digit with mouse, pen or
// finger; it reads the drawing as an 8×8 image on digits.csv's 0..16 scale
// (0 background, 16 full ink): the browser's own image scaling averages the
// strokes down to 8×8, and each pixel's ink coverage (alpha 0..255) is
// mapped onto 0..16. Example rows can be shown in it too.

/** Alpha 0..255 → digits.csv's 0..16 scale (a colour mapping, rounded). */
export function alphaToLevel(alpha) {
  return Math.round((Math.max(0, Math.min(255, alpha)) / 255) * 16);
}

/** digits.csv level 0..16 → alpha 0..255 for display. */
export function levelToAlpha(level) {
  return Math.round((Math.max(0, Math.min(16, level)) / 16) * 255);
}

/**
 * @param {HTMLCanvasElement} canvas the drawing surface (square)
 * @param {{onChange: (row: number[]) => void}} o called after each stroke with 64 values
 */
export function createDigitPad(canvas, { onChange = () => {} } = {}) {
  const SIZE = 256; // backing store, independent of CSS size
  canvas.width = canvas.height = SIZE;
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  const small = document.createElement('canvas');
  small.width = small.height = 8;
  const sctx = small.getContext('2d', { willReadFrequently: true });
  let drawing = false;
  let last = null;
  let dirty = false;
  let pending = 0;

  function pos(e) {
    const r = canvas.getBoundingClientRect();
    return [((e.clientX - r.left) / r.width) * SIZE, ((e.clientY - r.top) / r.height) * SIZE];
  }
  function stroke(a, b) {
    ctx.strokeStyle = '#000';
    ctx.lineCap = 'round';
    ctx.lineJoin = 'round';
    ctx.lineWidth = SIZE / 6; // thick, like the strokes of the UCI digits
    ctx.beginPath();
    ctx.moveTo(a[0], a[1]);
    ctx.lineTo(b[0], b[1]);
    ctx.stroke();
    dirty = true;
    schedule();
  }
  function schedule() {
    if (pending) return;
    pending = requestAnimationFrame(() => {
      pending = 0;
      if (dirty) {
        dirty = false;
        onChange(read());
      }
    });
  }
  canvas.addEventListener('pointerdown', (e) => {
    e.preventDefault();
    canvas.setPointerCapture(e.pointerId);
    drawing = true;
    last = pos(e);
    stroke(last, [last[0] + 0.1, last[1] + 0.1]);
  });
  canvas.addEventListener('pointermove', (e) => {
    if (!drawing) return;
    const p = pos(e);
    stroke(last, p);
    last = p;
  });
  const end = () => {
    drawing = false;
    last = null;
  };
  canvas.addEventListener('pointerup', end);
  canvas.addEventListener('pointercancel', end);

  /** The ink's bounding box in the drawing, or null when it is empty. */
  function inkBox() {
    const { data } = ctx.getImageData(0, 0, SIZE, SIZE);
    let x0 = SIZE;
    let y0 = SIZE;
    let x1 = -1;
    let y1 = -1;
    for (let y = 0; y < SIZE; y++) {
      for (let x = 0; x < SIZE; x++) {
        if (data[4 * (y * SIZE + x) + 3] > 16) {
          if (x < x0) x0 = x;
          if (x > x1) x1 = x;
          if (y < y0) y0 = y;
          if (y > y1) y1 = y;
        }
      }
    }
    return x1 < 0 ? null : { x: x0, y: y0, w: x1 - x0 + 1, h: y1 - y0 + 1 };
  }

  /**
   * The drawing as 64 values 0..16, row-major (pixel_0 … pixel_63). Like
   * the UCI preprocessing, the ink is first fitted into the box (its longer
   * side filling it, centred), then averaged down to 8×8 by the browser's
   * image scaling.
   */
  function read() {
    const box = inkBox();
    if (!box) return new Array(64).fill(0);
    const side = Math.max(box.w, box.h);
    const fit = document.createElement('canvas');
    fit.width = fit.height = 32;
    const fctx = fit.getContext('2d');
    fctx.imageSmoothingEnabled = true;
    fctx.imageSmoothingQuality = 'high';
    const scale = 32 / side;
    const w = box.w * scale;
    const hgt = box.h * scale;
    fctx.drawImage(canvas, box.x, box.y, box.w, box.h, (32 - w) / 2, (32 - hgt) / 2, w, hgt);
    sctx.clearRect(0, 0, 8, 8);
    sctx.imageSmoothingEnabled = true;
    sctx.imageSmoothingQuality = 'high';
    sctx.drawImage(fit, 0, 0, 8, 8);
    const { data } = sctx.getImageData(0, 0, 8, 8);
    const row = [];
    for (let i = 0; i < 64; i++) row.push(alphaToLevel(data[4 * i + 3]));
    return row;
  }

  function clear() {
    ctx.clearRect(0, 0, SIZE, SIZE);
  }

  /** Shows a 64-value row (0..16) as big pixels, e.g. a test example. */
  function show(row64) {
    clear();
    const cell = SIZE / 8;
    for (let i = 0; i < 64; i++) {
      const a = levelToAlpha(row64[i]);
      if (!a) continue;
      ctx.fillStyle = `rgba(0,0,0,${(a / 255).toFixed(3)})`;
      ctx.fillRect((i % 8) * cell, Math.floor(i / 8) * cell, cell, cell);
    }
  }

  return { read, clear, show };
}
