// colors.js: colour scales, the only "math" the page does (mapping numbers
// it got from the API to colours). Pure; unit-tested in page_units.test.mjs.

/** TF Playground's colours: class 0 orange, class 1 blue, a light grey between. */
export const ORANGE = [245, 147, 34];
export const BLUE = [8, 119, 189];
export const NEUTRAL = [232, 234, 235];

/** Class colours: orange and blue first (as Playground), then eight more. */
export const CLASS_COLORS = [
  ORANGE,
  BLUE,
  [44, 160, 44],
  [148, 103, 189],
  [214, 39, 40],
  [23, 190, 207],
  [140, 86, 75],
  [227, 119, 194],
  [127, 127, 127],
  [188, 189, 34],
];

/** rgb triple → "#rrggbb". */
export function hex([r, g, b]) {
  return '#' + [r, g, b].map((c) => Math.round(c).toString(16).padStart(2, '0')).join('');
}

/** Colour of class i (cycles after ten). */
export function classColor(i) {
  const n = CLASS_COLORS.length;
  return CLASS_COLORS[((i % n) + n) % n];
}

function mix(a, b, t) {
  return [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t, a[2] + (b[2] - a[2]) * t];
}

/**
 * Diverging scale on [-1, 1]: -1 orange, 0 neutral grey, 1 blue; values
 * outside are clamped, NaN is neutral. Returns an rgb triple of numbers.
 */
export function diverging(v) {
  if (!Number.isFinite(v)) return Number.isNaN(v) ? [...NEUTRAL] : v > 0 ? [...BLUE] : [...ORANGE];
  const t = Math.max(-1, Math.min(1, v));
  return t < 0 ? mix(NEUTRAL, ORANGE, -t) : mix(NEUTRAL, BLUE, t);
}

/** The diverging scale in two steps: orange below 0, blue above (a regression output discretized, as TF Playground). */
export function signColor(v) {
  if (!Number.isFinite(v) || v === 0) return [...NEUTRAL];
  return v > 0 ? [...BLUE] : [...ORANGE];
}

/** Probability of class 1 on [0, 1] → orange (0) … grey (0.5) … blue (1). */
export function probability(p) {
  return diverging(2 * p - 1);
}

/** Class i's colour lightened towards white by amount t in [0, 1]. */
export function lighten(rgb, t) {
  return mix(rgb, [255, 255, 255], Math.max(0, Math.min(1, t)));
}

/**
 * Sequential white → colour scale for counts (confusion matrices): v in
 * [0, max] → rgb. max ≤ 0 gives white.
 */
export function sequential(v, max, rgb = BLUE) {
  if (!(max > 0) || !(v > 0)) return [255, 255, 255];
  return mix([255, 255, 255], rgb, Math.min(1, v / max));
}

/** Relative luminance in [0, 1] (WCAG), to pick black or white text. */
export function luminance([r, g, b]) {
  const lin = (c) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

/** Text colour readable on the given background. */
export function textOn(rgb) {
  return luminance(rgb) > 0.4 ? '#1b1f23' : '#ffffff';
}

/**
 * Weight → link style for the network diagram: colour by sign (blue
 * positive, orange negative as Playground), width grows with |w| relative to
 * scale, from 0.5 to 6 px.
 */
export function weightStyle(w, scale = 1) {
  const s = scale > 0 ? scale : 1;
  const t = Number.isFinite(w) ? Math.min(1, Math.abs(w) / s) : 0;
  return { color: hex(w >= 0 ? BLUE : ORANGE), width: 0.5 + 5.5 * t, opacity: 0.35 + 0.65 * t };
}

/**
 * Shade level 0..9 of a count v out of max, for CSS classes (the page sets
 * no inline styles: colours come from classes in style.css). 0 is white.
 */
export function shade(v, max) {
  if (!(max > 0) || !(v > 0)) return 0;
  return Math.max(1, Math.min(9, Math.round((v / max) * 9)));
}
