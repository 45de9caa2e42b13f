// The order in which the extension looks for `journey lsp`: setting, bundled, PATH.
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';

const require = createRequire(import.meta.url);
// Built from src/serverPath.ts by `node esbuild.mjs --tests` (run by `npm run test:unit`).
const { resolveServer, describeFailure, expandPath, findOnPath } = require('../../out/serverPath.js');

const root = mkdtempSync(join(tmpdir(), 'journey-serverpath-'));
after(() => rmSync(root, { recursive: true, force: true }));

function executable(path) {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, '#!/bin/sh\nexit 0\n');
  chmodSync(path, 0o755);
  return path;
}

const ext = join(root, 'ext');
const extNoServer = join(root, 'ext-empty');
mkdirSync(extNoServer, { recursive: true });
const bundled = executable(join(ext, 'server', 'journey'));
const binDir = join(root, 'bin');
const onPath = executable(join(binDir, 'journey'));
const custom = executable(join(root, 'custom', 'my-journey'));
const env = { PATH: `/nonexistent:${binDir}` };
const noPathEnv = { PATH: '/nonexistent' };

test('the setting wins over the bundled binary and PATH', () => {
  const r = resolveServer({ configured: custom, extensionPath: ext, env, platform: 'linux' });
  assert.deepEqual(r, { ok: true, server: { command: custom, source: 'setting' } });
});

test('the bundled binary wins over PATH', () => {
  const r = resolveServer({ configured: '', extensionPath: ext, env, platform: 'linux' });
  assert.deepEqual(r, { ok: true, server: { command: bundled, source: 'bundled' } });
});

test('PATH is the last resort', () => {
  const r = resolveServer({ configured: '  ', extensionPath: extNoServer, env, platform: 'linux' });
  assert.deepEqual(r, { ok: true, server: { command: onPath, source: 'path' } });
});

test('nothing found: the message names the setting and how to install', () => {
  const r = resolveServer({ configured: '', extensionPath: extNoServer, env: noPathEnv, platform: 'linux' });
  assert.equal(r.ok, false);
  assert.equal(r.reason, 'not-found');
  const msg = describeFailure(r);
  assert.match(msg, /journey\.server\.path/);
  assert.match(msg, /cargo install --path crates\/journey-cli/);
});

test('a setting that points nowhere is reported, not silently replaced', () => {
  const r = resolveServer({ configured: join(root, 'missing'), extensionPath: ext, env, platform: 'linux' });
  assert.equal(r.ok, false);
  assert.equal(r.reason, 'setting-not-found');
  assert.match(describeFailure(r), /journey\.server\.path.*missing/);
});

test('a non-executable file is not a server', () => {
  const plain = join(root, 'plain', 'journey');
  mkdirSync(join(plain, '..'), { recursive: true });
  writeFileSync(plain, 'not a program');
  chmodSync(plain, 0o644);
  const r = resolveServer({ configured: plain, extensionPath: ext, env, platform: 'linux' });
  assert.equal(r.ok, false);
});

test('the setting may be a bare name found on PATH', () => {
  const r = resolveServer({ configured: 'journey', extensionPath: extNoServer, env, platform: 'linux' });
  assert.deepEqual(r, { ok: true, server: { command: onPath, source: 'setting' } });
});

test('relative settings, ~, ${workspaceFolder} and ${env:…} are expanded', () => {
  assert.equal(expandPath('target/debug/journey', '/ws', {}), '/ws/target/debug/journey');
  assert.equal(expandPath('${workspaceFolder}/bin/journey', '/ws', {}), '/ws/bin/journey');
  assert.equal(expandPath('~/bin/journey', undefined, {}), join(homedir(), 'bin/journey'));
  assert.equal(expandPath('${env:JHOME}/journey', undefined, { JHOME: '/opt/j' }), '/opt/j/journey');
  const r = resolveServer({ configured: 'custom/my-journey', extensionPath: ext, workspaceFolder: root, env, platform: 'linux' });
  assert.deepEqual(r, { ok: true, server: { command: custom, source: 'setting' } });
});

test('Windows: server/journey.exe is the bundled name and PATHEXT is used', () => {
  const winExt = join(root, 'winext');
  const exe = executable(join(winExt, 'server', 'journey.exe'));
  const r = resolveServer({ configured: '', extensionPath: winExt, env: noPathEnv, platform: 'win32' });
  assert.deepEqual(r, { ok: true, server: { command: exe, source: 'bundled' } });
  const winBin = join(root, 'winbin');
  const onWinPath = executable(join(winBin, 'journey.EXE'));
  assert.equal(findOnPath('journey', { PATH: winBin, PATHEXT: '.COM;.EXE' }, 'win32'), onWinPath);
});

test('a bundled binary that lost its executable bit is repaired', () => {
  const ext2 = join(root, 'ext-noexec');
  const bin = join(ext2, 'server', 'journey');
  mkdirSync(join(bin, '..'), { recursive: true });
  writeFileSync(bin, '#!/bin/sh\nexit 0\n');
  chmodSync(bin, 0o644);
  const r = resolveServer({ configured: '', extensionPath: ext2, env: noPathEnv, platform: 'linux' });
  assert.deepEqual(r, { ok: true, server: { command: bin, source: 'bundled' } });
});
