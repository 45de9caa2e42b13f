// package.json, language configuration, snippets and the generated grammar.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { tokenize } from '../support/textmate.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const read = (p) => readFileSync(join(root, p), 'utf8');
const pkg = JSON.parse(read('package.json'));

test('the committed TextMate grammar is what scripts/generate-grammar.mjs generates', () => {
  execFileSync(process.execPath, [join(root, 'scripts', 'generate-grammar.mjs'), '--check'], { stdio: 'pipe' });
});

test('package.json contributes the journey language, grammar, snippets, settings and command', () => {
  const lang = pkg.contributes.languages.find((l) => l.id === 'journey');
  assert.deepEqual(lang.extensions, ['.journey']);
  assert.ok(lang.aliases.includes('Journey'));
  assert.ok(existsSync(join(root, lang.configuration)));
  const grammar = pkg.contributes.grammars.find((g) => g.language === 'journey');
  assert.equal(grammar.scopeName, 'source.journey');
  assert.equal(JSON.parse(read(grammar.path)).scopeName, 'source.journey');
  assert.ok(existsSync(join(root, pkg.contributes.snippets[0].path)));
  const props = pkg.contributes.configuration.properties;
  assert.equal(props['journey.server.path'].type, 'string');
  assert.deepEqual(props['journey.trace.server'].enum, ['off', 'messages', 'verbose']);
  assert.ok(pkg.contributes.commands.some((c) => c.command === 'journey.restartServer'));
  assert.equal(pkg.engines.vscode, '^1.91.0');
  assert.equal(pkg.license, 'MIT OR Apache-2.0');
  assert.ok(existsSync(join(root, pkg.icon)));
  const png = readFileSync(join(root, pkg.icon));
  assert.equal(png.readUInt32BE(16), 128, 'icon width');
  assert.equal(png.readUInt32BE(20), 128, 'icon height');
});

test('LICENSE carries both license texts of the repository (ci.sh rewrites it from them)', () => {
  const license = read('LICENSE');
  for (const name of ['LICENSE-MIT', 'LICENSE-APACHE']) {
    assert.ok(license.includes(read(join('..', '..', name))), `LICENSE lacks the text of ${name}`);
  }
});

test('the word pattern keeps check-in, Polish letters and values as one word', () => {
  const conf = JSON.parse(read('language-configuration.json'));
  const re = new RegExp(conf.wordPattern.pattern, conf.wordPattern.flags + 'g');
  const words = (s) => s.match(re);
  assert.deepEqual(words('owner check-in'), ['owner', 'check-in']);
  assert.deepEqual(words('stage świadomość "Świadomość"'), ['stage', 'świadomość', 'Świadomość']);
  assert.deepEqual(words('_b2b_lead, żółć'), ['_b2b_lead', 'żółć']);
  assert.deepEqual(words('target 3.2% actual 45min age 30..50'), ['target', '3.2%', 'actual', '45min', 'age', '30', '50']);
  assert.deepEqual(conf.comments, { lineComment: '//', blockComment: ['/*', '*/'] });
  assert.deepEqual(conf.brackets, [['{', '}']]);
  assert.match('    stage s "S" {', new RegExp(conf.indentationRules.increaseIndentPattern));
  assert.doesNotMatch('    stage s "S" { }', new RegExp(conf.indentationRules.increaseIndentPattern));
  assert.doesNotMatch('    // {', new RegExp(conf.indentationRules.increaseIndentPattern));
  assert.match('    }', new RegExp(conf.indentationRules.decreaseIndentPattern));
});

/** A snippet body with every placeholder replaced by its default (first choice). */
export function expandSnippet(body) {
  const values = {};
  let text = body.join('\n');
  for (let guard = 0; guard < 10 && /\$\{\d+[:|]/.test(text); guard++) {
    text = text
      .replace(/\$\{(\d+)\|([^,|}]*)[^}]*\|\}/g, (_, n, v) => (values[n] = v))
      .replace(/\$\{(\d+):([^${}]*)\}/g, (_, n, v) => (values[n] = v));
  }
  return text.replace(/\$\{(\d+)\}|\$(\d+)/g, (_, a, b) => values[a ?? b] ?? '');
}

const snippets = JSON.parse(read('snippets/journey.code-snippets'));
const WRAP = {
  // Where each snippet is valid: the text around it.
  Journey: (s) => s,
  Persona: (s) => s,
  Channel: (s) => s,
  Team: (s) => s,
  Stage: (s) => `team team\njourney j {\n${s}\n}`,
  KPI: (s) => `journey j {\n${s}\n}`,
  Touchpoint: (s) => `journey j {\nstage s {\n${s}\n}\n}`,
  'Desired and completed action': (s) => `journey j {\nstage s {\n${s}\n}\n}`,
  Promise: (s) => `journey j {\nstage s {\n${s}\n}\n}`,
  'Pain point': (s) => `journey j {\nstage s {\ntouchpoint t {\n${s}\n}\n}\n}`,
};

test('the six required snippets exist', () => {
  for (const name of ['Journey', 'Stage', 'Touchpoint', 'Persona', 'Desired and completed action', 'KPI']) {
    assert.ok(snippets[name], `snippet ${name}`);
  }
});

for (const [name, snippet] of Object.entries(snippets)) {
  test(`snippet "${name}" expands to text without invalid tokens`, async () => {
    assert.ok(WRAP[name], `add snippet ${name} to WRAP`);
    const text = WRAP[name](expandSnippet(snippet.body));
    assert.doesNotMatch(text, /\$\{|\$\d/, 'unexpanded placeholder');
    const invalid = (await tokenize(text)).filter((t) => t.scopes.some((s) => s.startsWith('invalid.')));
    assert.deepEqual(invalid, []);
  });
}

// With a built `journey` (JOURNEY_BIN, else target/release or target/debug of the repository),
// the expanded snippets must also parse without syntax errors.
const repo = join(root, '..', '..');
const journeyBin = [process.env.JOURNEY_BIN, join(repo, 'target', 'release', 'journey'), join(repo, 'target', 'debug', 'journey')].find(
  (p) => p && existsSync(p),
);

test('snippets parse with `journey check` (when a journey binary is built)', { skip: !journeyBin && 'no journey binary built' }, async () => {
  const { mkdtempSync, writeFileSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const dir = mkdtempSync(join(tmpdir(), 'journey-snippets-'));
  try {
    for (const [name, snippet] of Object.entries(snippets)) {
      const file = join(dir, name.replace(/\W+/g, '_') + '.journey');
      writeFileSync(file, WRAP[name](expandSnippet(snippet.body)) + '\n');
    }
    let out;
    try {
      out = execFileSync(journeyBin, ['check', '--format', 'json', dir], { encoding: 'utf8' });
    } catch (e) {
      out = e.stdout; // exit 1: errors were found; they are inspected below
    }
    const report = JSON.parse(out);
    const syntax = report.diagnostics.filter((d) => d.code === 'syntax-error');
    assert.deepEqual(syntax, []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
