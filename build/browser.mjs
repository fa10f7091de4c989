// Shared helpers for gotrain's browser tests (node:test + playwright-core,
// driving Debian's Chromium; playwright never downloads a browser here).
//
//   import { launch, startServer, guardPage, installLongTaskProbe,
//            readLongTasks } from '../browser.mjs';
//
//   const server = await startServer({ dir: 'www' });    // serve on 127.0.0.1
//   const browser = await launch();
//   const page = await browser.newPage();
//   const guard = guardPage(page);           // console errors, foreign hosts
//   await installLongTaskProbe(page);        // before the first goto
//   await page.goto(server.url);
//   ...
//   const lt = await readLongTasks(page);    // { longestTaskMs, ... }
//   guard.assertClean();
//   await browser.close(); await server.stop();
//
// Paths (dir, mount dirs, screenshot paths) are relative to the repo root.

import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync, readdirSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';

/** Absolute path of the repository root (the parent of build/). */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Where tests put screenshots and other artefacts (gitignored). */
export const outDir = path.join(repoRoot, 'build', 'out');

/** The Chromium binary used: $CHROMIUM or Debian's /usr/bin/chromium. */
export const chromiumPath = process.env.CHROMIUM || '/usr/bin/chromium';

/** Only this host may be contacted by pages under test. */
export const LOCAL_HOST = '127.0.0.1';

/** Chromium flags for every test browser. */
export const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  // Belt and braces next to guardPage(): no host but 127.0.0.1 resolves
  // (the rules apply to IP literals too), so nothing leaves the machine even
  // if a page tries.
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost',
];

/**
 * Launches headless Chromium through playwright-core.
 * @param {object} [opts] extra options merged into chromium.launch().
 */
export async function launch(opts = {}) {
  if (!existsSync(chromiumPath)) {
    throw new Error(
      `Chromium not found at ${chromiumPath}. Run \`make test\` (installs Debian's ` +
        'chromium when run as root), or `sudo apt-get install -y chromium`, ' +
        'or set CHROMIUM=/path/to/chromium.',
    );
  }
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: chromiumPath,
    ...opts,
    args: [...chromiumArgs, ...(opts.args || [])],
  });
}

// ---------------------------------------------------------------------------
// Static server (build/serve)

const prebuiltServe = path.join(repoRoot, 'build', '.bin', 'serve');
const serveSrc = path.join(repoRoot, 'build', 'serve');
let builtServe = null; // per-process fallback build

function newestMtime(dir) {
  let t = 0;
  for (const f of readdirSync(dir)) {
    if (f.endsWith('.go')) t = Math.max(t, statSync(path.join(dir, f)).mtimeMs);
  }
  return t;
}

/**
 * The server binary: build/.bin/serve (built by `make build`/`make test`) if
 * it is newer than its sources, else a copy built once per process into a
 * temporary directory (so parallel test files never race on one output).
 */
function serveBinary() {
  if (existsSync(prebuiltServe) && statSync(prebuiltServe).mtimeMs >= newestMtime(serveSrc)) {
    return prebuiltServe;
  }
  if (builtServe) return builtServe;
  const dir = mkdtempSync(path.join(tmpdir(), 'gotrain-serve-'));
  const bin = path.join(dir, 'serve');
  const r = spawnSync('go', ['build', '-o', bin, './build/serve'], {
    cwd: repoRoot,
    encoding: 'utf8',
  });
  if (r.error || r.status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`go build ./build/serve failed: ${r.error || r.stderr}`);
  }
  process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
  builtServe = bin;
  return bin;
}

/**
 * Starts build/serve on a free 127.0.0.1 port.
 *
 * @param {object} [o]
 * @param {string} [o.dir='www'] directory served at /, relative to the repo root.
 * @param {Record<string,string>|Array<[string,string]>} [o.mounts] extra
 *   URL prefix -> directory, e.g. { '/node_modules/': 'build/node_modules' }.
 * @param {boolean} [o.coi] send COOP/COEP (cross-origin isolation).
 * @param {boolean} [o.verbose] log requests to this process's stderr.
 * @returns {Promise<{url: string, origin: string, stop: () => Promise<void>}>}
 *   url is the base URL ending in '/'.
 */
