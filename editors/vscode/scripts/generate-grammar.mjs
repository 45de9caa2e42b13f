#!/usr/bin/env node
// Generates syntaxes/journey.tmLanguage.json, the TextMate grammar of the journey language
// (LANGUAGE.md §3–§4). The grammar is repetitive (one context per kind of block, the same
// identifier and keyword-boundary regexes everywhere), so it is written here once and
// generated; `npm test` checks that the committed JSON is up to date.
//
//   node scripts/generate-grammar.mjs          write the grammar
//   node scripts/generate-grammar.mjs --check  exit 1 when the committed file differs
//
// Keywords are contextual: each kind of block (persona, channel, journey, stage, touchpoint,
// pain, desired, kpi) is its own begin/end context that knows only its own statements, and a
// statement's argument is consumed together with its keyword, so `stage goal`, `owner next` or
// `channel event` scope the argument as an identifier, not as a keyword.

import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const OUT = join(dirname(fileURLToPath(import.meta.url)), '..', 'syntaxes', 'journey.tmLanguage.json');

// --- regex building blocks -------------------------------------------------------------------
// Identifiers: a Unicode XID_Start character or `_`, then XID_Continue characters or `-`.
const ID = '[\\p{XID_Start}_][\\p{XID_Continue}\\-]*';
// Keyword boundaries: not preceded or followed by an identifier character.
const B = '(?<![\\p{XID_Continue}\\-])';
const A = '(?![\\p{XID_Continue}\\-])';
const kw = (k) => `${B}(${k})${A}`;
const oneOf = (words) => `(?:${words.join('|')})`;
// A comma-separated list of identifiers (one line), possibly with a dangling comma while typing.
const LIST = `${ID}(?:\\s*,\\s*${ID})*(?:\\s*,)?`;
const NUM = '-?[0-9]+(?:\\.[0-9]+)?';
const INT = '-?[0-9]+';

// Enumerated values (§4).
const ENUMS = {
  segment: ['b2b', 'b2c'],
  approach: ['functional', 'business', 'engagement', 'action', 'goal'],
  phase: ['pre_purchase', 'usage'],
  severity: ['low', 'medium', 'high'],
  direction: ['higher', 'lower'],
};

// --- rule constructors ---------------------------------------------------------------------
/** A keyword that takes no identifier (its argument is a string, number or range). */
function plain(word, scope = `keyword.other.${word}.journey`) {
  return { match: kw(word), captures: { 1: { name: scope } } };
}

/** `word ENUM`: the value is a constant when it is one of the allowed values. */
function enumStmt(word) {
  return {
    match: `${kw(word)}(?:\\s+(?:${B}(${oneOf(ENUMS[word])})${A}|(${ID})))?`,
    captures: {
      1: { name: `keyword.other.${word}.journey` },
      2: { name: `constant.language.${word}.journey` },
      3: { name: `invalid.illegal.unknown-${word}.journey` },
    },
  };
}

/** `word IDENT` where IDENT refers to something defined elsewhere. */
function refStmt(word, kind) {
  return {
    match: `${kw(word)}(?:\\s+(${ID}))?`,
    captures: {
      1: { name: `keyword.other.${word}.journey` },
      2: { name: `variable.other.${kind}.journey` },
    },
  };
}

/** `word LIST(IDENT)` of references. */
function refListStmt(word, kind) {
  return {
    match: `${kw(word)}(?:\\s+(${LIST}))?`,
    captures: {
      1: { name: `keyword.other.${word}.journey` },
      2: {
        patterns: [
          { match: ID, name: `variable.other.${kind}.journey` },
          { match: ',', name: 'punctuation.separator.comma.journey' },
        ],
      },
    },
  };
}

/**
 * A definition `word IDENT STRING? { block }`: a header context that holds the label and the
 * block and ends after the block's `}` or, when the block is optional or missing, before the
 * next token that cannot belong to the header.
 */
function definition(word, nameScope, block, { defScope = `storage.type.${word}.journey` } = {}) {
  const rule = {
    name: `meta.definition.${word}.journey`,
    begin: `${kw(word)}(?:\\s+(${ID}))?`,
    beginCaptures: { 1: { name: defScope }, 2: { name: nameScope } },
    end: '(?<=\\})|(?=[^\\s{"/])',
    patterns: [{ include: '#comments' }, { include: '#string' }],
  };
  if (block) rule.patterns.push(blockOf(block));
  return rule;
}

