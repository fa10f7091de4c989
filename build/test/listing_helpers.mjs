// The page's helpers shared by the lesson and code-view tests: running the
// page's gotrain.js listing in Node, and moving through a lesson.

import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { repoRoot } from '../browser.mjs';
import { idle, parseNum } from './page_helpers.mjs';

const www = path.join(repoRoot, 'www');

/**
 * Runs a gotrain.js listing of the page's code view in Node as if it sat in
 * www/ (its imports and data URLs resolved there); returns its stdout.
 */
export async function runListing(code) {
  const src = code
    .replace("from './gotrain.js'", `from ${JSON.stringify(pathToFileURL(path.join(www, 'gotrain.js')).href)}`)
    .replaceAll('import.meta.url', JSON.stringify(pathToFileURL(path.join(www, 'listing.mjs')).href));
  if (src === code) throw new Error('the listing does not import ./gotrain.js');
  const dir = mkdtempSync(path.join(tmpdir(), 'gotrain-listing-'));
  try {
    const file = path.join(dir, 'listing.mjs');
    writeFileSync(file, src);
    const { stdout } = await promisify(execFile)(process.execPath, [file], { timeout: 300_000, maxBuffer: 1 << 26 });
    return stdout;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Each epoch's value of key ('loss', 'val_loss', …) as the listing's onEpochEnd printed it. */
export function epochValues(stdout, key) {
  return [...stdout.matchAll(new RegExp(`^epoch \\d+ \\{[^}]*?\\b${key}: ([-\\d.e]+)`, 'gm'))].map((m) => Number(m[1]));
}

/** The page's current gotrain.js listing run in Node: each epoch's value of key. */
export async function listingValues(page, key) {
  const code = await page.getByRole('region', { name: 'gotrain.js code' }).textContent();
  return epochValues(await runListing(code), key);
}

/** A number of the math panel by its data-q (the last one shown, as in the update block). */
export const q = async (page, key) => parseNum(await page.locator(`.math-body [data-q="${key}"]`).last().textContent());

/** The lesson panel's step heading. */
export const stepTitle = (page) => page.locator('.lesson-body h3').textContent();

/** The lesson's next step. */
export async function next(page) {
  await page.getByRole('button', { name: /^Next: / }).click();
  await idle(page);
}
