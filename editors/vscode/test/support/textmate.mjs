// Loads the Journey TextMate grammar with vscode-textmate + vscode-oniguruma (the same engine
// VS Code uses) and tokenizes text. Used by the unit tests and by `scripts/tokenize.mjs`.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const vsctm = require('vscode-textmate');
const oniguruma = require('vscode-oniguruma');

export const GRAMMAR_PATH = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'syntaxes', 'journey.tmLanguage.json');

let grammarPromise;

/** @returns {Promise<import('vscode-textmate').IGrammar>} */
export function loadGrammar() {
  grammarPromise ??= (async () => {
    const wasm = readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
    await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
    const registry = new vsctm.Registry({
      onigLib: Promise.resolve({
        createOnigScanner: (patterns) => new oniguruma.OnigScanner(patterns),
        createOnigString: (s) => new oniguruma.OnigString(s),
      }),
      loadGrammar: async (scopeName) => {
        if (scopeName !== 'source.journey') return null;
        return vsctm.parseRawGrammar(readFileSync(GRAMMAR_PATH, 'utf8'), GRAMMAR_PATH);
      },
    });
    const grammar = await registry.loadGrammar('source.journey');
    if (!grammar) throw new Error('cannot load source.journey');
    return grammar;
  })();
  return grammarPromise;
}

/**
 * Tokenizes `text` line by line.
 * @returns {Promise<{line: number, text: string, scopes: string[]}[]>} one entry per token
 */
export async function tokenize(text) {
  const grammar = await loadGrammar();
  let state = vsctm.INITIAL;
  const out = [];
  text.split(/\r?\n/).forEach((line, i) => {
    const r = grammar.tokenizeLine(line, state);
    for (const t of r.tokens) {
      out.push({ line: i, text: line.slice(t.startIndex, t.endIndex), scopes: t.scopes });
    }
    state = r.ruleStack;
  });
  return out;
}

/** True when a token's innermost scopes mark it as a keyword or an enumerated value. */
export function isKeywordScope(scopes) {
  return scopes.some(
    (s) =>
      /^(keyword\.(other|control|operator)|storage\.type|constant\.language)\./.test(s) &&
      !s.startsWith('keyword.other.unit.') &&
      !s.startsWith('keyword.operator.range.'),
  );
}