/** `{ … }` whose contents are the statements of one kind of block. */
function blockOf(name) {
  return {
    name: `meta.block.${name}.journey`,
    begin: '\\{',
    beginCaptures: { 0: { name: 'punctuation.section.block.begin.journey' } },
    end: '\\}',
    endCaptures: { 0: { name: 'punctuation.section.block.end.journey' } },
    patterns: [{ include: `#${name}-statements` }, { include: '#fallback' }],
  };
}

// --- the grammar ---------------------------------------------------------------------------
const repository = {
  comments: {
    patterns: [
      {
        name: 'comment.line.documentation.journey',
        match: '^\\s*((///)(?!/).*$)',
        captures: { 2: { name: 'punctuation.definition.comment.journey' } },
      },
      {
        name: 'comment.line.double-slash.journey',
        match: '(//).*$',
        captures: { 1: { name: 'punctuation.definition.comment.journey' } },
      },
      {
        name: 'comment.block.journey',
        begin: '/\\*',
        beginCaptures: { 0: { name: 'punctuation.definition.comment.begin.journey' } },
        end: '\\*/',
        endCaptures: { 0: { name: 'punctuation.definition.comment.end.journey' } },
      },
    ],
  },
  string: {
    name: 'string.quoted.double.journey',
    begin: '"',
    beginCaptures: { 0: { name: 'punctuation.definition.string.begin.journey' } },
    // A raw line break ends (and breaks) a string: do not swallow the following lines.
    end: '(")|$',
    endCaptures: { 1: { name: 'punctuation.definition.string.end.journey' } },
    patterns: [
      { name: 'constant.character.escape.journey', match: '\\\\(?:[\\\\"nt]|u\\{[0-9A-Fa-f]{1,6}\\})' },
      { name: 'invalid.illegal.escape.journey', match: '\\\\(?:u\\{[^}"]*\\}?|.)?' },
    ],
  },
  values: {
    patterns: [
      {
        name: 'meta.range.journey',
        match: `${B}(${INT})(\\.\\.)(${INT})${A}`,
        captures: {
          1: { name: 'constant.numeric.integer.journey' },
          2: { name: 'keyword.operator.range.journey' },
          3: { name: 'constant.numeric.integer.journey' },
        },
      },
      {
        name: 'constant.numeric.money.journey',
        match: `${B}(${NUM})\\s+([A-Z]{3})${A}`,
        captures: { 2: { name: 'keyword.other.unit.currency.journey' } },
      },
      {
        name: 'constant.numeric.percent.journey',
        match: `${B}(${NUM})(%)`,
        captures: { 2: { name: 'keyword.other.unit.percent.journey' } },
      },
      {
        name: 'constant.numeric.duration.journey',
        match: `${B}(${NUM})(min|s|h|d|w)${A}`,
        captures: { 2: { name: 'keyword.other.unit.duration.journey' } },
      },
      { name: 'constant.numeric.decimal.journey', match: `${B}-?[0-9]+\\.[0-9]+${A}` },
      { name: 'constant.numeric.integer.journey', match: `${B}${INT}${A}` },
    ],
  },
  fallback: {
    patterns: [
      { include: '#comments' },
      { include: '#string' },
      { include: '#values' },
      { match: ',', name: 'punctuation.separator.comma.journey' },
      {
        // An unknown block (broken text) still balances its braces.
        begin: '\\{',
        beginCaptures: { 0: { name: 'punctuation.section.block.begin.journey' } },
        end: '\\}',
        endCaptures: { 0: { name: 'punctuation.section.block.end.journey' } },
        patterns: [{ include: '#fallback' }],
      },
      // Any other identifier: consumed whole, so no keyword matches inside `check-in` etc.
      { match: ID },
    ],
  },

  // Top level: import, team, persona, channel, journey.
  'top-level-statements': {
    patterns: [
      { include: '#comments' },
      {
        match: `${kw('import')}`,
        captures: { 1: { name: 'keyword.control.import.journey' } },
      },
      definition('team', 'entity.name.type.team.journey', null),
      definition('persona', 'entity.name.type.persona.journey', 'persona'),
      definition('channel', 'entity.name.type.channel.journey', 'channel'),
      definition('journey', 'entity.name.function.journey.journey', 'journey'),
    ],
  },

  'persona-statements': {
    patterns: [
      enumStmt('segment'),
      plain('age'),
      plain('region'),
      plain('interests'),
      refListStmt('data', 'data'),
      plain('needs'),
      plain('description'),
    ],
  },

  'channel-statements': {
    patterns: [refListStmt('requires', 'data'), plain('description')],
  },

  'journey-statements': {
    patterns: [
      plain('goal'),
      enumStmt('approach'),
      refListStmt('for', 'persona'),
      plain('scale'),
      refStmt('owner', 'team'),
      plain('description'),
      { include: '#kpi' },
      definition('stage', 'entity.name.function.stage.journey', 'stage'),
    ],
  },

  'stage-statements': {
    patterns: [
      enumStmt('phase'),
      refStmt('owner', 'team'),
      plain('expects'),
      plain('description'),
      { include: '#kpi' },
      definition('touchpoint', 'entity.name.function.touchpoint.journey', 'touchpoint'),
      { include: '#action-statements' },
    ],
  },

  'touchpoint-statements': {
    patterns: [
      refStmt('channel', 'channel'),
      refListStmt('for', 'persona'),
      refStmt('owner', 'team'),
      plain('emotion'),
      plain('effort'),
      {
        // `pain STRING ({ severity … opportunity … })?`
        name: 'meta.definition.pain.journey',
        begin: kw('pain'),
        beginCaptures: { 1: { name: 'keyword.other.pain.journey' } },
        end: '(?<=\\})|(?=[^\\s{"/])',
        patterns: [{ include: '#comments' }, { include: '#string' }, blockOf('pain')],
      },
      plain('moment_of_truth'),
      plain('opportunity'),
      refListStmt('next', 'touchpoint'),
      // Language 1.1: the customer's lanes, the service behind, evidence.
      plain('does'),
      plain('thinks'),
      plain('says'),
      plain('backstage'),
      refStmt('by', 'team'),
      plain('system'),
      plain('source'),
      plain('as_of'),
      plain('description'),
      { include: '#kpi' },
      { include: '#action-statements' },
    ],
  },

  // Statements shared by stages and touchpoints: desired, completed, promise, keeps.
  'action-statements': {
    patterns: [
      definition('desired', 'entity.name.function.desired.journey', 'desired'),
      {
        match: `${kw('completed')}(?:\\s+(${ID}))?(?:\\s+(${INT})\\s+${B}(of)${A})?`,
        captures: {
          1: { name: 'keyword.other.completed.journey' },
          2: { name: 'variable.other.desired.journey' },
          3: { name: 'constant.numeric.integer.journey' },
          4: { name: 'keyword.other.of.journey' },
        },
      },
      {
        match: `${kw('promise')}(?:\\s+(${ID}))?`,
        captures: {
          1: { name: 'storage.type.promise.journey' },
          2: { name: 'entity.name.variable.promise.journey' },
        },
      },
      refStmt('keeps', 'promise'),
      // `completed … as_of DATE`
      plain('as_of'),
    ],
  },

  'pain-statements': {
    patterns: [enumStmt('severity'), plain('opportunity')],
  },

  'desired-statements': {
    patterns: [plain('target'), plain('event'), plain('description')],
  },

  kpi: definition('kpi', 'entity.name.variable.kpi.journey', 'kpi'),
  'kpi-statements': {
    patterns: [
      plain('target'),
      plain('actual'),
      enumStmt('direction'),
      plain('source'),
      plain('as_of'),
      plain('description'),
    ],
  },
};

const grammar = {
  $schema: 'https://raw.githubusercontent.com/martinring/tmlanguage/master/tmlanguage.json',
  name: 'Journey',
  scopeName: 'source.journey',
  fileTypes: ['journey'],
  comment: 'Generated by scripts/generate-grammar.mjs — edit that file, then run `npm run grammar`.',
  patterns: [{ include: '#top-level-statements' }, { include: '#fallback' }],
  repository,
};

export const text = JSON.stringify(grammar, null, 2) + '\n';

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (process.argv.includes('--check')) {
    let current = '';
    try {
      current = readFileSync(OUT, 'utf8');
    } catch {}
    if (current !== text) {
      console.error(`${OUT} is out of date: run \`npm run grammar\``);
      process.exit(1);
    }
  } else {
    writeFileSync(OUT, text);
    console.log(`wrote ${OUT}`);
  }
}
