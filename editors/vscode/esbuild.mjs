// Bundles the extension into dist/extension.js (one CommonJS file; `vscode` is provided by the
// editor). `--production` minifies, `--watch` rebuilds on change, `--tests` also transpiles the
// vscode-free modules into out/ for the node unit tests.
import * as esbuild from 'esbuild';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const tests = process.argv.includes('--tests');

/** @type {import('esbuild').BuildOptions} */
const extension = {
  entryPoints: ['src/extension.ts'],
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  outfile: 'dist/extension.js',
  external: ['vscode'],
  minify: production,
  sourcemap: !production,
  sourcesContent: false,
  logLevel: 'warning',
};

/** @type {import('esbuild').BuildOptions} */
const unitUnderTest = {
  entryPoints: ['src/serverPath.ts', 'src/previewHtml.ts'],
  bundle: false,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  outdir: 'out',
  logLevel: 'warning',
};

if (tests) {
  await esbuild.build(unitUnderTest);
} else if (watch) {
  const ctx = await esbuild.context(extension);
  await ctx.watch();
} else {
  await esbuild.build(extension);
}
