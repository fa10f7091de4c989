// gotrain's TypeScript declarations (www/gotrain.d.ts, www/types/*.d.ts),
// checked as a user's project would use them: the typed examples under
// build/test/types/good pass `tsc --strict` (declarations included, no
// skipLibCheck) under Node's and bundlers' module resolution, with and
// without the DOM's types; each misuse marked in build/test/types/bad fails
// with its error on its line; and the good examples, compiled, run in Node
// and do what their types say (in both modes). `import 'gotrain'` resolves
// through www/package.json's exports, from a node_modules/gotrain link.
// Needs `make build` (the examples train) and build/node_modules (tsc).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..', '..');
const tsc = path.join(root, 'build', 'node_modules', '.bin', 'tsc');
const fixtures = path.join(here, 'types');

if (!existsSync(tsc)) throw new Error('build/node_modules/.bin/tsc missing: run `make test-deps` (npm ci in build/)');
if (!existsSync(path.join(root, 'www', 'gotrain.wasm'))) throw new Error('www/gotrain.wasm missing: run `make build`');

// A project folder under build/out (so that @types/node and TF.js resolve
// from build/node_modules) with gotrain linked in as a package.
let dir;
before(() => {
  mkdirSync(path.join(root, 'build', 'out'), { recursive: true });
  dir = mkdtempSync(path.join(root, 'build', 'out', 'types-'));
  mkdirSync(path.join(dir, 'node_modules'));
  symlinkSync(path.join(root, 'www'), path.join(dir, 'node_modules', 'gotrain'), 'dir');
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'typed-app', private: true, type: 'module' }));
  cpSync(fixtures, dir, { recursive: true });
});
after(() => rmSync(dir, { recursive: true, force: true }));

const STRICT = { strict: true, target: 'es2022', module: 'nodenext', moduleResolution: 'nodenext', skipLibCheck: false, noEmit: true };

/** Runs tsc on files with compilerOptions over STRICT; { code, out } (out: tsc's diagnostics). */
async function check(name, files, options = {}) {
  const config = path.join(dir, `tsconfig.${name}.json`);
  writeFileSync(config, JSON.stringify({ compilerOptions: { ...STRICT, ...options }, files }, null, 2));
  try {
    const { stdout } = await run(tsc, ['-p', config, '--pretty', 'false'], { cwd: dir });
    return { code: 0, out: stdout };
  } catch (e) {
    if (typeof e.code !== 'number') throw e;
    return { code: e.code, out: e.stdout + e.stderr };
  }
}

const good = readdirSync(path.join(fixtures, 'good')).filter((f) => f.endsWith('.ts')).sort();
const bad = readdirSync(path.join(fixtures, 'bad')).filter((f) => f.endsWith('.ts')).sort();
// TF.js 4.22's own declarations do not pass a strict check (TS2411 and
// more inside @tensorflow/tfjs-layers), so its example skips library
// checks; every other check includes gotrain's declarations.
const withoutTfjs = good.filter((f) => f !== 'tfjs.ts').map((f) => `good/${f}`);

test('tsc --strict passes on the typed examples (Node resolution, Node and DOM types)', async () => {
  assert.ok(good.length >= 5 && bad.length >= 2, `examples found: ${good}, ${bad}`);
  const r = await check('good', withoutTfjs, { lib: ['es2022', 'dom'], types: ['node'] });
  assert.equal(r.out.trim(), '', 'no diagnostics');
  assert.equal(r.code, 0);
});

test('tsc --strict: the declarations need neither the DOM nor Node types, and work under bundler resolution', async () => {
  const node = await check('node', withoutTfjs, { lib: ['es2022'], types: ['node'] });
  assert.equal(node.out.trim(), '', 'a Node project without lib.dom');
  const browser = await check('browser', ['good/keras.ts', 'good/keras-worker.ts', 'good/api.ts'], { lib: ['es2022', 'dom'], types: [] });
  assert.equal(browser.out.trim(), '', 'a browser project without @types/node');
  const bundler = await check('bundler', ['good/keras.ts', 'good/keras-worker.ts'], { module: 'esnext', moduleResolution: 'bundler', lib: ['es2022', 'dom'], types: [] });
  assert.equal(bundler.out.trim(), '', "a bundler's resolution (Vite)");
});

test("tsc --strict: the TF.js interop example against TF.js' own types", async () => {
  const r = await check('tfjs', ['good/tfjs.ts'], { lib: ['es2022', 'dom'], types: ['node'], skipLibCheck: true });
  assert.equal(r.out.trim(), '', 'no diagnostics');
});

/** The expectations of a bad example: lines ending in `// error TSnnnn: text`. */
function expectations(file) {
  const out = [];
  readFileSync(path.join(fixtures, 'bad', file), 'utf8')
    .split('\n')
    .forEach((line, i) => {
      const m = /\/\/ error (TS\d+): (.+)$/.exec(line);
      if (m) out.push({ line: i + 1, code: m[1], text: m[2].trim() });
    });
  return out;
}

for (const file of bad) {
  test(`tsc --strict fails on bad/${file}, with the error marked on each line`, async () => {
    const want = expectations(file);
    assert.ok(want.length > 0, `${file} marks no expected error`);
    const r = await check(`bad-${path.basename(file, '.ts')}`, [`bad/${file}`], { lib: ['es2022', 'dom'], types: ['node'] });
    assert.notEqual(r.code, 0, 'tsc must fail');
    const got = [...r.out.matchAll(/^bad\/[\w.-]+\((\d+),\d+\): error (TS\d+): (.*)$/gm)].map((m) => ({ line: Number(m[1]), code: m[2], text: m[3] }));
    for (const w of want) {
      const hit = got.find((g) => g.line === w.line && g.code === w.code);
      assert.ok(hit, `line ${w.line}: want ${w.code} (${w.text}); tsc said:\n${r.out}`);
      assert.ok(r.out.includes(w.text), `line ${w.line}: want the message to include: ${w.text}\ntsc said:\n${r.out}`);
    }
    const extra = got.filter((g) => !want.some((w) => w.line === g.line));
    assert.deepEqual(extra, [], 'errors only where marked');
  });
}

test('the typed examples, compiled, run in Node in both modes as their types say', async (t) => {
  const emit = { noEmit: false, outDir: 'dist', rootDir: 'good', lib: ['es2022', 'dom'], types: ['node'] };
  const r1 = await check('emit', withoutTfjs, emit);
  assert.equal(r1.code, 0, r1.out);
  const r2 = await check('emit-tfjs', ['good/tfjs.ts'], { ...emit, skipLibCheck: true });
  assert.equal(r2.code, 0, r2.out);
  const runs = [...good.map((f) => [path.basename(f, '.ts') + '.js']), ['either-mode.js', '--worker']];
  for (const [file, ...args] of runs) {
    const { stdout } = await run(process.execPath, [path.join('dist', file), ...args], { cwd: dir, timeout: 120_000 });
    const line = stdout.trim().split('\n').at(-1);
    const result = JSON.parse(line);
    t.diagnostic(`${file} ${args.join(' ')}: ${line}`);
    if ('backend' in result) assert.equal(result.backend, 'simd');
  }
});
