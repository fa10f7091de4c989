// The README's runnable code blocks: each is a fenced block right after an
// HTML comment `<!-- test: NAME -->` (invisible on GitHub). readme.test.mjs
// and package.test.mjs run them as written.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** Every marked block: Map name → { lang, code, line } (line: the fence's, from 1). */
export function readmeBlocks(file = path.join(root, 'README.md')) {
  const text = readFileSync(file, 'utf8');
  const blocks = new Map();
  const re = /^<!-- test: ([\w-]+) -->\n```(\w*)\n([\s\S]*?)^```$/gm;
  for (const m of text.matchAll(re)) {
    if (blocks.has(m[1])) throw new Error(`README.md: two blocks are marked test: ${m[1]}`);
    const line = text.slice(0, m.index).split('\n').length + 1;
    blocks.set(m[1], { lang: m[2], code: m[3], line });
  }
  return blocks;
}

/** The block marked name (an error naming it when the README has none). */
export function readmeBlock(name, file) {
  const b = readmeBlocks(file).get(name);
  if (!b) throw new Error(`README.md has no code block marked <!-- test: ${name} -->`);
  return b;
}
