// augment.js: the page's augmentation settings as fit's augment option
// (API.md, "Augmentation and hyperparameter search"), and in words. The
// state keeps one number per kind of change (0: off); which kinds a dataset
// takes is decided here: jitter for any numeric columns, shift, rotate and
// zoom for rows declared as images (digits: 8×8), mixup for classes fed as
// one column per class or one sigmoid (the API refuses it for class indices).
// Pure: no DOM, no API; tested by build/test/page_units.test.mjs.
//
//   augmentOf(state, data)   // { imageShape: [8, 8], shift: 1, … } or null

/** The rows of a shipped dataset that are images, by their declared shape. */
export const IMAGE_SHAPES = { digits: [8, 8] };

/** The image shape of the data's rows, or null (feature inputs make a 2-D set no image). */
export function imageShapeOf(data) {
  if (!data || data.inputs) return null;
  return IMAGE_SHAPES[data.source] ?? null;
}

/** Whether fit takes mixup for this data: classes, with a label column per output (or one sigmoid). */
export function mixupAllowed(data) {
  if (!data || data.task.kind !== 'classification') return false;
  return data.out.target === 'onehot' || data.out.loss === 'binaryCrossentropy';
}

/**
 * fit's augment option for the state on this data: only the kinds the data
 * takes and the state turns on, in AugmentConfig's order; null when none.
 */
export function augmentOf(s, data) {
  return augmentFor(s, imageShapeOf(data), mixupAllowed(data));
}

/**
 * The state's augment option for rows of this image shape (null: not
 * images) where mixup is (not) allowed; null when it changes nothing.
 */
export function augmentFor(s, shape, mixup = true) {
  const a = {};
  if (s.augJitter > 0) a.jitter = s.augJitter;
  if (shape && (s.augShift > 0 || s.augRotate > 0 || s.augScale > 0)) {
    a.imageShape = [...shape];
    if (s.augShift > 0) a.shift = s.augShift;
    if (s.augRotate > 0) a.rotate = s.augRotate;
    if (s.augScale > 0) a.scale = s.augScale;
  }
  if (s.augMixup > 0 && mixup) a.mixup = s.augMixup;
  return Object.keys(a).length ? a : null;
}

/** An augment option back as state keys (every kind; the ones it lacks 0). */
export function augmentState(a) {
  return {
    augJitter: a?.jitter ?? 0,
    augShift: a?.shift ?? 0,
    augRotate: a?.rotate ?? 0,
    augScale: a?.scale ?? 0,
    augMixup: a?.mixup ?? 0,
  };
}

/** An augment option in words: "shift ≤ 1 px, rotate ≤ 10°, zoom ±0.1" ("none" for null). */
export function augmentText(a) {
  if (!a) return 'none';
  const parts = [];
  if (a.shift) parts.push(`shift ≤ ${a.shift} px`);
  if (a.rotate) parts.push(`rotate ≤ ${a.rotate}°`);
  if (a.scale) parts.push(`zoom ±${a.scale}`);
  if (a.jitter) parts.push(`jitter ${a.jitter}`);
  if (a.mixup) parts.push(`mixup α ${a.mixup}`);
  return parts.join(', ');
}
