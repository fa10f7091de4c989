// Two source rules the tree keeps, checked on the files as they are:
//
//  1. Every //go:noinline in a Go file is on the one documented list, the
//     table in build/wasmsize.md ("The //go:noinline that remain"), by file
//     and function; every entry of the table is still in the tree.
//  2. No source file (Go or JavaScript under core/, wasm/, www/, build/) is
//     over MAX_LINES lines. Tests, test pages and fixtures, data, generated
//     and vendored files are not source here (see isSource). Files over it
//     today are allowed by name in OVER_TODAY, each until it is split.
//
// No build needed: `node --test build/test/source_rules.test.mjs`.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

const MAX_LINES = 600;

// The source files over MAX_LINES when this rule came in (round 2, issue 1),
// allowed until they are split: the branches splitting them are in flight,
// and the lead removes each entry when its split lands. The test fails on an
// entry that is no longer over the limit (or no longer there), so that the
// list only shrinks.
const OVER_TODAY = new Set([]);

// Directories walked for rule 2 (rule 1 walks the whole tree).
const SOURCE_DIRS = ['core', 'wasm', 'www', 'build'];

// Never walked: dependencies, build outputs, test data.
const SKIP_DIRS = new Set(['node_modules', '.git', '.bin', 'out', 'testdata']);

/** Reports whether rel (a path from the repository root, with /) is a
 * source file for the line limit. */