export async function startServer({ dir = 'www', mounts = {}, coi = false, verbose = false } = {}) {
  const args = ['-addr', `${LOCAL_HOST}:0`, '-dir', path.resolve(repoRoot, dir)];
  const pairs = Array.isArray(mounts) ? mounts : Object.entries(mounts);
  for (const [prefix, mdir] of pairs) args.push('-mount', `${prefix}=${path.resolve(repoRoot, mdir)}`);
  if (coi) args.push('-coi');
  if (verbose) args.push('-v');

  const child = spawn(serveBinary(), args, {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', verbose ? 'inherit' : 'pipe'],
  });
  let stderr = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (d) => {
    stderr = (stderr + d).slice(-4000);
  });
  const killOnExit = () => child.kill('SIGKILL');
  process.on('exit', killOnExit);

  const exited = new Promise((resolve) => child.once('exit', (code, sig) => resolve({ code, sig })));
  const lines = createInterface({ input: child.stdout });

  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`serve did not print its URL within 30s\n${stderr}`));
    }, 30_000);
    lines.once('line', (line) => {
      clearTimeout(timer);
      const m = /^serving (http:\/\/\S+\/)$/.exec(line.trim());
      if (m) resolve(m[1]);
      else {
        child.kill('SIGKILL');
        reject(new Error(`unexpected first line from serve: ${JSON.stringify(line)}\n${stderr}`));
      }
    });
    child.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    exited.then(({ code, sig }) => {
      clearTimeout(timer);
      reject(new Error(`serve exited (${code ?? sig}) before serving:\n${stderr}`));
    });
  });
  lines.on('line', () => {}); // keep draining stdout

  let stopping = null;
  const stop = () => {
    stopping ??= (async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const t = setTimeout(() => child.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(t);
      }
      process.off('exit', killOnExit);
    })();
    return stopping;
  };
  return { url, origin: new URL(url).origin, stop };
}

// ---------------------------------------------------------------------------
// Page guards

/**
 * Watches a page for console errors, uncaught exceptions and requests to any
 * host but 127.0.0.1 (data:, blob: and about: URLs are fine). Call it before
 * page.goto(). assertClean() throws listing everything seen; errors() returns
 * the list.
 *
 * @param {import('playwright-core').Page} page
 * @param {object} [o]
 * @param {RegExp[]} [o.allowConsole] console error texts to ignore.
 */
export function guardPage(page, { allowConsole = [] } = {}) {
  const problems = [];
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    const text = msg.text();
    if (allowConsole.some((re) => re.test(text))) return;
    const loc = msg.location();
    problems.push(`console error: ${text}${loc?.url ? ` (${loc.url}:${loc.lineNumber})` : ''}`);
  });
  page.on('pageerror', (err) => {
    problems.push(`uncaught exception: ${err.stack || err.message || err}`);
  });
  page.on('request', (req) => {
    let u;
    try {
      u = new URL(req.url());
    } catch {
      problems.push(`unparsable request URL: ${req.url()}`);
      return;
    }
    if (u.protocol === 'data:' || u.protocol === 'blob:' || u.protocol === 'about:') return;
    if (u.hostname !== LOCAL_HOST) problems.push(`request to a non-local host: ${req.method()} ${req.url()}`);
  });
  page.on('crash', () => problems.push('page crashed'));
  return {
    errors: () => [...problems],
    assertClean() {
      if (problems.length) {
        throw new Error(`page problems (${problems.length}):\n  ${problems.join('\n  ')}`);
      }
    },
  };
}

// ---------------------------------------------------------------------------
// Main-thread responsiveness probe

