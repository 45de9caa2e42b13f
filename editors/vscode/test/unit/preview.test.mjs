// The map preview's page: the strict Content-Security-Policy, the nonce on the map's styles, and
// the error banner over the last good map.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { test } from 'node:test';

const require = createRequire(import.meta.url);
// Built from src/previewHtml.ts by `node esbuild.mjs --tests` (run by `npm run test:unit`).
const { contentSecurityPolicy, securePage, withErrorBanner, makeNonce } = require('../../out/previewHtml.js');

const repo = join(import.meta.dirname, '../../../..');
const MAP = '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>m</title><style>a{}</style></head><body><h1>Map</h1></body></html>';

test('the policy allows no script, no network and only the nonce-marked styles', () => {
  const csp = contentSecurityPolicy('abc');
  assert.match(csp, /default-src 'none'/);
  assert.match(csp, /script-src 'none'/);
  assert.match(csp, /style-src 'nonce-abc'(;|$)/);
  assert.doesNotMatch(csp, /unsafe-inline|https?:/);
});

test('the page carries the policy first in its head and the nonce on its style', () => {
  const page = securePage(MAP, 'n0nce');
  assert.ok(page.indexOf('http-equiv="Content-Security-Policy"') < page.indexOf('<style'));
  assert.match(page, /<style nonce="n0nce">a\{\}<\/style>/);
  assert.doesNotMatch(page, /<style>/);
});

test('errors keep the last good map under a banner, replacing an older banner', () => {
  const good = securePage(MAP, 'n1');
  const once = withErrorBanner(good, 2, 'n2');
  assert.match(once, /The text has 2 errors; showing the last map without errors/);
  assert.match(once, /<h1>Map<\/h1>/);
  const twice = withErrorBanner(once, 1, 'n3');
  assert.equal(twice.match(/journey-preview-banner" role/g).length, 1);
  assert.match(twice, /The text has 1 error;/);
  const none = withErrorBanner(undefined, 3, 'n4');
  assert.match(none, /the map appears once they are fixed/);
  assert.match(none, /Content-Security-Policy/);
});

test('nonces are base64 of 16 bytes', () => {
  const nonce = makeNonce((n) => new Uint8Array(n).fill(7));
  assert.equal(Buffer.from(nonce, 'base64').length, 16);
});

// The real map, when a `journey` binary is at hand: no style attribute and no script, so the
// policy above shows it whole.
const bin = process.env.JOURNEY_BIN ?? join(repo, 'target/debug/journey');
test('the real map needs nothing the policy forbids', { skip: !existsSync(bin) && 'no journey binary' }, () => {
  const html = execFileSync(bin, ['render', join(repo, 'examples/hotel_stay.journey')], { encoding: 'utf8' });
  const page = securePage(html, 'x');
  assert.doesNotMatch(page, /\sstyle="/);
  assert.doesNotMatch(page, /<script/);
  assert.doesNotMatch(page, /<style>/);
  assert.doesNotMatch(page, /(src|href)="https?:/);
});
