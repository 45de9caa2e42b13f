// Finding the `journey` binary that serves `journey lsp`. Kept free of the `vscode` module so
// that it can be tested in plain node (test/unit/serverPath.test.mjs).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export type ServerSource = 'setting' | 'bundled' | 'path';

export interface ResolvedServer {
  command: string;
  source: ServerSource;
}

export type Resolution =
  | { ok: true; server: ResolvedServer }
  | { ok: false; reason: 'setting-not-found'; configured: string; resolved: string }
  | { ok: false; reason: 'not-found'; searched: string[] };

export interface ResolveOptions {
  /** The value of `journey.server.path` ('' when unset). */
  configured: string;
  /** The extension's own directory (holding `server/journey`). */
  extensionPath: string;
  /** The first workspace folder, used for `${workspaceFolder}` and relative paths. */
  workspaceFolder?: string;
  env?: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
}

export const INSTALL_HINT =
  'install it with `cargo install --path crates/journey-cli` from the journey repository (so that `journey` is on PATH), or set `journey.server.path` to the binary';

/** Expands `~`, `${workspaceFolder}` and `${env:NAME}`, and resolves relative paths. */
export function expandPath(value: string, workspaceFolder: string | undefined, env: NodeJS.ProcessEnv): string {
  let p = value.trim();
  p = p.replace(/\$\{env:([^}]+)\}/g, (_, name: string) => env[name] ?? '');
  if (workspaceFolder) p = p.replace(/\$\{workspaceFolder\}/g, workspaceFolder);
  if (p === '~' || p.startsWith('~/') || p.startsWith('~\\')) p = path.join(os.homedir(), p.slice(1));
  if (!path.isAbsolute(p) && workspaceFolder && (p.includes('/') || p.includes('\\'))) {
    p = path.resolve(workspaceFolder, p);
  }
  return p;
}

function isExecutableFile(file: string, platform: NodeJS.Platform): boolean {
  try {
    const st = fs.statSync(file);
    if (!st.isFile()) return false;
    if (platform === 'win32') return true;
    fs.accessSync(file, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Looks `name` up on PATH (with PATHEXT on Windows). */
export function findOnPath(name: string, env: NodeJS.ProcessEnv, platform: NodeJS.Platform): string | undefined {
  const pathVar = env.PATH ?? env.Path ?? '';
  const sep = platform === 'win32' ? ';' : ':';
  const exts = platform === 'win32' ? (env.PATHEXT ?? '.EXE;.CMD;.BAT').split(';').filter(Boolean) : [''];
  for (const dir of pathVar.split(sep)) {
    if (!dir) continue;
    for (const ext of exts) {
      const candidate = path.join(dir, name + ext);
      if (isExecutableFile(candidate, platform)) return candidate;
    }
  }
  return undefined;
}

/**
 * The server to start, in this order: the `journey.server.path` setting; the binary bundled in
 * the extension at `server/journey` (`server/journey.exe` on Windows); `journey` on PATH.
 * A setting that points nowhere is an error of its own (no silent fallback).
 */
export function resolveServer(opts: ResolveOptions): Resolution {
  const env = opts.env ?? process.env;
  const platform = opts.platform ?? process.platform;
  const exe = platform === 'win32' ? 'journey.exe' : 'journey';

  if (opts.configured.trim() !== '') {
    const resolved = expandPath(opts.configured, opts.workspaceFolder, env);
    if (isExecutableFile(resolved, platform)) return { ok: true, server: { command: resolved, source: 'setting' } };
    // A bare name such as `journey-nightly` is looked up on PATH.
    if (!resolved.includes('/') && !resolved.includes('\\')) {
      const found = findOnPath(resolved, env, platform);
      if (found) return { ok: true, server: { command: found, source: 'setting' } };
    }
    return { ok: false, reason: 'setting-not-found', configured: opts.configured, resolved };
  }

  const bundled = path.join(opts.extensionPath, 'server', exe);
  if (platform !== 'win32' && fs.existsSync(bundled) && !isExecutableFile(bundled, platform)) {
    // An unpacker that dropped the executable bit: restore it.
    try {
      fs.chmodSync(bundled, 0o755);
    } catch {}
  }
  if (isExecutableFile(bundled, platform)) return { ok: true, server: { command: bundled, source: 'bundled' } };

  const onPath = findOnPath('journey', env, platform);
  if (onPath) return { ok: true, server: { command: onPath, source: 'path' } };

  return { ok: false, reason: 'not-found', searched: [bundled, 'journey on PATH'] };
}

/** The message shown when no server can be started. */
export function describeFailure(r: Exclude<Resolution, { ok: true }>): string {
  if (r.reason === 'setting-not-found') {
    return `Journey: the language server set in \`journey.server.path\` ("${r.configured}") was not found or is not executable (looked for ${r.resolved}). Fix the setting, or clear it to use \`journey\` from PATH; to get the binary, ${INSTALL_HINT}.`;
  }
  return `Journey: cannot find the \`journey\` language server (not bundled with the extension and not on PATH). To get syntax checks, hovers and completion, ${INSTALL_HINT}.`;
}
