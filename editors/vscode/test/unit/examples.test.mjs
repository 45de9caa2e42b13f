// The repository's examples (examples/*.journey, valid files) highlight cleanly: no invalid
// tokens, and the first word of every statement line is scoped as a keyword, which fails when
// the grammar loses track of the block it is in.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { isKeywordScope, tokenize } from '../support/textmate.mjs';
import { pestKeywords } from '../support/pest.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const repo = join(root, '..', '..');
const examplesDir = join(repo, 'examples');
const pest = join(repo, 'grammar', 'journey.pest');
const examples = existsSync(examplesDir) ? readdirSync(examplesDir).filter((f) => f.endsWith('.journey')).sort() : [];
const keywords = new Set(existsSync(pest) ? pestKeywords(readFileSync(pest, 'utf8')) : []);

test('examples exist', { skip: examples.length === 0 && 'no examples/ directory' }, () => {
  assert.ok(examples.length > 0);
});

for (const name of examples) {
  test(`examples/${name} highlights cleanly`, async () => {
    const text = readFileSync(join(examplesDir, name), 'utf8');
    const tokens = await tokenize(text);
    const invalid = tokens.filter((t) => t.scopes.some((s) => s.startsWith('invalid.')));
    assert.deepEqual(invalid.map((t) => `${t.line + 1}: ${t.text}`), [], 'invalid tokens');
    const problems = [];
    const firstOnLine = new Map();
    for (const t of tokens) if (t.text.trim() !== '' && !firstOnLine.has(t.line)) firstOnLine.set(t.line, t);
    for (const [line, t] of firstOnLine) {
      if (!keywords.has(t.text)) continue;
      if (t.scopes.some((s) => s.startsWith('comment.') || s.startsWith('string.'))) continue;
      if (!isKeywordScope(t.scopes)) problems.push(`${line + 1}: \`${t.text}\` is ${t.scopes.at(-1)}`);
    }
    assert.deepEqual(problems, [], 'statement keywords not highlighted as keywords');
  });
}
