// Packing www/ as the npm package and installing it, offline, as a user
// would (package.test.mjs, readme.test.mjs).

import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

export const run = promisify(execFile);
export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/**
 * npm pack www/ into dest: { tgz, files (sorted paths), size (bytes of the
 * .tgz), unpackedSize }.
 */
export async function packLibrary(dest) {
  const { stdout } = await run(npm, ['pack', path.join(root, 'www'), '--pack-destination', dest, '--json', '--offline'], { cwd: dest, maxBuffer: 1 << 24 });
  const [info] = JSON.parse(stdout);
  return {
    tgz: path.join(dest, info.filename),
    files: info.files.map((f) => f.path).sort(),
    size: info.size,
    unpackedSize: info.unpackedSize,
  };
}

/** A fresh ES-module project in dir with the tarball installed from the file (no registry). */
export async function installTarball(dir, tgz) {
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'app', private: true, type: 'module' }, null, 2));
  await run(npm, ['install', '--offline', '--no-audit', '--no-fund', '--ignore-scripts', tgz], { cwd: dir, maxBuffer: 1 << 24 });
}

/**
 * Loads url in a new page of browser and waits until #out (or the element
 * done finds) has text; returns { text, responses: ['200 /path', …],
 * failed: responses ≥ 400 and failed requests, console: errors }.
 */
export async function openAndWait(browser, url, { origin, timeout = 90_000, selector = '#out' } = {}) {
  const page = await browser.newPage();
  const responses = [];
  const failed = [];
  const consoleErrors = [];
  const short = (u) => (origin && u.startsWith(origin) ? u.slice(origin.length) : u);
  page.on('response', (r) => {
    responses.push(`${r.status()} ${short(r.url())}`);
    if (r.status() >= 400) failed.push(`${r.status()} ${short(r.url())}`);
  });
  page.on('requestfailed', (r) => failed.push(`failed ${short(r.url())}: ${r.failure()?.errorText}`));
  page.on('console', (m) => {
    // The favicon.ico a browser asks every site for is not the page's.
    if (m.type() === 'error' && !/\/favicon\.ico$/.test(m.location()?.url ?? '')) consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => consoleErrors.push(`uncaught: ${e.message}`));
  await page.goto(url);
  await page.waitForFunction((sel) => (document.querySelector(sel)?.textContent ?? '') !== '', selector, { timeout });
  const text = await page.textContent(selector);
  return { page, text, responses, failed, consoleErrors };
}
