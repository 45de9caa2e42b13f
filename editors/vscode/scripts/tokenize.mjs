#!/usr/bin/env node
// Prints the TextMate tokens of a .journey file (or of stdin): `node scripts/tokenize.mjs FILE`.
import { readFileSync } from 'node:fs';
import { tokenize } from '../test/support/textmate.mjs';

const text = readFileSync(process.argv[2] ?? 0, 'utf8');
let last = -1;
for (const t of await tokenize(text)) {
  if (t.line !== last) {
    console.log(`${String(t.line + 1).padStart(4)} | ${text.split(/\r?\n/)[t.line]}`);
    last = t.line;
  }
  if (t.text.trim() === '') continue;
  const scopes = t.scopes.slice(1).filter((s) => !s.startsWith('meta.'));
  console.log(`       ${JSON.stringify(t.text).padEnd(28)} ${scopes.join(' ')}`);
}