// Injected into every document of the page before its own scripts run.
// Three measures, all of the main thread of the top document only (work in
// Web Workers never blocks it and is not counted):
//  - longtask: PerformanceObserver 'longtask' entries. Chromium reports only
//    tasks longer than 50 ms, so longestTaskMs is 0 when every task was
//    shorter; totalBlockingMs sums (duration - 50 ms) over them, like
//    Lighthouse's Total Blocking Time.
//  - maxTimerLagMs: a 10 ms setInterval probe; each tick records how late it
//    ran. A task of T ms delays the next tick by about T - 10 ms, so this
//    sees tasks below 50 ms too (resolution ~10 ms; the probe costs a few
//    microseconds per tick).
//  - maxFrameGapMs: the longest gap between two requestAnimationFrame
//    callbacks (about 16.7 ms at 60 Hz when idle); a frame gap is what a
//    person sees as a freeze. Frame times are quantised to the vsync, so a
//    150 ms task shows as a gap of roughly 130-170 ms. reset() counts from
//    its own moment, so a task that starts before the next frame is seen.
// Code run directly by page.evaluate() is a DevTools task that Chromium does
// not report as a longtask; the timer and frame probes still see it. Work the
// page starts itself (its own timers, clicks via page.click(), messages from
// a worker) shows in all three. Idle, expect maxTimerLagMs of a few ms up to
// ~15 ms and maxFrameGapMs of ~17 ms.
const probeSource = `(() => {
  if (window.__gotrainLongTasks) return;
  const s = window.__gotrainLongTasks = {
    t0: performance.now(), longestTaskMs: 0, longTaskCount: 0, totalBlockingMs: 0,
    maxTimerLagMs: 0, maxFrameGapMs: 0, entries: [],
  };
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        if (e.startTime < s.t0) continue;
        s.longTaskCount++;
        s.totalBlockingMs += Math.max(0, e.duration - 50);
        if (e.duration > s.longestTaskMs) s.longestTaskMs = e.duration;
        if (s.entries.length < 200) s.entries.push({ startTime: e.startTime, duration: e.duration, name: e.name });
      }
    }).observe({ type: 'longtask', buffered: true });
  } catch (err) { s.observerError = String(err); }
  const period = 10;
  let last = performance.now();
  setInterval(() => {
    const now = performance.now();
    const lag = now - last - period;
    if (lag > s.maxTimerLagMs) s.maxTimerLagMs = lag;
    last = now;
  }, period);
  let lastFrame = 0;
  const frame = (t) => {
    if (lastFrame && t - lastFrame > s.maxFrameGapMs) s.maxFrameGapMs = t - lastFrame;
    lastFrame = t;
    requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
  s.reset = () => {
    s.t0 = performance.now();
    s.longestTaskMs = s.longTaskCount = s.totalBlockingMs = s.maxTimerLagMs = s.maxFrameGapMs = 0;
    s.entries = []; last = performance.now(); lastFrame = last;
  };
})();`;

/** Installs the responsiveness probe; call before page.goto(). */
export async function installLongTaskProbe(page) {
  await page.addInitScript({ content: probeSource });
}

/**
 * Reads the probe: { longestTaskMs, longTaskCount, totalBlockingMs,
 * maxTimerLagMs, maxFrameGapMs, entries }. Waits one frame first so a task
 * that just ended is reported.
 */
export async function readLongTasks(page) {
  return page.evaluate(async () => {
    await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
    const s = window.__gotrainLongTasks;
    if (!s) throw new Error('installLongTaskProbe(page) was not called before page.goto()');
    const { reset, t0, ...data } = s;
    return JSON.parse(JSON.stringify(data));
  });
}

/** Zeroes the probe, e.g. after page load and before the action measured. */
export async function resetLongTasks(page) {
  await page.evaluate(() => window.__gotrainLongTasks?.reset());
}

// ---------------------------------------------------------------------------
// Misc

/** Saves a full-page screenshot to build/out/screenshots/NAME.png; returns the path. */
export async function screenshot(page, name) {
  const dir = path.join(outDir, 'screenshots');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}
