// Every keyword of the pest grammar must be highlighted as a keyword by the TextMate grammar,
// and every keyword the TextMate grammar knows must exist in the pest grammar.
//
// The pest grammar (`grammar/journey.pest` at the repository root) writes each keyword as a
// string literal directly followed by `~ kw_end`, e.g. `"emotion" ~ kw_end`, and enumerated
// values as `("pre_purchase" | "usage") ~ kw_end`. Keywords are contextual, so each literal is
// tokenized in the places it can occur: at the start of a statement in each kind of block,
// after another keyword (`approach goal`), inside `completed x 1 of 2`, or as a unit after a
// number (`45min`). It passes when one of those tokenizations scopes exactly that word as a
// keyword, an enumerated value (`constant.language.*`) or, for units, `keyword.other.unit.*`.
//
// JOURNEY_PEST=/path/to/journey.pest overrides the grammar file (for trying a draft).
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { pestKeywords } from '../support/pest.mjs';
import { GRAMMAR_PATH, isKeywordScope, tokenize } from '../support/textmate.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const EXTENSION_ROOT = join(here, '..', '..');
const PEST = process.env.JOURNEY_PEST
  ? resolve(process.env.JOURNEY_PEST)
  : join(EXTENSION_ROOT, '..', '..', 'grammar', 'journey.pest');

/** Keywords the TextMate grammar knows: words inside its keyword-boundary groups. */
function textMateKeywords() {
  const json = readFileSync(GRAMMAR_PATH, 'utf8');
  const words = new Set();
  const re = /\(\?<!\[\\\\p\{XID_Continue\}\\\\-\]\)\((?:\?:)?([^()]*)\)\(\?!/g;
  for (const m of json.matchAll(re)) {
    for (const w of m[1].split('|')) if (/^[a-z_]+$/.test(w)) words.add(w);
  }
  // Duration units are not behind keyword boundaries on their left (`45min`).
  const units = json.match(/\(min\|s\|h\|d\|w\)/);
  if (units) for (const w of ['min', 's', 'h', 'd', 'w']) words.add(w);
  return words;
}

// --- contexts in which a keyword can occur ----------------------------------------------------
const CONTEXTS = {
  'top level': '',
  persona: 'persona p {\n',
  channel: 'channel c {\n',
  journey: 'journey j {\n',
  stage: 'journey j {\nstage s {\n',
  touchpoint: 'journey j {\nstage s {\ntouchpoint t {\n',
  pain: 'journey j {\nstage s {\ntouchpoint t {\npain "p" {\n',
  desired: 'journey j {\nstage s {\ndesired d {\n',
  kpi: 'journey j {\nkpi k {\n',
};

/** Where in the last line `word` is found as a keyword (or unit), else null. */
async function keywordIn(prefix, line, word, { unit = false } = {}) {
  const lines = (prefix + line).split('\n').length - 1;
  for (const tok of await tokenize(prefix + line)) {
    if (tok.line !== lines || tok.text !== word) continue;
    if (isKeywordScope(tok.scopes)) return tok.scopes.at(-1);
    if (unit && tok.scopes.some((s) => s.startsWith('keyword.other.unit.'))) return tok.scopes.at(-1);
  }
  return null;
}

async function findKeyword(word, all) {
  // 1. At the start of a statement.
  for (const [name, prefix] of Object.entries(CONTEXTS)) {
    for (const line of [word, `${word} x`]) {
      const scope = await keywordIn(prefix, line, word);
      if (scope) return `${name}: \`${line}\` → ${scope}`;
    }
  }
  // 2. As the argument or part of the arguments of another keyword, or as a unit.
  for (const [name, prefix] of Object.entries(CONTEXTS)) {
    for (const k of all) {
      for (const line of [`${k} ${word}`, `${k} x 1 ${word} 2`]) {
        const scope = await keywordIn(prefix, line, word);
        if (scope) return `${name}: \`${line}\` → ${scope}`;
      }
      const scope = await keywordIn(prefix, `${k} 1${word}`, word, { unit: true });
      if (scope) return `${name}: \`${k} 1${word}\` → ${scope}`;
    }
  }
  return null;
}

test('the pest grammar parser finds keyword literals', () => {
  const src = `
    // "commented" ~ kw_end is ignored
    a = ${'${'} "alpha" ~ kw_end ~ ws ~ ("b1" | "b2") ~ kw_end }
    c = @{ ("x" ~ "y" | "z") ~ kw_end ~ "notkw" ~ ("p" | "q")? ~ kw_end }
    d = _{ "\\"" ~ "//" ~ kw_end }`;
  assert.deepEqual(pestKeywords(src), ['//', 'alpha', 'b1', 'b2', 'y', 'z']);
});

test('every keyword of grammar/journey.pest is a keyword in the TextMate grammar', async (t) => {
  assert.ok(existsSync(PEST), `pest grammar not found at ${PEST} (set JOURNEY_PEST to override)`);
  const keywords = pestKeywords(readFileSync(PEST, 'utf8'));
  assert.ok(keywords.length >= 30, `only ${keywords.length} keywords extracted from ${PEST}: ${keywords}`);
  t.diagnostic(`${keywords.length} keywords in ${PEST}`);
  const missing = [];
  for (const word of keywords) {
    const where = await findKeyword(word, keywords);
    if (where) t.diagnostic(`${word.padEnd(16)} ${where}`);
    else missing.push(word);
  }
  assert.deepEqual(missing, [], `keywords of ${PEST} that the TextMate grammar does not highlight: ${missing.join(', ')}`);
});

test('every keyword of the TextMate grammar exists in grammar/journey.pest', () => {
  assert.ok(existsSync(PEST), `pest grammar not found at ${PEST}`);
  const pest = new Set(pestKeywords(readFileSync(PEST, 'utf8')));
  const tm = textMateKeywords();
  assert.ok(tm.size >= 30, `only ${tm.size} keywords found in the TextMate grammar`);
  const extra = [...tm].filter((w) => !pest.has(w)).sort();
  assert.deepEqual(extra, [], `keywords in the TextMate grammar but not in ${PEST}: ${extra.join(', ')}`);
});