function isSource(rel) {
  if (!/\.(go|js|mjs|cjs)$/.test(rel)) return false;
  if (/_test\.go$/.test(rel) || /\.test\.(mjs|js)$/.test(rel)) return false; // tests
  if (rel.startsWith('build/test/')) return false; // test helpers and test pages
  if (/(^|\/)(testdata|data|fixtures|vendor)\//.test(rel)) return false; // data, vendored
  if (rel === 'www/wasm_exec.js') return false; // generated: copied from Go by make build
  return true;
}

/** Lists the files under dir (relative to root), skipping SKIP_DIRS. */
function walk(dir, out = []) {
  const abs = path.join(root, dir);
  if (!existsSync(abs)) return out;
  for (const e of readdirSync(abs, { withFileTypes: true })) {
    const rel = dir === '.' ? e.name : `${dir}/${e.name}`;
    if (e.isDirectory()) {
      if (!SKIP_DIRS.has(e.name)) walk(rel, out);
    } else if (e.isFile()) {
      out.push(rel);
    }
  }
  return out;
}

/** Counts a file's lines as wc -l does, plus a last line without '\n'. */
function countLines(text) {
  if (text === '') return 0;
  const n = text.split('\n').length;
  return text.endsWith('\n') ? n - 1 : n;
}

/** Returns the //go:noinline directives in Go source text: for each, the
 * line (from 1) and the function it applies to, as "Name" or "Type.Name". */
function noinlines(text) {
  const lines = text.split('\n');
  const found = [];
  lines.forEach((l, i) => {
    if (!/^\s*\/\/go:noinline\b/.test(l)) return;
    // The directive applies to the next declaration (other directives and
    // comments may come between).
    let j = i + 1;
    while (j < lines.length && /^\s*\/\//.test(lines[j])) j++;
    const m = /^func\s+(?:\(\s*(?:\w+\s+)?\*?\s*(\w+)(?:\[[^\]]*\])?\s*\)\s*)?(\w+)/.exec(lines[j] ?? '');
    found.push({ line: i + 1, func: m ? (m[1] ? `${m[1]}.${m[2]}` : m[2]) : `(not a function: ${lines[j]?.trim()})` });
  });
  return found;
}

/** Returns the noinline table of build/wasmsize.md: "file function" keys. */
function listedNoinlines(md) {
  const start = md.search(/^## The `\/\/go:noinline` that remain/m);
  assert.ok(start >= 0, 'build/wasmsize.md has no section "## The `//go:noinline` that remain"');
  const end = md.slice(start + 3).search(/^## /m);
  const section = end < 0 ? md.slice(start) : md.slice(start, start + 3 + end);
  const keys = [];
  for (const row of section.split('\n')) {
    const m = /^\|\s*`([^`]+\.go)`\s*\|\s*`([\w.]+)`\s*\|/.exec(row);
    if (m) keys.push(`${m[1]} ${m[2]}`);
  }
  return keys;
}

test('rule helpers: lines, directives and table rows', () => {
  assert.equal(countLines(''), 0);
  assert.equal(countLines('a\n'), 1);
  assert.equal(countLines('a\nb'), 2);
  const go = [
    '//go:noinline',
    'func plain(x int) int {',
    '// doc',
    '//',
    '//go:noinline',
    'func (w *jsonWriter) raw(s string) {}',
    '//go:noinline',
    'func (o jsonObj) has(k string) bool {',
    '//go:noinline',
    'func (l *List[T]) Len() int {',
  ].join('\n');
  assert.deepEqual(noinlines(go).map((d) => d.func), ['plain', 'jsonWriter.raw', 'jsonObj.has', 'List.Len']);
  const md = '# x\n## The `//go:noinline` that remain\n\n| file | function |\n| --- | --- |\n| `core/a.go` | `T.m` | why |\n\n## Next\n| `core/b.go` | `f` |\n';
  assert.deepEqual(listedNoinlines(md), ['core/a.go T.m']);
  for (const [rel, want] of [
    ['core/model.go', true], ['core/model_test.go', false], ['www/app/x.js', true], ['build/wasmsize.mjs', true],
    ['build/test/page_helpers.mjs', false], ['www/data/x.js', false], ['www/wasm_exec.js', false],
    ['core/testdata/x.go', false], ['www/style.css', false], ['build/x.test.mjs', false],
  ]) {
    assert.equal(isSource(rel), want, rel);
  }
});

test('every //go:noinline is on the list in build/wasmsize.md, and every entry is in the tree', () => {
  const listed = listedNoinlines(readFileSync(path.join(root, 'build/wasmsize.md'), 'utf8'));
  const dup = listed.filter((k, i) => listed.indexOf(k) !== i);
  assert.deepEqual(dup, [], 'entries listed twice in build/wasmsize.md');
  const found = [];
  for (const rel of walk('.')) {
    if (!rel.endsWith('.go')) continue;
    for (const d of noinlines(readFileSync(path.join(root, rel), 'utf8'))) found.push({ key: `${rel} ${d.func}`, where: `${rel}:${d.line}` });
  }
  const unlisted = found.filter((f) => !listed.includes(f.key)).map((f) => `${f.where} (${f.key.split(' ')[1]})`);
  assert.deepEqual(unlisted, [],
    'a //go:noinline that build/wasmsize.md does not list: measure what it saves (build/wasmsize.sh) and add it to ' +
    'the table "The //go:noinline that remain" with the reason, or remove it. Size choices belong in the build or ' +
    'in core/internal, not in the training code.');
  const stale = listed.filter((k) => !found.some((f) => f.key === k));
  assert.deepEqual(stale, [], 'entries of the //go:noinline table in build/wasmsize.md that are no longer in the tree: remove them');
});

test(`no source file is over ${MAX_LINES} lines, except those allowed today`, () => {
  const over = [];
  const lengths = new Map();
  for (const dir of SOURCE_DIRS) {
    for (const rel of walk(dir)) {
      if (!isSource(rel)) continue;
      const n = countLines(readFileSync(path.join(root, rel), 'utf8'));
      lengths.set(rel, n);
      if (n > MAX_LINES && !OVER_TODAY.has(rel)) over.push(`${rel}: ${n} lines`);
    }
  }
  assert.deepEqual(over, [], `source files over ${MAX_LINES} lines: split them (one concept per file)`);
  const stale = [...OVER_TODAY].filter((rel) => !(lengths.get(rel) > MAX_LINES))
    .map((rel) => `${rel}: ${lengths.has(rel) ? `${lengths.get(rel)} lines` : 'gone'}`);
  assert.deepEqual(stale, [], 'OVER_TODAY (build/test/source_rules.test.mjs) allows files that are no longer over the limit: remove them');
});
